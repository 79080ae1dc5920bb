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
 * - top-N lists: 排名前三, 前10名 (a number right after 前 is skipped).
 */
import type {Approximation, Change, ExtractedMetric, Segment} from './model'
import {
  CHINESE_NUMERAL_CHARS,
  isChineseBigUnitCode,
  isChineseDigitCode,
  isInvalidRun,
  parseChineseNumeral,
  scaleValue,
  scanArabic,
  scanChinese,
  type ScannedNumber,
} from './numerals'
import {codeSet, isIdeographCode, isStrongUnit, matchUnit, type UnitMatch} from './units'

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

export function extractMetrics(paragraph: string): Segment[] {
  const s = paragraph
  const found: Found[] = []
  for (let pos = 0; pos < s.length; ) {
    if (CANDIDATE[s.charCodeAt(pos)] !== 1) {
      pos++
      continue
    }
    const floor = found.length > 0 ? (found[found.length - 1]?.end ?? 0) : 0
    pos = Math.max(readAt(s, pos, floor, found), pos + 1)
  }
  if (found.length === 0) return s.length > 0 ? [{type: 'text', text: s}] : []
  addLabels(s, found)
  return toSegments(s, found)
}

/** Reads whatever starts at `pos`, records a metric if it is one, and returns where scanning resumes. */
function readAt(s: string, pos: number, floor: number, found: Found[]): number {
  if (s.charCodeAt(pos) === DI) return readOrdinal(s, pos, floor, found)
  if (s.startsWith('百分之', pos)) return readPercentWords(s, pos, floor, found)
  const arabic = scanArabic(s, pos)
  if (arabic) return readArabic(s, arabic, floor, found)
  return readChinese(s, pos, floor, found)
}

// ---------------------------------------------------------------------------
// Context checks

const code = (c: string): number => c.charCodeAt(0)
const DI = code('第')
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
const DASHES = codeSet('-－—–~～')
const PLUS = codeSet('+＋')
const SLASH_COLON = codeSet('/／:：')
const SLASH = codeSet('/／')
const POINTS = codeSet('.．')
/** 前 that is part of a time word (目前, 提前) does not make a top-N list. */
const TIME_BEFORE_QIAN = codeSet('目当此之以提空面门眼跟向日年')

/** Whether the text just before a number means it is a code, range end, ordinal or top-N. */
function blockedBefore(s: string, pos: number): boolean {
  if (pos === 0) return false
  const prev = s.charCodeAt(pos - 1)
  const before = s.charCodeAt(pos - 2) // NaN at the start: matches nothing
  if (isLetterCode(prev)) return true // PM2.5, G60, ＰＭ２.５
  if (DASHES.has(prev)) return isLetterCode(before) || isDigitCode(before) // COVID-19, 2024-2025
  if (PLUS.has(prev)) return true // 1+2
  if (SLASH_COLON.has(prev) || POINTS.has(prev)) return isDigitCode(before) // 12/31, 8:30, 1.2.3
  if (prev === MEI) return true // 每月25日, 每3个月
  if (prev === QIAN) return !TIME_BEFORE_QIAN.has(before) // 前三, 前10名
  return false
}

/** Whether the text just after an Arabic number means it is a code or a range start. */
function blockedAfter(s: string, end: number): boolean {
  const next = s.charCodeAt(end)
  if (PLUS.has(next)) return true // 1+2
  return (DASHES.has(next) || SLASH.has(next)) && isDigitCode(s.charCodeAt(end + 1)) // 3-5年, 12/31
}

// ---------------------------------------------------------------------------
// Readers

function readArabic(s: string, num: ScannedNumber, floor: number, found: Found[]): number {
  if (blockedBefore(s, num.start) || blockedAfter(s, num.end)) return num.end
  const unit = matchUnit(s, num.end)
  if (!unit) return num.end
  // 2019年 is a year, not a 2019-year duration.
  if (unit.unit === '年' && num.value >= 1000) return num.end
  push(s, num, unit, floor, found)
  return Math.max(num.end, found[found.length - 1]?.end ?? num.end)
}

function readChinese(s: string, pos: number, floor: number, found: Found[]): number {
  const run = scanChinese(s, pos)
  if (!run) return pos + 1
  if (isInvalidRun(run)) return run.end
  const first = s.charCodeAt(pos)
  // A run opening with a bare 百/千/万/亿 is a word (百姓, 千家万户, 万一, 千万不能).
  if (BARE_LEADS.has(first)) return run.end
  if (blockedBefore(s, pos)) return run.end
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
  // A lone digit character (一, 两, 十) is a word unless a strong unit follows; 廿/卅 are never words.
  const single = num.end - num.start === 1 && (isChineseDigitCode(first) || first === SHI)
  if (single && !isStrongUnit(unit)) return run.end
  push(s, num, unit, floor, found)
  return Math.max(run.end, found[found.length - 1]?.end ?? run.end)
}

const BARE_LEADS = codeSet('百千万萬亿億')
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
    approximation: before ?? after ?? 'exact',
    text: s.slice(start, end),
  }
  const change = changeOf(s, start, end, floor)
  if (change) metric.change = change
  found.push({start, end, metric, labelAfter: false})
  return end
}

function push(s: string, num: ScannedNumber, unit: UnitMatch, floor: number, found: Found[]): void {
  const {approximation: before, start} = approximationBefore(s, num.start, floor)
  const {approximation: after, end} = approximationAfter(s, unit.end)
  const metric: ExtractedMetric = {
    value: num.value,
    unit: unit.unit,
    kind: unit.kind,
    approximation: before ?? (unit.moreThan ? 'moreThan' : undefined) ?? after ?? 'exact',
    text: s.slice(start, end),
  }
  const change = changeOf(s, start, end, floor)
  if (change) metric.change = change
  if (unit.scale) {
    const scaled = scaleValue(num.value, unit.scale.exponent)
    if (Number.isFinite(scaled)) metric.scaledValue = scaled
    if (unit.scale.baseUnit) metric.baseUnit = unit.scale.baseUnit
  }
  // Classifiers take a following noun (12个重点任务); 人次, 元, %, 天 are followed by verbs.
  const labelAfter = (unit.kind === 'count' && !unit.unit.endsWith('次')) || unit.kind === 'measure'
  found.push({start, end, metric, labelAfter})
}

// ---------------------------------------------------------------------------
// Ranks

const RANK_VERBS_2 = ['排名', '排在', '排列', '排行', '排位', '位列', '位居', '名列', '位于', '居于']
/** Verbs that make 第N a rank only with 名 after it: 荣获第一名 (荣获第一批 is not a rank). */
const PRIZE_VERBS_2 = ['获得', '荣获', '夺得']
/** Single-character verbs, with neighbours that make them part of another word (系列, 居民, 安排). */
const RANK_VERB_1 = new Map<number, {notAfter: Set<number>; notBefore: Set<number>}>([
  [code('列'), {notAfter: codeSet('系并序陈排行罗队分'), notBefore: codeSet('入为车表举出支席')}],
  [code('居'), {notAfter: codeSet('民邻定安聚移蜗寓'), notBefore: codeSet('民住家室所委')}],
  [code('排'), {notAfter: codeSet('安编彩减并燃'), notBefore: codeSet('查放污水除')}],
])
const CLAUSE_CHARS = '，,。；;！!？?：:\n\r'
const CLAUSE_BOUNDARY = codeSet(CLAUSE_CHARS)
/** After 第N (without 位/名) only these may follow a rank: 第三批, 第一次, 第一方阵 are not ranks. */
const AFTER_RANK = codeSet('的和与及或并且、')

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
  const verb = rankVerbBefore(s, pos, floor, suffix === MING)
  if (!verb) return num.end
  const start = verb.end === pos ? verb.start : pos
  const metric: ExtractedMetric = {value: num.value, unit: '', kind: 'rank', approximation: 'exact', text: s.slice(start, end)}
  found.push({start, end, metric, labelAfter: false, rankVerbStart: verb.start})
  return end
}

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

/** [marker, approximation, characters that may not precede the marker] */
const PREFIX_WORDS: Array<[string, Approximation, string]> = [
  ['超过', 'moreThan', ''],
  ['不到', 'lessThan', ''],
  ['不足', 'lessThan', ''],
  ['大约', 'about', ''],
  ['将近', 'about', ''],
  ['接近', 'about', ''],
  ['约', 'about', '节制预签违契公条邀履相特集简婉隐盟赴失践立合租纽'], // 节约300万元 is saving, not "about"
  ['近', 'about', '附最临靠就亲贴新远邻'], // 附近, 最近
  ['逾', 'moreThan', ''],
  ['超', 'moreThan', '赶高'],
]
/** Prefix markers keyed by the code of their last character, the one right before the number, in list order. */
const PREFIXES = new Map<number, Array<[string, Approximation, Set<number>]>>()
for (const [marker, approximation, notAfter] of PREFIX_WORDS) {
  const last = marker.charCodeAt(marker.length - 1)
  PREFIXES.set(last, [...(PREFIXES.get(last) ?? []), [marker, approximation, codeSet(notAfter)]])
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

function approximationAfter(s: string, end: number): {approximation?: Approximation; end: number} {
  for (const [marker, approximation] of SUFFIXES) {
    if (s.startsWith(marker, end)) return {approximation, end: end + marker.length}
  }
  return {end}
}

const INCREASE = ['增长', '上升', '提高', '增加', '提升', '上涨', '增幅', '增速']
const DECREASE = ['下降', '减少', '降低', '下滑', '回落', '下跌', '降幅', '减幅', '缩减', '压减', '削减']
/** 增/降 alone are verbs only right after a comparison (同比增20%); 新增 is "newly added". */
const SINGLE_CHANGE_WORDS: Record<string, Change> = {增: 'increase', 升: 'increase', 多: 'increase', 降: 'decrease', 减: 'decrease', 少: 'decrease'}
const SINGLE_CHANGE = new Map(Object.entries(SINGLE_CHANGE_WORDS).map(([w, c]) => [code(w), c]))
const COMPARISONS = ['同比', '环比', '上年', '去年', '同期', '前年', '上期', '上月']
const CHANGE_FILLERS = ['了', '为', '达到', '达']
const FLAT_AFTER = /[，,]?(?:同比|环比|与上年同期|与去年同期|与上年|与去年|比上年|较上年|比去年|较去年)?(?:基本)?持平/y

/** Change verbs keyed by the code of their last character (all are two characters, so one can end at a place). */
const CHANGE_VERBS = new Map<number, Array<[string, Change]>>()
for (const [verbs, change] of [[INCREASE, 'increase'], [DECREASE, 'decrease']] as const) {
  for (const verb of verbs) {
    const last = verb.charCodeAt(verb.length - 1)
    CHANGE_VERBS.set(last, [...(CHANGE_VERBS.get(last) ?? []), [verb, change]])
  }
}
/** What can follow a figure in "…，同比持平": the first characters FLAT_AFTER accepts. */
const FLAT_AFTER_FIRST = codeSet('，,同环与比较基持')

/** increase/decrease when the value is stated right after 增长/下降 (同比下降20%); flat for "…，同比持平". */
function changeOf(s: string, start: number, end: number, floor: number): Change | undefined {
  let j = start
  for (let k = 0; k < 2; k++) {
    for (const f of CHANGE_FILLERS) {
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
  if (!FLAT_AFTER_FIRST.has(s.charCodeAt(end))) return undefined
  FLAT_AFTER.lastIndex = end
  if (FLAT_AFTER.test(s)) return 'flat'
  return undefined
}

// ---------------------------------------------------------------------------
// Labels

const LABEL_BOUNDARY = codeSet(`${CLAUSE_CHARS}、()（）[]【】\t 　`)
const QUOTES = codeSet('“”"‘’\'《》「」『』〈〉')
const MAX_LABEL = 12

/** Words that end a noun phrase after a unit: 12个重点任务开展… / 36名党员骨干成立…. */
const STOP_AFTER = byFirstChar([
  '开展', '参加', '参与', '成立', '进行', '实施', '完成', '获得', '获评', '获批', '荣获', '通过', '达到', '实现',
  '受到', '得到', '接受', '办理', '进入', '入选', '纳入', '列入', '发现', '查处', '出动', '开通', '建成', '建立',
  '投入', '落实', '涉及', '累计', '共计', '合计', '总计', '同比', '环比', '增长', '下降', '上升', '减少', '提高',
  '增加', '降低', '持平', '分别', '全部', '全面', '共有', '其中', '以上', '左右', '以下', '以内', '期间', '以来',
  '提供', '组织', '推动', '推进', '帮助', '帮扶', '用于', '受益', '享受', '覆盖', '惠及', '签订', '参观', '已经',
  '正在', '没有', '实行', '开始', '结束', '成为', '作为', '位于', '分布', '造成', '导致', '需要', '连续', '先后',
  '同时', '保持', '相继', '陆续', '顺利', '成功', '率先', '首次', '共同', '积极', '主动', '纷纷', '预计',
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
  '审批', '审查', '审核', '检测', '出具', '开具', '开设', '开办', '节约', '节省', '实现', '达到', '新建', '新开',
  '新设', '新培育', '预计', '计划', '接受', '完成了',
])

/** Words between the object and the number that are not part of the label. */
const TRAILING_FILLERS_LIST = [
  '共计', '累计', '总计', '合计', '达到', '共有', '分别为', '分别', '共', '达', '为', '了', '有', '是', '可', '将',
  '预计', '约为',
  ...INCREASE, ...DECREASE, '同比', '环比', '比上年同期', '较上年同期', '比去年同期', '较去年同期', '比上年',
  '较上年', '比去年', '较去年', '均',
  ...COMPARISONS.flatMap((c) => Object.keys(SINGLE_CHANGE_WORDS).map((v) => c + v)),
]
const LEADING_FILLERS_LIST = [
  '今年', '去年', '全年', '当年', '其中', '目前', '全区', '全市', '全县', '全省', '全国', '全镇', '全局', '累计',
  '共计', '总计', '合计', '共', '了', '已', '后预计', '后将', '后可', '以来', '期间', '预计', '计划', '将', '可',
]
const TRAILING_FILLERS = affixes([], TRAILING_FILLERS_LIST)
const LEADING_FILLERS = affixes(LEADING_FILLERS_LIST, [])
const RANK_SUBJECT_FILLERS = affixes(LEADING_FILLERS_LIST, ['均', '都', '也', '已', '还', '分别'])

function byFirstChar(words: string[]): Map<number, string[]> {
  const map = new Map<number, string[]>()
  for (const w of words) {
    const list = map.get(w.charCodeAt(0)) ?? []
    list.push(w)
    map.set(w.charCodeAt(0), list)
  }
  for (const list of map.values()) list.sort((a, b) => b.length - a.length)
  return map
}

/** The first index at or after `from` where one of `words` starts, with that word. */
function firstWord(text: string, words: Map<number, string[]>, from = 0): {index: number; word: string} | undefined {
  for (let i = from; i < text.length; i++) {
    const list = words.get(text.charCodeAt(i))
    if (!list) continue
    for (const w of list) if (text.startsWith(w, i)) return {index: i, word: w}
  }
  return undefined
}

/** Nouns that end in a filler character: 违法行为 must keep its 为. */
const PROTECTED_ENDINGS = ['行为', '作为', '认为', '成为', '因为', '人为', '所有', '没有', '拥有', '还有', '只有', '但是', '就是', '还是', '可是', '到达', '发达', '传达', '下达', '送达', '抵达', '表达', '许可', '认可', '不可']

interface Affixes {
  /** Keyed by the code of the word's last character, longest first. */
  trailing: Map<number, string[]>
  /** Keyed by the code of the word's first character, longest first. */
  leading: Map<number, string[]>
}

function affixes(leading: string[], trailing: string[]): Affixes {
  const byLast = new Map<number, string[]>()
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
        if (w.length === 1 && PROTECTED_ENDINGS.some((p) => b - a >= p.length && text.startsWith(p, b - p.length))) continue
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
  while (j > limit && !boundary.has(s.charCodeAt(j - 1))) j--
  return j
}

function acceptable(label: string, max: number): string | undefined {
  const t = stripQuotes(label)
  if (t.length < 2 || t.length > max) return undefined
  for (let i = 0; i < t.length; i++) if (QUOTES.has(t.charCodeAt(i))) return undefined
  return t
}

/** The noun phrase right after the unit: 4部专题警示片 → 专题警示片. */
function labelAfterUnit(s: string, pos: number, limit: number): string | undefined {
  let j = pos
  while (j < limit && j - pos <= 16 && isIdeographCode(s.charCodeAt(j))) j++
  if (j - pos > 16) return undefined // a run-on sentence, not a noun phrase
  const phrase = s.slice(pos, j)
  const stop = firstWord(phrase, STOP_AFTER)
  return acceptable(stop ? phrase.slice(0, stop.index) : phrase, MAX_LABEL)
}

/** The object between the clause's verb and the number: 检查企业693家次 → 企业. */
function labelBeforeNumber(s: string, start: number, floor: number, changed: boolean): string | undefined {
  const from = clauseStart(s, start, floor, 30)
  let text = stripEnds(s.slice(from, start), TRAILING_FILLERS)
  if (changed) text = withoutComparison(text) // 增速比上半年提高0.5个百分点 → 增速
  if (text.length === 0 || text.endsWith('等')) return undefined // 甲、乙、丙等3项: the list is the label
  const verb = firstWord(text, VERBS_BEFORE)
  if (!verb) return acceptable(stripEnds(text, LEADING_FILLERS), 10) // may still hold the subject; keep it short
  let object = text.slice(verb.index + verb.word.length)
  if (object.length === 0) return undefined // 分局出动500余人次: the verb has no object here
  // Verb chains (检视查找整改问题 → 整改问题), but not a verb that opens the noun (培训班).
  for (let v = firstWord(object, VERBS_BEFORE); v && v.index === 0 && object.length - v.word.length >= 2; v = firstWord(object, VERBS_BEFORE)) {
    object = object.slice(v.word.length)
  }
  const label = acceptable(stripEnds(object, LEADING_FILLERS), MAX_LABEL)
  if (label) return label
  // The "verb" was part of the noun: 办结率, 森林覆盖率.
  return object.length < 2 ? acceptable(stripEnds(text, LEADING_FILLERS), 10) : undefined
}

/** Drops a trailing comparison: 增速比上半年 → 增速, 信访总量同比 → 信访总量. */
function withoutComparison(text: string): string {
  const at = Math.max(text.lastIndexOf('比'), text.lastIndexOf('较'))
  if (at < 0 || text.length - at > 8) return text
  const opener = text.charCodeAt(at - 1)
  return text.slice(0, at > 0 && COMPARISON_OPENERS.has(opener) ? at - 1 : at)
}
const COMPARISON_OPENERS = codeSet('同环相')

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
  return acceptable(text, MAX_LABEL)
}

function addLabels(s: string, found: Found[]): void {
  for (let i = found.length - 1; i >= 0; i--) {
    const f = found[i]
    if (!f) continue
    const prevEnd = i > 0 ? (found[i - 1]?.end ?? 0) : 0
    const next = found[i + 1]
    let label: string | undefined
    if (f.metric.kind === 'rank') {
      label = rankLabel(s, f.rankVerbStart ?? f.start, prevEnd)
    } else if (f.metric.kind !== 'duration') {
      // Durations (3天, 24小时) follow verbs like 提前/用时, which are not what is counted.
      if (f.labelAfter) {
        // 6大类48项内部制度规定: both figures count the same thing.
        label = next && next.start === f.end ? next.metric.label : labelAfterUnit(s, f.end, next ? next.start : s.length)
      }
      label ??= labelBeforeNumber(s, f.start, prevEnd, f.metric.change !== undefined)
    }
    if (label) f.metric.label = label
  }
}

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
