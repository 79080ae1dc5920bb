import {parentPort} from 'node:worker_threads'
import {createPeer, type PeerJob} from './peer'

/**
 * Worker thread of the import benchmark: runs the peer on each job it is
 * sent and posts the tally back. It stays up between jobs, so the benchmark
 * can interleave the peer with its own pipeline in short rounds.
 */
const port = parentPort
if (!port) throw new Error('peer-worker.ts runs as a worker thread of bench-import.ts')
const peer = createPeer()
port.on('message', (job: PeerJob) => port.postMessage(peer(job)))
port.postMessage('ready')
