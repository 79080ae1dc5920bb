/**
 * Unit tables for metric extraction: classifiers and measures with their
 * kind, scale prefixes (万, 亿, …) and a matcher that prefers the longest
 * unit (人次 over 人, 个百分点 over 个, 平方公里 over 公里).
 */
import type {MetricKind} from './model'

export type UnitKind = Exclude<MetricKind, 'rank'>

interface UnitDef {
  unit: string
  kind: UnitKind
  /** ASCII units must not run into more letters (5kg ok, 5G never). */
  ascii: boolean
  /** Codes of characters that may not follow the unit (see NOT_BEFORE). */
  notBefore?: CodeTable
  /** Words that may follow even so (3条线路, though 条线 is a line of work). */
  notBeforeExcept?: readonly string[]
}

// Order inside a list does not matter: matching always tries the longest unit first.
const COUNT = [
  // 人次, 家次…: visits or inspections, counted per person or per firm.
  '人次', '家次', '户次', '戶次', '车次', '車次', '辆次', '輛次', '架次', '艘次', '台次', '件次', '批次',
  '场次', '場次', '班次', '条次',
  '人', '家', '户', '戶', '件', '个', '個', '项', '項', '名', '次', '期', '张', '張', '部', '场', '場', '起', '批',
  '条', '條', '所', '辆', '輛', '台', '臺', '套', '份', '处', '處', '篇', '类', '類', '大类', '大類',
  '位', '座', '栋', '幢', '间', '只', '头', '株', '棵', '块', '宗', '例', '笔', '筆', '枚', '支', '组',
  '轮', '节', '本', '册', '封', '盏', '根', '艘', '架', '剂次', '剂', '羽',
]
const AMOUNT = ['元', '美元', '欧元', '港元', '日元', '英镑']
const PERCENT = ['%', '％']
const PERCENTAGE_POINTS = ['个百分点', '個百分點', '百分点', '百分點']
/** Multiples (1.5倍), tenths (三成) and per mille (2.1‰): proportions that are not percentages. */
const RATIO = ['倍', '成', '‰', '个千分点', '個千分點', '千分点', '千分點']
const MEASURE = [
  '平方公里', '平方千米', '平方米', '立方米', '公里', '千米', '公顷', '公頃',
  // 亩次: an area served once per round (托管服务面积9.8万亩次), like 人次 for people.
  '亩次', '畝次', '亩', '畝', '吨', '噸',
  '千克', '公斤', '克', '米', '厘米', '毫米', '升', '毫升', '千瓦时', '千瓦時', '千瓦', '兆瓦',
  '吨标准煤', '吨标煤', '微克/立方米', '微克每立方米', '毫克/立方米', '毫克/升', '毫克每升', '毫克/千克',
  '分贝', '吨/日', '吨/天', '立方米/日', '立方米/秒', '斤', '标箱',
  'km', 'km²', 'm²', 'm³', 'kg', 'mg/L', 'mg/l', 'mg/m³', 'mg/m3', 'μg/m³', 'µg/m³', 'μg/m3', 'ug/m3',
  'kWh', 'kW', 'MW', 'GW',
]
// 日 and 月 are deliberately absent: 25日 and 3月 are dates, not durations.
const DURATION = ['年', '个月', '個月', '天', '小时', '小時', '个小时', '個小時', '分钟', '分鐘', '秒', '个工作日', '個工作日', '工作日']

/**
 * Characters that, right after a unit, turn it into another word: 3部门 is
 * not "3 部", 十一期间 is not "十一 期", 2019年度 is not a duration.
 */
const NOT_BEFORE: Record<string, string> = {
  人: '民大才口工力事身文居社防均生类格性气',
  家: '庭长属中里乡园底',
  户: '籍口外',
  戶: '籍口外',
  个: '性别体',
  個: '性別體',
  项: '目',
  項: '目',
  名: '单称义列额誉',
  次: '日要序年',
  期: '间限末初满刊待望',
  张: '贴',
  部: '门署分长队位委',
  起: '来步草点始',
  批: '准示复评',
  条: '件例款线',
  條: '件例款線',
  剂: '量型',
  羽: '毛绒',
  斤: '两',
  所: '有在属以得谓需',
  台: '账',
  套: '餐',
  份: '额',
  处: '理置罚分长室于在',
  處: '理置罰分長室於在',
  篇: '章幅',
  类: '别型似',
  類: '別型似',
  场: '所景地',
  場: '所景地',
  位: '于置列居',
  座: '谈',
  支: '持付出撑部',
  节: '约能日点',
  本: '年月次级市区地',
  组: '织成建',
  例: '如',
  间: '隔',
  头: '部',
  只: '有要',
  元: '旦素宵',
  米: '饭',
  吨: '位',
  克: '服',
  升: '级高温',
  秒: '杀',
  年: '度底初末级代份龄轻终报检审会鉴薪前后月',
  天: '然气空地下津府',
  // 倍增, 倍数; 一成不变, 五成熟, 九成新 (a condition grade), 成像, 成片, 成果, 成功, 成立, 成效. Words such as
  // 成员, 成本, 成人 are left to the ratio: after a number, 三成员工 and 六成本地企业 are shares.
  倍: '增数率',
  成: '不熟新像片批套果功立绩效都型',
}

/** Words a NOT_BEFORE character may start after all: 新开通3条线路. */
const NOT_BEFORE_EXCEPT: Record<string, readonly string[]> = {
  条: ['线路'],
  條: ['線路'],
}

/**
 * A set of character codes as a bit table: a lookup is one load and a mask, several times cheaper than a
 * Set's hash, which matters in scans that test every character. NaN (a code past the end) reads as code 0,
 * which no table holds.
 */
export class CodeTable {
  private readonly bits = new Uint32Array(0x800)

  constructor(chars: string) {
    for (let i = 0; i < chars.length; i++) this.add(chars.charCodeAt(i))
  }

  add(code: number): void {
    if (code === 0) throw new Error('code 0 stands for NaN in a CodeTable')
    this.bits[code >>> 5] = (this.bits[code >>> 5] ?? 0) | (1 << (code & 31))
  }

  has(code: number): boolean {
    return ((this.bits[code >>> 5] ?? 0) & (1 << (code & 31))) !== 0
  }
}

export function codeTable(chars: string): CodeTable {
  return new CodeTable(chars)
}

/** A map keyed by character code whose misses, the common case in a scan, cost one table load and no hashing. */
export class CodeMap<T> {
  private readonly present = new CodeTable('')
  private readonly byCode = new Map<number, T>()

  constructor(entries: Iterable<[number, T]> = []) {
    for (const [code, value] of entries) this.set(code, value)
  }

  get(code: number): T | undefined {
    return this.present.has(code) ? this.byCode.get(code) : undefined
  }

  set(code: number, value: T): this {
    this.present.add(code)
    this.byCode.set(code, value)
    return this
  }

  values(): IterableIterator<T> {
    return this.byCode.values()
  }

  keys(): IterableIterator<number> {
    return this.byCode.keys()
  }
}

function defs(units: string[], kind: UnitKind): UnitDef[] {
  const out: UnitDef[] = []
  const def = (unit: string): UnitDef => {
    const last = unit[unit.length - 1] ?? ''
    const forbidden = NOT_BEFORE[last]
    const except = NOT_BEFORE_EXCEPT[last]
    return {
      unit,
      kind,
      ascii: /^[A-Za-z]/.test(unit),
      ...(forbidden ? {notBefore: codeTable(forbidden)} : {}),
      ...(except ? {notBeforeExcept: except} : {}),
    }
  }
  for (const unit of units) {
    out.push(def(unit))
    // Reports mix half- and full-width slashes.
    if (unit.includes('/')) out.push(def(unit.replace('/', '／')))
  }
  return out
}

/** Keyed by the first character's code, longest first, so 人次 is tried before 人. */
function indexByFirstChar<T extends {unit: string}>(items: T[]): CodeMap<T[]> {
  const map = new CodeMap<T[]>()
  for (const item of items) {
    const key = item.unit.charCodeAt(0)
    const list = map.get(key) ?? []
    list.push(item)
    map.set(key, list)
  }
  for (const list of map.values()) list.sort((a, b) => b.unit.length - a.unit.length)
  return map
}

const BASE = indexByFirstChar([
  ...defs(COUNT, 'count'),
  ...defs(AMOUNT, 'amount'),
  ...defs(MEASURE, 'measure'),
  ...defs(DURATION, 'duration'),
])
// Never scaled: 3万倍 and 2万成 are not figures a report states.
const SPECIAL = indexByFirstChar([...defs(PERCENT, 'percent'), ...defs(PERCENTAGE_POINTS, 'percentagePoints'), ...defs(RATIO, 'ratio')])

interface ScaleDef {
  unit: string
  exponent: number
  /** 千 never scales a measure: 千克, 千米, 千瓦 are units of their own. */
  notMeasure: boolean
}

const SCALE_LIST: Array<[string, number]> = [
  ['万亿', 12], ['千亿', 11], ['百亿', 10], ['十亿', 9], ['亿', 8],
  ['千万', 7], ['百万', 6], ['十万', 5], ['万', 4], ['千', 3],
]
const SCALES = indexByFirstChar(
  SCALE_LIST.flatMap(([unit, exponent]): ScaleDef[] => {
    const traditional = unit.replace('万', '萬').replace('亿', '億')
    const base = {exponent, notMeasure: unit === '千'}
    return traditional === unit ? [{unit, ...base}] : [{unit, ...base}, {unit: traditional, ...base}]
  }),
)

/** First characters of every unit and scale, and the 余/多 that may come first: matchUnit finds nothing elsewhere. */
const UNIT_START = new CodeTable('余餘多')
for (const map of [BASE, SPECIAL, SCALES]) for (const code of map.keys()) UNIT_START.add(code)

/** Whether a unit may start with this character code, so callers can skip matchUnit and the words around it. */
export function mayStartUnit(code: number): boolean {
  return UNIT_START.has(code)
}

export interface UnitMatch {
  /** As written, without an inner 余/多: 万元, 人次, %, 个百分点, 万. */
  unit: string
  kind: UnitKind
  /** Where the unit wording ends. */
  end: number
  /** 余 (餘) or 多 sat between the number and the unit (500余人次, 3万余人). */
  moreThan: boolean
  /** Present when the unit starts with a scale: 万元 → {exponent: 4, baseUnit: '元'}. */
  scale?: {exponent: number; baseUnit?: string}
}

const isAsciiLetter = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)
const isAnyDigit = (code: number): boolean => (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19)

/** CJK unified ideographs (basic + extension A); NaN (past the end) is not. */
export function isIdeographCode(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)
}

function matchFrom(map: CodeMap<UnitDef[]>, s: string, pos: number): UnitDef | undefined {
  const list = map.get(s.charCodeAt(pos))
  if (!list) return undefined
  for (const def of list) {
    if (!s.startsWith(def.unit, pos)) continue
    const after = s.charCodeAt(pos + def.unit.length)
    if (def.ascii && isAsciiLetter(after)) continue
    const end = pos + def.unit.length
    if (def.notBefore?.has(after) && !def.notBeforeExcept?.some((word) => s.startsWith(word, end))) continue
    return def
  }
  return undefined
}

const YU = '余'.charCodeAt(0)
const YU_TRADITIONAL = '餘'.charCodeAt(0)
const DUO = '多'.charCodeAt(0)
const isMoreMarker = (code: number): boolean => code === YU || code === DUO || code === YU_TRADITIONAL
const BAN = '半'.charCodeAt(0)

/**
 * The unit right after a number at `pos`, or undefined. Handles an inner
 * 余/多 (500余人次, 3万余人, 20多万元) and scale prefixes (万元, 亿美元, 万人次).
 */
export function matchUnit(s: string, pos: number): UnitMatch | undefined {
  if (!UNIT_START.has(s.charCodeAt(pos))) return undefined
  let p = pos
  let moreThan = false
  if (isMoreMarker(s.charCodeAt(p))) {
    moreThan = true
    p++
  }
  const special = matchFrom(SPECIAL, s, p)
  if (special) return {unit: special.unit, kind: special.kind, end: p + special.unit.length, moreThan}

  const scales = SCALES.get(s.charCodeAt(p))
  if (scales) {
    for (const scale of scales) {
      if (!s.startsWith(scale.unit, p)) continue
      let q = p + scale.unit.length
      let innerMore = false
      if (isMoreMarker(s.charCodeAt(q))) {
        innerMore = true
        q++
      }
      const base = matchFrom(BASE, s, q)
      if (base && !(scale.notMeasure && base.kind === 'measure')) {
        return {
          unit: scale.unit + base.unit,
          kind: base.kind,
          end: q + base.unit.length,
          moreThan: moreThan || innerMore,
          scale: {exponent: scale.exponent, baseUnit: base.unit},
        }
      }
      // A bare 3.5万 closing a phrase still states a scaled count; 3万字 does not.
      const after = s.charCodeAt(q)
      if (!isIdeographCode(after) && !isAsciiLetter(after) && !isAnyDigit(after)) {
        return {unit: scale.unit, kind: 'count', end: q, moreThan: moreThan || innerMore, scale: {exponent: scale.exponent}}
      }
    }
  }
  const base = matchFrom(BASE, s, p)
  if (!base) return undefined
  // 1100元/人·月, 15元/吨: an amount per something keeps the whole unit.
  if (base.kind === 'amount') {
    PER_UNIT.lastIndex = p + base.unit.length
    if (PER_UNIT.test(s)) return {unit: s.slice(p, PER_UNIT.lastIndex), kind: 'amount', end: PER_UNIT.lastIndex, moreThan}
  }
  // 3个多月, 1个多小时, 两个半月: the 多 or 半 sits inside the duration's 个….
  const inner = s.charCodeAt(p + base.unit.length)
  if (!moreThan && GE.has(base.unit) && (isMoreMarker(inner) || inner === BAN)) {
    const q = p + base.unit.length + 1
    for (const rest of GE_DURATIONS) {
      if (s.startsWith(rest, q)) return {unit: base.unit + rest, kind: 'duration', end: q + rest.length, moreThan: true}
    }
  }
  return {unit: base.unit, kind: base.kind, end: p + base.unit.length, moreThan}
}

const GE = new Set(['个', '個'])
/** /人·月, ／吨, /平方米: one to four characters after a slash. */
const PER_UNIT = /[/／][\u4e00-\u9fff·・]{1,4}(?![\u4e00-\u9fff])/y
/** What may follow 个多 in a duration. */
const GE_DURATIONS = ['月', '小时', '小時', '工作日']

/**
 * Whether a unit is specific enough to make a lone Chinese digit a metric:
 * 一人次, 五亿元, 三% are figures, while 一次, 一名, 四个, 两年 are words
 * (最多跑一次, 一名党员, 四个一, 连续两年).
 */
export function isStrongUnit(match: UnitMatch): boolean {
  if (match.scale) return true
  if (match.kind === 'amount' || match.kind === 'percent' || match.kind === 'percentagePoints' || match.kind === 'ratio') return true
  return match.unit.length >= 2 && match.unit.endsWith('次')
}
