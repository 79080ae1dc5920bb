import {readdir, stat} from 'node:fs/promises'
import path from 'node:path'

/**
 * Every `.txt` report under the given paths, in a stable order so runs,
 * shards and resumes see the same sequence. A path that does not exist is
 * reported, not thrown, so one typo never aborts a batch.
 */
export async function findReportFiles(paths: string[]): Promise<{files: string[]; missing: string[]}> {
  const files = new Set<string>()
  const missing: string[] = []
  for (const input of paths) {
    const info = await stat(input).catch(() => undefined)
    if (!info) missing.push(input)
    else if (info.isDirectory()) for (const file of await walk(input)) files.add(file)
    else files.add(path.normalize(input))
  }
  return {files: [...files].sort(compareCodePoints), missing}
}

async function walk(dir: string): Promise<string[]> {
  const found: string[] = []
  const entries = await readdir(dir, {withFileTypes: true})
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await walk(full)))
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.txt')) found.push(full)
  }
  return found
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** `--shard i/n`: files whose stable hash lands in bucket i (1-based) of n. */
export function parseShard(value: string): {index: number; count: number} {
  const match = /^(\d+)\/(\d+)$/.exec(value)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard must look like i/n with 1 ≤ i ≤ n, got "${value}"`)
  }
  return {index, count}
}

export function inShard(file: string, shard: {index: number; count: number}): boolean {
  // FNV-1a over the path: stable across machines and Node versions.
  let hash = 0x811c9dc5
  for (let i = 0; i < file.length; i++) {
    hash ^= file.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % shard.count === shard.index - 1
}
