import {recognizeAgencies, agencySlug, type AgencyMention, type RecognizedAgency} from './agencies'
import {
  agencySchema,
  articleSchema,
  type AgencyDoc,
  type ArticleDoc,
  type MetricDoc,
  type SpanDoc,
  type TextBlockDoc,
} from './documents'
import {extractMetrics} from './extract-metrics'
import {blockJson, isPlainText} from './block-json'
import {contentFingerprint, sha256, shortHash, shortHashJoined} from './fingerprint'
import type {ExtractedMetric, Segment} from './model'
import {parseReport, type ParsedBlock, type ParsedReport} from './parse'
import {slugify} from './slug'
import {simplifiedShadow} from './simplified'

export const IMPORTER_VERSION = '1.1.0'

export interface ReportInput {
  /** The report's file name, kept as provenance. */
  fileName: string
  /** The decoded report text. */
  text: string
  /** Where the report was published; identifies it across re-scrapes when given. */
  sourceUrl?: string
  /** Import time, ISO 8601. Passed in so the builder stays pure. */
  importedAt: string
}

export interface ImportedReport {
  article: ArticleDoc
  agencies: AgencyDoc[]
  warnings: string[]
  counts: {blocks: number; metrics: number; agencies: number}
}

export type BuildResult = {ok: true; report: ImportedReport} | {ok: false; reason: string}

/** Report text → one article and its agencies, validated. No I/O. */
export function buildReport(input: ReportInput): BuildResult {
  const parsed = parseReport(input.text)
  if (!parsed.ok) return {ok: false, reason: parsed.reason}
  // An article needs a body; say so plainly rather than let the schema reject an empty one.
  if (parsed.report.blocks.length === 0) return {ok: false, reason: 'no body text after the title (every other line is page chrome)'}
  return {ok: true, report: buildDocuments(parsed.report, input)}
}

export function buildDocuments(parsed: ParsedReport, input: ReportInput): ImportedReport {
  const warnings = [...parsed.warnings]
  const texts = parsed.blocks.map((block) => block.text)
  // One simplified view per paragraph, for agencies and metric labels alike.
  const shadows = texts.map(simplifiedShadow)
  // The site's 来源 line names who wrote the report; it counts only when it is an agency's whole name.
  const recognized = recognizeAgencies(texts, {title: parsed.title, publisher: parsed.meta.publisher, shadows})
  const agencyIds = new Map(recognized.agencies.map((a) => [a.name, agencyId(a.name)]))
  if (recognized.agencies.length === 0) warnings.push('no agency recognised in the text')

  const body: TextBlockDoc[] = []
  let metricCount = 0
  parsed.blocks.forEach((block, index) => {
    const segments = extractMetrics(block.text, shadows[index])
    for (const segment of segments) if (segment.type === 'metric') metricCount++
    body.push(buildBlock(block, index, segments, recognized.mentions[index] ?? [], agencyIds))
  })

  const contentHash = sha256(input.text)
  const sourceUrl = input.sourceUrl ?? parsed.meta.url
  const identity = sourceUrl ? `url:${sourceUrl}` : `text:${normaliseTitle(parsed.title)}:${contentHash}`
  const primary = recognized.agencies[0]
  // blockHash(block), from the builder's own serialiser: its objects' keys are already in canonical order,
  // and when the report has no character JSON escapes, none of its blocks' strings needs checking.
  const plain = isPlainText(input.text)
  const blockHashes = body.map((block) => sha256(blockJson(block, plain)))
  const hashes = new Map<unknown, string>(body.map((block, i) => [block, blockHashes[i]!]))

  // Every object in sorted key order, as the builder makes all of them: the import fingerprint's
  // canonical JSON then copies nothing. (Field order in the output comes from the zod schema.)
  const draft: Omit<ArticleDoc, 'source'> & {source: Omit<ArticleDoc['source'], 'importHash'> & {importHash: string}} = {
    _id: `article.${sha256(identity).slice(0, 20)}`,
    _type: 'article',
    agencies: recognized.agencies
      .filter((a) => a.name === recognized.publisher || !isAncestorOnly(a, recognized))
      .map((a) => {
        const ref = agencyIds.get(a.name) ?? agencyId(a.name)
        return {_key: agencyReferenceKey(ref), _ref: ref, _type: 'reference' as const}
      }),
    body,
    language: parsed.language,
    ...optional('period', reportedPeriod(parsed)),
    ...(parsed.meta.publishedAt ? {publishedAt: toIsoDateTime(parsed.meta.publishedAt)} : {}),
    ...(primary?.region ? {region: primary.region} : {}),
    relatedHeadlines: parsed.relatedHeadlines,
    slug: {_type: 'slug', current: slugify(parsed.title) || `article-${contentHash.slice(0, 12)}`},
    source: {
      blockHashes: body.map((block, i) => ({_key: block._key, _type: 'blockHash' as const, hash: blockHashes[i]!})),
      contentHash,
      fileName: input.fileName,
      importHash: '',
      importedAt: input.importedAt,
      importerVersion: IMPORTER_VERSION,
      ...(parsed.meta.publisher ? {publisher: parsed.meta.publisher} : {}),
      ...(sourceUrl ? {url: sourceUrl} : {}),
    },
    ...(parsed.subtitle ? {subtitle: parsed.subtitle} : {}),
    ...(parsed.summary ? {summary: parsed.summary} : {}),
    title: parsed.title,
  }
  draft.source.importHash = contentFingerprint(draft, hashes)

  const article = articleSchema.parse(draft)
  const agencies = recognized.agencies.map((a) => agencySchema.parse(agencyDocument(a, agencyIds)))
  return {
    article,
    agencies,
    warnings,
    counts: {blocks: body.length, metrics: metricCount, agencies: agencies.length},
  }
}

const AGENCY_ID_PREFIX = 'agency.'

export function agencyId(name: string): string {
  return `${AGENCY_ID_PREFIX}${agencySlug(name)}`
}

function agencyDocument(agency: RecognizedAgency, ids: Map<string, string>): AgencyDoc {
  const parentId = agency.parentName ? (ids.get(agency.parentName) ?? agencyId(agency.parentName)) : undefined
  const id = ids.get(agency.name) ?? agencyId(agency.name)
  const aliases = agency.aliases.filter((alias) => alias !== agency.name && alias !== agency.shortName)
  return {
    _id: id,
    _type: 'agency',
    name: agency.name,
    ...optional('shortName', agency.shortName),
    ...(aliases.length ? {aliases} : {}),
    slug: {_type: 'slug', current: id.slice(AGENCY_ID_PREFIX.length)},
    ...(parentId ? {parent: {_type: 'reference' as const, _ref: parentId}} : {}),
    level: agency.level,
    ...optional('region', agency.region),
    ...optional('sector', agency.sector),
  }
}

/** The `_key` of an article's reference to agency `ref`: the same in every article that names it. */
export function agencyReferenceKey(ref: string): string {
  return shortHash(ref, 10)
}

/** The `_key` of the agencyMention mark for agency `ref` in the block keyed `blockKey`. */
export function agencyMarkKey(blockKey: string, ref: string): string {
  return shortHashJoined([blockKey, ref], 10)
}

/**
 * Parents are created so the hierarchy exists, but an article is only
 * "about" an agency the text actually names (or the publisher that wrote it).
 */
function isAncestorOnly(agency: RecognizedAgency, recognized: {mentions: AgencyMention[][]}): boolean {
  return !recognized.mentions.some((mentions) => mentions.some((m) => m.agencyName === agency.name))
}

function buildBlock(
  block: ParsedBlock,
  index: number,
  segments: Segment[],
  mentions: AgencyMention[],
  agencyIds: Map<string, string>,
): TextBlockDoc {
  const blockKey = shortHashJoined([String(index), block.style, block.text], 12)
  const refs = new Map<string, string>()
  const ranges = mentions.map((mention): MarkedRange => {
    const ref = agencyIds.get(mention.agencyName) ?? agencyId(mention.agencyName)
    const markKey = agencyMarkKey(blockKey, ref)
    refs.set(markKey, ref)
    return {start: mention.start, end: mention.end, marks: [markKey]}
  })
  const children = buildChildren(blockKey, block.text, segments, ranges)
  // One agencyMention per agency the spans use, in order of first use.
  const markDefs: TextBlockDoc['markDefs'] = []
  for (const child of children) {
    if (child._type !== 'span') continue
    for (const markKey of child.marks) {
      const ref = refs.get(markKey)
      if (ref === undefined || markDefs.some((def) => def._key === markKey)) continue
      markDefs.push({_key: markKey, _type: 'agencyMention', agency: {_ref: ref, _type: 'reference'}})
    }
  }
  return {_key: blockKey, _type: 'block', children, markDefs, style: block.style}
}

/** Characters [start, end) of a paragraph whose spans carry `marks` (mark keys). */
export interface MarkedRange {
  start: number
  end: number
  marks: string[]
}

/**
 * A paragraph's children: a metric for each metric segment, spans for the
 * text between, cut so each marked range gets its own span. Keys derive from
 * `blockKey` and position only, so the same input always gives the same
 * children. Re-extraction calls this with the ranges of a stored block's
 * marked spans to rebuild it around new metrics.
 */
export function buildChildren(
  blockKey: string,
  text: string,
  segments: Segment[],
  ranges: readonly MarkedRange[],
): Array<SpanDoc | MetricDoc> {
  // Plain loops, no closures: this runs for every paragraph of every report.
  const children: Array<SpanDoc | MetricDoc> = []
  let offset = 0
  for (const segment of segments) {
    if (segment.type === 'metric') {
      children.push(metricDoc(childKey(blockKey, children.length), segment.metric))
      offset += segment.metric.text.length
      continue
    }
    // Cut the text at range boundaries so each marked range gets its own span.
    const end = offset + segment.text.length
    let cursor = offset
    for (const range of ranges) {
      if (range.end <= cursor || range.start >= end) continue
      const from = Math.max(range.start, cursor)
      const to = Math.min(range.end, end)
      pushSpan(children, blockKey, text.slice(cursor, from), NO_MARKS)
      pushSpan(children, blockKey, text.slice(from, to), range.marks)
      cursor = to
    }
    pushSpan(children, blockKey, text.slice(cursor, end), NO_MARKS)
    offset = end
  }
  if (children.length === 0) children.push({_key: childKey(blockKey, 0), _type: 'span', marks: [], text: ''})
  return children
}

const NO_MARKS: readonly string[] = []

function childKey(blockKey: string, index: number): string {
  return shortHashJoined([blockKey, String(index)], 10)
}

/** Appends a span, or extends the last one when it carries the same marks. */
function pushSpan(children: Array<SpanDoc | MetricDoc>, blockKey: string, spanText: string, marks: readonly string[]): void {
  if (!spanText) return
  const last = children[children.length - 1]
  if (last?._type === 'span' && sameMarks(last.marks, marks)) last.text += spanText
  else children.push({_key: childKey(blockKey, children.length), _type: 'span', marks: [...marks], text: spanText})
}

/**
 * A metric child with its fields in sorted order, like every object the
 * builder makes: canonical JSON (for block hashes) then has nothing to
 * reorder. Any order would hash the same; this one is just cheaper.
 */
function metricDoc(key: string, metric: ExtractedMetric): MetricDoc {
  // Assigned in key order rather than spread: spreads of `{}` or `{x}` allocate an object per optional field.
  const doc: MetricDoc = {_key: key, _type: 'metric', approximation: metric.approximation} as MetricDoc
  if (metric.baseUnit !== undefined) doc.baseUnit = metric.baseUnit
  if (metric.change !== undefined) doc.change = metric.change
  doc.kind = metric.kind
  if (metric.label !== undefined) doc.label = metric.label
  if (metric.scaledValue !== undefined) doc.scaledValue = metric.scaledValue
  doc.text = metric.text
  doc.unit = metric.unit
  doc.value = metric.value
  return doc
}

function sameMarks(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((mark, i) => mark === b[i])
}

function normaliseTitle(title: string): string {
  return title.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
}

/**
 * The year reported on: the first year the title names, else the lead's,
 * skipping years a figure is compared with (比2019年同期, 与2010年相比,
 * 自2018年以来). A report on 今年/一季度/上半年 that names no year is about
 * the year it was published in, one on 去年 about the year before. (2024年以来 is the current year so far.)
 */
export function reportedPeriod(parsed: Pick<ParsedReport, 'title' | 'summary' | 'meta'>): string | undefined {
  const year = reportedYear(parsed.title) ?? reportedYear(parsed.summary)
  if (year !== undefined) return year
  const published = parsed.meta.publishedAt?.slice(0, 4)
  if (published === undefined) return undefined
  const lead = `${parsed.title}\n${parsed.summary}`
  // 去年全县地区生产总值增长6.2%，今年将继续…: the first year the lead speaks of is the one reported on.
  const relative = RELATIVE_YEAR.exec(lead)
  if (relative) return relative[1] === '今年' || relative[1]?.startsWith('本年') ? published : String(Number(published) - 1)
  return CURRENT_PERIOD.test(lead) ? published : undefined
}

const YEAR = /((?:19|20)\d{2})\s*年/g
/** A year right after these is a baseline (比2019年, 较上年, 与2010年相比, 自2018年以来, 从2015年起). */
const BASELINE_BEFORE = /(?:比|较|與|与|同|自|从|從|相对于|相比)\s*$/
const BASELINE_AFTER = /^(?:至今|相比|同期相比)/
/** 今年 and 去年 on their own, not as a baseline (比去年, 较上年, 与去年同期). */
const RELATIVE_YEAR = /(?<![比较與与同])(今年|本年度?|去年|上年)(?!末|底)/
const CURRENT_PERIOD = /今年|本年度|[一二三四1-4]季度|上半年|下半年|前三季度|前[一二三四五六七八九十两\d]+个月/

function reportedYear(text: string): string | undefined {
  for (const match of text.matchAll(YEAR)) {
    const at = match.index ?? 0
    const end = at + match[0].length
    if (BASELINE_BEFORE.test(text.slice(Math.max(0, at - 4), at)) || BASELINE_AFTER.test(text.slice(end, end + 6))) continue
    return match[1]
  }
  return undefined
}

/** Dates without a zone are China Standard Time, which is how they are published. */
function toIsoDateTime(value: string): string {
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value.replace(' ', 'T')
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(withTime) ? withTime : `${withTime}+08:00`
  return new Date(zoned).toISOString()
}

function optional<K extends string, V>(key: K, value: V | undefined): {[P in K]?: V} {
  return (value === undefined || value === '' ? {} : {[key]: value}) as {[P in K]?: V}
}

/** The same import under another slug, with its import hash brought up to date. */
export function withSlug(report: ImportedReport, slug: string): ImportedReport {
  const article = {...report.article, slug: {_type: 'slug' as const, current: slug}}
  // The body is the one just built, so the block hashes it recorded still hold: no block is serialised again.
  const recorded = new Map(article.source.blockHashes.map((entry) => [entry._key, entry.hash]))
  const hashes = new Map<unknown, string>()
  for (const block of article.body) {
    const hash = recorded.get(block._key)
    if (hash !== undefined) hashes.set(block, hash)
  }
  article.source = {...article.source, importHash: contentFingerprint(article, hashes)}
  return {...report, article: articleSchema.parse(article)}
}
