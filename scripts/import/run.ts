import type {BuildResult, ImportedReport} from '../../migrations/report/build'
import {errorMessage} from './build-file'
import {LOOKAHEAD_PER_THREAD, createBuilder} from './build-pool'
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
  /** Threads that read and build files; 1 builds on the main thread. */
  jobs?: number
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
 * Imports files in a stable order. Files are read and built ahead, on worker
 * threads when `jobs` > 1, but their results are taken strictly in file
 * order, so duplicate detection and slug suffixes are deterministic and the
 * output does not depend on the thread count; writes overlap. Memory stays
 * flat: nothing is kept per file but its small report and a bounded
 * look-ahead, and one bad file is reported while the rest go on.
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
  const jobs = Math.max(1, options.jobs ?? 1)
  const builder = createBuilder(jobs)
  const lookahead = jobs * LOOKAHEAD_PER_THREAD
  const ahead: Array<{file: string; built: Promise<BuildResult> | undefined}> = []
  let queued = 0
  const fill = () => {
    while (queued < files.length && ahead.length < lookahead) {
      const file = files[queued++]!
      const built = options.skip?.has(file)
        ? undefined
        : builder.build({file, maxBytes: options.maxBytes, importedAt: now().toISOString()})
      ahead.push({file, built})
    }
  }

  const record = async (report: FileReport) => {
    result.reports.push(report)
    result.totals[report.status]++
    await options.onFile?.(report, result.reports.length, files.length)
  }

  let ok = false
  await options.target?.open()
  try {
    fill()
    for (let next = ahead.shift(); next; next = ahead.shift()) {
      fill()
      const {file} = next
      const built = next.built && (await next.built)
      const prepared: Prepared = built
        ? safely(file, () => prepare(file, built))
        : {done: {file, status: 'skipped', reason: 'already imported by the run being resumed'}}
      inFlight.push('done' in prepared ? Promise.resolve(prepared.done) : write(prepared.imported, prepared.summary))
      if (inFlight.length >= window) await record(await inFlight.shift()!)
    }
    while (inFlight.length) await record(await inFlight.shift()!)
    ok = true
  } finally {
    await builder.close()
    await options.target?.close(ok)
  }
  return result

  /** A bug in one report's post-processing fails that file, not the batch. */
  function safely(file: string, fn: () => Prepared): Prepared {
    try {
      return fn()
    } catch (error) {
      return {done: {file, status: 'error', reason: errorMessage(error)}}
    }
  }

  function prepare(file: string, built: BuildResult): Prepared {
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
