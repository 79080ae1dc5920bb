import {open as openFile} from 'node:fs/promises'
import path from 'node:path'
import {buildReport, withSlug, type ImportedReport} from '../../migrations/report/build'
import {decodeReport} from '../../migrations/report/decode'
import {inShard} from './files'
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
  now?: () => Date
  onFile?: (report: FileReport, done: number, total: number) => void | Promise<void>
}

export interface RunResult {
  reports: FileReport[]
  totals: Record<FileStatus, number>
  documents: number
  metrics: number
}

/**
 * Imports files one at a time (memory stays flat as the batch grows), so
 * one bad file is reported and the rest go on.
 */
export async function runImport(options: RunOptions): Promise<RunResult> {
  const files = options.shard ? options.files.filter((f) => inShard(f, options.shard!)) : options.files
  const now = options.now ?? (() => new Date())
  const reports: FileReport[] = []
  const totals: Record<FileStatus, number> = {imported: 0, unchanged: 0, conflict: 0, skipped: 0, error: 0, ok: 0}
  const seenArticles = new Map<string, string>()
  const slugOwners = new Map<string, string>()
  let documents = 0
  let metrics = 0
  let failed = false

  await options.target?.open()
  try {
    for (const [index, file] of files.entries()) {
      let report: FileReport
      if (options.skip?.has(file)) {
        report = {file, status: 'skipped', reason: 'already imported by the interrupted run being resumed'}
      } else {
        report = await importOne(file)
      }
      reports.push(report)
      totals[report.status]++
      await options.onFile?.(report, index + 1, files.length)
    }
  } catch (error) {
    failed = true
    throw error
  } finally {
    await options.target?.close(!failed)
  }
  return {reports, totals, documents, metrics}

  async function importOne(file: string): Promise<FileReport> {
    const loaded = await readReportFile(file, options.maxBytes)
    if (!loaded.ok) return {file, status: 'error', reason: loaded.reason}
    const built = buildReport({fileName: path.basename(file), text: loaded.text, importedAt: now().toISOString()})
    if (!built.ok) return {file, status: 'error', reason: built.reason}
    let imported: ImportedReport = built.report
    const {article} = imported
    const duplicateOf = seenArticles.get(article._id)
    if (duplicateOf) {
      return {file, status: 'skipped', reason: `duplicate of ${duplicateOf}`, title: article.title, articleId: article._id}
    }
    seenArticles.set(article._id, file)
    // Two different reports with one title share a slug; keep slugs unique and stable.
    const slugOwner = slugOwners.get(article.slug.current)
    if (slugOwner && slugOwner !== article._id) imported = withSlug(imported, `${article.slug.current}-${article._id.slice(-6)}`)
    slugOwners.set(imported.article.slug.current, article._id)

    const summary = {
      file,
      title: imported.article.title,
      articleId: imported.article._id,
      ...(imported.warnings.length ? {warnings: imported.warnings} : {}),
    }
    const counts = {...imported.counts, documents: 1 + imported.agencies.length}
    if (!options.target) return {...summary, status: 'ok', counts}
    try {
      const outcome = await options.target.write(imported)
      if (outcome.status !== 'conflict') {
        documents += outcome.written
        metrics += imported.counts.metrics
      }
      return {...summary, status: outcome.status, ...(outcome.reason ? {reason: outcome.reason} : {}), counts}
    } catch (error) {
      return {...summary, status: 'error', reason: errorMessage(error)}
    }
  }
}

type Loaded = {ok: true; text: string} | {ok: false; reason: string}

/** Reads at most `maxBytes + 1` bytes, so an oversized file is refused without loading it whole. */
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

export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0] ?? message
}
