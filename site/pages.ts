import type {AgencyData, ArticleCard, ArticleData, ArticleFiltersData, MetricRow, SearchHit, SitemapData} from '../queries/api'
import {encodeCursor, type ArticleCursor, type ArticleListFilters, type MetricsFeedFilters} from '../queries/params'
import {
  APPROXIMATION_LABELS,
  articleJsonLd,
  CHANGE_LABELS,
  defaultAgencyHref,
  describeMetric,
  KIND_LABELS,
  renderBodyHtml,
  serializeJsonForScript,
  toPlainTextBlocks,
  type MetricValue,
} from '../queries/render'
import {escapeXml, html, queryString, trusted, type HtmlPart, type SafeHtml} from './html'

/** Page templates: data in, HTML out. No I/O, so they are tested directly. */

export const SITE_NAME = '政务报告数据'

export interface PageContext {
  /** Absolute base for canonical links and JSON-LD, e.g. http://127.0.0.1:4321. */
  baseUrl?: string
}

const LEVEL_LABELS: Record<string, string> = {
  national: '国家级',
  provincial: '省级',
  municipal: '市级',
  'district-county': '区县级',
  township: '乡镇街道',
  other: '其他',
}

const dateFormat = new Intl.DateTimeFormat('zh-CN', {timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric'})

/** 2020年5月20日, in China Standard Time, which is how reports are dated. */
export function formatDate(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? undefined : dateFormat.format(date)
}

function formatPeriod(period: string | null | undefined): string | undefined {
  if (!period) return undefined
  return /^\d{4}$/.test(period) ? `${period}年` : period
}

export const articleHref = (slug: string): string => `/articles/${encodeURIComponent(slug)}`
export const agencyHref = defaultAgencyHref

function timeElement(iso: string | null | undefined): SafeHtml | undefined {
  const text = formatDate(iso)
  return text && iso ? html`<time datetime="${iso}">${text}</time>` : undefined
}

function joinParts(parts: Array<SafeHtml | string | undefined>, separator: SafeHtml): SafeHtml[] {
  const present = parts.filter((p): p is SafeHtml | string => Boolean(p))
  return present.flatMap((part, index) => (index === 0 ? [html`${part}`] : [separator, html`${part}`]))
}

// ---------------------------------------------------------------------------
// Layout

export interface LayoutOptions {
  title: string
  description?: string | null
  /** Language of the main content; the page chrome is simplified Chinese. */
  lang?: string | null
  main: SafeHtml
  nav?: 'articles' | 'figures' | 'search'
  canonicalPath?: string
  jsonLd?: unknown
  searchQuery?: string
}

export function layout(options: LayoutOptions, context: PageContext = {}): string {
  const canonical = options.canonicalPath && context.baseUrl ? new URL(options.canonicalPath, context.baseUrl).href : undefined
  const current = (name: LayoutOptions['nav']) => (options.nav === name ? trusted(' aria-current="page"') : '')
  const page = html`<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${SITE_NAME}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
${canonical ? html`<link rel="canonical" href="${canonical}">` : ''}
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/site.css">
<script src="/assets/site.js" defer></script>
${options.jsonLd ? trusted(`<script type="application/ld+json">${serializeJsonForScript(options.jsonLd)}</script>`) : ''}
</head>
<body>
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="brand" href="/"><span class="brand__mark" aria-hidden="true">报</span>${SITE_NAME}</a>
    <nav class="site-nav" aria-label="主导航">
      <a href="/"${current('articles')}>报道</a>
      <a href="/figures"${current('figures')}>数据</a>
    </nav>
    <form class="site-search" role="search" action="/search" method="get">
      <label class="visually-hidden" for="site-search-q">搜索报道</label>
      <input id="site-search-q" name="q" type="search" placeholder="搜索报道" value="${options.searchQuery ?? ''}" maxlength="100">
      <button type="submit">搜索</button>
    </form>
  </div>
</header>
<main id="main" tabindex="-1"${options.lang && options.lang !== 'zh-Hans' ? html` lang="${options.lang}"` : ''}>
${options.main}
</main>
<footer class="site-footer">
  <p>内容由政务新闻报道导入，数据为原文表述的结构化摘录；以原文为准。</p>
  <p><a href="/sitemap.xml">网站地图</a></p>
</footer>
</body>
</html>
`
  return page.value
}

// ---------------------------------------------------------------------------
// Pieces

function agencyLink(agency: {name: string; slug?: string | null}): SafeHtml {
  return agency.slug ? html`<a href="${agencyHref(agency.slug)}">${agency.name}</a>` : html`${agency.name}`
}

interface CardData {
  title: string
  slug: string
  summary?: string | null
  publishedAt?: string | null
  region?: string | null
  agencies?: Array<{name: string; shortName?: string | null}> | null
  metricCount?: number | null
}

function compactCard(card: CardData): SafeHtml {
  const date = timeElement(card.publishedAt)
  return html`<li class="compact-card"><a href="${articleHref(card.slug)}">${card.title}</a>${date ? html`<span class="compact-card__date">${date}</span>` : ''}</li>`
}

function articleCard(card: CardData): SafeHtml {
  const agencies = card.agencies ?? []
  const metricCount = card.metricCount ?? 0
  const region = card.region
  const heading = html`<a href="${articleHref(card.slug)}">${card.title}</a>`
  const meta = joinParts([timeElement(card.publishedAt) ?? '', region ?? undefined, metricCount ? `${metricCount}项数据` : undefined], trusted('<span class="sep" aria-hidden="true">·</span>'))
  return html`<li class="card">
  <h2 class="card__title">${heading}</h2>
  ${meta.length ? html`<p class="card__meta">${meta}</p>` : ''}
  ${card.summary ? html`<p class="card__summary">${card.summary}</p>` : ''}
  ${agencies.length ? html`<p class="card__agencies"><span class="visually-hidden">相关机构：</span>${agencies.map((a) => html`<span class="tag">${a.shortName ?? a.name}</span>`)}</p>` : ''}
</li>`
}

interface SelectOption {
  value: string
  label: string
}

function select(name: string, label: string, options: SelectOption[], selected: string | null | undefined, anyLabel: string): SafeHtml {
  const id = `filter-${name}`
  const values = new Set(options.map((o) => o.value))
  // Keep a value that came in the address but is not offered, so the form shows what is applied.
  const all = selected && !values.has(selected) ? [...options, {value: selected, label: selected}] : options
  return html`<div class="field">
  <label for="${id}">${label}</label>
  <select id="${id}" name="${name}">
    <option value="">${anyLabel}</option>
    ${all.map((o) => html`<option value="${o.value}"${o.value === selected ? trusted(' selected') : ''}>${o.label}</option>`)}
  </select>
</div>`
}

// No bare 州: 杭州市 would split after 杭州.
const REGION_LEVEL = /.+?(?:特别行政区|自治区|自治州|省|市|盟|区|县|旗)/gu

/** 浙江省杭州市富阳区 → 浙江省, 浙江省杭州市, 浙江省杭州市富阳区, indented, so any level can be chosen. */
export function regionOptions(regions: readonly string[]): SelectOption[] {
  const depthOf = new Map<string, number>()
  for (const region of regions) {
    const ends = [...region.matchAll(REGION_LEVEL)].map((m) => (m.index ?? 0) + m[0].length)
    if (ends.at(-1) !== region.length) ends.push(region.length)
    ends.forEach((end, depth) => {
      const prefix = region.slice(0, end)
      if (!depthOf.has(prefix)) depthOf.set(prefix, depth)
    })
  }
  const values = [...depthOf.keys()].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'))
  return values.map((value) => {
    const parent = values.filter((p) => p !== value && value.startsWith(p)).reduce((longest, p) => (p.length > longest.length ? p : longest), '')
    // U+3000 indents inside <option>, where ordinary spaces collapse.
    return {value, label: `${'\u3000'.repeat(depthOf.get(value) ?? 0)}${value.slice(parent.length)}`}
  })
}

export function yearOptions(periods: readonly string[]): SelectOption[] {
  const years = new Set<string>()
  for (const period of periods) {
    const year = /^(\d{4})/.exec(period)?.[1]
    if (year) years.add(year)
  }
  return [...years].sort((a, b) => b.localeCompare(a)).map((year) => ({value: year, label: `${year}年`}))
}

const KIND_OPTIONS: SelectOption[] = Object.entries(KIND_LABELS).map(([value, label]) => ({value, label}))

// ---------------------------------------------------------------------------
// Metric tables

type TableColumn = 'index' | 'label' | 'figure' | 'kind' | 'agency' | 'article' | 'period' | 'paragraph'

const COLUMN_HEADINGS: Record<TableColumn, {label: string; sort: 'number' | 'text'}> = {
  index: {label: '序号', sort: 'number'},
  label: {label: '统计项', sort: 'text'},
  figure: {label: '数值', sort: 'number'},
  kind: {label: '类别', sort: 'text'},
  agency: {label: '机构', sort: 'text'},
  article: {label: '出处', sort: 'text'},
  period: {label: '时期', sort: 'text'},
  paragraph: {label: '段落', sort: 'number'},
}

export interface TableRow extends MetricValue {
  blockKey?: string | null
  article?: {title: string; slug: string} | null
  paragraphNumber?: number
}

function figureCell(row: TableRow): SafeHtml {
  const approximation = row.approximation !== 'exact' ? APPROXIMATION_LABELS[row.approximation] : undefined
  const change = row.change ? CHANGE_LABELS[row.change] : undefined
  // Sort by the amount with 万/亿 applied, so 2066万元 sorts above 3000元.
  const sortValue = row.scaledValue ?? row.value
  return html`<td class="col-figure" data-sort-value="${Number.isFinite(sortValue) ? sortValue : ''}"><data class="figure" value="${row.value}" title="${describeMetric(row)}">${row.text}</data>${approximation ? html`<span class="badge">${approximation}</span>` : ''}${change ? html`<span class="badge badge--${row.change === 'increase' ? 'up' : row.change === 'decrease' ? 'down' : 'flat'}">${change}</span>` : ''}</td>`
}

function cell(column: TableColumn, row: TableRow, index: number, articleSlug?: string): SafeHtml {
  switch (column) {
    case 'index':
      return html`<td class="col-index" data-sort-value="${index + 1}">${index + 1}</td>`
    case 'label':
      return html`<th class="col-label" scope="row" data-sort-value="${row.label ?? ''}">${row.label ?? html`<span class="muted">（未标注）</span>`}</th>`
    case 'figure':
      return figureCell(row)
    case 'kind':
      return html`<td class="col-kind" data-sort-value="${row.kind}">${KIND_LABELS[row.kind] ?? row.kind}</td>`
    case 'agency':
      return html`<td class="col-agency" data-sort-value="${row.agency?.name ?? ''}">${row.agency?.name ? agencyLink({name: row.agency.name, slug: row.agency.slug}) : ''}</td>`
    case 'article': {
      const slug = row.article?.slug ?? articleSlug
      const anchor = row.blockKey ? `#p-${row.blockKey}` : ''
      return html`<td class="col-article" data-sort-value="${row.article?.title ?? ''}">${slug && row.article ? html`<a href="${articleHref(slug)}${anchor}">${row.article.title}</a>` : ''}</td>`
    }
    case 'period':
      return html`<td class="col-period" data-sort-value="${row.period ?? ''}">${formatPeriod(row.period) ?? ''}</td>`
    case 'paragraph': {
      const n = row.paragraphNumber
      return html`<td class="col-paragraph" data-sort-value="${n ?? ''}">${n && articleSlug && row.blockKey ? html`<a href="#p-${row.blockKey}">第${n}段</a>` : ''}</td>`
    }
  }
}

function metricsTable(options: {
  id: string
  caption: string
  rows: TableRow[]
  columns: TableColumn[]
  articleSlug?: string
  /** The column the rows come sorted by. */
  sortedBy?: TableColumn
}): SafeHtml {
  const {rows, columns} = options
  if (!rows.length) return html`<p class="empty">没有符合条件的数据。</p>`
  return html`<div class="table-scroll" role="region" aria-labelledby="${options.id}-caption" tabindex="0">
<table class="metrics-table" id="${options.id}" data-sortable>
  <caption id="${options.id}-caption" class="visually-hidden">${options.caption}（点击表头可排序）</caption>
  <thead><tr>${columns.map((column) => {
    const heading = COLUMN_HEADINGS[column]
    const sorted = options.sortedBy === column ? trusted(' aria-sort="ascending"') : ''
    return html`<th class="col-${column}" scope="col" data-sort="${heading.sort}"${sorted}><button type="button">${heading.label}<span class="sort-icon" aria-hidden="true"></span></button></th>`
  })}</tr></thead>
  <tbody>${rows.map((row, index) => html`<tr>${columns.map((column) => cell(column, row, index, options.articleSlug))}</tr>`)}</tbody>
</table>
</div>
<p class="visually-hidden" aria-live="polite" data-sort-status></p>`
}

// ---------------------------------------------------------------------------
// Pages

export interface IndexPageData {
  filters: ArticleListFilters
  options: ArticleFiltersData
  items: ArticleCard[]
  next: ArticleCursor | null
  /** True when this is not the first page. */
  paged: boolean
}

export function indexPage(data: IndexPageData, context: PageContext = {}): string {
  const {filters, options} = data
  const filterQuery = {agency: filters.agency, region: filters.region, year: filters.year}
  const filtered = Boolean(filters.agency || filters.region || filters.year)
  const olderHref = data.next ? `/${queryString({...filterQuery, cursor: encodeCursor(data.next)})}` : undefined
  const main = html`<div class="page page--index">
<header class="page-header">
  <h1>政务报道</h1>
  <p class="page-header__lead">各级政府部门的工作报道，正文中的数字已标注为可检索的数据。</p>
</header>
<form class="filters" method="get" action="/" aria-label="筛选报道">
  ${select('agency', '机构', options.agencies.map((a) => ({value: a.slug, label: `${a.name}（${a.articleCount}）`})), filters.agency, '全部机构')}
  ${select('region', '地区', regionOptions(options.regions), filters.region, '全部地区')}
  ${select('year', '年份', yearOptions(options.periods), filters.year, '全部年份')}
  <div class="filters__actions">
    <button type="submit">筛选</button>
    ${filtered ? html`<a href="/">清除筛选</a>` : ''}
  </div>
</form>
${data.items.length
  ? html`<ol class="card-list" aria-label="报道列表">${data.items.map((item) => articleCard(item))}</ol>`
  : html`<p class="empty">${data.paged ? '没有更早的报道了。' : '没有符合条件的报道。'}</p>`}
<nav class="pagination" aria-label="分页">
  ${data.paged ? html`<a href="/${queryString(filterQuery)}">← 最新报道</a>` : ''}
  ${olderHref ? html`<a rel="next" href="${olderHref}">更早的报道 →</a>` : ''}
</nav>
</div>`
  return layout({title: filtered ? '筛选报道' : '报道', description: '政府部门工作报道与数据', main, nav: 'articles', canonicalPath: '/'}, context)
}

export function articlePage(article: ArticleData, context: PageContext = {}): string {
  const body = article.body ?? []
  const blocks = toPlainTextBlocks(body)
  // The summary is often the first paragraph itself; show it as a lead only when it adds something.
  const showLead = Boolean(article.summary && article.summary.trim() !== (blocks[0] ?? '').trim())
  const paragraphNumbers = new Map<string, number>()
  body.forEach((block, index) => paragraphNumbers.set(block._key, index + 1))
  const rows: TableRow[] = (article.metrics ?? []).map((metric) => ({
    ...metric,
    paragraphNumber: paragraphNumbers.get(metric.blockKey),
  }))
  const agencies = article.agencies ?? []
  const meta = joinParts(
    [
      timeElement(article.publishedAt),
      article.region ?? undefined,
      article.period ? `报告期 ${formatPeriod(article.period) ?? ''}` : undefined,
    ],
    trusted('<span class="sep" aria-hidden="true">·</span>'),
  )
  const main = html`<article class="article" aria-labelledby="article-title">
<header class="article__header">
  <p class="eyebrow"><a href="/">报道</a></p>
  <h1 id="article-title">${article.title}</h1>
  ${article.subtitle ? html`<p class="article__subtitle">${article.subtitle}</p>` : ''}
  ${meta.length ? html`<p class="article__meta">${meta}</p>` : ''}
  ${agencies.length
    ? html`<div class="article__agencies">
    <h2 class="visually-hidden">相关机构</h2>
    <ul class="agency-list">${agencies.map(
      (agency) => html`<li><a class="agency-chip" href="${agencyHref(agency.slug)}">${agency.name}</a>${agency.parent ? html`<span class="agency-parent">隶属 ${agencyLink(agency.parent)}</span>` : ''}</li>`,
    )}</ul>
  </div>`
    : ''}
  ${showLead ? html`<p class="article__lead">${article.summary}</p>` : ''}
</header>
<div class="prose" id="article-body">
${trusted(renderBodyHtml(body))}
</div>
${rows.length
  ? html`<section class="panel key-figures-panel" aria-labelledby="key-figures-title">
  <h2 id="key-figures-title">本文数据 <span class="count">${rows.length}项</span></h2>
  <p class="panel__note">正文中标出的数字，按出现顺序排列。点击表头可排序，点击段落回到原文。</p>
  ${metricsTable({id: 'key-figures', caption: '本文提到的数据', rows, columns: ['index', 'label', 'figure', 'kind', 'paragraph'], articleSlug: article.slug, sortedBy: 'index'})}
</section>`
  : ''}
${article.relatedHeadlines.length
  ? html`<aside class="related-headlines" aria-labelledby="related-title">
  <h2 id="related-title">同页其他文章的标题</h2>
  <p class="panel__note">以下标题与本文一同从原网页采集，属于其他文章，<strong>不是本文内容</strong>。</p>
  <ul>${article.relatedHeadlines.map((headline) => html`<li><span class="tag tag--muted">其他文章</span>${headline}</li>`)}</ul>
</aside>`
  : ''}
</article>`
  return layout(
    {
      title: article.title,
      description: article.summary ?? blocks[0]?.slice(0, 120),
      lang: article.language,
      main,
      nav: 'articles',
      canonicalPath: articleHref(article.slug),
      jsonLd: articleJsonLd(article, {baseUrl: context.baseUrl}),
    },
    context,
  )
}

export function agencyPage(agency: AgencyData, context: PageContext = {}): string {
  const ancestors = [agency.parent?.parent, agency.parent].filter((a): a is NonNullable<typeof a> => Boolean(a))
  const facts = joinParts(
    [
      agency.shortName && agency.shortName !== agency.name ? `简称 ${agency.shortName}` : undefined,
      LEVEL_LABELS[agency.level],
      agency.region ?? undefined,
      agency.sector ?? undefined,
    ],
    trusted('<span class="sep" aria-hidden="true">·</span>'),
  )
  const rows: TableRow[] = agency.metrics
  const main = html`<div class="page page--agency">
<header class="page-header">
  <p class="eyebrow">政府机构</p>
  <h1>${agency.name}</h1>
  ${facts.length ? html`<p class="article__meta">${facts}</p>` : ''}
  <dl class="stats">
    <div><dt>相关报道</dt><dd>${agency.articles.length}<span>篇</span></dd></div>
    <div><dt>数据</dt><dd>${rows.length}<span>项</span></dd></div>
    <div><dt>下属机构</dt><dd>${agency.children.length}<span>个</span></dd></div>
  </dl>
</header>
<section class="panel hierarchy" aria-labelledby="hierarchy-title">
  <h2 id="hierarchy-title">机构层级</h2>
  <ol class="hierarchy__path">
    ${ancestors.map((a) => html`<li>${agencyLink(a)}</li>`)}
    <li aria-current="page"><strong>${agency.name}</strong></li>
  </ol>
  ${agency.children.length
    ? html`<h3>下属机构</h3><ul class="agency-list">${agency.children.map((child) => html`<li><a class="agency-chip" href="${agencyHref(child.slug)}">${child.name}</a></li>`)}</ul>`
    : ''}
</section>
<section aria-labelledby="articles-title">
  <h2 id="articles-title">相关报道 <span class="count">${agency.articles.length}篇</span></h2>
  ${agency.articles.length ? html`<ol class="compact-list">${agency.articles.map((a) => compactCard(a))}</ol>` : html`<p class="empty">暂无直接提及该机构的报道。</p>`}
</section>
<section aria-labelledby="figures-title">
  <h2 id="figures-title">各报道中的数据 <span class="count">${rows.length}项</span></h2>
  ${rows.length ? html`<p class="panel__note">包括标明属于本机构的数字，以及以本机构为主题、未另标机构的报道中的数字。点击表头可排序。</p>` : ''}
  ${metricsTable({id: 'agency-figures', caption: `${agency.name}的数据`, rows, columns: ['label', 'figure', 'kind', 'period', 'article']})}
</section>
</div>`
  return layout({title: agency.name, description: `${agency.name}：机构层级、相关报道与数据`, main, canonicalPath: agencyHref(agency.slug)}, context)
}

export interface FiguresPageData {
  filters: MetricsFeedFilters
  options: ArticleFiltersData
  rows: MetricRow[]
}

export function figuresPage(data: FiguresPageData, context: PageContext = {}): string {
  const {filters} = data
  const filtered = Boolean(filters.agency || filters.kind || filters.year)
  const main = html`<div class="page page--figures">
<header class="page-header">
  <h1>数据</h1>
  <p class="page-header__lead">所有报道中标注的数字，每行一项，可按机构、类别和年份筛选。</p>
</header>
<form class="filters" method="get" action="/figures" aria-label="筛选数据">
  ${select('agency', '机构', data.options.agencies.map((a) => ({value: a.slug, label: a.name})), filters.agency, '全部机构')}
  ${select('kind', '类别', KIND_OPTIONS, filters.kind, '全部类别')}
  ${select('year', '年份', yearOptions(data.options.periods), filters.year, '全部年份')}
  <div class="filters__actions">
    <button type="submit">筛选</button>
    ${filtered ? html`<a href="/figures">清除筛选</a>` : ''}
  </div>
</form>
<p class="result-count" role="status">共 ${data.rows.length} 项数据<span class="table-hint">点击表头可排序</span></p>
${metricsTable({id: 'figures', caption: '报道中的数据', rows: data.rows, columns: ['label', 'figure', 'kind', 'agency', 'period', 'article']})}
</div>`
  return layout({title: '数据', description: '政务报道中的数据一览', main, nav: 'figures', canonicalPath: '/figures'}, context)
}

export function searchPage(query: string, hits: SearchHit[] | null, context: PageContext = {}): string {
  const main = html`<div class="page page--search">
<header class="page-header">
  <h1>搜索</h1>
  ${query ? html`<p class="result-count" role="status">“${query}”共找到 ${hits?.length ?? 0} 篇报道</p>` : html`<p class="page-header__lead">在标题、摘要和正文中搜索。</p>`}
</header>
${hits?.length ? html`<ol class="card-list">${hits.map((hit) => articleCard(hit))}</ol>` : query ? html`<p class="empty">没有找到相关报道，换个关键词试试。</p>` : ''}
</div>`
  return layout({title: query ? `搜索：${query}` : '搜索', main, nav: 'search', searchQuery: query}, context)
}

export function messagePage(title: string, message: HtmlPart, context: PageContext = {}): string {
  const main = html`<div class="page page--message">
<header class="page-header"><h1>${title}</h1></header>
<p>${message}</p>
<p><a href="/">返回首页</a> · <a href="/figures">浏览数据</a></p>
</div>`
  return layout({title, main}, context)
}

export function sitemapXml(data: SitemapData, baseUrl: string): string {
  const entry = (path: string, updatedAt: string | null | undefined) =>
    `  <url><loc>${escapeXml(new URL(path, baseUrl).href)}</loc>${updatedAt ? `<lastmod>${escapeXml(updatedAt)}</lastmod>` : ''}</url>`
  const urls = [
    entry('/', undefined),
    entry('/figures', undefined),
    ...data.articles.map((a) => entry(articleHref(a.slug), a._updatedAt)),
    ...data.agencies.map((a) => entry(agencyHref(a.slug), a._updatedAt)),
  ]
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`
}
