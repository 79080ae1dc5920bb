/**
 * Finds numeric facts in one paragraph of a Chinese government report and
 * cuts the paragraph into text and metric segments that join back to it.
 *
 * One forward scan over character codes: a lookup table flags characters
 * that can start a number (digits, Chinese numerals, 第); each hit is read,
 * checked against its neighbours and either becomes a metric or is skipped
 * whole, so the scan is linear and never backtracks. Labels are worked out
 * afterwards, only for the metrics found.
 *
 * What is deliberately NOT a metric (see `blockedBefore`, `readChinese`):
 * - dates and periods: 2019年, 2019年度, 2024-2025年, 1-8月, 3月, 25日 (月 and
 *   日 are not units; a 4-digit number before 年 is a year; a number after a
 *   dash that follows a digit is the end of a range);
 * - codes and names: 〔2024〕25号, PM2.5, G60, 5G, COVID-19, 图1, 1+2 (号 is not a
 *   unit; numbers touching Latin letters or + are skipped);
 * - list numbering and ordinals: 1. 2、 （一） 一是, 第三批 (第 only yields ranks);
 * - numeral words: 一把手, 三重一大, 五个不直接分管, 最多跑一次, 连续两年 — a lone
 *   Chinese digit only counts before a strong unit (人次, 万元, 元, %…, see
 *   `isStrongUnit`), and runs that are not well-formed numbers (十三五, 二〇一九)
 *   are skipped whole;
 * - top-N lists and periods: 排名前三, 前10名, 今年前10个月 (a number right after 前 is skipped);
 * - ranges: 3-5个, 3至5个工作日, 5万—10万元, 1万元-2万元, 5%至6% (neither end is a figure of its own);
 * - places moved in a ranking: 前移3位 (3位专家 counts people);
 * - hours and minutes that name a service or standard: 24小时城市书房, 15分钟健身圈,
 *   7×24小时, 8小时平均浓度.
 *
 * Lists after 分别 pair with their subjects (甲、乙分别增长8.1%、5.6%), a
 * figure listed after another (、和及与) takes its change, and one listed
 * without its unit takes the list's (上升2.0和1.7个百分点). Fractions
 * (三分之一) are ratios whose value is the share; a minus without a change
 * verb makes a level below zero (利润总额-1.2亿元), never a count.
 */
import type {Approximation, Change, ExtractedMetric, MetricKind, Segment} from './model'
import {
  CHINESE_NUMERAL_CHARS,
  isChineseBigUnitCode,
  isChineseDigitCode,
  isInvalidRun,
  MINUS_SIGNS,
  parseChineseNumeral,
  scaleValue,
  scanArabic,
  scanChinese,
  type ScannedNumber,
} from './numerals'
import {simplifiedShadow} from './simplified'
import {CodeMap, codeTable, type CodeTable, isIdeographCode, isStrongUnit, matchUnit, mayStartUnit, type UnitMatch} from './units'

interface Found {
  start: number
  end: number
  metric: ExtractedMetric
  /** Whether a noun right after the unit can name what is counted (12个重点任务). */
  labelAfter: boolean
  /** For ranks: where the ranking verb starts (列 in 列…第二位). */
  rankVerbStart?: number
}

/** Characters that can start a number: a lookup table so the scan allocates nothing per character. */
const CANDIDATE = new Uint8Array(0x10000)
for (const c of `0123456789０１２３４５６７８９第${CHINESE_NUMERAL_CHARS}`) CANDIDATE[c.charCodeAt(0)] = 1

/** `shadow` is `simplifiedShadow(paragraph)`, for a caller that has it already. */
export function extractMetrics(paragraph: string, shadow?: string): Segment[] {
  const s = paragraph
  const found: Found[] = []
  for (let pos = nextCandidate(s, 0); pos < s.length; ) {
    const floor = found.length > 0 ? (found[found.length - 1]?.end ?? 0) : 0
    pos = nextCandidate(s, Math.max(readAt(s, pos, floor, found), pos + 1))
  }
  if (found.length === 0) return s.length > 0 ? [{type: 'text', text: s}] : []
  // Label words are listed in simplified characters: traditional text is read through its simplified view.
  const view = shadow ?? simplifiedShadow(s)
  addLabels(view, found)
  if (view !== s) labelsAsWritten(s, view, found)
  return toSegments(s, found)
}

/** The first position at or after `pos` holding a character that can start a number, or the length. */
function nextCandidate(s: string, pos: number): number {
  // A loop of its own: kept apart from the readers, the scan compiles to a tight load-and-test.
  while (pos < s.length && CANDIDATE[s.charCodeAt(pos)] !== 1) pos++
  return pos
}

/** Each label found in the simplified view, spelled as the text writes it (the nearest occurrence to its figure). */
function labelsAsWritten(s: string, shadow: string, found: Found[]): void {
  for (const f of found) {
    const label = f.metric.label
    if (label === undefined) continue
    const before = shadow.lastIndexOf(label, f.start)
    const at = before >= 0 ? before : shadow.indexOf(label, f.end)
    if (at >= 0) f.metric.label = s.slice(at, at + label.length)
  }
}

/** Reads whatever starts at `pos`, records a metric if it is one, and returns where scanning resumes. */
function readAt(s: string, pos: number, floor: number, found: Found[]): number {
  if (s.charCodeAt(pos) === DI) return readOrdinal(s, pos, floor, found)
  if (s.charCodeAt(pos) === BAI && s.startsWith('百分之', pos)) return readPercentWords(s, pos, floor, found)
  const arabic = scanArabic(s, pos)
  if (arabic) return isFractionAt(s, arabic.end) ? readFraction(s, arabic, floor, found) : readArabic(s, arabic, floor, found)
  return readChinese(s, pos, floor, found)
}

// ---------------------------------------------------------------------------
// Context checks

const code = (c: string): number => c.charCodeAt(0)
/** The first characters of some words. */
const firstChars = (words: readonly string[]): CodeTable => codeTable(words.map((w) => w.charAt(0)).join(''))
const DI = code('第')
const BAI = code('百')
const MEI = code('每')
const QIAN = code('前')
const WEI = code('位')
const MING = code('名')
const HUO = code('获')
const DE = code('得')

function isLetterCode(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)
}
function isDigitCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)
}
/** Whether the character `c` occurs in s[from, to), without slicing it out. */
function hasCode(s: string, c: number, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === c) return true
  return false
}
const DASH_CHARS = '-－—–~～'
const PLUS_CHARS = '+＋'
const TIMES_CHARS = '×✕*＊'
const RANGE_WORD_CHARS = '至到'
const SLASH_CHARS = '/／'
const SLASH_COLON_CHARS = `${SLASH_CHARS}:：`
const POINT_CHARS = '.．'
const DASHES = codeTable(DASH_CHARS)
const PLUS = codeTable(PLUS_CHARS)
const TIMES = codeTable(TIMES_CHARS)
const RANGE_WORDS = codeTable(RANGE_WORD_CHARS)
const SLASH_COLON = codeTable(SLASH_COLON_CHARS)
const SLASH = codeTable(SLASH_CHARS)
const POINTS = codeTable(POINT_CHARS)
/** The characters from `from` to `to`, both included. */
function charRange(from: string, to: string): string {
  let out = ''
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out += String.fromCharCode(c)
  return out
}
/** Every character blockedBefore acts on, so a number after anything else (mostly an ideograph) passes at one lookup. */
const MAY_BLOCK_BEFORE = codeTable(
  `${charRange('A', 'Z')}${charRange('a', 'z')}${charRange('Ａ', 'Ｚ')}${charRange('ａ', 'ｚ')}` +
    `${DASH_CHARS}${RANGE_WORD_CHARS}${PLUS_CHARS}${TIMES_CHARS}${SLASH_COLON_CHARS}${POINT_CHARS}每前`,
)
/** Every character blockedAfter acts on. */
const MAY_BLOCK_AFTER = codeTable(`${PLUS_CHARS}${TIMES_CHARS}${DASH_CHARS}${SLASH_CHARS}`)
/** 前 that is part of a time word (目前, 提前) does not make a top-N list. */
// Not 年: 今年前10个月 is a period, like 前10个月.
const TIME_BEFORE_QIAN = codeTable('目当此之以提空面门眼跟向日')

/** Whether the text just before a number means it is a code, range end, ordinal or top-N. */
function blockedBefore(s: string, pos: number): boolean {
  if (pos === 0) return false
  const prev = s.charCodeAt(pos - 1)
  if (!MAY_BLOCK_BEFORE.has(prev)) return false
  const before = s.charCodeAt(pos - 2) // NaN at the start: matches nothing
  if (isLetterCode(prev)) return true // PM2.5, G60, ＰＭ２.５
  if (DASHES.has(prev)) return isLetterCode(before) || rangeStartEndsAt(s, pos - 1, true) // COVID-19, 2024-2025, 5万—10万元
  if (RANGE_WORDS.has(prev)) return rangeStartEndsAt(s, pos - 1, false) // 3至5个工作日: a range, like 3-5个
  if (PLUS.has(prev) || TIMES.has(prev)) return true // 1+2, 7×24小时
  if (SLASH_COLON.has(prev) || POINTS.has(prev)) return isDigitCode(before) // 12/31, 8:30, 1.2.3
  if (prev === MEI) return true // 每月25日, 每3个月
  if (prev === QIAN) return !TIME_BEFORE_QIAN.has(before) // 前三, 前10名
  return false
}

/** Whether a range's first number ends at `end`: 3 in 3-5, 5万 in 5万—10万元. */
function rangeStartEndsAt(s: string, end: number, dash: boolean): boolean {
  const last = s.charCodeAt(end - 1)
  if (isDigitCode(last)) return true
  // 两到三成, 三至五倍: a Chinese digit too, unless it closes a word (统一到).
  if (!dash && (isChineseDigitCode(last) || last === SHI) && !YI_WORDS.has(s.charCodeAt(end - 2))) return true
  // 5%至6%; 增长12.5%至3560亿元 is a change and the level reached (its second figure is no percent).
  if (!dash && PERCENT_SIGNS.has(last)) return percentRange(s, end)
  // 5万—10万元, 5万至10万元; with a dash also 3个—5个, 5%—10%. After 至/到 a unit usually closes a change:
  // 增长12.5%至3560亿元 is a rise and the new level, not a range.
  const unitEnd = SCALE_CHARS.has(last) || (dash && (isIdeographCode(last) || PERCENT_SIGNS.has(last)))
  // 1万元-2万元, 15元/斤-20元/斤, 30分钟-1小时: any figure with its unit before a dash.
  return (unitEnd && isDigitCode(s.charCodeAt(end - 2))) || (dash && figureEndsAt(s, end))
}
const PERCENT_SIGNS = codeTable('%％')

/** 5%至6%: a percent at `end` (just past its sign) with 至/到 and another percent after it. */
function percentRange(s: string, end: number): boolean {
  if (!PERCENT_SIGNS.has(s.charCodeAt(end - 1))) return false
  let j = end + 1
  while (isDigitCode(s.charCodeAt(j)) || POINTS.has(s.charCodeAt(j))) j++
  return j > end + 1 && PERCENT_SIGNS.has(s.charCodeAt(j))
}
const SCALE_CHARS = codeTable('万萬亿億千百')

/** Whether the text just after an Arabic number means it is a code or a range start. */
function blockedAfter(s: string, end: number): boolean {
  const next = s.charCodeAt(end)
  if (!MAY_BLOCK_AFTER.has(next)) return false
  if (PLUS.has(next) || TIMES.has(next)) return true // 1+2, 7×24
  return (DASHES.has(next) || SLASH.has(next)) && isDigitCode(s.charCodeAt(end + 1)) // 3-5年, 12/31
}

// ---------------------------------------------------------------------------
// Readers

function readArabic(s: string, num: ScannedNumber, floor: number, found: Found[]): number {
  if (blockedBefore(s, num.start) || blockedAfter(s, num.end)) return num.end
  const unit = matchUnit(s, num.end) ?? sharedUnit(s, num.end)
  if (!unit) return num.end
  // 5万—10万元, 3个—5个: the start of a range, which is not a figure of its own (after 至/到 only a bare scale:
  // 5万至10万元, while 增长12.5%至3560亿元 is a change and the level it reached).
  const afterUnit = s.charCodeAt(unit.end)
  const rangeJoin =
    DASHES.has(afterUnit) ||
    (RANGE_WORDS.has(afterUnit) && ((unit.scale !== undefined && unit.scale.baseUnit === undefined) || percentRange(s, unit.end)))
  if (rangeJoin && isDigitCode(s.charCodeAt(unit.end + 1))) return unit.end
  // 2019年 is a year, not a 2019-year duration; in 1.2023年以来 the 1. numbers a list.
  if (unit.unit === '年' && (num.value >= 1000 || LIST_NUMBER_BEFORE_YEAR.test(s.slice(num.start, num.end)))) return num.end
  if (namesAService(s, unit) || notATenth(num, unit) || placesMoved(s, num.start, unit)) return unit.end
  push(s, num, unit, floor, found, MINUS.has(s.charCodeAt(num.start - 1)))
  return Math.max(num.end, found[found.length - 1]?.end ?? num.end)
}

const UNIT_SHARERS = codeTable('和与及、')

/**
 * 分别上升2.0和1.7个百分点, 分别为3、5和8家: a number written without its unit
 * takes the unit of the list's last figure. Scaled units (3和5万元: 3 or 3万?)
 * are left alone. The unit's text stays with the figure that wrote it.
 */
function sharedUnit(s: string, end: number): UnitMatch | undefined {
  let at = end
  for (let step = 0; step < 6 && UNIT_SHARERS.has(s.charCodeAt(at)); step++) {
    const next = scanArabic(s, at + 1)
    if (!next) return undefined
    const unit = matchUnit(s, next.end)
    if (unit) return unit.scale || unit.moreThan || unit.kind === 'duration' ? undefined : {...unit, end}
    at = next.end
  }
  return undefined
}

/** Hours and minutes that name a service or a standard: 24小时城市书房, 15分钟健身圈, 8小时平均浓度. */
const SERVICE_UNITS = new Set(['小时', '小時', '分钟', '分鐘'])
const SERVICE_WORDS = ['城市书房', '书房', '自助', '营业', '在线', '不打烊', '值守', '值班', '平均', '滑动', '服务', '便民', '政务', '热线', '不间断']
const RING = /[\u4e00-\u9fff]{0,4}圈/y
const PLAN_WORDS = ['行动计划', '行动方案', '行动', '规划', '计划', '攻坚']
// First characters, so most units and most following text are ruled out without hashing or word compares.
const SERVICE_UNIT_FIRST = firstChars([...SERVICE_UNITS])
const PLAN_WORD_FIRST = firstChars(PLAN_WORDS)

function namesAService(s: string, unit: UnitMatch): boolean {
  // 3年行动计划, 5年规划: the name of a plan.
  if (unit.unit === '年') return PLAN_WORD_FIRST.has(s.charCodeAt(unit.end)) && PLAN_WORDS.some((word) => s.startsWith(word, unit.end))
  if (!SERVICE_UNIT_FIRST.has(unit.unit.charCodeAt(0)) || !SERVICE_UNITS.has(unit.unit)) return false
  if (SERVICE_WORDS.some((word) => s.startsWith(word, unit.end))) return true
  RING.lastIndex = unit.end
  return RING.test(s)
}

/** 较上年前移3位, 上升两位: places moved in a ranking, neither a count of people (3位专家) nor a rank. */
function placesMoved(s: string, start: number, unit: UnitMatch): boolean {
  return unit.unit === '位' && PLACE_MOVES.some((word) => s.startsWith(word, start - word.length))
}
const PLACE_MOVES = ['前移', '后移', '後移', '上移', '下移', '前进', '前進', '后退', '後退', '上升', '下降', '提升', '提高', '跃升', '躍升', '进位', '進位', '退位']

/** 成 counts tenths of a whole, so only one to nine of them: 十成把握 is an idiom. */
function notATenth(num: ScannedNumber, unit: UnitMatch): boolean {
  return unit.unit === '成' && !(num.value > 0 && num.value < 10)
}

/** A minus sign (not a dash between numbers, which blockedBefore has already ruled out). */
const MINUS = codeTable(MINUS_SIGNS)
const LIST_NUMBER_BEFORE_YEAR = /^[0-9０-９]{1,2}[.．](?:19|20)[0-9]{2}$/
const OPPOSITE: Record<Change, Change> = {increase: 'decrease', decrease: 'increase', flat: 'flat'}

function readChinese(s: string, pos: number, floor: number, found: Found[]): number {
  // A lone numeral character followed by no unit, fraction or further numeral (一线, 统一, 四个一…的一) is no figure:
  // skipped before it is parsed.
  const next = s.charCodeAt(pos + 1)
  if (!MAY_FOLLOW_NUMERAL.has(next) && !mayStartUnit(next)) return pos + 1
  const run = scanChinese(s, pos)
  if (!run) return pos + 1
  if (isInvalidRun(run)) return run.end
  // Before the word checks: 千分之三 opens with a bare 千.
  if (isFractionAt(s, run.end)) return readFraction(s, run, floor, found)
  const first = s.charCodeAt(pos)
  // A run opening with a bare 百/千/万/亿 is a word (百姓, 千家万户, 万一, 千万不能), unless 余/多 follows the lone
  // character: 千余人次, 万余人, 百余家 are counts.
  const marked = BARE_AFTER_MARKER.has(s.charCodeAt(pos - 1)) && approximationBefore(s, pos, 0).approximation !== undefined
  // 千亿元, 百万元, 万亿元: a bare order of magnitude before a scaled unit is an amount (1000 × 亿元).
  const scaledLead = run.end - run.start === 2 && isChineseBigUnitCode(s.charCodeAt(run.end - 1)) && matchUnit(s, run.end - 1)?.scale !== undefined
  if (BARE_LEADS.has(first) && !scaledLead && !(run.end - run.start === 1 && (MORE_AFTER_BARE.has(s.charCodeAt(run.end)) || marked))) {
    return run.end
  }
  if (blockedBefore(s, pos)) return run.end
  // 几十倍, 数百家: a guess at the order of magnitude, not a figure.
  if (VAGUE_BEFORE.has(s.charCodeAt(pos - 1))) return run.end
  // 统一成标准格式, 逐一, 唯一: 一 closing a word.
  if (run.end - run.start === 1 && first === YI && YI_WORDS.has(s.charCodeAt(pos - 1))) return run.end
  let num: ScannedNumber = run
  let unit: UnitMatch | undefined
  // 三万元 reads as 3 + 万元 (like 3万元); 三亿五千万元 keeps its value because 亿 comes first.
  if (run.end - run.start > 1 && isChineseBigUnitCode(s.charCodeAt(run.end - 1)) && !hasBigUnit(s, run.start, run.end - 1)) {
    const head = parseChineseNumeral(s, run.start, run.end - 1)
    const scaled = head === undefined ? undefined : matchUnit(s, run.end - 1)
    if (head !== undefined && scaled) {
      num = {value: head, start: run.start, end: run.end - 1}
      unit = scaled
    }
  }
  unit ??= matchUnit(s, run.end)
  if (!unit) return run.end
  if (unit.unit === '年' && num.value >= 1000) return run.end
  if (namesAService(s, unit) || notATenth(num, unit) || placesMoved(s, num.start, unit)) return unit.end
  // A lone digit character (一, 两, 十) is a word unless a strong unit follows; 廿/卅 are never words.
  const single = num.end - num.start === 1 && (isChineseDigitCode(first) || first === SHI)
  // 为期三个月, 历时两年: a span of time named as one; 两个半月 and 三年半 are measured to the half.
  const span =
    unit.kind === 'duration' &&
    (SPAN_WORDS.some((w) => s.startsWith(w, pos - w.length)) || halfAt(s, unit.end) || hasCode(s, BAN, num.end, unit.end))
  if (single && !isStrongUnit(unit) && !span) return run.end
  push(s, num, unit, floor, found)
  return Math.max(run.end, found[found.length - 1]?.end ?? run.end)
}

/** What may continue a Chinese number: more numeral characters, 点 (三点五) and 分 (三分之一). */
const MAY_FOLLOW_NUMERAL = codeTable(`${CHINESE_NUMERAL_CHARS}点分`)
const BARE_LEADS = codeTable('百千万萬亿億')
const VAGUE_BEFORE = codeTable('几幾数數')
const YI = code('一')
/** Characters that make a word with a following 一 (统一, 逐一, 唯一, 之一): the 一 is no count. */
const YI_WORDS = codeTable('统統逐归歸划劃合唯万萬专專同单單均之第')
/** Words before a duration that make a lone Chinese digit a figure: 为期三个月, 历时两年. */
const SPAN_WORDS = ['为期', '历时', '用时', '耗时', '历经']
const MORE_AFTER_BARE = codeTable('余多')
/** 近万人次, 逾千家, 超万名, 约千人: a marker before a lone 千/万 makes it a number. */
const BARE_AFTER_MARKER = codeTable('近逾超约')
const SHI = code('十')

function hasBigUnit(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (isChineseBigUnitCode(s.charCodeAt(i))) return true
  return false
}

/** The number (Arabic or Chinese) starting at `at`, or where scanning should go on when there is none. */
function numberAt(s: string, at: number): ScannedNumber | number {
  const arabic = scanArabic(s, at)
  if (arabic) return arabic
  const run = scanChinese(s, at)
  if (!run) return at
  return isInvalidRun(run) ? run.end : run
}

/** 百分之二十, 百分之三点五, 百分之20: a percent written in words. Unit is '%' so it groups with 20%. */
function readPercentWords(s: string, pos: number, floor: number, found: Found[]): number {
  const at = pos + 3
  const num = numberAt(s, at)
  if (typeof num === 'number') return num
  const {approximation: before, start} = approximationBefore(s, pos, floor)
  const {approximation: after, end} = approximationAfter(s, num.end)
  const metric: ExtractedMetric = {
    value: num.value,
    unit: '%',
    kind: 'percent',
    approximation: before ?? after ?? shareApproximation(s, start, floor) ?? 'exact',
    text: s.slice(start, end),
  }
  const change = changeOf(s, start, end, floor)
  if (change) metric.change = change
  found.push({start, end, metric, labelAfter: false})
  return end
}

/** Kinds of figure that can be below zero. */
const SIGNED_KINDS = new Set<MetricKind>(['amount', 'percent', 'percentagePoints', 'measure', 'ratio'])
/** Whether a comparison (同比, 较上年, 比上年同期) ends right before `end`. */
function comparedJustBefore(s: string, end: number, floor: number): boolean {
  return COMPARISONS.some((word) => end - word.length >= floor && s.startsWith(word, end - word.length))
}

/** Whether a figure with its unit ends at `end` (1万元 in 1万元-2万元, 30分钟 in 30分钟-1小时). */
function figureEndsAt(s: string, end: number): boolean {
  let j = end
  // Back over the unit (万元, 元/斤, %) to the last digit.
  while (j > 0 && end - j < 6 && !isDigitCode(s.charCodeAt(j - 1))) j--
  return j > 0 && isDigitCode(s.charCodeAt(j - 1)) && (j === end || matchUnit(s, j)?.end === end)
}

const FEN = code('分')
const ZHI = code('之')

/** Whether 分之 follows a number: 三分之一, 千分之五. */
function isFractionAt(s: string, end: number): boolean {
  return s.charCodeAt(end) === FEN && s.charCodeAt(end + 1) === ZHI
}

/** What 四分之一 names in a draw, not a share: 四分之一决赛. */
const FRACTION_NAMES = ['决赛', '決賽']

/**
 * 三分之一, 近三分之二, 五分之二以上, 千分之三: a share written as a fraction. Per mille and per ten
 * thousand keep their sign (千分之三 → 3‰, like 2.1‰); any other fraction is a ratio without a unit whose value
 * is the share itself (三分之一 → 0.333…), so fractions sort and compare with each other.
 */
function readFraction(s: string, denominator: ScannedNumber, floor: number, found: Found[]): number {
  const num = numberAt(s, denominator.end + 2)
  if (typeof num === 'number') return num
  const {value: over} = denominator
  if (!Number.isInteger(over) || over < 2 || !(num.value > 0) || blockedBefore(s, denominator.start)) return num.end
  if (VAGUE_BEFORE.has(s.charCodeAt(denominator.start - 1)) || FRACTION_NAMES.some((w) => s.startsWith(w, num.end))) return num.end
  const sign = FRACTION_SIGNS.get(over)
  const {approximation: before, start} = approximationBefore(s, denominator.start, floor)
  const {approximation: after, end} = approximationAfter(s, num.end)
  const metric: ExtractedMetric = {
    value: sign ? num.value : num.value / over,
    unit: sign ?? '',
    kind: over === 100 ? 'percent' : 'ratio',
    approximation: before ?? after ?? shareApproximation(s, start, floor) ?? 'exact',
    text: s.slice(start, end),
  }
  const change = changeOf(s, start, end, floor)
  if (change) metric.change = change
  // 三分之一的村: the noun after 的 is what the share is of.
  found.push({start, end, metric, labelAfter: s.charCodeAt(end) === DE_OF})
  return end
}
const DE_OF = code('的')
/** Fractions with a sign of their own; 100分之5 (百分之五 in digits) is a percent. */
const FRACTION_SIGNS = new Map([
  [100, '%'],
  [1000, '‰'],
  [10000, '‱'],
])

function push(s: string, num: ScannedNumber, unit: UnitMatch, floor: number, found: Found[], minus = false): void {
  // 同比增长-3.2% is a fall of 3.2%: the sign joins the wording and turns the change around; the value stays the
  // number as written.
  // 同比-3.2%, 较上年-0.5个百分点: a sign right after the comparison is a fall, as in 同比增长-3.2%.
  const signed =
    minus && num.start - 1 >= floor ? (changeOf(s, num.start - 1, unit.end, floor) ?? (comparedJustBefore(s, num.start - 1, floor) ? 'increase' : undefined)) : undefined
  // 自然增长率为-3.1‰, 利润总额-1.2亿元: without a change verb the minus makes a level below zero. Counts and
  // durations never go below zero (-3个重点村 is a bullet). (After a figure the dash joins a range: blockedBefore.)
  const negative = minus && !signed && num.start - 1 >= floor && SIGNED_KINDS.has(unit.kind)
  const {approximation: before, start} = signed ? {approximation: undefined, start: num.start - 1} : approximationBefore(s, negative ? num.start - 1 : num.start, floor)
  const {approximation: after, end} = unit.kind === 'duration' || MORE_AFTER_UNITS.has(unit.unit) ? moreAfterUnit(s, unit) : approximationAfter(s, unit.end)
  const metric: ExtractedMetric = {
    value: negative ? -num.value : num.value,
    unit: unit.unit,
    kind: unit.kind,
    approximation:
      before ?? (unit.moreThan ? 'moreThan' : undefined) ?? after ?? (GROWTH_KINDS.has(unit.kind) ? shareApproximation(s, start, floor) : undefined) ?? 'exact',
    text: s.slice(start, end),
  }
  const change = signed ? OPPOSITE[signed] : changeOf(s, start, end, floor)
  // 增长0.0%: no change at all.
  if (change) metric.change = num.value === 0 ? 'flat' : change
  if (unit.scale) {
    const scaled = scaleValue(metric.value, unit.scale.exponent)
    if (Number.isFinite(scaled)) metric.scaledValue = scaled
    if (unit.scale.baseUnit) metric.baseUnit = unit.scale.baseUnit
  }
  // Classifiers take a following noun (12个重点任务); 人次, 元, %, 天 are followed by verbs.
  // 三成企业: tenths say what share of the noun after them.
  const labelAfter = (unit.kind === 'count' && !unit.unit.endsWith('次')) || unit.kind === 'measure' || unit.unit === '成'
  found.push({start, end, metric, labelAfter})
}

// ---------------------------------------------------------------------------
// Ranks

const RANK_VERBS_2 = ['排名', '排在', '排列', '排行', '排位', '位列', '位居', '名列', '位于', '居于']
/** Verbs that make 第N a rank only with 名 after it: 荣获第一名 (荣获第一批 is not a rank). */
const PRIZE_VERBS_2 = ['获得', '荣获', '夺得']
/** Single-character verbs, with neighbours that make them part of another word (系列, 居民, 安排). */
const RANK_VERB_1 = new CodeMap<{notAfter: CodeTable; notBefore: CodeTable}>([
  [code('列'), {notAfter: codeTable('系并序陈排行罗队分'), notBefore: codeTable('入为车表举出支席')}],
  [code('居'), {notAfter: codeTable('民邻定安聚移蜗寓'), notBefore: codeTable('民住家室所委')}],
  [code('排'), {notAfter: codeTable('安编彩减并燃'), notBefore: codeTable('查放污水除')}],
])
const CLAUSE_CHARS = '，,。；;！!？?：:\n\r'
const CLAUSE_BOUNDARY = codeTable(CLAUSE_CHARS)
/** After 第N (without 位/名) only these may follow a rank: 第三批, 第一次, 第一方阵 are not ranks. */
const AFTER_RANK = codeTable('的和与及或并且、')

function readOrdinal(s: string, pos: number, floor: number, found: Found[]): number {
  const at = pos + 1
  const num = numberAt(s, at)
  if (typeof num === 'number') return num
  if (!Number.isInteger(num.value) || num.value < 1) return num.end
  let end = num.end
  const suffix = s.charCodeAt(end)
  if (suffix === WEI || suffix === MING) {
    end++
  } else {
    if (isIdeographCode(suffix) && !AFTER_RANK.has(suffix)) return num.end
    if (isDigitCode(suffix) || POINTS.has(suffix)) return num.end
  }
  const verb = rankVerbBefore(s, pos, floor, suffix === MING) ?? rankMoveFrom(s, pos, found)
  if (!verb) return num.end
  const start = verb.end === pos ? verb.start : pos
  const metric: ExtractedMetric = {value: num.value, unit: '', kind: 'rank', approximation: 'exact', text: s.slice(start, end)}
  found.push({start, end, metric, labelAfter: false, rankVerbStart: verb.start})
  return end
}

/**
 * 排名由全省第8位提升至第3位: a rank right after another, joined by a move, shares the first one's verb
 * (and, in addLabels, its label).
 */
function rankMoveFrom(s: string, pos: number, found: readonly Found[]): {start: number; end: number} | undefined {
  const previous = found[found.length - 1]
  if (previous?.metric.kind !== 'rank' || previous.rankVerbStart === undefined) return undefined
  RANK_MOVE.lastIndex = previous.end
  if (!RANK_MOVE.test(s) || RANK_MOVE.lastIndex !== pos || pos === previous.end) return undefined
  return {start: previous.rankVerbStart, end: previous.rankVerbStart}
}
const RANK_MOVE = /(?:[，,]?(?:再|又|进一步)?(?:提升|上升|跃升|攀升|提高|前移|下降|下滑|后移|回落|升|降|跃居|升居|降居)?(?:至|到|为)?(?:全[省市区县国])?)/y

/** The nearest ranking verb in the clause before 第 (排名第三, 列杭州各区县市第二位). */
function rankVerbBefore(s: string, pos: number, floor: number, prize: boolean): {start: number; end: number} | undefined {
  const limit = Math.max(floor, pos - 30)
  for (let j = pos - 1; j >= limit; j--) {
    const c = s.charCodeAt(j)
    if (CLAUSE_BOUNDARY.has(c)) return undefined
    if (j - 1 >= limit) {
      for (const two of RANK_VERBS_2) if (s.startsWith(two, j - 1)) return {start: j - 1, end: j + 1}
      if (prize) for (const two of PRIZE_VERBS_2) if (s.startsWith(two, j - 1)) return {start: j - 1, end: j + 1}
    }
    const one = RANK_VERB_1.get(c)
    if (one && !one.notAfter.has(s.charCodeAt(j - 1)) && !one.notBefore.has(s.charCodeAt(j + 1))) {
      return {start: j, end: j + 1}
    }
    if (prize && c === HUO && s.charCodeAt(j + 1) !== DE) return {start: j, end: j + 1}
  }
  return undefined
}

// ---------------------------------------------------------------------------
// Approximation and change

/** 节约, 预约, 签约, 违约…: 约 closing a word; both scripts. (损失约380万元 is "about": 失约 is rare before a figure.) */
const YUE_NOT_AFTER = '节制预签违契公条邀履相特集简婉隐盟赴践立合租纽续節預簽違條隱盟踐紐續'
/** [marker, approximation, characters that may not precede the marker] */
const PREFIX_WORDS: Array<[string, Approximation, string]> = [
  // A negated marker first: 不超过5% is at most 5%.
  ['不超过', 'lessThan', ''],
  ['未超过', 'lessThan', ''],
  ['没有超过', 'lessThan', ''],
  ['超过', 'moreThan', ''],
  ['不少于', 'moreThan', ''],
  ['不低于', 'moreThan', ''],
  ['不高于', 'lessThan', ''],
  ['不多于', 'lessThan', ''],
  ['至少', 'moreThan', ''],
  ['突破', 'moreThan', ''],
  ['不到', 'lessThan', ''],
  ['不足', 'lessThan', ''],
  ['大约', 'about', ''],
  ['将近', 'about', ''],
  ['將近', 'about', ''],
  ['大約', 'about', ''],
  ['接近', 'about', ''],
  ['约为', 'about', YUE_NOT_AFTER],
  ['约达', 'about', YUE_NOT_AFTER],
  ['約為', 'about', YUE_NOT_AFTER],
  ['約達', 'about', YUE_NOT_AFTER],
  ['约', 'about', YUE_NOT_AFTER], // 节约300万元 is saving, not "about"
  ['約', 'about', YUE_NOT_AFTER],
  ['近', 'about', '附最临靠就亲贴新远邻走'], // 附近, 最近, 走近
  ['逾', 'moreThan', ''],
  ['不超', 'lessThan', ''],
  ['未超', 'lessThan', ''],
  ['超', 'moreThan', '赶高'],
]
/** Prefix markers keyed by the code of their last character, the one right before the number, in list order. */
const PREFIXES = new CodeMap<Array<[string, Approximation, CodeTable]>>()
for (const [marker, approximation, notAfter] of PREFIX_WORDS) {
  const last = marker.charCodeAt(marker.length - 1)
  PREFIXES.set(last, [...(PREFIXES.get(last) ?? []), [marker, approximation, codeTable(notAfter)]])
}

function approximationBefore(s: string, start: number, floor: number): {approximation?: Approximation; start: number} {
  const markers = PREFIXES.get(s.charCodeAt(start - 1))
  if (markers === undefined) return {start}
  for (const [marker, approximation, notAfter] of markers) {
    const at = start - marker.length
    if (at < floor || !s.startsWith(marker, at)) continue
    if (notAfter.has(s.charCodeAt(at - 1))) continue
    return {approximation, start: at}
  }
  return {start}
}

const SUFFIXES: Array<[string, Approximation]> = [
  ['以上', 'moreThan'],
  ['左右', 'about'],
  ['以下', 'lessThan'],
  ['以内', 'lessThan'],
]
const SUFFIX_FIRST = firstChars(SUFFIXES.map(([marker]) => marker))

/**
 * 2年多, 历时3天多建成, 增长两倍多, 三成多: 多 right after a duration, a multiple or tenths; 3年多次, 2年多项
 * are "many times", "many items".
 */
function moreAfterUnit(s: string, unit: UnitMatch): {approximation?: Approximation; end: number} {
  if (!unit.moreThan && s.charCodeAt(unit.end) === DUO && !MANY_WORDS.has(s.charCodeAt(unit.end + 1))) {
    return {approximation: 'moreThan', end: unit.end + 1}
  }
  // 1年半: the value stays the number written (1), and the half makes it "more than".
  if (!unit.moreThan && halfAt(s, unit.end)) return {approximation: 'moreThan', end: unit.end + 1}
  return approximationAfter(s, unit.end)
}
const DUO = code('多')
const BAN = code('半')
/** Units a trailing 多 or 半 belongs to. */
const MORE_AFTER_UNITS = new Set(['倍', '成'])

/** A half closing a figure (两年半, 历时1年半完成); 半导体, 半价, 半数, 一年半载 start words of their own. */
function halfAt(s: string, at: number): boolean {
  return s.charCodeAt(at) === BAN && !HALF_WORDS.has(s.charCodeAt(at + 1))
}
/** Second characters of words that begin with 半. */
const HALF_WORDS = codeTable('导價价数數载載径徑岛島成边邊场場票夜身截壁球瓶拉信自封开開日天月年小个個斤亩畝点點生山')
/** Characters that make 多 "many": 多次, 多项, 多家, 多元…. */
const MANY_WORDS = codeTable('次项家个名种方措部元样轮批人位条件少措层渠维地')

function approximationAfter(s: string, end: number): {approximation?: Approximation; end: number} {
  if (!SUFFIX_FIRST.has(s.charCodeAt(end))) return {end}
  for (const [marker, approximation] of SUFFIXES) {
    if (s.startsWith(marker, end)) return {approximation, end: end + marker.length}
  }
  return {end}
}

// With the traditional spellings that differ (增長, 減少…), since reports come in both scripts.
const INCREASE = ['增长', '上升', '提高', '增加', '提升', '上涨', '增幅', '增速', '加快', '扩大', '增产', '增收', '延长', '增長', '上漲', '擴大', '增產', '延長']
const DECREASE = [
  '下降', '减少', '降低', '下滑', '回落', '下跌', '降幅', '减幅', '缩减', '压减', '削减', '放缓', '收窄', '负增长', '减产', '减收',
  '缩短', '減少', '減幅', '縮減', '壓減', '削減', '放緩', '負增長', '減產', '減收', '縮短',
]
/** 增/降 alone are verbs only right after a comparison (同比增20%); 新增 is "newly added". */
const SINGLE_CHANGE_WORDS: Record<string, Change> = {增: 'increase', 升: 'increase', 多: 'increase', 降: 'decrease', 减: 'decrease', 減: 'decrease', 少: 'decrease'}
const SINGLE_CHANGE = new CodeMap(Object.entries(SINGLE_CHANGE_WORDS).map(([w, c]) => [code(w), c]))
const COMPARISONS = ['同比', '环比', '環比', '上年', '去年', '同期', '前年', '上期', '上月']
const CHANGE_FILLERS = ['了', '为', '為', '达到', '達到', '达', '達']
/** CHANGE_FILLERS keyed by the code of their last character, in list order. */
const FILLERS_BY_LAST = new CodeMap<string[]>()
for (const f of CHANGE_FILLERS) {
  const last = f.charCodeAt(f.length - 1)
  FILLERS_BY_LAST.set(last, [...(FILLERS_BY_LAST.get(last) ?? []), f])
}
const FLAT_AFTER = /[，,]?(?:同比|环比|与上年同期|与去年同期|与上年|与去年|比上年|较上年|比去年|较去年)?(?:基本)?持平/y

/** Change verbs keyed by the code of their last character. */
const CHANGE_VERBS = new CodeMap<Array<[string, Change]>>()
for (const [verbs, change] of [[INCREASE, 'increase'], [DECREASE, 'decrease']] as const) {
  for (const verb of verbs) {
    const last = verb.charCodeAt(verb.length - 1)
    CHANGE_VERBS.set(last, [...(CHANGE_VERBS.get(last) ?? []), [verb, change]])
  }
}
// Longest first: 负增长 before 增长.
for (const list of CHANGE_VERBS.values()) list.sort((a, b) => b[0].length - a[0].length)
/** What can follow a figure and an optional comma in "…，同比持平": the characters FLAT_AFTER accepts there. */
const FLAT_AFTER_FIRST = codeTable('同环与比较基持')

/** increase/decrease when the value is stated right after 增长/下降 (同比下降20%); flat for "…，同比持平". */
function changeOf(s: string, start: number, end: number, floor: number): Change | undefined {
  let j = start
  for (let k = 0; k < 2; k++) {
    // Only a filler ending in the character before j can end at j; with none, the next round finds none either.
    const fillers = FILLERS_BY_LAST.get(s.charCodeAt(j - 1))
    if (fillers === undefined) break
    for (const f of fillers) {
      if (j - f.length >= floor && s.startsWith(f, j - f.length)) {
        j -= f.length
        break
      }
    }
  }
  const verbs = CHANGE_VERBS.get(s.charCodeAt(j - 1))
  if (verbs !== undefined) {
    for (const [verb, change] of verbs) if (j - verb.length >= floor && s.startsWith(verb, j - verb.length)) return change
  }
  const single = SINGLE_CHANGE.get(s.charCodeAt(j - 1))
  if (single && j - 3 >= floor && COMPARISONS.some((c) => s.startsWith(c, j - 3))) return single
  if (!FLAT_AFTER_FIRST.has(s.charCodeAt(COMMA.has(s.charCodeAt(end)) ? end + 1 : end))) return undefined
  FLAT_AFTER.lastIndex = end
  if (FLAT_AFTER.test(s)) return 'flat'
  return undefined
}

// ---------------------------------------------------------------------------
// Labels

const LABEL_BOUNDARY = codeTable(`${CLAUSE_CHARS}、()（）[]【】\t 　`)
const QUOTES = codeTable('“”"‘’\'《》「」『』〈〉')
const MAX_LABEL = 16

/** Words that end a noun phrase after a unit: 12个重点任务开展… / 36名党员骨干成立…. */
const STOP_AFTER = byFirstChar([
  '开展', '参加', '参与', '成立', '进行', '实施', '完成', '获得', '获评', '获批', '荣获', '通过', '达到', '实现',
  '受到', '得到', '接受', '办理', '进入', '入选', '纳入', '列入', '发现', '查处', '出动', '开通', '建成', '建立',
  '投入', '落实', '涉及', '累计', '共计', '合计', '总计', '同比', '环比', '增长', '下降', '上升', '减少', '提高',
  '增加', '降低', '持平', '分别', '全部', '全面', '共有', '其中', '以上', '左右', '以下', '以内', '期间', '以来',
  '提供', '组织', '推动', '推进', '帮助', '帮扶', '用于', '受益', '享受', '覆盖', '惠及', '签订', '参观', '已经',
  '正在', '没有', '实行', '开始', '结束', '成为', '作为', '位于', '分布', '造成', '导致', '需要', '连续', '先后',
  '同时', '保持', '相继', '陆续', '顺利', '成功', '率先', '首次', '共同', '积极', '主动', '纷纷', '预计',
  '发放', '发出', '送去', '送上', '捐赠', '补发', '点赞', '到场', '到现场', '到达', '前往', '赶赴', '深入', '走进',
  '表示', '认为', '反映', '加入', '使用', '看好', '居住', '生活', '集中', '对', '提起', '提出', '依法', '予以', '给予', '作出', '以',
  '的', '和', '与', '及', '或', '被', '均', '都', '已', '并', '将', '在',
])

/** Verbs that open an object before the number: 落实谈心谈话167人次 → 谈心谈话. */
const VERBS_BEFORE = byFirstChar([
  '落实', '检视', '查找', '派送', '开展', '检查', '作出', '做出', '涉及', '出动', '外送', '抽调', '组织', '观看',
  '前往', '完成', '实施', '办理', '受理', '查处', '立案', '发放', '举办', '召开', '开通', '建成', '新增', '投入',
  '引进', '接待', '走访', '慰问', '推出', '编发', '印发', '发布', '制定', '出台', '修订', '建立', '关停', '淘汰',
  '拆除', '关闭', '取缔', '收到', '接到', '接听', '发出', '下达', '下发', '送达', '签订', '征收', '提供', '解决',
  '化解', '调解', '排查', '发现', '督办', '交办', '核查', '核实', '收集', '采集', '监测', '抽检', '抽查', '巡查',
  '设立', '设置', '安装', '建设', '改造', '种植', '回收', '清理', '清运', '处置', '共有', '拥有', '覆盖', '惠及',
  '带动', '吸引', '吸纳', '安置', '培育', '认定', '评选', '评出', '选派', '派出', '参加', '参与', '举行', '部署',
  '投资', '拨付', '下拨', '安排', '筹集', '争取', '获得', '荣获', '达成', '培训', '帮扶', '整治', '受到', '办结',
  '审批', '审查', '审核', '检测', '出具', '开具', '开设', '开办', '节约', '节省', '实现', '达到', '新建', '新开', '新开工',
  '新设', '新培育', '预计', '计划', '接受', '完成了', '破获', '侦破', '抓获', '查获', '缴获', '收缴', '查办', '约谈',
  '审结', '执结', '结案', '判处', '刑拘', '逮捕', '起诉', '打掉', '摧毁', '救助', '救治', '调处',
  '发生', '辦理', '处理', '储备', '改建', '扩建',
])

/**
 * 为消费者挽回经济损失126.5万元: for whom is no part of the label, but the verb is (the figure is what was
 * recovered, not the loss), so the label starts at it: 挽回经济损失.
 */
const BENEFACTIVE_START = codeTable('为為帮幫替')
const BENEFACTIVE = /^(?:为|為|帮|幫|替)[^，,。；;、]{1,12}?(挽回|追回|减免|減免|节约|節約|节省|節省|减少|減少|降低|争取|爭取)/

/** A level reached, not a change: 下降至28.6%, 提高到92.3%. */
const LEVEL_MOVES = ['下降', '上升', '提高', '提升', '降低', '增长', '增加', '减少'].flatMap((v) => [`${v}至`, `${v}到`])

/** Words between the object and the number that are not part of the label. */
const TRAILING_FILLERS_LIST = [
  '共计', '累计', '总计', '合计', '达到', '共有', '分别为', '分别', '共', '达', '为', '了', '有', '是', '可', '将',
  '共計', '累計', '總計', '合計', '達到', '分別為', '分別', '達', '為', '將',
  '预计', '约为', '由', '至', '到', '的', '去年同期', '上年同期', '降至', '增至', '升至', '减至', '出栏', '存栏', '完成', '实现', '控制在', '稳定在',
  '保持在', '维持在', '突破', '首次突破', '首次', '超过', ...LEVEL_MOVES,
  ...INCREASE, ...DECREASE, '同比', '环比', '比上年同期', '较上年同期', '比去年同期', '较去年同期', '比上年',
  '较上年', '比去年', '较去年', '比上年末', '较上年末', '比上月', '较上月', '比上季度', '较上季度', '年均', '平均', '人均', '均',
  ...COMPARISONS.flatMap((c) => Object.keys(SINGLE_CHANGE_WORDS).map((v) => c + v)),
]
const LEADING_FILLERS_LIST = [
  '今年', '去年', '全年', '当年', '其中', '目前', '全区', '全市', '全县', '全省', '全国', '全镇', '全局', '累计',
  '共计', '总计', '合计', '共', '了', '已', '后预计', '后将', '后可', '以来', '期间', '预计', '计划', '将', '可', '并',
  // "According to": 按照合同金额的5% is 5% of 合同金额. (A bare 按 stays: 按期办结率, 按时完成率.)
  '按照', '依照', '依据', '根据',
]
const TRAILING_FILLERS = affixes([], TRAILING_FILLERS_LIST)
const LEADING_FILLERS = affixes(LEADING_FILLERS_LIST, [])
const RANK_SUBJECT_FILLERS = affixes(LEADING_FILLERS_LIST, ['均', '都', '也', '已', '还', '分别'])

function byFirstChar(words: string[]): CodeMap<string[]> {
  const map = new CodeMap<string[]>()
  for (const w of words) {
    const list = map.get(w.charCodeAt(0)) ?? []
    list.push(w)
    map.set(w.charCodeAt(0), list)
  }
  for (const list of map.values()) list.sort((a, b) => b.length - a.length)
  return map
}

/** The longest of `words` starting at index `i`, if any: firstWord's answer when it is at `i`. */
function wordAt(text: string, i: number, words: CodeMap<string[]>): string | undefined {
  if (i >= text.length) return undefined
  const list = words.get(text.charCodeAt(i))
  if (list) for (const w of list) if (text.startsWith(w, i)) return w
  return undefined
}

/** The first index at or after `from` where one of `words` starts, with that word. */
function firstWord(text: string, words: CodeMap<string[]>, from = 0): {index: number; word: string} | undefined {
  for (let i = from; i < text.length; i++) {
    const list = words.get(text.charCodeAt(i))
    if (!list) continue
    for (const w of list) if (text.startsWith(w, i)) return {index: i, word: w}
  }
  return undefined
}

/** Nouns that end in a filler character: 违法行为 must keep its 为. */
const PROTECTED_ENDINGS = ['行为', '作为', '认为', '成为', '因为', '人为', '所有', '没有', '拥有', '还有', '只有', '但是', '就是', '还是', '可是', '到达', '发达', '传达', '下达', '送达', '抵达', '表达', '许可', '认可', '不可', '理由', '自由', '经由', '缘由', '事由', '截至', '直至', '冬至', '夏至', '报到', '签到']

/** PROTECTED_ENDINGS keyed by the code of their last character: only those can end where a filler does. */
const PROTECTED_BY_LAST = new CodeMap<string[]>()
for (const p of PROTECTED_ENDINGS) {
  const last = p.charCodeAt(p.length - 1)
  PROTECTED_BY_LAST.set(last, [...(PROTECTED_BY_LAST.get(last) ?? []), p])
}

/** Whether text[a, b) ends in a noun that keeps its last character (违法行为). */
function protectedEnding(text: string, a: number, b: number): boolean {
  const list = PROTECTED_BY_LAST.get(text.charCodeAt(b - 1))
  return list !== undefined && list.some((p) => b - a >= p.length && text.startsWith(p, b - p.length))
}

interface Affixes {
  /** Keyed by the code of the word's last character, longest first. */
  trailing: CodeMap<string[]>
  /** Keyed by the code of the word's first character, longest first. */
  leading: CodeMap<string[]>
}

function affixes(leading: string[], trailing: string[]): Affixes {
  const byLast = new CodeMap<string[]>()
  for (const w of trailing) {
    const key = w.charCodeAt(w.length - 1)
    byLast.set(key, [...(byLast.get(key) ?? []), w])
  }
  for (const list of byLast.values()) list.sort((a, b) => b.length - a.length)
  return {trailing: byLast, leading: byFirstChar(leading)}
}

/** Peels filler words off both ends until none is left. */
function stripEnds(text: string, words: Affixes): string {
  let a = 0
  let b = text.length
  for (let changed = true; changed && b > a; ) {
    changed = false
    const tail = words.trailing.get(text.charCodeAt(b - 1))
    if (tail) {
      for (const w of tail) {
        if (b - a < w.length || !text.startsWith(w, b - w.length)) continue
        if (w.length === 1 && protectedEnding(text, a, b)) continue
        b -= w.length
        changed = true
        break
      }
    }
    const head = words.leading.get(text.charCodeAt(a))
    if (head && b > a) {
      for (const w of head) {
        if (b - a < w.length || !text.startsWith(w, a)) continue
        a += w.length
        changed = true
        break
      }
    }
  }
  return text.slice(a, b)
}

function stripQuotes(text: string): string {
  let a = 0
  let b = text.length
  while (a < b && QUOTES.has(text.charCodeAt(a))) a++
  while (b > a && QUOTES.has(text.charCodeAt(b - 1))) b--
  return text.slice(a, b)
}

function clauseStart(s: string, pos: number, floor: number, maxBack: number, boundary = LABEL_BOUNDARY): number {
  let j = pos
  const limit = Math.max(floor, pos - maxBack)
  // Inside a quotation (“双随机、一公开”抽查), its marks separate nothing: reading backwards, a closing
  // quote opens the quotation and its opening quote closes it.
  let quoted = 0
  for (; j > limit; j--) {
    const code = s.charCodeAt(j - 1)
    if (code === CLOSE_DOUBLE) quoted++
    else if (code === OPEN_DOUBLE && quoted > 0) quoted--
    else if (quoted === 0 && boundary.has(code)) break
  }
  return quoted > 0 ? clauseStartOutsideQuotes(s, pos, limit, boundary) : j
}
const OPEN_DOUBLE = code('“')
const CLOSE_DOUBLE = code('”')

/** The plain boundary search, for a quotation that opens before the search's limit. */
function clauseStartOutsideQuotes(s: string, pos: number, limit: number, boundary: CodeTable): number {
  let j = pos
  while (j > limit && !boundary.has(s.charCodeAt(j - 1))) j--
  return j
}

/** A span of time is not what a figure counts: 五年平均增长4.9% has no label in its clause. */
const PERIOD_LABEL = /^(?:(?:连续|近|过去|最近)?[0-9０-９一二两三四五六七八九十]+(?:个)?(?:年|月|季度|天|周)|[0-9]{4}年?[至到—–~-][0-9]{4}年)$/

const PERIOD_ENDS = codeTable('年月度天周')

function acceptable(label: string, max: number): string | undefined {
  // Quotes inside a name stay as written (“污水零直排区”镇街, 共建“一带一路”国家进出口); quotes around the
  // whole label, or left over from a quotation the clause cut, go.
  const named = quotedName(label)
  const t = named ?? stripQuotes(label)
  if (named === undefined && hasQuote(t)) return undefined
  // Quote marks do not count towards the length.
  const length = named === undefined ? t.length : t.length - quoteCount(t)
  if (length < 2 || length > max || UNIT_SHARERS.has(t.charCodeAt(t.length - 1))) return undefined
  if (PERIOD_ENDS.has(t.charCodeAt(t.length - 1)) && PERIOD_LABEL.test(t)) return undefined
  return t
}

/** `label` when its quotes pair up inside it and do not wrap all of it; else undefined. */
function quotedName(label: string): string | undefined {
  if (!hasQuote(label)) return undefined
  const open: number[] = []
  for (let i = 0; i < label.length; i++) {
    const code = label.charCodeAt(i)
    const closer = CLOSING_QUOTE.get(code)
    if (closer !== undefined) open.push(closer)
    else if (QUOTES.has(code) && open.pop() !== code) return undefined
  }
  if (open.length > 0) return undefined
  // Wrapped whole (“最多跑一次”): the quotes go, as stripQuotes takes them.
  return CLOSING_QUOTE.get(label.charCodeAt(0)) === label.charCodeAt(label.length - 1) && !hasQuote(label.slice(1, -1)) ? undefined : label
}
const CLOSING_QUOTE = new Map([...'“”‘’《》「」『』〈〉'.match(/../g)!].map((pair) => [pair.charCodeAt(0), pair.charCodeAt(1)]))

function quoteCount(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) if (QUOTES.has(text.charCodeAt(i))) count++
  return count
}

function hasQuote(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (QUOTES.has(text.charCodeAt(i))) return true
  return false
}

/** Last characters of the places and bodies 中 may follow as "among": 设区市中, 乡镇中, 企业中, 单位中. */
const AMONG_AFTER = codeTable('市县区镇乡村省州业位门')

/** The noun phrase right after the unit: 4部专题警示片 → 专题警示片. */
function labelAfterUnit(s: string, pos: number, limit: number): string | undefined {
  if (s.charCodeAt(pos) === DE_OF) pos++ // 三分之一的村
  let j = pos
  while (j < limit && j - pos <= 16 && isIdeographCode(s.charCodeAt(j))) j++
  const phrase = s.slice(pos, j)
  const stop = firstWord(phrase, STOP_AFTER)
  // A run-on sentence is not a noun phrase, unless a verb closes one early (3260家企业发放一次性扩岗补助和稳岗返还资金).
  if (j - pos > 16 && !stop) return undefined
  const noun = stop ? phrase.slice(0, stop.index) : phrase
  // 全省11个设区市中，: 中 closes the phrase as "among" after a place or a body (not 普通高中).
  const among = noun.length > 2 && noun.endsWith('中') && !stop && j < limit && AMONG_AFTER.has(noun.charCodeAt(noun.length - 2))
  // 32家区直单位综合考核中排名第7: the units are counted; the assessment they are ranked in is not.
  const ranked = stop ? null : ASSESSED_AMONG.exec(noun)
  if (ranked && ranked.index >= 2) return acceptable(noun.slice(0, ranked.index), MAX_LABEL)
  return acceptable(among ? noun.slice(0, -1) : noun, MAX_LABEL)
}
const ASSESSED_AMONG = /(?:年度)?(?:综合)?(?:考核|考评|评比|评议|测评|评估|排名|竞赛|评选|比赛)中$/

/** The object between the clause's verb and the number: 检查企业693家次 → 企业. */
function labelBeforeNumber(s: string, start: number, floor: number, changed: boolean, share: boolean): string | undefined {
  let from = clauseStart(s, start, floor, 30)
  // 地区生产总值（GDP）612亿元, 居民消费价格指数(CPI)上涨0.3%: the name goes on before its abbreviation.
  const abbreviation = abbreviationEndingAt(s, from, floor)
  if (abbreviation >= 0) from = clauseStart(s, abbreviation, floor, 30)
  const raw = abbreviation >= 0 ? s.slice(from, abbreviation) + s.slice(abbreviationEnd(s, abbreviation), start) : s.slice(from, start)
  // 补贴标准为每亩120元: 每亩 says what the amount is per, not what is counted.
  const perUnit = perUnitNear(raw)
  let text = stripEnds(perUnit ? raw.replace(PER_UNIT_END, '') : raw, TRAILING_FILLERS)
  if (changed) text = withoutComparison(text) // 增速比上半年提高0.5个百分点 → 增速
  text = withoutLeadingPeriod(text) // 2023年全市地区生产总值612亿元 → 地区生产总值
  // 增速比上年同期加快0.6个百分点: the rate itself is what changed, though 增速 also reads as a change word.
  if (text.length === 0) return RATE_NOUNS.find((noun) => raw.startsWith(noun))
  if (text.endsWith('等')) return undefined // 甲、乙、丙等3项: the list is the label
  // Only a percentage or a ratio is a share: 整治占道经营980余处 counts 占道经营.
  const subject = share ? shareOf(text) : undefined
  if (subject !== undefined) return subject || undefined
  if (hasHighOrLow(text) && ABOVE_OR_BELOW.test(text)) return undefined // 高于全省平均1.2个百分点: a gap
  // 人民调解委员会以调解方式结案: a manner phrase starts the act, whatever verbs the subject's name holds.
  const manner = hasMannerNoun(text) ? MANNER_PHRASE.exec(text) : null
  if (manner?.[1]) text = manner[1] // the pattern ends the text, so its group is the text's end
  const benefactive = BENEFACTIVE_START.has(text.charCodeAt(0)) ? BENEFACTIVE.exec(text) : null
  if (benefactive?.[1]) return acceptable(text.slice(benefactive[0].length - benefactive[1].length), MAX_LABEL)
  let verb = firstWord(text, VERBS_BEFORE)
  // 协调解决各类问题: the 调解 read inside 协调 shares its last character with 解决, the verb meant.
  for (let next = verb && wordAt(text, verb.index + verb.word.length - 1, VERBS_BEFORE); verb && next; ) {
    verb = {index: verb.index + verb.word.length - 1, word: next}
    next = wordAt(text, verb.index + verb.word.length - 1, VERBS_BEFORE)
  }
  if (!verb) return acceptable(headNoun(stripEnds(text, LEADING_FILLERS)), MAX_LABEL) // may still hold the subject: 城镇居民人均可支配收入
  let object = text.slice(verb.index + verb.word.length)
  // 城关派出所开展检查: the first "verb" was inside a noun (派出所) when another follows one character on
  // (the object's first verb starts at 1: none at 0, one at 1).
  const later = wordAt(object, 0, VERBS_BEFORE) === undefined ? wordAt(object, 1, VERBS_BEFORE) : undefined
  if (later !== undefined) object = object.slice(1 + later.length)
  // 污水处理厂设计日处理能力: the verb closed a facility's name (处理厂), and what follows it is counted.
  else if (object.length > 3 && FACILITY_TAIL.has(object.charCodeAt(0))) object = object.slice(1)
  // 固定资产投资(完成)326.5亿元: 投资 closes a noun here, and the noun is what is counted.
  if (object.length === 0 && NOUN_VERBS.has(verb.word) && verb.index >= 1) return acceptable(stripEnds(text, LEADING_FILLERS), MAX_LABEL)
  if (object.length === 0) return undefined // 分局出动500余人次: the verb has no object here
  // 以调解方式结案: the verb names a manner (调解方式), and the counted act is the whole phrase, unless
  // another verb takes an object after it (调解方式化解纠纷 counts 纠纷).
  if (MANNER_NOUNS.test(object)) {
    const rest = object.slice(2)
    const next = wordAt(rest, 0, VERBS_BEFORE)
    if (next === undefined || rest.length - next.length < 2) return acceptable(stripEnds(text.slice(verb.index), LEADING_FILLERS), MAX_LABEL)
    object = rest
  }
  // 研发经费投入占比: a ratio of what comes before it, so the whole phrase is the label.
  if (isRatioNoun(object)) return acceptable(stripEnds(text, LEADING_FILLERS), MAX_LABEL)
  // Verb chains (检视查找整改问题 → 整改问题), but not a verb that opens the noun (培训班).
  let lastVerb = text.length - object.length - verb.word.length
  for (let v = wordAt(object, 0, VERBS_BEFORE); v !== undefined && object.length - v.length >= 2; v = wordAt(object, 0, VERBS_BEFORE)) {
    lastVerb = text.length - object.length
    object = object.slice(v.length)
  }
  // 调解撤诉率, 接种人数, 审结案件数: a short measure noun after the verb belongs to the whole phrase.
  if (object.length >= 2 && object.length <= 4 && MEASURE_NOUN_END.has(object.charCodeAt(object.length - 1))) {
    return acceptable(stripEnds(text, LEADING_FILLERS), MAX_LABEL)
  }
  // 改建面积, 完成投资规模: a measure of an act is named with the act (改建面积, 投资规模).
  if (MEASURE_WORDS.has(object)) return acceptable(text.slice(lastVerb), MAX_LABEL)
  const label = acceptable(headNoun(stripEnds(object, LEADING_FILLERS)), MAX_LABEL)
  if (label) return label
  // The "verb" was part of the noun: 办结率, 森林覆盖率.
  return object.length < 2 ? acceptable(stripEnds(text, LEADING_FILLERS), 10) : undefined
}

/** The period a clause opens with (2023年, 2024年1-10月, 今年上半年, 前三季度): when, not what is counted. */
const LEADING_PERIOD =
  /^(?:(?:[12１２][\d０-９]{3}年?[至到—–~-][12１２][\d０-９]{3}年度?|[12１２][\d０-９]{3}年度?|[12１２][\d０-９]{3}年?[\d０-９]{1,2}(?:[-—–~至到][\d０-９]{1,2})?月份?|[\d０-９]{1,2}(?:[-—–~至到][\d０-９]{1,2})?月份?|今年|去年|上年|全年|当年|前三季度|上半年|下半年|第?[一二三四]季度)[，,]?)+/
/** Characters a leading period can open with. */
const PERIOD_START = codeTable('0123456789０１２３４５６７８９今去上全当前下第一二三四')

function withoutLeadingPeriod(text: string): string {
  if (!PERIOD_START.has(text.charCodeAt(0))) return text
  const rest = text.replace(LEADING_PERIOD, '')
  // Only a period followed by what is counted: 2023年 alone stays for the period checks.
  return rest.length >= 2 ? rest : text
}

/** 等 in words, not "and so on": 高等, 中等, 平等, 同等, 对等, 均等, 特等, 一等; 等级, 等待, 等候, 等同, 等于. */
const NOT_ETC_BEFORE = codeTable('高中初平同对均特一二三四五优次劣上下何')
const NOT_ETC_AFTER = codeTable('级待候同于额价值量次第')

/**
 * What a phrase names: a list closed by 等 names what follows it (用工、融资等|问题), and a phrase too long for a
 * label names its head after its last 的 (纳入省市县长项目工程的|亿元以上项目).
 */
function headNoun(phrase: string): string {
  // 用工、融资等问题: the examples before 等 are no part of what is counted (问题).
  const etc = phrase.lastIndexOf('等')
  if (etc >= 1 && phrase.length - etc - 1 >= 2 && !NOT_ETC_BEFORE.has(phrase.charCodeAt(etc - 1)) && !NOT_ETC_AFTER.has(phrase.charCodeAt(etc + 1))) {
    return headNoun(phrase.slice(etc + 1))
  }
  if (phrase.length <= MAX_LABEL) return phrase
  const de = phrase.lastIndexOf('的')
  return de >= 0 && phrase.length - de - 1 >= 2 ? phrase.slice(de + 1) : phrase
}

/** Last characters of facilities named by what they do: 处理厂, 检测站, 服务所. */
const FACILITY_TAIL = codeTable('厂站场所馆')

/** Nouns that make the verb before them a manner: 调解|方式, 线上|形式. */
const MANNER_NOUNS = /^(?:方式|形式|方法)./
/** 以|调解方式|…, 通过|视频形式|…: group 1 is the manner and what follows it. */
const MANNER_PHRASE = /(?:以|通过|采取|采用|运用)([\u4e00-\u9fff]{2,4}(?:方式|形式|方法)[\u4e00-\u9fff]+)$/
const FANG_SHI = code('方')
const XING_SHI = code('形')

/** Whether 方 or 形 stands in `text`: most labels hold neither, and skip the manner pattern. */
function hasMannerNoun(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === FANG_SHI || c === XING_SHI) return true
  }
  return false
}

/** Whether a 每 stands in the last six characters, where a per-unit phrase (每亩) for PER_UNIT_END would start. */
function perUnitNear(text: string): boolean {
  for (let i = Math.max(0, text.length - 6); i < text.length; i++) if (text.charCodeAt(i) === MEI) return true
  return false
}

/** A character scan instead of two `includes` calls: most texts hold neither 高 nor 低. */
function hasHighOrLow(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === GAO || c === DI_LOW) return true
  }
  return false
}
const GAO = code('高')
const DI_LOW = code('低')

const OPEN_BRACKETS = codeTable('（(')
const CLOSE_BRACKETS = codeTable('）)')

/** Where a bracketed Latin abbreviation (（GDP）, (CPI)) ending just before `end` opens, or -1. */
function abbreviationEndingAt(s: string, end: number, floor: number): number {
  if (!CLOSE_BRACKETS.has(s.charCodeAt(end - 1))) return -1
  let j = end - 2
  while (j >= floor && j > end - 10 && isLetterCode(s.charCodeAt(j))) j--
  return j < end - 3 && j >= floor && OPEN_BRACKETS.has(s.charCodeAt(j)) ? j : -1
}

/** Just past the closing bracket of the abbreviation opening at `open`. */
function abbreviationEnd(s: string, open: number): number {
  let j = open + 1
  while (isLetterCode(s.charCodeAt(j))) j++
  return j + 1
}

const BI_CHAR = code('比')

/** 约占全县总人口的三分之一: the share is about, though 约 stands before 占, away from the figure. */
function shareApproximation(s: string, start: number, floor: number): Approximation | undefined {
  const from = Math.max(1, clauseStart(s, start, floor, 24))
  let at = start - 1
  while (at >= from && s.charCodeAt(at) !== ZHAN) at--
  if (at < from) return undefined
  const before = s.charCodeAt(at - 1)
  return before === YUE || before === YUE_TRADITIONAL || (before === JIN && !NEAR_WORDS.has(s.charCodeAt(at - 2))) ? 'about' : undefined
}
const ZHAN = code('占')
const YUE = code('约')
const YUE_TRADITIONAL = code('約')
const JIN = code('近')
/** 附近, 最近: 近 closing a word. */
const NEAR_WORDS = codeTable('附最临靠接将')

/**
 * 第三产业增加值占地区生产总值的比重为55.3%, 约占全县总人口的三分之一: a share is of its subject, the words
 * before 占. Returns the subject, '' when the clause has none (the whole is no name for the share either),
 * or undefined when the text states no share (占比 is a noun: 研发经费投入占比).
 */
function shareOf(text: string): string | undefined {
  const at = text.indexOf('占')
  if (at < 0 || text.charCodeAt(at + 1) === BI_CHAR) return undefined
  const subject = stripEnds(text.slice(0, at).replace(SHARE_MARKERS_END, ''), LEADING_FILLERS)
  if (subject.length >= 2) return acceptable(subject, MAX_LABEL) ?? ''
  // 占地区生产总值的比重为55.3%: with no subject, a phrase ending in 比重 still names the share; 约占全县总人口 names
  // only what it is a share of.
  return SHARE_NOUNS.some((noun) => text.endsWith(noun)) ? undefined : ''
}
const SHARE_NOUNS = ['比重', '比例', '比率', '份额']
/** 约占, 均占, 分别占: words between the subject and 占. */
const SHARE_MARKERS_END = /(?:大约|约|近|均|分别|仅|只|已)$/

/** Drops a trailing comparison: 增速比上半年 → 增速, 信访总量同比 → 信访总量; 比例, 占比, 比重 are nouns. */
function withoutComparison(text: string): string {
  const at = comparisonAt(text)
  if (at < 0) return text
  const opener = text.charCodeAt(at - 1)
  return text.slice(0, at > 0 && COMPARISON_OPENERS.has(opener) ? at - 1 : at)
}
/** The last 比/较 within 8 characters of the end that is not part of a ratio noun, or -1. Each step moves left. */
function comparisonAt(text: string): number {
  for (let from = text.length - 1; from >= 0; ) {
    const at = Math.max(text.lastIndexOf('比', from), text.lastIndexOf('较', from))
    if (at < 0 || text.length - at > 8) return -1
    const ratioNoun = text.charCodeAt(at) === BI && (BI_NOUN_AFTER.has(text.charCodeAt(at + 1)) || BI_NOUN_BEFORE.has(text.charCodeAt(at - 1)))
    if (!ratioNoun) return at
    from = at - 1
  }
  return -1
}
const COMPARISON_OPENERS = codeTable('同环相')
const RATE_NOUNS = ['增速', '增幅', '降幅', '减幅']
/** 率, 数 and 度 close a measure named by the words before them: 撤诉率, 起数, 人数, 投入强度. */
const MEASURE_NOUN_END = codeTable('率数度')
/** 改建面积, 投资规模: a measure of the act, so the act belongs to the label. */
const MEASURE_WORDS: ReadonlySet<string> = new Set(['面积', '规模', '数量', '总量', '金额', '总额', '里程', '长度'])
/** Verbs that also end a noun phrase: 工业投资, 基础设施建设, 干部培训. */
const NOUN_VERBS = new Set(['投资', '建设', '培训', '改造', '投入', '监测', '储备'])
const PER_UNIT_END = /(?:每[\u4e00-\u9fff]{1,2})+$/
/** 高于全省平均, 增速比全市高: what follows is a gap between two figures, not a figure of one thing. */
const ABOVE_OR_BELOW = /(?:高于|低于|高出|低出)|比[\u4e00-\u9fff]{1,8}(?:高|低)$/
/** Labels that make a duration a count of time: 优良天数, 平均审理天数, 服务时长. */
const COUNTED_TIME = /(?:天数|日数|时长|时数|工期|周期)$/
/** What joins a level to the next: 由780元提高到850元, 从3%降至1%. */
const MOVE_BETWEEN = /^(?:提高|提升|上升|增长|增加|下降|降低|减少|调整|上调|下调)?(?:到|至|为)$/
const RATIO_NOUNS = new Set(['占比', '比重', '比例', '比率'])
const RATIO_NOUN_MAX = Math.max(...[...RATIO_NOUNS].map((noun) => noun.length))

/** 占比 or 的占比: a length check first, so a long object is never sliced and hashed. */
function isRatioNoun(object: string): boolean {
  const skip = object.charCodeAt(0) === DE_OF ? 1 : 0
  return object.length - skip <= RATIO_NOUN_MAX && RATIO_NOUNS.has(skip ? object.slice(1) : object)
}
const BI = code('比')
/** 比例, 比重, 比率, 比值 and 占比, 对比 name a ratio; they are not comparisons. */
const BI_NOUN_AFTER = codeTable('例重率值')
const BI_NOUN_BEFORE = codeTable('占对')

const SEVERAL = /[、和及与]/

/** What is ranked: 生态环境公众满意度列…第二位 → 生态环境公众满意度. */
function rankLabel(s: string, verbStart: number, floor: number): string | undefined {
  // 、 does not end the clause here: 优良率、PM2.5绝对值…排名第三 ranks both, so no single label.
  const from = clauseStart(s, verbStart, floor, 30, CLAUSE_BOUNDARY)
  let text = s.slice(from, verbStart)
  const at = text.lastIndexOf('在')
  if (at >= 0) text = text.slice(0, at)
  text = stripEnds(text, RANK_SUBJECT_FILLERS)
  if (SEVERAL.test(text)) return undefined // several things ranked together
  // …区直单位综合考核中排名第7: the rank is in that assessment (区直单位综合考核).
  if (ASSESSED_AMONG.test(text)) text = text.slice(0, -1)
  return acceptable(text, MAX_LABEL)
}

/** Metrics listed one after another: 8.1%、5.6%, 3.2%和2.8%. */
const LIST_JOINER = /^(?:、|和|及|与|以及)$/

/**
 * 规上工业增加值、社会消费品零售总额分别增长8.1%、5.6%: a list of figures
 * after 分别 pairs with the list of subjects before it, in order, and every
 * figure takes the change stated before the first. Returns the labels of
 * the figures in such lists (undefined where the two lists do not pair up,
 * so no figure takes another's subject).
 */
/** Figures one 分别 list may hold: the same kind, or growth written as a multiple and as a percentage (分别增长1.5倍、35.2%). */
function listedTogether(a: MetricKind, b: MetricKind): boolean {
  return a === b || (GROWTH_KINDS.has(a) && GROWTH_KINDS.has(b))
}
const GROWTH_KINDS = new Set<MetricKind>(['percent', 'ratio'])

/**
 * Labels of the figures of 分别 lists: each subject of 城镇、农村居民收入分别增长…, or, when the list follows
 * figures of its own (发生事故12起、死亡9人，同比分别下降25%和18.2%), the figure it pairs with, whose label
 * it takes once that is known.
 */
function listLabels(s: string, found: Found[]): Map<Found, string | Found | undefined> {
  const labels = new Map<Found, string | Found | undefined>()
  for (let i = 0; i < found.length; i++) {
    const first = found[i]
    if (!first || first.metric.kind === 'rank') continue
    let last = i
    while (last + 1 < found.length) {
      const a = found[last]
      const b = found[last + 1]
      if (!a || !b || !listedTogether(first.metric.kind, b.metric.kind) || b.start - a.end > 2 || !LIST_JOINER.test(s.slice(a.end, b.start))) break
      last++
    }
    if (last === i) continue
    const members = found.slice(i, last + 1)
    if (first.metric.change) for (const m of members) m.metric.change ??= first.metric.change
    const from = clauseStart(s, first.start, i > 0 ? (found[i - 1]?.end ?? 0) : 0, 40, CLAUSE_BOUNDARY)
    const clause = s.slice(from, first.start)
    const respectively = clause.lastIndexOf('分别')
    if (respectively >= 0 && stripEnds(clause.slice(respectively), TRAILING_FILLERS) === '') {
      const paired = pairedFigures(s, found, i, members.length, clause.slice(0, respectively))
      if (paired) {
        members.forEach((m, k) => labels.set(m, paired[k]))
        i = last
        continue
      }
      const subjects = stripEnds(withoutLeadingPeriod(stripEnds(clause.slice(0, respectively), TRAILING_FILLERS)), LEADING_FILLERS).split(SEVERAL)
      // 城镇、农村居民人均可支配收入分别…: subjects sharing a head noun are not whole labels, so lengths must compare.
      const lengths = subjects.map((t) => t.length)
      const pairs = subjects.length === members.length && Math.min(...lengths) >= 2 && Math.max(...lengths) <= 2.5 * Math.min(...lengths)
      members.forEach((m, k) => labels.set(m, pairs ? acceptable(subjects[k] ?? '', MAX_LABEL) : undefined))
    }
    i = last
  }
  return labels
}

/** The figures right before found[at] that a 分别 list of `count` pairs with: nothing but fillers between, one sentence. */
function pairedFigures(s: string, found: Found[], at: number, count: number, between: string): Found[] | undefined {
  if (at < count || stripEnds(between, TRAILING_FILLERS).replace(LIST_PUNCTUATION, '') !== '') return undefined
  const figures = found.slice(at - count, at)
  const start = figures[0]?.start ?? 0
  if (figures.some((f) => f.metric.kind === 'rank') || SENTENCE_END.test(s.slice(start, found[at]?.start ?? start))) return undefined
  return figures
}
const LIST_PUNCTUATION = /[，,、\s]/g
const SENTENCE_END = /[。；;！？!?]/

function addLabels(s: string, found: Found[]): void {
  const listed = found.length > 1 ? listLabels(s, found) : undefined
  for (let i = found.length - 1; i >= 0; i--) {
    const f = found[i]
    if (!f) continue
    if (listed?.has(f)) {
      const label = listed.get(f)
      if (typeof label === 'string') f.metric.label = label
      continue
    }
    const prevEnd = i > 0 ? (found[i - 1]?.end ?? 0) : 0
    const next = found[i + 1]
    let label: string | undefined
    if (f.metric.kind === 'rank') {
      label = rankLabel(s, f.rankVerbStart ?? f.start, prevEnd)
    } else if (f.metric.kind === 'duration') {
      // Durations (3天, 24小时) follow verbs like 提前/用时, which are not what is counted; 优良天数达319天 counts days.
      const before = labelBeforeNumber(s, f.start, prevEnd, f.metric.change !== undefined, false)
      if (before && COUNTED_TIME.test(before)) label = before
    } else {
      if (f.labelAfter) {
        // 6大类48项内部制度规定: both figures count the same thing.
        label = next && next.start === f.end ? next.metric.label : labelAfterUnit(s, f.end, next ? next.start : s.length)
      }
      label ??= labelBeforeNumber(s, f.start, prevEnd, f.metric.change !== undefined, GROWTH_KINDS.has(f.metric.kind))
    }
    if (label) f.metric.label = label
  }
  // 分别 lists that pair with earlier figures take their labels, now known.
  if (listed) for (const [f, label] of listed) if (typeof label === 'object' && label.metric.label) f.metric.label = label.metric.label
  // A figure without a label takes the one before it when both count the same thing: a rank moved to
  // (由第8位提升至第3位), a level moved to (由780元提高到850元), or figures side by side (3215户5126人).
  for (let i = 1; i < found.length; i++) {
    const f = found[i]
    const previous = found[i - 1]
    if (!f || !previous || f.metric.label || !previous.metric.label) continue
    const sameRank = f.metric.kind === 'rank' && previous.metric.kind === 'rank' && f.rankVerbStart === previous.rankVerbStart
    const sameLevel =
      f.metric.kind !== 'rank' &&
      f.start - previous.end <= 4 &&
      (f.start === previous.end || (previous.metric.kind === f.metric.kind && MOVE_BETWEEN.test(s.slice(previous.end, f.start))))
    if (sameRank || sameLevel || changeOfLevel(s, previous, f) || shareOfLevel(s, previous, f)) f.metric.label = previous.metric.label
  }
}

const LEVEL_KINDS = new Set<MetricKind>(['amount', 'count', 'measure'])
const COMMA = codeTable('，,')

/**
 * A share stated right after a level is that level's share: 民营企业进出口1.01万亿元，占全省进出口总值的81.5% (the
 * clause has no subject of its own before 占, so the share has no label until it takes the level's).
 */
function shareOfLevel(s: string, level: Found, share: Found): boolean {
  if (!LEVEL_KINDS.has(level.metric.kind) || !GROWTH_KINDS.has(share.metric.kind) || !COMMA.has(s.charCodeAt(level.end))) return false
  return SHARE_OF_LEVEL.test(s.slice(level.end + 1, share.start))
}
/** ，占全省进出口总值的 — 约占, 仅占… and what it is a share of, in one clause. */
const SHARE_OF_LEVEL = /^(?:大约|约|近|均|仅|只)?占[^，,。；;！？!?、]{1,16}?的?(?:比重|比例)?(?:为|达)?$/

/** 全部用于民生项目，: where funds went, between a level and the comma before its change (and what it may open with). */
const USE_START = codeTable('全主均已用投')
const USE_OF_FUNDS = /^(?:全部|主要|均|已)?(?:用于|投向|投入)[^，,。；;！？!?\d]{1,10}[，,]/

/**
 * 粮食总产量6.8万吨，下降2.3%; 地区生产总值612亿元，比上年增长5.8%: a change stated right after a level, in
 * the same sentence, with nothing but the comparison between, is the change of that level.
 */
function changeOfLevel(s: string, level: Found, change: Found): boolean {
  if (change.metric.change === undefined) return false
  // A rate's change in points is the change of that rate: 优良天数比例为91.5%，提升2.3个百分点.
  const rateInPoints = level.metric.kind === 'percent' && change.metric.kind === 'percentagePoints'
  if (!LEVEL_KINDS.has(level.metric.kind) && !rateInPoints) return false
  // 专项资金568.02万元全部用于民生项目，较上年增加33.0%: where the money went may stand before the comma.
  const use = USE_START.has(s.charCodeAt(level.end)) ? USE_OF_FUNDS.exec(s.slice(level.end, level.end + 16)) : null
  const comma = level.end + (use ? use[0].length - 1 : 0)
  if (!COMMA.has(s.charCodeAt(comma)) || change.start - comma > 24) return false
  // 地区生产总值612亿元，按可比价格计算，同比增长6.2%: how the change was reckoned sits between.
  const between = s.slice(comma + 1, change.start).replace(RECKONING, '')
  return between.length <= 12 && stripEnds(between, TRAILING_FILLERS) === ''
}
/** How a growth rate was reckoned, written between a level and its change. */
const RECKONING = /(?:按可比价格计算|按可比口径计算|按可比价计算|扣除价格因素)[，,]?/g

// ---------------------------------------------------------------------------

function toSegments(s: string, found: Found[]): Segment[] {
  const segments: Segment[] = []
  let at = 0
  for (const f of found) {
    if (f.start > at) segments.push({type: 'text', text: s.slice(at, f.start)})
    segments.push({type: 'metric', metric: f.metric})
    at = f.end
  }
  if (at < s.length) segments.push({type: 'text', text: s.slice(at)})
  return segments
}
