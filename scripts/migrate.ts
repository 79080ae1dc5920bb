/**
 * npm run migrate -- <name> [--apply] [--force] [--dir <dir>] [--dataset <name>]
 * npm run migrate -- --status
 *
 * Runs a content migration from migrations/<name>/index.ts against the
 * local dataset. The same file runs against a Sanity project with
 * `sanity migration run <name>`.
 */
import {parseArgs} from 'node:util'
import {formatDiff} from '../migrations/runner/diff'
import {MigrationNotFoundError} from '../migrations/runner/discover'
import {migrationStatus, runLocalMigration, type LocalRunResult, type StatusReport} from '../migrations/runner/local'

const HELP = `Usage: npm run migrate -- <name> [options]
       npm run migrate -- --status [--dir <dir>] [--dataset <name>]

Runs the content migration in migrations/<name>/index.ts (a defineMigration
from sanity/migrate) against the local dataset. Without --apply it is a dry
run: it prints what would change, document by document, and writes nothing.

  --apply              Write the changes (one atomic write) and record the
                       migration in <dir>/<dataset>.migrations.json
  --force              Run even if already applied, or if the migration's
                       file changed since it was applied
  --status             List migrations and whether this dataset has had them
  --dir <dir>          Local dataset folder (env LOCAL_DATASET_DIR, default data/)
  --dataset <name>     Dataset name (env LOCAL_DATASET, default production)
  --quiet              Counts only, no per-document diff
  --json               Print the result as JSON on stdout
  -h, --help           Show this help

For a Sanity project: sanity migration run <name> [--no-dry-run]`

class UsageError extends Error {}

async function main(): Promise<number> {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {
      apply: {type: 'boolean', default: false},
      force: {type: 'boolean', default: false},
      status: {type: 'boolean', default: false},
      dir: {type: 'string'},
      dataset: {type: 'string'},
      quiet: {type: 'boolean', default: false},
      json: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const choice = {dir: values.dir, dataset: values.dataset}
  if (values.status) {
    if (positionals.length > 0 || values.apply || values.force) throw new UsageError('--status takes no migration name, --apply or --force')
    const report = await migrationStatus(choice)
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report))
    return 0
  }
  const [name, ...extra] = positionals
  if (!name) throw new UsageError('give a migration name, or --status (see --help)')
  if (extra.length > 0) throw new UsageError(`one migration at a time, got ${positionals.join(', ')}`)

  const result = await runLocalMigration(name, {...choice, apply: values.apply, force: values.force})
  if (values.json) process.stdout.write(`${JSON.stringify(jsonResult(result), null, 2)}\n`)
  else process.stdout.write(formatRun(result, values.quiet))
  return result.status === 'refused' ? 1 : 0
}

function formatRun(run: LocalRunResult, quiet: boolean): string {
  const lines: string[] = []
  const where = `local dataset "${run.dataset}" (${run.datasetFile})`
  if (run.status === 'already-applied') {
    const at = run.previous ? ` at ${run.previous.appliedAt} (${plural(run.previous.documents.length, 'document')} changed)` : ''
    lines.push(`${run.name}: already applied to ${where}${at}; nothing to do.`)
    lines.push('Use --force to run it again.')
    return `${lines.join('\n')}\n`
  }
  if (run.status === 'refused') {
    lines.push(
      `${run.name}: refused. Its file changed since it was applied to ${where} at ${run.previous?.appliedAt ?? '?'}`,
      `(recorded ${run.previous?.hash.slice(0, 12) ?? '?'}, now ${run.hash.slice(0, 12)}).`,
      'Review it with a dry run (drop --apply), then re-run with --apply --force.',
    )
    return `${lines.join('\n')}\n`
  }
  const result = run.result
  if (!result) return `${run.name}: nothing ran\n`
  lines.push(`${run.name}: ${run.title}`)
  if (run.changedSinceApplied) {
    lines.push(`note: applied before at ${run.previous?.appliedAt ?? '?'}, but its file has changed since; --apply needs --force`)
  } else if (run.previous) {
    lines.push(`note: already applied at ${run.previous.appliedAt}; running again (--force)`)
  }
  if (!quiet) {
    for (const diff of result.diffs) lines.push('', ...formatDiff(diff))
    if (result.diffs.length > 0) lines.push('')
  }
  const changes = result.diffs.reduce((n, diff) => n + diff.entries.length, 0)
  const counts = [
    `${plural(result.scanned, 'document')} scanned`,
    `${result.changed.length} changed`,
    plural(result.mutations.length, 'mutation'),
    plural(changes, 'field change'),
  ].join(', ')
  if (run.status === 'dry-run') {
    lines.push(`Dry run on ${where}: ${counts}. Nothing written; add --apply to write.`)
  } else {
    lines.push(`Applied to ${where}: ${counts}.`)
    lines.push(`Recorded in ${run.ledgerFile}${run.entry ? ` (rev ${run.entry.rev})` : ''}.`)
  }
  return `${lines.join('\n')}\n`
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function formatStatus(report: StatusReport): string {
  const lines = [`Migrations for local dataset "${report.dataset}" (ledger ${report.ledgerFile}):`]
  const width = Math.max(4, ...report.rows.map((row) => row.name.length))
  for (const row of report.rows) {
    const detail =
      row.state === 'pending'
        ? 'not applied'
        : row.entry
          ? `${row.state === 'changed' ? 'applied, file changed since' : row.state === 'missing' ? 'applied, folder gone' : 'applied'} ${row.entry.appliedAt}, ${plural(row.entry.documents.length, 'document')}`
          : row.state
    lines.push(`  ${row.name.padEnd(width)}  ${row.state.padEnd(7)}  ${detail}${row.title ? `  — ${row.title}` : ''}`)
  }
  if (report.rows.length === 0) lines.push('  (no migrations in migrations/)')
  return `${lines.join('\n')}\n`
}

function jsonResult(run: LocalRunResult) {
  const {result, ...rest} = run
  return {
    ...rest,
    ...(result
      ? {scanned: result.scanned, changed: result.changed, mutations: result.mutations, diffs: result.diffs}
      : {}),
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = error instanceof UsageError ? 2 : error instanceof MigrationNotFoundError ? 2 : 1
  },
)
