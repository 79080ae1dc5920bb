/**
 * Mendoza patches (https://github.com/sanity-io/mendoza) for listener
 * events' `effects`. The Studio applies `effects.apply` to the document it
 * has (without `_rev`) to get the next one, and reads a created document as
 * `revert == [0, null]` and a deleted one as `apply == [0, null]`.
 *
 * The encoder diffs the top-level fields: unchanged fields are kept, changed
 * ones are set whole, removed ones deleted. That is a valid, compact-enough
 * patch for documents edited one field at a time; it does not descend into
 * nested values.
 */

export type MendozaPatch = unknown[]

const OP_VALUE = 0
const OP_OBJECT_SET_FIELD_VALUE = 17
const OP_OBJECT_DELETE_FIELD = 19

type Json = null | boolean | number | string | Json[] | {[key: string]: Json}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]))
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a)
    if (keys.length !== Object.keys(b).length) return false
    return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
  }
  return false
}

/** The patch that turns `from` into `to` (either may be null: no document). */
export function diffDocuments(
  from: Readonly<Record<string, unknown>> | null,
  to: Readonly<Record<string, unknown>> | null,
): MendozaPatch {
  if (from === null || to === null) return [OP_VALUE, (to as Json | null) ?? null]
  // Field indexes refer to the input's keys in sorted order.
  const inputKeys = Object.keys(from).sort()
  const patch: MendozaPatch = []
  inputKeys.forEach((key, index) => {
    if (!Object.hasOwn(to, key)) patch.push(OP_OBJECT_DELETE_FIELD, index)
  })
  for (const key of Object.keys(to).sort()) {
    const next = to[key]
    if (Object.hasOwn(from, key) && jsonEqual(from[key], next)) continue
    patch.push(OP_OBJECT_SET_FIELD_VALUE, next, key)
  }
  return patch
}

/** The document as the Studio applies effects to it: without `_rev`. */
export function withoutRev<T extends Record<string, unknown>>(doc: T | undefined): Omit<T, '_rev'> | null {
  if (!doc) return null
  const {_rev: _omit, ...rest} = doc
  return rest
}

export function mendozaEffects(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): {apply: MendozaPatch; revert: MendozaPatch} {
  const from = withoutRev(before)
  const to = withoutRev(after)
  return {apply: diffDocuments(from, to), revert: diffDocuments(to, from)}
}
