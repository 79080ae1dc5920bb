/**
 * npm run import -- [options] <paths…>
 * Turns plain-text reports into articles, agencies and metrics, and writes
 * them to the local dataset (default), an NDJSON file or a Sanity project.
 */
import {parseArgs} from 'node:util'
import {findReportFiles, parseShard} from './import/files'
import {NdjsonTarget} from './import/ndjson-target'
import {Progress, summaryTable} from './import/progress'
import {errorMessage, runImport, type RunResult} from './import/run'
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

Behaviour:
  --dry-run               Parse and build everything, write nothing
  --json                  Print a per-file JSON report on stdout
  --force                 Overwrite documents that editors changed since import
  --drafts                Write drafts.<id> documents for review; leave published ones alone
  --resume                Skip files a previous, interrupted run already finished
  --shard <i/n>           Import only shard i of n (deterministic split across processes)
  --max-size <size>       Largest file accepted, e.g. 500KB or 5MB (default 5MB)
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
      'dry-run': {type: 'boolean', default: false},
      json: {type: 'boolean', default: false},
      force: {type: 'boolean', default: false},
      drafts: {type: 'boolean', default: false},
      resume: {type: 'boolean', default: false},
      shard: {type: 'string'},
      'max-size': {type: 'string'},
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

  const maxBytes = values['max-size'] ? parseSize(values['max-size']) : DEFAULT_MAX_BYTES
  const shard = values.shard ? parseShard(values.shard) : undefined
  const {files, missing} = await findReportFiles(positionals)
  const target: ImportTarget | undefined = values['dry-run']
    ? undefined
    : values.out
      ? new NdjsonTarget(values.out)
      : await otherTarget(values)

  const progress = new Progress(process.stderr, {quiet: values.quiet})
  const result = await runImport({
    files,
    target,
    maxBytes,
    shard,
    onFile: (report, done, total) => progress.update(report, done, total),
  })
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

async function otherTarget(values: {project?: string}): Promise<ImportTarget> {
  throw new UsageError(
    values.project ? '--project is not available yet' : 'the local dataset target is not available yet; use --out or --dry-run',
  )
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

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`import: ${errorMessage(error)}\n`)
    process.exitCode = error instanceof UsageError ? 2 : 1
  },
)
