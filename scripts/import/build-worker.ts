import {parentPort} from 'node:worker_threads'
import type {BuildResult} from '../../migrations/report/build'
import {buildFile, errorMessage, type BuildJob} from './build-file'

/** A worker thread of the build pool: builds the jobs it is sent and posts each result back under its id. */
export interface BuildRequest {
  id: number
  job: BuildJob
}

/**
 * The result travels as JSON text: a structured clone of a report's
 * documents costs ~350 µs (serialise here, deserialise on the main thread),
 * JSON ~190 µs, and most of it is paid here instead of on the busy main thread.
 */
export interface BuildResponse {
  id: number
  json: string
}

/** Sent once, when the worker has loaded and listens for jobs. */
export interface WorkerReady {
  ready: true
}

const port = parentPort
if (!port) throw new Error('build-worker.ts runs as a worker thread of BuildPool')
port.on('message', (request: BuildRequest) => {
  const respond = (result: BuildResult) => port.postMessage({id: request.id, json: JSON.stringify(result)} satisfies BuildResponse)
  buildFile(request.job).then(respond, (error: unknown) => respond({ok: false, reason: errorMessage(error)}))
})
port.postMessage({ready: true} satisfies WorkerReady)
