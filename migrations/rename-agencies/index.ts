/**
 * Moves agency documents to the names the current importer gives them.
 *
 * The importer names an agency as it signs (富阳区市场监管局 →
 * 杭州市富阳区市场监督管理局, 杭州市桐庐县教育局 → 桐庐县教育局) and ids it
 * `agency.<slug of that name>`, so every spelling makes one document. A
 * dataset imported by an earlier release holds documents under the older
 * spellings' ids. Re-importing points unedited articles at the new
 * documents, but leaves the old ones behind, and edited articles keep
 * pointing at them. This migration finishes the move:
 *
 * 1. an agency whose name the importer now writes otherwise moves to
 *    `agency.<slug of the new name>`: created from the old document (every
 *    field an editor set comes along) when no document has that id, else
 *    merged into the one there, which gains the old spellings as `aliases`
 *    and any field it lacks;
 * 2. every reference to the old id moves to the new one: an article's
 *    `agencies`, the agencyMention marks in its paragraphs, a metric's
 *    `agency`, and an agency's `parent`. Reference and mark keys are
 *    re-derived as the importer derives them, so an unedited article ends up
 *    as a fresh import would make it; its recorded block hashes and import
 *    hash are brought up to date, so it still counts as unedited. An edited
 *    article has its references moved too (the old document is going away)
 *    and stays edited;
 * 3. the old document is deleted.
 *
 * An agency with unpublished edits (a draft) is left alone and named on the
 * console. Running it again finds nothing to move.
 *
 *   sanity migration run rename-agencies            # dry run
 *   npm run migrate -- rename-agencies [--apply]    # local dataset
 */
import {at, create, defineMigration, del, patch, set, type Mutation, type NodePatch} from 'sanity/migrate'
import {agencySlug, recognizeAgencies} from '../report/agencies'
import {agencyId, agencyMarkKey, agencyReferenceKey} from '../report/build'
import {
  articleMutations,
  bodyBlocks,
  isKeyed,
  isRecord,
  sameJson,
  type BlockChange,
  type JsonRecord,
  type KeyedObject,
  type MigratedDocument,
} from '../shared/article'

/** The name the importer gives an agency written `name` on its own; undefined when it reads no one agency there. */
export function currentAgencyName(name: string): string | undefined {
  const {mentions} = recognizeAgencies([name])
  // A mention leaves the party's 中共 outside the name it marks (中共|淳安县委政法委员会).
  const opening = PARTY_OPENING.exec(name)?.[0].length ?? 0
  return mentions[0]?.find((mention) => (mention.start === 0 || mention.start === opening) && mention.end === name.length)?.agencyName
}
const PARTY_OPENING = /^(?:中国共产党|中共)/

/** An agency document moving to another id. */
export interface Move {
  doc: MigratedDocument
  name: string
  to: string
}

export interface RenameReport {
  (line: string): void
}

/** Fields that belong to the document, not its content. */
const SYSTEM_FIELDS = new Set(['_id', '_rev', '_createdAt', '_updatedAt'])

/** Every mutation the move needs, in the order they must apply: new documents, references, deletions. */
export function renameAgencies(docs: readonly MigratedDocument[], report: RenameReport = (line) => console.warn(line)): Mutation[] {
  const agencies = docs.filter((doc) => doc._type === 'agency')
  const moves = planMoves(agencies, report)
  if (moves.size === 0) return []
  const moved = movedId(moves)
  const articles = docs.filter((doc) => doc._type === 'article')
  return [...agencyMutations(agencies, moves), ...articles.flatMap((doc) => articleRenames(doc, moved)), ...deletions(moves)]
}

/** The agencies that move, by old id: each whose name the importer now writes otherwise, unless it has a draft. */
export function planMoves(agencies: readonly MigratedDocument[], report: RenameReport): Map<string, Move> {
  const ids = new Set(agencies.map((doc) => doc._id))
  const moves = new Map<string, Move>()
  for (const doc of agencies) {
    if (doc._id.startsWith('drafts.') || typeof doc.name !== 'string') continue
    const name = currentAgencyName(doc.name)
    if (name === undefined || name === doc.name) continue
    const to = agencyId(name)
    if (to === doc._id) continue
    if (ids.has(`drafts.${doc._id}`)) {
      report(`rename-agencies: ${doc._id} (${doc.name}) has unpublished edits; left alone, to become ${to}`)
      continue
    }
    moves.set(doc._id, {doc, name, to})
  }
  return moves
}

function movedId(moves: ReadonlyMap<string, Move>): (id: string) => string {
  return (id) => moves.get(id)?.to ?? id
}

/** The new agency documents (or the old merged into one already there), and every other agency's parent moved. */
function agencyMutations(agencies: readonly MigratedDocument[], moves: ReadonlyMap<string, Move>): Mutation[] {
  const byId = new Map(agencies.map((doc) => [doc._id, doc]))
  const moved = movedId(moves)
  const groups = new Map<string, Move[]>()
  for (const move of moves.values()) groups.set(move.to, [...(groups.get(move.to) ?? []), move])
  const mutations: Mutation[] = []
  for (const [to, group] of groups) {
    const existing = byId.get(to)
    mutations.push(...(existing ? mergeInto(existing, group, moved) : [create(movedAgency(to, group, moved))]))
  }
  for (const doc of agencies) if (!moves.has(doc._id)) mutations.push(...parentMutations(doc, moved))
  return mutations
}

function deletions(moves: ReadonlyMap<string, Move>): Mutation[] {
  return [...moves.keys()].map((id) => del(id))
}

/** The spellings a group of moving documents were known by, the new name left out. */
function spellings(group: readonly Move[], name: string): string[] {
  const all = group.flatMap((move) => [move.doc.name, ...stringList(move.doc.aliases)])
  return [...new Set(all.filter((spelling): spelling is string => typeof spelling === 'string' && spelling !== name))]
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/**
 * The new document: the old ones' fields under the new id and name (the first's where they differ), with
 * every old spelling as an alias.
 */
function movedAgency(to: string, group: readonly Move[], moved: (id: string) => string): {_id: string; _type: string} & JsonRecord {
  const [first] = group
  if (!first) throw new Error(`rename-agencies: no document moves to ${to}`)
  const fields: JsonRecord = {}
  for (const move of group) {
    for (const [field, value] of Object.entries(move.doc)) {
      if (!SYSTEM_FIELDS.has(field) && !(field in fields)) fields[field] = field === 'parent' ? movedParent(move.doc, moved) : value
    }
  }
  const aliases = spellings(group, first.name)
  return {
    ...fields,
    _id: to,
    _type: 'agency',
    name: first.name,
    slug: {_type: 'slug', current: agencySlug(first.name)},
    ...(aliases.length > 0 ? {aliases} : {}),
  }
}

/** The document already at the new id gains the old spellings, and any field it lacks that an old one has. */
function mergeInto(existing: MigratedDocument, group: readonly Move[], moved: (id: string) => string): Mutation[] {
  const name = typeof existing.name === 'string' ? existing.name : ''
  const known = stringList(existing.aliases)
  const aliases = [...new Set([...known, ...spellings(group, name)])].filter((alias) => alias !== name)
  const patches: NodePatch[] = []
  if (aliases.length > known.length) patches.push(at(['aliases'], set(aliases)))
  for (const move of group) {
    for (const [field, value] of Object.entries(move.doc)) {
      if (SYSTEM_FIELDS.has(field) || field in existing || patches.some((p) => p.path[0] === field)) continue
      if (field === 'name' || field === 'slug' || field === 'aliases' || field === '_type') continue
      patches.push(at([field], set(field === 'parent' ? movedParent(move.doc, moved) : value)))
    }
  }
  return patches.length > 0 ? [guarded(existing, patches)] : []
}

/** `doc.parent` pointing where its agency moved; undefined when it has none. */
function movedParent(doc: JsonRecord, moved: (id: string) => string): JsonRecord | undefined {
  const parent = doc.parent
  if (!isRecord(parent) || typeof parent._ref !== 'string') return undefined
  return {...parent, _ref: moved(parent._ref)}
}

function parentMutations(doc: MigratedDocument, moved: (id: string) => string): Mutation[] {
  const parent = movedParent(doc, moved)
  if (!parent || sameJson(parent, doc.parent)) return []
  return [guarded(doc, [at(['parent', '_ref'], set(parent._ref))])]
}

/** A patch that applies only to the revision the migration read. */
function guarded(doc: MigratedDocument, patches: NodePatch[]): Mutation {
  return doc._rev ? patch(doc._id, patches, {ifRevision: doc._rev}) : patch(doc._id, patches)
}

/** An article's references moved: its agencies, its paragraphs' agency marks, its metrics' agencies. */
export function articleRenames(doc: MigratedDocument, moved: (id: string) => string): Mutation[] {
  const changes: BlockChange[] = []
  for (const block of bodyBlocks(doc)) {
    const after = movedBlock(block, moved)
    if (sameJson(after, block)) continue
    changes.push({key: block._key, before: block, after, patches: [at(['body', {_key: block._key}], set(after))]})
  }
  const fields: JsonRecord = {}
  if (Array.isArray(doc.agencies)) {
    const agencies = movedReferences(doc.agencies, moved)
    if (!sameJson(agencies, doc.agencies)) fields.agencies = agencies
  }
  return articleMutations(doc, changes, fields)
}

/** An article's `agencies` with moved ids, keyed as the importer keys them, each agency once. */
function movedReferences(references: readonly unknown[], moved: (id: string) => string): unknown[] {
  const seen = new Set<string>()
  const out: unknown[] = []
  for (const reference of references) {
    if (!isRecord(reference) || typeof reference._ref !== 'string') {
      out.push(reference)
      continue
    }
    const ref = moved(reference._ref)
    if (seen.has(ref)) continue
    seen.add(ref)
    out.push(ref === reference._ref ? reference : {...reference, _key: agencyReferenceKey(ref), _ref: ref})
  }
  return out
}

/** A body block with moved agency ids: mark definitions re-keyed as the importer keys them, and the spans' marks with them. */
function movedBlock(block: KeyedObject, moved: (id: string) => string): KeyedObject {
  const markKeys = new Map<string, string>()
  let markDefs: unknown = block.markDefs
  if (Array.isArray(block.markDefs)) {
    const defs: unknown[] = []
    const keys = new Set<string>()
    for (const def of block.markDefs) {
      const ref = isKeyed(def) && def._type === 'agencyMention' && isRecord(def.agency) ? def.agency._ref : undefined
      if (!isKeyed(def) || typeof ref !== 'string' || moved(ref) === ref) {
        defs.push(def)
        if (isKeyed(def)) keys.add(def._key)
        continue
      }
      const key = agencyMarkKey(block._key, moved(ref))
      markKeys.set(def._key, key)
      if (keys.has(key)) continue
      keys.add(key)
      defs.push({...def, _key: key, agency: {...(def.agency as JsonRecord), _ref: moved(ref)}})
    }
    markDefs = defs
  }
  const children = Array.isArray(block.children) ? block.children.map((child: unknown) => movedChild(child, markKeys, moved)) : block.children
  const metrics = Array.isArray(block.metrics) ? block.metrics.map((metric: unknown) => movedChild(metric, markKeys, moved)) : block.metrics
  return {
    ...block,
    ...(block.markDefs !== undefined ? {markDefs} : {}),
    ...(block.children !== undefined ? {children} : {}),
    ...(block.metrics !== undefined ? {metrics} : {}),
  }
}

/** A span with re-keyed marks, or a metric with a moved agency. */
function movedChild(child: unknown, markKeys: ReadonlyMap<string, string>, moved: (id: string) => string): unknown {
  if (!isRecord(child)) return child
  if (child._type === 'span' && Array.isArray(child.marks) && markKeys.size > 0) {
    const marks = [...new Set(child.marks.map((mark: unknown) => (typeof mark === 'string' ? (markKeys.get(mark) ?? mark) : mark)))]
    return {...child, marks}
  }
  if (child._type === 'metric' && isRecord(child.agency) && typeof child.agency._ref === 'string' && moved(child.agency._ref) !== child.agency._ref) {
    return {...child, agency: {...child.agency, _ref: moved(child.agency._ref)}}
  }
  return child
}

export default defineMigration({
  title: 'Move agency documents to the names the current importer gives them',
  documentTypes: ['agency', 'article'],
  // Two passes: the agencies are held to plan the move, the articles are streamed past it.
  async *migrate(documents) {
    const agencies: MigratedDocument[] = []
    for await (const doc of documents()) if (doc._type === 'agency') agencies.push(doc)
    const moves = planMoves(agencies, (line) => console.warn(line))
    if (moves.size === 0) return
    const created = agencyMutations(agencies, moves)
    if (created.length > 0) yield created
    const moved = movedId(moves)
    for await (const doc of documents()) {
      if (doc._type !== 'article') continue
      const mutations = articleRenames(doc, moved)
      if (mutations.length > 0) yield mutations
    }
    yield deletions(moves)
  },
})
