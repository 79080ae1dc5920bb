import {randomBytes} from 'node:crypto'
import {Mutation, type Mut} from '@sanity/mutator'
import {randomId, type SanityDocument} from './dataset-store'
import {DatasetView, QueryParseError, QueryTimeoutError, runQuery} from './groq'

/**
 * Content Lake mutation semantics over the local dataset's documents:
 * create, createOrReplace, createIfNotExists, delete and patch (by id or by
 * query). Patches are applied by `@sanity/mutator`, the engine the Studio
 * uses for optimistic edits.
 */

export type MutationOperation = 'create' | 'update' | 'delete' | 'none'

export type Selection = {id: string | string[]} | {query: string; params?: Record<string, unknown>}

export interface PatchOperations {
  set?: Record<string, unknown>
  setIfMissing?: Record<string, unknown>
  unset?: string[]
  inc?: Record<string, number>
  dec?: Record<string, number>
  insert?: {before: string; items: unknown[]} | {after: string; items: unknown[]} | {replace: string; items: unknown[]}
  diffMatchPatch?: Record<string, string>
  ifRevisionID?: string
}

export type DocumentInput = {_id?: string; _type: string; [key: string]: unknown}

export type MutationInput =
  | {create: DocumentInput}
  | {createOrReplace: DocumentInput & {_id: string}}
  | {createIfNotExists: DocumentInput & {_id: string}}
  | {delete: Selection}
  | {patch: Selection & PatchOperations}

export interface MutationResult {
  id: string
  operation: MutationOperation
}

export interface MutationErrorItem {
  error: {type: string; description: string; id?: string; [key: string]: unknown}
  index: number
}

/** A failed transaction, serialised like Content Lake's `{error: {type: 'mutationError', …}}`. */
export class MutationFailure extends Error {
  override name = 'MutationFailure'
  readonly description: string

  constructor(
    readonly statusCode: number,
    readonly items: MutationErrorItem[],
  ) {
    const first = items[0]?.error.description ?? 'unknown error'
    const description =
      items.length === 1 ? `Mutation failed: ${first}` : `Mutation(s) failed with ${items.length} error(s)`
    super(description)
    this.description = description
  }

  toJSON(): {error: {type: 'mutationError'; description: string; items: MutationErrorItem[]}} {
    return {error: {type: 'mutationError', description: this.description, items: this.items}}
  }
}

function fail(
  statusCode: number,
  index: number,
  type: string,
  description: string,
  extra: Record<string, unknown> = {},
): never {
  throw new MutationFailure(statusCode, [{error: {type, description, ...extra}, index}])
}

// ---------------------------------------------------------------------------
// Validation

const DOCUMENT_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
const PATCH_KEYS = new Set([
  'id',
  'query',
  'params',
  'set',
  'setIfMissing',
  'unset',
  'inc',
  'dec',
  'insert',
  'diffMatchPatch',
  'ifRevisionID',
])
const MAX_QUERY_DOCUMENTS = 10_000

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isValidDocumentId(id: string): boolean {
  return DOCUMENT_ID.test(id) && !id.includes('..') && !id.endsWith('.')
}

function checkId(id: unknown, index: number): string {
  if (typeof id !== 'string' || !isValidDocumentId(id)) {
    fail(400, index, 'invalidDocumentIdError', `Malformed document ID: ${JSON.stringify(id)}`, {id})
  }
  return id
}

function checkDocument(value: unknown, index: number, op: string, needsId: boolean): DocumentInput {
  if (!isRecord(value)) fail(400, index, 'invalidMutationError', `${op}: the document must be an object`)
  if (needsId || value._id !== undefined) {
    if (typeof value._id !== 'string') fail(400, index, 'invalidMutationError', `${op}: the document needs an _id`)
    // `create` may pass a prefix ending in "." to get a generated id below it.
    if (!(op === 'create' && value._id.endsWith('.') && isValidDocumentId(value._id.slice(0, -1))))
      checkId(value._id, index)
  }
  if (typeof value._type !== 'string' || value._type === '')
    fail(400, index, 'invalidMutationError', 'Document does not have a type')
  return value as DocumentInput
}

function checkSelection(value: Record<string, unknown>, index: number, op: string): Selection {
  if (value.id !== undefined) {
    const ids = Array.isArray(value.id) ? value.id : [value.id]
    for (const id of ids) checkId(id, index)
    return {id: value.id as string | string[]}
  }
  if (typeof value.query === 'string') {
    if (value.params !== undefined && !isRecord(value.params))
      fail(400, index, 'invalidMutationError', `${op}: params must be an object`)
    return {query: value.query, ...(value.params ? {params: value.params} : {})}
  }
  return fail(400, index, 'invalidMutationError', `${op}: needs an "id" or a "query"`)
}

function checkPatch(value: unknown, index: number): Selection & PatchOperations {
  if (!isRecord(value)) return fail(400, index, 'invalidMutationError', 'patch must be an object')
  for (const key of Object.keys(value)) {
    if (!PATCH_KEYS.has(key)) fail(400, index, 'invalidMutationError', `patch: unknown key ${JSON.stringify(key)}`)
  }
  for (const key of ['set', 'setIfMissing', 'inc', 'dec', 'diffMatchPatch'] as const) {
    if (value[key] !== undefined && !isRecord(value[key]))
      fail(400, index, 'invalidMutationError', `patch.${key} must be an object`)
  }
  for (const key of ['inc', 'dec'] as const) {
    const ops = value[key]
    if (isRecord(ops) && Object.values(ops).some((n) => typeof n !== 'number' || !Number.isFinite(n))) {
      fail(400, index, 'invalidMutationError', `patch.${key} values must be numbers`)
    }
  }
  if (isRecord(value.diffMatchPatch) && Object.values(value.diffMatchPatch).some((p) => typeof p !== 'string')) {
    fail(400, index, 'invalidMutationError', 'patch.diffMatchPatch values must be strings')
  }
  if (value.unset !== undefined && !(Array.isArray(value.unset) && value.unset.every((p) => typeof p === 'string'))) {
    fail(400, index, 'invalidMutationError', 'patch.unset must be an array of paths')
  }
  if (value.insert !== undefined) {
    const insert = value.insert
    const where = isRecord(insert) ? ['before', 'after', 'replace'].filter((k) => typeof insert[k] === 'string') : []
    if (!isRecord(insert) || where.length !== 1 || !Array.isArray(insert.items)) {
      fail(400, index, 'invalidMutationError', 'patch.insert needs one of before/after/replace and an items array')
    }
  }
  if (value.ifRevisionID !== undefined && typeof value.ifRevisionID !== 'string') {
    fail(400, index, 'invalidMutationError', 'patch.ifRevisionID must be a string')
  }
  return {...(value as PatchOperations), ...checkSelection(value, index, 'patch')}
}

/** Validates a request's `mutations` array; throws MutationFailure (400). */
export function parseMutations(input: unknown): MutationInput[] {
  if (!Array.isArray(input)) fail(400, 0, 'invalidMutationError', 'Request body must have a "mutations" array')
  if (input.length === 0) fail(400, 0, 'invalidMutationError', 'No mutations given')
  return input.map((mutation: unknown, index): MutationInput => {
    if (!isRecord(mutation)) return fail(400, index, 'invalidMutationError', 'A mutation must be an object')
    const keys = Object.keys(mutation)
    if (keys.length !== 1)
      return fail(
        400,
        index,
        'invalidMutationError',
        `A mutation must have exactly one operation, got ${JSON.stringify(keys)}`,
      )
    const op = keys[0]
    const body = mutation[op ?? '']
    switch (op) {
      case 'create':
        return {create: checkDocument(body, index, op, false)}
      case 'createOrReplace':
        return {createOrReplace: checkDocument(body, index, op, true) as DocumentInput & {_id: string}}
      case 'createIfNotExists':
        return {createIfNotExists: checkDocument(body, index, op, true) as DocumentInput & {_id: string}}
      case 'delete':
        if (!isRecord(body)) return fail(400, index, 'invalidMutationError', 'delete needs an "id" or a "query"')
        return {delete: checkSelection(body, index, op)}
      case 'patch':
        return {patch: checkPatch(body, index)}
      default:
        return fail(400, index, 'invalidMutationError', `Unknown mutation type ${JSON.stringify(op)}`)
    }
  })
}

// ---------------------------------------------------------------------------
// Application

export interface ApplyOptions {
  /** Give array items that are objects a `_key` when they lack one (Content Lake's `autoGenerateArrayKeys`). */
  autoGenerateArrayKeys?: boolean
  /** Time limit for query selections. */
  queryTimeoutMs?: number
}

function generatedId(prefix = ''): string {
  return `${prefix}${randomId()}`
}

function addArrayKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => {
      const next = addArrayKeys(item)
      return isRecord(next) && typeof next._key !== 'string' ? {_key: randomBytes(6).toString('hex'), ...next} : next
    })
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = addArrayKeys(item)
    return out
  }
  return value
}

function withKeys<T>(value: T, enabled: boolean | undefined): T {
  return enabled ? (addArrayKeys(value) as T) : value
}

async function selectIds(
  docs: Map<string, SanityDocument>,
  selection: Selection,
  index: number,
  options: ApplyOptions,
): Promise<string[]> {
  if ('id' in selection) return Array.isArray(selection.id) ? selection.id : [selection.id]
  let result: unknown
  try {
    // Mutations see every document (drafts included), in the transaction's current state.
    const view = new DatasetView([...docs.values()])
    result = (
      await runQuery(view, selection.query, {params: selection.params ?? {}, timeoutMs: options.queryTimeoutMs})
    ).result
  } catch (error) {
    if (error instanceof QueryParseError || error instanceof QueryTimeoutError) {
      fail(400, index, 'invalidQueryError', `Invalid query: ${error.message}`)
    }
    throw error
  }
  const items = Array.isArray(result) ? result : result === null || result === undefined ? [] : [result]
  const ids: string[] = []
  for (const item of items) {
    const id = typeof item === 'string' ? item : isRecord(item) && typeof item._id === 'string' ? item._id : undefined
    if (id === undefined) fail(400, index, 'invalidQueryError', 'The query must return documents (or document ids)')
    if (docs.has(id) && !ids.includes(id)) ids.push(id)
  }
  if (ids.length > MAX_QUERY_DOCUMENTS) {
    fail(
      400,
      index,
      'invalidQueryError',
      `The query matched ${ids.length} documents; at most ${MAX_QUERY_DOCUMENTS} per mutation`,
    )
  }
  return ids
}

function patchDocument(
  doc: SanityDocument,
  patch: PatchOperations,
  index: number,
  options: ApplyOptions,
): SanityDocument {
  if (patch.ifRevisionID !== undefined && patch.ifRevisionID !== doc._rev) {
    const description = `Document ${JSON.stringify(doc._id)} has unexpected revision ID (${JSON.stringify(doc._rev ?? null)}), expected ${JSON.stringify(patch.ifRevisionID)}`
    fail(409, index, 'documentRevisionIDDoesNotMatchError', description, {
      id: doc._id,
      currentRevisionID: doc._rev ?? null,
      expectedRevisionID: patch.ifRevisionID,
    })
  }
  const {set, setIfMissing, unset, inc, dec, insert, diffMatchPatch} = patch
  const operations = {
    id: doc._id,
    ...(set ? {set: withKeys(set, options.autoGenerateArrayKeys)} : {}),
    ...(setIfMissing ? {setIfMissing: withKeys(setIfMissing, options.autoGenerateArrayKeys)} : {}),
    ...(unset ? {unset} : {}),
    ...(inc ? {inc} : {}),
    ...(dec ? {dec} : {}),
    ...(insert ? {insert: withKeys(insert, options.autoGenerateArrayKeys)} : {}),
    ...(diffMatchPatch ? {diffMatchPatch} : {}),
  }
  let next: SanityDocument | null
  try {
    const mutation: Mut = {patch: operations}
    next = new Mutation({mutations: [mutation]}).apply(doc) as SanityDocument | null
  } catch (error) {
    return fail(
      400,
      index,
      'invalidPatchError',
      `Cannot apply patch to ${JSON.stringify(doc._id)}: ${error instanceof Error ? error.message : String(error)}`,
      {id: doc._id},
    )
  }
  if (!next)
    return fail(400, index, 'invalidPatchError', `Patch removed document ${JSON.stringify(doc._id)}`, {id: doc._id})
  if (next._id !== doc._id)
    fail(400, index, 'invalidPatchError', `Cannot change _id of document ${JSON.stringify(doc._id)}`, {id: doc._id})
  if (typeof next._type !== 'string' || next._type === '')
    fail(400, index, 'invalidPatchError', `Document ${JSON.stringify(doc._id)} would have no _type`, {id: doc._id})
  return next
}

/**
 * Applies mutations in order to `docs` (the transaction's working copy).
 * Throws MutationFailure on the first failing mutation; the caller discards
 * the copy, so a transaction is all or nothing.
 */
export async function applyMutations(
  docs: Map<string, SanityDocument>,
  mutations: readonly MutationInput[],
  options: ApplyOptions = {},
): Promise<MutationResult[]> {
  const results: MutationResult[] = []
  for (const [index, mutation] of mutations.entries()) {
    if ('create' in mutation) {
      const input = withKeys(mutation.create, options.autoGenerateArrayKeys)
      const id = input._id === undefined ? generatedId() : input._id.endsWith('.') ? generatedId(input._id) : input._id
      if (docs.has(id))
        fail(409, index, 'documentAlreadyExistsError', `Document by ID ${JSON.stringify(id)} already exists`, {id})
      docs.set(id, {...input, _id: id})
      results.push({id, operation: 'create'})
    } else if ('createOrReplace' in mutation) {
      const input = withKeys(mutation.createOrReplace, options.autoGenerateArrayKeys)
      const existed = docs.has(input._id)
      // The store keeps the replaced document's _createdAt.
      docs.set(input._id, {...input, _id: input._id})
      results.push({id: input._id, operation: existed ? 'update' : 'create'})
    } else if ('createIfNotExists' in mutation) {
      const input = withKeys(mutation.createIfNotExists, options.autoGenerateArrayKeys)
      if (docs.has(input._id)) {
        results.push({id: input._id, operation: 'none'})
      } else {
        docs.set(input._id, {...input})
        results.push({id: input._id, operation: 'create'})
      }
    } else if ('delete' in mutation) {
      for (const id of await selectIds(docs, mutation.delete, index, options)) {
        // Deleting a missing document succeeds, as in Content Lake.
        docs.delete(id)
        results.push({id, operation: 'delete'})
      }
    } else {
      const patch = mutation.patch
      const ids = await selectIds(docs, patch, index, options)
      for (const id of ids) {
        const doc = docs.get(id)
        if (!doc) fail(404, index, 'documentNotFoundError', `Document by ID ${JSON.stringify(id)} not found`, {id})
        const next = patchDocument(doc, patch, index, options)
        if (next !== doc) docs.set(id, next)
        results.push({id, operation: 'update'})
      }
    }
  }
  return results
}
