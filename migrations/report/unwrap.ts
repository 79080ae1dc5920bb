/**
 * Hard-wrapped reports: some sources (plain-text exports, mail bodies, old
 * terminals) break every paragraph into lines of a fixed width. Left alone,
 * each piece becomes a block of its own, and a piece without final
 * punctuation even reads as a heading. This module finds the wrap width and
 * joins the pieces back into paragraphs. Pure; linear in the size of the text.
 *
 * Ordinary reports must come through untouched, so a text counts as wrapped
 * only on strong evidence, and a line joins the next only where the wrap
 * forced the break:
 * - The width W is the most common width of lines broken mid-sentence, in
 *   characters, display columns (CJK = 2), GBK or UTF-8 bytes, whichever
 *   explains more breaks.
 * - Hardly any line is longer than W (one-line paragraphs are), and most long
 *   lines end in a forced break.
 * - A break is forced when the next line's first character (with a closing
 *   mark the wrapper kept with it, or a whole Latin word) would not have fitted.
 * - Blank lines, paragraph indents, list markers, bullets and captions always
 *   start a new block, and a joined paragraph must end a sentence.
 */
import type {SourceLine} from './boilerplate'
import {isTableRow} from './table-row'
import {codeTable} from './units'

/** A paragraph's text and where it starts; `endLine` is its last source line when hard wrapping cut it up. */
export interface LogicalLine extends SourceLine {
  endLine?: number
}

export interface Unwrapped {
  lines: readonly LogicalLine[]
  /** The wrap width found (e.g. `38 characters`), or undefined when the text is not hard-wrapped. */
  width?: string
  /** How many source lines were joined onto the line before them. */
  joined: number
}

/** Lines of fewer characters say nothing about a wrap width (and lists of names stay apart). */
const MIN_WRAP_CHARACTERS = 20
/** Forced breaks needed before anything is joined. */
const MIN_BREAKS = 3

/** Sentence ends: a paragraph's last line ends in one. */
const SENTENCE_END_CODES = codeTable('。！？；：…!?;:.')
/** Punctuation that ends a sentence inside a line: a run-in heading (（一）完善制度体系。全年…) is prose. */
const SENTENCE_INSIDE = /[。！？；!?;]/
/** Closing quotes and brackets, looked through when checking how a line ends. */
const CLOSER_CODES = codeTable('”’」』"\'）)')
const ONLY_CLOSERS = /^[”’」』"'）)》]+$/
const HYPHEN = 0x2d
/** Marks a wrapper keeps off the start of a line (kinsoku), pulling the character before them along. */
const NO_LINE_START = new Set([...'，。、；：？！）》」』”’…,.;:?!)'])
/** Lines that open a block of their own even right after a full line: list markers, bullets, captions, Q&A labels. */
const NEW_BLOCK =
  /^(?:第[一二三四五六七八九十百零〇两0-9０-９]+(?:部分|章|篇|节)|[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百0-9０-９]{1,3}[）)]|[0-9０-９]{1,2}[、．]|[①-⑳]|[●■◆◇□○•▲△★☆※·\-*]|图为|图片|附件|(?:问|答|注|附|Q|A)[：:])/
/** Cells padded apart (联系人  电话, 值班领导\u3000\u3000张伟): a table row, however few numbers it has. */
const CELL_GAP = /\S(?: {2,}|\u3000|\t)\S/
/** Marks a wrapper keeps off the end of a line, moving them down with the character they open. */
const NO_LINE_END = new Set([...'“‘《〈（(「『【〔'])
/** A photo credit closes a caption: (张三 摄). */
const PHOTO_CREDIT = /摄[）)]$/
/** A paragraph indent: one to four ideographic spaces, two to eight ASCII spaces, or a tab. Right-aligned lines indent more. */
const PARAGRAPH_INDENT = /^(?:\u3000{1,4}|[ ]{2,8}|\t)(?=\S)/

interface Measure {
  unit: string
  of: (text: string) => number
  charWidth: (code: number) => number
}

const MEASURES: readonly Measure[] = [
  {unit: 'characters', of: (t) => t.length, charWidth: () => 1},
  {unit: 'columns', of: (t) => sum(t, columnWidth), charWidth: columnWidth},
  // wcwidth and Python's unicodedata count quotes, dashes and … as one column.
  {unit: 'columns (narrow quotes)', of: (t) => sum(t, narrowColumnWidth), charWidth: narrowColumnWidth},
  // Tools that count bytes: GBK (every other character two) or UTF-8, keeping characters whole.
  {unit: 'GBK bytes', of: (t) => sum(t, gbkWidth), charWidth: gbkWidth},
  {unit: 'UTF-8 bytes', of: (t) => sum(t, utf8Width), charWidth: utf8Width},
]

interface Line {
  src: SourceLine
  /** The source line with its indent, without trailing space: what the wrapper measured. */
  raw: string
  /** Ends without sentence punctuation: cut mid-sentence if it is full. */
  open: boolean
  /** Worked out when first needed: most reports are ruled out before any line's shape matters. */
  shape?: LineShape
}

interface LineShape {
  /** A list item, bullet, caption or table row: a block of its own unless a wrap plainly cut it. */
  starter: boolean
  /** A heading or list item of one phrase (一、…工作): its width says nothing about a wrap. */
  phrase: boolean
}

function shapeOf(line: Line): LineShape {
  if (line.shape === undefined) {
    const text = line.src.text
    const listed = NEW_BLOCK.test(text)
    const tabular = isTableRow(text) || CELL_GAP.test(text)
    line.shape = {starter: listed || tabular, phrase: (listed && !SENTENCE_INSIDE.test(text)) || tabular}
  }
  return line.shape
}

interface Wrap {
  measure: Measure
  width: number
}

/**
 * `kept` with hard-wrapped paragraphs joined into one line each. The joined
 * text is the pieces concatenated: nothing between CJK text, one space where
 * a word wrap took the space between two Latin words. `raw` is the untrimmed
 * source, for indents and widths.
 */
export function unwrapLines(kept: readonly SourceLine[], raw: readonly string[]): Unwrapped {
  // Cheap exit for the common case: paragraphs on one line end in punctuation.
  let open = 0
  for (const src of kept) if (src.text.length >= MIN_WRAP_CHARACTERS && !endsSentence(src.text)) open++
  if (open < MIN_BREAKS) return {lines: kept, joined: 0}
  const lines = kept.map(
    (src): Line => ({
      src,
      raw: (raw[src.line] ?? src.text).trimEnd(),
      // A lone closing quote (the wrap cut 。|”) ends the sentence before it.
      open: !endsSentence(src.text) && !ONLY_CLOSERS.test(src.text),
    }),
  )
  const wrap = findWrap(lines)
  if (wrap === undefined) return {lines: kept, joined: 0}
  const indentMarksParagraphs = usesIndentation(lines)
  const out: LogicalLine[] = []
  let joined = 0
  for (let i = 0; i < lines.length; ) {
    // The longest run of forced breaks from line i, cut back to where a sentence ends.
    let j = i
    while (j + 1 < lines.length && continues(lines[j]!, lines[j + 1]!, wrap, indentMarksParagraphs)) j++
    // A wrapped headline (the first line) or photo caption ends without a full stop; other paragraphs end one.
    while (j > i && lines[j]!.open && !(i === 0 && widthOf(lines[j]!, wrap) < wrap.width) && !PHOTO_CREDIT.test(lines[j]!.src.text)) j--
    const first = lines[i]!.src
    if (j === i) {
      out.push(first)
      i++
      continue
    }
    let text = first.text
    for (let k = i + 1; k <= j; k++) text = joinPieces(text, lines[k]!.src.text, spaceTaken(lines[k - 1]!, lines[k]!, wrap))
    out.push({line: first.line, text, endLine: lines[j]!.src.line})
    joined += j - i
    i = j + 1
  }
  return {lines: out, width: `${wrap.width} ${wrap.measure.unit}`, joined}
}

function findWrap(lines: readonly Line[]): Wrap | undefined {
  let best: (Wrap & {breaks: number}) | undefined
  for (const measure of MEASURES) {
    const found = wrapBy(lines, measure)
    if (found && (!best || found.breaks > best.breaks)) best = found
  }
  return best
}

function wrapBy(lines: readonly Line[], measure: Measure): (Wrap & {breaks: number}) | undefined {
  // The width: most common among lines cut mid-sentence after a letter or character (a line ending in a kept
  // closing mark runs one past it). Only these few lines are measured until a width stands out.
  const counts = new Map<number, number>()
  for (const line of lines) {
    if (line.open && line.src.text.length >= MIN_WRAP_CHARACTERS && !NO_LINE_START.has(line.raw.charAt(line.raw.length - 1))) {
      const w = measure.of(line.raw)
      counts.set(w, (counts.get(w) ?? 0) + 1)
    }
  }
  let mode = 0
  let most = 0
  for (const [w, n] of counts) if (n > most || (n === most && w > mode)) [mode, most] = [w, n]
  if (most < 2) return undefined
  // One-line paragraphs are longer than any wrap: a line with more characters than the widest width tried
  // is over it in every measure, so a scraped report stops here without measuring its paragraphs.
  const cjk = measure.charWidth(0x4e00)
  let longer = 0
  for (const line of lines) if (line.src.text.length > mode + cjk + 2) longer++
  if (longer > overLimit(lines)) return undefined
  const widths = lines.map((line) => measure.of(line.raw))
  // A wide character that did not fit leaves a line one column (or one or two bytes) short, and such lines can
  // outnumber the full ones: every width within a character of the mode is tried, and the one that explains
  // the most breaks wins (the narrower on a tie).
  let best: (Wrap & {breaks: number}) | undefined
  for (let width = mode; width < mode + cjk; width++) {
    const found = evidence(lines, widths, {measure, width})
    if (found !== undefined && (!best || found > best.breaks)) best = {measure, width, breaks: found}
  }
  return best
}

/** Forced breaks that `wrap` explains in `lines`, or undefined when the text does not read as wrapped by it. */
function evidence(lines: readonly Line[], widths: readonly number[], wrap: Wrap): number | undefined {
  const {width} = wrap
  const cjk = wrap.measure.charWidth(0x4e00)
  // One-line paragraphs are longer than any wrap.
  let over = 0
  lines.forEach((line, i) => {
    if (!fits(line, widths[i]!, wrap)) over++
  })
  if (over > overLimit(lines)) return undefined
  let breaks = 0
  let candidates = 0
  // Breaks that only prose makes: out of a line a break led into (a paragraph of three lines or more), or out of
  // a line holding a full stop. Parallel headings of one length (坚持高位推动，压紧压实…责任), each over a
  // one-line paragraph, make neither.
  let proseBreaks = 0
  let previousBroke = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    // Lines that could have been cut: long, and open or full. A paragraph's last line is neither.
    if (line.src.text.length >= MIN_WRAP_CHARACTERS && (line.open || widths[i]! >= width - cjk)) candidates++
    const next = lines[i + 1]
    // Headings and list items of one length (一、…工作) prove nothing: wrapped prose is mostly plain lines.
    const broke =
      next !== undefined && line.open && !shapeOf(line).phrase && next.src.line === line.src.line + 1 && fits(next, widths[i + 1]!, wrap) && !aligned(line, next) && forced(line, next, wrap)
    if (broke) {
      breaks++
      if (previousBroke || SENTENCE_INSIDE.test(line.src.text)) proseBreaks++
    }
    previousBroke = broke
  }
  // Wrapped paragraphs are mostly full lines; in a list only a few items happen to share a length.
  if (breaks < MIN_BREAKS || breaks * 2 < candidates) return undefined
  if (proseBreaks === 0 && breaks < 2 * MIN_BREAKS) return undefined
  return breaks
}

/** Lines allowed past the width: a URL or two. */
function overLimit(lines: readonly Line[]): number {
  return Math.max(1, Math.floor(lines.length * 0.1))
}

/** Whether the wrapper had to break `line` before `next`: what starts `next` would not have fitted. */
function forced(line: Line, next: Line, wrap: Wrap): boolean {
  const {measure, width} = wrap
  const used = widthOf(line, wrap)
  if (!fits(line, used, wrap)) return false // longer than the wrap: a line of its own
  if (used >= width) return true
  const text = next.src.text
  const c0 = text.charCodeAt(0)
  let need = measure.charWidth(c0)
  const before = line.raw.charCodeAt(line.raw.length - 1)
  if ((isLatinLetter(before) || isDigit(before) || before === HYPHEN) && (isLatinLetter(c0) || isDigit(c0))) {
    // A word wrap moves the whole word (low-|carbon, PM2.5), after the space it replaced.
    let k = 0
    while (k < text.length && text.charCodeAt(k) > 0x20 && text.charCodeAt(k) < 0x7f) k++
    need = (before === HYPHEN ? 0 : 1) + k
  } else if (NO_LINE_START.has(text.charAt(1)) || NO_LINE_END.has(text.charAt(0))) {
    // The wrapper moved a character along with the closing mark that may not start a line, or moved an opening
    // mark down to the character it opens.
    need += measure.charWidth(text.charCodeAt(1))
  }
  return used + need > width
}

/** Within the width, or past it only by the closing mark a wrapper may hang at the end (kinsoku). */
function fits(line: Line, used: number, wrap: Wrap): boolean {
  if (used <= wrap.width) return true
  const last = line.raw.charCodeAt(line.raw.length - 1)
  return NO_LINE_START.has(line.raw.charAt(line.raw.length - 1)) && used - wrap.measure.charWidth(last) <= wrap.width
}

/** Whether `next` continues the paragraph whose last piece so far is `line`. */
function continues(line: Line, next: Line, wrap: Wrap, indentMarksParagraphs: boolean): boolean {
  // A blank or dropped line in between ends the paragraph.
  if (next.src.line !== line.src.line + 1) return false
  if (indentMarksParagraphs && PARAGRAPH_INDENT.test(next.raw)) return false
  const shape = shapeOf(line)
  if (shapeOf(next).starter || (shape.starter && !line.open) || shape.phrase || PHOTO_CREDIT.test(line.src.text)) return false
  // A closing quote cut off after its sentence's full stop (。|”) belongs to it.
  if (ONLY_CLOSERS.test(next.src.text)) return true
  if (!fits(next, widthOf(next, wrap), wrap) || aligned(line, next) || !forced(line, next, wrap)) return false
  // A full line ending a sentence may end its paragraph too: where indents do not say, a short line without
  // punctuation after it is a heading.
  return line.open || indentMarksParagraphs || !(next.open && widthOf(next, wrap) < wrap.width / 2)
}

/** A line's width as the wrapper counted it. */
function widthOf(line: Line, wrap: Wrap): number {
  return wrap.measure.of(line.raw)
}

/**
 * Rows of a list line up: the same label before a colon at the same place (南湖区举报电话：…, 秀洲区举报电话：…).
 * Pieces of a wrapped paragraph do not.
 */
function aligned(line: Line, next: Line): boolean {
  const a = line.src.text
  const b = next.src.text
  for (let k = a.indexOf('：'); k >= 2; k = a.indexOf('：', k + 1)) {
    if (b.charCodeAt(k) === COLON && a.charCodeAt(k - 1) === b.charCodeAt(k - 1) && a.charCodeAt(k - 2) === b.charCodeAt(k - 2)) return true
  }
  return false
}
const COLON = '：'.charCodeAt(0)

/** Some lines carry a paragraph indent and others not: the indented ones open paragraphs. */
function usesIndentation(lines: readonly Line[]): boolean {
  let indented = 0
  for (const line of lines) if (PARAGRAPH_INDENT.test(line.raw)) indented++
  return indented >= 2 && indented < lines.length
}

/** Whether `text` ends a sentence, looking through closing quotes; runs on every line of every report, so on codes. */
export function endsSentence(text: string): boolean {
  let i = text.length - 1
  while (i >= 0 && CLOSER_CODES.has(text.charCodeAt(i))) i--
  return i >= 0 && SENTENCE_END_CODES.has(text.charCodeAt(i))
}

/**
 * A space stood between two Latin words where the wrap cut: a word wrap took it (the line stops short of the
 * width), or it was left at the start of the next line. A line cut at the full width split a word.
 */
function spaceTaken(line: Line, next: Line, wrap: Wrap): boolean {
  if (!isLatinLetter(line.raw.charCodeAt(line.raw.length - 1))) return false
  return widthOf(line, wrap) < wrap.width || /^\s/.test(next.raw)
}

/** Two pieces of one paragraph, with the space a word wrap took put back. */
function joinPieces(before: string, after: string, spaced: boolean): string {
  return spaced && isLatinLetter(after.charCodeAt(0)) ? `${before} ${after}` : before + after
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

function isLatinLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
}

function sum(text: string, width: (code: number) => number): number {
  let n = 0
  for (let i = 0; i < text.length; i++) n += width(text.charCodeAt(i))
  return n
}

function gbkWidth(c: number): number {
  return c < 0x80 ? 1 : c >= 0xdc00 && c <= 0xdfff ? 0 : 2
}

function narrowColumnWidth(c: number): number {
  return c >= 0x2014 && c <= 0x2026 ? 1 : columnWidth(c)
}

/** UTF-8 bytes of a code unit: a surrogate pair's four bytes are counted on its first half. */
function utf8Width(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : c >= 0xdc00 && c <= 0xdfff ? 0 : 3
}

/** Display columns: East Asian wide and full-width characters take two, as do quotes and dashes in CJK fonts. */
function columnWidth(c: number): number {
  if (c < 0x1100) return 1
  if (c >= 0xdc00 && c <= 0xdfff) return 0 // the second half of a surrogate pair was counted with the first
  const wide =
    c <= 0x115f ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xd800 && c <= 0xdbff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x2014 && c <= 0x2026)
  return wide ? 2 : 1
}
