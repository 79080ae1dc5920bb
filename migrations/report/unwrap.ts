/**
 * Hard-wrapped reports: some sources (plain-text exports, mail bodies, `fold`)
 * break every paragraph into lines of a fixed width. Left alone, each piece
 * becomes a block of its own, and a piece without final punctuation even
 * reads as a heading. This module finds the wrap width and joins the pieces
 * back into paragraphs. Pure; linear in the size of the text.
 *
 * A text counts as wrapped only on strong evidence: at least three lines
 * within a few units of one width break off mid-sentence (a paragraph almost
 * never ends without punctuation), and hardly any line is longer than that
 * width. Widths are tried in characters, display columns (CJK = 2) and
 * UTF-8 bytes, since wrapping tools count each of these.
 */
import type {SourceLine} from './boilerplate'

/** A paragraph's text and where it starts; `endLine` is its last source line when hard wrapping cut it up. */
export interface LogicalLine extends SourceLine {
  endLine?: number
}

export interface Unwrapped {
  lines: LogicalLine[]
  /** The wrap width found (e.g. `38 characters`), or undefined when the text is not hard-wrapped. */
  width?: string
  /** How many source lines were joined onto the line before them. */
  joined: number
}

/** Lines of fewer characters say nothing about a wrap width (and lists of names stay apart). */
const MIN_WRAP_CHARACTERS = 20
/** Wider than this is a paragraph on one line, not a wrap (tools wrap at 60–80 columns; 240 UTF-8 bytes is generous). */
const MAX_WRAP_WIDTH = 240
/** Lines broken mid-sentence at the wrap width needed before joining anything. */
const MIN_OPEN_FULL_LINES = 3

/** Sentence ends: a full-width line ending in one may also end its paragraph. */
const SENTENCE_END = new Set([...'。！？；：…!?;:'])
/** Closing quotes and brackets, looked through when checking how a line ends. */
const CLOSERS = new Set([...'”’」』"\'）)'])
/** List markers that open a new block even right after a full line (一、 （一） 1. 第一部分 ①). */
const MARKER_START = /^(?:第[一二三四五六七八九十百零〇两0-9０-９]+(?:部分|章|篇|节)|[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百0-9０-９]{1,3}[）)]|[0-9０-９]{1,2}[、．]|[①-⑳])/

interface Measure {
  unit: string
  of: (text: string) => number
}

const MEASURES: readonly Measure[] = [
  {unit: 'characters', of: (t) => t.length},
  {unit: 'columns', of: columns},
  {unit: 'UTF-8 bytes', of: utf8Bytes},
]

/**
 * `kept[from…]` with hard-wrapped paragraphs joined into one line each. The
 * joined text is the pieces concatenated: nothing between CJK text, one
 * space between two Latin letters (the space the wrap consumed).
 * `raw` is the untrimmed source, for indentation.
 */
export function unwrapLines(kept: readonly SourceLine[], from: number, raw: readonly string[]): Unwrapped {
  const body = kept.slice(from)
  const wrap = findWrap(body)
  if (wrap === undefined) return {lines: body, joined: 0}
  const indentMarksParagraphs = usesIndentation(body, raw)
  const lines: LogicalLine[] = []
  let joined = 0
  let current: LogicalLine | undefined
  let currentLast: SourceLine | undefined
  for (const src of body) {
    if (current && currentLast && continues(currentLast, src, wrap, raw, indentMarksParagraphs)) {
      current.text = joinPieces(current.text, src.text)
      current.endLine = src.line
      currentLast = src
      joined++
      continue
    }
    current = {line: src.line, text: src.text}
    currentLast = src
    lines.push(current)
  }
  return {lines, width: `${wrap.width} ${wrap.measure.unit}`, joined}
}

interface Wrap {
  measure: Measure
  width: number
  /** Units a wrapped line may fall short of the width (a wide character or kept-together punctuation). */
  slack: number
}

function findWrap(body: readonly SourceLine[]): Wrap | undefined {
  // Cheap exit for the common case: paragraphs on one line end in punctuation.
  let open = 0
  for (const src of body) if (src.text.length >= MIN_WRAP_CHARACTERS && !endsSentence(src.text)) open++
  if (open < MIN_OPEN_FULL_LINES) return undefined
  let best: (Wrap & {score: number}) | undefined
  for (const measure of MEASURES) {
    const found = wrapBy(body, measure)
    if (found && (!best || found.score > best.score)) best = found
  }
  return best
}

/** The width most open lines stop at under `measure`, if the evidence is strong enough. */
function wrapBy(body: readonly SourceLine[], measure: Measure): (Wrap & {score: number}) | undefined {
  const widths = body.map((src) => measure.of(src.text))
  const openWidths: number[] = []
  body.forEach((src, i) => {
    if (src.text.length >= MIN_WRAP_CHARACTERS && widths[i]! <= MAX_WRAP_WIDTH && !endsSentence(src.text)) openWidths.push(widths[i]!)
  })
  let best: (Wrap & {score: number}) | undefined
  for (const width of new Set(openWidths)) {
    const slack = slackFor(width)
    const score = openWidths.filter((w) => w <= width && w >= width - slack).length
    if (score < MIN_OPEN_FULL_LINES) continue
    // The widest open line in the band is the width; the same band found from a narrower line scores the same.
    if (best && (score < best.score || (score === best.score && width < best.width))) continue
    best = {measure, width, slack, score}
  }
  if (!best) return undefined
  const {width, slack} = best
  // A wrapped text has (almost) no line past the wrap width; one-line paragraphs are longer than any wrap.
  const over = widths.filter((w) => w > width + Math.ceil(slack / 2)).length
  if (over > Math.max(1, Math.floor(body.length * 0.1))) return undefined
  // Most full lines break mid-sentence; one-line paragraphs of similar length end in punctuation.
  const full = widths.filter((w) => w >= width - slack && w <= width + Math.ceil(slack / 2)).length
  if (best.score * 2 < full) return undefined
  // Wrapped paragraphs are mostly full lines; in a list of long items only some happen to share a length.
  const long = body.filter((src) => src.text.length >= MIN_WRAP_CHARACTERS).length
  if (full < long * 0.4) return undefined
  return best
}

function slackFor(width: number): number {
  return Math.max(2, Math.round(width * 0.06))
}

/** Whether `next` continues the paragraph whose last piece is `last`. */
function continues(last: SourceLine, next: SourceLine, wrap: Wrap, raw: readonly string[], indentMarksParagraphs: boolean): boolean {
  // A blank or dropped line in between ends the paragraph.
  if (next.line !== last.line + 1) return false
  if (indentMarksParagraphs && isIndented(raw[next.line] ?? '')) return false
  const width = wrap.measure.of(last.text)
  if (width < wrap.width - wrap.slack) return false
  if (!endsSentence(last.text)) return true
  // A full line ending a sentence: the paragraph may end there too. Indentation, where the text uses it,
  // has already answered; otherwise a list marker or a short unpunctuated line (a heading) starts anew.
  if (indentMarksParagraphs) return true
  return !MARKER_START.test(next.text) && !(next.text.length <= 40 && !endsSentence(next.text) && wrap.measure.of(next.text) < wrap.width - wrap.slack)
}

/** Some lines indented and some not: the indented ones open paragraphs. */
function usesIndentation(body: readonly SourceLine[], raw: readonly string[]): boolean {
  let indented = 0
  for (const src of body) if (isIndented(raw[src.line] ?? '')) indented++
  return indented > 0 && indented < body.length
}

function isIndented(line: string): boolean {
  const c = line.charAt(0)
  return c === '\u3000' || c === '\t' || line.startsWith('  ')
}

function endsSentence(text: string): boolean {
  let i = text.length - 1
  while (i >= 0 && CLOSERS.has(text.charAt(i))) i--
  return i >= 0 && SENTENCE_END.has(text.charAt(i))
}

/** Two pieces of one paragraph: a space only where the wrap split two Latin words. */
export function joinPieces(before: string, after: string): string {
  return isLatinLetter(before.charCodeAt(before.length - 1)) && isLatinLetter(after.charCodeAt(0)) ? `${before} ${after}` : before + after
}

function isLatinLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
}

/** Display columns: East Asian wide and full-width characters take two. */
function columns(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xdc00 && c <= 0xdfff) continue
    n += c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xd800 && c <= 0xdbff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x2014 && c <= 0x2026)) ? 2 : 1
  }
  return n
}

function utf8Bytes(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : c >= 0xdc00 && c <= 0xdfff ? 0 : 3
  }
  return n
}
