/**
 * Recognise government agencies in report paragraphs and derive their
 * hierarchy, region, level and sector.
 *
 * How it works, in one pass per paragraph:
 * 1. Anchor on agency suffixes (局, 厅, 委员会, 人民政府, 分局, 支队…), found in
 *    the same read of the characters that notes where region suffixes end.
 * 2. From each anchor read backwards: a known sector body (生态环境, 市场监督
 *    管理…), then an admin region chain (浙江省杭州市富阳区), or a curated
 *    national name (生态环境部, 国务院). A name without either is not a name,
 *    which is what keeps 全局, 分局领导班子 and 派驻纪检组 out.
 * 3. Extend forwards with sub-units that follow without a gap: branches named
 *    after a place (富阳分局), functional units (交通警察支队, 办公室), bureaus
 *    of a 政府, and regional offices of a national system (国家税务总局|杭州市税务局).
 * 4. Short forms come only from the text: (以下简称富阳分局) definitions, and the
 *    place-branch tail of a full name (…富阳分局).
 * 5. A level word alone (县公安局, 区财政局, 市生态环境局) names a body of the
 *    primary agency's own county, district or city, when the text names no
 *    other place of that level: 县公安局 in a 桐庐县 report is 桐庐县公安局.
 * All matching runs on a same-length simplified shadow of the text, so
 * traditional names work and offsets stay valid.
 */
import {slugify} from './slug'
import {
  EndIndex,
  isCjk,
  learnRegionsEndingAt,
  parseChainBackward,
  PROVINCES,
  RegionBook,
  completeRegionPath,
  countyOf,
  countyWithin,
  divisionEndingAt,
  isStopChar,
  opensReference,
  regionUnits,
  type RegionInfo,
  type RegionRank,
  type RegionToken,
  UNIT_SUFFIX_ENDS,
} from './regions'
import {simplifiedShadow} from './simplified'

export type AgencyLevel = 'national' | 'provincial' | 'municipal' | 'district-county' | 'township' | 'other'

export interface RecognizedAgency {
  /** Full official name as written, e.g. 杭州市生态环境局富阳分局. */
  name: string
  /** Short form the text defines, e.g. 富阳分局 from (以下简称富阳分局). */
  shortName?: string
  /**
   * Other spellings: those this report uses, and the spelling its full name replaced (桐庐县法院 for 桐庐县人民法院,
   * also when the report wrote only the level word 县法院, which itself is never an alias).
   */
  aliases: string[]
  /** The agency this one belongs to, derived from the name. */
  parentName?: string
  level: AgencyLevel
  /** Admin path from the province down, in simplified characters, e.g. 浙江省杭州市富阳区. */
  region?: string
  /** Field of work, e.g. 生态环境, 市场监管, 税务. */
  sector?: string
}

/** UTF-16 offsets into one paragraph; `agencyName` is the canonical `RecognizedAgency.name`. */
export interface AgencyMention {
  start: number
  end: number
  agencyName: string
}

export interface AgencyContext {
  title?: string
  /** The site's 来源 line (成都市武侯区财政局); counts only when it is one whole agency name. */
  publisher?: string
  /** `simplifiedShadow` of each paragraph, when the caller has them already (the importer shares them with metrics). */
  shadows?: readonly string[]
}

export interface AgencyRecognition {
  /**
   * Primary subject first, then by first appearance; parents are entries of their own. The primary subject is
   * the agency the title names (the most mentioned of several), else the publisher, else the most mentioned.
   * The publisher comes right after the agencies the title names: the site that wrote the report is its
   * likeliest subject when the title names none, but a title that names one says who the report is about.
   * Agencies named only by a level word (县公安局) come last: they are read from the primary, never pick it.
   */
  agencies: RecognizedAgency[]
  /** Per paragraph, sorted and non-overlapping. */
  mentions: AgencyMention[][]
  /**
   * Name (as in `agencies`) of the agency the context's publisher names, if it names one. It may have no
   * mention in the paragraphs and still belongs to the article.
   */
  publisher?: string
}

// ---------------------------------------------------------------------------
// Slugs

/**
 * Agencies recur across a batch (a site's reports name the same bureau), and
 * spelling a name in pinyin costs more than the rest of its record. Bounded
 * (a few thousand names take well under a megabyte) and keyed by copies: a
 * name sliced from a report would keep the whole report text alive.
 */
const slugCache = new Map<string, string>()
const SLUG_CACHE_LIMIT = 4096

/**
 * Lowercase ASCII pinyin slug, the same one the Studio's slug fields make,
 * so `agency.<slug>` ids agree across reports and with hand-made documents.
 */
export function agencySlug(name: string): string {
  const cached = slugCache.get(name)
  if (cached !== undefined) return cached
  const slug = spellAgencySlug(name)
  // Evict the oldest entry (Maps keep insertion order): a batch's recurring agencies stay.
  if (slugCache.size >= SLUG_CACHE_LIMIT) slugCache.delete(slugCache.keys().next().value as string)
  slugCache.set(copyOf(name), slug)
  return slug
}

/** A string that shares no storage with `text` (V8 keeps slices of long strings as views into their parent). */
function copyOf(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le')
}

function spellAgencySlug(name: string): string {
  const slug = slugify(name)
  if (slug) return slug
  // Names with nothing pinyin-pro can spell still need a stable id.
  let hash = 0x811c9dc5
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return `agency-${hash.toString(16).padStart(8, '0')}`
}

// ---------------------------------------------------------------------------
// Lexicon: agency bodies and the sector each one names

/** Canonical sector → body words that name it in agency names (simplified). */
const SECTOR_WORDS: Readonly<Record<string, string>> = {
  生态环境:
    '生态环境 环境保护 环保 生态环境保护 生态环境保护综合行政执法 环境科学 生态环境科学 环境监测 生态环境监测 ' +
    '环境监察 环境执法 生态环境执法 环境保护监测',
  市场监管: '市场监督管理 市场监管 工商行政管理 工商 质量技术监督 质监 市场和质量监督管理 质量监督检验检疫',
  药品监管: '食品药品监督管理 药品监督管理 食药监 药监',
  税务: '税务 国家税务 地方税务 国税 地税',
  财政: '财政',
  审计: '审计',
  统计: '统计',
  公安:
    '公安 交通警察 交警 刑事侦查 刑侦 治安 巡特警 特警 禁毒 经济犯罪侦查 经侦 网络安全保卫 网安 出入境管理 ' +
    '治安管理 巡逻',
  国家安全: '国家安全',
  司法: '司法',
  民政: '民政',
  教育: '教育 教育和体育',
  科技: '科学技术 科技',
  经济和信息化: '经济和信息化 经济信息化 经信',
  工业和信息化: '工业和信息化 工信',
  发展改革: '发展和改革 发展改革 发改',
  人力社保: '人力资源和社会保障 人力资源社会保障 人力社保 人社 社会保险 社保',
  自然资源: '自然资源和规划 规划和自然资源 自然资源 国土资源 国土 规划 城乡规划',
  住房城乡建设: '住房和城乡建设 住房城乡建设 住建 城乡建设 建设 住房保障 住房公积金管理 房产管理 房管',
  交通运输: '交通运输 交通 港航 公路 运输管理 运管',
  水利: '水利 水务 水政监察',
  农业农村: '农业农村 农业 农业和农村 乡村振兴 扶贫开发 扶贫 畜牧 渔业 海洋与渔业 海洋和渔业 海洋渔业',
  林业: '林业 林业和草原 园林 园林文物',
  商务: '商务 商务和投资促进 投资促进 招商 经济合作',
  外事: '外事 外事侨务 侨务',
  新闻: '新闻',
  文化旅游: '文化和旅游 文化广电旅游 文化广电和旅游 文化广电新闻出版 文化 旅游 文旅 文化旅游 广播电视 广电 新闻出版 文物',
  体育: '体育',
  卫生健康: '卫生健康 卫生和计划生育 卫生计生 卫健 卫生 疾病预防控制 疾控',
  医疗保障: '医疗保障 医保',
  退役军人事务: '退役军人事务',
  应急管理: '应急管理 安全生产监督管理 安全生产 安监 消防救援 消防 防震减灾 地震',
  城市管理: '城市管理 城市管理行政执法 城管 城管执法 环境卫生',
  综合执法: '综合行政执法 行政执法 综合执法',
  数据: '大数据发展管理 大数据 数据资源管理 数据资源',
  信访: '信访',
  机关事务: '机关事务管理 机关事务',
  国资: '国有资产监督管理 国资',
  粮食物资储备: '粮食和物资储备 粮食 物资储备',
  金融: '地方金融监督管理 金融工作 金融 金融监督管理',
  气象: '气象',
  海关: '海关',
  烟草: '烟草专卖',
  邮政: '邮政 邮政管理',
  知识产权: '知识产权',
  档案: '档案',
  民族宗教: '民族宗教事务 民族宗教 民族事务 宗教事务',
  人民防空: '人民防空 人防',
  政务服务: '政务服务 行政服务 行政审批 行政审批服务 政务服务管理 公共资源交易 公共资源交易管理',
  纪检监察: '纪律检查 监察',
  机构编制: '机构编制',
  能源: '能源',
  海洋: '海洋',
  铁路: '铁路',
  民航: '民用航空',
  移民管理: '移民管理',
  中医药: '中医药管理',
  矿山安全: '矿山安全监察',
  外汇: '外汇管理',
  网信: '互联网信息 网信',
  国防科技: '国防科技工业',
  研究: '研究 政策研究',
}

/** Bodies written in full or abbreviated; each list's first word is the one the others stand for. */
const BODY_ABBREVIATIONS = [
  '市场监督管理 市场监管',
  '卫生健康 卫健',
  '疾病预防控制 疾控',
  '发展和改革 发展改革 发改',
  '人力资源和社会保障 人力资源社会保障 人力社保 人社',
  '住房和城乡建设 住房城乡建设 住建',
  '经济和信息化 经济信息化 经信',
  '工业和信息化 工信',
  '综合行政执法 综合执法',
  '文化和旅游 文旅',
  '医疗保障 医保',
  '农业农村 农业和农村',
  '国有资产监督管理 国资',
]
/** Short bodies that stand for different full names from place to place: 文旅局 is 文化和旅游局 or 文化广电旅游局. */
const AMBIGUOUS_SHORT_BODIES: ReadonlySet<string> = new Set(['文旅'])
const FULL_BODY = new Map<string, string>()
for (const list of BODY_ABBREVIATIONS) {
  const [full, ...short] = list.split(' ')
  for (const word of short) if (full) FULL_BODY.set(word, full)
}
/** 委 abbreviates 委员会 (卫健委, 发改委). */
const FULL_SUFFIX = new Map([['委', '委员会']])
/** People's organisations named without a body, abbreviated: 杭州市妇联 is 杭州市妇女联合会. */
const FULL_ORGANISATION = new Map([
  ['妇联', '妇女联合会'],
  ['妇女联合会', '妇女联合会'],
  ['残联', '残疾人联合会'],
  ['残疾人联合会', '残疾人联合会'],
  ['科协', '科学技术协会'],
  ['科学技术协会', '科学技术协会'],
])

/**
 * Region, body in full and suffix in full, e.g. 浙江省杭州市|市场监督管理|局 for
 * both 杭州市市场监管局 and 浙江省杭州市市场监督管理局; undefined when the
 * name is not a place's department.
 */
function bodyKey(rec: {name: string; region?: string; level: AgencyLevel}): string | undefined {
  if (rec.region === undefined || rec.level === 'national') return undefined
  const {body} = spelledOut(rec.name)
  return body === undefined ? undefined : `${rec.region}|${body}`
}

/** Courts and procuratorates by their suffixes, longest first: 中级人民法院 is a court of its own. */
const COURTS: ReadonlyMap<string, string> = new Map([
  ['中级人民法院', '中级人民法院'],
  ['中院', '中级人民法院'],
  ['高级人民法院', '高级人民法院'],
  ['人民法院', '人民法院'],
  ['法院', '人民法院'],
  ['人民检察院', '人民检察院'],
  ['检察院', '人民检察院'],
])
const YUAN = '院'.charCodeAt(0)

/** The court suffix a name ends in (COURTS' longest), or ''. */
function courtSuffixOf(name: string): string {
  if (name.charCodeAt(name.length - 1) !== YUAN) return ''
  for (const suffix of COURTS.keys()) if (name.endsWith(suffix)) return suffix
  return ''
}

/**
 * A place's party committee however it is written: 中共桐庐县委员会, 中国共产党桐庐县委员会, 桐庐县委. The place
 * ends in a unit suffix right before 委, which no commission does (卫健委, 纪委).
 */
function isPlaceCommittee(name: string): boolean {
  // Most names end in 局 or 府: one comparison rules them out.
  if (name.charCodeAt(name.length - 1) !== WEI && !name.endsWith('委员会')) return false
  // 政协…委员会, 共青团杭州市委, 民盟杭州市委: another body's committee of the place.
  if (COMMITTEE_PREFIXES.some((p) => name.startsWith(p))) return false
  const prefix = PARTY_PREFIXES.find((p) => name.startsWith(p))
  const rest = prefix === undefined ? name : name.slice(prefix.length)
  const suffix = prefix !== undefined && rest.endsWith('委员会') ? '委员会' : '委'
  return rest.endsWith(suffix) && PLACE_END_RE.test(rest.slice(0, -suffix.length))
}
const PLACE_END_RE = /(?:省|市|区|县|旗|州|盟)$/

/** 新登镇党委 is 中共新登镇委员会, the same body as 新登镇委; 富春街道党工委 is 中共富春街道工作委员会. */
function townCommitteeOf(name: string): SpelledName | undefined {
  for (const [suffix, full, body] of [['党工委', '工作委员会', '|党工委'], ['党委', '委员会', '|党委']] as const) {
    if (!name.endsWith(suffix)) continue
    const prefix = PARTY_PREFIXES.find((p) => name.startsWith(p)) ?? ''
    const place = name.slice(prefix.length, name.length - suffix.length)
    return /(?:镇|乡|街道|区|县|市)$/.test(place) ? {official: `中共${place}${full}`, body} : undefined
  }
  return undefined
}

/**
 * A place's discipline inspection commission (the party's) and supervisory commission, short or in full:
 * 杭州市纪委 is 中共杭州市纪律检查委员会, 钱塘区监委 is 钱塘区监察委员会. Both are one office in practice, but two
 * bodies by name; 杭州市纪委监委, written as one, stays as written.
 */
const COMMISSIONS: ReadonlyArray<readonly [suffix: string, full: string, party: string]> = [
  ['纪律检查委员会', '纪律检查委员会', '中共'],
  ['纪委', '纪律检查委员会', '中共'],
  ['监察委员会', '监察委员会', ''],
  ['监委', '监察委员会', ''],
]

function commissionOf(name: string): SpelledName | undefined {
  for (const [suffix, full, party] of COMMISSIONS) {
    if (!name.endsWith(suffix)) continue
    const prefix = PARTY_PREFIXES.find((p) => name.startsWith(p)) ?? ''
    const place = name.slice(prefix.length, name.length - suffix.length)
    return PLACE_END_RE.test(place) && !(prefix && !party) ? {official: party + place + full, body: `|${full}`} : undefined
  }
  return undefined
}

/** The place of a committee `isPlaceCommittee` accepts: 桐庐县 of 中共桐庐县委员会 or 桐庐县委. */
function committeePlace(name: string): string {
  const prefix = PARTY_PREFIXES.find((p) => name.startsWith(p)) ?? ''
  const rest = name.slice(prefix.length)
  return rest.slice(0, prefix && rest.endsWith('委员会') ? -3 : -1)
}

/** A name read once for both things the recognizer asks of it. */
interface SpelledName {
  /** The name with its short parts written out in full (`officialName`). */
  official: string
  /**
   * Which body of its place the name is, spelled in full whatever the spelling (市场监督管理|局, |党委, 组织|党委,
   * |人民法院): with the region, two spellings of one agency share it. Undefined when the name is no place's body.
   */
  body?: string
}

/**
 * A place's agency with its short parts written out in full, the way its own documents name it:
 * 杭州市市场监管局 → 杭州市市场监督管理局, 杭州市卫健委 → 杭州市卫生健康委员会, 桐庐县法院 → 桐庐县人民法院,
 * 桐庐县委 → 中共桐庐县委员会, 桐庐县委统战部 → 中共桐庐县委统一战线工作部, 杭州市妇联 → 杭州市妇女联合会.
 * Only the end of the name is read, so a parent already written out keeps its form. Names in traditional
 * characters are left as written.
 */
export function officialName(name: string): string {
  return spelledOut(name).official
}

/** Agencies recur across a batch: each name is read once. */
const spelledNames = new Map<string, SpelledName>()

function spelledOut(name: string): SpelledName {
  const cached = spelledNames.get(name)
  if (cached !== undefined) return cached
  const shadow = simplifiedShadow(name)
  const read = readSpelling(shadow)
  // Bounded like the slug cache, and keyed and valued by copies so no report text stays alive.
  const spelled: SpelledName = {
    official: shadow === name ? copyOf(read.official) : copyOf(name),
    ...(read.body !== undefined && {body: read.body}),
  }
  if (spelledNames.size >= SLUG_CACHE_LIMIT) spelledNames.delete(spelledNames.keys().next().value as string)
  spelledNames.set(copyOf(name), spelled)
  return spelled
}

/** `spelledOut` of a name in simplified characters. */
function readSpelling(name: string): SpelledName {
  if (isPlaceCommittee(name)) return {official: `中共${committeePlace(name)}委员会`, body: '|党委'}
  const townCommittee = townCommitteeOf(name)
  if (townCommittee !== undefined) return townCommittee
  for (const spelling of PARTY_DEPARTMENT_INDEX.endingAt(name, name.length, 0)) {
    const committee = name.slice(0, -spelling.length)
    if (!isPlaceCommittee(committee)) continue
    // Departments name their committee short, as they sign: 中共杭州市委组织部, 中共杭州市委党校.
    const full = FULL_PARTY_DEPARTMENT.get(spelling) ?? spelling
    return {official: `中共${committeePlace(committee)}委${full}`, body: `${PARTY_DEPARTMENTS.get(spelling)}|党委`}
  }
  const commission = commissionOf(name)
  if (commission !== undefined) return commission
  const courtSuffix = courtSuffixOf(name)
  const court = COURTS.get(courtSuffix)
  if (court !== undefined) return {official: name.slice(0, -courtSuffix.length) + court, body: `|${court}`}
  for (const [suffix, full] of FULL_ORGANISATION) {
    if (name.endsWith(suffix)) return {official: name.slice(0, -suffix.length) + full, body: `|${full}`}
  }
  for (const suffix of DEPT_SUFFIXES_LONGEST_FIRST) {
    if (!name.endsWith(suffix)) continue
    const body = BODY_INDEX.endingAt(name, name.length - suffix.length, 0)[0]
    if (body === undefined) return {official: name}
    const fullBody = FULL_BODY.get(body) ?? body
    const fullSuffix = FULL_SUFFIX.get(suffix) ?? suffix
    // 文旅局 still joins 文化和旅游局 in one report, but keeps its own name.
    const prefix = name.slice(0, name.length - suffix.length - body.length)
    return {official: AMBIGUOUS_SHORT_BODIES.has(body) ? name : prefix + fullBody + fullSuffix, body: `${fullBody}|${fullSuffix}`}
  }
  return {official: name}
}

const SECTOR_OF = new Map<string, string>()
for (const [sector, words] of Object.entries(SECTOR_WORDS)) {
  for (const w of words.split(' ')) if (!SECTOR_OF.has(w)) SECTOR_OF.set(w, sector)
}
const BODY_INDEX = new EndIndex(SECTOR_OF.keys())
/** Longest body of the lexicon (生态环境保护综合行政执法). */
const MAX_BODY = Math.max(...[...SECTOR_OF.keys()].map((w) => w.length))

// ---------------------------------------------------------------------------
// Suffixes

/** After a sector body and a region chain: 杭州市|生态环境|局. */
const DEPT_SUFFIXES = ['总局', '分局', '局', '厅', '委员会', '委', '办公室', '办', '中心', '研究院', '研究室', '监测站', '中心站', '站', '总队', '支队', '大队']
const DEPT_SUFFIXES_LONGEST_FIRST = [...DEPT_SUFFIXES].sort((a, b) => b.length - a.length)
/** Complete after a region chain alone: 富阳区|人民政府. */
const BARE_SUFFIXES = [
  '人民政府', '政府', '中级人民法院', '高级人民法院', '人民法院', '人民检察院', '人民代表大会常务委员会',
  // Courts and procuratorates are often written short: 桐庐县法院 is 桐庐县人民法院.
  '法院', '检察院', '中院',
  '人大常委会', '监察委员会', '纪律检查委员会', '纪委', '监委', '办事处',
  // A town's or subdistrict's party committee: 新登镇党委, 富春街道党工委 (a subdistrict's is a working committee).
  '党委', '党工委',
  // A place's party committee: 桐庐县委, 杭州市委, 浙江省委 (after a body, 委 is a commission: 卫健委).
  '委',
  // People's organisations of a place: 柯桥区政协, 杭州市总工会, 鹿城区团委.
  '政协', '总工会', '妇女联合会', '妇联', '红十字会', '残疾人联合会', '残联', '科学技术协会', '科协', '团委',
]
/**
 * Prefixes of a committee named after its place: 中国人民政治协商会议|绍兴市柯桥区|委员会, 共青团|杭州市|委.
 */
const COMMITTEE_PREFIXES = [
  '中国人民政治协商会议', '中国共产主义青年团', '政协', '共青团', '团',
  // The democratic parties' committees of a place: 民盟杭州市委 is no 杭州市委.
  '中国国民党革命委员会', '中国民主同盟', '中国民主建国会', '中国民主促进会', '中国农工民主党', '中国致公党',
  '九三学社', '台湾民主自治同盟', '民革', '民盟', '民建', '民进', '农工党', '致公党', '台盟',
]
/** The party's prefix before a committee's full name (中共|桐庐县|委员会); 中共桐庐县委 is 桐庐县委, like 纪委. */
const PARTY_PREFIXES = ['中国共产党', '中共']
/** After a head and a place stem: …|富阳|分局. */
const BRANCH_SUFFIXES = [
  '分局', '分院', '分中心', '分所', '分队', '支队', '大队', '中队', '调查队', '监管局', '监管分局', '分行', '中心支行', '支行',
  '派出所', '司法所', '税务所', '财政所',
]
/** After a head and a functional stem (or none): …|交通警察|支队, …|办公室. */
const UNIT_SUFFIXES = ['办公室', '办公厅', '研究室', '支队', '大队', '中队', '总队', '执法队', '监测站', '监测中心', '稽查局']
/**
 * Working bodies of a place's party committee, after it without a gap (杭州市委|组织部, 桐庐县委|政法委): the
 * sector, then its spellings.
 */
const PARTY_DEPARTMENT_LIST = [
  '办公 办公室',
  '办公 办公厅',
  '组织 组织部',
  '宣传 宣传部',
  '统战 统一战线工作部 统战部',
  '政法 政法委员会 政法委',
  '政策研究 政策研究室 政研室',
  '社会工作 社会工作部 社工部',
  '网信 网络安全和信息化委员会办公室 网信办',
  '机构编制 机构编制委员会办公室 编办',
  '老干部 老干部局',
  '机关党建 直属机关工作委员会 直属机关工委 机关工委',
  '巡察 巡察工作领导小组办公室 巡察办',
  '党史研究 党史研究室',
  '农村工作 农村工作领导小组办公室 农办',
  '外事 外事工作委员会办公室 外办',
  '台湾事务 台湾工作办公室 台办',
  '党校 党校',
]
const PARTY_DEPARTMENTS = new Map<string, string>()
/** Each department's name in full (统战部 → 统一战线工作部): the first spelling of its list. */
const FULL_PARTY_DEPARTMENT = new Map<string, string>()
for (const list of PARTY_DEPARTMENT_LIST) {
  const [sector, ...spellings] = list.split(' ')
  for (const spelling of spellings) {
    if (!sector || !spellings[0]) continue
    PARTY_DEPARTMENTS.set(spelling, sector)
    FULL_PARTY_DEPARTMENT.set(spelling, spellings[0])
  }
}
/** Spellings by their ends, for names that end in one. */
const PARTY_DEPARTMENT_INDEX = new EndIndex(PARTY_DEPARTMENTS.keys())
/** Spellings by first code unit, longest first. */
const PARTY_DEPARTMENTS_BY_FIRST = new Map<number, string[]>()
for (const spelling of [...PARTY_DEPARTMENTS.keys()].sort((a, b) => b.length - a.length)) {
  const first = spelling.charCodeAt(0)
  PARTY_DEPARTMENTS_BY_FIRST.set(first, [...(PARTY_DEPARTMENTS_BY_FIRST.get(first) ?? []), spelling])
}
/** Dept suffixes that end a longer anchor (监管局 → 局, 监测中心 → 中心), longest first. */
const DEPT_TAILS = new Map<string, string[]>()
/** The committee that runs a development zone: 呼和浩特经济技术开发区|管理委员会, 杭州高新区|管委会. */
const MANAGEMENT_COMMITTEE = '管理委员会'
const ZONE_COMMITTEES = [MANAGEMENT_COMMITTEE, '管委会']
/** Kinds of zone such a committee runs, after the zone's place (and perhaps its own name). */
const ZONE_INDEX = new EndIndex(
  (
    '经济技术开发区 高新技术产业开发区 经济开发区 开发区 高新区 经开区 工业园区 产业园区 工业区 园区 新区 ' +
    '示范区 试验区 保税区 综合保税区 合作区 度假区 旅游度假区 风景名胜区 风景区 景区'
  ).split(' '),
)
/** Characters of a zone's own name between its place and its kind: 杭州市|萧山|经济技术开发区. */
const MAX_ZONE_NAME = 6
for (const anchor of [...BRANCH_SUFFIXES, ...UNIT_SUFFIXES, ...ZONE_COMMITTEES]) {
  const tails = DEPT_SUFFIXES.filter((d) => d !== anchor && anchor.endsWith(d)).sort((a, b) => b.length - a.length)
  if (tails.length > 0) DEPT_TAILS.set(anchor, tails)
}
/** The suffix lists as sets: the scanner asks each anchor which lists hold its suffix. */
const IS_DEPT_SUFFIX: ReadonlySet<string> = new Set(DEPT_SUFFIXES)
const IS_BARE_SUFFIX: ReadonlySet<string> = new Set(BARE_SUFFIXES)
const IS_BRANCH_SUFFIX: ReadonlySet<string> = new Set(BRANCH_SUFFIXES)
const IS_UNIT_SUFFIX: ReadonlySet<string> = new Set(UNIT_SUFFIXES)
const IS_ZONE_COMMITTEE: ReadonlySet<string> = new Set(ZONE_COMMITTEES)
/** Units that need no stem: 国务院|办公厅. */
const BARE_UNITS = new Set(['办公室', '办公厅', '研究室', '稽查局'])
/** An ordinal that names a branch: 第一税务分局. */
const ORDINAL_STEM = /^第[一二三四五六七八九十0-9]{1,3}$/
/** Longest body outside the lexicon that a strong suffix takes. */
const MAX_FALLBACK_BODY = 6
/** Suffixes strong enough to take a body outside the lexicon (杭州市|园林文物|局). */
const FALLBACK_SUFFIXES = new Set(['局', '厅', '委员会', '办公室'])
/** Suffixes that make a national body after 国家/国务院 and a sector (国家海洋局). */
const NATIONAL_GENERIC_SUFFIXES = new Set(['总局', '局', '委员会', '委', '办公室', '署'])
const PARTY_COMMITTEE = '委'
const WEI = PARTY_COMMITTEE.charCodeAt(0)
/** Level words before a ministry's name that make a local phrase (市财政部门), by code unit. */
const LOCAL_LEVELS: ReadonlySet<number> = new Set([...'省市区县州镇乡'].map((c) => c.charCodeAt(0)))
/** Government heads whose own bureaus follow them: 臺北市政府|環境保護局. */
const GOVERNMENT_SUFFIXES = new Set(['人民政府', '政府'])

/** Characters after a suffix that show the suffix is part of another word (局面, 部门, 队伍…). */
const BAD_FOLLOWER_LIST: ReadonlyMap<string, string> = new Map([
  ['局', '面势限促'],
  ['委', '托屈婉派实员靡'],
  ['办', '理法事公学好成到结案件起得'],
  ['院', '子落校线'],
  ['部', '门署分队件位落委属局际级族首'],
  ['队', '伍员列形友'],
  ['大队', '伍员列形友'],
  ['支队', '伍员'],
  ['中队', '伍员'],
  ['署', '名'],
  ['站', '点台岗'],
  ['中心', '城区组任工思地位点镇'],
  ['委员会', ''],
])
/** The same by code unit, so a check reads the follower without making a string of it. */
const BAD_FOLLOWERS: ReadonlyMap<string, ReadonlySet<number>> = new Map(
  [...BAD_FOLLOWER_LIST].map(([suffix, chars]) => [suffix, new Set([...chars].map((c) => c.charCodeAt(0)))]),
)

// ---------------------------------------------------------------------------
// National agencies (no region prefix): canonical name, then other spellings

const NATIONAL_LIST: readonly string[] = [
  '国务院', '国务院办公厅', '全国人民代表大会 全国人大', '全国人民代表大会常务委员会 全国人大常委会',
  '中国人民政治协商会议全国委员会 全国政协', '最高人民法院', '最高人民检察院', '国家监察委员会 国家监委',
  '中央纪律检查委员会 中央纪委', '中央军事委员会 中央军委', '外交部', '国防部',
  '国家发展和改革委员会 国家发展改革委 国家发改委', '教育部', '科学技术部 科技部', '工业和信息化部 工信部',
  '国家民族事务委员会 国家民委', '公安部', '国家安全部', '民政部', '司法部', '财政部',
  '人力资源和社会保障部 人力资源社会保障部 人社部', '自然资源部', '生态环境部', '住房和城乡建设部 住房城乡建设部 住建部',
  '交通运输部', '水利部', '农业农村部', '商务部', '文化和旅游部 文旅部', '国家卫生健康委员会 国家卫生健康委 国家卫健委',
  '退役军人事务部', '应急管理部', '中国人民银行 人民银行', '审计署', '国务院国有资产监督管理委员会 国务院国资委',
  '海关总署', '国家税务总局', '国家市场监督管理总局 国家市场监管总局 市场监管总局', '国家金融监督管理总局',
  '中国证券监督管理委员会 中国证监会 证监会', '国家广播电视总局 广电总局', '国家体育总局', '国家信访局',
  '国家统计局', '国家知识产权局', '国家国际发展合作署', '国家医疗保障局 国家医保局', '国务院参事室',
  '国家机关事务管理局', '国家数据局', '国家粮食和物资储备局', '国家能源局', '国家国防科技工业局', '国家烟草专卖局',
  '国家移民管理局', '国家林业和草原局 国家林草局', '国家铁路局', '中国民用航空局 民航局', '国家邮政局', '国家文物局',
  '国家中医药管理局', '国家疾病预防控制局 国家疾控局', '国家矿山安全监察局', '国家消防救援局', '国家外汇管理局',
  '国家药品监督管理局 国家药监局', '国家互联网信息办公室 国家网信办', '国务院新闻办公室 国新办',
  '国务院台湾事务办公室 国台办', '国务院港澳事务办公室', '国务院研究室', '中国气象局', '中国地震局',
  '中国科学院 中科院', '中国社会科学院 中国社科院', '中国工程院', '国家自然科学基金委员会',
  '国家环境保护总局 国家环保总局', '环境保护部 环保部', '国家乡村振兴局', '国家航天局', '国家原子能机构',
  '国家安全生产监督管理总局 国家安监总局', '国家食品药品监督管理总局', '国家工商行政管理总局',
  '国家质量监督检验检疫总局 国家质检总局', '国家卫生和计划生育委员会 国家卫计委', '国土资源部', '农业部', '文化部',
  '国家旅游局', '国家海洋局', '中华全国总工会 全国总工会', '中华全国妇女联合会 全国妇联',
  '中国共产主义青年团中央委员会 共青团中央 团中央', '中国残疾人联合会 中国残联', '中国科学技术协会 中国科协',
  '中国红十字会总会 中国红十字会',
]

interface NationalEntry {
  canonical: string
  parent?: string
  sector?: string
  /** Where an office of a national system sits, when its name says so without a region chain (杭州海关). */
  seat?: {path: string; rank: RegionRank}
}

/**
 * The customs districts directly under 海关总署 (直属海关), named after their seat without 市, so no region chain
 * reads them: 杭州海关, 拱北海关 (in 珠海), 黄埔海关 (in 广州市黄埔区).
 */
const CUSTOMS: ReadonlyArray<readonly [name: string, seat: string]> = [
  ['北京海关', '北京市'], ['天津海关', '天津市'], ['石家庄海关', '河北省石家庄市'], ['太原海关', '山西省太原市'],
  ['满洲里海关', '内蒙古自治区呼伦贝尔市满洲里市'], ['呼和浩特海关', '内蒙古自治区呼和浩特市'], ['沈阳海关', '辽宁省沈阳市'],
  ['大连海关', '辽宁省大连市'], ['长春海关', '吉林省长春市'], ['哈尔滨海关', '黑龙江省哈尔滨市'], ['上海海关', '上海市'],
  ['南京海关', '江苏省南京市'], ['杭州海关', '浙江省杭州市'], ['宁波海关', '浙江省宁波市'], ['合肥海关', '安徽省合肥市'],
  ['福州海关', '福建省福州市'], ['厦门海关', '福建省厦门市'], ['南昌海关', '江西省南昌市'], ['青岛海关', '山东省青岛市'],
  ['济南海关', '山东省济南市'], ['郑州海关', '河南省郑州市'], ['武汉海关', '湖北省武汉市'], ['长沙海关', '湖南省长沙市'],
  ['广州海关', '广东省广州市'], ['黄埔海关', '广东省广州市黄埔区'], ['深圳海关', '广东省深圳市'], ['拱北海关', '广东省珠海市'],
  ['汕头海关', '广东省汕头市'], ['江门海关', '广东省江门市'], ['湛江海关', '广东省湛江市'], ['南宁海关', '广西壮族自治区南宁市'],
  ['海口海关', '海南省海口市'], ['重庆海关', '重庆市'], ['成都海关', '四川省成都市'], ['贵阳海关', '贵州省贵阳市'],
  ['昆明海关', '云南省昆明市'], ['拉萨海关', '西藏自治区拉萨市'], ['西安海关', '陕西省西安市'], ['兰州海关', '甘肃省兰州市'],
  ['西宁海关', '青海省西宁市'], ['银川海关', '宁夏回族自治区银川市'], ['乌鲁木齐海关', '新疆维吾尔自治区乌鲁木齐市'],
]
/** A direct customs district ranks with its seat's city, or its municipality. */
const CUSTOMS_SEAT_RANK = (seat: string): RegionRank => (PROVINCES.some(([province]) => province === seat) ? 1 : 2)

const NATIONAL = new Map<string, NationalEntry>()
/** Spellings grouped by their first two characters, longest first, for "longer name starting here" checks. */
const NATIONAL_BY_START = new Map<string, string[]>()
const NATIONAL_PREFIX_RE = /^(?:中华人民共和国|国务院|国家|中国|中央|全国|最高)/
const SUFFIX_TAIL_RE = /(?:委员会|办公室|办公厅|总局|总署|局|部|委|署|院|办|厅)$/
const NATIONAL_PREFIXES = ['中华人民共和国', '国务院', '国家', '中央']

for (const line of NATIONAL_LIST) {
  const [canonical, ...aliases] = line.split(' ')
  if (!canonical) continue
  const body = canonical.replace(NATIONAL_PREFIX_RE, '').replace(SUFFIX_TAIL_RE, '')
  const entry: NationalEntry = {canonical, sector: SECTOR_OF.get(body)}
  for (const spelling of [canonical, ...aliases]) NATIONAL.set(spelling, entry)
}
for (const [name, seat] of CUSTOMS) {
  NATIONAL.set(name, {canonical: name, parent: '海关总署', sector: '海关', seat: {path: seat, rank: CUSTOMS_SEAT_RANK(seat)}})
}
for (const entry of new Set(NATIONAL.values())) {
  if (entry.seat) continue
  // The longest other canonical name that prefixes this one is its parent (国务院 → 国务院办公厅).
  for (const other of new Set(NATIONAL.values())) {
    const o = other.canonical
    if (o !== entry.canonical && entry.canonical.startsWith(o) && o.length > (entry.parent?.length ?? 0)) {
      entry.parent = o
    }
  }
}
for (const spelling of NATIONAL.keys()) {
  const key = spelling.slice(0, 2)
  const list = NATIONAL_BY_START.get(key) ?? []
  list.push(spelling)
  NATIONAL_BY_START.set(key, list)
}
for (const list of NATIONAL_BY_START.values()) list.sort((a, b) => b.length - a.length)
const NATIONAL_INDEX = new EndIndex(NATIONAL.keys())

const ALL_SUFFIXES = new Set([
  ...DEPT_SUFFIXES, ...BARE_SUFFIXES, ...BRANCH_SUFFIXES, ...UNIT_SUFFIXES, ...ZONE_COMMITTEES, '部', '院', '署',
  // The customs districts end in it: anchored there, they cost nothing where 杭州 or 上海 is only a place.
  '海关',
])
/** National names that end in none of the suffixes still need an anchor (中国人民银行, 证监会). */
const EXTRA_ANCHORS = [...NATIONAL.keys()].filter((n) => ![...ALL_SUFFIXES].some((s) => n.endsWith(s)))
/**
 * Anchors by first character: a table read per character finds candidate
 * positions, then a few `startsWith` checks pick the longest anchor there.
 * Much cheaper than one big alternation, and allocates nothing per miss.
 */
const ANCHOR_FIRST = new Map<number, string[]>()
/** What a character may be, as bits (`readText`): most characters cost one table read and no map probe. */
const ANCHOR_START = 1
const UNIT_END = 2
const ONE_CHARACTER_ANCHOR = 4
const ANCHOR_SECOND = 8
const CHARACTER_ROLES = new Uint8Array(0x10000)
for (const a of [...ALL_SUFFIXES, ...EXTRA_ANCHORS].sort((x, y) => y.length - x.length)) {
  const first = a.charCodeAt(0)
  const list = ANCHOR_FIRST.get(first)
  if (list) list.push(a)
  else ANCHOR_FIRST.set(first, [a])
  CHARACTER_ROLES[first] = (CHARACTER_ROLES[first] ?? 0) | ANCHOR_START | (a.length === 1 ? ONE_CHARACTER_ANCHOR : 0)
  if (a.length > 1) CHARACTER_ROLES[a.charCodeAt(1)] = (CHARACTER_ROLES[a.charCodeAt(1)] ?? 0) | ANCHOR_SECOND
}
for (const c of UNIT_SUFFIX_ENDS) {
  const code = c.charCodeAt(0)
  CHARACTER_ROLES[code] = (CHARACTER_ROLES[code] ?? 0) | UNIT_END
}

// ---------------------------------------------------------------------------
// Short-form definitions right after a name

/** （以下简称“富阳分局”） and the like, directly after the name. */
const DEF_PAREN_RE = /\s*[（(]\s*(?:以下|下文|下面|下)?(?:简称|簡稱|称|稱)(?:为|為|作)?\s*[：:]?\s*([^（()）]{1,40}?)\s*[)）]/y
/** ，简称“市监局” without brackets. */
const DEF_PLAIN_RE = /\s*[，,]\s*(?:以下|下文)?(?:简称|簡稱)(?:为|為)?\s*[：:]?\s*[“"「『‘]([^”"」』’]{1,16})[”"」』’]/y
const DEF_SPLIT_RE = /[“”"「」『』‘’'、，,；;\s]+|或者|或|及/
const DEF_NOISE = new Set(['下同', '以下', '简称', '簡稱'])

interface ShortFormDefinition {
  /** Where the definition ends (after its closing bracket or quote). */
  end: number
  forms: string[]
}

/** The short forms defined right at `at`, and where the definition ends. */
function definitionAt(text: string, at: number): ShortFormDefinition | undefined {
  for (const re of [DEF_PAREN_RE, DEF_PLAIN_RE]) {
    re.lastIndex = at
    const m = re.exec(text)
    const inner = m?.[1]
    if (m && inner) {
      const forms = inner.split(DEF_SPLIT_RE).filter((s) => s.length >= 2 && s.length <= 16 && !DEF_NOISE.has(s))
      return {end: m.index + m[0].length, forms}
    }
  }
  return undefined
}

function definedShortForms(text: string, at: number): string[] {
  return definitionAt(text, at)?.forms ?? []
}

/**
 * Names found inside a short-form definition are the short form itself
 * (以下简称富阳区市场监管局), not agencies of their own, and the words
 * around them (简称市…) must not be read as a place.
 */
function outsideDefinitions(text: string, founds: Found[]): Found[] {
  let definedUntil = -1
  return founds.filter((f) => {
    if (f.start < definedUntil) return false
    const definition = definitionAt(text, f.end)
    if (definition) definedUntil = definition.end
    return true
  })
}

// ---------------------------------------------------------------------------
// Scanning

interface Anchor {
  start: number
  end: number
  suffix: string
}

type PartKind = 'regional' | 'government' | 'national' | 'child' | 'branch' | 'unit' | 'dept'

interface Part {
  kind: PartKind
  end: number
  chain?: RegionToken[]
  sector?: string
  /** Curated national entry this part is. */
  national?: NationalEntry
  /** Place stem of a branch (富阳 in 富阳分局) and where the branch starts. */
  placeStem?: string
  branchStart?: number
}

interface Found {
  start: number
  end: number
  parts: Part[]
}

/** Offsets of other admin units that start a shorter spelling of the same name (杭州市|富阳区生态环境局). */
function elisionOffsets(found: Found): number[] {
  const chain = found.parts[0]?.chain ?? []
  return chain.slice(1).map((t) => t.start - found.start)
}

const PLACE_STEM_BLOCK = new Set(
  (
    '召开 组织 要求 督促 指导 会同 联合 下属 所属 各个 全体 派驻 基层 直属 部分 各级 有关 相关 其他 其它 两个 多个 ' +
    '一个 所有 下设 内设 设立 成立 新设 原来 现在 目前 今年 去年 已经 正在 积极 全面 进一步'
  ).split(' '),
)
const CONJUNCTIONS = new Set([...'和同跟或暨'])
/** 全 and 各 ("all", "each") open phrases, never names. */
const QUAN = '全'.charCodeAt(0)
const GE = '各'.charCodeAt(0)
const REGION_TAIL_RE = /(?:区|县|市|旗|镇|乡|街道)$/
const AREA = '地区'

function isPlaceStem(stem: string): boolean {
  if (stem.length < 2 || stem.length > 6 || PLACE_STEM_BLOCK.has(stem)) return false
  // 和/同/或 may sit inside a name (和平) but never open a branch after a full name (…局和富阳分局).
  if (CONJUNCTIONS.has(stem[0] ?? '')) return false
  for (let i = 0; i < stem.length; i++) {
    const code = stem.charCodeAt(i)
    if (!isCjk(code) || isStopChar(code) || code === QUAN || code === GE) return false
  }
  return stem.length <= 3 || REGION_TAIL_RE.test(stem)
}

function allCjk(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isCjk(text.charCodeAt(i))) return false
  return true
}

function badFollower(shadow: string, anchor: Anchor): boolean {
  // NaN past the end, which no set holds.
  return BAD_FOLLOWERS.get(anchor.suffix)?.has(shadow.charCodeAt(anchor.end)) === true
}

/** The sector bodies ending exactly at `end`, longest first. */
function bodiesEndingAt(shadow: string, end: number, minStart: number): string[] {
  return BODY_INDEX.endingAt(shadow, end, minStart)
}

function precededByNationalPrefix(shadow: string, at: number, minStart: number): number {
  for (const p of NATIONAL_PREFIXES) {
    if (at - p.length >= minStart && shadow.startsWith(p, at - p.length)) return at - p.length
  }
  return -1
}

/** How far before an anchor a region chain may end: past the longest body, of the lexicon or not. */
const MAX_BODY_BEFORE_ANCHOR = Math.max(MAX_BODY, MAX_FALLBACK_BODY)

/** Whether some unit suffix ends in `[from, to]` (`ends` ascending). */
function unitEndIn(ends: readonly number[], from: number, to: number): boolean {
  for (const e of ends) {
    if (e > to) return false
    if (e >= from) return true
  }
  return false
}

class Scanner {
  constructor(
    private readonly shadow: string,
    private readonly anchors: Anchor[],
    private readonly book: RegionBook,
    /** Where the shadow's unit suffixes end (`TextReading.unitEnds`). */
    private readonly unitEnds: readonly number[],
  ) {}

  /**
   * A region-prefixed head (杭州市生态环境局) ending at the anchor; its start is
   * ≥ minStart. A compound anchor is also read as its shorter tail, so the
   * 监管局 anchor still finds 开化县|市场监管|局.
   */
  regionalHead(anchor: Anchor, minStart: number): {start: number; part: Part} | undefined {
    // Short of a zone's committee, every head is a region chain, which ends in a unit suffix right before the
    // anchor or its body (or the fallback's): most anchors (干部, 格局) have none that close.
    const chainFrom = Math.max(minStart + 1, anchor.start - MAX_BODY_BEFORE_ANCHOR)
    if (!IS_ZONE_COMMITTEE.has(anchor.suffix) && !unitEndIn(this.unitEnds, chainFrom, anchor.end)) return undefined
    const direct = this.regionalHeadAs(anchor, minStart)
    if (direct) return direct
    for (const tail of DEPT_TAILS.get(anchor.suffix) ?? []) {
      const head = this.regionalHeadAs({start: anchor.end - tail.length, end: anchor.end, suffix: tail}, minStart)
      if (head) return head
    }
    return undefined
  }

  private regionalHeadAs(anchor: Anchor, minStart: number): {start: number; part: Part} | undefined {
    const {shadow, book} = this
    if (badFollower(shadow, anchor)) return undefined
    if (anchor.suffix === '委员会' || anchor.suffix === '委') {
      const committee = this.prefixedCommittee(anchor, minStart)
      if (committee) return committee
    }
    // Otherwise 管理委员会 is read as 委员会 after a body (城市管理|委员会).
    if (IS_ZONE_COMMITTEE.has(anchor.suffix)) return this.zoneCommittee(anchor, minStart)
    if (IS_BARE_SUFFIX.has(anchor.suffix)) {
      const chain = parseChainBackward(shadow, anchor.start, minStart, book)
      const last = chain[chain.length - 1]
      const first = chain[0]
      if (first && last) {
        // 办事处 alone is only a township office (富春街道办事处).
        if (anchor.suffix === '办事处' && last.suffix !== '街道') return undefined
        const kind: PartKind = GOVERNMENT_SUFFIXES.has(anchor.suffix) ? 'government' : 'regional'
        return {start: first.start, part: {kind, end: anchor.end, chain}}
      }
      // 委 after no place: a commission, read as a department below (杭州市|卫健|委).
      if (anchor.suffix !== PARTY_COMMITTEE) return undefined
    }
    if (!IS_DEPT_SUFFIX.has(anchor.suffix)) return undefined
    for (const body of bodiesEndingAt(shadow, anchor.start, minStart)) {
      const bodyStart = anchor.start - body.length
      const sector = SECTOR_OF.get(body)
      const chain = parseChainBackward(shadow, bodyStart, minStart, book)
      const first = chain[0]
      if (first) return {start: first.start, part: {kind: 'regional', end: anchor.end, chain, sector}}
    }
    if (!FALLBACK_SUFFIXES.has(anchor.suffix)) return undefined
    // A body outside the lexicon, when a solid region chain precedes it (杭州市园林文物局).
    for (let k = 2; k <= MAX_FALLBACK_BODY && anchor.start - k > minStart; k++) {
      const bodyStart = anchor.start - k
      const code = shadow.charCodeAt(bodyStart)
      if (!isCjk(code) || isStopChar(code) || code === QUAN || code === GE) return undefined
      const chain = parseChainBackward(shadow, bodyStart, minStart, book)
      const first = chain[0]
      if (first && (chain.length >= 2 || book.get(first.name))) {
        return {
          start: first.start,
          part: {kind: 'regional', end: anchor.end, chain, sector: shadow.slice(bodyStart, anchor.start)},
        }
      }
    }
    return undefined
  }

  /** A committee whose place sits between a prefix and the suffix: 政协|绍兴市柯桥区|委员会. */
  private prefixedCommittee(anchor: Anchor, minStart: number): {start: number; part: Part} | undefined {
    const {shadow, book} = this
    const chain = parseChainBackward(shadow, anchor.start, minStart, book)
    const first = chain[0]
    if (!first) return undefined
    const prefixes = anchor.suffix === '委员会' ? [...COMMITTEE_PREFIXES, ...PARTY_PREFIXES] : COMMITTEE_PREFIXES
    for (const prefix of prefixes) {
      const start = first.start - prefix.length
      if (start >= minStart && shadow.startsWith(prefix, start)) return {start, part: {kind: 'regional', end: anchor.end, chain}}
    }
    return undefined
  }

  /**
   * A development zone's committee: the zone's kind before the anchor, perhaps a name of its own, and the
   * place it belongs to, written as a region chain (杭州市|萧山|经济技术开发区) or a city's stem
   * (呼和浩特|经济技术开发区). A zone is no division: the committee gets its place's region and level.
   */
  private zoneCommittee(anchor: Anchor, minStart: number): {start: number; part: Part} | undefined {
    const {shadow, book} = this
    const kind = ZONE_INDEX.longestEndingAt(shadow, anchor.start, minStart)
    if (kind === undefined) return undefined
    const zoneStart = anchor.start - kind.length
    for (let p = zoneStart; p >= Math.max(minStart, zoneStart - MAX_ZONE_NAME) && allCjk(shadow, p, zoneStart); p--) {
      const chain = parseChainBackward(shadow, p, minStart, book)
      const first = chain[0]
      if (first) return {start: first.start, part: {kind: 'regional', end: anchor.end, chain}}
      for (let k = 4; k >= 2; k--) {
        const info = p - k >= minStart ? book.byStem(shadow.slice(p - k, p)) : undefined
        if (!info) continue
        const stem = shadow.slice(p - k, p)
        const token: RegionToken = {...info, start: p - k, end: p, stem, suffix: ''}
        return {start: p - k, part: {kind: 'regional', end: anchor.end, chain: [token]}}
      }
    }
    return undefined
  }

  /** A curated national name ending at the anchor, or starting where one does and running longer. */
  nationalHead(anchor: Anchor, minStart: number): {start: number; part: Part} | undefined {
    const {shadow} = this
    if (badFollower(shadow, anchor)) return undefined
    for (const spelling of NATIONAL_INDEX.endingAt(shadow, anchor.end, minStart)) {
      const start = anchor.end - spelling.length
      const entry = NATIONAL.get(spelling)
      if (!entry) continue
      // 市财政部门 or 省教育部 are local phrases, not ministries.
      if (LOCAL_LEVELS.has(shadow.charCodeAt(start - 1))) continue
      let end = anchor.end
      let national = entry
      for (const longer of NATIONAL_BY_START.get(shadow.slice(start, start + 2)) ?? []) {
        if (longer.length > end - start && shadow.startsWith(longer, start)) {
          const e = NATIONAL.get(longer)
          if (e) {
            national = e
            end = start + longer.length
          }
          break
        }
      }
      // 中华人民共和国生态环境部 is the same ministry.
      const prc = '中华人民共和国'
      const s = start - prc.length >= minStart && shadow.startsWith(prc, start - prc.length) ? start - prc.length : start
      return {start: s, part: {kind: 'national', end, national, sector: national.sector}}
    }
    // Uncurated national bodies: a national prefix, a sector body and a suffix (国家海洋局).
    if (!NATIONAL_GENERIC_SUFFIXES.has(anchor.suffix)) return undefined
    for (const body of bodiesEndingAt(shadow, anchor.start, minStart)) {
      const bodyStart = anchor.start - body.length
      const p = precededByNationalPrefix(shadow, bodyStart, minStart)
      if (p < 0) continue
      const name = shadow.slice(p, anchor.end)
      const sector = SECTOR_OF.get(body)
      return {start: p, part: {kind: 'national', end: anchor.end, national: {canonical: name, sector}, sector}}
    }
    return undefined
  }

  /** The sub-unit starting at `at`, if one follows without a gap. */
  subPart(at: number, anchorIndex: number, head: Part): {part: Part; next: number} | undefined {
    const {shadow, anchors} = this
    const department = this.partyDepartmentAt(at, head)
    if (department !== undefined) {
      const end = at + department.length
      let next = anchorIndex
      while (next < anchors.length && (anchors[next]?.start ?? 0) < end) next++
      return {part: {kind: 'unit', end, sector: PARTY_DEPARTMENTS.get(department)}, next}
    }
    const anchor = anchors[anchorIndex]
    if (!anchor || anchor.start < at || anchor.start - at > 8 || !allCjk(shadow, at, anchor.start)) return undefined
    if (badFollower(shadow, anchor)) return undefined
    const stem = shadow.slice(at, anchor.start)
    const next = anchorIndex + 1
    // A regional office of a national system: 国家税务总局|杭州市税务局.
    if (head.kind === 'national') {
      const child = this.regionalHead(anchor, at)
      if (child && child.start === at) return {part: {...child.part, kind: 'child'}, next}
    }
    // 管理委员会 also ends a body's commission: 人民政府|国有资产监督管理|委员会.
    const managed = anchor.suffix === MANAGEMENT_COMMITTEE ? SECTOR_OF.get(`${stem}管理`) : undefined
    const stemSector = SECTOR_OF.get(stem) ?? managed
    if (IS_UNIT_SUFFIX.has(anchor.suffix) && (stemSector || (stem === '' && BARE_UNITS.has(anchor.suffix)))) {
      return {part: {kind: 'unit', end: anchor.end, sector: stemSector}, next}
    }
    if (head.kind === 'government' && stemSector && (IS_DEPT_SUFFIX.has(anchor.suffix) || managed !== undefined)) {
      return {part: {kind: 'dept', end: anchor.end, sector: stemSector}, next}
    }
    if (IS_BRANCH_SUFFIX.has(anchor.suffix)) {
      if (isPlaceStem(stem) || this.conjunctionNamedCounty(stem, head)) {
        return {part: {kind: 'branch', end: anchor.end, placeStem: stem, branchStart: at}, next}
      }
      // A branch named by place or number and its system: 姜山|税务|分局, 第一|税务|分局. A whole county or district
      // there is an agency of its own, or prose (…局联合县消防救援大队).
      const body = BODY_INDEX.endingAt(stem, stem.length, 1)[0]
      const named = body === undefined ? '' : stem.slice(0, stem.length - body.length)
      if (body !== undefined && ((isPlaceStem(named) && !REGION_TAIL_RE.test(named)) || ORDINAL_STEM.test(named))) {
        const sector = SECTOR_OF.get(body)
        const placeStem = isPlaceStem(named) ? named : undefined
        return {part: {kind: 'branch', end: anchor.end, branchStart: at, ...(placeStem ? {placeStem} : {}), ...(sector ? {sector} : {})}, next}
      }
    }
    return undefined
  }

  /** The party committee department starting at `at` when the head is a place's committee (杭州市委|组织部). */
  private partyDepartmentAt(at: number, head: Part): string | undefined {
    const {shadow} = this
    const spellings = PARTY_DEPARTMENTS_BY_FIRST.get(shadow.charCodeAt(at))
    // A place's committee is a chain and 委 (or 委员会) with no body between: 卫健委 has one.
    if (spellings === undefined || head.kind !== 'regional' || head.sector !== undefined || !head.chain?.length) return undefined
    const committee = shadow.charCodeAt(head.end - 1) === WEI || shadow.endsWith('委员会', head.end)
    if (!committee || !shadow.startsWith('委', head.chain[head.chain.length - 1]?.end ?? -1)) return undefined
    for (const spelling of spellings) {
      if (!shadow.startsWith(spelling, at)) continue
      const end = at + spelling.length
      const suffix = spelling.endsWith('部') ? '部' : spelling.slice(-1)
      // 组织部门 is "the organisation departments", no name.
      if (BAD_FOLLOWERS.get(suffix)?.has(shadow.charCodeAt(end)) === true) return undefined
      return spelling
    }
    return undefined
  }

  /**
   * A stem that opens with a conjunction names a branch only when it is a county of the head's own place:
   * 天津市公安局|和平|分局 is the 和平区 branch, where …局和富阳分局 is "and".
   */
  private conjunctionNamedCounty(stem: string, head: Part): boolean {
    if (!CONJUNCTIONS.has(stem[0] ?? '') || !head.chain?.length) return false
    return countyWithin(stem, this.book.pathOf(head.chain)) !== undefined
  }

  /** Every full name in the text, left to right, non-overlapping. */
  scan(): Found[] {
    const found: Found[] = []
    const {anchors} = this
    let pos = 0
    for (let i = 0; i < anchors.length; i++) {
      const anchor = anchors[i]
      if (!anchor || anchor.start < pos) continue
      const head = this.regionalHead(anchor, pos) ?? this.nationalHead(anchor, pos)
      if (!head) continue
      const parts: Part[] = [head.part]
      let end = head.part.end
      let j = i + 1
      while (j < anchors.length && (anchors[j]?.end ?? 0) <= end) j++
      for (;;) {
        const last = parts[parts.length - 1]
        const sub = last ? this.subPart(end, j, parts[0] ?? last) : undefined
        if (!sub) break
        parts.push(sub.part)
        end = sub.part.end
        j = sub.next
      }
      found.push({start: head.start, end, parts})
      pos = end
      i = j - 1
    }
    return found
  }
}

interface TextReading {
  /** Leftmost-longest, non-overlapping anchors, like a regex alternation sorted by length. */
  anchors: Anchor[]
  /** Ends of the unit suffixes' last characters (市, 区, 县…), ascending: where region chains may end. */
  unitEnds: number[]
}

/**
 * One pass over a paragraph for both anchors and region suffixes: reading a long paragraph's characters costs
 * more than what either pass does with the few it stops at.
 */
function readText(shadow: string): TextReading {
  const reading: TextReading = {anchors: [], unitEnds: []}
  const roles = CHARACTER_ROLES
  const length = shadow.length
  // Where the next anchor may start: anchors do not overlap, unit ends are read everywhere.
  let free = 0
  for (let at = 0; at < length; at++) {
    const code = shadow.charCodeAt(at)
    const role = roles[code] ?? 0
    if ((role & (ANCHOR_START | UNIT_END)) === 0) continue
    if ((role & UNIT_END) !== 0) reading.unitEnds.push(at + 1)
    if ((role & ANCHOR_START) === 0 || at < free) continue
    // Most anchor characters start no anchor here (中, 人, 国…): a one-character anchor or a known second character.
    if ((role & ONE_CHARACTER_ANCHOR) === 0 && ((roles[shadow.charCodeAt(at + 1)] ?? 0) & ANCHOR_SECOND) === 0) continue
    free = anchorAt(shadow, at, code, reading.anchors) ?? free
  }
  return reading
}

/** Adds the longest anchor starting at `at` (whose first code unit is `code`) and returns where it ends. */
function anchorAt(shadow: string, at: number, code: number, anchors: Anchor[]): number | undefined {
  for (const suffix of ANCHOR_FIRST.get(code) ?? []) {
    if (shadow.startsWith(suffix, at)) {
      anchors.push({start: at, end: at + suffix.length, suffix})
      return at + suffix.length
    }
  }
  return undefined
}

// ---------------------------------------------------------------------------
// Level references: 县公安局 in a 桐庐县 report is 桐庐县公安局

/** Level words by code unit: the bare words that stand for the report's own place of that level. */
const LEVEL_OF = new Map([...'县区市旗省'].map((w) => [w.charCodeAt(0), w]))
const IS_LEVEL = new Uint8Array(0x10000)
for (const code of LEVEL_OF.keys()) IS_LEVEL[code] = 1
/** 1 where a body or a bare suffix may start, so 县城, 区域, 市民 cost one table read after the level word. */
const STARTS_BODY = new Uint8Array(0x10000)
for (const word of [...SECTOR_OF.keys(), ...BARE_SUFFIXES]) STARTS_BODY[word.charCodeAt(0)] = 1
/** Sectors of the lexicon: a body outside it after a level word may hold the word (市政|设施管理局). */
const LEXICON_SECTORS = new Set(Object.keys(SECTOR_WORDS))
/** How far before an anchor its level word may stand: the longest body (生态环境保护综合行政执法) and the word. */
const MAX_LEVEL_BEFORE = MAX_BODY + 1
/** Characters read after a level word: the longest bare name (人民代表大会常务委员会) and a unit after it. */
const MAX_REFERENCE = 32

/** Whether a division is what a level word names: 区 is a district, never an autonomous region (广西壮族自治区). */
function isLevel(unit: RegionInfo, level: string): boolean {
  return unit.name.endsWith(level) && (level !== '区' || unit.rank >= 3)
}

/**
 * The report's own place at each level word, worked out once and only when a reference asks: the nearest
 * division of that level on the home region's path (浙江省杭州市富阳区: 区 → 富阳区, 市 → 杭州市), unless the
 * texts name another division of that level and rank, when 县公安局 could be either county's.
 */
class LevelHomes {
  private readonly homes = new Map<string, RegionInfo | null>()
  private units: RegionInfo[] | undefined

  constructor(
    private readonly region: string | undefined,
    private readonly texts: readonly string[],
    private readonly book: RegionBook,
  ) {}

  get(level: string): RegionInfo | undefined {
    let home = this.homes.get(level)
    if (home === undefined) {
      home = this.find(level) ?? null
      this.homes.set(level, home)
    }
    return home ?? undefined
  }

  private find(level: string): RegionInfo | undefined {
    if (this.region === undefined) return undefined
    this.units ??= regionUnits(completeRegionPath(this.region), this.book)
    let home: RegionInfo | undefined
    for (const unit of this.units) if (isLevel(unit, level)) home = unit
    if (!home || this.texts.some((text) => namesOther(text, level, home, this.book))) return undefined
    // Names built on the home read its full path from the book (鼓楼区 is in several cities).
    this.book.learn(home, '')
    return home
  }
}

const SHENG = '省'.charCodeAt(0)

/** Whether `text` names a division of `home`'s level word and rank other than `home`: a second county. */
function namesOther(text: string, level: string, home: RegionInfo, book: RegionBook): boolean {
  for (let at = text.indexOf(level); at >= 0; at = text.indexOf(level, at + 1)) {
    const unit = divisionEndingAt(text, at + 1, book)
    if (!unit || unit.rank !== home.rank || unit.name === home.name || !unit.name.endsWith(level)) continue
    // A two-character county reads as one only where a name may start: 安徽省和县, not 市和县 or 相应县.
    const before = text.charCodeAt(at - unit.name.length)
    if (unit.name.length >= 3 || !isCjk(before) || before === SHENG) return true
  }
  return false
}

interface LevelReference {
  start: number
  end: number
  /** The name in full as written: the home's name, then the text after the level word. */
  text: string
  /** The name as the scanner reads it in `text`. */
  found: Found
}

/**
 * References by level word in one paragraph (…联合|县公安局|开展…), outside `taken` mentions. Each ends at an
 * anchor, so only the few characters before anchors are read. The home's name and what follows the level word
 * are read by the scanner itself, so a reference names exactly what the full name would.
 */
function levelReferences(
  text: string,
  shadow: string,
  reading: TextReading,
  taken: readonly AgencyMention[],
  homes: LevelHomes,
  book: RegionBook,
): LevelReference[] {
  const refs: LevelReference[] = []
  for (const anchor of reading.anchors) {
    // Level words are unit suffixes too: no need to read back from an anchor with none before it.
    if (!unitEndIn(reading.unitEnds, anchor.start - MAX_LEVEL_BEFORE + 1, anchor.start)) continue
    for (let at = anchor.start - 1; at >= 0 && anchor.start - at <= MAX_LEVEL_BEFORE; at--) {
      const code = shadow.charCodeAt(at)
      if (!isCjk(code)) break
      if (IS_LEVEL[code] !== 1 || STARTS_BODY[shadow.charCodeAt(at + 1)] !== 1 || !opensReference(shadow, at)) continue
      if (overlaps(taken, at, at + 1) || overlaps(refs, at, at + 1)) continue
      const home = homes.get(LEVEL_OF.get(code) ?? '')
      if (!home) continue
      const tail = at + 1
      const nameShadow = home.name + shadow.slice(tail, tail + MAX_REFERENCE)
      const nameReading = readText(nameShadow)
      const found = new Scanner(nameShadow, nameReading.anchors, book, nameReading.unitEnds).scan()[0]
      const head = found?.parts[0]
      const chain = head?.chain
      // The home must be the whole place (杭州市|场监管局 is no name), and the body one of the lexicon's.
      if (!found || found.start !== 0 || chain?.[chain.length - 1]?.end !== home.name.length) continue
      if (head?.sector !== undefined && !LEXICON_SECTORS.has(head.sector)) continue
      const end = tail + found.end - home.name.length
      if (overlaps(taken, at, end) || overlaps(refs, at, end)) continue
      refs.push({start: at, end, text: home.name + text.slice(tail, tail + MAX_REFERENCE), found})
    }
  }
  return refs
}

/** Whether spans are in order already: a stable sort would leave them as they are, and most paragraphs need none. */
function inStartOrder(spans: readonly {start: number}[]): boolean {
  for (let i = 1; i < spans.length; i++) if ((spans[i]?.start ?? 0) < (spans[i - 1]?.start ?? 0)) return false
  return true
}

function overlaps(spans: readonly {start: number; end: number}[], start: number, end: number): boolean {
  // A paragraph holds a handful of mentions; a plain loop beats any index here.
  for (const m of spans) if (m.start < end && start < m.end) return true
  return false
}

// ---------------------------------------------------------------------------
// Assembling agencies

const LEVEL_OF_RANK: Readonly<Record<RegionRank, AgencyLevel>> = {
  1: 'provincial',
  2: 'municipal',
  3: 'district-county',
  4: 'township',
}

interface AgencyRecord {
  name: string
  shortName?: string
  aliases: Set<string>
  parentName?: string
  level: AgencyLevel
  rank?: RegionRank
  region?: string
  sector?: string
  order: number
  mentions: number
  inTitle: boolean
  elisions: number[]
}

/**
 * Where a place-named branch sits: 富阳 → 富阳区 from what the text says, else the county of that name inside
 * the parent's region (北京市公安局|朝阳分局 → 北京市朝阳区; the gazetteer's 朝阳市 is in 辽宁省).
 */
function resolvePlace(
  stem: string,
  parent: AgencyRecord,
  shadows: readonly string[],
  book: RegionBook,
): {path: string; rank: RegionRank} | undefined {
  // 国家外汇管理局浙江省分局: a province written whole.
  const direct = REGION_TAIL_RE.test(stem) || stem.endsWith('省') ? book.get(stem) : undefined
  const known = direct ?? book.byStem(stem)
  if (known && (parent.region === undefined || liesWithin(known.path, parent.region))) return known
  const county = parent.region === undefined ? undefined : countyWithin(stem, parent.region)
  if (county) return county
  const parentRank = parent.rank ?? 1
  for (const suffix of ['区', '县', '市', '旗']) {
    const name = stem + suffix
    if (shadows.some((s) => s.includes(name))) {
      const rank = (suffix === '市' ? Math.min(parentRank + 1, 3) : 3) as RegionRank
      return {path: (parent.region ?? '') + name, rank}
    }
  }
  // 地区 there is an area (天安门地区分局), not a division: a prefecture of that name would be known.
  if (REGION_TAIL_RE.test(stem) && !stem.endsWith(AREA)) return {path: (parent.region ?? '') + stem, rank: 3}
  return undefined
}

/** Whether a region path lies inside another, either possibly written without its top units. */
function liesWithin(path: string, region: string): boolean {
  return path.includes(region) || completeRegionPath(path).startsWith(completeRegionPath(region))
}

export function recognizeAgencies(paragraphs: string[], context: AgencyContext = {}): AgencyRecognition {
  const shadows = context.shadows ?? paragraphs.map(simplifiedShadow)
  const title = context.title ?? ''
  const titleShadow = simplifiedShadow(title)
  const publisher = context.publisher?.trim() ?? ''
  const publisherShadow = simplifiedShadow(publisher)

  // The publisher is read last, so the order of first appearance is that of the title and body.
  const texts = [title, ...paragraphs, publisher]
  const shadowTexts = [titleShadow, ...shadows, publisherShadow]
  const readings = shadowTexts.map(readText)

  // Learn the admin geography first so every name resolves against all of it.
  const book = new RegionBook()
  shadowTexts.forEach((s, t) => learnRegionsEndingAt(s, readings[t]?.unitEnds ?? [], book))
  const founds = shadowTexts.map((s, t) =>
    outsideDefinitions(s, new Scanner(s, readings[t]?.anchors ?? [], book, readings[t]?.unitEnds ?? []).scan()),
  )
  const publisherAt = texts.length - 1
  // Only a whole name: 成都市人民政府门户网站 is a website, not the government.
  founds[publisherAt] = wholeName(founds[publisherAt] ?? [], publisherShadow.length)

  // Chains inside names teach too (某市某区 → 某区 sits under 某市).
  for (const list of founds) {
    for (const f of list) {
      const chain = f.parts[0]?.chain ?? []
      for (let k = 1; k < chain.length; k++) {
        const t = chain[k]
        if (t) book.learn({name: t.name, path: book.pathOf(chain.slice(0, k + 1)), rank: t.rank}, t.stem)
      }
    }
  }

  const records = new Map<string, AgencyRecord>()
  let order = 0
  // Every step asks for a name's parts again; the same strings also keep their hashes for the record maps.
  const namesOf = new Map<Found, string[]>()
  const partNames = (text: string, f: Found): string[] => {
    let names = namesOf.get(f)
    if (names === undefined) {
      const head = f.parts[0]
      const canonical = head?.national?.canonical
      names = f.parts.map((p) =>
        canonical && head ? canonical + text.slice(head.end, p.end) : text.slice(f.start, p.end),
      )
      namesOf.set(f, names)
    }
    return names
  }

  const register = (text: string, f: Found, inTitle: boolean): void => {
    const names = partNames(text, f)
    const elisions = elisionOffsets(f)
    // The full name first, then its ancestors, so a child precedes the parent it introduced.
    for (let i = f.parts.length - 1; i >= 0; i--) {
      const name = names[i]
      const part = f.parts[i]
      if (!name || !part) continue
      let rec = records.get(name)
      if (!rec) {
        const parentName = i > 0 ? names[i - 1] : part.national?.parent
        rec = {name, aliases: new Set(), parentName, level: 'other', order: order++, mentions: 0, inTitle: false, elisions}
        records.set(name, rec)
      }
      if (inTitle && i === f.parts.length - 1) rec.inTitle = true
      if (i === 0) {
        const written = text.slice(f.start, part.end)
        if (written !== name) rec.aliases.add(written)
      }
    }
  }

  // Attributes need every record in place (a branch asks its parent).
  const attributes = (text: string, f: Found): void => {
    const names = partNames(text, f)
    let parent: AgencyRecord | undefined
    f.parts.forEach((part, i) => {
      const rec = records.get(names[i] ?? '')
      if (!rec) return
      if (part.national) {
        // An office with a seat (杭州海关) ranks with its seat; the rest are national.
        const seat = part.national.seat
        if (seat) {
          rec.rank = seat.rank
          rec.region = seat.path
        }
        rec.level = seat ? LEVEL_OF_RANK[seat.rank] : 'national'
        rec.sector ??= part.national.sector
        // A national entry's curated parent must exist as an entry too.
        if (part.national.parent && !records.has(part.national.parent)) {
          const p = NATIONAL.get(part.national.parent)
          records.set(part.national.parent, {
            name: part.national.parent,
            aliases: new Set(),
            parentName: p?.parent,
            level: 'national',
            sector: p?.sector,
            order: rec.order + 0.5,
            mentions: 0,
            inTitle: false,
            elisions: [],
          })
        }
      } else if (part.chain && part.chain.length > 0) {
        const last = part.chain[part.chain.length - 1]
        rec.rank = last?.rank
        rec.level = last ? LEVEL_OF_RANK[last.rank] : 'other'
        rec.region = book.pathOf(part.chain)
        rec.sector ??= part.sector
      } else if (parent && part.kind === 'branch' && part.placeStem) {
        const place = resolvePlace(part.placeStem, parent, shadowTexts, book)
        if (place) {
          rec.rank = place.rank
          rec.level = LEVEL_OF_RANK[place.rank]
          rec.region = place.path
        } else {
          const rank = parent.rank === undefined ? undefined : (Math.min(parent.rank + 1, 4) as RegionRank)
          rec.rank = rank
          rec.level = rank === undefined ? 'other' : LEVEL_OF_RANK[rank]
          rec.region = parent.region
        }
        rec.sector ??= parent.sector
      } else if (parent) {
        rec.rank = parent.rank
        rec.level = parent.level
        rec.region = parent.region
        rec.sector ??= part.sector ?? parent.sector
      }
      parent = rec
    })
  }

  founds.forEach((list, t) => list.forEach((f) => register(texts[t] ?? '', f, t === 0)))
  founds.forEach((list, t) => list.forEach((f) => attributes(texts[t] ?? '', f)))

  // Shorter spellings that only drop leading admin units are the same agency.
  const canon = new Map<string, string>()
  const resolve = (name: string): string => {
    let n = name
    for (let guard = 0; guard < 8; guard++) {
      const next = canon.get(n)
      if (next === undefined || next === n) break
      n = next
    }
    return n
  }
  for (const rec of [...records.values()].sort((a, b) => b.name.length - a.name.length)) {
    for (const off of rec.elisions) {
      const variant = rec.name.slice(off)
      if (variant !== rec.name && records.has(variant) && !canon.has(variant)) canon.set(variant, resolve(rec.name))
    }
  }
  // An abbreviated body names the same agency as the full one in the same place: 杭州市市场监管局 in a title is
  // the 浙江省杭州市市场监督管理局 of the text.
  // Agencies without a parent go first, so children compare parents already merged (中共桐庐县委员会宣传部 and
  // 桐庐县委宣传部 once 桐庐县委 is 中共桐庐县委员会).
  const byBody = new Map<string, AgencyRecord>()
  const longestFirst = [...records.values()].sort((a, b) => b.name.length - a.name.length)
  for (const withParent of [false, true]) {
    for (const rec of longestFirst) {
      if ((rec.parentName !== undefined) !== withParent || canon.has(rec.name)) continue
      const key = bodyKey(rec)
      if (key === undefined) continue
      const full = byBody.get(key)
      if (!full) byBody.set(key, rec)
      else if (full.parentName === rec.parentName || (withParent && resolve(full.parentName ?? '') === resolve(rec.parentName ?? ''))) {
        canon.set(rec.name, resolve(full.name))
      }
    }
  }
  for (const [variant, target] of canon) {
    const from = records.get(variant)
    const to = records.get(resolve(target))
    if (!from || !to) continue
    to.aliases.add(variant)
    for (const a of from.aliases) to.aliases.add(a)
    to.shortName ??= from.shortName
    to.order = Math.min(to.order, from.order)
    to.inTitle ||= from.inTitle
    records.delete(variant)
  }

  /**
   * The record a name built from a level reference stands for: one the text names already (桐庐县公安局, or
   * 杭州市桐庐县公安局 and 桐庐县市场监督管理局 for 桐庐县市场监管局), else new records for it and its parents.
   * No alias records the level word: 县公安局 names every county's police, and agency documents are shared.
   */
  const adopt = (text: string, f: Found): string => {
    const names = partNames(text, f)
    const full = names.at(-1) ?? ''
    if (records.has(resolve(full))) return resolve(full)
    const fresh = names.filter((n) => !records.has(n))
    register(text, f, false)
    attributes(text, f)
    for (const name of fresh) {
      const rec = records.get(name)
      const twin = rec && twinOf(rec, records, fresh)
      if (!twin) continue
      canon.set(name, twin.name)
      records.delete(name)
    }
    return resolve(full)
  }

  // Short forms: defined ones, and place-branch tails (富阳分局) that are unambiguous.
  const shortForms = new Map<string, string>()
  const implicit = new Map<string, string | null>()
  founds.forEach((list, t) => {
    const text = texts[t] ?? ''
    for (const f of list) {
      const target = resolve(partNames(text, f).at(-1) ?? '')
      const rec = records.get(target)
      if (!rec) continue
      const defined = definedShortForms(text, f.end)
      defined.forEach((s, k) => {
        if (s === rec.name) return
        if (k === 0 && rec.shortName === undefined) rec.shortName = s
        else if (s !== rec.shortName) rec.aliases.add(s)
        if (!shortForms.has(simplifiedShadow(s))) shortForms.set(simplifiedShadow(s), target)
      })
      const last = f.parts[f.parts.length - 1]
      if (last?.kind === 'branch' && last.branchStart !== undefined) {
        const tail = simplifiedShadow(text.slice(last.branchStart, f.end))
        const seen = implicit.get(tail)
        implicit.set(tail, seen === undefined || seen === target ? target : null)
      }
    }
  })
  // A defined short form that reads like a full name (富阳区市场监管局) names the same agency.
  const recordByShadow = new Map<string, AgencyRecord>()
  for (const rec of records.values()) {
    const shadow = simplifiedShadow(rec.name)
    if (!recordByShadow.has(shadow)) recordByShadow.set(shadow, rec)
  }
  for (const [short, target] of shortForms) {
    const twin = recordByShadow.get(short)
    const to = records.get(target)
    if (!twin || twin.name === target || !to || !records.has(twin.name)) continue
    canon.set(twin.name, target)
    for (const alias of twin.aliases) if (alias !== to.name) to.aliases.add(alias)
    if (twin.name !== to.shortName) to.aliases.add(twin.name)
    to.order = Math.min(to.order, twin.order)
    to.inTitle ||= twin.inTitle
    records.delete(twin.name)
    for (const rec of records.values()) if (rec.parentName === twin.name) rec.parentName = target === rec.name ? undefined : target
  }
  for (const [tail, target] of implicit) {
    if (target !== null && !shortForms.has(tail)) shortForms.set(tail, target)
  }
  const shortList = [...shortForms.keys()].sort((a, b) => b.length - a.length)

  // Mentions: full names first, then short forms in the gaps.
  const mentions: AgencyMention[][] = paragraphs.map((text, p) => {
    const list: AgencyMention[] = (founds[p + 1] ?? []).map((f) => ({
      start: f.start,
      end: f.end,
      agencyName: resolve(partNames(text, f).at(-1) ?? ''),
    }))
    const shadow = shadows[p] ?? ''
    for (const short of shortList) {
      const target = shortForms.get(short)
      if (!target) continue
      for (let at = shadow.indexOf(short); at >= 0; at = shadow.indexOf(short, at + short.length)) {
        const end = at + short.length
        // A paragraph holds a handful of mentions; a plain loop beats any index here.
        let overlaps = false
        for (const m of list) {
          if (m.start < end && at < m.end) {
            overlaps = true
            break
          }
        }
        if (overlaps) continue
        list.push({start: at, end, agencyName: target})
        const written = text.slice(at, end)
        const rec = records.get(target)
        if (rec && written !== rec.shortName && written !== rec.name) rec.aliases.add(written)
      }
    }
    if (!inStartOrder(list)) list.sort((a, b) => a.start - b.start)
    for (const m of list) {
      const rec = records.get(m.agencyName)
      if (rec) rec.mentions++
    }
    return list
  })

  // The title may name an agency by a short form only.
  for (const rec of records.values()) {
    if (rec.inTitle || !title) continue
    const spellings = [rec.name, rec.shortName, ...rec.aliases].filter((s): s is string => !!s && s.length >= 3)
    rec.inTitle = spellings.some((s) => titleShadow.includes(simplifiedShadow(s)))
  }

  const publisherFound = founds[publisherAt]?.[0]
  const publisherRec = publisherFound ? records.get(resolve(partNames(publisher, publisherFound).at(-1) ?? '')) : undefined
  const all = [...records.values()].sort((a, b) => a.order - b.order)
  let primary: AgencyRecord | undefined
  for (const rec of all) {
    if (
      !primary ||
      Number(rec.inTitle) > Number(primary.inTitle) ||
      (rec.inTitle === primary.inTitle && rec.mentions > primary.mentions)
    ) {
      primary = rec
    }
  }
  let ordered = primary ? [primary, ...all.filter((r) => r !== primary)] : all
  if (publisherRec && !publisherRec.inTitle) {
    const rest = ordered.filter((r) => r !== publisherRec)
    ordered = [...rest.filter((r) => r.inTitle), publisherRec, ...rest.filter((r) => !r.inTitle)]
  }

  // Bare level words (县公安局) name bodies of the primary's place; they follow the agencies the text names in full.
  const homes = new LevelHomes(ordered[0]?.region ?? publisherRec?.region, shadowTexts, book)
  paragraphs.forEach((text, p) => {
    const list = mentions[p]
    if (!list) return
    const reading = readings[p + 1] ?? {anchors: [], unitEnds: []}
    const refs = levelReferences(text, shadows[p] ?? '', reading, list, homes, book)
    for (const ref of refs) {
      const rec = records.get(adopt(ref.text, ref.found))
      if (!rec) continue
      list.push({start: ref.start, end: ref.end, agencyName: rec.name})
      rec.mentions++
    }
    if (refs.length > 0) list.sort((a, b) => a.start - b.start)
  })
  const listed = new Set(ordered)
  for (const rec of records.values()) if (!listed.has(rec)) ordered.push(rec)

  // Every report's spelling of one agency must make one document: names go out written in full, and the
  // spelling of this report stays as an alias. A child reads its parent's full name, then its own part.
  const official = officialNamesOf(ordered, records, resolve)
  const finalName = (name: string): string => official.get(name) ?? name
  for (const list of mentions) for (const m of list) m.agencyName = finalName(m.agencyName)

  const agencies = ordered.map((rec): RecognizedAgency => {
    const parentName = rec.parentName === undefined ? undefined : finalName(resolve(rec.parentName))
    const name = finalName(rec.name)
    const aliases = [...new Set([rec.name, ...rec.aliases])].filter((a) => a !== name && a !== rec.shortName)
    return {
      name,
      ...(rec.shortName !== undefined && {shortName: rec.shortName}),
      aliases,
      ...(parentName !== undefined && parentName !== name && {parentName}),
      level: rec.level,
      ...(rec.region && {region: completeRegionPath(rec.region)}),
      ...(rec.sector && {sector: rec.sector}),
    }
  })
  return {agencies, mentions, ...(publisherRec && {publisher: finalName(publisherRec.name)})}
}

/**
 * Each record's name written in full (`officialName`), by its written name. A child reads its parent's full name,
 * then its own part. Two records never share a name: one that another holds already stays as written.
 */
function officialNamesOf(
  ordered: readonly AgencyRecord[],
  records: ReadonlyMap<string, AgencyRecord>,
  resolve: (name: string) => string,
): Map<string, string> {
  const official = new Map<string, string>()
  const taken = new Set(records.keys())
  const officialOf = (rec: AgencyRecord, depth: number): string => {
    let name = official.get(rec.name)
    if (name !== undefined) return name
    const parent = rec.parentName === undefined ? undefined : records.get(resolve(rec.parentName))
    // The parent as this name spells it (杭州市市场监管局|稽查局 under 浙江省杭州市市场监督管理局).
    let spelling: string | undefined
    if (parent !== undefined && parent !== rec && depth < 8) {
      if (rec.name.startsWith(parent.name)) spelling = parent.name
      for (const s of parent.aliases) if (rec.name.startsWith(s) && s.length > (spelling?.length ?? 0)) spelling = s
    }
    name = namedAsPlaced(officialName(parent && spelling ? officialOf(parent, depth + 1) + rec.name.slice(spelling.length) : rec.name), rec.region)
    if (name !== rec.name && taken.has(name)) name = rec.name
    taken.add(name)
    official.set(rec.name, name)
    return name
  }
  for (const rec of ordered) officialOf(rec, 0)
  return official
}

/**
 * The place words a name starts with, as agencies of that place write them, so that every report's spelling
 * of one agency makes one document:
 * - below a province, without the province (浙江省杭州市市场监督管理局 → 杭州市市场监督管理局): a city's name says
 *   where it is. Municipalities (北京市朝阳区…) and provincial agencies keep theirs;
 * - a district's with its city, or its municipality (富阳区市场监督管理局 → 杭州市富阳区市场监督管理局,
 *   西城区… → 北京市西城区…), as district agencies sign;
 * - a county's, banner's or county-level city's without its city or province (杭州市桐庐县教育局 → 桐庐县教育局,
 *   安徽省和县公安局 → 和县公安局), as they sign.
 * Only a region the county list places counts: a bare 鼓楼区 stays as written, and so does a division directly
 * under its province (湖北省仙桃市…). A party committee's 中共 comes first.
 */
function namedAsPlaced(name: string, region: string | undefined): string {
  if (region === undefined) return name
  // Agencies recur across a batch: each name and region is placed once, bounded like the other caches.
  const key = `${name}\u0000${region}`
  let placed = placedNames.get(key)
  if (placed === undefined) {
    placed = copyOf(placeName(name, region))
    if (placedNames.size >= SLUG_CACHE_LIMIT) placedNames.delete(placedNames.keys().next().value as string)
    placedNames.set(copyOf(key), placed)
  }
  return placed
}
const placedNames = new Map<string, string>()

function placeName(name: string, region: string): string {
  const path = completeRegionPath(region)
  const unit = countyOf(path)
  if (unit === undefined || unit.above === '') return withoutProvince(name, path)
  const party = PARTY_PREFIXES.find((p) => name.startsWith(p)) ?? ''
  const rest = name.slice(party.length)
  const province = PROVINCES.find(([full]) => path.startsWith(full))?.[0] ?? ''
  const prefix = DISTRICT_RE.test(unit.county) ? unit.above : ''
  // However the report wrote the places above the county (浙江省杭州市, 杭州市, 安徽省 skipping the city, none).
  for (const written of [province + unit.above, unit.above, province, '']) {
    if (rest.startsWith(written + unit.county)) return party + prefix + rest.slice(written.length)
  }
  return withoutProvince(name, path)
}

/** A district (区, 新区), not a special or forestry district (六枝特区, 神农架林区), which sign alone. */
const DISTRICT_RE = /(?<![特林])区$/

/** The city unit a region path below its province starts with: 杭州市 of 杭州市富阳区. */
const CITY_UNIT_RE = /^.+?(?:自治州|地区|盟|市)/

/** 浙江省杭州市市场监督管理局 → 杭州市市场监督管理局; a municipality's (北京市…) and a province's own stay whole. */
function withoutProvince(name: string, path: string): string {
  for (const [province] of PROVINCES) {
    if (!name.startsWith(province) || !path.startsWith(province)) continue
    if (province.endsWith('市')) return name
    const city = CITY_UNIT_RE.exec(path.slice(province.length))?.[0]
    return city !== undefined && name.startsWith(city, province.length) ? name.slice(province.length) : name
  }
  return name
}

/**
 * An earlier record that is the same agency as `rec`: the same name in traditional characters, a longer spelling
 * (杭州市|桐庐县公安局), or the same body of the same place written otherwise (市场监督管理局 for 市场监管局).
 * `fresh` names records made with `rec`.
 */
function twinOf(rec: AgencyRecord, records: ReadonlyMap<string, AgencyRecord>, fresh: readonly string[]): AgencyRecord | undefined {
  const key = placedBodyKey(rec)
  const shadow = simplifiedShadow(rec.name)
  for (const other of records.values()) {
    if (other === rec || fresh.includes(other.name)) continue
    if (simplifiedShadow(other.name) === shadow) return other
    if (other.elisions.some((off) => simplifiedShadow(other.name.slice(off)) === shadow)) return other
    if (key !== undefined && other.parentName === rec.parentName && placedBodyKey(other) === key) return other
  }
  return undefined
}

/** `bodyKey` with the region completed, since one spelling may carry its city and the other not. */
function placedBodyKey(rec: AgencyRecord): string | undefined {
  return bodyKey({...rec, ...(rec.region !== undefined && {region: completeRegionPath(rec.region)})})
}

/** The one name spanning all of `length`, if that is what was found. */
function wholeName(found: Found[], length: number): Found[] {
  const only = found[0]
  return found.length === 1 && only && only.start === 0 && only.end === length ? found : []
}
