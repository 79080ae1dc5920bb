import type {ExprNode} from 'groq-js'
import type {SanityDocument} from './dataset-store'

/**
 * Index fast path. For a query whose only `*` is filtered by AND-ed
 * equality tests on `_type`, `_id` or `slug.current`, the documents that can
 * pass the filter are looked up in maps, and the unchanged query is then
 * evaluated by groq-js over just those documents. The full filter still runs
 * over the candidates, so the index only has to return a superset, in
 * dataset order.
 */

export type IndexedField = '_type' | '_id' | 'slug.current'

type ValueSource = {kind: 'literal'; values: readonly string[]} | {kind: 'param'; name: string; many: boolean}

export interface IndexConstraint {
  field: IndexedField
  source: ValueSource
}

export interface IndexPlan {
  constraints: readonly IndexConstraint[]
}

type Node = {type: string; [key: string]: unknown}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as {type?: unknown}).type === 'string'
}

function child(node: Node, key: string): Node | undefined {
  const value = node[key]
  return isNode(value) ? value : undefined
}

/** Returns a plan when the query can use the indexes, otherwise undefined. */
export function planIndexedQuery(ast: ExprNode): IndexPlan | undefined {
  let everything = 0
  let filter: Node | undefined
  // Any other `*` (a sub-query) must see the whole dataset, which a restricted dataset would break.
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item)
      return
    }
    if (typeof value !== 'object' || value === null) return
    if (isNode(value)) {
      if (value.type === 'Everything') everything++
      if (value.type === 'Filter' && child(value, 'base')?.type === 'Everything') filter = value
    }
    for (const item of Object.values(value)) visit(item)
  }
  visit(ast)
  if (everything !== 1 || !filter) return undefined
  const expr = child(filter, 'expr')
  if (!expr) return undefined
  const constraints = conjuncts(expr).flatMap((term) => {
    const constraint = toConstraint(term)
    return constraint ? [constraint] : []
  })
  return constraints.length ? {constraints} : undefined
}

function unwrapGroup(node: Node): Node {
  let current = node
  while (current.type === 'Group') {
    const base = child(current, 'base')
    if (!base) break
    current = base
  }
  return current
}

function conjuncts(node: Node): Node[] {
  const current = unwrapGroup(node)
  if (current.type !== 'And') return [current]
  const left = child(current, 'left')
  const right = child(current, 'right')
  return [...(left ? conjuncts(left) : []), ...(right ? conjuncts(right) : [])]
}

/** `_type`, `@._type`, `slug.current`, `@.slug.current`. */
function fieldOf(node: Node): IndexedField | undefined {
  const current = unwrapGroup(node)
  if (current.type !== 'AccessAttribute') return undefined
  const base = child(current, 'base')
  const name = current.name
  const isThis = (n: Node | undefined) => n === undefined || n.type === 'This'
  if (isThis(base) && (name === '_type' || name === '_id')) return name
  if (
    name === 'current' &&
    base &&
    base.type === 'AccessAttribute' &&
    base.name === 'slug' &&
    isThis(child(base, 'base'))
  ) {
    return 'slug.current'
  }
  return undefined
}

function singleSource(node: Node): ValueSource | undefined {
  const current = unwrapGroup(node)
  if (current.type === 'Value' && typeof current.value === 'string') return {kind: 'literal', values: [current.value]}
  if (current.type === 'Parameter' && typeof current.name === 'string')
    return {kind: 'param', name: current.name, many: false}
  return undefined
}

function manySource(node: Node): ValueSource | undefined {
  const current = unwrapGroup(node)
  if (current.type === 'Parameter' && typeof current.name === 'string')
    return {kind: 'param', name: current.name, many: true}
  if (current.type !== 'Array' || !Array.isArray(current.elements)) return undefined
  const values: string[] = []
  for (const element of current.elements as unknown[]) {
    if (!isNode(element) || element.isSplat) return undefined
    const value = child(element, 'value')
    if (!value || value.type !== 'Value' || typeof value.value !== 'string') return undefined
    values.push(value.value)
  }
  return {kind: 'literal', values}
}

function toConstraint(term: Node): IndexConstraint | undefined {
  if (term.type !== 'OpCall') return undefined
  const left = child(term, 'left')
  const right = child(term, 'right')
  if (!left || !right) return undefined
  if (term.op === '==') {
    const leftField = fieldOf(left)
    const rightField = fieldOf(right)
    if (leftField) {
      const source = singleSource(right)
      return source ? {field: leftField, source} : undefined
    }
    if (rightField) {
      const source = singleSource(left)
      return source ? {field: rightField, source} : undefined
    }
    return undefined
  }
  if (term.op === 'in') {
    const field = fieldOf(left)
    const source = field ? manySource(right) : undefined
    return field && source ? {field, source} : undefined
  }
  return undefined
}

/** The string values a constraint allows, or undefined when it cannot narrow (e.g. a non-string param). */
function constraintValues(
  constraint: IndexConstraint,
  params: Readonly<Record<string, unknown>>,
): readonly string[] | undefined {
  const {source} = constraint
  if (source.kind === 'literal') return source.values
  const value = params[source.name]
  if (!source.many) return typeof value === 'string' ? [value] : undefined
  if (!Array.isArray(value)) return undefined
  // A non-string element could equal a non-string field value, which is not indexed.
  return value.every((item) => typeof item === 'string') ? (value as string[]) : undefined
}

export function fieldValue(doc: SanityDocument, field: IndexedField): string | undefined {
  if (field === '_id') return doc._id
  if (field === '_type') return typeof doc._type === 'string' ? doc._type : undefined
  const slug = doc.slug
  if (typeof slug !== 'object' || slug === null) return undefined
  const current = (slug as {current?: unknown}).current
  return typeof current === 'string' ? current : undefined
}

const EMPTY: readonly number[] = []
const SELECTIVITY: Record<IndexedField, number> = {_id: 0, 'slug.current': 1, _type: 2}
const SMALL_CANDIDATE_SET = 32

export class DocumentIndex {
  // Most values (every _id, nearly every slug) are unique: a bare position until a second one comes.
  private readonly maps = new Map<IndexedField, Map<string, number | number[]>>()

  constructor(readonly docs: readonly SanityDocument[]) {}

  /** Each field's map is built the first time a query needs it. */
  private map(field: IndexedField): Map<string, number | number[]> {
    const existing = this.maps.get(field)
    if (existing) return existing
    const map = new Map<string, number | number[]>()
    const {docs} = this
    for (let position = 0; position < docs.length; position++) {
      const doc = docs[position]
      const value = doc && fieldValue(doc, field)
      if (value === undefined) continue
      const entry = map.get(value)
      if (entry === undefined) map.set(value, position)
      else if (typeof entry === 'number') map.set(value, [entry, position])
      else entry.push(position)
    }
    this.maps.set(field, map)
    return map
  }

  /** Builds the maps now rather than on the first query. */
  warm(fields: readonly IndexedField[] = ['_type', '_id', 'slug.current']): this {
    for (const field of fields) this.map(field)
    return this
  }

  /** Positions (ascending) of documents whose field equals the value. */
  positions(field: IndexedField, value: string): readonly number[] {
    const entry = this.map(field).get(value)
    return entry === undefined ? EMPTY : typeof entry === 'number' ? [entry] : entry
  }

  /**
   * The documents that can satisfy every usable constraint, in dataset order,
   * or undefined when no constraint is usable with these params.
   */
  candidates(plan: IndexPlan, params: Readonly<Record<string, unknown>> = {}): SanityDocument[] | undefined {
    const usable: {constraint: IndexConstraint; values: ReadonlySet<string>}[] = []
    for (const constraint of plan.constraints) {
      const values = constraintValues(constraint, params)
      if (values) usable.push({constraint, values: new Set(values)})
    }
    if (usable.length === 0) return undefined
    // Most selective fields first; once the set is small, the rest are checked on the documents
    // instead of building (or walking) their maps.
    usable.sort((a, b) => SELECTIVITY[a.constraint.field] - SELECTIVITY[b.constraint.field])
    let best: {positions: readonly number[]; index: number} | undefined
    for (const [index, {constraint, values}] of usable.entries()) {
      if (best && best.positions.length <= SMALL_CANDIDATE_SET) break
      const positions = this.lookup(constraint.field, [...values])
      if (!best || positions.length < best.positions.length) best = {positions, index}
    }
    if (!best) return undefined
    const others = usable.filter((_, index) => index !== best.index)
    const result: SanityDocument[] = []
    for (const position of best.positions) {
      const doc = this.docs[position]
      if (!doc) continue
      if (others.every(({constraint, values}) => values.has(fieldValue(doc, constraint.field) ?? '\u0000'))) {
        result.push(doc)
      }
    }
    return result
  }

  private lookup(field: IndexedField, values: readonly string[]): readonly number[] {
    if (values.length === 1) return this.positions(field, values[0] ?? '')
    const merged = new Set<number>()
    for (const value of new Set(values)) for (const position of this.positions(field, value)) merged.add(position)
    return [...merged].sort((a, b) => a - b)
  }
}
