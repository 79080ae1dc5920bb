/**
 * Number parsing for Chinese government reports: Arabic digits (half- and
 * full-width, with thousands separators and decimals) and Chinese numerals
 * (一百二十三, 两千零五, 三万五千, 廿, 三点五, 百分之二十). Pure; the scanners
 * work on (string, position) with character codes so a scan over a long
 * report allocates almost nothing.
 */

/** A number read from the text: s.slice(start, end) is its wording. */
export interface ScannedNumber {
  value: number
  start: number
  end: number
}

/** A run of Chinese numeral characters that is not a well-formed number (十三五, 二〇一九, 三四十). */
export interface InvalidRun {
  invalid: true
  end: number
}

/** 0–9 for an ASCII or full-width digit at s[i], -1 otherwise. */
export function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i)
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10
  return -1
}

const isComma = (code: number): boolean => code === 0x2c || code === 0xff0c // , ，
const isPoint = (code: number): boolean => code === 0x2e || code === 0xff0e // . ．

/**
 * Reads an Arabic number at `pos`: 1270, 1,270, 1，270, 92.3, １２３.
 * A comma counts as a thousands separator only between a 1–3 digit head and
 * groups of exactly three digits, because Chinese text also uses commas as
 * plain clause separators.
 */
export function scanArabic(s: string, pos: number): ScannedNumber | undefined {
  let i = pos
  let int = 0
  for (; i < s.length; i++) {
    const d = digitAt(s, i)
    if (d < 0) break
    int = int * 10 + d
  }
  const headLength = i - pos
  if (headLength === 0) return undefined
  if (headLength <= 3) {
    while (
      isComma(s.charCodeAt(i)) &&
      digitAt(s, i + 1) >= 0 &&
      digitAt(s, i + 2) >= 0 &&
      digitAt(s, i + 3) >= 0 &&
      digitAt(s, i + 4) < 0
    ) {
      int = int * 1000 + digitAt(s, i + 1) * 100 + digitAt(s, i + 2) * 10 + digitAt(s, i + 3)
      i += 4
    }
  }
  let value = int
  if (isPoint(s.charCodeAt(i)) && digitAt(s, i + 1) >= 0) {
    let frac = 0
    let scale = 1
    let j = i + 1
    for (; j < s.length; j++) {
      const d = digitAt(s, j)
      if (d < 0) break
      frac = frac * 10 + d
      scale *= 10
    }
    // Both operands are exact integers, so one division rounds correctly: 923 / 10 === 92.3.
    const digits = int * scale + frac
    value = Number.isSafeInteger(digits) ? digits / scale : slowDecimal(s, pos, j)
    i = j
  }
  if (!Number.isSafeInteger(int)) value = slowDecimal(s, pos, i)
  return {value, start: pos, end: i}
}

/** Exact parse for numbers too long for the integer fast path. */
function slowDecimal(s: string, start: number, end: number): number {
  let text = ''
  for (let i = start; i < end; i++) {
    const d = digitAt(s, i)
    if (d >= 0) text += d
    else if (isPoint(s.charCodeAt(i))) text += '.'
  }
  return Number(text)
}

// Chinese numeral characters by code: kind and value, in tables so a scan reads instead of hashing.
const NONE = 0
const DIGIT = 1
const SMALL = 2 // 十 百 千
const TENS = 3 // 廿 卅
const BIG = 4 // 万 亿
const KIND = new Uint8Array(0x10000)
const VALUE = new Uint32Array(0x10000)
let numeralChars = ''
function define(chars: string, kind: number, value: number): void {
  for (const c of chars) {
    KIND[c.charCodeAt(0)] = kind
    VALUE[c.charCodeAt(0)] = value
    numeralChars += c
  }
}
/** The numeral kind of a character code; NONE for anything else, NaN (past the end) included (NaN & 0xffff is 0). */
function kindOf(code: number): number {
  return KIND[code & 0xffff] ?? NONE
}
function valueOf(code: number): number {
  return VALUE[code & 0xffff] ?? 0
}
const isZeroCode = (code: number): boolean => kindOf(code) === DIGIT && valueOf(code) === 0
define('零〇', DIGIT, 0)
define('一', DIGIT, 1)
define('二两兩貳', DIGIT, 2)
define('三參', DIGIT, 3)
define('四', DIGIT, 4)
define('五', DIGIT, 5)
define('六', DIGIT, 6)
define('七', DIGIT, 7)
define('八', DIGIT, 8)
define('九', DIGIT, 9)
define('十', SMALL, 10)
define('百', SMALL, 100)
define('千', SMALL, 1000)
define('廿', TENS, 20)
define('卅', TENS, 30)
define('万萬', BIG, 1e4)
define('亿億', BIG, 1e8)

const POINT = '点'.charCodeAt(0)
const LIANG = '两'.charCodeAt(0)
const LIANG_TRADITIONAL = '兩'.charCodeAt(0)

/** Every character that can be part of a Chinese numeral (not counting 点). */
export const CHINESE_NUMERAL_CHARS = numeralChars

/** Whether the character code can be part of a Chinese numeral (not counting 点). */
export function isChineseNumeralCode(code: number): boolean {
  return kindOf(code) !== NONE
}

/** 万/萬/亿/億. */
export function isChineseBigUnitCode(code: number): boolean {
  return kindOf(code) === BIG
}

/** A digit character (〇, 一…九, 两) — the ones that double as ordinary words. */
export function isChineseDigitCode(code: number): boolean {
  return kindOf(code) === DIGIT
}

/**
 * The end of the Chinese numeral run at `pos`: numeral characters plus a 点
 * between a numeral and a digit (三点五; not 三点 "three o'clock").
 */
export function chineseRunEnd(s: string, pos: number): number {
  let i = pos
  while (i < s.length) {
    const code = s.charCodeAt(i)
    if (kindOf(code) !== NONE) i++
    else if (code === POINT && i > pos && isChineseDigitCode(s.charCodeAt(i + 1))) i++
    else break
  }
  return i
}

/**
 * Parses s[start, end) as one Chinese numeral, or undefined when it is not a
 * well-formed number. Digit sequences (二〇一九) and enumerations (十三五, 三四十)
 * are rejected on purpose: they are years and names, not quantities.
 */
export function parseChineseNumeral(s: string, start: number, end: number): number | undefined {
  let intEnd = start
  while (intEnd < end && s.charCodeAt(intEnd) !== POINT) intEnd++
  if (intEnd === start) return undefined
  const int = parseChineseInteger(s, start, intEnd)
  if (int === undefined || intEnd === end) return int
  // 三点五 / 三点五万: decimal digits, then optionally one closing big unit.
  let frac = 0
  let scale = 1
  let i = intEnd + 1
  for (; i < end; i++) {
    const code = s.charCodeAt(i)
    if (kindOf(code) !== DIGIT || code === LIANG || code === LIANG_TRADITIONAL) break
    frac = frac * 10 + valueOf(code)
    scale *= 10
  }
  if (scale === 1) return undefined
  const value = (int * scale + frac) / scale
  if (i === end) return value
  const big = s.charCodeAt(i)
  if (kindOf(big) !== BIG || i + 1 !== end) return undefined
  return scaleValue(value, Math.round(Math.log10(valueOf(big))))
}

function parseChineseInteger(s: string, start: number, end: number): number | undefined {
  let yi = 0
  let wan = 0
  let section = 0
  let digit = -1
  let lastSmall = Infinity // units inside a section must fall: 千 > 百 > 十
  let lastBig = Infinity // 亿 before 万
  let prevUnit = 0 // the unit right before the pending digit: 一百二 = 120
  let sawAny = false
  for (let i = start; i < end; i++) {
    const code = s.charCodeAt(i)
    const kind = kindOf(code)
    if (kind === NONE) return undefined
    const value = valueOf(code)
    switch (kind) {
      case DIGIT: {
        if (digit !== -1) return undefined // two digits in a row: 二〇, 十三五
        if (value === 0) {
          if (end - start === 1) return 0 // a lone 零
          // Otherwise 零 only separates (两千零五); leading, trailing or doubled 零 is not a number.
          if (!sawAny || i + 1 >= end || isZeroCode(s.charCodeAt(i + 1))) return undefined
          prevUnit = 0
          continue
        }
        digit = value
        sawAny = true
        continue
      }
      case SMALL: {
        if (value >= lastSmall) return undefined
        let k = digit
        if (k === -1) {
          // 十二 = 12 anywhere (一千零十); a bare 百/千 only opens a number.
          if (value === 10 || !sawAny) k = 1
          else return undefined
        }
        section += k * value
        digit = -1
        lastSmall = value
        prevUnit = value
        sawAny = true
        continue
      }
      case TENS: {
        if (digit !== -1 || lastSmall <= 10) return undefined
        section += value
        lastSmall = 10
        prevUnit = 10
        sawAny = true
        continue
      }
      default: {
        if (value >= lastBig) return undefined
        let part = section + (digit === -1 ? 0 : digit)
        if (part === 0) {
          if (sawAny) return undefined
          part = 1 // a bare 万 or 亿 opening the run
        }
        if (value === 1e8) yi = part
        else wan = part
        section = 0
        digit = -1
        lastSmall = Infinity
        lastBig = value
        prevUnit = value
        sawAny = true
      }
    }
  }
  if (!sawAny) return undefined
  // Colloquial 一百二 = 120, 三千五 = 3500, 一万二 = 12000: a digit right after a
  // unit stands for the next lower unit. After 十 or 零 it is just the ones digit.
  const tail = digit === -1 ? 0 : prevUnit >= 100 ? (digit * prevUnit) / 10 : digit
  return yi * 1e8 + wan * 1e4 + section + tail
}

/** Reads the Chinese numeral run at `pos`; an ill-formed run is reported whole so callers can skip it. */
export function scanChinese(s: string, pos: number): ScannedNumber | InvalidRun | undefined {
  if (kindOf(s.charCodeAt(pos)) === NONE) return undefined
  const end = chineseRunEnd(s, pos)
  const value = parseChineseNumeral(s, pos, end)
  if (value === undefined) return {invalid: true, end}
  return {value, start: pos, end}
}

export function isInvalidRun(x: ScannedNumber | InvalidRun | undefined): x is InvalidRun {
  return x !== undefined && 'invalid' in x
}

/**
 * value × 10^exponent without binary noise: 1.2 × 10^4 is 12000, not
 * 12000.000000000002, because the decimal string is re-read with the exponent.
 */
export function scaleValue(value: number, exponent: number): number {
  // Whole numbers scale exactly in binary while the product stays a safe integer; decimals go through the
  // decimal string, so 1.2万 is 12000 and not 12000.000000000002 (wholeScaled gets there without the string when
  // the result is whole).
  if (Number.isInteger(value)) {
    const product = value * 10 ** exponent
    if (Number.isSafeInteger(product)) return product
  }
  const whole = wholeScaled(value, exponent)
  if (whole !== undefined) return whole
  const exact = Number(`${value}e${exponent}`)
  return Number.isFinite(exact) ? exact : value * 10 ** exponent
}

/** Exact powers of ten, as literals (10 ** n need not be exact). */
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

/**
 * scaleValue's result without the string round trip when it is a whole number: 1.2万 → 12000. If a whole
 * number below 2^51 divided by 10^exponent gives the value, the value's decimal string has at most `exponent`
 * places and scales to that same number (no two such numbers round to one value). Undefined otherwise; values
 * under 1e-6 are left to the string path, whose exponent form (1e-7e4) it must keep.
 */
function wholeScaled(value: number, exponent: number): number | undefined {
  const power = POWERS_OF_TEN[exponent]
  if (power === undefined || !(Math.abs(value) >= 1e-6)) return undefined
  const whole = Math.round(value * power)
  return Math.abs(whole) < 2 ** 51 && whole / power === value ? whole : undefined
}

/**
 * Parses a whole string as one number: "1,270", "１２３", "一百二十三",
 * "百分之三点五" (→ 3.5). Undefined when the string is anything else.
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim()
  if (t.length === 0) return undefined
  if (t.startsWith('百分之')) {
    const rest = t.slice(3)
    return rest.startsWith('百分之') ? undefined : parseNumber(rest)
  }
  const arabic = scanArabic(t, 0)
  if (arabic) return arabic.end === t.length ? arabic.value : undefined
  const chinese = scanChinese(t, 0)
  if (chinese && !isInvalidRun(chinese) && chinese.end === t.length) return chinese.value
  return undefined
}

/** Minus signs before a number: ASCII, full-width and the Unicode minus. */
export const MINUS_SIGNS = '-－−'

/**
 * Every number a piece of text states, Arabic or Chinese: "排名第三" → [3],
 * "2066万元" → [2066], "百分之二十" → [20], "三万户" → [30000, 3]. For checks
 * like "does this wording state its value", which a digits-only regex gets
 * wrong for 排名第三 or 两千余人次.
 */
export function numbersIn(text: string): number[] {
  const out: number[] = []
  let i = 0
  while (i < text.length) {
    const arabic = scanArabic(text, i)
    if (arabic) {
      out.push(arabic.value)
      // -3.1‰ states -3.1 (a level below zero) as well as 3.1 (a fall, with 增长-3.1%).
      if (arabic.start > 0 && MINUS_SIGNS.includes(text.charAt(arabic.start - 1))) out.push(-arabic.value)
      i = fractionOver(text, arabic, out)
      continue
    }
    if (text.startsWith('百分之', i)) {
      i += 3
      continue
    }
    const chinese = scanChinese(text, i)
    if (!chinese) {
      i++
      continue
    }
    if (isInvalidRun(chinese)) {
      i = chinese.end
      continue
    }
    out.push(chinese.value)
    // 三万户 is written as value 3 + unit 万户, so the number before a closing 万/亿 counts too.
    if (chinese.end - chinese.start > 1 && isChineseBigUnitCode(text.charCodeAt(chinese.end - 1))) {
      const head = parseChineseNumeral(text, chinese.start, chinese.end - 1)
      if (head !== undefined) out.push(head)
    }
    i = fractionOver(text, chinese, out)
  }
  return out
}

/**
 * After a number: when 分之 and a second number follow (三分之一), records the
 * second number and the share itself and returns where the fraction ends;
 * otherwise returns the number's end.
 */
function fractionOver(text: string, denominator: ScannedNumber, out: number[]): number {
  if (!text.startsWith('分之', denominator.end)) return denominator.end
  const at = denominator.end + 2
  const numerator = scanArabic(text, at) ?? scanChinese(text, at)
  if (!numerator || isInvalidRun(numerator)) return at
  out.push(numerator.value)
  if (denominator.value > 0) out.push(numerator.value / denominator.value)
  return numerator.end
}
