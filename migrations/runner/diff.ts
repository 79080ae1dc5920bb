/**
 * A readable difference between two versions of a document, for dry runs:
 * one line per changed field, keyed arrays matched by `_key` so a changed
 * metric shows as `body[_key=="…"].children[_key=="…"].unit`.
 */
import {canonicalJson} from '../report/fingerprint'

export type DiffEntry =
  | {kind: 'changed'; path: string; before: unknown; after: unknown}
  | {kind: 'added'; path: string; after: unknown}
  | {kind: 'removed'; path: string; before: unknown}
  | {kind: 'reordered'; path: string}

export interface DocumentDiff {
  id: string
  type: string
  /** The document's title, when it has one, to make the listing readable. */
  title?: string
  entries: DiffEntry[]
}

/** Fields the store stamps on every write; never part of a migration's change. */
const STAMPS = new Set(['_rev', '_updatedAt', '_createdAt'])
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

type Json = Record<string, unknown>

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function keyOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value._key === 'string' ? value._key : undefined
}

function allKeyed(items: unknown[]): boolean {
  return items.every((item) => keyOf(item) !== undefined)
}

function same(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b)
}

function fieldPath(parent: string, field: string): string {
  if (!IDENTIFIER.test(field)) return `${parent}[${JSON.stringify(field)}]`
  return parent ? `${parent}.${field}` : field
}

const keyPath = (parent: string, key: string) => `${parent}[_key==${JSON.stringify(key)}]`

function diffValue(before: unknown, after: unknown, path: string, out: DiffEntry[]): void {
  if (same(before, after)) return
  if (isRecord(before) && isRecord(after)) {
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    for (const field of fields) {
      if (path === '' && STAMPS.has(field)) continue
      const child = fieldPath(path, field)
      if (!(field in before)) out.push({kind: 'added', path: child, after: after[field]})
      else if (!(field in after)) out.push({kind: 'removed', path: child, before: before[field]})
      else diffValue(before[field], after[field], child, out)
    }
    return
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (isInlineContent(before) && isInlineContent(after)) {
      diffInline(before, after, path, out)
      return
    }
    if (allKeyed(before) && allKeyed(after)) {
      const beforeByKey = new Map(before.map((item) => [keyOf(item), item]))
      const afterKeys = new Set(after.map(keyOf))
      for (const item of before) {
        const key = keyOf(item) ?? ''
        if (!afterKeys.has(key)) out.push({kind: 'removed', path: keyPath(path, key), before: item})
      }
      for (const item of after) {
        const key = keyOf(item) ?? ''
        const previous = beforeByKey.get(key)
        if (!beforeByKey.has(key)) out.push({kind: 'added', path: keyPath(path, key), after: item})
        // Another kind of item under the same key (a span that became a metric): show both whole.
        else if (isRecord(previous) && isRecord(item) && previous._type !== item._type && !same(previous, item)) {
          out.push({kind: 'changed', path: keyPath(path, key), before: previous, after: item})
        } else diffValue(previous, item, keyPath(path, key), out)
      }
      const kept = before.map(keyOf).filter((key) => afterKeys.has(key))
      const order = after.map(keyOf).filter((key) => beforeByKey.has(key))
      if (kept.join('\u0000') !== order.join('\u0000')) out.push({kind: 'reordered', path})
      return
    }
    if (before.length === after.length) {
      before.forEach((item, index) => diffValue(item, after[index], `${path}[${index}]`, out))
      return
    }
  }
  out.push({kind: 'changed', path, before, after})
}

/** A paragraph's children: spans and inline metrics. */
function isInlineContent(items: unknown[]): items is Json[] {
  return items.length > 0 && items.every((item) => isRecord(item) && (item._type === 'span' || item._type === 'metric') && typeof item._key === 'string')
}

function inlineText(items: Json[]): string {
  return items.map((item) => (typeof item.text === 'string' ? item.text : '')).join('')
}

/** Marked stretches of the text, as "start-end:marks". */
function markLayout(items: Json[]): string[] {
  const out: string[] = []
  let offset = 0
  for (const item of items) {
    const length = typeof item.text === 'string' ? item.text.length : 0
    if (item._type === 'span' && Array.isArray(item.marks) && item.marks.length > 0) out.push(`${offset}-${offset + length}:${item.marks.join(',')}`)
    offset += length
  }
  return out
}

/**
 * Children keys are positional (the builder numbers them), so a rebuilt
 * paragraph reuses keys for other pieces. Compare what matters instead:
 * metrics (by key when both sides have a metric there, else as added or
 * removed), the text, and which stretches carry marks.
 */
function diffInline(before: Json[], after: Json[], path: string, out: DiffEntry[]): void {
  const metricsBefore = new Map(before.filter((c) => c._type === 'metric').map((c) => [String(c._key), c]))
  const metricsAfter = new Map(after.filter((c) => c._type === 'metric').map((c) => [String(c._key), c]))
  for (const [key, metric] of metricsBefore) {
    if (!metricsAfter.has(key)) out.push({kind: 'removed', path: keyPath(path, key), before: metric})
  }
  for (const [key, metric] of metricsAfter) {
    const previous = metricsBefore.get(key)
    if (previous) diffValue(previous, metric, keyPath(path, key), out)
    else out.push({kind: 'added', path: keyPath(path, key), after: metric})
  }
  const textBefore = inlineText(before)
  const textAfter = inlineText(after)
  if (textBefore !== textAfter) out.push({kind: 'changed', path: `${path} (text)`, before: textBefore, after: textAfter})
  const marksBefore = markLayout(before)
  const marksAfter = markLayout(after)
  if (marksBefore.join(' ') !== marksAfter.join(' ')) {
    out.push({kind: 'changed', path: `${path} (marked ranges)`, before: marksBefore, after: marksAfter})
  }
}

/** What changed from `before` to `after` (undefined: the document did not exist / was deleted). */
export function diffDocuments(before: Json | undefined, after: Json | undefined): DocumentDiff {
  const doc = after ?? before ?? {}
  const id = typeof doc._id === 'string' ? doc._id : ''
  const type = typeof doc._type === 'string' ? doc._type : ''
  const title = typeof doc.title === 'string' ? doc.title : undefined
  const entries: DiffEntry[] = []
  if (!before) entries.push({kind: 'added', path: '', after})
  else if (!after) entries.push({kind: 'removed', path: '', before})
  else diffValue(before, after, '', entries)
  return {id, type, ...(title === undefined ? {} : {title}), entries}
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** A short, readable rendering of a value: spans and metrics by their text. */
export function summarise(value: unknown, max = 80): string {
  if (isRecord(value)) {
    if (value._type === 'span' && typeof value.text === 'string') return `span ${truncate(JSON.stringify(value.text), max)}`
    if (value._type === 'metric' && typeof value.text === 'string') {
      const unit = typeof value.unit === 'string' ? value.unit : ''
      return `metric ${JSON.stringify(value.text)} = ${String(value.value)}${unit ? ` ${unit}` : ''}`
    }
    if (value._type === 'block' && Array.isArray(value.children)) {
      const text = value.children.map((child) => (isRecord(child) && typeof child.text === 'string' ? child.text : '')).join('')
      return `block ${truncate(JSON.stringify(text), max)}`
    }
    if (Array.isArray(value.children) || Array.isArray(value.metrics)) {
      return `${typeof value._type === 'string' ? value._type : 'object'} (${truncate(JSON.stringify(value), max - 10)})`
    }
  }
  if (Array.isArray(value) && value.every((item) => isRecord(item) && typeof item._type === 'string')) {
    const counts = new Map<string, number>()
    for (const item of value) {
      const type = isRecord(item) && typeof item._type === 'string' ? item._type : '?'
      counts.set(type, (counts.get(type) ?? 0) + 1)
    }
    return `[${[...counts].map(([type, n]) => `${n} ${type}`).join(', ')}]`
  }
  // Content hashes: the first 12 digits tell them apart.
  if (typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)) return `${value.slice(0, 12)}…`
  return truncate(JSON.stringify(value) ?? 'undefined', max)
}

/** The diff as text lines: a header naming the document, then `~`, `+`, `-` lines. */
export function formatDiff(diff: DocumentDiff): string[] {
  const lines = [`${diff.id}${diff.title ? `  ${diff.title}` : ''}`]
  for (const entry of diff.entries) {
    const where = entry.path || '(document)'
    if (entry.kind === 'changed') lines.push(`  ~ ${where}: ${summarise(entry.before)} → ${summarise(entry.after)}`)
    else if (entry.kind === 'added') lines.push(`  + ${where}: ${summarise(entry.after)}`)
    else if (entry.kind === 'removed') lines.push(`  - ${where}: ${summarise(entry.before)}`)
    else lines.push(`  ↕ ${where}: reordered`)
  }
  return lines
}
