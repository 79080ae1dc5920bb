import {createHash, timingSafeEqual} from 'node:crypto'
import {createServer, STATUS_CODES, type IncomingMessage, type ServerResponse} from 'node:http'
import {createSecureServer, type Http2ServerRequest, type Http2ServerResponse, type Http2Session} from 'node:http2'
import type {AddressInfo, Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {
  DATASET_NAME_PATTERN,
  DatasetLockedError,
  DatasetStore,
  LocalDatasetError,
  resolveLocalDataset,
  type DatasetSnapshot,
  type SanityDocument,
} from './dataset-store'
import {
  compileQuery,
  DatasetView,
  DEFAULT_QUERY_TIMEOUT_MS,
  isPrivateId,
  isPublishedPerspective,
  parsePerspective,
  PerspectiveError,
  perspectiveKey,
  QueryParseError,
  QueryTimeoutError,
  runQuery,
  type Perspective,
} from './groq'
import {applyMutations, MutationFailure, parseMutations} from './mutations'

/**
 * A local stand-in for Content Lake's HTTP API (query, mutate, doc) over the
 * NDJSON dataset, so `@sanity/client` works against it unchanged:
 *
 *   createClient({projectId: 'local', dataset, apiHost: server.url,
 *     useProjectHostname: false, apiVersion: '2025-02-19', useCdn: false})
 */

export interface LocalServerOptions {
  /** Default `LOCAL_API_PORT` or 3333; 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. Anything else exposes the dataset to the network: set a token. */
  host?: string
  dir?: string
  dataset?: string
  /** Required for mutations and non-published reads when set; default `LOCAL_API_TOKEN`. */
  token?: string
  /** Default 10 MB. */
  maxBodyBytes?: number
  /** Default 10 s. */
  queryTimeoutMs?: number
  /** How long a mutation waits for another process holding the dataset lock; default 5 s. */
  lockTimeoutMs?: number
  env?: NodeJS.ProcessEnv
  /** One line per request (method, path, status, time). Never includes headers or tokens. */
  log?: (line: string) => void
  /**
   * Serve HTTPS with this key and certificate, over HTTP/2 (HTTP/1.1 still
   * accepted). Browsers speak HTTP/2 only over TLS, and need it for many
   * concurrent event streams (the Studio).
   */
  tls?: {key: string | Buffer; cert: string | Buffer}
  /**
   * Extra routes (the Studio API), tried after the Origin, Host and token
   * checks and before the data API. Resolve true when the request was handled;
   * throw HttpError (or any error the data API throws) to answer with an error.
   */
  routes?: LocalRoutes
  /** Called after every committed `data/mutate` transaction (not for dry runs or no-ops). */
  onCommit?: (commit: LocalCommit) => void
  /**
   * WebSocket upgrades (HTTP/1.1), after the Host check and only from a local
   * Origin; without it upgrades are answered as ordinary requests.
   */
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void
}

/** A request over HTTP/1.1 or HTTP/2. */
export type LocalRequest = IncomingMessage | Http2ServerRequest
export type LocalResponse = ServerResponse | Http2ServerResponse

export interface LocalRouteContext {
  url: URL
  /** The store of an existing dataset (the configured one always exists); throws a 404 HttpError otherwise. */
  store(dataset: string): Promise<DatasetStore>
  /** Whether the request carries the configured token (always true when none is configured). */
  authorized: boolean
  /** Throws a 401 HttpError unless authorized. */
  requireAuth(what: string): void
  /** The request body as a JSON object, within the size limit and without `__proto__` keys. */
  readJson(): Promise<Record<string, unknown>>
  /** The raw request body as text, within the size limit. */
  readText(): Promise<string>
}

export type LocalRoutes = (req: LocalRequest, res: LocalResponse, context: LocalRouteContext) => Promise<boolean>

/** A committed transaction: what a change feed (listeners) needs. */
export interface LocalCommit {
  dataset: string
  transactionId: string
  timestamp: string
  /** The dataset before and after the transaction. */
  before: DatasetSnapshot
  after: DatasetSnapshot
  /** Ids created or modified, and ids deleted. */
  changed: readonly string[]
  deleted: readonly string[]
}

export interface LocalServer {
  url: string
  host: string
  port: number
  dataset: string
  dir: string
  close(): Promise<void>
}

export const DEFAULT_PORT = 3333
export const DEFAULT_HOST = '127.0.0.1'
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
const DEFAULT_LOCK_TIMEOUT_MS = 5_000
const MAX_DOC_IDS = 1_000
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])
const ROUTE = /^\/v(1|X|\d{4}-\d{2}-\d{2})\/data\/([a-z]+)\/([^/]+)(?:\/(.*))?$/
/** From this API version on, a query without a perspective reads `published`; before it, `raw`. */
const PUBLISHED_DEFAULT_SINCE = '2025-02-19'
const TRANSACTION_ID = /^[A-Za-z0-9._-]{1,128}$/

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost')
}

function isLocalOrigin(origin: string): boolean {
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHostname(url.hostname)
  } catch {
    return false
  }
}

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname
  } catch {
    return undefined
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}

export function sendJson(res: LocalResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(text)
}

/** `{error, message, statusCode}`, the shape Sanity's API uses for HTTP-level errors. */
function httpErrorBody(status: number, message: string): {error: string; message: string; statusCode: number} {
  return {error: STATUS_CODES[status] ?? 'Error', message, statusCode: status}
}

function readBody(req: LocalRequest, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'])
  // Far too big: answer now and drop the connection rather than read it all.
  if (Number.isFinite(declared) && declared > limit * 4) {
    // HTTP/2 has no Connection header; the stream is reset instead.
    const headers: Record<string, string> = req.httpVersionMajor < 2 ? {Connection: 'close'} : {}
    return Promise.reject(new HttpError(413, `Request body exceeds the limit of ${limit} bytes`, headers))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      // Reading a little past the limit lets the client receive the 413 instead of a reset.
      else if (size > limit * 4) req.destroy()
    })
    req.on('end', () => {
      if (size > limit) reject(new HttpError(413, `Request body exceeds the limit of ${limit} bytes`))
      else resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', reject)
    req.on('close', () => {
      if (size > limit) reject(new HttpError(413, `Request body exceeds the limit of ${limit} bytes`))
    })
  })
}

function hasProtoKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasProtoKey)
  if (typeof value !== 'object' || value === null) return false
  return Object.keys(value).includes('__proto__') || Object.values(value).some(hasProtoKey)
}

async function readJson(req: LocalRequest, limit: number): Promise<Record<string, unknown>> {
  const text = await readBody(req, limit)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    throw new HttpError(
      400,
      `Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(400, 'Request body must be a JSON object')
  // `__proto__` keys would change prototypes when documents are copied with Object.assign.
  if (text.includes('"__proto__"') && hasProtoKey(body))
    throw new HttpError(400, 'Keys named "__proto__" are not allowed')
  return body as Record<string, unknown>
}

function flag(value: string | null): boolean {
  return value === 'true' || value === '1'
}

function systemFields(doc: SanityDocument): SanityDocument {
  const {_id, _type, _rev, _createdAt, _updatedAt} = doc
  return {_id, _type, ...(_rev ? {_rev} : {}), ...(_createdAt ? {_createdAt} : {}), ...(_updatedAt ? {_updatedAt} : {})}
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const env = options.env ?? process.env
  const resolved = resolveLocalDataset({dir: options.dir, dataset: options.dataset}, env)
  const host = options.host ?? DEFAULT_HOST
  const port = options.port ?? (env.LOCAL_API_PORT ? Number(env.LOCAL_API_PORT) : DEFAULT_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${String(port)}`)
  const token = options.token || env.LOCAL_API_TOKEN || undefined
  const tokenDigest = token ? digest(token) : undefined
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS
  const loopbackOnly = isLoopbackHostname(host)
  const log = options.log

  const stores = new Map<string, DatasetStore>()
  const storeFor = (name: string, create: boolean): DatasetStore => {
    const existing = stores.get(name)
    if (existing) return existing
    const store = new DatasetStore({dir: resolved.dir, dataset: name, lockTimeoutMs, env})
    if (create) stores.set(name, store)
    return store
  }
  const primary = storeFor(resolved.dataset, true)
  // Fail at start, not on the first request, when the file is corrupt.
  await primary.read()

  /** The configured dataset always exists; others only when their file does. */
  const datasetStore = async (name: string): Promise<DatasetStore> => {
    const notFound = new HttpError(404, `Dataset "${name}" not found for project ID "local"`)
    if (!DATASET_NAME_PATTERN.test(name)) throw notFound
    if (name === resolved.dataset) return primary
    const store = storeFor(name, false)
    if (!(await store.exists())) throw notFound
    stores.set(name, store)
    return store
  }

  const views = new WeakMap<DatasetSnapshot, Map<string, DatasetView>>()
  const viewFor = (snapshot: DatasetSnapshot, perspective: Perspective): DatasetView => {
    let byPerspective = views.get(snapshot)
    if (!byPerspective) {
      byPerspective = new Map()
      views.set(snapshot, byPerspective)
    }
    const key = perspectiveKey(perspective)
    let view = byPerspective.get(key)
    if (!view) {
      view = DatasetView.from(snapshot.docs.values(), perspective)
      byPerspective.set(key, view)
    }
    return view
  }

  const isAuthorized = (req: LocalRequest): boolean => {
    if (!tokenDigest) return true
    const header = req.headers.authorization
    const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null
    if (!match?.[1]) return false
    // Hashing first makes the comparison constant-time whatever the lengths.
    return timingSafeEqual(digest(match[1]), tokenDigest)
  }
  const requireAuth = (req: LocalRequest, what: string): void => {
    if (!isAuthorized(req)) {
      throw new HttpError(401, `A valid token (Authorization: Bearer …) is required to ${what}`, {
        'WWW-Authenticate': 'Bearer',
      })
    }
  }

  async function handleQuery(
    req: LocalRequest,
    res: LocalResponse,
    url: URL,
    version: string,
    dataset: string,
  ): Promise<void> {
    let query: unknown
    let params: Record<string, unknown> = {}
    let perspectiveInput: unknown = url.searchParams.get('perspective') ?? undefined
    if (req.method === 'GET' || req.method === 'HEAD') {
      query = url.searchParams.get('query')
      for (const [key, value] of url.searchParams) {
        if (!key.startsWith('$')) continue
        try {
          // defineProperty: a `$__proto__` param must stay a plain key.
          Object.defineProperty(params, key.slice(1), {value: JSON.parse(value), enumerable: true, writable: true})
        } catch {
          throw new HttpError(400, `Unable to parse value of "${key}" as JSON`)
        }
      }
    } else if (req.method === 'POST') {
      const body = await readJson(req, maxBodyBytes)
      query = body.query
      if (body.params !== undefined) {
        if (typeof body.params !== 'object' || body.params === null || Array.isArray(body.params)) {
          throw new HttpError(400, '"params" must be an object')
        }
        params = body.params as Record<string, unknown>
      }
      if (body.perspective !== undefined) perspectiveInput = body.perspective
    } else {
      throw new HttpError(405, `Method ${req.method ?? ''} not allowed`, {Allow: 'GET, POST'})
    }
    if (typeof query !== 'string' || query.trim() === '') throw new HttpError(400, 'The "query" parameter is required')
    if (
      perspectiveInput !== undefined &&
      typeof perspectiveInput !== 'string' &&
      !(Array.isArray(perspectiveInput) && perspectiveInput.every((p) => typeof p === 'string'))
    ) {
      throw new HttpError(400, '"perspective" must be a string or an array of strings')
    }
    let perspective: Perspective
    if (perspectiveInput === undefined && (version === '1' || (version !== 'X' && version < PUBLISHED_DEFAULT_SINCE))) {
      // Older API versions default to `raw`; without access to drafts that is what `published` shows.
      perspective = isAuthorized(req) ? {kind: 'raw'} : parsePerspective(undefined)
    } else {
      perspective = parsePerspective(perspectiveInput as string | string[] | undefined)
      if (!isPublishedPerspective(perspective)) requireAuth(req, 'read drafts, versions or raw documents')
    }
    const compiled = compileQuery(query, params)
    const store = await datasetStore(dataset)
    const view = viewFor(await store.read(), perspective)
    const outcome = await runQuery(view, compiled, {params, timeoutMs: queryTimeoutMs})
    const returnQuery = url.searchParams.get('returnQuery') !== 'false'
    sendJson(
      res,
      200,
      {...(returnQuery ? {query} : {}), result: outcome.result ?? null, ms: Math.round(outcome.ms)},
      {
        'X-Local-Query-Plan': outcome.plan,
      },
    )
  }

  async function handleMutate(req: LocalRequest, res: LocalResponse, url: URL, dataset: string): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, `Method ${req.method ?? ''} not allowed`, {Allow: 'POST'})
    requireAuth(req, 'mutate documents')
    const store = await datasetStore(dataset)
    const body = await readJson(req, maxBodyBytes)
    const mutations = parseMutations(body.mutations)
    const transactionId =
      url.searchParams.get('transactionId') ?? (typeof body.transactionId === 'string' ? body.transactionId : undefined)
    if (transactionId !== undefined && !TRANSACTION_ID.test(transactionId))
      throw new HttpError(400, 'Malformed transactionId')
    const returnIds = flag(url.searchParams.get('returnIds'))
    const returnDocuments = flag(url.searchParams.get('returnDocuments'))
    const dryRun = flag(url.searchParams.get('dryRun'))
    let before: DatasetSnapshot | undefined
    const outcome = await store.transactDetailed(
      async (docs) => {
        // Under the lock this is the snapshot the transaction started from (cached, no re-read).
        if (onCommit && !dryRun) before = await store.read()
        return applyMutations(docs, mutations, {
          autoGenerateArrayKeys: flag(url.searchParams.get('autoGenerateArrayKeys')),
          queryTimeoutMs,
        })
      },
      {rev: transactionId, dryRun},
    )
    if (before && (outcome.changed.length > 0 || outcome.deleted.length > 0)) {
      notifyCommit({
        dataset,
        transactionId: outcome.rev,
        timestamp: outcome.timestamp,
        before,
        after: outcome.snapshot,
        changed: outcome.changed,
        deleted: outcome.deleted,
      })
    }
    const results = outcome.value.map(({id, operation}) => {
      const document = operation === 'delete' ? undefined : outcome.snapshot.docs.get(id)
      return {id, operation, ...(returnDocuments && document ? {document} : {})}
    })
    sendJson(res, 200, {
      transactionId: outcome.rev,
      results,
      ...(returnIds ? {documentIds: results.map((r) => r.id)} : {}),
    })
  }

  async function handleDoc(
    req: LocalRequest,
    res: LocalResponse,
    url: URL,
    dataset: string,
    rest: string | undefined,
  ): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, `Method ${req.method ?? ''} not allowed`, {Allow: 'GET'})
    let ids: string[]
    try {
      ids = (rest ?? '')
        .split(',')
        .map((id) => decodeURIComponent(id).trim())
        .filter(Boolean)
    } catch {
      throw new HttpError(400, 'Malformed document ID in path')
    }
    if (ids.length === 0) throw new HttpError(400, 'No document IDs given')
    if (ids.length > MAX_DOC_IDS) throw new HttpError(400, `At most ${MAX_DOC_IDS} document IDs per request`)
    const store = await datasetStore(dataset)
    const {docs} = await store.read()
    const authorized = isAuthorized(req)
    const excludeContent = flag(url.searchParams.get('excludeContent'))
    const documents: SanityDocument[] = []
    const omitted: {id: string; reason: 'existence' | 'permission'}[] = []
    for (const id of new Set(ids)) {
      if (!authorized && isPrivateId(id)) {
        omitted.push({id, reason: 'permission'})
        continue
      }
      const doc = docs.get(id)
      if (!doc) omitted.push({id, reason: 'existence'})
      else documents.push(excludeContent ? systemFields(doc) : doc)
    }
    sendJson(res, 200, {documents, omitted})
  }

  const corsHeaders = (req: LocalRequest): Record<string, string> => {
    const origin = req.headers.origin
    if (!origin || !isLocalOrigin(origin)) return {}
    const requested = req.headers['access-control-request-headers']
    const allowHeaders =
      typeof requested === 'string' && /^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$/.test(requested)
        ? requested
        : 'Authorization, Content-Type, X-Sanity-Project-ID'
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': allowHeaders,
      // Studios on another local origin send cookies (withCredentials); there are none to leak here.
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    }
  }

  /** Origin and Host checks, for requests and WebSocket upgrades alike. */
  function checkCaller(req: LocalRequest): void {
    const origin = req.headers.origin
    // Browsers send Origin on cross-site requests; only local pages may use this API.
    if (origin && origin !== 'null' && !isLocalOrigin(origin))
      throw new HttpError(403, `Origin ${origin} is not allowed`)
    // A DNS-rebinding page reaches 127.0.0.1 under its own host name.
    // HTTP/2 sends the host as the :authority pseudo-header.
    const authority = req.headers[':authority']
    const hostHeader = req.headers.host ?? (typeof authority === 'string' ? authority : undefined)
    if (loopbackOnly && hostHeader) {
      const hostname = hostnameOf(hostHeader)
      if (!hostname || !isLoopbackHostname(hostname)) throw new HttpError(403, `Host ${hostHeader} is not allowed`)
    }
  }

  async function route(req: LocalRequest, res: LocalResponse): Promise<void> {
    checkCaller(req)
    // Like Content Lake, a wrong token is an error even where none is needed: it is a misconfiguration.
    if (tokenDigest && req.headers.authorization !== undefined && !isAuthorized(req)) {
      throw new HttpError(401, 'The token in the Authorization header is not valid', {'WWW-Authenticate': 'Bearer'})
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {'Content-Length': '0'})
      res.end()
      return
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (options.routes) {
      const context: LocalRouteContext = {
        url,
        store: datasetStore,
        authorized: isAuthorized(req),
        requireAuth: (what) => requireAuth(req, what),
        readJson: () => readJson(req, maxBodyBytes),
        readText: () => readBody(req, maxBodyBytes),
      }
      if (await options.routes(req, res, context)) return
    }
    const match = ROUTE.exec(url.pathname)
    if (!match) throw new HttpError(404, `No route for ${req.method ?? 'GET'} ${url.pathname}`)
    const [, version = '', endpoint, dataset = '', rest] = match
    if (endpoint === 'query' && rest === undefined) return handleQuery(req, res, url, version, dataset)
    if (endpoint === 'mutate' && rest === undefined) return handleMutate(req, res, url, dataset)
    if (endpoint === 'doc' && rest !== undefined) return handleDoc(req, res, url, dataset, rest)
    throw new HttpError(
      404,
      `No route for ${req.method ?? 'GET'} ${url.pathname}${endpoint === 'listen' ? ' (listen is not supported locally)' : ''}`,
    )
  }

  function sendError(res: LocalResponse, error: unknown): void {
    if (res.headersSent) {
      res.destroy()
      return
    }
    if (error instanceof HttpError)
      return sendJson(res, error.statusCode, httpErrorBody(error.statusCode, error.message), error.headers)
    if (error instanceof QueryParseError) return sendJson(res, 400, error.toJSON())
    if (error instanceof QueryTimeoutError) {
      return sendJson(res, 400, {error: {description: error.message, type: 'queryTimeoutError'}})
    }
    if (error instanceof PerspectiveError) return sendJson(res, 400, httpErrorBody(400, error.message))
    if (error instanceof MutationFailure) return sendJson(res, error.statusCode, error.toJSON())
    if (error instanceof DatasetLockedError) return sendJson(res, 409, httpErrorBody(409, error.message))
    if (error instanceof LocalDatasetError && error.code === 'invalid-document') {
      return sendJson(res, 400, httpErrorBody(400, error.message))
    }
    if (error instanceof LocalDatasetError) return sendJson(res, 500, httpErrorBody(500, error.message))
    log?.(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    sendJson(res, 500, httpErrorBody(500, 'Internal error in the local API; see the server log'))
  }

  const onCommit = options.onCommit
  const notifyCommit = (commit: LocalCommit): void => {
    try {
      onCommit?.(commit)
    } catch (error) {
      // The write is committed; a failing listener must not turn it into an error.
      log?.(`commit listener failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    }
  }

  const handler = (req: LocalRequest, res: LocalResponse): void => {
    const started = performance.now()
    for (const [name, value] of Object.entries(corsHeaders(req))) res.setHeader(name, value)
    res.on('finish', () => {
      log?.(
        `${req.method ?? '?'} ${(req.url ?? '').split('?')[0]} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`,
      )
    })
    route(req, res).catch((error: unknown) => sendError(res, error))
  }
  const sessions = new Set<Http2Session>()
  const sockets = new Set<Socket>()
  let server: ReturnType<typeof createServer> | ReturnType<typeof createSecureServer>
  let plainServer: ReturnType<typeof createServer> | undefined
  if (options.tls) {
    const secure = createSecureServer({key: options.tls.key, cert: options.tls.cert, allowHTTP1: true}, handler)
    secure.on('session', (session: Http2Session) => {
      sessions.add(session)
      session.once('close', () => sessions.delete(session))
    })
    secure.on('secureConnection', (socket: Socket) => {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    })
    server = secure
  } else {
    const plain = createServer(handler)
    plain.headersTimeout = 30_000
    plain.requestTimeout = 120_000
    server = plain
    plainServer = plain
  }

  const onUpgrade = options.upgrade
  if (onUpgrade) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      try {
        checkCaller(req)
        // Browsers always send Origin with WebSockets, which CORS does not protect.
        const origin = req.headers.origin
        if (!origin || !isLocalOrigin(origin)) throw new HttpError(403, 'WebSocket connections need a local Origin')
        onUpgrade(req, socket, head, new URL(req.url ?? '/', 'http://localhost'))
      } catch (error) {
        const status = error instanceof HttpError ? error.statusCode : 500
        log?.(`upgrade ${(req.url ?? '').split('?')[0]} ${status}`)
        socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
      }
    })
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(
        error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is already in use; pass another port`) : error,
      )
    }
    const onListening = () => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen({port, host})
  })
  const address = server.address() as AddressInfo
  const urlHost = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined
  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    dataset: resolved.dataset,
    dir: resolved.dir,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        if (plainServer) {
          const plain = plainServer
          plain.closeIdleConnections()
          // Requests still running after this get cut off.
          setTimeout(() => plain.closeAllConnections(), 2_000).unref()
        } else {
          // HTTP/2: stop taking new streams; running ones finish or get cut off.
          for (const session of sessions) session.close()
          setTimeout(() => {
            for (const session of sessions) session.destroy()
            for (const socket of sockets) socket.destroy()
          }, 2_000).unref()
        }
      })
      return closing
    },
  }
}
