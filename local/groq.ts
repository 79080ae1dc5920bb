import {evaluate, parse, type ExprNode} from 'groq-js'
import type {SanityDocument} from './dataset-store'
import {DocumentIndex, planIndexedQuery, type IndexPlan} from './indexes'

/**
 * GROQ over the local dataset: perspectives (which documents a query sees),
 * parsing with Sanity-shaped errors, the index fast path and a time limit.
 */

// ---------------------------------------------------------------------------
// Perspectives

/** Ids under these prefixes are never published documents. */
const DRAFTS_PREFIX = 'drafts.'
const VERSIONS_PREFIX = 'versions.'
const SYSTEM_PREFIX = '_.'
const RELEASE_NAME = /^[A-Za-z0-9_-]{1,128}$/

export type Perspective =
  | {kind: 'raw'}
  /** Layers in priority order, each an id prefix (`drafts.`, `versions.<release>.`) over the published documents. */
  | {kind: 'stack'; layers: readonly string[]}

export const PUBLISHED: Perspective = {kind: 'stack', layers: []}

export class PerspectiveError extends Error {
  override name = 'PerspectiveError'
}

/**
 * `published`, `drafts` (`previewDrafts`), `raw`, or a release stack such as
 * `rSummer,drafts` (highest priority first, published implied at the bottom).
 */
export function parsePerspective(input: string | readonly string[] | undefined): Perspective {
  const names = (typeof input === 'string' ? input.split(',') : (input ?? []))
    .map((name) => name.trim())
    .filter(Boolean)
  if (names.length === 0) return PUBLISHED
  if (names.length === 1 && names[0] === 'raw') return {kind: 'raw'}
  const layers: string[] = []
  for (const name of names) {
    if (name === 'published') break
    if (name === 'drafts' || name === 'previewDrafts') layers.push(DRAFTS_PREFIX)
    else if (name === 'raw') throw new PerspectiveError('Perspective "raw" cannot be combined with other perspectives')
    else if (RELEASE_NAME.test(name)) layers.push(`${VERSIONS_PREFIX}${name}.`)
    else throw new PerspectiveError(`Invalid perspective ${JSON.stringify(name)}`)
  }
  return {kind: 'stack', layers}
}

export function perspectiveKey(perspective: Perspective): string {
  return perspective.kind === 'raw' ? 'raw' : ['published', ...perspective.layers].join('|')
}

export function isPublishedPerspective(perspective: Perspective): boolean {
  return perspective.kind === 'stack' && perspective.layers.length === 0
}

/** The published id a document id belongs to, or undefined for other (system) ids. */
export function publishedIdOf(id: string): string | undefined {
  if (id.startsWith(DRAFTS_PREFIX)) return id.slice(DRAFTS_PREFIX.length) || undefined
  if (id.startsWith(VERSIONS_PREFIX)) {
    const rest = id.slice(VERSIONS_PREFIX.length)
    const dot = rest.indexOf('.')
    return dot > 0 ? rest.slice(dot + 1) || undefined : undefined
  }
  if (id.startsWith(SYSTEM_PREFIX)) return undefined
  return id
}

/** Drafts, versions and system documents: hidden from the public when a token is configured. */
export function isPrivateId(id: string): boolean {
  return id.startsWith(DRAFTS_PREFIX) || id.startsWith(VERSIONS_PREFIX) || id.startsWith(SYSTEM_PREFIX)
}

/**
 * The documents a perspective sees. `published` hides drafts, versions and
 * system documents (other dotted ids such as `article.x` are ordinary
 * published ids). A stack replaces each published document by its
 * highest-priority draft/version, reported with the published `_id` and the
 * real id in `_originalId`, like Content Lake.
 */
export function applyPerspective(docs: Iterable<SanityDocument>, perspective: Perspective): SanityDocument[] {
  if (perspective.kind === 'raw') return [...docs]
  const {layers} = perspective
  if (layers.length === 0) {
    const out: SanityDocument[] = []
    for (const doc of docs) if (!isPrivateId(doc._id)) out.push(doc)
    return out
  }
  // Rank 0 is the top layer; published documents rank below every layer.
  const chosen = new Map<string, {doc: SanityDocument; rank: number}>()
  for (const doc of docs) {
    const id = doc._id
    let rank: number
    let publishedId: string
    if (!isPrivateId(id)) {
      rank = layers.length
      publishedId = id
    } else {
      rank = layers.findIndex((prefix) => id.startsWith(prefix) && id.length > prefix.length)
      if (rank === -1) continue
      publishedId = id.slice(layers[rank]?.length ?? 0)
      if (isPrivateId(publishedId)) continue
    }
    const current = chosen.get(publishedId)
    if (!current || rank < current.rank) chosen.set(publishedId, {doc, rank})
  }
  const ids = [...chosen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const out: SanityDocument[] = []
  for (const id of ids) {
    const entry = chosen.get(id)
    if (entry) out.push({...entry.doc, _id: id, _originalId: entry.doc._id})
  }
  return out
}

/** A perspective's documents with lookups; the index is built on first use. */
export class DatasetView {
  readonly byId: ReadonlyMap<string, SanityDocument>
  private indexCache: DocumentIndex | undefined

  constructor(readonly docs: readonly SanityDocument[]) {
    const byId = new Map<string, SanityDocument>()
    for (const doc of docs) if (!byId.has(doc._id)) byId.set(doc._id, doc)
    this.byId = byId
  }

  static from(docs: Iterable<SanityDocument>, perspective: Perspective = {kind: 'raw'}): DatasetView {
    return new DatasetView(applyPerspective(docs, perspective))
  }

  get index(): DocumentIndex {
    this.indexCache ??= new DocumentIndex(this.docs)
    return this.indexCache
  }
}

// ---------------------------------------------------------------------------
// Parsing

/** Content Lake's shape for query errors: `{error: {description, query, start, end, type}}`. */
export class QueryParseError extends Error {
  override name = 'QueryParseError'
  constructor(
    readonly description: string,
    readonly query: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(description)
  }

  toJSON(): {error: {description: string; query: string; start: number; end: number; type: 'queryParseError'}} {
    return {
      error: {
        description: this.description,
        query: this.query,
        start: this.start,
        end: this.end,
        type: 'queryParseError',
      },
    }
  }
}

export class QueryTimeoutError extends Error {
  override name = 'QueryTimeoutError'
  constructor(readonly timeoutMs: number) {
    super(
      `Query exceeded the local time limit of ${timeoutMs} ms; filter on _type, _id or slug.current to use the indexes, or raise queryTimeoutMs`,
    )
  }
}

export interface CompiledQuery {
  readonly query: string
  readonly ast: ExprNode
  readonly plan: IndexPlan | undefined
  readonly params: readonly string[]
}

const PARSE_CACHE_SIZE = 500
const parseCache = new Map<string, CompiledQuery>()

/** groq-js resolves parameters in slices (`[0...$limit]`, as the Studio's lists use) only at parse time. */
function needsParamsAtParse(error: unknown): boolean {
  return error instanceof Error && error.message === 'slicing must use constant numbers'
}

/**
 * Parses (cached) and plans a query. Throws QueryParseError. Pass the
 * request's params so a query that slices with them can be parsed; such a
 * query is compiled (and cached) per set of param values.
 */
export function compileQuery(query: string, params?: Readonly<Record<string, unknown>>): CompiledQuery {
  const cached = parseCache.get(query)
  if (cached) {
    // Refresh the entry: Map order is the LRU order.
    parseCache.delete(query)
    parseCache.set(query, cached)
    return cached
  }
  let ast: ExprNode
  try {
    // Params are bound at evaluation, not parse time, so the parse can be cached.
    ast = parse(query)
  } catch (error) {
    if (params && needsParamsAtParse(error)) return compileWithParams(query, params)
    throw toParseError(error, query)
  }
  const compiled: CompiledQuery = {query, ast, plan: planIndexedQuery(ast), params: parameterNames(ast)}
  cacheCompiled(query, compiled)
  return compiled
}

function cacheCompiled(key: string, compiled: CompiledQuery): void {
  parseCache.set(key, compiled)
  if (parseCache.size > PARSE_CACHE_SIZE) {
    const oldest = parseCache.keys().next()
    if (!oldest.done) parseCache.delete(oldest.value)
  }
}

function compileWithParams(query: string, params: Readonly<Record<string, unknown>>): CompiledQuery {
  const key = `${query}\0${JSON.stringify(params)}`
  const cached = parseCache.get(key)
  if (cached) return cached
  let ast: ExprNode
  try {
    ast = parse(query, {params: {...params}})
  } catch (error) {
    throw toParseError(error, query)
  }
  // The params are now constants in the tree; a missing one is still reported.
  const compiled: CompiledQuery = {query, ast, plan: planIndexedQuery(ast), params: parameterNames(ast)}
  cacheCompiled(key, compiled)
  return compiled
}

function toParseError(error: unknown, query: string): QueryParseError {
  if (
    error instanceof Error &&
    error.name === 'GroqSyntaxError' &&
    'position' in error &&
    typeof error.position === 'number'
  ) {
    const description = error.message.replace(/^Syntax error in GROQ query at position \d+: /, '')
    const start = Math.min(error.position, query.length)
    return new QueryParseError(description, query, start, Math.min(start + 1, Math.max(query.length, start)))
  }
  const message = error instanceof Error ? error.message : String(error)
  return new QueryParseError(message, query, 0, query.length)
}

function parameterNames(ast: ExprNode): string[] {
  const names = new Set<string>()
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item)
      return
    }
    if (typeof value !== 'object' || value === null) return
    const node = value as {type?: unknown; name?: unknown}
    if (node.type === 'Parameter' && typeof node.name === 'string') names.add(node.name)
    for (const item of Object.values(value)) visit(item)
  }
  visit(ast)
  return [...names]
}

/** Content Lake rejects a query that uses a param the request did not send. */
export function assertParamsProvided(compiled: CompiledQuery, params: Readonly<Record<string, unknown>>): void {
  for (const name of compiled.params) {
    if (Object.hasOwn(params, name)) continue
    const token = `$${name}`
    const at = compiled.query.indexOf(token)
    const start = at === -1 ? 0 : at
    throw new QueryParseError(
      `param $${name} referenced, but not provided`,
      compiled.query,
      start,
      at === -1 ? compiled.query.length : at + token.length,
    )
  }
}

// ---------------------------------------------------------------------------
// Evaluation

export interface RunQueryOptions {
  params?: Readonly<Record<string, unknown>>
  /** Abort evaluation after this long (checked while groq-js walks documents); default 10 s. */
  timeoutMs?: number
  /** Use the index fast path when the query allows it; default true. */
  useIndexes?: boolean
  /** Documents for `->` (default: the view's own). */
  dereferenceFrom?: ReadonlyMap<string, SanityDocument>
}

export interface QueryOutcome {
  result: unknown
  ms: number
  /** `index` when the fast path narrowed the dataset, `scan` otherwise. */
  plan: 'index' | 'scan'
  /** Documents groq-js saw as `*`. */
  scanned: number
}

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000
/** How often (in documents or dereferences) evaluation checks the clock. */
const CLOCK_EVERY = 256

/**
 * groq-js awaits only microtasks, so a timer cannot interrupt it. Instead the
 * dataset's iterator checks the clock as groq-js walks it (every `*`,
 * including sub-queries) and throws once the deadline has passed.
 */
function guardedDataset(docs: readonly SanityDocument[], deadline: number, timeoutMs: number): SanityDocument[] {
  const copy = docs.slice()
  Object.defineProperty(copy, Symbol.iterator, {
    value: (): IterableIterator<SanityDocument> => {
      let i = 0
      const iterator: IterableIterator<SanityDocument> = {
        next(): IteratorResult<SanityDocument> {
          if (i % CLOCK_EVERY === 0 && performance.now() > deadline) throw new QueryTimeoutError(timeoutMs)
          if (i >= copy.length) return {value: undefined, done: true}
          const value = copy[i++]
          return value === undefined ? {value: undefined, done: true} : {value, done: false}
        },
        [Symbol.iterator]() {
          return iterator
        },
      }
      return iterator
    },
  })
  return copy
}

/** Runs a query over a view; throws QueryParseError or QueryTimeoutError. */
export async function runQuery(
  view: DatasetView,
  query: string | CompiledQuery,
  options: RunQueryOptions = {},
): Promise<QueryOutcome> {
  const started = performance.now()
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS
  const deadline = started + timeoutMs
  const params = options.params ?? {}
  const compiled = typeof query === 'string' ? compileQuery(query) : query
  assertParamsProvided(compiled, params)

  let docs: readonly SanityDocument[] = view.docs
  let plan: QueryOutcome['plan'] = 'scan'
  if (compiled.plan && options.useIndexes !== false) {
    const candidates = view.index.candidates(compiled.plan, params)
    if (candidates) {
      docs = candidates
      plan = 'index'
    }
  }
  const lookup = options.dereferenceFrom ?? view.byId
  let derefs = 0
  const value = await evaluate(compiled.ast, {
    dataset: guardedDataset(docs, deadline, timeoutMs),
    params: {...params},
    // Map lookup instead of groq-js's scan of the dataset, and the whole
    // view even when the dataset was narrowed to candidates.
    dereference: ({_ref}) => {
      if (++derefs % CLOCK_EVERY === 0 && performance.now() > deadline) throw new QueryTimeoutError(timeoutMs)
      return lookup.get(_ref) ?? null
    },
  })
  const result: unknown = await value.get()
  return {result, ms: performance.now() - started, plan, scanned: docs.length}
}

/** Plain groq-js over an array, for comparisons and benchmarks. */
export async function evaluatePlain(
  docs: readonly SanityDocument[],
  query: string,
  params: Record<string, unknown> = {},
): Promise<unknown> {
  const value = await evaluate(parse(query), {dataset: docs, params})
  return value.get()
}
