/**
 * npm run import -- [options] <paths…>
 * Turns plain-text reports into articles, agencies and metrics, and writes
 * them to the local dataset (default), an NDJSON file or a Sanity project.
 */
import {parseArgs} from 'node:util'
import {DatasetStore, resolveLocalDataset} from '../local/dataset-store'
import {findReportFiles, parseShard} from './import/files'
import {ImportJournal} from './import/journal'
import {LocalDatasetTarget} from './import/local-target'
import {NdjsonTarget} from './import/ndjson-target'
import {Progress, summaryTable} from './import/progress'
import {errorMessage} from './import/build-file'
import {autoJobs} from './import/build-pool'
import {runImport, type RunResult} from './import/run'
import {SanityTarget} from './import/sanity-target'
import type {ImportTarget} from './import/target'

const HELP = `Usage: npm run import -- [options] <paths…>

Imports plain-text government reports (.txt files, or folders searched
recursively) as Sanity documents: one article per report, with its metrics
embedded in Portable Text, plus the agencies it names.

Targets (default: the local dataset):
  --out <file.ndjson>     Write NDJSON for \`sanity dataset import\`
  --dir <dir>             Local dataset folder (env LOCAL_DATASET_DIR, default data/)
  --dataset <name>        Dataset name (env LOCAL_DATASET or SANITY_STUDIO_DATASET, default production)
  --project <id>          Write to a Sanity project through @sanity/client;
                          the token comes from SANITY_API_WRITE_TOKEN only
  --api-host <url>        API host for --project, e.g. http://127.0.0.1:3333
  --retries <n>           Attempts per request to a project on 429, 5xx or network errors (default 8)

Behaviour:
  --dry-run               Parse and build everything, write nothing
  --json                  Print a per-file JSON report on stdout
  --force                 Overwrite documents that editors changed since import
  --drafts                Write drafts.<id> documents for review; leave published ones alone
  --resume                Skip files a previous, interrupted run already finished
  --shard <i/n>           Import only shard i of n (deterministic split across processes)
  --max-size <size>       Largest file accepted, e.g. 500KB or 5MB (default 5MB)
  --jobs <n|auto>         Worker threads that read and build reports (default auto:
                          one per core but one, and one per 1,000 files at most;
                          1 = build on the main thread). Same output for any number.
  --quiet                 No progress output (errors and the summary still go to stderr)
  -h, --help              Show this help

Exit status is 0 only when every file was imported or unchanged.`

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024

async function main(): Promise<number> {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {
      out: {type: 'string'},
      dir: {type: 'string'},
      dataset: {type: 'string'},
      project: {type: 'string'},
      'api-host': {type: 'string'},
      retries: {type: 'string'},
      'dry-run': {type: 'boolean', default: false},
      json: {type: 'boolean', default: false},
      force: {type: 'boolean', default: false},
      drafts: {type: 'boolean', default: false},
      resume: {type: 'boolean', default: false},
      shard: {type: 'string'},
      'max-size': {type: 'string'},
      jobs: {type: 'string', default: 'auto'},
      quiet: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  if (positionals.length === 0) throw new UsageError('give at least one report file or folder (see --help)')
  if (values.out && values.project) throw new UsageError('choose one target: --out or --project, not both')
  if (values.resume && values['dry-run']) throw new UsageError('--resume has nothing to resume in a dry run')
  // An NDJSON file appears only when its run completes, so skipping files an earlier run saw would drop them.
  if (values.resume && values.out) throw new UsageError('--resume works with a dataset or --project; an NDJSON file is always written whole')

  const maxBytes = values['max-size'] ? parseSize(values['max-size']) : DEFAULT_MAX_BYTES
  const shard = values.shard ? asUsage(() => parseShard(values.shard!)) : undefined
  const {files, missing} = await findReportFiles(positionals)
  const jobs = values.jobs === 'auto' ? autoJobs(files.length) : asUsage(() => parseJobs(values.jobs))
  const choice = values['dry-run'] ? undefined : chooseTarget(values)
  const target = choice?.target
  const journal = choice?.key ? ImportJournal.forTarget(resolveLocalDataset({dir: values.dir}).dir, choice.key) : undefined
  const skip = values.resume && journal ? await journal.completed() : undefined

  const progress = new Progress(process.stderr, {quiet: values.quiet})
  let result: RunResult
  try {
    result = await runImport({
      files,
      target,
      maxBytes,
      shard,
      skip,
      // Remote writes are grouped into transactions; local ones are in memory.
      window: values.project ? 64 : 1,
      jobs,
      onFile: async (report, done, total) => {
        progress.update(report, done, total)
        if (journal && (report.status === 'imported' || report.status === 'unchanged')) {
          await journal.record({file: report.file, articleId: report.articleId, status: report.status})
        }
      },
    })
  } finally {
    await journal?.close()
  }
  for (const path of missing) {
    result.reports.push({file: path, status: 'error', reason: 'no such file or folder'})
    result.totals.error++
    process.stderr.write(`error: ${path}: no such file or folder\n`)
  }

  if (values.json) process.stdout.write(`${JSON.stringify(jsonReport(result, values['dry-run']), null, 2)}\n`)
  process.stderr.write(`${summaryTable(result)}\n`)
  if (target) process.stderr.write(`Wrote ${result.documents} documents to ${target.description}\n`)
  const failed = result.totals.error + result.totals.conflict
  return failed === 0 && result.reports.length > 0 ? 0 : 1
}

function parseJobs(value: string): number {
  const jobs = Number(value)
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new Error(`--jobs takes auto or a whole number from 1 to 64, not "${value}"`)
  return jobs
}

interface TargetChoice {
  target: ImportTarget
  /** Identifies the destination for the resume journal; none for an NDJSON file, which is written whole. */
  key?: string
}

function chooseTarget(values: {
  out?: string
  dir?: string
  dataset?: string
  project?: string
  'api-host'?: string
  retries?: string
  force: boolean
  drafts: boolean
}): TargetChoice {
  const plan = {force: values.force, drafts: values.drafts}
  if (values.out) return {target: new NdjsonTarget(values.out)}
  if (values.project) {
    const dataset = values.dataset || process.env.SANITY_STUDIO_DATASET
    if (!dataset) throw new UsageError('--project needs --dataset (or SANITY_STUDIO_DATASET)')
    const token = process.env.SANITY_API_WRITE_TOKEN
    if (!token) throw new UsageError('--project needs a write token in the SANITY_API_WRITE_TOKEN environment variable')
    const attempts = values.retries === undefined ? undefined : Number(values.retries)
    if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1)) {
      throw new UsageError(`--retries must be a whole number of 1 or more, got "${values.retries}"`)
    }
    const target = new SanityTarget({
      projectId: values.project,
      dataset,
      apiHost: values['api-host'],
      token,
      ...plan,
      ...(attempts ? {retry: {attempts}} : {}),
    })
    return {target, key: `sanity:${values.project}:${dataset}`}
  }
  if (values['api-host']) throw new UsageError('--api-host only applies with --project')
  const store = new DatasetStore({dir: values.dir, dataset: values.dataset})
  return {target: new LocalDatasetTarget(store, plan), key: `local:${store.file}`}
}

function jsonReport(result: RunResult, dryRun: boolean) {
  return {
    dryRun,
    totals: result.totals,
    documents: result.documents,
    files: result.reports,
  }
}

export function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim())
  if (!match) throw new UsageError(`--max-size must look like 500KB or 5MB, got "${value}"`)
  const scale = {b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3}[(match[2] ?? 'b').toLowerCase() as 'b']
  return Math.floor(Number(match[1]) * scale)
}

class UsageError extends Error {}

function asUsage<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    throw new UsageError(errorMessage(error))
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`import: ${errorMessage(error)}\n`)
    process.exitCode = error instanceof UsageError ? 2 : 1
  },
)
