import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {
  DatasetLockedError,
  DatasetStore,
  LocalDatasetError,
  parseNdjsonFile,
  resolveLocalDataset,
  type SanityDocument,
} from '../local/dataset-store'
import {applyMutations, MutationFailure, parseMutations} from '../local/mutations'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const STORE_MODULE = pathToFileURL(path.join(ROOT, 'local/dataset-store.ts')).href

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'local-store-'))
})

afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

function article(id: string, extra: Record<string, unknown> = {}): SanityDocument {
  return {
    _id: id,
    _type: 'article',
    title: `Title ${id}`,
    slug: {_type: 'slug', current: id.replace(/\W/g, '-')},
    ...extra,
  }
}

/** Runs a module script in a child Node process with tsx, so it can import the TypeScript store. */
function spawnScript(file: string, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']})
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = ''
    let stderr = ''
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString()
      const line = buffer.split('\n').find((l) => pattern.test(l))
      if (line !== undefined) {
        child.stdout?.off('data', onData)
        resolve(line)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('exit', (code) =>
      reject(new Error(`child exited (${String(code)}) before ${String(pattern)}: ${stderr}`)),
    )
  })
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

describe('resolveLocalDataset', () => {
  it('defaults to data/production.ndjson under the cwd', () => {
    const resolved = resolveLocalDataset({}, {})
    expect(resolved.dir).toBe(path.resolve('data'))
    expect(resolved.dataset).toBe('production')
    expect(resolved.file).toBe(path.resolve('data', 'production.ndjson'))
    expect(resolved.lockFile).toBe(path.resolve('data', 'production.ndjson.lock'))
  })

  it('reads the directory and dataset from env, options first', () => {
    const env = {LOCAL_DATASET_DIR: '/tmp/a', LOCAL_DATASET: 'staging'}
    expect(resolveLocalDataset({}, env)).toMatchObject({dir: '/tmp/a', dataset: 'staging'})
    expect(resolveLocalDataset({dir: '/tmp/b', dataset: 'test'}, env)).toMatchObject({dir: '/tmp/b', dataset: 'test'})
  })

  it('rejects names Sanity would reject', () => {
    for (const name of ['Production', '-x', 'a.b', '../etc', 'a'.repeat(65), 'with space']) {
      expect(() => resolveLocalDataset({dataset: name}, {})).toThrow(/invalid dataset name/)
    }
    expect(resolveLocalDataset({dataset: 'a_b-1'}, {}).dataset).toBe('a_b-1')
  })
})

describe('DatasetStore', () => {
  it('reads a missing file as an empty dataset', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    expect((await store.read()).docs.size).toBe(0)
    expect(await store.exists()).toBe(false)
  })

  it('commits a transaction with revisions and timestamps, sorted by _id', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    const now = new Date('2025-01-02T03:04:05.000Z')
    const result = await store.transact(
      (docs, tx) => {
        docs.set('b', article('b'))
        docs.set('a', article('a'))
        return tx.rev
      },
      {now},
    )
    const snapshot = await store.read()
    const a = snapshot.docs.get('a')
    expect(a).toMatchObject({_rev: result, _createdAt: now.toISOString(), _updatedAt: now.toISOString()})
    const lines = (await readFile(store.file, 'utf8')).trim().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as SanityDocument)._id)).toEqual(['a', 'b'])

    // Only changed documents get a new revision; _createdAt survives replacement.
    const later = new Date('2025-02-01T00:00:00.000Z')
    const outcome = await store.transactDetailed(
      (docs) => {
        docs.set('a', article('a', {title: 'changed'}))
        docs.set('b', article('b'))
      },
      {now: later},
    )
    expect(outcome.changed).toEqual(['a'])
    const after = await store.read()
    expect(after.docs.get('a')).toMatchObject({
      _rev: outcome.rev,
      _createdAt: now.toISOString(),
      _updatedAt: later.toISOString(),
    })
    expect(after.docs.get('b')?._rev).toBe(result)
  })

  it('writes nothing when nothing changed, and nothing for a dry run', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    await store.transact((docs) => void docs.set('a', article('a')))
    const before = await readFile(store.file, 'utf8')
    const noop = await store.transactDetailed(() => 'nothing')
    expect(noop.changed).toEqual([])
    const dry = await store.transactDetailed((docs) => void docs.set('c', article('c')), {dryRun: true})
    expect(dry.changed).toEqual(['c'])
    expect(dry.snapshot.docs.has('c')).toBe(true)
    expect(await readFile(store.file, 'utf8')).toBe(before)
    expect((await store.read()).docs.has('c')).toBe(false)
  })

  it('leaves the dataset untouched when the function throws', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    await store.transact((docs) => void docs.set('a', article('a')))
    await expect(
      store.transact((docs) => {
        docs.set('b', article('b'))
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect([...(await store.read()).docs.keys()]).toEqual(['a'])
    await expect(readFile(store.lockFile)).rejects.toThrow()
  })

  it('rejects a document stored under the wrong key or without a type', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    await expect(store.transact((docs) => void docs.set('x', article('y')))).rejects.toThrow(/has _id "y"/)
    await expect(store.transact((docs) => void docs.set('x', {_id: 'x'} as SanityDocument))).rejects.toThrow(/no _type/)
  })

  it('caches by file identity and sees other writers', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    await store.transact((docs) => void docs.set('a', article('a')))
    const first = await store.read()
    expect(await store.read()).toBe(first)
    const other = new DatasetStore({dir, dataset: 'production'})
    await other.transact((docs) => void docs.set('b', article('b')))
    const second = await store.read()
    expect(second).not.toBe(first)
    expect([...second.docs.keys()]).toEqual(['a', 'b'])
  })

  it('serialises concurrent transactions in one process', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    await store.transact((docs) => void docs.set('counter', {_id: 'counter', _type: 'counter', n: 0}))
    const other = new DatasetStore({dir, dataset: 'production'})
    await Promise.all(
      Array.from({length: 10}, (_, i) =>
        (i % 2 ? store : other).transact(async (docs) => {
          const doc = docs.get('counter')
          await new Promise((resolve) => setTimeout(resolve, 1))
          docs.set('counter', {...doc, _id: 'counter', _type: 'counter', n: Number(doc?.n) + 1})
        }),
      ),
    )
    expect((await store.read()).docs.get('counter')?.n).toBe(10)
  })

  it('names the file and line of a corrupt line', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    await writeFile(store.file, `${JSON.stringify(article('a'))}\n\n{"_id": "b", "_type": "article"\n`)
    await expect(store.read()).rejects.toThrow(`corrupt local dataset ${store.file}, line 3:`)
    await writeFile(store.file, `${JSON.stringify(article('a'))}\n{"_type": "article"}\n`)
    await expect(store.read()).rejects.toThrow(/line 2: missing string _id/)
    await expect(store.read()).rejects.toBeInstanceOf(LocalDatasetError)
  })

  it('gives a second writer in another process a clear error, and releases the lock on SIGTERM', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    await store.transact((docs) => void docs.set('a', article('a')))
    const script = path.join(dir, 'hold-lock.mjs')
    await writeFile(
      script,
      `const {DatasetStore} = await import(${JSON.stringify(STORE_MODULE)})
const store = new DatasetStore({dir: ${JSON.stringify(dir)}, dataset: 'production'})
await store.transact(async () => {
  console.log('locked')
  await new Promise((resolve) => setTimeout(resolve, 30000))
})
`,
    )
    const child = spawnScript(script)
    try {
      await waitForLine(child, /^locked$/)
      const error = await store.transact((docs) => void docs.set('b', article('b'))).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DatasetLockedError)
      expect((error as Error).message).toMatch(
        new RegExp(`^local dataset "production" is locked by pid ${String(child.pid)} since \\d{4}-`),
      )
      child.kill('SIGTERM')
      await waitForExit(child)
      await expect(readFile(store.lockFile)).rejects.toThrow(/ENOENT/)
      await store.transact((docs) => void docs.set('b', article('b')))
      expect((await store.read()).docs.has('b')).toBe(true)
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('waits for a lock up to lockTimeoutMs', async () => {
    const store = new DatasetStore({dir, dataset: 'production', lockTimeoutMs: 5_000})
    // A live process that is not us holds the lock for a moment.
    await writeFile(
      store.lockFile,
      JSON.stringify({pid: process.ppid, host: os.hostname(), startedAt: new Date().toISOString()}),
    )
    setTimeout(() => void rm(store.lockFile, {force: true}), 200)
    await store.transact((docs) => void docs.set('a', article('a')))
    expect((await store.read()).docs.has('a')).toBe(true)
  })

  it('takes over a stale lock whose process is gone', async () => {
    const dead = spawn(process.execPath, ['-e', ''])
    await waitForExit(dead)
    const store = new DatasetStore({dir, dataset: 'production'})
    await writeFile(
      store.lockFile,
      JSON.stringify({pid: dead.pid, host: os.hostname(), startedAt: '2020-01-01T00:00:00.000Z'}),
    )
    await writeFile(path.join(dir, '.production.ndjson.99999.abcdef.tmp'), '{"torn')
    await store.transact((docs) => void docs.set('a', article('a')))
    expect((await store.read()).docs.has('a')).toBe(true)
    const names = await readdir(dir)
    expect(names.filter((n) => n.endsWith('.tmp') || n.includes('.lock'))).toEqual([])
  })

  it('keeps a lock held by another host', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    await writeFile(
      store.lockFile,
      JSON.stringify({pid: 1, host: 'some-other-host', startedAt: '2020-01-01T00:00:00.000Z'}),
    )
    await expect(store.transact(() => undefined)).rejects.toThrow(
      /locked by pid 1 on host some-other-host since 2020-01-01/,
    )
  })

  it('never leaves a torn file when the writer is killed with SIGKILL', {timeout: 180_000}, async () => {
    const COUNT = 2_000
    const store = new DatasetStore({dir, dataset: 'production'})
    const filler = '政府工作报告'.repeat(150)
    await store.transact((docs) => {
      for (let i = 0; i < COUNT; i++) {
        const id = `article.${String(i).padStart(6, '0')}`
        docs.set(id, {_id: id, _type: 'article', version: 0, body: filler})
      }
    })
    const script = path.join(dir, 'writer.mjs')
    await writeFile(
      script,
      `const {DatasetStore} = await import(${JSON.stringify(STORE_MODULE)})
const store = new DatasetStore({dir: ${JSON.stringify(dir)}, dataset: 'production', lockTimeoutMs: 10000})
console.log('ready')
for (;;) {
  const version = await store.transact((docs) => {
    const next = Number(docs.values().next().value.version) + 1
    for (const [id, doc] of docs) docs.set(id, {...doc, version: next})
    return next
  })
  console.log('committed ' + version)
}
`,
    )
    let committed = 0
    for (let round = 0; round < 10; round++) {
      const child = spawnScript(script)
      const lines: string[] = []
      child.stdout?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)))
      // Some rounds let a commit through first, so the file moves on between kills.
      await waitForLine(child, round % 3 === 0 ? /^committed / : /^ready$/)
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 600))
      child.kill('SIGKILL')
      await waitForExit(child)
      const reported = lines.filter((l) => l.startsWith('committed ')).map((l) => Number(l.slice(10)))
      const lastReported = reported.at(-1) ?? committed

      const docs = await parseNdjsonFile(store.file)
      expect(docs.size).toBe(COUNT)
      const versions = new Set([...docs.values()].map((doc) => doc.version))
      // Every document from the same commit: the old file or the new one, never a mix.
      expect(versions.size).toBe(1)
      const version = Number([...versions][0])
      expect(version).toBeGreaterThanOrEqual(lastReported)
      expect(version).toBeLessThanOrEqual(lastReported + 1)
      committed = version
    }
    // The dead writers' lock and temp files do not block the next writer, which cleans them up.
    await store.transact((docs) => void docs.set('done', {_id: 'done', _type: 'marker'}))
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp') || n.includes('.lock'))).toEqual([])
    expect(committed).toBeGreaterThan(0)
  })
})

describe('applyMutations', () => {
  it('applies a transaction to a working copy and fails as a whole', async () => {
    const store = new DatasetStore({dir, dataset: 'production'})
    await store.transact((docs) => void docs.set('a', article('a')))
    const mutations = parseMutations([
      {create: {_id: 'b', _type: 'article'}},
      {patch: {id: 'a', set: {title: 'new'}}},
      {create: {_id: 'a', _type: 'article'}},
    ])
    const error = await store.transact((docs) => applyMutations(docs, mutations)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MutationFailure)
    expect((error as MutationFailure).statusCode).toBe(409)
    expect((error as MutationFailure).toJSON().error.items[0]).toMatchObject({
      index: 2,
      error: {type: 'documentAlreadyExistsError', id: 'a'},
    })
    const docs = (await store.read()).docs
    expect(docs.has('b')).toBe(false)
    expect(docs.get('a')?.title).toBe('Title a')
  })

  it('validates mutations', () => {
    expect(() => parseMutations({})).toThrow(MutationFailure)
    expect(() => parseMutations([{create: {_id: 'a'}}])).toThrow(/does not have a type/)
    expect(() => parseMutations([{createOrReplace: {_type: 't'}}])).toThrow(/needs an _id/)
    expect(() => parseMutations([{create: {_id: 'bad id!', _type: 't'}}])).toThrow(/Malformed document ID/)
    expect(() => parseMutations([{patch: {id: 'a', frobnicate: {}}}])).toThrow(/unknown key/)
    expect(() => parseMutations([{create: {_type: 't'}, delete: {id: 'x'}}])).toThrow(/exactly one operation/)
    expect(parseMutations([{create: {_id: 'drafts.', _type: 't'}}])).toHaveLength(1)
  })
})
