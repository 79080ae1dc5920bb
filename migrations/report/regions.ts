/**
 * Administrative divisions for agency recognition: a curated gazetteer of
 * provincial and prefecture-level divisions, the county-level divisions of
 * `@vant/area-data` and `china-area-data` (to place a county the text names
 * without its city), a
 * per-report "region book" that
 * learns lower levels (districts, counties, towns) from context such as
 * 浙江省杭州市富阳区, and a backward parser for the region prefix of an
 * agency name. Pure: no I/O, no shared mutable state between reports.
 *
 * Everything here works on a "shadow" of the text: the same string with
 * common traditional characters mapped to simplified ones, one UTF-16 unit
 * for one, so offsets into the shadow are offsets into the original.
 */
import {areaList as currentAreas} from '@vant/area-data'
import areaData from 'china-area-data/v5/data.json'
import {codeTable} from './units'

/** 1 province-level, 2 prefecture-level, 3 county-level, 4 township-level. */
export type RegionRank = 1 | 2 | 3 | 4

export interface RegionInfo {
  /** Full name with its suffix, simplified: 富阳区. */
  name: string
  /** Full path from the province down, ending in `name`: 浙江省杭州市富阳区. */
  path: string
  rank: RegionRank
}

/** One admin unit inside an agency name, with offsets into the paragraph. */
export interface RegionToken extends RegionInfo {
  start: number
  end: number
  stem: string
  suffix: string
}

/**
 * Words indexed by their last two characters, so "which word ends here?"
 * costs one map lookup and a few `startsWith` checks instead of one
 * substring per possible length.
 */
export class EndIndex {
  /** Keyed by the last two UTF-16 code units as one number (`tailKey`), so a lookup allocates no substring. */
  private readonly byTail = new Map<number, string[]>()

  constructor(words: Iterable<string> = []) {
    for (const w of words) this.add(w)
  }

  add(word: string): void {
    if (word.length < 2) return
    const tail = tailKey(word, word.length)
    const list = this.byTail.get(tail)
    if (!list) this.byTail.set(tail, [word])
    else if (!list.includes(word)) {
      list.push(word)
      list.sort((a, b) => b.length - a.length)
    }
  }

  /** Words ending exactly at `end` and starting at or after `minStart`, longest first. */
  endingAt(text: string, end: number, minStart: number): string[] {
    const found: string[] = []
    if (end - minStart < 2) return found
    const list = this.byTail.get(tailKey(text, end))
    if (!list) return found
    for (const w of list) if (end - w.length >= minStart && text.startsWith(w, end - w.length)) found.push(w)
    return found
  }

  /** The longest word ending at `end`, if any. */
  longestEndingAt(text: string, end: number, minStart: number): string | undefined {
    if (end - minStart < 2) return undefined
    const list = this.byTail.get(tailKey(text, end))
    if (!list) return undefined
    for (const w of list) if (end - w.length >= minStart && text.startsWith(w, end - w.length)) return w
    return undefined
  }
}

/**
 * The last two code units folded into 30 bits, so the key stays a small
 * integer (a larger number would be hashed as a double). Folding can put two
 * tails in one list; every word is checked with `startsWith` anyway.
 */
function tailKey(text: string, end: number): number {
  return ((text.charCodeAt(end - 2) & 0x7fff) << 15) | (text.charCodeAt(end - 1) & 0x7fff)
}


// ---------------------------------------------------------------------------
// Gazetteer

/** All 34 provincial-level divisions, full name then the stem used in prose. */
export const PROVINCES: readonly (readonly [full: string, stem: string])[] = [
  ['北京市', '北京'], ['天津市', '天津'], ['上海市', '上海'], ['重庆市', '重庆'],
  ['河北省', '河北'], ['山西省', '山西'], ['辽宁省', '辽宁'], ['吉林省', '吉林'], ['黑龙江省', '黑龙江'],
  ['江苏省', '江苏'], ['浙江省', '浙江'], ['安徽省', '安徽'], ['福建省', '福建'], ['江西省', '江西'],
  ['山东省', '山东'], ['河南省', '河南'], ['湖北省', '湖北'], ['湖南省', '湖南'], ['广东省', '广东'],
  ['海南省', '海南'], ['四川省', '四川'], ['贵州省', '贵州'], ['云南省', '云南'], ['陕西省', '陕西'],
  ['甘肃省', '甘肃'], ['青海省', '青海'], ['台湾省', '台湾'],
  ['内蒙古自治区', '内蒙古'], ['广西壮族自治区', '广西'], ['西藏自治区', '西藏'],
  ['宁夏回族自治区', '宁夏'], ['新疆维吾尔自治区', '新疆'],
  ['香港特别行政区', '香港'], ['澳门特别行政区', '澳门'],
]

/**
 * Prefecture-level divisions by province. A bare stem means "<stem>市";
 * names already ending in 自治州/地区/盟 are kept as written.
 */
const PREFECTURES: Readonly<Record<string, string>> = {
  河北省: '石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水',
  山西省: '太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁',
  内蒙古自治区: '呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安盟 锡林郭勒盟 阿拉善盟',
  辽宁省: '沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛',
  吉林省: '长春 吉林 四平 辽源 通化 白山 松原 白城 延边朝鲜族自治州',
  黑龙江省: '哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭地区',
  江苏省: '南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁',
  浙江省: '杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水',
  安徽省: '合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城',
  福建省: '福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德',
  江西省: '南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶',
  山东省: '济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽',
  河南省: '郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店',
  湖北省: '武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施土家族苗族自治州',
  湖南省: '长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西土家族苗族自治州',
  广东省:
    '广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮',
  广西壮族自治区: '南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左',
  海南省: '海口 三亚 三沙 儋州',
  四川省:
    '成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 ' +
    '阿坝藏族羌族自治州 甘孜藏族自治州 凉山彝族自治州',
  贵州省: '贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南布依族苗族自治州 黔东南苗族侗族自治州 黔南布依族苗族自治州',
  云南省:
    '昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄彝族自治州 红河哈尼族彝族自治州 文山壮族苗族自治州 ' +
    '西双版纳傣族自治州 大理白族自治州 德宏傣族景颇族自治州 怒江傈僳族自治州 迪庆藏族自治州',
  西藏自治区: '拉萨 日喀则 昌都 林芝 山南 那曲 阿里地区',
  陕西省: '西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛',
  甘肃省: '兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏回族自治州 甘南藏族自治州',
  青海省: '西宁 海东 海北藏族自治州 黄南藏族自治州 海南藏族自治州 果洛藏族自治州 玉树藏族自治州 海西蒙古族藏族自治州',
  宁夏回族自治区: '银川 石嘴山 吴忠 固原 中卫',
  新疆维吾尔自治区:
    '乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉回族自治州 博尔塔拉蒙古自治州 巴音郭楞蒙古自治州 阿克苏地区 ' +
    '克孜勒苏柯尔克孜自治州 喀什地区 和田地区 伊犁哈萨克自治州 塔城地区 阿勒泰地区',
}

/**
 * Cities of Taiwan, listed so they count as city-level; they get no
 * province prefix, which keeps the region neutral.
 */
const TAIWAN_CITIES = '台北 新北 桃园 台中 台南 高雄 基隆 新竹 嘉义'

/** Static entries: full name → info. Built once at load. */
const STATIC_REGIONS = new Map<string, RegionInfo>()
/** Stem (杭州, 浙江) → full name, for branch names such as 富阳分局 or 浙江监管局. */
const STATIC_STEMS = new Map<string, string>()

for (const [full, stem] of PROVINCES) {
  STATIC_REGIONS.set(full, {name: full, path: full, rank: 1})
  STATIC_STEMS.set(stem, full)
}
for (const stem of TAIWAN_CITIES.split(' ')) {
  STATIC_REGIONS.set(`${stem}市`, {name: `${stem}市`, path: `${stem}市`, rank: 2})
}
for (const [province, list] of Object.entries(PREFECTURES)) {
  for (const item of list.split(' ')) {
    const full = /(?:自治州|地区|盟)$/.test(item) ? item : `${item}市`
    STATIC_REGIONS.set(full, {name: full, path: province + full, rank: 2})
    const stem = full.replace(/(?:市|地区|盟)$/, '')
    // Provinces win shared stems (吉林, 海南 never clash as full names).
    if (!STATIC_STEMS.has(stem)) STATIC_STEMS.set(stem, full)
  }
}

// Districts whose names hold 市, which no unknown stem may (市中区 in 济南, 枣庄, 内江, 乐山; 市北区, 市南区 in 青岛).
// Several cities have one, so the text supplies the city.
for (const name of ['市中区', '市北区', '市南区']) STATIC_REGIONS.set(name, {name, path: name, rank: 3})

const STATIC_INDEX = new EndIndex(STATIC_REGIONS.keys())

/**
 * County-level divisions → their paths from the province down: 安吉县 → [浙江省湖州市安吉县]; 鼓楼区 has four.
 * The current divisions come from `@vant/area-data` (临平区 and 钱塘区 of 2021, 库车市 of 2019); names since
 * abolished (江干区, 下城区) come from the 2019 national statistics codes in `china-area-data`, since older
 * reports still name them. A name both know takes its current place only. Hong Kong, Macau and Taiwan are
 * left out, as in the curated list above; so are development zones, which are not divisions.
 */
const COUNTY_PATHS = new Map<string, string[]>()
/** The names in COUNTY_PATHS that only the 2019 codes know. */
const ABOLISHED_COUNTIES = new Set<string>()
/** City-level entries that only group counties: their counties sit directly under the province. */
const GROUPING_ENTRIES = new Set(['市辖区', '县', '省直辖县', '省直辖县级行政区划', '自治区直辖县级行政区划'])
const LEFT_OUT_PROVINCES = new Set(['710000', '810000', '820000'])
const COUNTY_NAME = /^[\u4e00-\u9fff]+(?:区|县|市|旗|林区|特区)$/
// 园区 only after 工业/产业…: 下花园区, 绿园区 and 梁园区 are districts.
const ZONE_NAME = /开发区|(?:工业|产业|化工|创意)园区|管理区|试验区|实验区|示范区|合作区|保税区|名胜区|聚集区/

/** Adds the county-level division `county` under `above` (province, and city unless it only groups counties). */
function addCounty(paths: Map<string, string[]>, province: string, city: string | undefined, county: string): void {
  if (!COUNTY_NAME.test(county) || ZONE_NAME.test(county) || GROUPING_ENTRIES.has(county)) return
  // A municipality lists itself as its own city (北京市 under 北京市).
  const above = province + (city === undefined || city === province || GROUPING_ENTRIES.has(city) ? '' : city)
  const list = paths.get(county)
  if (list === undefined) paths.set(county, [above + county])
  else if (!list.includes(above + county)) list.push(above + county)
}
{
  // Current divisions, keyed by six-digit code: province PP0000, city PPCC00, county PPCCXX.
  const {province_list: provinces, city_list: cities, county_list: counties} = currentAreas
  for (const [code, county] of Object.entries(counties)) {
    const province = provinces[`${code.slice(0, 2)}0000`]
    if (province === undefined || LEFT_OUT_PROVINCES.has(`${code.slice(0, 2)}0000`)) continue
    addCounty(COUNTY_PATHS, province, cities[`${code.slice(0, 4)}00`], county)
  }
  const abolished = new Map<string, string[]>()
  const divisions = areaData as Readonly<Record<string, Readonly<Record<string, string>>>>
  for (const [provinceCode, province] of Object.entries(divisions['86'] ?? {})) {
    if (LEFT_OUT_PROVINCES.has(provinceCode)) continue
    for (const [cityCode, city] of Object.entries(divisions[provinceCode] ?? {})) {
      for (const [code, county] of Object.entries(divisions[cityCode] ?? {})) {
        // Longer codes are towns, listed for the cities that have no counties (东莞, 中山).
        if (code.length === 6 && !COUNTY_PATHS.has(county)) addCounty(abolished, province, city, county)
      }
    }
  }
  for (const [county, paths] of abolished) {
    COUNTY_PATHS.set(county, paths)
    ABOLISHED_COUNTIES.add(county)
  }
}
/** County names by their ending, so a chain read backwards finds 张家港市 whole instead of a two-character stem. */
const COUNTY_INDEX = new EndIndex(COUNTY_PATHS.keys())
const PROVINCE_NAMES = PROVINCES.map(([full]) => full)
/** Longest county name in the table, so a path is searched only that far. */
const MAX_COUNTY_NAME = Math.max(...[...COUNTY_PATHS.keys()].map((name) => name.length))

/**
 * A region path that starts at a county-level division (安吉县…, or 安徽省和县 that skips the city),
 * completed from the gazetteer: 浙江省湖州市安吉县…. A name shared by several divisions (鼓楼区) is
 * completed only when the path's own province singles one out: a city named elsewhere in the report may be
 * where a delegation went, not where the agency is, and an agency document is shared by every report that
 * names it. Anything else comes back as it was.
 */
export function completeRegionPath(path: string): string {
  const province = PROVINCE_NAMES.find((name) => path.startsWith(name)) ?? ''
  const rest = path.slice(province.length)
  for (let k = Math.min(rest.length, MAX_COUNTY_NAME); k >= 2; k--) {
    const name = rest.slice(0, k)
    // A path that already goes through its city was completed from the text.
    if (STATIC_REGIONS.get(name)?.rank === 2) return path
    const paths = COUNTY_PATHS.get(name)
    if (paths === undefined) continue
    const fits = paths.filter((p) => p.startsWith(province))
    return fits.length === 1 ? fits[0] + rest.slice(k) : path
  }
  return path
}

/** Longest prefecture-level name (an autonomous prefecture's). */
const MAX_CITY_NAME = 11

/**
 * The county-level division a region path goes through, with what names it from above: its city, the
 * municipality for a municipality's district, or nothing for a division directly under its province.
 * 浙江省杭州市富阳区富春街道 → {above: 杭州市, county: 富阳区}; 北京市西城区 → {above: 北京市, county: 西城区};
 * 湖北省仙桃市 → {above: '', county: 仙桃市}. Only a path the county list holds counts.
 */
export function countyOf(path: string): {above: string; county: string} | undefined {
  const province = PROVINCE_NAMES.find((name) => path.startsWith(name))
  if (province === undefined) return undefined
  for (let at = province.length; at <= Math.min(path.length - 2, province.length + MAX_CITY_NAME); at++) {
    for (let k = Math.min(path.length - at, MAX_COUNTY_NAME); k >= 2; k--) {
      const county = path.slice(at, at + k)
      if (!COUNTY_PATHS.get(county)?.includes(path.slice(0, at + k))) continue
      const above = at > province.length ? path.slice(province.length, at) : province.endsWith('市') ? province : ''
      return {above, county}
    }
  }
  return undefined
}

/** Longest division name worth trying when a path is split: the county list's longest, or an autonomous prefecture. */
const MAX_UNIT_NAME = Math.max(MAX_COUNTY_NAME, MAX_CITY_NAME)

/**
 * The divisions of a region path, top down, each with the path down to it: 浙江省杭州市富阳区 → 浙江省, 浙江省杭州市,
 * 浙江省杭州市富阳区. Known names come first (the gazetteer, the county list, what the report taught), else the
 * shortest name a unit suffix ends; reading stops at anything else.
 */
export function regionUnits(path: string, book: RegionBook): RegionInfo[] {
  const units: RegionInfo[] = []
  let above: RegionRank | undefined
  for (let p = 0; p < path.length; ) {
    const unit = knownUnitAt(path, p, above, book) ?? suffixedUnitAt(path, p, above, book)
    if (!unit) break
    p += unit.name.length
    units.push({name: unit.name, path: path.slice(0, p), rank: unit.rank})
    above = unit.rank
  }
  return units
}

type NamedUnit = Pick<RegionInfo, 'name' | 'rank'>

function knownUnitAt(path: string, p: number, above: RegionRank | undefined, book: RegionBook): NamedUnit | undefined {
  for (let k = Math.min(path.length - p, MAX_UNIT_NAME); k >= 2; k--) {
    const name = path.slice(p, p + k)
    const rank = book.get(name)?.rank ?? (COUNTY_PATHS.has(name) ? 3 : undefined)
    if (rank !== undefined && (above === undefined || rank > above)) return {name, rank}
  }
  return undefined
}

function suffixedUnitAt(path: string, p: number, above: RegionRank | undefined, book: RegionBook): NamedUnit | undefined {
  for (let end = p + 2; end <= Math.min(path.length, p + MAX_UNIT_NAME); end++) {
    const rule = suffixEndingAt(path, end)
    if (!rule || end - rule.suffix.length <= p) continue
    const name = path.slice(p, end)
    const rank = rankFor(rule, name, above, book)
    if (above === undefined || rank > above) return {name, rank}
  }
  return undefined
}

/** The longest division name ending at `end` that the report taught, or the gazetteer or county list knows. */
export function divisionEndingAt(text: string, end: number, book: RegionBook): NamedUnit | undefined {
  const known = book.knownEndingAt(text, end, 0)
  const county = COUNTY_INDEX.longestEndingAt(text, end, 0)
  if (county !== undefined && (known === undefined || county.length > known.name.length)) return {name: county, rank: 3}
  return known
}

/** Suffixes a branch's place stem may drop: 朝阳分局 for 朝阳区, 浦东分局 for 浦东新区. */
const BRANCH_PLACE_SUFFIXES = ['区', '县', '市', '旗', '新区']

/**
 * The one county-level division inside `within` (a region path) that a branch's place stem names: 朝阳 under
 * 北京市 is 北京市朝阳区, never 辽宁省朝阳市. A stem that names none, or several (鼓楼 under 江苏省), gives nothing.
 */
export function countyWithin(stem: string, within: string): RegionInfo | undefined {
  const top = completeRegionPath(within)
  // A division renamed since (偃师市, now 偃师区) counts only when no current one fits.
  return onlyCountyWithin(stem, top, false) ?? onlyCountyWithin(stem, top, true)
}

function onlyCountyWithin(stem: string, top: string, abolished: boolean): RegionInfo | undefined {
  let found: RegionInfo | undefined
  for (const suffix of ['', ...BRANCH_PLACE_SUFFIXES]) {
    const name = stem + suffix
    if (ABOLISHED_COUNTIES.has(name) !== abolished) continue
    for (const path of COUNTY_PATHS.get(name) ?? []) {
      if (!path.startsWith(top) || path === top) continue
      if (found && found.path !== path) return undefined
      found = {name, path, rank: 3}
    }
  }
  return found
}

// ---------------------------------------------------------------------------
// Suffixes and stem rules

interface SuffixRule {
  suffix: string
  /** Rank, or 0 for 市 whose rank depends on what sits above it. */
  rank: RegionRank | 0
  /** Only accept known names: 省 or 盟 after an arbitrary stem is never a real unit. */
  knownOnly: boolean
  /** Stem lengths to try, in order of preference. */
  lengths: readonly number[]
}

const AUTONOMOUS_LENGTHS = [4, 5, 3, 6, 2, 7, 8]
/** Longest first so 自治区 beats 区 and 新区 beats 区. */
const SUFFIX_RULES: readonly SuffixRule[] = [
  {suffix: '特别行政区', rank: 1, knownOnly: true, lengths: [2]},
  {suffix: '自治区', rank: 1, knownOnly: true, lengths: [2]},
  {suffix: '自治州', rank: 2, knownOnly: false, lengths: AUTONOMOUS_LENGTHS},
  {suffix: '自治县', rank: 3, knownOnly: false, lengths: AUTONOMOUS_LENGTHS},
  {suffix: '自治旗', rank: 3, knownOnly: false, lengths: AUTONOMOUS_LENGTHS},
  {suffix: '地区', rank: 2, knownOnly: true, lengths: [2]},
  {suffix: '新区', rank: 3, knownOnly: false, lengths: [2, 3]},
  {suffix: '街道', rank: 4, knownOnly: false, lengths: [2, 3]},
  {suffix: '省', rank: 1, knownOnly: true, lengths: [2]},
  {suffix: '盟', rank: 2, knownOnly: true, lengths: [2]},
  {suffix: '市', rank: 0, knownOnly: false, lengths: [2, 3, 4]},
  {suffix: '区', rank: 3, knownOnly: false, lengths: [2, 3]},
  {suffix: '县', rank: 3, knownOnly: false, lengths: [2, 3, 1]},
  // Banners run to four characters: 伊金霍洛旗, 鄂托克前旗.
  {suffix: '旗', rank: 3, knownOnly: false, lengths: [2, 3, 4]},
  // Towns in Inner Mongolia and Xinjiang run to four characters: 阿拉善左旗巴彦浩特镇.
  {suffix: '镇', rank: 4, knownOnly: false, lengths: [2, 3, 4]},
  {suffix: '乡', rank: 4, knownOnly: false, lengths: [2, 3, 4]},
]
/** Last characters of every suffix, for callers that look for them while reading a text for something else. */
export const UNIT_SUFFIX_ENDS: readonly string[] = [...new Set(SUFFIX_RULES.map((r) => r.suffix.slice(-1)))]
/** The same as a table: a cheap filter before trying rules (learnRegions tests every character). */
const IS_SUFFIX_END = codeTable(UNIT_SUFFIX_ENDS.join(''))

/** The rules by their suffix's last code unit, longest first as above: 市 needs one test, not eleven. */
const RULES_BY_LAST = new Map<number, SuffixRule[]>()
for (const rule of SUFFIX_RULES) {
  const last = rule.suffix.charCodeAt(rule.suffix.length - 1)
  const list = RULES_BY_LAST.get(last)
  if (list) list.push(rule)
  else RULES_BY_LAST.set(last, [rule])
}

/** First characters of the suffixes an unknown stem may take, so learnForward tries rules only where one may start. */
const IS_OPEN_SUFFIX_START = codeTable(SUFFIX_RULES.filter((r) => !r.knownOnly).map((r) => r.suffix.charAt(0)).join(''))

/**
 * Function words that never start a place name; a default stem beginning
 * with one is cut after it (与杭州市 → 杭州市, 在和县 → 和县). Characters that
 * do start real names (全州, 会同, 都匀, 从化, 即墨) are deliberately absent.
 */
const STOP_CODES = codeTable('与在对由向据被把是的了等并至到赴往为各本该其我以及让使给也还又而但要就这此每们议近今去后')

export function isStopChar(code: number): boolean {
  return STOP_CODES.has(code)
}
/** A quantifier right before a unit suffix makes a phrase, not a name (部署全市, 督促各区, 我县). */
const QUANTIFIERS = new Set([...'全各本该我每两此诸'])
/**
 * Prepositions and verbs that end (almost) no place name, so before a suffix they open a phrase: 记者从|市交通
 * 运输局获悉, 来到|区行政服务中心, 走进|区政务服务中心, 通过|市人社局, 受|县政府委托, 经|县政府同意, 他说|县公安局.
 * So do the last characters of agency names: 区纪委|区监委 is two bodies, not a place called 纪委区.
 * Names in the national list (前进区, 荥经县) still read.
 */
const NEVER_LAST_CHARS = '从在到向对由据与及赴去往把被给将于跟进入过了受随听经获报请说以按依凭沿局部委院厅办署'
const NEVER_LAST = new Set([...NEVER_LAST_CHARS])
/** Characters that never occur inside a stem: other unit suffixes and punctuation are handled by the CJK test. */
const STEM_FORBIDDEN = codeTable('省市区县')
/** One-character stems that are quantifiers or generic words (全县, 各县, 两县…). */
const BAD_SINGLE_STEMS = new Set([...'全各本该我此每两三四五六七八九十百千多数诸邻外他个一二州郡城乡'])
/** One-character stems that are also conjunctions: 和县 is a county, and 和 is "and". */
const CONJUNCTION_STEMS = codeTable('和与及同跟或暨')
/** Last characters of agency names (…局, …委, …院): a conjunction after one joins two names. */
const ENDS_AGENCY_NAME = codeTable('局部委院府厅办队所站署会室处行')

/** 和县 right after an agency's name is "and the county" (…公安局和县公安局); after 在 or 省 it is 和县. */
function conjoinsNames(text: string, stemStart: number, stemEnd: number): boolean {
  return stemEnd - stemStart === 1 && CONJUNCTION_STEMS.has(text.charCodeAt(stemStart)) && ENDS_AGENCY_NAME.has(text.charCodeAt(stemStart - 1))
}
/** Whole tokens that look like units but are ordinary words. */
const GENERIC_TOKENS = new Set(
  (
    '保护区 示范区 试验区 实验区 先行区 自贸区 核心区 功能区 生态区 风景区 旅游区 商业区 工业区 居住区 住宅区 ' +
    '集聚区 产业区 合作区 主城区 老城区 中心区 经济区 行政区 城镇 乡镇 村镇 集镇 重镇 古镇 小镇 强镇 名镇 ' +
    '城乡 下乡 家乡 故乡 老乡 返乡 回乡 红旗 国旗 锦旗 彩旗 党旗 团旗 队旗 升旗 军旗 超市 都市 夜市 股市 楼市 ' +
    '上市 城市 社区 园区 景区 辖区 片区 小区 郊区 山区 矿区 灾区 湾区 街区 学区 校区 厂区 营区 病区 考区 分区 ' +
    '专区 老区 本区 该区 我区 农村街道 城市街道 社区街道'
  ).split(' '),
)
/**
 * Last stem characters that make 社区, 园区, 小区… of a 区: such a district must be in the national list
 * (下花园区, 上街区). 街道社区建设办公室 names no district called 道社区.
 */
const GENERIC_DISTRICT_TAIL = codeTable('社园景辖片小灾学校厂病考分专老街')
/** Common words before a unit's agency that are never a stem: 督促驻在部门|市…局, （以下简称|市纪委）. */
const NOT_STEMS = new Set('简称 下称 以下 部门 单位 机关'.split(' '))

export function isCjk(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff)
}

function isStemChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i) // NaN past either end, which is not CJK
  return isCjk(code) && !STEM_FORBIDDEN.has(code)
}

// ---------------------------------------------------------------------------
// Region book

/**
 * Known divisions for one report: the static gazetteer plus what the text
 * teaches (浙江省杭州市富阳区 teaches 富阳区 → 浙江省杭州市富阳区).
 */
export class RegionBook {
  private readonly learned = new Map<string, RegionInfo>()
  private readonly learnedStems = new Map<string, string>()
  private readonly learnedIndex = new EndIndex()

  get(name: string): RegionInfo | undefined {
    return this.learned.get(name) ?? STATIC_REGIONS.get(name)
  }

  /** 富阳 → 富阳区 when the text taught it; 杭州 → 杭州市 from the gazetteer. */
  byStem(stem: string): RegionInfo | undefined {
    const full = this.learnedStems.get(stem) ?? STATIC_STEMS.get(stem)
    return full === undefined ? undefined : this.get(full)
  }

  learn(info: RegionInfo, stem: string): void {
    if (this.get(info.name)?.path === info.path) return
    // First context wins: a report rarely names two places the same way.
    if (!this.learned.has(info.name) && !STATIC_REGIONS.has(info.name)) {
      this.learned.set(info.name, info)
      this.learnedIndex.add(info.name)
    } else {
      const current = this.get(info.name)
      // A longer path for the same unit (富阳区 → 浙江省杭州市富阳区) is better information.
      if (current && info.path.endsWith(current.path) && info.path.length > current.path.length) {
        this.learned.set(info.name, info)
      }
    }
    if (!this.learnedStems.has(stem) && stem.length >= 2) this.learnedStems.set(stem, info.name)
  }

  /** Longest known name ending exactly at `end` and starting at or after `minStart`. */
  knownEndingAt(text: string, end: number, minStart: number): RegionInfo | undefined {
    if (!IS_SUFFIX_END.has(text.charCodeAt(end - 1))) return undefined
    const a = this.learnedIndex.longestEndingAt(text, end, minStart)
    const b = STATIC_INDEX.longestEndingAt(text, end, minStart)
    const name = a !== undefined && (b === undefined || a.length >= b.length) ? a : b
    return name === undefined ? undefined : this.get(name)
  }

  /** Path of a chain of tokens, extended upwards with what is known about its top. */
  pathOf(tokens: readonly RegionToken[]): string {
    const first = tokens[0]
    if (!first) return ''
    const top = this.get(first.name)
    let path = top ? top.path : first.name
    for (let i = 1; i < tokens.length; i++) {
      const t = tokens[i]
      if (t) path += t.name
    }
    const last = tokens[tokens.length - 1]
    // A lone lower token may know a longer path of its own (富阳区 → …杭州市富阳区).
    const own = last ? this.get(last.name) : undefined
    if (own && own.path.length > path.length && own.path.endsWith(path)) path = own.path
    return path
  }
}

function suffixEndingAt(text: string, end: number): SuffixRule | undefined {
  if (!IS_SUFFIX_END.has(text.charCodeAt(end - 1))) return undefined
  for (const rule of RULES_BY_LAST.get(text.charCodeAt(end - 1)) ?? []) {
    if (text.startsWith(rule.suffix, end - rule.suffix.length)) return rule
  }
  return undefined
}

function rankFor(rule: SuffixRule, name: string, above: RegionRank | undefined, book: RegionBook): RegionRank {
  const known = book.get(name)
  if (known) return known.rank
  if (rule.rank !== 0) return rule.rank
  // The gazetteer lists every prefecture-level city, so any other 市 is
  // county-level (嵊州市, 建德市); 某市 is a placeholder for a city.
  return name === '某市' && (above === undefined || above < 2) ? 2 : 3
}

function validStem(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isStemChar(text, i)) return false
  return end > start
}

/** Whether a token of some rule could end at `end` (used to decide where a chain continues). */
function tokenCouldEndAt(text: string, end: number, book: RegionBook): boolean {
  const rule = suffixEndingAt(text, end)
  if (!rule) return false
  if (rule.knownOnly) return book.knownEndingAt(text, end, 0) !== undefined
  return isStemChar(text, end - rule.suffix.length - 1)
}

/**
 * Verbs that stand before a unit's agency in prose: 县法院联合县公安局 is the
 * county court working with the county police, not a county called 联合;
 * 图为区统计局工作人员… is a caption, not a district called 图为. Only where
 * the stem follows other words: 会同县 is a real county, and 会同县人民政府 or
 * 怀化市会同县 still read. The gazetteer's own names (新建区) are found first.
 */
const VERB_STEMS = new Set(
  (
    '联合 会同 配合 协同 协助 督促 移送 移交 邀请 牵头 协调 组织 指导 要求 召开 会商 对接 联系 通报 抄送 报送 ' +
    '提请 商请 委托 指派 责成 推动 带领 率领 陪同 走访 约谈 随同 连同 以及 或者 还有 出席 列席 参加 参与 慰问 看望'
  ).split(' '),
)

/**
 * Characters after which a bare level word opens a reference to a body of the report's own place: 由|县公安局,
 * 经|县政府同意, 和|区财政局. Quantifiers (全县, 本县, 各区) are absent: those are phrases or every county at once.
 */
const BEFORE_REFERENCE = codeTable(`${NEVER_LAST_CHARS}和同并或暨为是的至`)
/** A list mark or conjunction after another level word makes a list of levels: 市、县公安局, 市和县两级. */
const LEVEL_LIST = codeTable('省市县区乡镇旗')
const LIST_MARKS = codeTable('、和与及或暨/')

/** Whether a bare 县/区/市 at `at` starts a reference rather than ends a name or a list (该县, 城区, 市、县). */
export function opensReference(text: string, at: number): boolean {
  const code = text.charCodeAt(at - 1) // NaN at the start: not CJK, a reference
  if (LIST_MARKS.has(code) && LEVEL_LIST.has(text.charCodeAt(at - 2))) return false
  if (!isCjk(code)) return true
  return BEFORE_REFERENCE.has(code) || (at >= 2 && VERB_STEMS.has(text.slice(at - 2, at)))
}

/** `inProse`: the stem follows other words, not a unit or the start of a phrase (…法院联合县… vs 会同县人民政府). */
/** 图为 opens photo captions wherever it stands. */
const CAPTION_STEM = '图为'

function acceptToken(rule: SuffixRule, stem: string, name: string, inProse = false): boolean {
  if ((inProse && VERB_STEMS.has(stem)) || stem === CAPTION_STEM || NOT_STEMS.has(stem)) return false
  if (stem.length === 1) {
    // Only counties have one-character names (沙县, 和县); 某 is the usual placeholder.
    if (stem === '某') return true
    if (rule.suffix !== '县' || BAD_SINGLE_STEMS.has(stem)) return false
  }
  const last = stem[stem.length - 1] ?? ''
  if (isStopChar(stem.charCodeAt(0)) || QUANTIFIERS.has(last) || (NEVER_LAST.has(last) && !COUNTY_PATHS.has(name))) return false
  if (rule.suffix === '区' && GENERIC_DISTRICT_TAIL.has(stem.charCodeAt(stem.length - 1)) && !COUNTY_PATHS.has(name)) {
    return false
  }
  return !GENERIC_TOKENS.has(name)
}

/**
 * Parse the admin prefix chain that ends exactly at `end` (the start of an
 * agency body), reading backwards: 浙江省杭州市富阳区|生态环境局. Tokens are
 * returned top-down. Never starts before `minStart`.
 */
export function parseChainBackward(text: string, end: number, minStart: number, book: RegionBook): RegionToken[] {
  // Most positions the scanner asks about follow no unit suffix: no chain, and nothing to set up.
  if (end <= minStart || !IS_SUFFIX_END.has(text.charCodeAt(end - 1))) return []
  const reversed: {start: number; end: number; stem: string; rule: SuffixRule}[] = []
  let q = end
  while (q > minStart) {
    const rule = suffixEndingAt(text, q)
    if (!rule) break
    const stemEnd = q - rule.suffix.length
    const known = book.knownEndingAt(text, q, minStart)
    let stemStart = -1
    if (known && known.name.length > rule.suffix.length && !conjoinsNames(text, q - known.name.length, stemEnd)) {
      stemStart = q - known.name.length
    } else if (rule.knownOnly) {
      break
    } else {
      // Continuation: a stem whose left neighbour ends another unit (杭州市|富阳|区).
      const candidates: number[] = []
      for (const len of rule.lengths) {
        const s = stemEnd - len
        if (s <= minStart) continue
        if (validStem(text, s, stemEnd) && tokenCouldEndAt(text, s, book)) {
          candidates.push(s)
          break
        }
      }
      // A county of the national list is read whole, unless a continuation is longer (…市|张家港|市, 张家港|市).
      const county = countyStartAt(text, q, minStart, rule)
      if (county >= 0 && (candidates.length === 0 || county < (candidates[0] ?? 0))) candidates.unshift(county)
      candidates.push(firstStemStart(text, stemEnd, minStart, rule))
      for (const s of candidates) {
        const inProse = s > 0 && continuesProse(text.charCodeAt(s - 1)) && !tokenCouldEndAt(text, s, book)
        if (s >= 0 && acceptToken(rule, text.slice(s, stemEnd), text.slice(s, q), inProse) && !conjoinsNames(text, s, stemEnd)) {
          stemStart = s
          break
        }
      }
    }
    if (stemStart < 0) break
    const stem = text.slice(stemStart, stemEnd)
    reversed.push({start: stemStart, end: q, stem, rule})
    if (known?.rank === 1 || rule.rank === 1) break
    q = stemStart
  }
  const tokens: RegionToken[] = []
  let above: RegionRank | undefined
  for (let i = reversed.length - 1; i >= 0; i--) {
    const r = reversed[i]
    if (!r) continue
    const name = text.slice(r.start, r.end)
    const rank = rankFor(r.rule, name, above, book)
    tokens.push({start: r.start, end: r.end, stem: r.stem, suffix: r.rule.suffix, name, rank, path: ''})
    above = rank
  }
  const pathParts: RegionToken[] = []
  for (const t of tokens) {
    pathParts.push(t)
    t.path = book.pathOf(pathParts)
  }
  return tokens
}

/** Start of the longest county name of the national list ending at `end` with a stem of 2+ characters, or -1. */
function countyStartAt(text: string, end: number, minStart: number, rule: SuffixRule): number {
  const name = COUNTY_INDEX.longestEndingAt(text, end, minStart)
  if (name === undefined || name.length - rule.suffix.length < 2) return -1
  const start = end - name.length
  return validStem(text, start, end - rule.suffix.length) ? start : -1
}

/** Closing brackets and quotes end words too: （以下简称区卫健局）联合|区教育局 is prose. */
const CLOSERS = codeTable('）)”’」』》')

function continuesProse(code: number): boolean {
  return isCjk(code) || CLOSERS.has(code)
}

/** Stem of the first (leftmost) unit, whose left edge nothing marks: default to two characters. */
function firstStemStart(text: string, stemEnd: number, minStart: number, rule: SuffixRule): number {
  let runStart = stemEnd
  const maxRun = rule.lengths[0] === 4 ? 8 : 4
  while (runStart > minStart && stemEnd - runStart < maxRun && isStemChar(text, runStart - 1)) runStart--
  const run = stemEnd - runStart
  if (run === 0) return -1
  if (text[stemEnd - 1] === '某') return stemEnd - 1
  if (rule.lengths[0] === 4) {
    // Autonomous units (景宁畲族自治县): the whole run, minus leading function words.
    let s = runStart
    while (s < stemEnd - 2 && isStopChar(text.charCodeAt(s))) s++
    return s
  }
  if (run === 1) return stemEnd - 1
  return isStopChar(text.charCodeAt(stemEnd - 2)) ? stemEnd - 1 : stemEnd - 2
}

/** Stem lengths a forward parse tries for an unknown unit, in order of preference. */
const FORWARD_STEM_LENGTHS = [2, 3, 1, 4]

/**
 * Forward parse from a known unit, learning what follows it:
 * 浙江省|杭州市|富阳区 teaches 富阳区 under 浙江省杭州市.
 */
function learnForward(text: string, from: number, start: RegionInfo, book: RegionBook): void {
  let p = from
  let parent = start
  for (;;) {
    let next: {info: RegionInfo; stem: string; end: number} | undefined
    // Known names first (杭州市 after 浙江省), then unknown stems of the usual lengths.
    const maxEnd = Math.min(text.length, p + 12)
    for (let e = maxEnd; e >= p + 2; e--) {
      if (!IS_SUFFIX_END.has(text.charCodeAt(e - 1))) continue
      const info = book.knownEndingAt(text, e, p)
      if (info && e - info.name.length === p && info.rank > parent.rank) {
        next = {info: {...info, path: parent.path + info.name}, stem: '', end: e}
        break
      }
    }
    if (!next) {
      outer: for (const len of FORWARD_STEM_LENGTHS) {
        const stemEnd = p + len
        if (!validStem(text, p, stemEnd)) break
        // Most stems are followed by no suffix at all: one table read instead of a test per rule.
        if (!IS_OPEN_SUFFIX_START.has(text.charCodeAt(stemEnd))) continue
        for (const rule of SUFFIX_RULES) {
          if (rule.knownOnly || !text.startsWith(rule.suffix, stemEnd)) continue
          if (!rule.lengths.includes(len)) continue
          const stem = text.slice(p, stemEnd)
          const name = stem + rule.suffix
          if (!acceptToken(rule, stem, name)) continue
          const rank = rankFor(rule, name, parent.rank, book)
          if (rank <= parent.rank) continue
          next = {info: {name, path: parent.path + name, rank}, stem, end: stemEnd + rule.suffix.length}
          break outer
        }
      }
    }
    if (!next) return
    book.learn(next.info, next.stem || next.info.name.replace(/(?:市|区|县|旗|镇|乡|街道)$/, ''))
    parent = next.info
    p = next.end
  }
}

/** Learn every chain that starts at a known unit in `text` (a shadow string). */
export function learnRegions(text: string, book: RegionBook): void {
  const ends: number[] = []
  for (let i = 0; i < text.length; i++) if (IS_SUFFIX_END.has(text.charCodeAt(i))) ends.push(i + 1)
  learnRegionsEndingAt(text, ends, book)
}

/**
 * `learnRegions` for a caller that already found where `text` has a unit suffix's last character (the ends
 * just after each, ascending): reading every character of a paragraph costs more than the rest of learning.
 */
export function learnRegionsEndingAt(text: string, ends: readonly number[], book: RegionBook): void {
  // Reports repeat the same names; one forward parse per distinct continuation is enough.
  let seen: Set<string> | undefined
  for (const end of ends) {
    const known = book.knownEndingAt(text, end, 0)
    if (!known) continue
    const key = known.name + text.slice(end, end + 12)
    seen ??= new Set()
    if (seen.has(key)) continue
    seen.add(key)
    learnForward(text, end, book.get(known.name) ?? known, book)
  }
}
