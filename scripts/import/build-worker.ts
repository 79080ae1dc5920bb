import {parentPort} from 'node:worker_threads'
import type {BuildResult} from '../../migrations/report/build'
import {buildFile, errorMessage, type BuildJob} from './build-file'

/** A worker thread of the build pool: builds the jobs it is sent and posts each result back under its id. */
export interface BuildRequest {
  id: number
  job: BuildJob
}

export interface BuildResponse {
  id: number
  result: BuildResult
}

/** Sent once, when the worker has loaded and listens for jobs. */
export interface WorkerReady {
  ready: true
}

const port = parentPort
if (!port) throw new Error('build-worker.ts runs as a worker thread of BuildPool')
port.on('message', (request: BuildRequest) => {
  buildFile(request.job).then(
    (result) => port.postMessage({id: request.id, result} satisfies BuildResponse),
    (error: unknown) => port.postMessage({id: request.id, result: {ok: false, reason: errorMessage(error)}} satisfies BuildResponse),
  )
})
port.postMessage({ready: true} satisfies WorkerReady)
