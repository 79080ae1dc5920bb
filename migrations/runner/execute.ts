/**
 * Runs a `defineMigration` migration over documents in memory, the way
 * `sanity migration run` does over an export:
 *
 * 1. documents are filtered like the CLI does (system ids, `documentTypes`,
 *    the GROQ `filter`);
 * 2. `collectMigrationMutations` (from `sanity/migrate`, i.e. @sanity/migrate)
 *    turns them into the migration's mutations, fed by `fromDocuments`;
 * 3. `SanityEncoder` (@sanity/mutate, the encoder the CLI's runner uses)
 *    turns those into Sanity API mutations;
 * 4. `applyMutations` (local/mutations.ts, @sanity/mutator underneath)
 *    applies them to the given document map.
 *
 * As in the CLI, every mutation is computed from the documents as they were
 * before the run, then applied in order.
 */
import {SanityClient} from '@sanity/client'
import {SanityEncoder} from '@sanity/mutate'
import {evaluate, parse, type ExprNode} from 'groq-js'
import {collectMigrationMutations, fromDocuments, type Migration, type MigrationContext} from 'sanity/migrate'
import type {SanityDocument} from '../../local/dataset-store'
import {applyMutations, parseMutations, type MutationInput} from '../../local/mutations'
import {canonicalJson} from '../report/fingerprint'
import {diffDocuments, type DocumentDiff} from './diff'

/** The document type migrations are handed (`@sanity/types`' SanityDocument). */
export type MigrationDocument = Parameters<typeof fromDocuments>[0][number]
export type RestrictedClient = MigrationContext['client']

export interface ExecuteOptions {
  dryRun: boolean
  /** `context.client` for the migration (read-only, like the CLI's). */
  client: RestrictedClient
}

export interface ExecuteResult {
  /** Documents handed to the migration, after `documentTypes` and `filter`. */
  scanned: number
  /** Sanity API mutations, in the order they were applied. */
  mutations: MutationInput[]
  /** Ids of documents whose content changed, sorted. */
  changed: string[]
  diffs: DocumentDiff[]
}

type EncoderInput = Parameters<typeof SanityEncoder.encodeAll>[0][number]

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * @sanity/migrate and @sanity/mutate describe the same mutation objects with
 * separately declared types; this checks the shape instead of casting.
 */
function isEncodable(value: unknown): value is EncoderInput {
  if (!isRecord(value)) return false
  switch (value.type) {
    case 'create':
    case 'createIfNotExists':
    case 'createOrReplace':
      return isRecord(value.document)
    case 'delete':
      return typeof value.id === 'string'
    case 'patch':
      return (
        typeof value.id === 'string' &&
        Array.isArray(value.patches) &&
        value.patches.every((p) => isRecord(p) && Array.isArray(p.path) && isRecord(p.op) && typeof p.op.type === 'string')
      )
    default:
      return false
  }
}

/** One yielded value of `collectMigrationMutations` → Sanity API mutations. */
export function encodeMutations(yielded: unknown): unknown[] {
  const items: unknown[] = Array.isArray(yielded) ? yielded : [yielded]
  const out: unknown[] = []
  for (const item of items) {
    const mutations: unknown[] =
      isRecord(item) && item.type === 'transaction' && Array.isArray(item.mutations) ? item.mutations : [item]
    for (const mutation of mutations) {
      if (!isEncodable(mutation)) throw new Error(`the migration yielded something that is not a mutation: ${JSON.stringify(mutation)}`)
      out.push(...SanityEncoder.encodeAll([mutation]))
    }
  }
  return out
}

/** The CLI's document filter: no system documents, `documentTypes`, then the GROQ `filter`. */
export async function selectDocuments(migration: Migration, docs: Iterable<SanityDocument>): Promise<SanityDocument[]> {
  const types = migration.documentTypes && migration.documentTypes.length > 0 ? new Set(migration.documentTypes) : undefined
  let filter: ExprNode | undefined
  if (migration.filter) {
    try {
      filter = parse(`*[${migration.filter}]`)
    } catch (error) {
      throw new Error(`Failed to parse GROQ filter "${migration.filter}": ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  const selected: SanityDocument[] = []
  for (const doc of docs) {
    if (doc._id.startsWith('_.')) continue
    if (types && !types.has(doc._type)) continue
    if (filter && (await (await evaluate(filter, {dataset: [doc]})).get()).length !== 1) continue
    selected.push(doc)
  }
  return selected
}

/** A private copy in the shape migrations expect: they must never share objects with the store. */
function toMigrationDocument(doc: SanityDocument): MigrationDocument {
  const copy = structuredClone(doc)
  return {...copy, _rev: copy._rev ?? '', _createdAt: copy._createdAt ?? '', _updatedAt: copy._updatedAt ?? ''}
}

async function* asAsync<T>(items: Iterable<T>): AsyncIterableIterator<T> {
  yield* items
}

function withoutStamps(doc: SanityDocument | undefined): string {
  if (!doc) return ''
  const {_rev: _r, _updatedAt: _u, _createdAt: _c, ...content} = doc
  return canonicalJson(content)
}

/**
 * Runs `migration` against `docs` and applies its mutations to `docs` in
 * place (pass a copy for a dry run). Throws, leaving `docs` partly changed,
 * when a mutation fails: callers apply inside a transaction that then
 * writes nothing.
 */
export async function executeMigration(
  migration: Migration,
  docs: Map<string, SanityDocument>,
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  const before = new Map(docs)
  const selected = (await selectDocuments(migration, docs.values())).map(toMigrationDocument)
  const byId = new Map(selected.map((doc) => [doc._id, doc]))
  const context: MigrationContext = {
    client: options.client,
    dryRun: options.dryRun,
    filtered: {
      getDocument: async <T extends MigrationDocument>(id: string) => byId.get(id) as T | undefined,
      getDocuments: async <T extends MigrationDocument>(ids: string[]) =>
        ids.map((id) => byId.get(id)).filter((doc): doc is T => doc !== undefined),
    },
  }

  const encoded: unknown[] = []
  for await (const yielded of collectMigrationMutations(migration, () => asAsync(fromDocuments(selected)), context)) {
    encoded.push(...encodeMutations(yielded))
  }
  const mutations = encoded.length > 0 ? parseMutations(encoded) : []
  const results = mutations.length > 0 ? await applyMutations(docs, mutations, {autoGenerateArrayKeys: true}) : []

  const touched = [...new Set(results.map((result) => result.id))].sort()
  const changed = touched.filter((id) => withoutStamps(before.get(id)) !== withoutStamps(docs.get(id)))
  const diffs = changed.map((id) => diffDocuments(before.get(id), docs.get(id)))
  return {scanned: selected.length, mutations, changed, diffs}
}

/**
 * `context.client` for local runs: a real @sanity/client (pointed at the
 * local endpoint) limited to the read methods the CLI allows.
 */
export function restrictClient(client: SanityClient, allowed: readonly string[]): RestrictedClient {
  const allowedSet = new Set(allowed)
  const wrapIfClient = (value: unknown): unknown =>
    value instanceof SanityClient ? restrictClient(value, allowed) : value
  return new Proxy(client, {
    get(target, property) {
      if (typeof property !== 'string' || !allowedSet.has(property)) {
        throw new Error(
          `Client method "${String(property)}" can not be called during a migration. Only ${allowed.join(', ')} are allowed.`,
        )
      }
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => wrapIfClient(Reflect.apply(value, target, args))
    },
  })
}
