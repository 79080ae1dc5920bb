import {parentPort, workerData} from 'node:worker_threads'
import {runPeer, type PeerJob} from './peer'

/** Worker thread of the import benchmark: runs the peer on the job it was started with and posts the tally. */
if (!parentPort) throw new Error('peer-worker.ts runs as a worker thread of bench-import.ts')
parentPort.postMessage(runPeer(workerData as PeerJob))
