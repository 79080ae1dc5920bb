/**
 * Helpers shared by the content migrations in `migrations/<name>/index.ts`.
 * Not a migration itself: the folder has no index.ts, so `sanity migration`
 * and `npm run migrate` skip it.
 *
 * Migrations see documents as plain JSON from a dataset export, so these
 * helpers narrow `unknown` values instead of trusting a type.
 */
import {at, patch, set, type Mutation, type NodePatch} from 'sanity/migrate'
import {blockHash, canonicalJson, contentFingerprint} from '../report/fingerprint'

export type JsonRecord = Record<string, unknown>

/** An object in a keyed array: a body block, a span, a metric. */
export interface KeyedObject extends JsonRecord {
  _key: string
  _type: string
}

/** What a migration's `document` helper receives, as far as these helpers care. */
export interface MigratedDocument extends JsonRecord {
  _id: string
  _rev?: string
}

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isKeyed(value: unknown): value is KeyedObject {
  return isRecord(value) && typeof value._key === 'string' && typeof value._type === 'string'
}

/** The article's body blocks that have a `_key` and `_type`; anything else is left out. */
export function bodyBlocks(doc: JsonRecord): KeyedObject[] {
  return Array.isArray(doc.body) ? doc.body.filter(isKeyed) : []
}

/** `source.blockHashes` as block key → hash recorded at import. */
export function recordedBlockHashes(doc: JsonRecord): Map<string, string> {
  const hashes = new Map<string, string>()
  const source = doc.source
  if (!isRecord(source) || !Array.isArray(source.blockHashes)) return hashes
  for (const entry of source.blockHashes) {
    if (isRecord(entry) && typeof entry._key === 'string' && typeof entry.hash === 'string') {
      hashes.set(entry._key, entry.hash)
    }
  }
  return hashes
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** A body block a migration rewrites, and the node patches that rewrite it. */
export interface BlockChange {
  key: string
  before: KeyedObject
  after: KeyedObject
  patches: NodePatch[]
}

/**
 * The mutations for a document whose body blocks (`changes`) or top-level
 * fields (`fields`, each set to its new value) changed, with the import
 * provenance kept honest:
 *
 * - a block that still hashed to its recorded `source.blockHashes` entry
 *   (nobody edited it since import) gets its hash updated, so it still
 *   counts as unedited afterwards and later re-extractions may touch it;
 * - a document whose content still hashed to `source.importHash` gets a new
 *   import hash, so a re-import still treats it as unedited rather than as
 *   an editor's conflict. An edited document keeps its old hash: it stays
 *   edited.
 *
 * The first patch carries `ifRevision`: these decisions were made on the
 * revision the migration read, so the transaction fails rather than
 * overwrite an edit made since. Only the first one carries it, so nothing
 * depends on how Content Lake revisions a document between the mutations of
 * one transaction; the mutations are yielded together, the runner sends
 * them in one transaction, and they stand or fall together.
 */
export function articleMutations(
  doc: MigratedDocument,
  changes: readonly BlockChange[],
  fields: Readonly<JsonRecord> = {},
): Mutation[] {
  if (changes.length === 0 && Object.keys(fields).length === 0) return []
  const patches: NodePatch[] = changes.flatMap((change) => change.patches)
  for (const [field, value] of Object.entries(fields)) patches.push(at([field], set(value)))

  const recorded = recordedBlockHashes(doc)
  const newHashes = new Map<string, string>()
  for (const change of changes) {
    if (recorded.get(change.key) === blockHash(change.before)) {
      const hash = blockHash(change.after)
      newHashes.set(change.key, hash)
      patches.push(at(['source', 'blockHashes', {_key: change.key}, 'hash'], set(hash)))
    }
  }

  const source = doc.source
  if (isRecord(source) && typeof source.importHash === 'string' && source.importHash === contentFingerprint(doc)) {
    const afterByKey = new Map(changes.map((change) => [change.key, change.after]))
    const body = Array.isArray(doc.body)
      ? doc.body.map((block: unknown) => (isKeyed(block) ? (afterByKey.get(block._key) ?? block) : block))
      : doc.body
    const blockHashes = Array.isArray(source.blockHashes)
      ? source.blockHashes.map((entry: unknown) => {
          if (!isRecord(entry) || typeof entry._key !== 'string') return entry
          const hash = newHashes.get(entry._key)
          return hash === undefined ? entry : {...entry, hash}
        })
      : source.blockHashes
    const after = {...doc, ...fields, body, source: {...source, blockHashes}}
    patches.push(at(['source', 'importHash'], set(contentFingerprint(after))))
  }

  const [first, ...rest] = patches
  if (!first) return []
  const guarded = doc._rev ? patch(doc._id, first, {ifRevision: doc._rev}) : patch(doc._id, first)
  return rest.length > 0 ? [guarded, patch(doc._id, rest)] : [guarded]
}
