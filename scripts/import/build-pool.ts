import {availableParallelism} from 'node:os'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {build} from 'esbuild'
import type {BuildResult} from '../../migrations/report/build'
import {buildFile, type BuildJob} from './build-file'
import type {BuildRequest, BuildResponse, WorkerReady} from './build-worker'

/** Builds report files, inline or on worker threads; results come back per job, in any order. */
export interface Builder {
  build(job: BuildJob): Promise<BuildResult>
  close(): Promise<void>
}

const WORKER_MODULE = new URL('./build-worker.ts', import.meta.url)

/**
 * Workers do not inherit the TypeScript loader for their entry module, so a
 * small script registers tsx in the thread and then imports the real one.
 * Both are resolved from here, so the import works from any directory.
 */
export const WORKER_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({register}) => register())
  .then(() => import(${JSON.stringify(WORKER_MODULE.href)}))`

let bundled: Promise<string> | undefined

/**
 * The worker module and everything it imports as one CommonJS script, made
 * by esbuild (the compiler tsx itself runs) once per process. Two workers
 * load it in ~0.35 s, against ~0.9 s to register tsx and load every module
 * through it (measured on the 2-core CI machine). Should bundling fail, the
 * workers load through tsx.
 */
export function workerBundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [fileURLToPath(WORKER_MODULE)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).then(
    (result) => result.outputFiles[0]?.text ?? WORKER_BOOTSTRAP,
    (error: unknown) => {
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
      process.emitWarning(`could not bundle the build worker (${reason}); workers load through tsx`)
      return WORKER_BOOTSTRAP
    },
  )
  return bundled
}

/**
 * Below this many files per thread, starting workers costs more than it
 * saves: besides loading (~0.35 s), each worker compiles the pipeline anew,
 * and its first ~500 reports build at half speed.
 */
const FILES_PER_WORKER = 1000

/**
 * `--jobs auto`: a worker per core but one, since the main thread stays busy
 * receiving and writing documents, and only as many as the batch keeps
 * busy. On two cores that means no workers: measured there on 10,000 files
 * (six bench runs), two workers and the main thread build 1,000–1,260
 * reports/s against 1,490–2,100 on the main thread alone: the three threads
 * share two cores, two threads building reports each run at ~0.7× the speed
 * of one, and even workers that send back nothing but counts beat the main
 * thread alone by only ~10%.
 */
export function autoJobs(files: number): number {
  return Math.max(1, Math.min(availableParallelism() - 1, Math.floor(files / FILES_PER_WORKER)))
}

/** Builds queued per thread, so every thread stays busy while the main thread writes. */
export const LOOKAHEAD_PER_THREAD = 8

export function createBuilder(jobs: number): Builder {
  return jobs <= 1 ? inlineBuilder : new BuildPool(jobs)
}

const inlineBuilder: Builder = {build: buildFile, close: async () => {}}

interface Pending {
  job: BuildJob
  resolve: (result: BuildResult) => void
  /** Workers that died while building this job; a job that takes down two fails instead of a third. */
  crashes: number
}

interface Slot {
  worker: Worker
  pending: Map<number, Pending>
  /** Whether the worker has loaded; one that dies before that could not start. */
  ready: boolean
}

/** Workers that die before loading, in a row, before the pool builds on the main thread instead. */
const MAX_FAILED_STARTS = 3

/**
 * Worker threads that read, decode and build report files (all pure but
 * the read), so a bulk import uses every core from one process. A worker
 * that dies is replaced and its jobs are sent again; a job that takes down a
 * second worker fails alone with a one-line reason, and the jobs queued
 * behind it are built. Until a worker has loaded, and for good if workers
 * cannot start at all, the main thread builds.
 */
export class BuildPool implements Builder {
  private readonly slots: Slot[] = []
  private nextId = 0
  private closing = false
  private failedStarts = 0
  private readonly onReady: Array<() => void> = []
  /** The worker code, once known; until then (and after falling back) the main thread builds. */
  private workerScript: string | undefined
  private fellBack = false

  /** `workerScript` is the code each worker thread runs (CommonJS, eval'd); tests pass failing ones. */
  constructor(size: number, workerScript: string | Promise<string> = workerBundle()) {
    void Promise.resolve(workerScript).then((script) => {
      if (this.closing) return
      this.workerScript = script
      for (let i = 0; i < size; i++) this.slots.push(this.spawn(script))
    })
  }

  build(job: BuildJob): Promise<BuildResult> {
    return new Promise((resolve) => this.dispatch({job, resolve, crashes: 0}))
  }

  async close(): Promise<void> {
    this.closing = true
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }

  /** Resolves once every worker has loaded, or once the pool has fallen back to the main thread. */
  ready(): Promise<void> {
    if (this.allReady()) return Promise.resolve()
    return new Promise((resolve) => this.onReady.push(resolve))
  }

  private allReady(): boolean {
    return this.fellBack || (this.workerScript !== undefined && this.slots.every((s) => s.ready))
  }

  private dispatch(pending: Pending): void {
    // The least busy loaded worker gets the job; ties go to the first. A job that took a worker down
    // waits for one rather than risk the main thread.
    const slot = this.leastBusy(true) ?? (pending.crashes > 0 ? this.leastBusy(false) : undefined)
    if (!slot) {
      // No worker has loaded yet (it takes ~0.35 s) or none can: the main thread builds meanwhile. Each
      // build is its own macrotask, so a worker's ready message is seen between two of them.
      setImmediate(() => void buildFile(pending.job).then(pending.resolve))
      return
    }
    const id = this.nextId++
    slot.pending.set(id, pending)
    slot.worker.postMessage({id, job: pending.job} satisfies BuildRequest)
  }

  private leastBusy(loadedOnly: boolean): Slot | undefined {
    let best: Slot | undefined
    for (const s of this.slots) if ((s.ready || !loadedOnly) && (!best || s.pending.size < best.pending.size)) best = s
    return best
  }

  private spawn(script: string): Slot {
    const worker = new Worker(script, {eval: true})
    const slot: Slot = {worker, pending: new Map(), ready: false}
    worker.on('message', (response: BuildResponse | WorkerReady) => {
      if ('ready' in response) {
        slot.ready = true
        this.failedStarts = 0
        if (this.allReady()) for (const resolve of this.onReady.splice(0)) resolve()
        return
      }
      const pending = slot.pending.get(response.id)
      slot.pending.delete(response.id)
      pending?.resolve(JSON.parse(response.json) as BuildResult)
    })
    worker.on('error', (error) => this.lost(slot, error.message.split('\n')[0] ?? 'error'))
    worker.on('exit', (code) => this.lost(slot, `exit code ${code}`))
    return slot
  }

  /** A worker died (error, then exit, both land here; the second finds nothing to do). */
  private lost(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot)
    if (this.closing || index < 0) return
    const held = [...slot.pending.values()]
    slot.pending.clear()
    // A worker builds its jobs one at a time, in order: the oldest job it held is the one it died on.
    const culprit = slot.ready ? held[0] : undefined
    if (culprit) culprit.crashes++
    if (!slot.ready) this.failedStarts++
    if (this.failedStarts >= MAX_FAILED_STARTS) {
      process.emitWarning(`build worker threads cannot start (${reason}); building on the main thread`)
      for (const other of this.slots) {
        if (other === slot) continue
        held.push(...other.pending.values())
        other.pending.clear()
        void other.worker.terminate()
      }
      this.slots.length = 0
      this.fellBack = true
      for (const resolve of this.onReady.splice(0)) resolve()
    } else {
      this.slots[index] = this.spawn(this.workerScript ?? WORKER_BOOTSTRAP)
    }
    for (const pending of held) {
      if (pending.crashes >= 2) pending.resolve({ok: false, reason: `build worker stopped: ${reason}`})
      else this.dispatch(pending)
    }
  }
}
