import {escapeHTML, toHTML, type PortableTextComponents} from '@portabletext/to-html'
import {toPlainText as toolkitPlainText} from '@portabletext/toolkit'

/**
 * Rendering of article bodies for sites: HTML (through
 * `@portabletext/to-html`), plain text and JSON-LD.
 *
 * The input types are structural and loose on purpose: they accept the
 * results of the queries in `queries/index.ts` (agencies expanded to
 * `{name, slug}`) as well as raw documents (agencies still `{_ref}`), in
 * which case mentions render as plain text.
 */

export interface AgencyLink {
  name?: string | null
  shortName?: string | null
  slug?: string | null
  /** Present on unexpanded references; never rendered. */
  _ref?: string
}

export interface MetricValue {
  _key?: string
  value: number
  unit?: string | null
  kind: string
  approximation: string
  change?: string | null
  label?: string | null
  /** The exact source wording; the sentence is rendered with it. */
  text: string
  scaledValue?: number | null
  baseUnit?: string | null
  period?: string | null
  agency?: AgencyLink | null
}

export type MetricNode = MetricValue & {_type: 'metric'}

export interface SpanNode {
  _type: 'span'
  _key?: string
  text?: string | null
  marks?: string[] | null
}

export interface MarkDefNode {
  _type: string
  _key: string
  href?: string | null
  agency?: AgencyLink | null
}

export interface TextBlockNode {
  _type: 'block'
  _key?: string
  style?: string | null
  listItem?: string | null
  level?: number | null
  markDefs?: MarkDefNode[] | null
  children?: Array<SpanNode | MetricNode> | null
}

export interface MetricBlockNode {
  _type: 'metricBlock'
  _key?: string
  title?: string | null
  metrics?: MetricValue[] | null
  note?: string | null
}

export type BodyNode = TextBlockNode | MetricBlockNode

export interface RenderOptions {
  /** Page address of an agency; default `/agencies/<slug>`. */
  agencyHref?: (slug: string) => string
  /** `id` of each paragraph, so tables can link to where a figure appears; default `p-<key>`. */
  blockId?: (key: string) => string
}

// ---------------------------------------------------------------------------
// Words

export const KIND_LABELS: Record<string, string> = {
  count: '计数',
  amount: '金额',
  percent: '百分比',
  percentagePoints: '百分点',
  rank: '排名',
  measure: '度量',
  duration: '时长',
  ratio: '比率',
}

const APPROXIMATION_WORDS: Record<string, string> = {moreThan: '多于', about: '约', lessThan: '少于'}
export const APPROXIMATION_LABELS: Record<string, string> = {exact: '精确', moreThan: '多于', about: '约', lessThan: '少于'}
export const CHANGE_LABELS: Record<string, string> = {increase: '增长', decrease: '下降', flat: '持平'}

/** The number in words a screen reader can say: 多于500人次, 第3名, 下降20%, 33.3% for 三分之一. */
export function metricReading(metric: MetricValue): string {
  const unit = metric.unit ?? ''
  const number = formatNumber(metric.value)
  if (metric.kind === 'rank') return `第${number}名`
  const approximation = APPROXIMATION_WORDS[metric.approximation] ?? ''
  const change = metric.change ? (CHANGE_LABELS[metric.change] ?? '') : ''
  // A share without a unit (三分之一 → 0.333…) reads as the percent it is: 约33.3%.
  if (metric.kind === 'ratio' && !unit) return `${change}${approximation}${formatNumber(Math.round(metric.value * 1000) / 10)}%`
  return `${change}${approximation}${number}${unit}`
}

/** Whether the reading adds to the wording; ７６.５％ and 76.5% read the same. */
function saysMore(reading: string, text: string): boolean {
  return reading.normalize('NFKC') !== text.normalize('NFKC')
}

/** One line describing a metric: 谈心谈话：500余人次（多于500人次）. */
export function describeMetric(metric: MetricValue): string {
  const reading = metricReading(metric)
  const head = metric.label ? `${metric.label}：${metric.text}` : metric.text
  return saysMore(reading, metric.text) ? `${head}（${reading}）` : head
}

/** What a screen reader hears after the wording: 谈心谈话，多于500人次; undefined when nothing to add. */
export function metricNote(metric: MetricValue): string | undefined {
  const reading = metricReading(metric)
  const parts = [metric.label, saysMore(reading, metric.text) ? reading : undefined].filter((p): p is string => Boolean(p))
  return parts.length ? parts.join('，') : undefined
}

export function formatNumber(value: number): string {
  return Number.isFinite(value) ? value.toLocaleString('zh-CN', {maximumFractionDigits: 6, useGrouping: false}) : String(value)
}

// ---------------------------------------------------------------------------
// HTML

const attr = (value: string | number): string => escapeHTML(String(value))
/** Class name suffixes come from content: only let plain identifiers through. */
const token = (value: string | null | undefined): string =>
  value && /^[A-Za-z][A-Za-z0-9-]*$/.test(value) ? value : 'unknown'

export function safeHttpUrl(href: string | null | undefined): string | undefined {
  if (!href) return undefined
  try {
    const url = new URL(href.trim())
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined
  } catch {
    return undefined
  }
}

export function defaultAgencyHref(slug: string): string {
  return `/agencies/${encodeURIComponent(slug)}`
}

const NUMBER = /[0-9０-９]+(?:[.．,，][0-9０-９]+)*[%％]?/g

/**
 * The wording, escaped, with each number in a `metric__number` span that
 * CSS keeps on one line: full-width digits (７６.５％) may otherwise break
 * anywhere, while the whole figure unbreakable opens gaps in justified lines.
 */
function numbersUnbroken(text: string): string {
  let out = ''
  let last = 0
  for (const match of text.matchAll(NUMBER)) {
    const start = match.index ?? 0
    out += escapeHTML(text.slice(last, start)) + `<span class="metric__number">${escapeHTML(match[0])}</span>`
    last = start + match[0].length
  }
  return out + escapeHTML(text.slice(last))
}

/** `<data>` for one metric, with its reading for assistive technology and CSS. */
export function metricHtml(metric: MetricValue, options: {className?: string} = {}): string {
  const description = describeMetric(metric)
  const kind = token(metric.kind)
  const approximation = token(metric.approximation)
  const attributes = [
    `value="${attr(Number.isFinite(metric.value) ? metric.value : '')}"`,
    `class="metric metric--${kind} metric--${approximation}${options.className ? ` ${attr(options.className)}` : ''}"`,
    `data-kind="${attr(kind)}"`,
    `data-approximation="${attr(approximation)}"`,
    metric.unit ? `data-unit="${attr(metric.unit)}"` : '',
    metric.label ? `data-label="${attr(metric.label)}"` : '',
    metric.change ? `data-change="${attr(token(metric.change))}"` : '',
    metric._key ? `data-key="${attr(metric._key)}"` : '',
    `title="${attr(description)}"`,
  ].filter(Boolean)
  const note = metricNote(metric)
  // Screen readers rarely read `title`; a visually hidden note is read in place.
  const hidden = note ? `<span class="visually-hidden">（${escapeHTML(note)}）</span>` : ''
  return `<data ${attributes.join(' ')}>${numbersUnbroken(metric.text)}</data>${hidden}`
}

function metricBlockHtml(block: MetricBlockNode, options: Required<RenderOptions>): string {
  const metrics = block.metrics ?? []
  const title = block.title?.trim() || '关键数据'
  const cards = metrics
    .map(
      (metric) =>
        `<li class="key-figure">${metricHtml(metric, {className: 'key-figure__value'})}` +
        (metric.label ? `<span class="key-figure__label">${escapeHTML(metric.label)}</span>` : '') +
        (metric.agency?.slug && metric.agency.name
          ? `<a class="key-figure__agency" href="${attr(options.agencyHref(metric.agency.slug))}">${escapeHTML(metric.agency.name)}</a>`
          : '') +
        `</li>`,
    )
    .join('')
  const id = block._key ? ` id="${attr(options.blockId(block._key))}"` : ''
  const note = block.note?.trim() ? `<p class="key-figures__note">${escapeHTML(block.note.trim())}</p>` : ''
  return `<figure class="key-figures"${id}><figcaption class="key-figures__title">${escapeHTML(title)}</figcaption><ul class="key-figures__list" role="list">${cards}</ul>${note}</figure>`
}

export function bodyComponents(options: RenderOptions = {}): PortableTextComponents {
  const resolved: Required<RenderOptions> = {
    agencyHref: options.agencyHref ?? defaultAgencyHref,
    blockId: options.blockId ?? ((key) => `p-${key}`),
  }
  const idOf = (value: {_key?: string}): string => (value._key ? ` id="${attr(resolved.blockId(value._key))}"` : '')
  return {
    types: {
      metric: ({value}: {value: MetricNode}) => metricHtml(value),
      metricBlock: ({value}: {value: MetricBlockNode}) => metricBlockHtml(value, resolved),
    },
    marks: {
      agencyMention: ({children, value}: {children: string; value?: MarkDefNode}) => {
        const agency = value?.agency
        if (!agency?.slug) return children
        const title = agency.name ? ` title="${attr(agency.name)}"` : ''
        return `<a class="agency-mention" href="${attr(resolved.agencyHref(agency.slug))}"${title}>${children}</a>`
      },
      link: ({children, value}: {children: string; value?: MarkDefNode}) => {
        const href = safeHttpUrl(value?.href)
        return href ? `<a class="external" href="${attr(href)}" rel="noopener noreferrer nofollow">${children}</a>` : children
      },
    },
    block: {
      normal: ({children, value}) => `<p${idOf(value)}>${children ?? ''}</p>`,
      h2: ({children, value}) => `<h2${idOf(value)}>${children ?? ''}</h2>`,
      h3: ({children, value}) => `<h3${idOf(value)}>${children ?? ''}</h3>`,
      blockquote: ({children, value}) => `<blockquote${idOf(value)}><p>${children ?? ''}</p></blockquote>`,
    },
    // Unknown types and marks: render their text, never a warning into the page.
    unknownType: () => '',
    unknownMark: ({children}) => children,
    unknownBlockStyle: ({children, value}) => `<p${idOf(value)}>${children ?? ''}</p>`,
  }
}

/** The body as HTML. Every piece of content is escaped. */
export function renderBodyHtml(body: readonly BodyNode[] | null | undefined, options: RenderOptions = {}): string {
  if (!body?.length) return ''
  return toHTML([...body], {components: bodyComponents(options), onMissingComponent: false})
}

// ---------------------------------------------------------------------------
// Plain text

/** The block's text through the toolkit, with each inline metric as a span of its source wording. */
function blockText(block: TextBlockNode): string {
  const children = (block.children ?? []).map((child) => ({
    _type: 'span',
    text: child._type === 'metric' ? child.text : (child.text ?? ''),
    marks: [],
  }))
  return toolkitPlainText([{_type: 'block', children, markDefs: []}])
}

function metricBlockText(block: MetricBlockNode): string {
  const figures = (block.metrics ?? []).map((m) => (m.label ? `${m.label}${m.text}` : m.text))
  const head = block.title?.trim() || '关键数据'
  return `${head}：${figures.join('；')}${block.note?.trim() ? `（${block.note.trim()}）` : ''}`
}

/** Each block's text; metrics read as their source wording, so paragraphs equal the source. */
export function toPlainTextBlocks(body: readonly BodyNode[] | null | undefined): string[] {
  return (body ?? []).map((block) =>
    block._type === 'block' ? blockText(block) : metricBlockText(block),
  )
}

export function toPlainText(body: readonly BodyNode[] | null | undefined, separator = '\n\n'): string {
  return toPlainTextBlocks(body).join(separator)
}

// ---------------------------------------------------------------------------
// JSON-LD

export interface JsonLdArticle {
  title: string
  slug?: string | null
  summary?: string | null
  publishedAt?: string | null
  _updatedAt?: string | null
  language?: string | null
  region?: string | null
  period?: string | null
  agencies?: Array<{name: string; shortName?: string | null; slug?: string | null; parent?: {name: string; slug?: string | null} | null}> | null
  metrics?: Array<MetricValue | null> | null
}

type JsonValue = string | number | boolean | null | JsonValue[] | {[key: string]: JsonValue | undefined}

/** JSON for a `<script>` element: nothing in it can close the element or open a comment. */
export function serializeJsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

export function articleJsonLd(article: JsonLdArticle, options: {baseUrl?: string; siteName?: string} = {}): {[key: string]: JsonValue | undefined} {
  const absolute = (path: string) => (options.baseUrl ? new URL(path, options.baseUrl).href : path)
  const organization = (agency: NonNullable<JsonLdArticle['agencies']>[number]): {[key: string]: JsonValue | undefined} => ({
    '@type': 'GovernmentOrganization',
    name: agency.name,
    ...(agency.shortName ? {alternateName: agency.shortName} : {}),
    ...(agency.slug ? {url: absolute(defaultAgencyHref(agency.slug))} : {}),
    ...(agency.parent
      ? {
          parentOrganization: {
            '@type': 'GovernmentOrganization',
            name: agency.parent.name,
            ...(agency.parent.slug ? {url: absolute(defaultAgencyHref(agency.parent.slug))} : {}),
          },
        }
      : {}),
  })
  const agencies = (article.agencies ?? []).map(organization)
  const metrics = (article.metrics ?? []).filter((m): m is MetricValue => m !== null).map((metric) => {
    const properties: JsonValue[] = [
      {'@type': 'PropertyValue', name: 'kind', value: metric.kind},
      {'@type': 'PropertyValue', name: 'approximation', value: metric.approximation},
    ]
    if (metric.change) properties.push({'@type': 'PropertyValue', name: 'change', value: metric.change})
    if (metric.period) properties.push({'@type': 'PropertyValue', name: 'period', value: metric.period})
    if (metric.agency?.name) {
      properties.push({
        '@type': 'PropertyValue',
        name: 'agency',
        value: metric.agency.name,
        ...(metric.agency.slug ? {url: absolute(defaultAgencyHref(metric.agency.slug))} : {}),
      })
    }
    return {
      '@type': 'QuantitativeValue',
      name: metric.label ?? metric.text,
      description: metric.text,
      value: metric.value,
      ...(metric.unit ? {unitText: metric.unit} : {}),
      // 500余 is "at least 500", 不到 500 "at most 500".
      ...(metric.approximation === 'moreThan' ? {minValue: metric.value} : {}),
      ...(metric.approximation === 'lessThan' ? {maxValue: metric.value} : {}),
      additionalProperty: properties,
    }
  })
  const url = article.slug ? absolute(`/articles/${encodeURIComponent(article.slug)}`) : undefined
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    ...(article.summary ? {description: article.summary} : {}),
    ...(article.publishedAt ? {datePublished: article.publishedAt} : {}),
    ...(article._updatedAt ? {dateModified: article._updatedAt} : {}),
    inLanguage: article.language ?? 'zh-Hans',
    ...(url ? {url, mainEntityOfPage: url} : {}),
    ...(agencies[0] ? {publisher: agencies[0]} : {}),
    ...(agencies.length ? {about: agencies} : {}),
    ...(article.region ? {spatialCoverage: {'@type': 'Place', name: article.region}} : {}),
    ...(article.period ? {temporalCoverage: article.period} : {}),
    ...(metrics.length ? {mentions: metrics} : {}),
  }
}

/** The whole `<script type="application/ld+json">` element. */
export function jsonLdScript(value: unknown): string {
  return `<script type="application/ld+json">${serializeJsonForScript(value)}</script>`
}
