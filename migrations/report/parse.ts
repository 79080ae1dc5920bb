/**
 * Plain-text report → title, banner headlines, lead summary and body blocks.
 * Pure and linear in the size of the text.
 *
 * Failure is a value, not an exception: `parseReport` returns
 * `{ok: false, reason}` (reason starts with `no title found`) when nothing
 * usable is left after boilerplate, or when there is no repeated-title line
 * and the first line reads like a paragraph rather than a title.
 *
 * Title rules, in order:
 * 1. Scrapes often carry stray banner headlines, then the title, then the
 *    title glued to a truncated copy of the lead. A title-like line (within
 *    the first MAX_BANNERS + 1 lines) that the NEXT line starts with is the
 *    title; lines before it are banners (relatedHeadlines); the repeat line
 *    is dropped once its remainder is found verbatim at the start of the
 *    following paragraph(s). An unverified repeat only counts when the title
 *    is the first line (the remainder is then kept as a paragraph, with a
 *    warning), so a coincidence further down cannot eat the real title.
 * 2. Otherwise the first line is the title if it looks like one.
 *
 * Block text is the source line with only its outer whitespace trimmed. A
 * run-in heading `（一）完善制度体系。全年共办理…` becomes two blocks on the same
 * line whose texts concatenate to that line exactly: the heading keeps its
 * terminator (`（一）完善制度体系。`) and the paragraph is the rest, untouched.
 */
import {normalizeDate, stripBoilerplate, type ReportMeta, type SourceLine} from './boilerplate'
import {isTableHeader, isTableRow} from './table-row'
import {endsSentence, unwrapLines, type LogicalLine} from './unwrap'

export interface ParsedBlock {
  style: 'normal' | 'h2' | 'h3'
  text: string
  /** 0-based source line; a split run-in heading gives two blocks on one line. */
  line: number
  /** The last source line, when the block is a hard-wrapped paragraph joined from several. */
  endLine?: number
}

export interface ParsedReport {
  title: string
  /** A line right under the title that opens with a dash (——安吉县推进乡村振兴工作纪实), as written. */
  subtitle?: string
  /** Stray banner headlines before the title. */
  relatedHeadlines: string[]
  /** The full lead paragraph (first normal block), not the truncated copy; '' when there is none. */
  summary: string
  /** Body in order; the lead paragraph is the first normal block. */
  blocks: ParsedBlock[]
  language: 'zh-Hans' | 'zh-Hant'
  meta: ReportMeta
  warnings: string[]
}

export type ParseResult = {ok: true; report: ParsedReport} | {ok: false; reason: string}

export const MAX_TITLE_LENGTH = 64
/** Longer lines are paragraphs even without final punctuation. */
export const MAX_HEADING_LENGTH = 40
/** How many banner lines may precede a repeated title. */
export const MAX_BANNERS = 5
/** A run-in heading's words between marker and terminator. */
const MAX_RUN_IN_LENGTH = 24

export function parseReport(text: string): ParseResult {
  const lines = splitLines(text)
  const stripped = stripBoilerplate(lines)
  const meta = stripped.meta
  // Hard-wrapped paragraphs are joined first: a wrapped title or truncated copy is then one line like any other.
  const unwrapped = unwrapLines(stripped.kept, lines)
  const kept: readonly LogicalLine[] = unwrapped.lines
  const first = kept[0]
  if (!first) return {ok: false, reason: 'no title found: the text is only scrape boilerplate'}

  const warnings: string[] = []
  if (unwrapped.joined > 0) {
    warnings.push(`hard-wrapped text (${unwrapped.width} a line): joined ${unwrapped.joined} lines back into their paragraphs`)
  }
  const repeat = findRepeatedTitle(kept)
  let titleIndex = 0
  let bodyStart = 1
  const leadIn: ParsedBlock[] = []
  if (repeat) {
    titleIndex = repeat.index
    bodyStart = repeat.index + 1 + repeat.copies
    const copy = kept[repeat.index + repeat.copies]
    if (copy && !repeat.verified) {
      const rest = copy.text.slice(titleOf(kept[repeat.index]?.text ?? '').title.length).trim()
      if (rest !== '') {
        leadIn.push({style: 'normal', text: rest, line: copy.line, ...(copy.endLine === undefined ? {} : {endLine: copy.endLine})})
        warnings.push(`line ${copy.line + 1} starts with the title but the rest is not in the body; kept the rest as a paragraph`)
      }
    }
  } else if (!isTitleLike(titleOf(first.text).title)) {
    return {ok: false, reason: 'no title found: the first line reads like a paragraph'}
  }

  const titled = titleOf(kept[titleIndex]?.text ?? first.text)
  const title = titled.title
  // ——安吉县推进乡村振兴工作纪实 under the title is its subtitle, not the body's first heading.
  const subtitleLine = kept[bodyStart]
  const subtitle = subtitleLine && leadIn.length === 0 && isSubtitle(subtitleLine.text) ? subtitleLine.text : undefined
  if (subtitle !== undefined) bodyStart++
  if (titled.publishedAt !== undefined) meta.publishedAt ??= titled.publishedAt
  const blocks = [...leadIn, ...classify(kept.slice(bodyStart))]
  // A bulletin dated under its title (2024年3月15日 after the issuing bodies) was published that day.
  // Else a report signed and dated at its end (…管理局 / 2024年10月12日) was issued that day.
  for (const block of [...blocks.slice(0, 2), ...blocks.slice(-2).reverse()]) {
    if (meta.publishedAt !== undefined || block.style !== 'normal' || !SIGN_OFF.test(block.text)) continue
    const date = normalizeDate(block.text)
    if (date !== undefined) meta.publishedAt = date
  }
  const summary = blocks.find((b) => b.style === 'normal' && isLeadCandidate(b.text))?.text ?? ''
  if (blocks.length === 0) warnings.push('no body text after the title')
  else if (summary === '') warnings.push('no lead paragraph: every body line is a heading')

  return {
    ok: true,
    report: {
      title,
      ...(subtitle === undefined ? {} : {subtitle}),
      relatedHeadlines: kept.slice(0, titleIndex).map((l) => l.text),
      summary,
      blocks,
      language: detectLanguage(title, blocks),
      meta,
      warnings,
    },
  }
}

/** A dash, then words: ——记…, —— …纪实. */
const SUBTITLE_START = /^(?:——|──|－－|--|—|─)\s*[^\s—─－-]/

/** A subtitle line: opens with a dash, is title-sized and ends no sentence. */
function isSubtitle(text: string): boolean {
  return SUBTITLE_START.test(text) && text.length <= MAX_TITLE_LENGTH && !endsSentence(text)
}

/** Lines for any line ending; most files use \n alone, and splitting on a string is far cheaper than on a regex. */
function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n')
}

// ---------------------------------------------------------------- title

/** Sentence ends that a title never has (！？ are allowed: news headlines exclaim and ask). */
const TITLE_END = new Set([...'。；：，、,.;:…'])
/** Closing quotes and brackets, looked through when checking how a line ends. */
const CLOSERS = new Set([...'”’」』"\'）)'])
const HAS_LETTER = /\p{L}/u

export function isTitleLike(t: string): boolean {
  if (t.length < 2 || t.length > MAX_TITLE_LENGTH || !HAS_LETTER.test(t) || /[。；]/.test(t)) return false
  const last = lastMeaningful(t)
  return last !== '' && !TITLE_END.has(last)
}

function lastMeaningful(t: string): string {
  let i = t.length - 1
  while (i >= 0 && CLOSERS.has(t.charAt(i))) i--
  return i >= 0 ? t.charAt(i) : ''
}

interface Repeat {
  index: number
  /** Lines after the title that repeat it: 1, or 2 for the title twice and then a truncated copy, or more for a copy wrapped onto further lines. */
  copies: number
  /** The repeat line's remainder was found at the start of the following paragraph(s). */
  verified: boolean
}

function findRepeatedTitle(kept: readonly SourceLine[]): Repeat | undefined {
  const limit = Math.min(kept.length - 1, MAX_BANNERS + 1)
  let unverified: Repeat | undefined
  for (let i = 0; i < limit; i++) {
    // Banners read like headlines; past a line that does not, no later line is the title.
    if (i > 0 && !isTitleLike(titleOf(kept[i - 1]?.text ?? '').title)) break
    const title = titleOf(kept[i]?.text ?? '').title
    const next = kept[i + 1]?.text ?? ''
    if (!next.startsWith(title) || !isTitleLike(title)) continue
    const rest = next.slice(title.length)
    // The title twice, then a truncated copy: both repeats go.
    const third = kept[i + 2]?.text ?? ''
    if (rest.trim() === '' && third.startsWith(title) && third !== title && copyVerified(third.slice(title.length), kept, i + 3)) {
      return {index: i, copies: 2, verified: true}
    }
    // A wrapped copy whose pieces (…综合考评全区) stayed lines of their own, since a truncated copy ends
    // mid-sentence; checked first, most pieces first, as a piece could otherwise pass for a byline before the lead.
    for (let pieces = MAX_COPY_PIECES; pieces >= 1; pieces--) {
      const following = kept.slice(i + 2, i + 2 + pieces)
      if (following.length < pieces || !following.every((l) => !endsSentence(l.text))) continue
      if (copyVerified(rest + following.map((l) => l.text).join(''), kept, i + 2 + pieces)) return {index: i, copies: 1 + pieces, verified: true}
    }
    if (copyVerified(rest, kept, i + 2)) return {index: i, copies: 1, verified: true}
    // The first line repeated without a lead to check is the title, unless a checked repeat follows (a banner
    // that is the start of the title: 省生态环境厅召开会议 / 省生态环境厅召开会议部署全年工作).
    if (i === 0) unverified = {index: 0, copies: 1, verified: false}
  }
  return unverified
}

/** Whether a truncated copy continues into the lead, which a caption or byline may precede (图为…, 记者 王磊). */
function copyVerified(rest: string, kept: readonly SourceLine[], from: number): boolean {
  const copy = rest.replace(MORE_LINK, '')
  for (let skip = 0; skip <= MAX_LINES_BEFORE_LEAD; skip++) if (remainderContinues(copy, kept, from + skip)) return true
  return false
}

/** A title line with a date glued on (富阳开展执法行动 2024-03-05): the title, and the date as published. */
export function titleOf(line: string): {title: string; publishedAt?: string} {
  // A date ends in a digit or 日; most lines end otherwise, and skip the regex.
  const last = line.charCodeAt(line.length - 1)
  if (!((last >= 0x30 && last <= 0x39) || last === RI)) return {title: line}
  const m = TRAILING_DATE.exec(line)
  const title = m?.[1]
  const publishedAt = m?.[2] === undefined ? undefined : normalizeDate(m[2])
  return title !== undefined && publishedAt !== undefined && isTitleLike(title) ? {title, publishedAt} : {title: line}
}
const RI = '日'.charCodeAt(0)
const TRAILING_DATE = /^(.*\S)\s+([12]\d{3}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?)$/

/**
 * A line as compared when checking a truncated copy: scrapes change spacing, leave &nbsp; and swap full-width
 * and ASCII commas between the copy and the lead.
 */
function loose(text: string): string {
  return text.replace(LOOSE_DROP, '').replace(/,/g, '，')
}
const LOOSE_DROP = /&nbsp;|\s+/g

/** Lines a wrapped truncated copy may run on to. */
const MAX_COPY_PIECES = 3
/** Lines that may separate a truncated copy from its lead. */
const MAX_LINES_BEFORE_LEAD = 2
/** A "read more" link closing a truncated copy: …[详细], 详细>>, [查看全文]. */
const MORE_LINK = /\s*(?:[[［【]\s*(?:详细|详情|更多|全文|查看全文|阅读全文)\s*[\]］】]|(?:详细|更多|阅读全文)\s*(?:>>|＞＞|»))\s*$/
/** A dateline before the lead, which the truncated copy leaves out: 本报讯（记者 王磊）, 新华社杭州3月5日电. */
const DATELINE = /^(?:(?:本报|本网|本台|本刊)讯\s*(?:[（(][^）)]{0,30}[）)])?|[^，。\s]{2,12}\d{1,2}月\d{1,2}日电\s*(?:[（(][^）)]{0,30}[）)])?)\s*/

/**
 * Whether `rest` (the truncated lead after the repeated title) is a prefix
 * of the following lines joined together. The scrape may run past the
 * lead into the next paragraph, as in the seed. Linear in rest's length.
 */
function remainderContinues(rest: string, kept: readonly SourceLine[], from: number): boolean {
  const r = loose(rest.replace(/(?:\.{2,}|…+|。{2,})$/, ''))
  if (r === '') return true
  let pos = 0
  for (let j = from; j < kept.length; j++) {
    const line = loose(kept[j]?.text ?? '')
    const t = j === from && !line.startsWith(r.slice(0, 2)) ? line.replace(DATELINE, '') : line
    const left = r.length - pos
    if (left <= t.length) return t.startsWith(r.slice(pos))
    if (!r.startsWith(t, pos)) return false
    pos += t.length
    while (pos < r.length && /\s/.test(r.charAt(pos))) pos++
    if (pos === r.length) return true
  }
  return false
}

// ---------------------------------------------------------------- blocks

/** Enumeration markers by depth: 第一章 > 第一节 > 一、 > （一） > 1. > （1） > ①. */
const MARKERS: readonly (readonly [RegExp, number])[] = [
  [/^第[一二三四五六七八九十百零〇两0-9０-９]+(?:部分|章|篇)/, 0],
  [/^第[一二三四五六七八九十百零〇两0-9０-９]+节/, 1],
  [/^[一二三四五六七八九十百]+[、．.]/, 2],
  [/^[（(][一二三四五六七八九十百]+[）)]/, 3],
  [/^[0-9０-９]{1,2}(?:[、．]|\.(?![0-9])|\.(?=(?:19|20)\d{2}年))/, 4],
  [/^[（(][0-9０-９]{1,2}[）)]/, 5],
  [/^[①-⑳]/, 6],
]

const HEADING_END = new Set([...'。！？；：，、…,.!?;:'])
const SENTENCE_INSIDE = /[。！？；!?;]/
/** Openings of in-paragraph enumerations and captions, never headings. */
const NOT_HEADING = /^(?:[一二三四五六七八九十]是|首先|其次|再次|图为|图片|本报讯|▲|(?:计量)?单位[:：]|附件\s*\d*\s*[:：]|附[:：])/
/** Photo credits end a caption, never a heading: 执法人员检查企业台账（张三 摄）. */
const PHOTO_CREDIT = /[（(][^（）()]{0,24}摄[）)]$/
const CAPTION_START = /^(?:图为|图片|图：|图:|▲|【?编者按|编者的话|(?:计量)?单位[:：])/

/** A photo caption or an editor's note: kept in the body, but never the summary. */
function isCaption(t: string): boolean {
  return CAPTION_START.test(t) || PHOTO_CREDIT.test(t)
}
/** Where a run-in heading stops. */
// An ASCII full stop between Chinese words ends one too: (一)完善制度体系.全年…; 3.5 is a number.
const RUN_IN_END = /[。：:！]|(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff])/g
/**
 * Characters that spell foreign names: a dot between two of them joins a transliterated name (约翰.史密斯,
 * typed for 约翰·史密斯) and ends no heading.
 */
const TRANSLITERATION = new Set(
  '阿埃艾爱安奥巴拜邦贝本比彼伯勃布查达戴丹德登迪蒂丁杜多厄恩法菲费芬弗福盖甘戈格贡古哈海汉翰赫亨华怀霍基吉加杰捷金卡凯坎康柯科克肯库奎拉莱赖兰朗劳勒雷蕾里丽利莉林琳留隆卢鲁路伦罗洛玛马迈麦曼梅门蒙米密敏莫姆穆纳娜南内尼妮宁纽诺欧帕潘佩皮珀普齐奇乔琼萨塞赛桑瑟森沙莎史什施舒斯丝松苏索塔泰汤唐特提托威韦维温文沃乌西希谢辛休雅亚扬耶伊因英尤约詹朱兹佐',
)

/** Offset in `words` where a run-in heading ends, or -1. */
function runInEnd(words: string): number {
  RUN_IN_END.lastIndex = 0
  for (let m = RUN_IN_END.exec(words); m; m = RUN_IN_END.exec(words)) {
    const k = m.index
    if (words[k] !== '.' || !TRANSLITERATION.has(words[k - 1] ?? '') || !TRANSLITERATION.has(words[k + 1] ?? '')) return k
  }
  return -1
}
const RUN_IN_BAD = /[；;0-9０-９]/
/**
 * A run-in heading may pair parallel phrases with commas (强化组织领导，压实工作责任。): each of 4–12
 * characters, their lengths within two of each other. 据统计，… and 会议强调，要… are sentences.
 */
function runInPhrases(words: string): boolean {
  const phrases = words.split(/[，,]/)
  if (phrases.length === 1) return true
  if (phrases.length > 3) return false
  const lengths = phrases.map((p) => p.length)
  return Math.min(...lengths) >= 4 && Math.max(...lengths) <= 12 && Math.max(...lengths) - Math.min(...lengths) <= 2
}

/** Whether a paragraph can be the lead: not a caption, a table line, or a signature or date line. */
function isLeadCandidate(t: string): boolean {
  return !isCaption(t) && !isTableRow(t) && !isTableHeader(t) && !SIGN_OFF.test(t)
}

/** A closing signature: a date, or a name ending like an agency's. */
const SIGN_OFF_NAME = '[\\u4e00-\\u9fff（）()]{2,30}(?:局|院|委|委员会|会|办|办公室|厅|部|政府|中心|所|队|站|处|署|廳|辦)'
/** 2024年3月5日, 2024-03-05, 二〇二四年三月五日. */
const SIGN_OFF_DATE_TEXT =
  '(?:[12]\\d{3}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日|[12]\\d{3}[-/.]\\d{1,2}[-/.]\\d{1,2}|[〇一二三四五六七八九零○Ｏ]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)'
const SIGN_OFF_DATE = new RegExp(`(?:^|\\s)${SIGN_OFF_DATE_TEXT}$`)
/** Issuing bodies, a date, or both on one line (县应急管理局 2024年3月5日). */
const SIGN_OFF = new RegExp(
  `^(?:${SIGN_OFF_DATE_TEXT}|${SIGN_OFF_NAME}(?:[\\s\\u3000]+${SIGN_OFF_NAME})*(?:[\\s\\u3000]+${SIGN_OFF_DATE_TEXT})?)$`,
)

interface Draft {
  text: string
  line: number
  endLine?: number
  /** undefined: paragraph; -1: plain heading; ≥0: enumeration depth. */
  rank?: number
}

function classify(kept: readonly LogicalLine[]): ParsedBlock[] {
  const drafts: Draft[] = []
  let topRank = Infinity
  for (const src of kept) {
    const {text, line} = src
    const span = src.endLine === undefined ? {} : {endLine: src.endLine}
    const marked = markerOf(text)
    if (marked) {
      const split = enumeratedHeading(text, marked.end)
      if (split !== undefined) {
        topRank = Math.min(topRank, marked.rank)
        drafts.push({text: text.slice(0, split), line, rank: marked.rank})
        if (split < text.length) drafts.push({text: text.slice(split), line, ...span})
        continue
      }
    } else if (isPlainHeading(text)) {
      drafts.push({text, line, ...span, rank: -1})
      continue
    }
    drafts.push({text, line, ...span})
  }
  // A report signed off by its body and date (桐庐县人民法院 / 2024年3月1日) ends on paragraphs, not headings;
  // a bulletin's issuing bodies and date under its title (海盐县统计局 国家统计局海盐调查队 / 2024年3月15日) head nothing either.
  if (drafts.some((d) => d.rank === undefined)) {
    for (let i = drafts.length - 1; i >= 0 && drafts[i]?.rank === -1 && SIGN_OFF.test(drafts[i]?.text ?? ''); i--) delete drafts[i]?.rank
    // Under the title only with its date: a subtitle (县委常委会) alone is a heading.
    let lead = 0
    while (lead < drafts.length && drafts[lead]?.rank === -1 && SIGN_OFF.test(drafts[lead]?.text ?? '')) lead++
    if (drafts.slice(0, lead).some((d) => SIGN_OFF_DATE.test(d.text))) for (let i = 0; i < lead; i++) delete drafts[i]?.rank
  }
  // The shallowest enumeration present is h2, deeper ones h3; plain headings are h2.
  return drafts.map(({text, line, endLine, rank}) => ({
    style: rank === undefined ? 'normal' : rank === -1 || rank === topRank ? 'h2' : 'h3',
    text,
    line,
    ...(endLine === undefined ? {} : {endLine}),
  }))
}

function markerOf(t: string): {rank: number; end: number} | undefined {
  for (const [re, rank] of MARKERS) {
    const m = re.exec(t)
    if (m) return {rank, end: m[0].length}
  }
  return undefined
}

/**
 * Where the heading part of an enumerated line ends: t.length for a whole
 * heading line, the index after the terminator for a run-in heading, or
 * undefined when the line is an enumerated paragraph.
 */
function enumeratedHeading(t: string, markerEnd: number): number | undefined {
  if (t.length <= MAX_HEADING_LENGTH && !SENTENCE_INSIDE.test(t) && endsOpen(t)) return t.length
  const k = runInEnd(t.slice(markerEnd, markerEnd + MAX_RUN_IN_LENGTH + 1))
  if (k < 1) return undefined
  const words = t.slice(markerEnd, markerEnd + k)
  if (RUN_IN_BAD.test(words) || !runInPhrases(words)) return undefined
  return markerEnd + k + 1
}

/** A short line without sentence punctuation, e.g. “党建+服务”牢筑干部思想，推进作风效能大转变. */
export function isPlainHeading(t: string): boolean {
  return (
    t.length >= 2 &&
    t.length <= MAX_HEADING_LENGTH &&
    HAS_LETTER.test(t) &&
    !SENTENCE_INSIDE.test(t) &&
    !NOT_HEADING.test(t) &&
    !PHOTO_CREDIT.test(t) &&
    !isTableRow(t) &&
    !isTableHeader(t) &&
    endsOpen(t)
  )
}

function endsOpen(t: string): boolean {
  const last = lastMeaningful(t)
  return last !== '' && !HEADING_END.has(last)
}

// ---------------------------------------------------------------- language

// Curated pairs of everyday characters whose traditional form differs from
// the simplified one; characters both scripts use (准, 余, 斗, 云, 后…) are left out.
const TRADITIONAL_ONLY = [
  ...'與們會這為發國經區環開實質點關來說對時從個還過進應產動體機現將學報導務義數條統術價氣業長門間問題風車東書記讓識語話論證該調護讀變議',
  ...'黨員單處總嚴執種計當給網縣鄉鎮農負責辦隊職參歲據領層級萬億項聯織組結績衛標確態勢傳圍營貿費資監測構築設備雖雙雜電響頁順須預頭類顯館驗',
  ...'廣廠廳張強彈後復慮憲戰擔擊擴擁於無熱爭獎畫療盡盤眾礦禮稅稱穩窮競簡糧紀約紅納紙細終絡線練繼續罰聲聽興舉舊藝號規視親覽觀訂認討訓許訴試詳請',
  ...'諾謀講謝譯貧貨購賽趕跡軍較輕輸運遠選邊郵醫釋鋼錄錯錢鐵陸陽際離難靜韓額養團',
]
const SIMPLIFIED_ONLY = [
  ...'与们会这为发国经区环开实质点关来说对时从个还过进应产动体机现将学报导务义数条统术价气业长门间问题风车东书记让识语话论证该调护读变议',
  ...'党员单处总严执种计当给网县乡镇农负责办队职参岁据领层级万亿项联织组结绩卫标确态势传围营贸费资监测构筑设备虽双杂电响页顺须预头类显馆验',
  ...'广厂厅张强弹复虑宪战担击扩拥无热争奖画疗尽盘众矿礼税称稳穷竞简粮纪约红纳纸细终络线练继续罚声听兴举旧艺号规视亲览观订认讨训许诉试详请',
  ...'诺谋讲谢译贫货购赛赶迹军较轻输运远选边邮医释钢录错钱铁陆阳际离难静韩额养团',
]
const TRADITIONAL = 1
const SIMPLIFIED = 2
/** Script of each BMP code unit: a table lookup per character instead of two set probes. */
const SCRIPT_OF = new Uint8Array(0x10000)
for (const c of TRADITIONAL_ONLY) SCRIPT_OF[c.charCodeAt(0)] = TRADITIONAL
for (const c of SIMPLIFIED_ONLY) SCRIPT_OF[c.charCodeAt(0)] = SIMPLIFIED
/** Enough evidence either way; stops the scan early on long reports. */
const LANGUAGE_SAMPLE = 400

/** zh-Hant when traditional-only characters outnumber simplified-only ones. */
export function detectLanguage(title: string, blocks: readonly {text: string}[]): 'zh-Hans' | 'zh-Hant' {
  // [traditional, simplified] counts, filled text by text until there is enough evidence.
  const tally: [number, number] = [0, 0]
  if (!countScripts(title, tally)) for (const b of blocks) if (countScripts(b.text, tally)) break
  return tally[0] > tally[1] ? 'zh-Hant' : 'zh-Hans'
}

function countScripts(text: string, tally: [number, number]): boolean {
  for (let i = 0; i < text.length; i++) {
    const script = SCRIPT_OF[text.charCodeAt(i)]
    if (script === TRADITIONAL) tally[0]++
    else if (script === SIMPLIFIED) tally[1]++
  }
  return tally[0] + tally[1] >= LANGUAGE_SAMPLE
}
