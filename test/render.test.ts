import {readFileSync} from 'node:fs'
import path from 'node:path'
import {JSDOM} from 'jsdom'
import {describe, expect, it} from 'vitest'
import {buildReport} from '../migrations/report/build'
import type {AgencyData, ArticleData} from '../queries/api'
import {
  articleJsonLd,
  describeMetric,
  jsonLdScript,
  metricHtml,
  renderBodyHtml,
  safeHttpUrl,
  serializeJsonForScript,
  toPlainText,
  toPlainTextBlocks,
  type BodyNode,
  type MetricNode,
} from '../queries/render'
import {agencyPage, articlePage, figuresPage, indexPage, messagePage, regionOptions, sitemapXml} from '../site/pages'

const SEED = path.resolve(import.meta.dirname, '../../shared/seeds/000_984990fb53a38cb6.txt')
const XSS = '<script>alert(1)</script>'
const BREAKOUT = '"><img src=x onerror=alert(1)>'
const EVIL = `${XSS}${BREAKOUT}'</data></a><!--`

function fragment(html: string): DocumentFragment {
  return JSDOM.fragment(html)
}

/** Nothing an attacker could run: no script or img elements, no event handler attributes, no javascript: URLs. */
function expectHarmless(root: ParentNode, allowedScripts = 0): void {
  expect(root.querySelectorAll('script:not([type="application/ld+json"]):not([src="/assets/site.js"])')).toHaveLength(0)
  expect(root.querySelectorAll('script').length).toBeLessThanOrEqual(allowedScripts)
  expect(root.querySelectorAll('img, iframe, object, embed, svg, style')).toHaveLength(0)
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      expect(attribute.name.startsWith('on'), `${element.tagName} ${attribute.name}`).toBe(false)
      if (attribute.name === 'href' || attribute.name === 'src') expect(attribute.value).not.toMatch(/^\s*(javascript|data|vbscript):/i)
    }
  }
}

const metric = (fields: Partial<MetricNode> & Pick<MetricNode, 'value' | 'text'>): MetricNode => ({
  _type: 'metric',
  _key: 'm1',
  kind: 'count',
  approximation: 'exact',
  unit: '',
  ...fields,
})

const agency = {name: '杭州市生态环境局富阳分局', shortName: '富阳分局', slug: 'fu-yang'}

const sampleBody: BodyNode[] = [
  {_type: 'block', _key: 'h', style: 'h2', markDefs: [], children: [{_type: 'span', _key: 'a', text: '三步走', marks: []}]},
  {_type: 'block', _key: 'h3', style: 'h3', markDefs: [], children: [{_type: 'span', _key: 'a', text: '小标题', marks: []}]},
  {
    _type: 'block',
    _key: 'p1',
    style: 'normal',
    markDefs: [
      {_type: 'agencyMention', _key: 'am', agency},
      {_type: 'link', _key: 'lk', href: 'https://example.gov.cn/a?b=1&c=2'},
    ],
    children: [
      {_type: 'span', _key: 's1', text: '', marks: []},
      {_type: 'span', _key: 's2', text: '富阳分局', marks: ['am']},
      {_type: 'span', _key: 's3', text: '出动', marks: []},
      metric({_key: 'm500', value: 500, unit: '人次', approximation: 'moreThan', text: '500余人次', label: '谈心谈话'}),
      {_type: 'span', _key: 's4', text: '，详见', marks: []},
      {_type: 'span', _key: 's5', text: '通报', marks: ['lk', 'strong']},
      {_type: 'span', _key: 's6', text: '。', marks: []},
    ],
  },
  {_type: 'block', _key: 'q', style: 'blockquote', markDefs: [], children: [{_type: 'span', _key: 'a', text: '引用', marks: []}]},
  {_type: 'block', _key: 'l1', style: 'normal', listItem: 'bullet', level: 1, markDefs: [], children: [{_type: 'span', _key: 'a', text: '第一项', marks: []}]},
  {_type: 'block', _key: 'l2', style: 'normal', listItem: 'bullet', level: 1, markDefs: [], children: [{_type: 'span', _key: 'a', text: '第二项', marks: []}]},
  {_type: 'block', _key: 'n1', style: 'normal', listItem: 'number', level: 1, markDefs: [], children: [{_type: 'span', _key: 'a', text: '其一', marks: []}]},
  {
    _type: 'metricBlock',
    _key: 'panel',
    title: '关键数据',
    note: '来源：年度报告',
    metrics: [
      {_key: 'k1', value: 20, unit: '%', kind: 'percent', approximation: 'exact', change: 'decrease', text: '20%', label: '信访总量'},
      {_key: 'k2', value: 3, unit: '', kind: 'rank', approximation: 'exact', text: '排名第三', agency: {name: '杭州市生态环境局', slug: 'hang-zhou'}},
    ],
  },
]

describe('HTML components', () => {
  const doc = fragment(renderBodyHtml(sampleBody))

  it('renders a metric as <data> with its kind, approximation and label for CSS and screen readers', () => {
    const data = doc.querySelector('p data.metric')
    expect(data).not.toBeNull()
    expect(data?.getAttribute('value')).toBe('500')
    expect(data?.textContent).toBe('500余人次')
    expect(data?.className).toBe('metric metric--count metric--moreThan')
    expect(data?.getAttribute('data-kind')).toBe('count')
    expect(data?.getAttribute('data-approximation')).toBe('moreThan')
    expect(data?.getAttribute('data-label')).toBe('谈心谈话')
    expect(data?.getAttribute('data-unit')).toBe('人次')
    expect(data?.getAttribute('title')).toBe('谈心谈话：500余人次（多于500人次）')
    // Read in place by screen readers, hidden on screen.
    const note = data?.nextElementSibling
    expect(note?.className).toBe('visually-hidden')
    expect(note?.textContent).toBe('（谈心谈话，多于500人次）')
  })

  it('adds no note when the wording says it all', () => {
    const html = metricHtml(metric({value: 172, unit: '件', text: '172件'}))
    expect(html).toBe('<data value="172" class="metric metric--count metric--exact" data-kind="count" data-approximation="exact" data-unit="件" data-key="m1" title="172件"><span class="metric__number">172</span>件</data>')
    // Full-width figures keep their digits together too; the text is unchanged.
    const wide = fragment(metricHtml(metric({value: 76.5, unit: '％', kind: 'percent', text: '７６.５％'})))
    expect(wide.querySelector('.metric__number')?.textContent).toBe('７６.５％')
    expect(wide.textContent).toBe('７６.５％')
    expect(describeMetric(metric({value: 3, kind: 'rank', text: '排名第三'}))).toBe('排名第三（第3名）')
    expect(describeMetric(metric({value: 20, unit: '%', kind: 'percent', change: 'decrease', text: '20%', label: '信访总量'}))).toBe('信访总量：20%（下降20%）')
    // A share written as a fraction reads as its percent.
    expect(describeMetric(metric({value: 1 / 3, unit: '', kind: 'ratio', approximation: 'about', text: '近三分之一', label: '村'}))).toBe('村：近三分之一（约33.3%）')
  })

  it('links agency mentions to the agency page', () => {
    const link = doc.querySelector('a.agency-mention')
    expect(link?.getAttribute('href')).toBe('/agencies/fu-yang')
    expect(link?.textContent).toBe('富阳分局')
    expect(link?.getAttribute('title')).toBe('杭州市生态环境局富阳分局')
    // An unexpanded reference (raw document) renders as text.
    const raw = fragment(renderBodyHtml([{_type: 'block', _key: 'x', markDefs: [{_type: 'agencyMention', _key: 'am', agency: {_ref: 'agency.x'}}], children: [{_type: 'span', text: '某局', marks: ['am']}]}]))
    expect(raw.querySelector('a')).toBeNull()
    expect(raw.textContent).toBe('某局')
  })

  it('renders http(s) links and nothing else as links', () => {
    const link = doc.querySelector('a.external')
    expect(link?.getAttribute('href')).toBe('https://example.gov.cn/a?b=1&c=2')
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer nofollow')
    expect(link?.querySelector('strong')?.textContent).toBe('通报')
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '/relative', 'mailto:a@b.c', BREAKOUT, '', 'https://']) {
      const out = fragment(renderBodyHtml([{_type: 'block', _key: 'x', markDefs: [{_type: 'link', _key: 'l', href}], children: [{_type: 'span', text: '文字', marks: ['l']}]}]))
      expect(out.querySelector('a'), href).toBeNull()
      expect(out.textContent).toBe('文字')
    }
    expect(safeHttpUrl('http://example.com')).toBe('http://example.com/')
  })

  it('renders key-figure panels as a figure of cards with a note', () => {
    const figure = doc.querySelector('figure.key-figures')
    expect(figure?.id).toBe('p-panel')
    expect(figure?.querySelector('figcaption')?.textContent).toBe('关键数据')
    const cards = figure?.querySelectorAll('li.key-figure') ?? []
    expect(cards).toHaveLength(2)
    expect(cards[0]?.querySelector('data.metric')?.getAttribute('value')).toBe('20')
    expect(cards[0]?.querySelector('data.metric')?.getAttribute('data-change')).toBe('decrease')
    expect(cards[0]?.querySelector('.key-figure__label')?.textContent).toBe('信访总量')
    expect(cards[1]?.querySelector('a.key-figure__agency')?.getAttribute('href')).toBe('/agencies/hang-zhou')
    expect(figure?.querySelector('.key-figures__note')?.textContent).toBe('来源：年度报告')
  })

  it('renders headings, quotes and lists, with paragraph ids', () => {
    expect(doc.querySelector('h2#p-h')?.textContent).toBe('三步走')
    expect(doc.querySelector('h3#p-h3')?.textContent).toBe('小标题')
    expect(doc.querySelector('p#p-p1')).not.toBeNull()
    expect(doc.querySelector('blockquote#p-q')?.textContent).toBe('引用')
    expect([...doc.querySelectorAll('ul:not(.key-figures__list) > li')].map((li) => li.textContent)).toEqual(['第一项', '第二项'])
    expect([...doc.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual(['其一'])
    expect(renderBodyHtml([])).toBe('')
    expect(renderBodyHtml(null)).toBe('')
  })

  it('drops unknown block types without printing warnings into the page', () => {
    const html = renderBodyHtml([{_type: 'mystery', _key: 'z'} as unknown as BodyNode])
    expect(html).toBe('')
  })
})

describe('escaping', () => {
  const evilAgency = {name: EVIL, shortName: EVIL, slug: `x${BREAKOUT}`}
  const evilMetric = metric({value: 1, unit: EVIL, text: `1${EVIL}`, label: EVIL, kind: `count${BREAKOUT}`, approximation: `x" onmouseover="alert(1)`, change: EVIL, agency: evilAgency, _key: BREAKOUT})
  const evilBody: BodyNode[] = [
    {
      _type: 'block',
      _key: `k${BREAKOUT}`,
      style: 'normal',
      markDefs: [
        {_type: 'agencyMention', _key: 'am', agency: evilAgency},
        {_type: 'link', _key: 'lk', href: `https://example.com/${BREAKOUT}`},
        {_type: 'link', _key: 'js', href: `javascript:alert(1)//${BREAKOUT}`},
      ],
      children: [
        {_type: 'span', _key: 'a', text: EVIL, marks: []},
        {_type: 'span', _key: 'b', text: EVIL, marks: ['am']},
        evilMetric,
        {_type: 'span', _key: 'c', text: EVIL, marks: ['lk']},
        {_type: 'span', _key: 'd', text: EVIL, marks: ['js']},
        {_type: 'span', _key: 'e', text: EVIL, marks: [BREAKOUT]},
      ],
    },
    {_type: 'block', _key: 'h', style: `h2${BREAKOUT}`, markDefs: [], children: [{_type: 'span', text: EVIL, marks: []}]},
    {_type: 'metricBlock', _key: BREAKOUT, title: EVIL, note: EVIL, metrics: [evilMetric]},
  ]

  it('renders injected text, labels, units, agency names, keys and hrefs harmlessly', () => {
    const html = renderBodyHtml(evilBody)
    // Only escaped: no raw markup, no attribute broken out of its quotes.
    expect(html).not.toMatch(/<script|<img|<!--|"\s*onerror=|"\s*onmouseover=|href="javascript:/i)
    const doc = fragment(html)
    expectHarmless(doc)
    // The text itself survives, as text.
    expect(doc.textContent).toContain(XSS)
    expect(doc.querySelector('data.metric')?.getAttribute('data-label')).toBe(EVIL)
    expect(doc.querySelector('data.metric')?.getAttribute('data-unit')).toBe(EVIL)
    expect(doc.querySelector('data.metric')?.className).toBe('metric metric--unknown metric--unknown')
    expect(doc.querySelector('a.agency-mention')?.getAttribute('href')).toBe(`/agencies/${encodeURIComponent(`x${BREAKOUT}`)}`)
    expect(doc.querySelector('a.external')?.getAttribute('href')).toBe(`https://example.com/${encodeURI(BREAKOUT).replace(/'/g, '%27')}`)
    expect(doc.querySelectorAll('a')).toHaveLength(3)
  })

  it('keeps site pages harmless too', () => {
    const article: ArticleData = {
      _id: 'article.x',
      _updatedAt: '2025-01-01T00:00:00Z',
      title: EVIL,
      subtitle: EVIL,
      slug: 'x',
      summary: EVIL,
      publishedAt: '2025-01-01T00:00:00Z',
      language: 'zh-Hans',
      region: EVIL,
      period: EVIL,
      agencies: [{_id: 'agency.x', ...evilAgency, slug: 'x', parent: {name: EVIL, shortName: null, slug: 'p'}}],
      body: null,
      metrics: [{_key: 'k', value: 1, unit: EVIL, kind: 'count', approximation: 'exact', change: null, label: EVIL, text: EVIL, scaledValue: null, baseUnit: null, period: EVIL, agency: {name: EVIL, slug: 'x'}, blockKey: BREAKOUT}],
      relatedHeadlines: [EVIL],
    }
    const page = new JSDOM(articlePage(article, {baseUrl: 'http://127.0.0.1:4321'})).window.document
    expectHarmless(page, 2)
    expect(page.title).toContain(XSS)
    expect(page.querySelector('h1')?.textContent).toBe(EVIL)
    expect(page.querySelector('.article__subtitle')?.textContent).toBe(EVIL)
    expect(page.querySelector('.related-headlines li')?.textContent).toContain(EVIL)
    const ld = page.querySelector('script[type="application/ld+json"]')?.textContent ?? ''
    expect(ld).not.toMatch(/<\/script|<!--/i)
    expect(JSON.parse(ld)).toMatchObject({headline: EVIL, description: EVIL})

    const agencyData: AgencyData = {
      _id: 'agency.x', _updatedAt: '2025-01-01T00:00:00Z', name: EVIL, shortName: EVIL, aliases: null, slug: 'x', level: 'other', region: EVIL, sector: EVIL, website: null,
      parent: {name: EVIL, shortName: null, slug: 'p', parent: null},
      children: [{name: EVIL, shortName: null, slug: 'c'}],
      articles: [{_id: 'a', title: EVIL, slug: 'a', summary: EVIL, publishedAt: null, region: EVIL, period: null}],
      metrics: [{...(article.metrics?.[0] ?? {_key: 'k', value: 1, unit: null, kind: 'count', approximation: 'exact', change: null, label: null, text: 'x', scaledValue: null, baseUnit: null, period: null, agency: null, blockKey: 'b'}), article: {_id: 'a', title: EVIL, slug: 'a', publishedAt: null}}],
    }
    expectHarmless(new JSDOM(agencyPage(agencyData)).window.document, 1)
    const options = {agencies: [{name: EVIL, shortName: null, slug: 'x', articleCount: 1}], regions: [EVIL], periods: [EVIL]}
    expectHarmless(new JSDOM(indexPage({filters: {agency: EVIL, region: EVIL, year: null}, options, items: [{_id: 'a', title: EVIL, slug: 'a', summary: EVIL, publishedAt: null, region: EVIL, period: null, sortKey: '', agencies: [{name: EVIL, shortName: EVIL, slug: 'x'}], metricCount: 1}], next: {publishedAt: EVIL, id: EVIL}, paged: true})).window.document, 1)
    expectHarmless(new JSDOM(figuresPage({filters: {agency: EVIL, kind: EVIL, year: null}, options, rows: agencyData.metrics.map((m) => ({...m, article: {...m.article, _id: 'a'}}))})).window.document, 1)
    expectHarmless(new JSDOM(messagePage(EVIL, EVIL)).window.document, 1)
    const xml = sitemapXml({articles: [{slug: `a${BREAKOUT}`, _updatedAt: EVIL, publishedAt: null}], agencies: []}, 'http://127.0.0.1:4321')
    expect(xml).not.toMatch(/<img|<script/)
    const locs = [...new JSDOM(xml, {contentType: 'application/xml'}).window.document.querySelectorAll('url > loc')].map((l) => l.textContent)
    expect(locs).toEqual(['http://127.0.0.1:4321/', 'http://127.0.0.1:4321/figures', `http://127.0.0.1:4321/articles/${encodeURIComponent(`a${BREAKOUT}`)}`])
  })
})

describe('plain text', () => {
  it('gives back the seed paragraphs exactly, metrics as their wording', () => {
    const text = readFileSync(SEED, 'utf8')
    const result = buildReport({fileName: 'seed.txt', text, importedAt: '2025-01-01T00:00:00.000Z'})
    if (!result.ok) throw new Error(result.reason)
    const body = result.report.article.body
    expect(body.some((b) => b._type === 'block' && b.children.some((c) => c._type === 'metric'))).toBe(true)
    // Lines 1–3 are a banner headline, the title and a truncated teaser; the body is line 4 on.
    const sourceParagraphs = text.replace(/\r\n/g, '\n').split('\n').slice(3).filter((line) => line.trim() !== '')
    expect(toPlainTextBlocks(body).join('\n')).toBe(sourceParagraphs.join('\n'))
    expect(toPlainText(body)).toBe(sourceParagraphs.join('\n\n'))
    expect(toPlainTextBlocks(body)).toHaveLength(15)
  })

  it('reads metric panels as one line', () => {
    expect(toPlainTextBlocks(sampleBody).at(-1)).toBe('关键数据：信访总量20%；排名第三（来源：年度报告）')
    expect(toPlainTextBlocks(sampleBody)[2]).toBe('富阳分局出动500余人次，详见通报。')
  })
})

describe('JSON-LD', () => {
  const article = {
    _updatedAt: '2025-02-01T00:00:00Z',
    title: `标题</script><script>alert(1)</script><!--\u2028\u2029&`,
    slug: 'zhe-jiang',
    summary: '摘要',
    publishedAt: '2020-05-19T16:00:00.000Z',
    language: 'zh-Hans',
    region: '浙江省杭州市富阳区',
    period: '2019',
    agencies: [{name: '杭州市生态环境局富阳分局', shortName: '富阳分局', slug: 'fu-yang', parent: {name: '杭州市生态环境局', slug: 'hang-zhou'}}],
    metrics: [
      {_key: 'a', value: 500, unit: '人次', kind: 'count', approximation: 'moreThan', label: '谈心谈话', text: '500余人次', agency: {name: '杭州市生态环境局富阳分局', slug: 'fu-yang'}, period: '2019'},
      {_key: 'b', value: 3, unit: '', kind: 'rank', approximation: 'exact', label: null, text: '排名第三', agency: null},
      null,
    ],
  }

  it('describes the article as a NewsArticle about government organisations, with its metrics', () => {
    const script = jsonLdScript(articleJsonLd(article, {baseUrl: 'https://example.org'}))
    expect(script.startsWith('<script type="application/ld+json">')).toBe(true)
    const inner = script.slice('<script type="application/ld+json">'.length, -'</script>'.length)
    // Nothing inside can end the element, open a comment or break a JavaScript parser.
    expect(inner).not.toMatch(/[<>&\u2028\u2029]/)
    const ld = JSON.parse(inner) as Record<string, unknown>
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      description: '摘要',
      datePublished: '2020-05-19T16:00:00.000Z',
      dateModified: '2025-02-01T00:00:00Z',
      inLanguage: 'zh-Hans',
      url: 'https://example.org/articles/zhe-jiang',
      publisher: {
        '@type': 'GovernmentOrganization',
        name: '杭州市生态环境局富阳分局',
        alternateName: '富阳分局',
        url: 'https://example.org/agencies/fu-yang',
        parentOrganization: {'@type': 'GovernmentOrganization', name: '杭州市生态环境局', url: 'https://example.org/agencies/hang-zhou'},
      },
      about: [{'@type': 'GovernmentOrganization', name: '杭州市生态环境局富阳分局'}],
      spatialCoverage: {'@type': 'Place', name: '浙江省杭州市富阳区'},
      temporalCoverage: '2019',
    })
    const mentions = ld.mentions as Array<Record<string, unknown>>
    expect(mentions).toHaveLength(2)
    expect(mentions[0]).toMatchObject({'@type': 'QuantitativeValue', name: '谈心谈话', description: '500余人次', value: 500, unitText: '人次', minValue: 500})
    expect(mentions[0]?.additionalProperty).toEqual(
      expect.arrayContaining([{'@type': 'PropertyValue', name: 'agency', value: '杭州市生态环境局富阳分局', url: 'https://example.org/agencies/fu-yang'}]),
    )
    expect(mentions[1]).toMatchObject({name: '排名第三', value: 3})
    expect(mentions[1]).not.toHaveProperty('unitText')
  })

  it('survives an HTML parser: the script element holds exactly the JSON', () => {
    const value = articleJsonLd(article)
    const page = new JSDOM(`<!doctype html><head>${jsonLdScript(value)}</head><body><p>after</p></body>`).window.document
    const scripts = page.querySelectorAll('script')
    expect(scripts).toHaveLength(1)
    expect(JSON.parse(scripts[0]?.textContent ?? '')).toEqual(JSON.parse(JSON.stringify(value)))
    expect(page.querySelector('p')?.textContent).toBe('after')
    expect(serializeJsonForScript({a: '</script>'})).toBe('{"a":"\\u003c/script\\u003e"}')
  })
})

describe('site helpers', () => {
  it('offers every level of a region', () => {
    expect(regionOptions(['浙江省杭州市富阳区', '浙江省湖州市德清县']).map((o) => [o.value, o.label])).toEqual([
      ['浙江省', '浙江省'],
      ['浙江省杭州市', '\u3000杭州市'],
      ['浙江省杭州市富阳区', '\u3000\u3000富阳区'],
      ['浙江省湖州市', '\u3000湖州市'],
      ['浙江省湖州市德清县', '\u3000\u3000德清县'],
    ])
  })
})

describe('metric readings', () => {
  it('adds nothing for exact figures, however large or wide', () => {
    expect(describeMetric(metric({value: 1270, unit: '件', text: '1270件', label: '信访总量'}))).toBe('信访总量：1270件')
    expect(describeMetric(metric({value: 3650, unit: '家次', text: '３６５０家次'}))).toBe('３６５０家次')
    expect(describeMetric(metric({value: 1100, unit: '张', approximation: 'moreThan', text: '1100余张'}))).toBe('1100余张（多于1100张）')
    expect(describeMetric(metric({value: 500, unit: '人次', approximation: 'about', text: '约500人次'}))).toBe('约500人次')
    expect(describeMetric(metric({value: 10, unit: '%', approximation: 'lessThan', text: '不足10%'}))).toBe('不足10%（少于10%）')
  })
})
