import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {SEED} from './cli'

const SEED_TITLE = '浙江富阳生态环境部门考核首次跨入优秀'

/** `count` distinct reports in the seed's shape (each its own title, so its own article). */
export async function writeSeedVariants(dir: string, count: number, from = 0): Promise<string[]> {
  const seed = await readFile(SEED, 'utf8')
  const files: string[] = []
  for (let i = from; i < from + count; i++) {
    const file = path.join(dir, `report-${String(i).padStart(4, '0')}.txt`)
    await writeFile(file, seed.replaceAll(SEED_TITLE, `${SEED_TITLE}（第${i + 1}期）`))
    files.push(file)
  }
  return files
}
