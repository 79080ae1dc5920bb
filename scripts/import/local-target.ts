import type {ImportedReport} from '../../migrations/report/build'
import {DatasetStore, type SanityDocument} from '../../local/dataset-store'
import {applyMutations} from '../../local/mutations'
import {planReport, idsToLookUp, type PlanOptions, type StoredDocument} from './plan'
import {SlugRegistry} from './slugs'
import type {ImportTarget, WriteOutcome} from './target'

/**
 * The default target: the local NDJSON dataset. The whole batch is one
 * transaction under the dataset's lock, written atomically at the end, so a
 * crash at any moment leaves the old dataset and a second writer is refused.
 */
export class LocalDatasetTarget implements ImportTarget {
  readonly description: string
  private docs: Map<string, SanityDocument> | undefined
  private finish: ((ok: boolean) => void) | undefined
  private transaction: Promise<unknown> | undefined
  private slugs: SlugRegistry | undefined

  constructor(
    private readonly store: DatasetStore,
    private readonly options: PlanOptions,
  ) {
    this.description = `local dataset "${store.dataset}" (${store.file})`
  }

  async open(): Promise<void> {
    // Hold the transaction open across the batch: it starts here and ends in close().
    const ready = new Promise<void>((resolve, reject) => {
      this.transaction = this.store.transact(async (docs) => {
        this.docs = docs
        const ok = await new Promise<boolean>((finish) => {
          this.finish = finish
          resolve()
        })
        if (!ok) throw new AbortedImport()
      })
      this.transaction.catch(reject)
    })
    await ready
  }

  async write(report: ImportedReport): Promise<WriteOutcome> {
    const docs = this.docs
    if (!docs) throw new Error('local dataset target is not open')
    const unique = this.withUniqueSlug(report, docs)
    const stored = new Map<string, StoredDocument>()
    for (const id of idsToLookUp(unique, this.options)) {
      const doc = docs.get(id)
      if (doc) stored.set(id, doc)
    }
    const plan = planReport(unique, stored, this.options)
    await applyMutations(docs, plan.mutations)
    return {status: plan.status, written: plan.written, ...(plan.reason ? {reason: plan.reason} : {})}
  }

  async close(ok: boolean): Promise<void> {
    if (!this.finish) return
    this.finish(ok)
    this.finish = undefined
    try {
      await this.transaction
    } catch (error) {
      if (!(error instanceof AbortedImport)) throw error
    } finally {
      this.docs = undefined
    }
  }

  /** Another article may already own this slug in the dataset. */
  private withUniqueSlug(report: ImportedReport, docs: Map<string, SanityDocument>): ImportedReport {
    if (!this.slugs) {
      this.slugs = new SlugRegistry()
      for (const doc of docs.values()) {
        const current = (doc.slug as {current?: string} | undefined)?.current
        if (doc._type === 'article' && current) this.slugs.record(current, doc._id)
      }
    }
    return this.slugs.claim(report)
  }
}

class AbortedImport extends Error {}
