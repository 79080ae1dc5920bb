/**
 * Bytes of a scraped report → text. Pure: the caller reads the file.
 *
 * Order of checks: size, empty, known binary magic numbers, BOM (UTF-8,
 * UTF-16 LE/BE), NUL bytes, strict UTF-8, then GB18030 (a superset of GBK
 * and GB2312, which is what older government sites serve). Reasons are one
 * short lowercase line without the file name; the caller prefixes it.
 */

export type ReportEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030'

export type DecodeResult = {ok: true; text: string; encoding: ReportEncoding} | {ok: false; reason: string}

export interface DecodeOptions {
  /** Largest accepted input in bytes; defaults to DEFAULT_MAX_BYTES. */
  maxBytes?: number
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024

/** GB18030 accepts almost any byte sequence, so binary junk is caught by how much of it is undecodable. */
const MAX_REPLACEMENT_RATIO = 0.01

const MAGIC: readonly (readonly [name: string, bytes: readonly number[]])[] = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]], // GIF8(7|9)a
  ['PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['ZIP archive', [0x50, 0x4b, 0x05, 0x06]], // empty archive
]

export function decodeReport(bytes: Uint8Array, opts: DecodeOptions = {}): DecodeResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  if (bytes.length > maxBytes) {
    const [size, limit] = [formatSize(bytes.length), formatSize(maxBytes)]
    // Rounding can make a file just over the limit print as the limit itself.
    return size === limit
      ? {ok: false, reason: `file is ${bytes.length} bytes, over the ${maxBytes}-byte limit`}
      : {ok: false, reason: `file is ${size}, over the ${limit} limit`}
  }
  if (bytes.length === 0) return {ok: false, reason: 'empty file'}

  for (const [name, magic] of MAGIC) {
    if (startsWithBytes(bytes, magic)) return {ok: false, reason: `binary file (${name})`}
  }

  if (startsWithBytes(bytes, [0xef, 0xbb, 0xbf])) {
    return finish(strict('utf-8', bytes.subarray(3)), 'utf-8-bom')
  }
  if (startsWithBytes(bytes, [0xff, 0xfe])) return finish(strict('utf-16le', bytes.subarray(2)), 'utf-16le')
  if (startsWithBytes(bytes, [0xfe, 0xff])) return finish(strict('utf-16be', bytes.subarray(2)), 'utf-16be')

  // Outside UTF-16 a NUL byte never occurs in text.
  if (bytes.indexOf(0) !== -1) return {ok: false, reason: 'binary file (NUL bytes)'}

  const utf8 = strict('utf-8', bytes)
  if (utf8 !== undefined) return finish(utf8, 'utf-8')

  const text = new TextDecoder('gb18030').decode(bytes)
  let replaced = 0
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) replaced++
  if (replaced > text.length * MAX_REPLACEMENT_RATIO) {
    return {ok: false, reason: `not text (${replaced} undecodable characters as utf-8 or gb18030)`}
  }
  return finish(text, 'gb18030')
}

function finish(text: string | undefined, encoding: ReportEncoding): DecodeResult {
  if (text === undefined) return {ok: false, reason: `invalid ${encoding.replace('-bom', '')} text`}
  if (text.includes('\u0000')) return {ok: false, reason: 'binary file (NUL characters)'}
  // trim() covers U+3000 and U+FEFF too.
  if (text.trim() === '') return {ok: false, reason: 'empty file'}
  return {ok: true, text, encoding}
}

/** ignoreBOM keeps a second BOM as text instead of silently dropping it; we strip the first one ourselves. */
function strict(label: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, {fatal: true, ignoreBOM: true}).decode(bytes)
  } catch {
    return undefined
  }
}

function startsWithBytes(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false
  return true
}

/** 12.3 MB, 5 MB, 800 KB, 12 B: one decimal, without a trailing .0. */
export function formatSize(bytes: number): string {
  const [value, unit] =
    bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, 'MB'] : bytes >= 1024 ? [bytes / 1024, 'KB'] : [bytes, 'B']
  return `${value.toFixed(1).replace(/\.0$/, '')} ${unit}`
}
