import type {FileReport, FileStatus, RunResult} from './run'

const STATUSES: FileStatus[] = ['imported', 'unchanged', 'conflict', 'skipped', 'error']

/**
 * Progress on stderr: a redrawn bar on a terminal, plain periodic lines
 * otherwise (CI logs, pipes), so stdout stays free for `--json`.
 */
export class Progress {
  private readonly startedAt = Date.now()
  private lastPrint = 0
  private documents = 0
  private metrics = 0

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly options: {quiet: boolean; intervalMs?: number},
  ) {}

  update(report: FileReport, done: number, total: number): void {
    if (report.counts && report.status !== 'error' && report.status !== 'conflict' && report.status !== 'skipped') {
      this.documents += report.counts.documents
      this.metrics += report.counts.metrics
    }
    if (report.status === 'error' || report.status === 'conflict') {
      this.clearLine()
      this.stream.write(`${report.status}: ${report.file}: ${report.reason ?? ''}\n`)
    }
    if (this.options.quiet) return
    const now = Date.now()
    const tty = this.stream.isTTY === true
    const interval = tty ? 100 : (this.options.intervalMs ?? 2000)
    if (done !== total && now - this.lastPrint < interval) return
    this.lastPrint = now
    const seconds = Math.max((now - this.startedAt) / 1000, 0.001)
    const rate = done / seconds
    const eta = rate > 0 ? (total - done) / rate : 0
    const figures = `${done}/${total} files · ${this.documents} documents · ${this.metrics} metrics · ${rate.toFixed(1)} files/s · ETA ${formatDuration(eta)}`
    if (tty) {
      const width = 24
      const filled = total ? Math.round((done / total) * width) : width
      this.stream.write(`\r\x1b[2K[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${figures}`)
      if (done === total) this.stream.write('\n')
    } else {
      this.stream.write(`progress: ${figures}\n`)
    }
  }

  private clearLine(): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[2K')
  }
}

export function summaryTable(result: RunResult): string {
  const rows: Array<[string, string]> = STATUSES.map((status) => [status, String(result.totals[status])])
  if (result.totals.ok) rows.unshift(['parsed (dry run)', String(result.totals.ok)])
  const width = Math.max(...rows.map(([name]) => name.length))
  const lines = rows.map(([name, count]) => `  ${name.padEnd(width)}  ${count.padStart(6)}`)
  return ['Summary', ...lines, `  ${'total'.padEnd(width)}  ${String(result.reports.length).padStart(6)}`].join('\n')
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?'
  if (seconds < 60) return `${Math.ceil(seconds)}s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`
}
