import {randomBytes} from 'node:crypto'
import {evaluate} from 'groq-js'
import type {SanityDocument} from '../dataset-store'
import {assertParamsProvided, compileQuery, isPrivateId, QueryParseError, type CompiledQuery} from '../groq'
import {HttpError, type LocalRequest, type LocalResponse} from '../server'
import type {ChangeFeed, DocumentChange, FeedEntry} from './change-feed'
import {mendozaEffects} from './mendoza'
import {formatEvent, KEEPALIVE_COMMENT, startEventStream, writeChunk} from './sse'

/**
 * `GET /data/listen/{dataset}`: Sanity's listener protocol over server-sent
 * events. A `welcome` (or, when resuming, `welcomeback` / `reset`), then one
 * `mutation` event per document a committed transaction changed, when the
 * document matches the listener's GROQ filter before or after the change.
 */

export interface ListenParameters {
  query: string
  params: Record<string, unknown>
  includeResult: boolean
  includePreviousRevision: boolean
  includeMutations: boolean
  includeAllVersions: boolean
  effectFormat: 'mendoza' | undefined
  enableResume: boolean
}

export interface ListenContext {
  feed: ChangeFeed
  dataset: string
  /** Whether the listener may see drafts, versions and system documents. */
  authorized: boolean
  identity: string
  keepAliveMs?: number
  /** Called with a function that ends the stream, so the server can close it on shutdown. */
  register(end: () => void): () => void
}

export interface MutationEventData {
  eventId: string
  documentId: string
  transactionId: string
  identity: string
  mutations?: unknown[]
  previousRev?: string
  resultRev?: string
  result?: SanityDocument
  previous?: SanityDocument | null
  effects?: {apply: unknown[]; revert: unknown[]}
  timestamp: string
  transition: 'update' | 'appear' | 'disappear'
  visibility: 'query'
  transactionTotalEvents: number
  transactionCurrentEvent: number
}

const DEFAULT_KEEPALIVE_MS = 30_000

function bool(value: string | null): boolean {
  return value === 'true' || value === '1'
}

/** Reads the query string the client builds (`encodeQueryString`): false options are simply left out. */
export function parseListenParameters(url: URL): ListenParameters {
  const query = url.searchParams.get('query')
  if (!query || query.trim() === '') throw new HttpError(400, 'The "query" parameter is required')
  const params: Record<string, unknown> = {}
  for (const [key, value] of url.searchParams) {
    if (!key.startsWith('$')) continue
    try {
      Object.defineProperty(params, key.slice(1), {value: JSON.parse(value), enumerable: true, writable: true})
    } catch {
      throw new HttpError(400, `Unable to parse value of "${key}" as JSON`)
    }
  }
  const effectFormat = url.searchParams.get('effectFormat')
  if (effectFormat !== null && effectFormat !== 'mendoza') {
    throw new HttpError(400, `Unsupported effectFormat ${JSON.stringify(effectFormat)}; only "mendoza" is supported`)
  }
  return {
    query,
    params,
    includeResult: bool(url.searchParams.get('includeResult')),
    includePreviousRevision: bool(url.searchParams.get('includePreviousRevision')),
    // The client only sends this one when false.
    includeMutations: url.searchParams.get('includeMutations') !== 'false',
    includeAllVersions: bool(url.searchParams.get('includeAllVersions')),
    effectFormat: effectFormat === 'mendoza' ? 'mendoza' : undefined,
    enableResume: bool(url.searchParams.get('enableResume')),
  }
}

/** Whether one document matches a listener's filter (and may be seen by it). */
export class ListenFilter {
  private readonly compiled: CompiledQuery

  constructor(
    private readonly parameters: Pick<ListenParameters, 'query' | 'params' | 'includeAllVersions'>,
    private readonly authorized: boolean,
    private readonly identity: string,
  ) {
    this.compiled = compileQuery(parameters.query, parameters.params)
    assertParamsProvided(this.compiled, parameters.params)
  }

  async matches(doc: SanityDocument | undefined): Promise<boolean> {
    if (!doc) return false
    if (!this.parameters.includeAllVersions && doc._id.startsWith('versions.')) return false
    if (!this.authorized && isPrivateId(doc._id)) return false
    const value = await evaluate(this.compiled.ast, {
      dataset: [doc],
      params: {...this.parameters.params},
      identity: this.identity,
    })
    const result: unknown = await value.get()
    return Array.isArray(result) ? result.length > 0 : result !== null && result !== undefined
  }
}

/**
 * The mutations that turn the document before into the one after. The
 * Studio applies these (not the effects) to its copy, so they reproduce the
 * stored result exactly whatever request made the change.
 */
export function changeMutations(change: DocumentChange): unknown[] {
  if (!change.after) return [{delete: {id: change.id}}]
  const {_rev: _omit, ...document} = change.after
  return [{createOrReplace: document}]
}

/** The mutation events a transaction yields for one listener, in order. */
export async function eventsFor(
  entry: FeedEntry,
  filter: ListenFilter,
  parameters: ListenParameters,
): Promise<MutationEventData[]> {
  const matched: {change: DocumentChange; transition: MutationEventData['transition']}[] = []
  for (const change of entry.changes) {
    const [before, after] = await Promise.all([filter.matches(change.before), filter.matches(change.after)])
    if (!before && !after) continue
    matched.push({change, transition: before && after ? 'update' : after ? 'appear' : 'disappear'})
  }
  return matched.map(({change, transition}, index) => {
    const event: MutationEventData = {
      eventId: `${entry.transactionId}#${change.id}`,
      documentId: change.id,
      transactionId: entry.transactionId,
      identity: entry.identity,
      ...(parameters.includeMutations ? {mutations: changeMutations(change)} : {}),
      ...(change.before?._rev ? {previousRev: change.before._rev} : {}),
      resultRev: change.after?._rev ?? entry.transactionId,
      ...(parameters.includeResult && change.after ? {result: change.after} : {}),
      ...(parameters.includePreviousRevision ? {previous: change.before ?? null} : {}),
      ...(parameters.effectFormat === 'mendoza' ? {effects: mendozaEffects(change.before, change.after)} : {}),
      timestamp: entry.timestamp,
      transition,
      visibility: 'query',
      transactionTotalEvents: matched.length,
      transactionCurrentEvent: index,
    }
    return event
  })
}

interface Position {
  epoch: string
  seq: number
  /** Events of entry `seq` already delivered up to this index; undefined when all were. */
  index: number | undefined
}

function parseLastEventId(value: string | string[] | undefined): Position | undefined {
  const text = Array.isArray(value) ? value[0] : value
  const match = text ? /^([0-9a-f]+):(\d+)(?::(\d+))?$/.exec(text) : null
  if (!match) return undefined
  return {epoch: match[1] ?? '', seq: Number(match[2]), index: match[3] === undefined ? undefined : Number(match[3])}
}

export async function serveListen(
  req: LocalRequest,
  res: LocalResponse,
  url: URL,
  context: ListenContext,
): Promise<void> {
  if (req.method !== 'GET') throw new HttpError(405, `Method ${req.method ?? ''} not allowed`, {Allow: 'GET'})
  const parameters = parseListenParameters(url)
  const {feed, dataset} = context
  startEventStream(res, req.httpVersionMajor)
  let filter: ListenFilter
  try {
    filter = new ListenFilter(parameters, context.authorized, context.identity)
  } catch (error) {
    // Content Lake reports query errors on the open stream, and the client surfaces them.
    const detail =
      error instanceof QueryParseError
        ? {error: error.toJSON().error, message: error.description}
        : {message: error instanceof Error ? error.message : String(error)}
    writeChunk(res, formatEvent('channelError', detail))
    res.end()
    return
  }

  let open = true
  let chain: Promise<void> = Promise.resolve()
  const send = (text: string): void => {
    if (open) writeChunk(res, text)
  }
  const deliver = (entry: FeedEntry, after?: number): void => {
    chain = chain
      .then(async () => {
        if (!open) return
        const events = await eventsFor(entry, filter, parameters)
        for (const event of events) {
          if (after !== undefined && event.transactionCurrentEvent <= after) continue
          const last = event.transactionCurrentEvent === events.length - 1
          // The last event of a transaction marks the whole transaction as delivered.
          const id = last
            ? `${feed.epoch}:${entry.seq}`
            : `${feed.epoch}:${entry.seq}:${event.transactionCurrentEvent}`
          send(formatEvent('mutation', event, id))
        }
      })
      .catch((error: unknown) => {
        send(formatEvent('channelError', {message: error instanceof Error ? error.message : String(error)}))
        end()
      })
  }

  const listenerName = `local-${randomBytes(8).toString('hex')}`
  const resumeFrom = parameters.enableResume ? parseLastEventId(req.headers['last-event-id']) : undefined
  // Everything below runs in one tick: no entry can fall between the replay and the subscription.
  // A transaction the client got part of is replayed from the event after the last one it saw.
  const replay = resumeFrom
    ? feed.since(dataset, resumeFrom.epoch, resumeFrom.index === undefined ? resumeFrom.seq : resumeFrom.seq - 1)
    : undefined
  const unsubscribe = feed.subscribe(dataset, (entry) => deliver(entry))
  const welcomeId = `${feed.epoch}:${feed.head}`
  if (resumeFrom && replay) {
    send(formatEvent('welcomeback', {listenerName}, welcomeId))
    for (const entry of replay) deliver(entry, entry.seq === resumeFrom.seq ? resumeFrom.index : undefined)
  } else if (resumeFrom) {
    send(formatEvent('reset', {}, welcomeId))
  } else {
    send(formatEvent('welcome', {listenerName}, welcomeId))
  }

  const keepAlive = setInterval(() => send(KEEPALIVE_COMMENT), context.keepAliveMs ?? DEFAULT_KEEPALIVE_MS)
  keepAlive.unref()
  let unregister: () => void = () => undefined
  function end(): void {
    if (!open) return
    open = false
    clearInterval(keepAlive)
    unsubscribe()
    unregister()
    res.end()
  }
  unregister = context.register(end)
  res.on('close', end)
  // Writes from other processes show up within a poll; look once now so a new listener starts current.
  void feed.checkExternal(dataset)
}
