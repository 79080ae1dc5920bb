/**
 * Scrape boilerplate: the page chrome that web scrapers copy along with a
 * report (breadcrumbs, 来源/发布时间/浏览次数 headers, 字号 大 中 小, 打印本页,
 * 关闭窗口, 责任编辑, 分享到, 上一篇/下一篇…). It is removed before any other
 * parsing so its numbers (浏览次数：1234) never reach the body.
 *
 * A line is boilerplate only when the WHOLE line is made of such fields and
 * separators, e.g. `来源：杭州市生态环境局  发布时间：2020-06-01  浏览次数：123`
 * or `【字体：大 中 小】【打印】【关闭】`. One unrecognised word keeps the line,
 * so a paragraph that merely mentions 来源 or 打印 is never dropped.
 *
 * Limits: a publisher or editor value is at most 60 characters without
 * sentence punctuation; a bracket inside a publisher name ends the value
 * (the line is then kept). Bare 时间：/日期： labels and Chinese-form dates
 * (2024年3月1日) alone are not enough to drop a line, because meeting
 * notices and signed documents carry them as content.
 */

export interface SourceLine {
  /** 0-based index of the line in the source text. */
  line: number
  /** The line without outer whitespace (incl. U+3000); inner text exact. */
  text: string
}

export interface ReportMeta {
  /** From 来源：X (and 发布机构/供稿单位), when it names a body rather than 本站. */
  publisher?: string
  /** ISO date `2020-06-01`, or local datetime `2020-06-01T10:30:00` when a time is given. */
  publishedAt?: string
  /** A bare http(s) URL line or 原文链接：… */
  url?: string
}

export interface BoilerplateResult {
  /** Non-blank lines that are not boilerplate, in order. Blank lines are neither kept nor dropped. */
  kept: SourceLine[]
  dropped: SourceLine[]
  meta: ReportMeta
}

/** Splits boilerplate off the report's lines and collects the metadata found in it (first value wins). */
export function stripBoilerplate(lines: readonly string[]): BoilerplateResult {
  const kept: SourceLine[] = []
  const dropped: SourceLine[] = []
  const meta: ReportMeta = {}
  for (let line = 0; line < lines.length; line++) {
    const text = (lines[line] ?? '').trim()
    if (text === '') continue
    const found = matchBoilerplate(text)
    if (!found) {
      kept.push({line, text})
      continue
    }
    dropped.push({line, text})
    if (meta.publisher === undefined && found.publisher !== undefined) meta.publisher = found.publisher
    if (meta.publishedAt === undefined && found.publishedAt !== undefined) meta.publishedAt = found.publishedAt
    if (meta.url === undefined && found.url !== undefined) meta.url = found.url
  }
  return {kept, dropped, meta}
}

/**
 * The metadata in `line` if the whole (trimmed) line is boilerplate, else
 * undefined. An empty object means boilerplate without metadata.
 */
export function matchBoilerplate(line: string): ReportMeta | undefined {
  const s = line.trim()
  if (s === '' || s.length > MAX_LINE) return undefined
  // 2.2024年评选汇总表.xlsx: an attachment listed on a line of its own.
  if (s.lastIndexOf('.') >= s.length - 5 && ATTACHMENT_LINE.test(s)) return {}
  // 杭州市人民政府门户网站: the site's name in its header, on a line of its own.
  const last = s.charCodeAt(s.length - 1)
  // One 网 only: 杭州市人民政府门户网站获评优秀政府网站 is a headline about the site.
  if ((last === ZHAN || last === WANG) && SITE_NAME_LINE.test(s) && s.indexOf('网') === s.lastIndexOf('网')) return {}
  if (!MAY_START.test(s)) return undefined
  // Same-length copy with ASCII digits, so offsets stay valid for `s`.
  const norm = /[０-９]/.test(s) ? s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)) : s
  const found: Found = {meta: {}, strong: false}
  let p = skipSeparators(norm, 0)
  if (p === norm.length) return undefined
  while (p < norm.length) {
    const end = fieldAt(s, norm, p, found)
    if (end < 0) return undefined
    p = skipSeparators(norm, end)
  }
  return found.strong ? found.meta : undefined
}

/** 2020-06-01 / 2020/6/1 / 2020.06.01 / 2020年6月1日 [10:30[:00]] → `2020-06-01[T10:30:00]`; undefined when not a real date. */
export function normalizeDate(text: string): string | undefined {
  const norm = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
  DATE.lastIndex = 0
  const m = DATE.exec(norm)
  if (!m || DATE.lastIndex !== norm.length) return undefined
  return dateFromMatch(m)
}

interface Found {
  meta: ReportMeta
  /** At least one field that is boilerplate on its own (not just a bare 时间：/Chinese date). */
  strong: boolean
}

const MAX_LINE = 300
const MAX_VALUE = 60

/** One-character province abbreviations, which open ICP and public-security registration numbers. */
const PROVINCE_ABBREVIATIONS = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'

/**
 * First characters a boilerplate line can start with, after any brackets; a cheap filter for body lines.
 * Characters common at the start of prose (今年以来, 主要, 地区, 浙江省…) need the whole word.
 */
const MAY_START = new RegExp(
  '^[\\s|｜丨/·•【】[\\]［］（）()〔〕]*(?:[当您你所现首上下分相来信文稿新发供作撰摄通记责编审校签初复终一二三更时日浏阅访点原链网附字大打关扫手收加返我纠本特实來發攝記責編審時瀏閱點鏈]|[12１２]|https?:|' +
    `(?<=[【[［])[\u4e00-\u9fff]{0,4}(?:动态|要闻|快讯)|完\\s*[）)]|图[/／]|咨询|举报|数据来源|隐私|免责|使用帮助|无障碍|长者|繁体|简体|English|今天|今日|主办|主题|主页|承办|协办|技术支持|版权|联系|电话|传真|地址|邮编|备案|索引|总访|微信|微博|朋友圈|图片|資料|<br|&nbsp|QQ|[${PROVINCE_ABBREVIATIONS}](?:ICP|公网))`,
)

/** A site's name: a place or body (ending like one), then what kind of site it is. */
const SITE_NAME_LINE =
  /^[\u4e00-\u9fff]{1,20}(?:人民政府|政府|省|市|区|县|旗|州|局|委员会|委|办公室|办|厅|院|中心|镇|乡|街道)(?:门户网站|政府网站|官方网站|政府网|政务网|门户网|网站)$/
const ZHAN = '站'.charCodeAt(0)
const WANG = '网'.charCodeAt(0)

const SEPARATOR = /[\s|｜丨/·•【】[\]［］（）()〔〕]/
const RUN_BREAK = /[\s|｜丨【】[\]［］（）()〔〕]/

function skipSeparators(s: string, p: number): number {
  while (p < s.length && SEPARATOR.test(s.charAt(p))) p++
  return p
}

/** Heads whose field runs to the end of the line (breadcrumbs, share bars, prev/next titles). */
// The keyword must be followed by a colon, a space or the line end: 分享到群众身边 is prose.
const REST_HEADS: readonly RegExp[] = [
  /(?:您当前的位置|您当前位置|您现在的位置|您所在的位置|您所在位置|您的位置|你现在的位置|你当前的位置|你所在的位置|你的位置|当前位置|所在位置|现在位置|当前的位置)(?:\s*[:：]|\s|$)/y,
  /(?:网站首页|首页|主页)\s*(?:[>＞›»→/]|&gt;)/y,
  // 首页 | 机构概况 | 新闻中心: the site's navigation bar.
  /(?:网站首页|首页|主页)\s*[|｜丨]/y,
  /(?:上一篇|下一篇|上一条|下一条)(?:\s*[:：]|\s|$)/y,
  /(?:分享到|分享至)(?:\s*[:：]|\s|$)/y,
  /(?:相关链接|相关阅读|相关新闻|相关文章)(?:\s*[:：]|\s|$)/y,
]

type LabelKind = 'publisher' | 'name' | 'footer' | 'date' | 'weakDate' | 'count' | 'shortCount' | 'url' | 'attachment' | 'code'

const LABEL_KINDS: Readonly<Record<string, LabelKind>> = {
  来源: 'publisher',
  信息来源: 'publisher',
  文章来源: 'publisher',
  稿件来源: 'publisher',
  新闻来源: 'publisher',
  发布机构: 'publisher',
  发布单位: 'publisher',
  发布部门: 'publisher',
  供稿单位: 'publisher',
  供稿: 'publisher',
  作者: 'name',
  撰稿: 'name',
  撰稿人: 'name',
  摄影: 'name',
  摄像: 'name',
  通讯员: 'name',
  记者: 'name',
  责任编辑: 'name',
  编辑: 'name',
  编审: 'name',
  审核: 'name',
  审校: 'name',
  校对: 'name',
  签发: 'name',
  初审: 'name',
  复审: 'name',
  终审: 'name',
  一审: 'name',
  二审: 'name',
  三审: 'name',
  发布时间: 'date',
  发布日期: 'date',
  发文日期: 'date',
  成文日期: 'date',
  更新时间: 'date',
  更新日期: 'date',
  时间: 'weakDate',
  日期: 'weakDate',
  浏览次数: 'count',
  阅读次数: 'count',
  访问次数: 'count',
  点击次数: 'count',
  点击数: 'count',
  点击量: 'count',
  浏览量: 'count',
  阅读量: 'count',
  访问量: 'count',
  浏览: 'shortCount',
  阅读: 'shortCount',
  点击: 'shortCount',
  访问: 'shortCount',
  原文链接: 'url',
  原文地址: 'url',
  原文网址: 'url',
  来源链接: 'url',
  来源网址: 'url',
  链接: 'url',
  网址: 'url',
  附件: 'attachment',
  // Site footers and open-government headers.
  主办单位: 'footer',
  主办: 'footer',
  承办单位: 'footer',
  承办: 'footer',
  协办单位: 'footer',
  技术支持: 'footer',
  版权所有: 'footer',
  联系电话: 'code',
  咨询电话: 'code',
  举报电话: 'code',
  电话: 'code',
  // A contact line can be content (联系人：王芳，负责…): only a bare name and number is chrome.
  联系人: 'footer',
  编号: 'code',
  信息编号: 'code',
  // The source of the figures, not the publisher of the page; with a comma it is a sentence and stays.
  数据来源: 'footer',
  传真: 'code',
  地址: 'footer',
  邮编: 'code',
  备案号: 'code',
  网站标识码: 'code',
  索引号: 'code',
  主题分类: 'footer',
  文号: 'code',
  发文字号: 'code',
  发文机关: 'publisher',
  点击率: 'count',
  总访问量: 'count',
  今日访问: 'count',
  访问人次: 'count',
  // Traditional-script sites (the same labels as above).
  來源: 'publisher',
  信息來源: 'publisher',
  文章來源: 'publisher',
  稿件來源: 'publisher',
  發布機構: 'publisher',
  發布單位: 'publisher',
  攝影: 'name',
  通訊員: 'name',
  記者: 'name',
  責任編輯: 'name',
  編輯: 'name',
  審核: 'name',
  校對: 'name',
  發布時間: 'date',
  發佈時間: 'date',
  發布日期: 'date',
  發佈日期: 'date',
  更新時間: 'date',
  時間: 'weakDate',
  瀏覽次數: 'count',
  閱讀次數: 'count',
  點擊次數: 'count',
  點擊數: 'count',
  點擊量: 'count',
  瀏覽量: 'count',
  閱讀量: 'count',
  瀏覽: 'shortCount',
  閱讀: 'shortCount',
  點擊: 'shortCount',
  點閱次數: 'count',
  點閱: 'shortCount',
  資料來源: 'publisher',
  原文鏈接: 'url',
  鏈接: 'url',
  附件下載: 'attachment',
}

// Longest first, so 责任编辑 wins over 编辑 and 点击次数 over 点击.
const LABEL_ALTERNATION = Object.keys(LABEL_KINDS)
  .sort((a, b) => b.length - a.length)
  .join('|')
/** A label needs its colon: 来源 alone is a word, 来源： is a field. */
const LABEL = new RegExp(`(${LABEL_ALTERNATION})\\s*[:：]\\s*`, 'y')

/** Fields that are just a fixed phrase. */
const TOKEN_HEADS: readonly RegExp[] = [
  // 今天是：2024年3月5日 星期二: the site's date bar.
  /今天是\s*[:：]?\s*[12]\d{3}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期[一二三四五六日天])?/y,
  // 字号：大 中 小, 字号：T|T, 字体：A+ A A-: the letters are the site's size buttons.
  /(?:字号|字体|字號|字體)\s*[:：]?\s*(?:(?:[大中小]|[TtAa][+-]?)\s*[|｜/]?\s*){0,4}/y,
  /大\s*中\s*小/y,
  /我要打印|打印本页|打印此页|打印文章|打印页面|打印本文|打印/y,
  /关闭窗口|关闭本页|关闭页面|关闭本文|关闭/y,
  /扫一扫在手机上?打开(?:当前页|本页)?|(?:微信|手机)?扫一扫(?:分享)?|扫码分享/y,
  // 扫码关注“某某发布”微信公众号
  /(?:扫码|扫描二维码)关注(?:\s*[“"「]?[^”"」\s，。]{1,30}[”"」]?\s*(?:微信)?公众号)?/y,
  /分享到(?:朋友圈|微信|微博|QQ空间)/y,
  /网站地图|联系我们|关于我们|隐私声明|隐私政策|网站声明|免责声明|使用帮助|无障碍浏览|长者模式|繁体版|简体版|English/y,
  // 【妇联动态】: the site's column name in its brackets (防汛快讯 or 工作动态 alone may be a title or heading).
  /(?<=[【[［]\s*)[\u4e00-\u9fff]{0,4}(?:动态|要闻|快讯)(?=\s*[】\]］])/y,
  // （完）, the wire-story end mark; its brackets are separators.
  /完(?=\s*[）)]|$)/y,
  // 分享：微信 微博 QQ空间 — share buttons, each a field of its own.
  /分享\s*[:：]?|微信|微博|QQ空间|QQ好友|朋友圈/y,
  // HTML leftovers: [图片] (its brackets are separators), <br/>, &nbsp;.
  /图片|<br\s*\/?>|&nbsp;/y,
  // 浙ICP备12345678号-1, 浙公网安备 33010202000001号: the site's registration numbers.
  new RegExp(`[${PROVINCE_ABBREVIATIONS}](?:ICP备\\d+号(?:-\\d+)?|公网安备\\s*\\d+号)`, 'y'),
  /收藏本页|收藏本文|加入收藏|收藏/y,
  /返回顶部|返回首页|返回列表|返回/y,
  /我要纠错|纠错/y,
  /附件下载|附件/y,
]

/** A byline without colons: 记者 王磊 通讯员 孙涛, （编辑 张敏 审核 李红）. */
const BYLINE_HEAD =
  /(?:本报|本台|特约|实习)?(?:责任编辑|責任編輯|通讯员|通訊員|实习生|記者|记者|摄影|攝影|摄像|编辑|編輯|审核|審核|校对|校對|作者|撰稿|文[/／]图|图[/／]文|文图|图文)[ \t\u3000]+/y
/** One name in it: two or three characters (a personal name), then a separator or the line end. */
const BYLINE_NAME = /[\u4e00-\u9fff·]{2,3}(?=[\s|｜丨【】[\]［］（）()、，,]|$)/y
const BYLINE_NAME_SEPARATOR = /[ \t\u3000、，,]*/y

const DATE =
  /([12]\d{3})\s*(?:([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]\s*(\d{1,2})|\s*(\d{1,2})\s*秒)?)?/y
const URL_HEAD = /https?:\/\/[^\s<>"'，。；“”]+/y
// 浏览次数：1,234次, 点击数：[ 862 ], and 浏览： with the number left to the page's script.
const COUNT_VALUE = /(?:[[［(（]\s*[\d,，.]*\s*[\]］)）]|[\d,，.]*)\s*[万萬]?\s*(?:人次|次)?/y
const SHORT_COUNT_VALUE = /(?:[[［(（]\s*\d[\d,，.]*\s*[\]］)）]|\d[\d,，.]*)\s*[万萬]?\s*(?:人次|次)?|\s*$/y
/** A code or number value: 富政办〔2024〕12号, 0571-63312345, 浙ICP备12345678号-1. */
const CODE_VALUE = /[^\s|｜丨，,。；;！!？?]+/y
const ATTACHMENT_LINE = /^(?:附件\s*[:：]?\s*)?(?:[0-9０-９]{1,2}\s*[.．、]\s*)?[^\s。，；]{1,60}\.(?:docx?|xlsx?|pptx?|pdf|zip|rar|7z|wps|et|ofd)$/i
const ATTACHMENT_FILE = /\.(?:docx?|xlsx?|pptx?|pdf|zip|rar|7z|wps|et|ofd|txt|jpe?g|png)$/i
const SENTENCE_PUNCT = /[。！？；!?;]/
const GENERIC_PUBLISHERS = new Set(['本站', '本网', '原创', '网络', '互联网', '转载', '未知', '佚名', '综合', '其他', '无'])

function sticky(re: RegExp, s: string, p: number): number {
  re.lastIndex = p
  return re.test(s) ? re.lastIndex : -1
}

/** Whether some field begins at p (used to end a multi-word value). */
function fieldHeadAt(norm: string, p: number): boolean {
  for (const re of REST_HEADS) if (sticky(re, norm, p) >= 0) return true
  if (sticky(LABEL, norm, p) >= 0 || sticky(URL_HEAD, norm, p) >= 0 || sticky(DATE, norm, p) >= 0) return true
  if (sticky(BYLINE_HEAD, norm, p) >= 0) return true
  for (const re of TOKEN_HEADS) if (sticky(re, norm, p) >= 0) return true
  return false
}

/** Parses one field at p; returns its end, or -1 when no field starts here. */
function fieldAt(s: string, norm: string, p: number, found: Found): number {
  for (const re of REST_HEADS) {
    if (sticky(re, norm, p) < 0) continue
    if (SENTENCE_PUNCT.test(s.slice(p).replace(/[？?]/g, ''))) return -1 // prev/next titles may ask a question
    found.strong = true
    return s.length
  }

  LABEL.lastIndex = p
  const label = LABEL.exec(norm)
  if (label) return labelledField(s, norm, LABEL.lastIndex, LABEL_KINDS[label[1] ?? ''] ?? 'name', found)

  let end = sticky(BYLINE_HEAD, norm, p)
  if (end >= 0) return bylineNames(norm, end, found)

  end = sticky(URL_HEAD, norm, p)
  if (end >= 0) {
    found.meta.url ??= s.slice(p, end)
    found.strong = true
    return end
  }

  DATE.lastIndex = p
  const date = DATE.exec(norm)
  if (date) {
    setDate(found, date)
    // 2020-06-01 is page chrome; 2024年3月1日 alone may be a document's signing date.
    if (date[2] !== undefined) found.strong = true
    return DATE.lastIndex
  }

  for (const re of TOKEN_HEADS) {
    end = sticky(re, norm, p)
    if (end > p) {
      found.strong = true
      return end
    }
  }
  return -1
}

function labelledField(s: string, norm: string, p: number, kind: LabelKind, found: Found): number {
  switch (kind) {
    case 'count':
    case 'shortCount': {
      const end = sticky(kind === 'count' ? COUNT_VALUE : SHORT_COUNT_VALUE, norm, p)
      if (end >= 0) found.strong = true
      return end
    }
    case 'date':
    case 'weakDate': {
      DATE.lastIndex = p
      const date = DATE.exec(norm)
      if (kind === 'date' || date?.[2] !== undefined) found.strong = true
      if (date) {
        setDate(found, date)
        return DATE.lastIndex
      }
      return kind === 'date' ? valueEnd(s, norm, p) : -1
    }
    case 'url': {
      const end = sticky(URL_HEAD, norm, p)
      found.strong = true
      if (end < 0) return valueEnd(s, norm, p)
      found.meta.url ??= s.slice(p, end)
      return end
    }
    case 'code': {
      const end = sticky(CODE_VALUE, norm, p)
      if (end >= 0) found.strong = true
      return end
    }
    case 'attachment': {
      const end = valueEnd(s, norm, p)
      const value = s.slice(p, Math.max(p, end)).trim()
      if (end < 0 || (value !== '' && !ATTACHMENT_FILE.test(value))) return -1
      found.strong = true
      return end
    }
    case 'footer': {
      // Footer values are names and addresses; a comma means prose (主办：…，旨在…).
      const end = valueEnd(s, norm, p)
      if (end < 0 || /[，,]/.test(s.slice(p, end))) return -1
      found.strong = true
      return end
    }
    case 'publisher':
    case 'name': {
      const end = valueEnd(s, norm, p)
      if (end < 0) return -1
      found.strong = true
      const value = s.slice(p, end).trim()
      if (kind === 'publisher' && value !== '' && !GENERIC_PUBLISHERS.has(value)) found.meta.publisher ??= value
      return end
    }
  }
}

/** The names after a byline head, up to the next head; -1 when no name follows (记者 走访了…). */
function bylineNames(norm: string, p: number, found: Found): number {
  let end = -1
  let q = p
  for (;;) {
    const name = sticky(BYLINE_NAME, norm, q)
    if (name < 0) break
    end = name
    q = sticky(BYLINE_NAME_SEPARATOR, norm, name)
    if (sticky(BYLINE_HEAD, norm, q) >= 0) break
  }
  if (end >= 0) found.strong = true
  return end
}

/**
 * End of a free value (a publisher, a name) starting at p: words separated
 * by spaces (编辑：王 芳) up to the next field, or -1 when it is too long or
 * reads like a sentence. A label glued on (…局发布时间：) also ends it.
 */
function valueEnd(s: string, norm: string, p: number): number {
  let end = p
  let q = p
  while (q < norm.length) {
    if (q > p && fieldHeadAt(norm, q)) break
    let r = q
    while (r < norm.length && !RUN_BREAK.test(norm.charAt(r))) {
      if (r > q && sticky(LABEL, norm, r) >= 0) break
      r++
    }
    if (r === q) break // a bracket: the value ends here
    end = r
    if (end - p > MAX_VALUE) return -1
    if (r < norm.length && !RUN_BREAK.test(norm.charAt(r))) break // cut at a glued label
    q = r
    while (q < norm.length && /\s/.test(norm.charAt(q))) q++
  }
  return SENTENCE_PUNCT.test(s.slice(p, end)) ? -1 : end
}

function setDate(found: Found, m: RegExpExecArray): void {
  const date = found.meta.publishedAt === undefined ? dateFromMatch(m) : undefined
  if (date !== undefined) found.meta.publishedAt = date
}

function dateFromMatch(m: RegExpExecArray): string | undefined {
  const year = Number(m[1])
  const month = Number(m[3] ?? m[5])
  const day = Number(m[4] ?? m[6])
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined
  const date = `${year}-${pad(month)}-${pad(day)}`
  if (m[7] === undefined) return date
  const [h, min, sec] = [Number(m[7]), Number(m[8]), Number(m[9] ?? m[10] ?? 0)]
  if (h > 23 || min > 59 || sec > 59) return date
  return `${date}T${pad(h)}:${pad(min)}:${pad(sec)}`
}

const pad = (n: number): string => String(n).padStart(2, '0')
