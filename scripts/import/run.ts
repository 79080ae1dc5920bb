import {open as openFile} from 'node:fs/promises'
import path from 'node:path'
import {buildReport, type ImportedReport} from '../../migrations/report/build'
import {decodeReport} from '../../migrations/report/decode'
import {inShard} from './files'
import {SlugRegistry} from './slugs'
import type {ImportTarget} from './target'

export type FileStatus = 'imported' | 'unchanged' | 'conflict' | 'skipped' | 'error' | 'ok'

export interface FileReport {
  file: string
  status: FileStatus
  reason?: string
  title?: string
  articleId?: string
  counts?: {blocks: number; metrics: number; agencies: number; documents: number}
  warnings?: string[]
}

export interface RunOptions {
  files: string[]
  /** Undefined for a dry run: parse and build, write nothing. */
  target?: ImportTarget
  maxBytes: number
  shard?: {index: number; count: number}
  /** Files already done in an earlier, interrupted run. */
  skip?: ReadonlySet<string>
  /** Writes in flight at once, so a remote target can group them into transactions. */
  window?: number
  now?: () => Date
  onFile?: (report: FileReport, done: number, total: number) => void | Promise<void>
}

export interface RunResult {
  reports: FileReport[]
  totals: Record<FileStatus, number>
  documents: number
  metrics: number
}

type Prepared = {done: FileReport} | {imported: ImportedReport; summary: Omit<FileReport, 'status'>}

/**
 * Imports files in a stable order. Reading and building are sequential, so
 * duplicate detection and slug suffixes are deterministic; only writes
 * overlap. Memory stays flat: nothing is kept per file but its small report,
 * and one bad file is reported while the rest go on.
 */
export async function runImport(options: RunOptions): Promise<RunResult> {
  const files = options.shard ? options.files.filter((f) => inShard(f, options.shard!)) : options.files
  const now = options.now ?? (() => new Date())
  const window = Math.max(1, options.window ?? 64)
  const result: RunResult = {
    reports: [],
    totals: {imported: 0, unchanged: 0, conflict: 0, skipped: 0, error: 0, ok: 0},
    documents: 0,
    metrics: 0,
  }
  const seenArticles = new Map<string, string>()
  const slugs = new SlugRegistry()
  const inFlight: Array<Promise<FileReport>> = []

  const record = async (report: FileReport) => {
    result.reports.push(report)
    result.totals[report.status]++
    await options.onFile?.(report, result.reports.length, files.length)
  }

  let ok = false
  await options.target?.open()
  try {
    for (const file of files) {
      const prepared = options.skip?.has(file)
        ? {done: {file, status: 'skipped' as const, reason: 'already imported by the run being resumed'}}
        : await prepare(file)
      inFlight.push('done' in prepared ? Promise.resolve(prepared.done) : write(prepared.imported, prepared.summary))
      if (inFlight.length >= window) await record(await inFlight.shift()!)
    }
    while (inFlight.length) await record(await inFlight.shift()!)
    ok = true
  } finally {
    await options.target?.close(ok)
  }
  return result

  async function prepare(file: string): Promise<Prepared> {
    const loaded = await readReportFile(file, options.maxBytes)
    if (!loaded.ok) return {done: {file, status: 'error', reason: loaded.reason}}
    const built = buildReport({fileName: path.basename(file), text: loaded.text, importedAt: now().toISOString()})
    if (!built.ok) return {done: {file, status: 'error', reason: built.reason}}
    const {article} = built.report
    const duplicateOf = seenArticles.get(article._id)
    if (duplicateOf) {
      return {done: {file, status: 'skipped', reason: `duplicate of ${duplicateOf}`, title: article.title, articleId: article._id}}
    }
    seenArticles.set(article._id, file)
    const imported = slugs.claim(built.report)
    return {
      imported,
      summary: {
        file,
        title: imported.article.title,
        articleId: imported.article._id,
        counts: {...imported.counts, documents: 1 + imported.agencies.length},
        ...(imported.warnings.length ? {warnings: imported.warnings} : {}),
      },
    }
  }

  async function write(imported: ImportedReport, summary: Omit<FileReport, 'status'>): Promise<FileReport> {
    if (!options.target) return {...summary, status: 'ok'}
    try {
      const outcome = await options.target.write(imported)
      if (outcome.status !== 'conflict') {
        result.documents += outcome.written
        result.metrics += imported.counts.metrics
      }
      return {...summary, status: outcome.status, ...(outcome.reason ? {reason: outcome.reason} : {})}
    } catch (error) {
      return {...summary, status: 'error', reason: errorMessage(error)}
    }
  }
}

type Loaded = {ok: true; text: string} | {ok: false; reason: string}

/** Refuses an oversized file from its size, without reading it. */
export async function readReportFile(file: string, maxBytes: number): Promise<Loaded> {
  let handle
  try {
    handle = await openFile(file, 'r')
    const {size} = await handle.stat()
    if (size > maxBytes) return {ok: false, reason: `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit`}
    const buffer = Buffer.alloc(size)
    const {bytesRead} = await handle.read(buffer, 0, size, 0)
    const decoded = decodeReport(buffer.subarray(0, bytesRead), {maxBytes})
    return decoded.ok ? {ok: true, text: decoded.text} : {ok: false, reason: decoded.reason}
  } catch (error) {
    return {ok: false, reason: errorMessage(error)}
  } finally {
    await handle?.close()
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** First line only: errors are reported one per line, and never carry request headers. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0] ?? message
}
