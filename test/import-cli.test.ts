import {readdirSync} from 'node:fs'
import {mkdtemp, readFile, writeFile, mkdir, copyFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {validateNdjson} from '../scripts/validate'
import {EXAMPLES, SEED, runScript} from './helpers/cli'

const importCli = (args: string[], env?: NodeJS.ProcessEnv) => runScript('scripts/import.ts', args, env)

async function tempDir(prefix: string) {
  return mkdtemp(path.join(tmpdir(), prefix))
}

async function readDataset(file: string): Promise<Array<Record<string, unknown> & {_id: string; _type: string}>> {
  const text = await readFile(file, 'utf8')
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown> & {_id: string; _type: string})
}

interface JsonReport {
  dryRun: boolean
  totals: Record<string, number>
  files: Array<{file: string; status: string; reason?: string; title?: string; counts?: Record<string, number>; warnings?: string[]}>
}

describe('import command line', () => {
  it('--help explains every option', async () => {
    const {code, stdout} = await importCli(['--help'])
    expect(code).toBe(0)
    for (const flag of ['--out', '--dir', '--dataset', '--project', '--api-host', '--dry-run', '--json', '--force', '--drafts', '--resume', '--shard', '--max-size', '--jobs', '--quiet']) {
      expect(stdout).toContain(flag)
    }
  })

  it('writes NDJSON that the real `sanity documents validate` accepts with 0 errors and 0 warnings, printing nothing on stdout', async () => {
    const dir = await tempDir('import-out-')
    const out = path.join(dir, 'reports.ndjson')
    const {code, stdout, stderr} = await importCli(['--out', out, EXAMPLES, SEED])
    expect(stderr).toContain('imported')
    expect(code).toBe(0)
    expect(stdout).toBe('')
    const docs = await readDataset(out)
    const articles = docs.filter((d) => d._type === 'article')
    // Every sample and the seed.
    expect(articles).toHaveLength((readdirSync(EXAMPLES, {recursive: true}) as string[]).filter((f) => f.endsWith('.txt')).length + 1)
    // Agencies shared between reports appear once.
    const ids = docs.map((d) => d._id)
    expect(new Set(ids).size).toBe(ids.length)
    const summary = await validateNdjson(out)
    expect(summary.documents.flatMap((d) => d.markers.map((m) => `${d.documentId}: ${m.message}`))).toEqual([])
    expect([summary.errors, summary.warnings]).toEqual([0, 0])
  }, 120_000)

  it('--dry-run --json reports each file and writes nothing', async () => {
    const dir = await tempDir('import-dry-')
    const {code, stdout} = await importCli(['--dry-run', '--json', '--dir', dir, SEED])
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as JsonReport
    expect(report.dryRun).toBe(true)
    expect(report.files).toEqual([
      expect.objectContaining({
        status: 'ok',
        title: '浙江富阳生态环境部门考核首次跨入优秀',
        counts: {blocks: 15, metrics: 19, agencies: 2, documents: 3},
      }),
    ])
    await expect(readFile(path.join(dir, 'production.ndjson'))).rejects.toThrow(/ENOENT/)
  })

  it('finds .txt files in folders recursively and decodes a GBK report', async () => {
    const {stdout} = await importCli(['--dry-run', '--json', EXAMPLES])
    const report = JSON.parse(stdout) as JsonReport
    expect(report.files.map((f) => path.relative(EXAMPLES, f.file)).sort()).toEqual([
      'boilerplate/deqing-emergency.txt',
      'committee/chunan-peace-building.txt',
      'feature/anji-rural-revival.txt',
      'gbk/wucheng-agriculture.txt',
      'plain/kecheng-tax-2023.txt',
      'policy/linping-digital-economy-qa.txt',
      'seed-shape/shangyu-market-supervision.txt',
      'signed/tonglu-court-open-day.txt',
      'statistics/yuhang-first-half-economy.txt',
      'traditional/kaohsiung-air-quality.txt',
      'wrapped/anji-employment.txt',
    ])
    const gbk = report.files.find((f) => f.file.includes('gbk'))
    expect(gbk?.status).toBe('ok')
    expect(gbk?.title).toMatch(/^婺城区农业农村局/)
  })
})

describe('bad input', () => {
  it('gives a one-line reason naming the file, and imports the good files anyway', async () => {
    const dir = await tempDir('import-bad-')
    const inputs = path.join(dir, 'in')
    await mkdir(inputs)
    await copyFile(SEED, path.join(inputs, 'a-good.txt'))
    await writeFile(path.join(inputs, 'binary.txt'), Buffer.from([0x41, 0x00, 0x42, 0x00, 0x00, 0x01]))
    await writeFile(path.join(inputs, 'image.txt'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))
    await writeFile(path.join(inputs, 'empty.txt'), '')
    await writeFile(path.join(inputs, 'blank.txt'), ' \n\u3000\r\n\t')
    await writeFile(path.join(inputs, 'big.txt'), `标题\n${'正文内容。'.repeat(40_000)}`)
    await writeFile(path.join(inputs, 'notitle.txt'), '当前位置：首页 > 新闻\n来源：某某局\n浏览次数：123\n')
    await writeFile(path.join(inputs, 'z-duplicate.txt'), await readFile(SEED))
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(await readFile(path.join(EXAMPLES, 'plain/kecheng-tax-2023.txt'), 'utf8'), 'utf16le')])
    await writeFile(path.join(inputs, 'utf16.txt'), utf16)
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), await readFile(path.join(EXAMPLES, 'boilerplate/deqing-emergency.txt'))])
    await writeFile(path.join(inputs, 'bom.txt'), bom)

    const {code, stdout, stderr} = await importCli(['--json', '--dir', dir, '--max-size', '100KB', inputs, path.join(dir, 'missing.txt')])
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as JsonReport
    const byName = Object.fromEntries(report.files.map((f) => [path.basename(f.file), f]))
    expect(byName['a-good.txt']?.status).toBe('imported')
    expect(byName['utf16.txt']?.status).toBe('imported')
    expect(byName['bom.txt']?.status).toBe('imported')
    expect(byName['bom.txt']?.title).toBe('德清县应急管理局扎实开展安全生产隐患大排查')
    expect(byName['z-duplicate.txt']).toMatchObject({status: 'skipped', reason: expect.stringMatching(/^duplicate of .*a-good\.txt$/)})
    expect(byName['binary.txt']).toMatchObject({status: 'error', reason: expect.stringMatching(/binary/)})
    expect(byName['image.txt']).toMatchObject({status: 'error', reason: expect.stringMatching(/binary|image|PNG/i)})
    expect(byName['empty.txt']).toMatchObject({status: 'error', reason: expect.stringMatching(/empty/)})
    expect(byName['blank.txt']).toMatchObject({status: 'error', reason: expect.stringMatching(/empty|whitespace/)})
    expect(byName['big.txt']).toMatchObject({status: 'error', reason: expect.stringMatching(/over the 100\.0 KB limit/)})
    expect(byName['notitle.txt']).toMatchObject({status: 'error', reason: expect.stringMatching(/title/)})
    expect(byName['missing.txt']).toMatchObject({status: 'error', reason: 'no such file or folder'})

    // Each failure is one stderr line that names its file.
    for (const name of ['binary.txt', 'image.txt', 'empty.txt', 'blank.txt', 'big.txt', 'notitle.txt', 'missing.txt']) {
      const lines = stderr.split('\n').filter((line) => line.includes(name))
      expect(lines, name).toHaveLength(1)
      expect(lines[0]).toMatch(/^error: /)
    }
    const articles = (await readDataset(path.join(dir, 'production.ndjson'))).filter((d) => d._type === 'article')
    expect(articles).toHaveLength(3)
  })
})
