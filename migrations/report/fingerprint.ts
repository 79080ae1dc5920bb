import {hash} from 'node:crypto'

export function sha256(text: string): string {
  // One-shot `hash` skips the Hash object that createHash allocates per call.
  return hash('sha256', text, 'hex')
}

const KEY_DIGITS = Array.from('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', (c) => c.charCodeAt(0))
const keyCodes: number[] = new Array<number>(12).fill(0)
/** The hash's two 32-bit lanes while a key is being made (a typed array: cheaper than closure variables). */
const lanes = new Int32Array(2)
const SEPARATOR = '\u0000'

/**
 * Short alphanumeric key for `_key`s: a 64-bit non-cryptographic hash (two
 * 32-bit lanes, murmur3-style mixing) written in base 62. Keys only need to
 * be deterministic and unique within their array, and the importer makes a
 * few hundred per report, so a SHA-256 per key would dominate the import.
 * `length` is at most 12.
 */
export function shortHash(text: string, length = 12): string {
  startKey()
  mixKey(text)
  return finishKey(text.length, length)
}

/**
 * `shortHash(parts.join('\u0000'), length)` without building the joined
 * string: the builder keys every block by its whole paragraph text, and
 * every child by its block key and position.
 */
export function shortHashJoined(parts: readonly string[], length = 12): string {
  startKey()
  let total = 0
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (i > 0) mixKey(SEPARATOR)
    mixKey(part)
    total += part.length + (i > 0 ? 1 : 0)
  }
  return finishKey(total, length)
}

function startKey(): void {
  lanes[0] = 0xdeadbeef
  lanes[1] = 0x41c6ce57
}

function mixKey(text: string): void {
  let h1 = lanes[0]!
  let h2 = lanes[1]!
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x85ebca77)
    h2 = Math.imul(h2 ^ c, 0xc2b2ae3d)
  }
  lanes[0] = h1
  lanes[1] = h2
}

function finishKey(textLength: number, length: number): string {
  let h1 = lanes[0]! ^ textLength
  let h2 = lanes[1]!
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35)
  // Six base-62 digits hold 32 bits (62^6 > 2^32), so each lane gives six characters. Each lane is
  // divided in 16-bit halves: every step stays in small-integer arithmetic, ~3× faster than on doubles.
  let ah = h1 >>> 16
  let al = h1 & 0xffff
  let bh = h2 >>> 16
  let bl = h2 & 0xffff
  for (let i = 0; i < 12; i += 2) {
    let q = (ah / 62) | 0
    let t = (ah - q * 62) * 65536 + al
    ah = q
    al = (t / 62) | 0
    keyCodes[i] = KEY_DIGITS[t - al * 62]!
    q = (bh / 62) | 0
    t = (bh - q * 62) * 65536 + bl
    bh = q
    bl = (t / 62) | 0
    keyCodes[i + 1] = KEY_DIGITS[t - bl * 62]!
  }
  const c = keyCodes
  // Spelled-out arguments: a spread call costs more than the hashing.
  if (length === 10) return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!)
  const key = String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!)
  return length >= 12 ? key : key.slice(0, length)
}

/**
 * JSON with object keys sorted, so equal content always serialises (and
 * hashes) the same. Output is byte-for-byte what
 * `JSON.stringify(value, sortingReplacer)` gives, but objects whose keys are
 * already in order are not copied, and the string is written by the native
 * serialiser without a replacer, which is several times faster.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value)) ?? 'undefined'
}

/** `value` with every object's keys in sorted order; shares whatever is already sorted. */
function sorted(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const item = sorted(value[i])
      if (item !== value[i]) (copy ??= value.slice())[i] = item
    }
    return copy ?? value
  }
  const record = value as Record<string, unknown>
  if (!keysInOrder(record)) {
    const keys = Object.keys(record)
    // Inserting in sorted order gives the order JSON.stringify then emits (array-index keys first, as in the replacer version).
    const copy: Record<string, unknown> = {}
    for (const key of keys.sort()) copy[key] = sorted(record[key])
    return copy
  }
  let copy: Record<string, unknown> | undefined
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue
    const item = sorted(record[key])
    if (item !== record[key]) (copy ??= {...record})[key] = item
  }
  return copy ?? record
}

/** Whether own keys already come in sorted order; walks them without allocating a key list. */
function keysInOrder(record: Record<string, unknown>): boolean {
  let previous: string | undefined
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue
    if (previous !== undefined && previous >= key) return false
    previous = key
  }
  return true
}

/** Fields that change without anyone editing the content. */
const VOLATILE_FIELDS = new Set(['_id', '_rev', '_createdAt', '_updatedAt', '_originalId', '_system'])
const VOLATILE_SOURCE_FIELDS = new Set(['importedAt', 'importHash'])

/** Hash of one body block; `source.blockHashes` records it so migrations only touch blocks nobody edited. */
export function blockHash(block: unknown): string {
  return sha256(canonicalJson(block))
}

/**
 * Hash of what an editor can change in an imported document. The importer
 * stores it as `source.importHash`; when a stored document no longer hashes
 * to it, an editor has touched the document and a re-import must not
 * overwrite it.
 *
 * The body enters as its block hashes, so the importer, which hashes every
 * block anyway, passes them in (`blockHashes`) instead of serialising the
 * body twice.
 */
export function contentFingerprint(doc: Record<string, unknown>, blockHashes?: ReadonlyMap<unknown, string>): string {
  const content: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(doc)) {
    if (VOLATILE_FIELDS.has(field)) continue
    if (field === 'source' && value && typeof value === 'object') {
      const source: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) if (!VOLATILE_SOURCE_FIELDS.has(k)) source[k] = v
      content[field] = source
    } else {
      content[field] = value
    }
  }
  if (importerVersionOf(doc) === '1.0.0') return sha256(canonicalJson(content))
  if (Array.isArray(content.body)) content.body = content.body.map((block) => blockHashes?.get(block) ?? blockHash(block))
  return sha256(canonicalJson(content))
}

/** Importer 1.0.0 hashed the body inline; its documents keep being checked the way they were stamped. */
function importerVersionOf(doc: Record<string, unknown>): unknown {
  const source = doc.source
  return source && typeof source === 'object' ? (source as Record<string, unknown>).importerVersion : undefined
}
