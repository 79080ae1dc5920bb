import {randomBytes} from 'node:crypto'
import type {IncomingMessage} from 'node:http'
import type {Duplex} from 'node:stream'
import {WebSocketConnection} from './websocket'

/**
 * The Studio's realtime channel (`/socket/{dataset}`, "bifur"): JSON-RPC 2.0
 * over a WebSocket, used for presence — which documents and fields each open
 * Studio is looking at. Every tab or window on the local Studio announces
 * itself to the others, as on Sanity; a heartbeat tells the Studio the
 * channel is up.
 */

const HEARTBEAT = '\u2665'
const DEFAULT_HEARTBEAT_MS = 15_000
const SOCKET_PATH = /^\/v(?:1|X|\d{4}-\d{2}-\d{2})\/socket\/([^/]+)$/

interface Client {
  ws: WebSocketConnection
  dataset: string
  subscriptions: Set<string>
  /** Studio sessions that announced themselves on this connection. */
  sessions: Set<string>
}

type PresenceEvent =
  | {type: 'rollCall'; i: string; session: string}
  | {type: 'state'; i: string; m: {sessionId: string; locations: unknown}}
  | {type: 'disconnect'; i: string; m: {session: string}}

interface RpcRequest {
  id?: string | number
  method: string
  params: Record<string, unknown>
}

function parseRequest(text: string): RpcRequest | undefined {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    const {jsonrpc, method, params, id} = value as Record<string, unknown>
    if (jsonrpc !== '2.0' || typeof method !== 'string') return undefined
    return {
      method,
      params: typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {},
      ...(typeof id === 'string' || typeof id === 'number' ? {id} : {}),
    }
  } catch {
    return undefined
  }
}

export class PresenceHub {
  private readonly clients = new Set<Client>()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly userId: string,
    private readonly datasets: readonly string[],
    heartbeatMs = DEFAULT_HEARTBEAT_MS,
  ) {
    this.timer = setInterval(() => {
      for (const client of this.clients) client.ws.send(HEARTBEAT)
    }, heartbeatMs)
    this.timer.unref()
  }

  /** Whether `pathname` is the socket endpoint (of a known dataset). */
  handles(pathname: string): boolean {
    const dataset = SOCKET_PATH.exec(pathname)?.[1]
    return dataset !== undefined && this.datasets.includes(dataset)
  }

  accept(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const dataset = SOCKET_PATH.exec(url.pathname)?.[1]
    if (!dataset || !this.datasets.includes(dataset)) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return
    }
    let client: Client | undefined
    const ws = WebSocketConnection.accept(req, socket, head, {
      onMessage: (text) => {
        if (client && text !== HEARTBEAT) this.receive(client, text)
      },
      onClose: () => {
        if (!client) return
        this.clients.delete(client)
        for (const session of client.sessions) {
          this.broadcast(client, {type: 'disconnect', i: this.userId, m: {session}})
        }
      },
    })
    if (!ws) return
    client = {ws, dataset, subscriptions: new Set(), sessions: new Set()}
    this.clients.add(client)
    ws.send(HEARTBEAT)
  }

  close(): void {
    clearInterval(this.timer)
    for (const client of [...this.clients]) client.ws.close(1001, 'server shutting down')
    this.clients.clear()
  }

  private reply(client: Client, id: string | number | undefined, result: unknown): void {
    if (id !== undefined) client.ws.send(JSON.stringify({jsonrpc: '2.0', id, result}))
  }

  private fail(client: Client, id: string | number | undefined, code: number, message: string): void {
    client.ws.send(JSON.stringify({jsonrpc: '2.0', id: id ?? null, error: {code, message}}))
  }

  private receive(client: Client, text: string): void {
    const request = parseRequest(text)
    if (!request) {
      this.fail(client, undefined, -32700, 'Parse error')
      return
    }
    const {id, method, params} = request
    const session = typeof params.session === 'string' ? params.session : undefined
    switch (method) {
      case 'authorization':
        // The local Studio has one user; there is no token to check.
        this.reply(client, id, true)
        return
      case 'presence_subscribe': {
        const subscription = randomBytes(8).toString('hex')
        client.subscriptions.add(subscription)
        this.reply(client, id, subscription)
        return
      }
      case 'presence_unsubscribe':
        if (typeof params.subscriptionId === 'string') client.subscriptions.delete(params.subscriptionId)
        this.reply(client, id, true)
        return
      case 'presence_rollcall':
        if (session) this.broadcast(client, {type: 'rollCall', i: this.userId, session})
        this.reply(client, id, true)
        return
      case 'presence_announce': {
        const data = params.data
        const sessionId =
          typeof data === 'object' && data !== null && typeof (data as {sessionId?: unknown}).sessionId === 'string'
            ? (data as {sessionId: string}).sessionId
            : undefined
        if (sessionId) {
          client.sessions.add(sessionId)
          const locations = (data as {locations?: unknown}).locations ?? []
          this.broadcast(client, {type: 'state', i: this.userId, m: {sessionId, locations}})
        }
        this.reply(client, id, true)
        return
      }
      case 'presence_disconnect':
        if (session) {
          client.sessions.delete(session)
          this.broadcast(client, {type: 'disconnect', i: this.userId, m: {session}})
        }
        this.reply(client, id, true)
        return
      default:
        this.fail(client, id, -32601, `Method not found: ${method}`)
    }
  }

  /** To every other connection on the same dataset, on each of its presence subscriptions. */
  private broadcast(from: Client, event: PresenceEvent): void {
    for (const client of this.clients) {
      if (client === from || client.dataset !== from.dataset) continue
      for (const subscription of client.subscriptions) {
        client.ws.send(JSON.stringify({jsonrpc: '2.0', method: 'presence_subscription', params: {subscription, result: event}}))
      }
    }
  }
}
