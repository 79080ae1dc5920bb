import type {ImportedReport} from '../../migrations/report/build'

export type WriteStatus = 'imported' | 'unchanged' | 'conflict'

export interface WriteOutcome {
  status: WriteStatus
  reason?: string
  /** Documents written (article and any new agencies). */
  written: number
}

/** Where imported documents go: an NDJSON file, the local dataset or a Sanity project. */
export interface ImportTarget {
  readonly description: string
  open(): Promise<void>
  write(report: ImportedReport): Promise<WriteOutcome>
  /** Commits when `ok`; always releases locks and handles. */
  close(ok: boolean): Promise<void>
}
