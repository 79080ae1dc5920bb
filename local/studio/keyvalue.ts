import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {writeFileAtomic} from '../atomic-file'

/**
 * The Studio's per-user settings (`/users/me/keyvalue`): recent searches,
 * pane layouts, dismissed notices. One JSON file next to the dataset,
 * replaced atomically (temp file, fsync, rename) on every write.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | {[key: string]: JsonValue}

export interface KeyValuePair {
  key: string
  value: JsonValue
}

interface FileShape {
  version: 1
  users: Record<string, Record<string, JsonValue>>
}

export const KEY_PATTERN = /^[A-Za-z0-9_.:@/-]{1,256}$/
const MAX_VALUE_BYTES = 256 * 1024

export class KeyValueError extends Error {
  override name = 'KeyValueError'
}

export class KeyValueStore {
  private data: FileShape | undefined
  private queue: Promise<unknown> = Promise.resolve()

  constructor(readonly file: string) {}

  static nextTo(datasetDir: string): KeyValueStore {
    return new KeyValueStore(path.join(datasetDir, 'studio-keyvalue.json'))
  }

  private async load(): Promise<FileShape> {
    if (this.data) return this.data
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'))
      const users = typeof parsed === 'object' && parsed !== null ? (parsed as {users?: unknown}).users : undefined
      this.data = {
        version: 1,
        users: typeof users === 'object' && users !== null ? (users as FileShape['users']) : {},
      }
    } catch (error) {
      if (error instanceof SyntaxError) throw new KeyValueError(`${this.file} is not valid JSON: ${error.message}`)
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error
      this.data = {version: 1, users: {}}
    }
    return this.data
  }

  /** The stored pairs for `keys`, in order; a missing key has value null. */
  async get(userId: string, keys: readonly string[]): Promise<KeyValuePair[]> {
    for (const key of keys) checkKey(key)
    const data = await this.load()
    const values = data.users[userId] ?? {}
    return keys.map((key) => ({key, value: Object.hasOwn(values, key) ? (values[key] ?? null) : null}))
  }

  /** Stores the pairs (null deletes) and answers with them, as Sanity does. */
  set(userId: string, pairs: readonly KeyValuePair[]): Promise<KeyValuePair[]> {
    for (const {key, value} of pairs) {
      checkKey(key)
      if (Buffer.byteLength(JSON.stringify(value)) > MAX_VALUE_BYTES) {
        throw new KeyValueError(`value for "${key}" is larger than ${MAX_VALUE_BYTES} bytes`)
      }
    }
    // Writes run one at a time, so the file always holds the latest complete state.
    const run = this.queue.then(async () => {
      const data = await this.load()
      const next: FileShape = {version: 1, users: {...data.users}}
      const values = {...(next.users[userId] ?? {})}
      for (const {key, value} of pairs) {
        if (value === null) delete values[key]
        else values[key] = value
      }
      next.users[userId] = values
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`, 0o600)
      this.data = next
      return pairs.map(({key, value}) => ({key, value}))
    })
    this.queue = run.catch(() => undefined)
    return run
  }
}

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new KeyValueError(`invalid key ${JSON.stringify(key)}`)
}

/** Parses a `PUT /users/me/keyvalue` body: `[{key, value}, …]`. */
export function parsePairs(body: unknown): KeyValuePair[] {
  if (!Array.isArray(body)) throw new KeyValueError('body must be an array of {key, value}')
  return body.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new KeyValueError('each item must be an object {key, value}')
    }
    const {key, value} = item as {key?: unknown; value?: unknown}
    if (typeof key !== 'string') throw new KeyValueError('each item needs a string key')
    return {key, value: (value ?? null) as JsonValue}
  })
}
