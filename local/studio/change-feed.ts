import {randomBytes} from 'node:crypto'
import {DatasetLockedError, type DatasetSnapshot, type DatasetStore, type SanityDocument} from '../dataset-store'
import type {LocalCommit} from '../server'

/**
 * The committed transactions of each dataset, in order, for `data/listen`.
 *
 * Writes through this server (mutate, actions) are published as they
 * commit. Writes by other processes (the import CLI) are found by polling
 * the dataset file and diffing revisions, and published grouped by their
 * `_rev`, which is the writing transaction's id. A short history lets a
 * reconnecting listener resume where it left off.
 */

export interface DocumentChange {
  id: string
  /** Undefined when the transaction created the document. */
  before: SanityDocument | undefined
  /** Undefined when the transaction deleted the document. */
  after: SanityDocument | undefined
}

export interface FeedEntry {
  /** Position in this feed, increasing by one per entry across datasets. */
  seq: number
  dataset: string
  transactionId: string
  timestamp: string
  /** User id of the writer; `<system>` for writes by other processes. */
  identity: string
  changes: readonly DocumentChange[]
}

export type FeedListener = (entry: FeedEntry) => void

export interface ChangeFeedOptions {
  /** Entries kept per dataset for resuming listeners; default 1000. */
  historySize?: number
  /** How often to look for writes by other processes while anyone listens; default 1 s. 0 turns it off. */
  pollMs?: number
  log?: (line: string) => void
}

export const SYSTEM_IDENTITY = '<system>'
const RECENT_TRANSACTIONS = 4096

interface DatasetFeed {
  store: DatasetStore | undefined
  known: DatasetSnapshot | undefined
  history: FeedEntry[]
  /** Position of the newest entry dropped from the history. */
  droppedUpTo: number
  listeners: Set<FeedListener>
  /** Transaction ids already published (bounded), so a write is never announced twice. */
  published: Set<string>
  timer: NodeJS.Timeout | undefined
  polling: Promise<void> | undefined
}

export class ChangeFeed {
  /** Identifies this feed's positions: a restarted server cannot resume an old position. */
  readonly epoch = randomBytes(6).toString('hex')
  private seq = 0
  private readonly datasets = new Map<string, DatasetFeed>()
  private readonly historySize: number
  private readonly pollMs: number
  private readonly log: ((line: string) => void) | undefined
  private closed = false

  constructor(options: ChangeFeedOptions = {}) {
    this.historySize = options.historySize ?? 1000
    this.pollMs = options.pollMs ?? 1000
    this.log = options.log
  }

  private feed(dataset: string): DatasetFeed {
    let feed = this.datasets.get(dataset)
    if (!feed) {
      feed = {
        store: undefined,
        known: undefined,
        history: [],
        droppedUpTo: 0,
        listeners: new Set(),
        published: new Set(),
        timer: undefined,
        polling: undefined,
      }
      this.datasets.set(dataset, feed)
    }
    return feed
  }

  /** Ties a dataset to its store (the server's instance) so writes by other processes are noticed. */
  async attach(store: DatasetStore): Promise<void> {
    const feed = this.feed(store.dataset)
    if (feed.store) return
    feed.store = store
    feed.known ??= await store.read()
  }

  /** The position of the latest entry (0 before any). */
  get head(): number {
    return this.seq
  }

  /**
   * Entries of `dataset` after position `seq`, or undefined when some of
   * them are no longer kept (or the position is from another epoch).
   */
  since(dataset: string, epoch: string, seq: number): FeedEntry[] | undefined {
    if (epoch !== this.epoch || seq > this.seq) return undefined
    const feed = this.feed(dataset)
    if (seq < feed.droppedUpTo) return undefined
    return feed.history.filter((entry) => entry.seq > seq)
  }

  subscribe(dataset: string, listener: FeedListener): () => void {
    const feed = this.feed(dataset)
    feed.listeners.add(listener)
    this.startPolling(dataset, feed)
    return () => {
      feed.listeners.delete(listener)
      if (feed.listeners.size === 0 && feed.timer) {
        clearInterval(feed.timer)
        feed.timer = undefined
      }
    }
  }

  /** Publishes a transaction committed by this process. */
  publishCommit(commit: LocalCommit, identity: string): FeedEntry | undefined {
    const feed = this.feed(commit.dataset)
    // Anything written by others between what we knew and this transaction comes first.
    // (Snapshot versions grow with the file's contents, so a diff only ever runs forward.)
    if (feed.known && feed.known !== commit.before && feed.known.version < commit.before.version) {
      this.publishDiff(commit.dataset, feed, feed.known, commit.before)
    }
    if (!feed.known || feed.known.version < commit.after.version) feed.known = commit.after
    // The poller may have announced it already, from the file.
    if (feed.published.has(commit.transactionId)) return undefined
    const changes: DocumentChange[] = []
    for (const id of commit.changed) {
      changes.push({id, before: commit.before.docs.get(id), after: commit.after.docs.get(id)})
    }
    for (const id of commit.deleted) changes.push({id, before: commit.before.docs.get(id), after: undefined})
    return this.append(feed, {
      dataset: commit.dataset,
      transactionId: commit.transactionId,
      timestamp: commit.timestamp,
      identity,
      changes,
    })
  }

  /** Looks for writes by other processes now (the poller calls this too). */
  async checkExternal(dataset: string): Promise<void> {
    const feed = this.feed(dataset)
    const store = feed.store
    if (!store || this.closed) return
    feed.polling ??= (async () => {
      try {
        // Cheap: a stat, and a parse only when the file changed.
        const current = await store.read()
        if (current === feed.known) return
        // Under the lock no writer is half-way; an empty transaction writes nothing.
        await store.transact(async () => {
          const locked = await store.read()
          if (feed.known && (locked === feed.known || locked.version < feed.known.version)) return
          if (feed.known) this.publishDiff(dataset, feed, feed.known, locked)
          feed.known = locked
        })
      } catch (error) {
        // Another process (an import) holds the dataset: look again on the next tick.
        if (!(error instanceof DatasetLockedError)) {
          this.log?.(`change feed: ${error instanceof Error ? error.message : String(error)}`)
        }
      } finally {
        feed.polling = undefined
      }
    })()
    await feed.polling
  }

  close(): void {
    this.closed = true
    for (const feed of this.datasets.values()) {
      if (feed.timer) clearInterval(feed.timer)
      feed.timer = undefined
      feed.listeners.clear()
    }
  }

  private startPolling(dataset: string, feed: DatasetFeed): void {
    if (feed.timer || this.pollMs <= 0 || this.closed) return
    feed.timer = setInterval(() => void this.checkExternal(dataset), this.pollMs)
    feed.timer.unref()
  }

  /** Entries for the difference between two snapshots, one per writing transaction (`_rev`). */
  private publishDiff(dataset: string, feed: DatasetFeed, from: DatasetSnapshot, to: DatasetSnapshot): void {
    const groups = new Map<string, {timestamp: string; changes: DocumentChange[]}>()
    const deleted: DocumentChange[] = []
    for (const [id, after] of to.docs) {
      const before = from.docs.get(id)
      if (before === after || (before && before._rev === after._rev && before._rev !== undefined)) continue
      const rev = after._rev ?? `external-${this.epoch}-${this.seq + 1}`
      let group = groups.get(rev)
      if (!group) {
        group = {timestamp: after._updatedAt ?? new Date().toISOString(), changes: []}
        groups.set(rev, group)
      }
      group.changes.push({id, before, after})
    }
    for (const [id, before] of from.docs) if (!to.docs.has(id)) deleted.push({id, before, after: undefined})
    const ordered = [...groups.entries()].sort(([, a], [, b]) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0))
    for (const [transactionId, group] of ordered) {
      if (feed.published.has(transactionId)) continue
      this.append(feed, {dataset, transactionId, timestamp: group.timestamp, identity: SYSTEM_IDENTITY, changes: group.changes})
    }
    if (deleted.length > 0) {
      this.append(feed, {
        dataset,
        transactionId: `external-delete-${this.epoch}-${this.seq + 1}`,
        timestamp: new Date().toISOString(),
        identity: SYSTEM_IDENTITY,
        changes: deleted,
      })
    }
  }

  private append(feed: DatasetFeed, entry: Omit<FeedEntry, 'seq'>): FeedEntry | undefined {
    if (entry.changes.length === 0) return undefined
    const full: FeedEntry = {...entry, seq: ++this.seq}
    feed.published.add(full.transactionId)
    if (feed.published.size > RECENT_TRANSACTIONS) {
      const oldest = feed.published.values().next()
      if (!oldest.done) feed.published.delete(oldest.value)
    }
    feed.history.push(full)
    if (feed.history.length > this.historySize) {
      const dropped = feed.history.splice(0, feed.history.length - this.historySize)
      feed.droppedUpTo = dropped[dropped.length - 1]?.seq ?? feed.droppedUpTo
    }
    for (const listener of feed.listeners) {
      try {
        listener(full)
      } catch (error) {
        this.log?.(`change feed listener failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    return full
  }
}
