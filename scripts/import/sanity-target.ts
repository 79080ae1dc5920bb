import {createClient, type SanityClient} from '@sanity/client'
import type {ImportedReport} from '../../migrations/report/build'
import type {MutationInput} from '../../local/mutations'
import {idsToLookUp, planReport, type PlanOptions, type StoredDocument} from './plan'
import {isRetryable, RateLimiter, withRetry, type RetryOptions} from './retry'
import {SlugRegistry} from './slugs'
import type {ImportTarget, WriteOutcome} from './target'

/** Sanity's own limit is larger; staying well under it keeps requests fast and retries cheap. */
export const MAX_TRANSACTION_BYTES = 256 * 1024

export interface SanityTargetOptions extends PlanOptions {
  projectId: string
  dataset: string
  /** e.g. http://127.0.0.1:3333 for the local endpoint; default Sanity's API. */
  apiHost?: string
  token: string | undefined
  /** Mutation requests per second; Sanity allows 25. */
  requestsPerSecond?: number
  concurrency?: number
  retry?: RetryOptions
  /** How long a report may wait for others to share its transaction. */
  batchDelayMs?: number
}

interface Pending {
  report: ImportedReport
  resolve: (outcome: WriteOutcome) => void
  reject: (error: unknown) => void
}

/**
 * Writes to a Sanity project through `@sanity/client` transactions. Reports
 * are grouped into transactions of at most 256 KB; every attempt re-reads
 * what the project holds and re-plans, so a retry after a lost response
 * never duplicates or overwrites anything.
 */
export class SanityTarget implements ImportTarget {
  readonly description: string
  private readonly client: SanityClient
  private readonly limiter: RateLimiter
  private readonly slugs = new SlugRegistry()
  private batch: Pending[] = []
  private batchBytes = 0
  private timer: NodeJS.Timeout | undefined
  private readonly inFlight = new Set<Promise<void>>()

  constructor(private readonly options: SanityTargetOptions) {
    const custom = options.apiHost !== undefined && !/\.sanity\.io\/?$/.test(options.apiHost)
    this.client = createClient({
      projectId: options.projectId,
      dataset: options.dataset,
      apiVersion: '2025-02-19',
      useCdn: false,
      token: options.token,
      ...(options.apiHost ? {apiHost: options.apiHost} : {}),
      ...(custom ? {useProjectHostname: false} : {}),
      // Retries are ours: they honour Retry-After and re-plan before resending.
      maxRetries: 0,
    })
    this.limiter = new RateLimiter(options.requestsPerSecond ?? 20, options.concurrency ?? 4)
    this.description = `Sanity project ${options.projectId}, dataset ${options.dataset}${options.apiHost ? ` at ${options.apiHost}` : ''}`
  }

  async open(): Promise<void> {}

  write(report: ImportedReport): Promise<WriteOutcome> {
    const unique = this.slugs.claim(report)
    const bytes = Buffer.byteLength(JSON.stringify(unique.article)) + Buffer.byteLength(JSON.stringify(unique.agencies))
    if (bytes > MAX_TRANSACTION_BYTES) {
      return Promise.resolve({
        status: 'conflict',
        reason: `article is ${Math.ceil(bytes / 1024)} KB, over the ${MAX_TRANSACTION_BYTES / 1024} KB transaction limit`,
        written: 0,
      })
    }
    if (this.batchBytes + bytes > MAX_TRANSACTION_BYTES) this.flush()
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.batch.push({report: unique, resolve, reject})
      this.batchBytes += bytes
      this.timer ??= setTimeout(() => this.flush(), this.options.batchDelayMs ?? 25)
    })
  }

  async close(): Promise<void> {
    this.flush()
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight])
  }

  private flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.batch
    this.batch = []
    this.batchBytes = 0
    if (batch.length === 0) return
    const sending = this.commit(batch).finally(() => this.inFlight.delete(sending))
    this.inFlight.add(sending)
  }

  private async commit(batch: Pending[]): Promise<void> {
    const attempted = new Set<string>()
    try {
      const outcomes = await withRetry(async () => {
        const stored = await this.lookUp(batch.map((p) => p.report))
        const plans = batch.map((p) => {
          const plan = planReport(p.report, stored, this.options)
          // A previous attempt may have committed before its response was lost.
          if (plan.status === 'unchanged' && attempted.has(p.report.article._id)) return {...plan, status: 'imported' as const}
          return plan
        })
        const mutations: MutationInput[] = plans.flatMap((plan) => plan.mutations)
        for (const [i, plan] of plans.entries()) if (plan.mutations.length) attempted.add(batch[i]!.report.article._id)
        if (mutations.length) {
          await this.limiter.run(() =>
            this.client.mutate(mutations as Parameters<SanityClient['mutate']>[0], {visibility: 'async', returnDocuments: false}),
          )
        }
        return plans
      }, {
        ...this.options.retry,
        // A 409 means the dataset moved under us (an editor saved): re-plan and it becomes a conflict.
        retryOn: (error) => isRetryable(error) || (error as {statusCode?: number}).statusCode === 409,
      })
      for (const [i, plan] of outcomes.entries()) {
        batch[i]!.resolve({status: plan.status, written: plan.written, ...(plan.reason ? {reason: plan.reason} : {})})
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error)
    }
  }

  private async lookUp(reports: ImportedReport[]): Promise<Map<string, StoredDocument>> {
    const ids = [...new Set(reports.flatMap((report) => idsToLookUp(report, this.options)))]
    const found = await this.client.getDocuments<StoredDocument>(ids)
    const stored = new Map<string, StoredDocument>()
    for (const doc of found) if (doc) stored.set(doc._id, doc)
    return stored
  }
}
