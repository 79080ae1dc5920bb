import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'
import type {BuildResult} from '../../migrations/report/build'
import {buildFile, type BuildJob} from './build-file'
import type {BuildRequest, BuildResponse, WorkerReady} from './build-worker'

/** Builds report files, inline or on worker threads; results come back per job, in any order. */
export interface Builder {
  build(job: BuildJob): Promise<BuildResult>
  close(): Promise<void>
}

/**
 * Workers do not inherit the TypeScript loader for their entry module, so a
 * small script registers tsx in the thread and then imports the real one.
 * Both are resolved from here, so the import works from any directory.
 */
export const WORKER_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({register}) => register())
  .then(() => import(${JSON.stringify(new URL('./build-worker.ts', import.meta.url).href)}))`

/**
 * Below this many files per thread, starting workers costs more than it
 * saves: a worker takes about 1.1 s to load the pipeline (measured on the
 * 2-core CI machine), the time to build ~1,000 reports.
 */
const FILES_PER_WORKER = 1000

/**
 * `--jobs auto`: a worker per core but one, since the main thread stays busy
 * receiving and writing documents, and only as many as the batch keeps
 * busy. On two cores that means no workers: measured there, two workers
 * and the main thread build from files at ~690 reports/s against ~920 on
 * the main thread alone.
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
 * behind it are built. If workers cannot start at all, the pool builds on
 * the main thread.
 */
export class BuildPool implements Builder {
  private readonly slots: Slot[] = []
  private nextId = 0
  private closing = false
  private failedStarts = 0

  /** `workerScript` is the code each worker thread runs (CommonJS, eval'd); tests pass failing ones. */
  constructor(
    size: number,
    private readonly workerScript: string = WORKER_BOOTSTRAP,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn())
  }

  build(job: BuildJob): Promise<BuildResult> {
    return new Promise((resolve) => this.dispatch({job, resolve, crashes: 0}))
  }

  async close(): Promise<void> {
    this.closing = true
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }

  private dispatch(pending: Pending): void {
    if (this.slots.length === 0) {
      void buildFile(pending.job).then(pending.resolve)
      return
    }
    // The least busy worker gets the job; ties go to the first.
    let slot = this.slots[0]!
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s
    const id = this.nextId++
    slot.pending.set(id, pending)
    slot.worker.postMessage({id, job: pending.job} satisfies BuildRequest)
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerScript, {eval: true})
    const slot: Slot = {worker, pending: new Map(), ready: false}
    worker.on('message', (response: BuildResponse | WorkerReady) => {
      if ('ready' in response) {
        slot.ready = true
        this.failedStarts = 0
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
    } else {
      this.slots[index] = this.spawn()
    }
    for (const pending of held) {
      if (pending.crashes >= 2) pending.resolve({ok: false, reason: `build worker stopped: ${reason}`})
      else this.dispatch(pending)
    }
  }
}
