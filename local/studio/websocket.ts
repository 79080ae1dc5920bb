import {createHash} from 'node:crypto'
import type {IncomingMessage} from 'node:http'
import type {Duplex} from 'node:stream'

/**
 * A minimal RFC 6455 WebSocket server connection: the handshake, masked
 * client frames (text, binary, fragments, ping, close) and unmasked server
 * text frames. Enough for the Studio's presence channel; no extensions.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
const MAX_MESSAGE_BYTES = 1 << 20

export interface WebSocketHandlers {
  onMessage(text: string): void
  onClose(): void
}

export class WebSocketConnection {
  private buffer: Buffer = Buffer.alloc(0)
  private fragments: Buffer[] = []
  private fragmentBytes = 0
  private closed = false

  private constructor(
    private readonly socket: Duplex,
    private readonly handlers: WebSocketHandlers,
  ) {}

  /** Completes the handshake, or answers 400 and returns undefined. */
  static accept(req: IncomingMessage, socket: Duplex, head: Buffer, handlers: WebSocketHandlers): WebSocketConnection | undefined {
    const key = req.headers['sec-websocket-key']
    const upgrade = req.headers.upgrade
    if (req.method !== 'GET' || typeof key !== 'string' || upgrade?.toLowerCase() !== 'websocket' || req.headers['sec-websocket-version'] !== '13') {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return undefined
    }
    const accept = createHash('sha1').update(`${key}${GUID}`).digest('base64')
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    )
    const connection = new WebSocketConnection(socket, handlers)
    socket.on('data', (chunk: Buffer) => connection.receive(chunk))
    socket.on('close', () => connection.finish())
    socket.on('error', () => connection.finish())
    if (head.length > 0) connection.receive(head)
    return connection
  }

  get open(): boolean {
    return !this.closed
  }

  send(text: string): void {
    if (this.closed) return
    this.socket.write(frame(0x1, Buffer.from(text, 'utf8')))
  }

  close(code = 1000, reason = ''): void {
    if (this.closed) return
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason))
    payload.writeUInt16BE(code, 0)
    payload.write(reason, 2)
    this.socket.end(frame(0x8, payload))
    this.finish()
  }

  private finish(): void {
    if (this.closed) return
    this.closed = true
    this.handlers.onClose()
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    for (;;) {
      const parsed = parseFrame(this.buffer)
      if (parsed === 'incomplete') return
      if (parsed === 'invalid') {
        this.close(1002, 'protocol error')
        this.socket.destroy()
        return
      }
      this.buffer = this.buffer.subarray(parsed.length)
      this.handle(parsed.fin, parsed.opcode, parsed.payload)
      if (this.closed) return
    }
  }

  private handle(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === 0x8) {
      this.close()
      return
    }
    if (opcode === 0x9) {
      this.socket.write(frame(0xa, payload))
      return
    }
    if (opcode === 0xa) return
    if (opcode !== 0x0 && opcode !== 0x1 && opcode !== 0x2) {
      this.close(1003, 'unsupported frame')
      return
    }
    this.fragmentBytes += payload.length
    if (this.fragmentBytes > MAX_MESSAGE_BYTES) {
      this.close(1009, 'message too big')
      return
    }
    this.fragments.push(payload)
    if (!fin) return
    const message = Buffer.concat(this.fragments).toString('utf8')
    this.fragments = []
    this.fragmentBytes = 0
    this.handlers.onMessage(message)
  }
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 0x10000
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)])
  return Buffer.concat([header, payload])
}

function bigLength(length: number): Buffer {
  const out = Buffer.alloc(8)
  out.writeBigUInt64BE(BigInt(length))
  return out
}

/** One frame from the start of `data`; clients must mask what they send. */
function parseFrame(data: Buffer): {fin: boolean; opcode: number; payload: Buffer; length: number} | 'incomplete' | 'invalid' {
  if (data.length < 2) return 'incomplete'
  const first = data[0] ?? 0
  const second = data[1] ?? 0
  if ((first & 0x70) !== 0 || (second & 0x80) === 0) return 'invalid'
  let length = second & 0x7f
  let offset = 2
  if (length === 126) {
    if (data.length < 4) return 'incomplete'
    length = data.readUInt16BE(2)
    offset = 4
  } else if (length === 127) {
    if (data.length < 10) return 'incomplete'
    const big = data.readBigUInt64BE(2)
    if (big > BigInt(MAX_MESSAGE_BYTES)) return 'invalid'
    length = Number(big)
    offset = 10
  }
  if (data.length < offset + 4 + length) return 'incomplete'
  const mask = data.subarray(offset, offset + 4)
  const payload = Buffer.from(data.subarray(offset + 4, offset + 4 + length))
  for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0)
  return {fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, length: offset + 4 + length}
}
