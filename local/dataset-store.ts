import {randomBytes} from 'node:crypto'
import {createReadStream, unlinkSync} from 'node:fs'
import {link, mkdir, open, readFile, rename, stat, unlink, type FileHandle} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {removeTempFiles, writeFileAtomic} from './atomic-file'

/**
 * The local dataset: one NDJSON file per dataset, `<dir>/<dataset>.ndjson`.
 *
 * Readers never lock: the file is only ever replaced by `rename`, so a reader
 * sees the old or the new file, never a torn one. Writers take an exclusive
 * lock file, re-read, apply their change, write a temp file, fsync it, rename
 * it over the target and fsync the directory.
 */

export interface SanityDocument {
  _id: string
  _type: string
  _rev?: string
  _createdAt?: string
  _updatedAt?: string
  [key: string]: unknown
}

export interface LocalDatasetOptions {
  /** Directory of the NDJSON files; default `LOCAL_DATASET_DIR` or `data`, resolved against the cwd. */
  dir?: string
  /** Dataset name; default `LOCAL_DATASET` or `production`. */
  dataset?: string
}

export interface ResolvedLocalDataset {
  dir: string
  dataset: string
  file: string
  lockFile: string
}

export interface DatasetStoreOptions extends LocalDatasetOptions {
  /** How long a writer waits for another process's lock before failing; default 0 (fail at once). */
  lockTimeoutMs?: number
  env?: NodeJS.ProcessEnv
}

/** An immutable view of the dataset as it was when read. Documents are shared: never mutate them. */
export interface DatasetSnapshot {
  readonly docs: ReadonlyMap<string, SanityDocument>
  /** Increases every time this store sees different file contents. */
  readonly version: number
}

export interface TransactionContext {
  /** The `_rev` every document changed by this transaction gets. */
  readonly rev: string
  /** The `_updatedAt` (and `_createdAt` of new documents) of this transaction. */
  readonly timestamp: string
  readonly dataset: string
}

export interface TransactOptions {
  /** Revision for changed documents; default a fresh random id. */
  rev?: string
  now?: Date
  /** Run the function and compute the outcome but write nothing. */
  dryRun?: boolean
}

export interface TransactOutcome<T> {
  value: T
  rev: string
  timestamp: string
  /** Ids created or modified (with bumped `_rev`), in the order of the committed file. */
  changed: string[]
  deleted: string[]
  /** The dataset after the transaction (before it, plus the changes, for a dry run). */
  snapshot: DatasetSnapshot
}

export type TransactFunction<T> = (docs: Map<string, SanityDocument>, tx: TransactionContext) => T | Promise<T>

export interface LockOwner {
  pid: number
  host: string
  startedAt: string
}

export type LocalDatasetErrorCode = 'invalid-dataset' | 'corrupt' | 'locked' | 'invalid-document' | 'aborted'

export class LocalDatasetError extends Error {
  override name = 'LocalDatasetError'
  constructor(
    message: string,
    readonly code: LocalDatasetErrorCode,
  ) {
    super(message)
  }
}

export class DatasetLockedError extends LocalDatasetError {
  override name = 'DatasetLockedError'
  constructor(
    message: string,
    readonly owner: LockOwner | undefined,
    readonly lockFile: string,
  ) {
    super(message, 'locked')
  }
}

export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/
const DEFAULT_DIR = 'data'
const DEFAULT_DATASET = 'production'
/** A lock file nobody could parse (its writer died before writing) is stale after this long. */
const UNREADABLE_LOCK_STALE_MS = 10_000
const WRITE_CHUNK_BYTES = 1 << 20

export function validateDatasetName(name: string): string {
  if (!DATASET_NAME_PATTERN.test(name)) {
    throw new LocalDatasetError(
      `invalid dataset name ${JSON.stringify(name)}: use 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit`,
      'invalid-dataset',
    )
  }
  return name
}

export function resolveLocalDataset(
  options: LocalDatasetOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedLocalDataset {
  const dir = path.resolve(options.dir || env.LOCAL_DATASET_DIR || DEFAULT_DIR)
  const dataset = validateDatasetName(options.dataset || env.LOCAL_DATASET || DEFAULT_DATASET)
  const file = path.join(dir, `${dataset}.ndjson`)
  return {dir, dataset, file, lockFile: `${file}.lock`}
}

/** A random revision/transaction id in the style of Sanity's (22 base62 characters). */
export function randomId(length = 22): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  // 248 = 4 * 62: rejecting bytes above it keeps the characters uniform.
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += alphabet[byte % 62]
    }
  }
  return out
}

interface CacheEntry {
  key: string
  snapshot: DatasetSnapshot
}

export class DatasetStore {
  readonly dir: string
  readonly dataset: string
  readonly file: string
  readonly lockFile: string
  private readonly lockTimeoutMs: number
  private cache: CacheEntry | undefined
  private loading: {key: string; promise: Promise<DatasetSnapshot>} | undefined
  private version = 0
  private cacheGeneration = 0

  constructor(options: DatasetStoreOptions = {}) {
    const resolved = resolveLocalDataset(options, options.env)
    this.dir = resolved.dir
    this.dataset = resolved.dataset
    this.file = resolved.file
    this.lockFile = resolved.lockFile
    this.lockTimeoutMs = options.lockTimeoutMs ?? 0
  }

  /** Whether the dataset file exists (a missing file reads as an empty dataset). */
  async exists(): Promise<boolean> {
    return (await statKey(this.file)) !== undefined
  }

  /** The current contents, re-parsed only when the file's identity (inode, size, mtime) changed. */
  async read(): Promise<DatasetSnapshot> {
    const key = (await statKey(this.file)) ?? 'missing'
    if (this.cache?.key === key) return this.cache.snapshot
    if (this.loading?.key === key) return this.loading.promise
    const generation = this.cacheGeneration
    const promise = (
      key === 'missing' ? Promise.resolve(new Map<string, SanityDocument>()) : parseNdjsonFile(this.file)
    )
      .then((docs) => {
        const snapshot: DatasetSnapshot = {docs, version: ++this.version}
        // A commit while we parsed has cached newer contents; keep those.
        if (this.cacheGeneration === generation) this.setCache(key, snapshot)
        return snapshot
      })
      .finally(() => {
        if (this.loading?.promise === promise) this.loading = undefined
      })
    this.loading = {key, promise}
    return promise
  }

  private setCache(key: string, snapshot: DatasetSnapshot): void {
    this.cache = {key, snapshot}
    this.cacheGeneration++
  }

  /** Shorthand for `read()` then `get(id)`. */
  async get(id: string): Promise<SanityDocument | undefined> {
    return (await this.read()).docs.get(id)
  }

  /**
   * Runs `fn` under the dataset lock on a fresh copy of the documents and
   * commits what it changed. Replace documents (`docs.set(id, {...doc, x})`)
   * rather than editing them in place: the objects are shared with readers.
   */
  async transact<T>(fn: TransactFunction<T>, options: TransactOptions = {}): Promise<T> {
    return (await this.transactDetailed(fn, options)).value
  }

  async transactDetailed<T>(fn: TransactFunction<T>, options: TransactOptions = {}): Promise<TransactOutcome<T>> {
    // One writer per lock file inside this process; the lock file handles other processes.
    return serialize(this.lockFile, async () => {
      await mkdir(this.dir, {recursive: true})
      const lock = await acquireLock(this.lockFile, this.dataset, this.lockTimeoutMs)
      try {
        // Only the lock holder writes temp files, so any left over are from a crashed writer.
        await removeTempFiles(this.file)
        const before = await this.read()
        const working = new Map(before.docs)
        const tx: TransactionContext = {
          rev: options.rev ?? randomId(),
          timestamp: (options.now ?? new Date()).toISOString(),
          dataset: this.dataset,
        }
        const value = await fn(working, tx)
        const {changed, deleted} = stampChanges(before.docs, working, tx)
        const outcome = {
          value,
          rev: tx.rev,
          timestamp: tx.timestamp,
          changed: changed.sort(compareIds),
          deleted: deleted.sort(compareIds),
        }
        if (changed.length === 0 && deleted.length === 0) return {...outcome, snapshot: before}
        const sorted = sortById(working)
        if (options.dryRun) return {...outcome, snapshot: {docs: sorted, version: before.version}}
        if (lock.aborted) throw new LocalDatasetError(`transaction on "${this.dataset}" aborted by a signal`, 'aborted')
        await writeFileAtomic(this.file, ndjsonChunks(sorted))
        const key = (await statKey(this.file)) ?? 'missing'
        const snapshot: DatasetSnapshot = {docs: sorted, version: ++this.version}
        this.setCache(key, snapshot)
        return {...outcome, snapshot}
      } finally {
        await releaseLock(lock)
      }
    })
  }

  /** Replaces the whole dataset (used by imports and tests); keeps `_rev`s of unchanged documents. */
  async replaceAll(documents: Iterable<SanityDocument>, options: TransactOptions = {}): Promise<TransactOutcome<void>> {
    return this.transactDetailed((docs) => {
      const next = new Map<string, SanityDocument>()
      for (const doc of documents) next.set(doc._id, doc)
      for (const id of docs.keys()) if (!next.has(id)) docs.delete(id)
      for (const [id, doc] of next) docs.set(id, doc)
    }, options)
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function sortById(docs: Map<string, SanityDocument>): Map<string, SanityDocument> {
  const ids = [...docs.keys()].sort(compareIds)
  const sorted = new Map<string, SanityDocument>()
  for (const id of ids) {
    const doc = docs.get(id)
    if (doc) sorted.set(id, doc)
  }
  return sorted
}

const SYSTEM_STAMPS = new Set(['_rev', '_updatedAt', '_createdAt'])

function contentJson(doc: SanityDocument): string {
  return JSON.stringify(doc, (key, value: unknown) => (key !== '' && SYSTEM_STAMPS.has(key) ? undefined : value))
}

/** Finds what the transaction changed and gives changed documents the new `_rev` and timestamps. */
function stampChanges(
  before: ReadonlyMap<string, SanityDocument>,
  working: Map<string, SanityDocument>,
  tx: TransactionContext,
): {changed: string[]; deleted: string[]} {
  const changed: string[] = []
  for (const [id, doc] of working) {
    const old = before.get(id)
    if (old === doc) continue
    assertDocument(id, doc)
    // Replacing a document with identical content is not a change: its _rev stays.
    if (old && contentJson(old) === contentJson(doc)) {
      working.set(id, old)
      continue
    }
    working.set(id, {
      ...doc,
      _createdAt: typeof doc._createdAt === 'string' ? doc._createdAt : (old?._createdAt ?? tx.timestamp),
      _updatedAt: tx.timestamp,
      _rev: tx.rev,
    })
    changed.push(id)
  }
  const deleted: string[] = []
  for (const id of before.keys()) if (!working.has(id)) deleted.push(id)
  return {changed, deleted}
}

function assertDocument(key: string, doc: unknown): asserts doc is SanityDocument {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new LocalDatasetError(`document ${JSON.stringify(key)} is not an object`, 'invalid-document')
  }
  const {_id, _type} = doc as {_id?: unknown; _type?: unknown}
  if (_id !== key) {
    throw new LocalDatasetError(
      `document stored under ${JSON.stringify(key)} has _id ${JSON.stringify(_id)}`,
      'invalid-document',
    )
  }
  if (typeof _type !== 'string' || _type === '') {
    throw new LocalDatasetError(`document ${JSON.stringify(key)} has no _type`, 'invalid-document')
  }
}

/** Identity of the file's current version: a rename always brings a new inode. */
async function statKey(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file, {bigint: true})
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined
    throw error
  }
}

/** Streams the file line by line: a 100k-article dataset is larger than V8's maximum string length. */
export async function parseNdjsonFile(file: string): Promise<Map<string, SanityDocument>> {
  const docs = new Map<string, SanityDocument>()
  const stream = createReadStream(file, {encoding: 'utf8', highWaterMark: WRITE_CHUNK_BYTES})
  let rest = ''
  let lineNumber = 0
  const take = (line: string) => {
    lineNumber++
    const text = line.endsWith('\r') ? line.slice(0, -1) : line
    if (text.trim() === '') return
    let doc: unknown
    try {
      doc = JSON.parse(text)
    } catch (error) {
      throw corruptLine(file, lineNumber, error instanceof Error ? error.message : String(error))
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw corruptLine(file, lineNumber, 'not a JSON object')
    }
    const {_id, _type} = doc as {_id?: unknown; _type?: unknown}
    if (typeof _id !== 'string' || _id === '') throw corruptLine(file, lineNumber, 'missing string _id')
    if (typeof _type !== 'string' || _type === '') throw corruptLine(file, lineNumber, `document "${_id}" has no _type`)
    docs.set(_id, doc as SanityDocument)
  }
  try {
    for await (const chunk of stream) {
      const text = rest + String(chunk)
      let start = 0
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        take(text.slice(start, nl))
        start = nl + 1
      }
      rest = text.slice(start)
    }
    if (rest !== '') take(rest)
  } finally {
    stream.destroy()
  }
  return docs
}

function corruptLine(file: string, line: number, detail: string): LocalDatasetError {
  return new LocalDatasetError(`corrupt local dataset ${file}, line ${line}: ${detail}`, 'corrupt')
}

/** The dataset as NDJSON, in chunks of about WRITE_CHUNK_BYTES. */
function* ndjsonChunks(docs: ReadonlyMap<string, SanityDocument>): Generator<string> {
  let chunk = ''
  for (const doc of docs.values()) {
    chunk += `${JSON.stringify(doc)}\n`
    if (chunk.length >= WRITE_CHUNK_BYTES) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk) yield chunk
}

// ---------------------------------------------------------------------------
// Locking

interface HeldLock {
  file: string
  released: boolean
  /** Set when a signal released the lock under a running transaction. */
  aborted: boolean
}

const heldLocks = new Set<HeldLock>()
const queues = new Map<string, Promise<unknown>>()
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
let exitHookInstalled = false
let signalHooksInstalled = false

function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve()
  const run = previous.then(task, task)
  const tail = run.then(
    () => undefined,
    () => undefined,
  )
  queues.set(key, tail)
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key)
  })
  return run
}

function releaseAllSync(): void {
  for (const lock of heldLocks) {
    lock.aborted = true
    lock.released = true
    try {
      unlinkSync(lock.file)
    } catch {
      // Already gone.
    }
  }
  heldLocks.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  releaseAllSync()
  uninstallSignalHooks()
  // Nobody else handles this signal: restore the default behaviour (terminate).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function installHooks(): void {
  if (!exitHookInstalled) {
    process.on('exit', releaseAllSync)
    exitHookInstalled = true
  }
  if (!signalHooksInstalled) {
    for (const signal of SIGNALS) process.on(signal, onSignal)
    signalHooksInstalled = true
  }
}

function uninstallSignalHooks(): void {
  if (!signalHooksInstalled) return
  for (const signal of SIGNALS) process.off(signal, onSignal)
  signalHooksInstalled = false
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return isErrnoException(error) && error.code === 'EPERM'
  }
}

async function readLock(lockFile: string): Promise<{raw: string; owner?: LockOwner; mtimeMs: number} | undefined> {
  try {
    const [raw, info] = await Promise.all([readFile(lockFile, 'utf8'), stat(lockFile)])
    return {raw, owner: parseOwner(raw), mtimeMs: info.mtimeMs}
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined
    throw error
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null) return undefined
    const {pid, host, startedAt} = value as Record<string, unknown>
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof startedAt !== 'string') return undefined
    return {pid, host, startedAt}
  } catch {
    return undefined
  }
}

function isStale(lockFile: string, lock: {owner?: LockOwner; mtimeMs: number}): boolean {
  const {owner} = lock
  if (!owner) return Date.now() - lock.mtimeMs > UNREADABLE_LOCK_STALE_MS
  if (owner.host !== os.hostname()) return false
  // Our own pid but not a lock we hold: left by an earlier process that had the same pid.
  if (owner.pid === process.pid) return ![...heldLocks].some((held) => held.file === lockFile)
  return !isProcessAlive(owner.pid)
}

/**
 * Moves a stale lock aside. If, between our read and the rename, another
 * process replaced it with a live lock, put that one back.
 */
async function takeOver(lockFile: string, staleRaw: string): Promise<void> {
  const aside = `${lockFile}.stale.${process.pid}.${randomBytes(4).toString('hex')}`
  try {
    await rename(lockFile, aside)
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return
    throw error
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleRaw)
  if (moved !== staleRaw) await link(aside, lockFile).catch(() => undefined)
  await unlink(aside).catch(() => undefined)
}

function lockedMessage(dataset: string, lockFile: string, owner: LockOwner | undefined): string {
  if (!owner) return `local dataset "${dataset}" is locked (unreadable lock file ${lockFile})`
  const where = owner.host === os.hostname() ? '' : ` on host ${owner.host}`
  return `local dataset "${dataset}" is locked by pid ${owner.pid}${where} since ${owner.startedAt} (lock file ${lockFile})`
}

async function acquireLock(lockFile: string, dataset: string, timeoutMs: number): Promise<HeldLock> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    let handle: FileHandle | undefined
    try {
      handle = await open(lockFile, 'wx', 0o644)
    } catch (error) {
      if (!(isErrnoException(error) && error.code === 'EEXIST')) throw error
    }
    if (handle) {
      const held: HeldLock = {file: lockFile, released: false, aborted: false}
      heldLocks.add(held)
      installHooks()
      try {
        const owner: LockOwner = {pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString()}
        await handle.writeFile(JSON.stringify(owner))
        await handle.close()
      } catch (error) {
        await handle.close().catch(() => undefined)
        await releaseLock(held)
        throw error
      }
      return held
    }
    const existing = await readLock(lockFile)
    if (!existing) continue
    if (isStale(lockFile, existing)) {
      await takeOver(lockFile, existing.raw)
      continue
    }
    if (Date.now() >= deadline)
      throw new DatasetLockedError(lockedMessage(dataset, lockFile, existing.owner), existing.owner, lockFile)
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, deadline - Date.now()))))
  }
}

async function releaseLock(lock: HeldLock): Promise<void> {
  heldLocks.delete(lock)
  if (heldLocks.size === 0) uninstallSignalHooks()
  if (lock.released) return
  lock.released = true
  await unlink(lock.file).catch(() => undefined)
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error
}
