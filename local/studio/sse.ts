import {Http2ServerResponse} from 'node:http2'
import type {LocalResponse} from '../server'

/** Server-sent events over HTTP/1.1 or HTTP/2. */

export function writeChunk(res: LocalResponse, chunk: string): boolean {
  // The two response classes' overloaded write() cannot be called through their union.
  return res instanceof Http2ServerResponse ? res.write(chunk) : res.write(chunk)
}

export function startEventStream(res: LocalResponse, httpVersionMajor: number): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-store',
    'X-Accel-Buffering': 'no',
    // HTTP/2 forbids connection-specific headers.
    ...(httpVersionMajor < 2 ? {Connection: 'keep-alive'} : {}),
  })
}

/** One event: `id:` (optional), `event:` and the JSON data on one line. */
export function formatEvent(event: string, data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

export const KEEPALIVE_COMMENT = ': keepalive\n\n'
