import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {createClient, type SanityClient} from '@sanity/client'
import {evaluate, parse} from 'groq-js'
import {afterAll, beforeAll, describe, expect, expectTypeOf, it} from 'vitest'
import {startLocalServer, type LocalServer} from '../local/server'
import type {AgencyDoc, ArticleDoc, MetricDoc} from '../migrations/report/documents'
import {getAgency, getArticle, getArticlePage, getMetrics, getSitemap, searchArticles} from '../queries/api'
import {createSiteClient, siteClientConfig, SiteClientConfigError} from '../queries/client'
import {
  agencyBySlug,
  articleBySlug,
  articleFilters,
  articleList,
  metricsFeed,
  search,
  sitemap,
} from '../queries/index'
import {articleListParams, decodeCursor, encodeCursor, searchPattern, UNDATED_SORT_KEY, type ArticleCursor} from '../queries/params'
import type {ArticleBySlugResult, MetricsFeedResult} from '../sanity.types'
import {buildDocuments, defaultReportSources, findReports, writeDataset} from '../site/demo'

const SEED = path.resolve(import.meta.dirname, '../../shared/seeds/000_984990fb53a38cb6.txt')
const SEED_SLUG = 'zhe-jiang-fu-yang-sheng-tai-huan-jing-bu-men-kao-he-shou-ci-kua-ru-you-xiu'
const FUYANG = 'agency.hang-zhou-shi-sheng-tai-huan-jing-ju-fu-yang-fen-ju'
const HANGZHOU = 'agency.hang-zhou-shi-sheng-tai-huan-jing-ju'
const FUYANG_SLUG = 'hang-zhou-shi-sheng-tai-huan-jing-ju-fu-yang-fen-ju'
const HANGZHOU_SLUG = 'hang-zhou-shi-sheng-tai-huan-jing-ju'
/** Appears only in drafts; no published query result may contain it. */
const DRAFT_MARK = 'DRAFTONLY'
const TIE_DATE = '2024-06-01T02:00:00.000Z'

let server: LocalServer
let client: SanityClient
let dir: string
let seed: ArticleDoc
let published: ArticleDoc[]
let agencies: AgencyDoc[]

const metric = (key: string, fields: Partial<MetricDoc> & Pick<MetricDoc, 'value' | 'text'>): MetricDoc => ({
  _type: 'metric',
  _key: key,
  unit: '',
  kind: 'count',
  approximation: 'exact',
  ...fields,
})

/** Six articles on the same instant: only the `_id` tiebreak orders them. */
function tiedArticles(base: ArticleDoc): ArticleDoc[] {
  return Array.from({length: 6}, (_, i) => ({
    ...base,
    _id: `article.tie${i}`,
    title: `同日发布的测试报道${i}`,
    slug: {_type: 'slug' as const, current: `tie-${i}`},
    publishedAt: TIE_DATE,
  }))
}

/** Local midnight of 1 January 2024 (UTC+8) is still 2023 in UTC; a metric panel; a metric about another agency. */
function keyFiguresArticle(): ArticleDoc {
  return {
    ...seed,
    _id: 'article.keyfigures',
    title: '杭州市生态环境局年度关键数据',
    slug: {_type: 'slug', current: 'key-figures'},
    summary: '年度关键数据。',
    publishedAt: '2023-12-31T16:00:00.000Z',
    period: undefined,
    region: '浙江省杭州市',
    agencies: [{_type: 'reference', _key: 'fy', _ref: FUYANG}],
    body: [
      {
        _type: 'block',
        _key: 'kfblock1',
        style: 'normal',
        markDefs: [],
        children: [
          {_type: 'span', _key: 's1', text: '全市共', marks: []},
          metric('m1', {value: 3000, unit: '家', text: '3000家', label: '检查企业', agency: {_type: 'reference', _ref: HANGZHOU}}),
          {_type: 'span', _key: 's2', text: '。', marks: []},
        ],
      },
      {
        _type: 'metricBlock',
        _key: 'kfpanel',
        title: '关键数据',
        note: '来源：年度报告',
        metrics: [
          metric('p1', {value: 12, unit: '%', kind: 'percent', text: '12%', label: '优良率提升', change: 'increase'}),
          metric('p2', {value: 2066, unit: '万元', kind: 'amount', text: '2066万元', label: '罚没款', scaledValue: 20660000, baseUnit: '元'}),
        ],
      },
    ],
    relatedHeadlines: [],
  }
}

function allMetrics(article: ArticleDoc): MetricDoc[] {
  return article.body.flatMap((block) =>
    block._type === 'block' ? block.children.filter((c): c is MetricDoc => c._type === 'metric') : block.metrics,
  )
}

const sortKey = (a: ArticleDoc) => a.publishedAt ?? UNDATED_SORT_KEY
const newestFirst = (a: ArticleDoc, b: ArticleDoc) => {
  const x = sortKey(a)
  const y = sortKey(b)
  if (x !== y) return x < y ? 1 : -1
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0
}

beforeAll(async () => {
  const files = await findReports([...defaultReportSources(), SEED])
  const built = await buildDocuments([...new Set(files)])
  expect(built.skipped).toEqual([])
  const found = built.articles.find((a) => a.slug.current === SEED_SLUG)
  if (!found) throw new Error('the seed did not import')
  seed = found
  agencies = built.agencies
  published = [...built.articles, ...tiedArticles(seed), keyFiguresArticle()]

  const [firstAgency] = agencies
  if (!firstAgency) throw new Error('no agency imported')
  const draftOfTie: ArticleDoc = {...seed, _id: 'drafts.article.tie0', title: `草稿 ${DRAFT_MARK}`, slug: {_type: 'slug', current: 'tie-0'}, publishedAt: TIE_DATE}
  const draftOnly: ArticleDoc = {...seed, _id: 'drafts.article.draftonly', title: `未发布 ${DRAFT_MARK}`, slug: {_type: 'slug', current: 'draft-only'}, publishedAt: '2030-01-01T00:00:00.000Z'}
  const draftAgency: AgencyDoc = {...firstAgency, _id: 'drafts.agency.draft-only', name: `草稿机构 ${DRAFT_MARK}`, slug: {_type: 'slug', current: 'draft-only-agency'}}

  dir = await mkdtemp(path.join(os.tmpdir(), 'queries-test-'))
  await writeDataset(dir, 'production', [...published, ...agencies, draftOfTie, draftOnly, draftAgency])
  server = await startLocalServer({port: 0, host: '127.0.0.1', dir, dataset: 'production', env: {}})
  client = createClient({
    projectId: 'local',
    dataset: 'production',
    apiHost: server.url,
    useProjectHostname: false,
    apiVersion: '2025-02-19',
    useCdn: false,
  })
  // A draft made through the API as an editor would, not only one in the file.
  await client.create({...seed, _id: `drafts.${seed._id}`, title: `编辑中 ${DRAFT_MARK}`, summary: `${DRAFT_MARK} 草稿摘要`})
})

afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, {recursive: true, force: true})
})

describe('articleBySlug', () => {
  it('returns the seed with its 19 metrics, agencies and expanded mentions', async () => {
    const article = await client.fetch(articleBySlug, {slug: SEED_SLUG})
    expect(article).not.toBeNull()
    if (!article) return
    expect(article.title).toBe('浙江富阳生态环境部门考核首次跨入优秀')
    expect(article.metrics).toHaveLength(19)
    expect(article.metrics?.map((m) => m.text)).toEqual(allMetrics(seed).map((m) => m.text))
    expect(article.metrics?.find((m) => m.text === '500余人次')).toMatchObject({value: 500, unit: '人次', approximation: 'moreThan'})

    const fuyang = article.agencies?.find((a) => a.name === '杭州市生态环境局富阳分局')
    expect(fuyang).toMatchObject({shortName: '富阳分局', slug: FUYANG_SLUG, parent: {name: '杭州市生态环境局', slug: HANGZHOU_SLUG}})
    // Rows without their own agency fall back to the article's first agency.
    expect(new Set(article.metrics?.map((m) => m.agency?.name))).toEqual(new Set(['杭州市生态环境局富阳分局']))

    const bodyKeys = new Set(article.body?.map((b) => b._key))
    for (const row of article.metrics ?? []) expect(bodyKeys.has(row.blockKey)).toBe(true)

    const mentions = (article.body ?? []).flatMap((b) => (b._type === 'block' ? (b.markDefs ?? []) : []))
    expect(mentions.length).toBeGreaterThan(0)
    for (const mark of mentions) {
      expect(mark._type).toBe('agencyMention')
      if (mark._type === 'agencyMention') expect(mark.agency).toMatchObject({name: expect.any(String), slug: expect.stringMatching(/^[a-z0-9-]+$/)})
    }
    expect(article.relatedHeadlines).toEqual(seed.relatedHeadlines)
    expect(article.period).toBe('2019')
    expect(article.region).toBe('浙江省杭州市富阳区')
  })

  it('flattens metric panels into the list with their block key', async () => {
    const article = await client.fetch(articleBySlug, {slug: 'key-figures'})
    expect(article?.metrics?.map((m) => [m.text, m.blockKey, m.agency?.slug])).toEqual([
      ['3000家', 'kfblock1', HANGZHOU_SLUG],
      ['12%', 'kfpanel', FUYANG_SLUG],
      ['2066万元', 'kfpanel', FUYANG_SLUG],
    ])
    const panel = article?.body?.find((b) => b._type === 'metricBlock')
    expect(panel?._type === 'metricBlock' && panel.note).toBe('来源：年度报告')
  })

  it('returns null for an unknown slug and for a draft-only article', async () => {
    expect(await client.fetch(articleBySlug, {slug: 'no-such-article'})).toBeNull()
    expect(await client.fetch(articleBySlug, {slug: 'draft-only'})).toBeNull()
  })

  it('is typed by TypeGen through client.fetch', () => {
    // Type-level: `tsc --noEmit` fails if TypeGen's overloads stop typing the result (e.g. to `any`).
    const result = client.fetch(articleBySlug, {slug: SEED_SLUG})
    expectTypeOf(result).resolves.not.toBeAny()
    expectTypeOf(result).resolves.toEqualTypeOf<ArticleBySlugResult>()
    expectTypeOf(getMetrics(client)).resolves.toEqualTypeOf<MetricsFeedResult>()
    expectTypeOf<NonNullable<ArticleBySlugResult>['metrics']>().not.toBeAny()
  })
})

describe('articleList', () => {
  async function walk(filters: Parameters<typeof articleListParams>[0], limit: number): Promise<string[]> {
    const ids: string[] = []
    let cursor: ArticleCursor | null = null
    for (let page = 0; page < 100; page++) {
      const result: Awaited<ReturnType<typeof getArticlePage>> = await getArticlePage(client, {filters, cursor, limit})
      expect(result.items.length).toBeLessThanOrEqual(limit)
      ids.push(...result.items.map((item) => item._id))
      if (!result.next) return ids
      // The cursor survives the trip through a page address.
      cursor = decodeCursor(encodeCursor(result.next)) ?? null
    }
    throw new Error('pagination did not end')
  }

  it('pages through every article newest first, two at a time, with no gaps or repeats', async () => {
    const expected = [...published].sort(newestFirst).map((a) => a._id)
    const ids = await walk({}, 2)
    expect(ids).toEqual(expected)
    expect(new Set(ids).size).toBe(ids.length)
    // The six articles on the same instant come in `_id` order, and undated ones last.
    expect(ids.filter((id) => id.startsWith('article.tie'))).toEqual(['article.tie5', 'article.tie4', 'article.tie3', 'article.tie2', 'article.tie1', 'article.tie0'])
    expect(ids.at(-1) && published.find((a) => a._id === ids.at(-1))?.publishedAt).toBeUndefined()
  })

  it('pages the same with every page size', async () => {
    const expected = [...published].sort(newestFirst).map((a) => a._id)
    for (const limit of [1, 3, 5, 50]) expect(await walk({}, limit)).toEqual(expected)
  })

  it('slices by $limit and starts after the cursor (the query itself, evaluated by groq-js)', async () => {
    // Independent of the endpoint: groq-js binds slice parameters at parse time, as Content Lake does.
    const run = async (params: ReturnType<typeof articleListParams>) =>
      (await (await evaluate(parse(articleList, {params: {...params}}), {dataset: [...published, ...agencies], params: {...params}})).get()) as Array<{_id: string; sortKey: string}>
    const expected = [...published].sort(newestFirst).map((a) => a._id)
    const first = await run(articleListParams({}, null, 3))
    expect(first.map((r) => r._id)).toEqual(expected.slice(0, 3))
    const last = first.at(-1)
    if (!last) throw new Error('empty page')
    const second = await run(articleListParams({}, {publishedAt: last.sortKey, id: last._id}, 3))
    expect(second.map((r) => r._id)).toEqual(expected.slice(3, 6))
  })

  it('slices by $limit through the endpoint too', async () => {
    const expected = [...published].sort(newestFirst).map((a) => a._id)
    const first = await client.fetch(articleList, {...articleListParams({}, null, 4)})
    expect(first.map((r) => r._id)).toEqual(expected.slice(0, 4))
    const last = first.at(-1)
    if (!last) throw new Error('empty page')
    const second = await client.fetch(articleList, {...articleListParams({}, {publishedAt: last.sortKey, id: last._id}, 4)})
    expect(second.map((r) => r._id)).toEqual(expected.slice(4, 8))
  })

  it('filters by agency, region prefix and year (China Standard Time)', async () => {
    const byAgency = await walk({agency: FUYANG_SLUG}, 2)
    expect(byAgency).toEqual(published.filter((a) => a.agencies.some((r) => r._ref === FUYANG)).sort(newestFirst).map((a) => a._id))
    expect(byAgency).toContain(seed._id)

    const zhejiang = await walk({region: '浙江省'}, 2)
    expect(zhejiang.length).toBeGreaterThan(0)
    expect(zhejiang).toEqual(published.filter((a) => a.region?.startsWith('浙江省')).sort(newestFirst).map((a) => a._id))

    // 2023-12-31T16:00Z is 1 January 2024 in China.
    expect(await walk({year: '2024'}, 2)).toContain('article.keyfigures')
    expect(await walk({year: '2023'}, 2)).not.toContain('article.keyfigures')
    // The seed has no date but reports on 2019.
    expect(await walk({year: '2019'}, 2)).toContain(seed._id)
    expect(await walk({agency: 'no-such-agency'}, 2)).toEqual([])
  })

  it('offers the filter values', async () => {
    const options = await client.fetch(articleFilters)
    expect(options.agencies.map((a) => a.slug)).toContain(FUYANG_SLUG)
    expect(options.agencies.find((a) => a.slug === FUYANG_SLUG)?.articleCount).toBe(published.filter((a) => a.agencies.some((r) => r._ref === FUYANG)).length)
    expect(options.regions).toContain('浙江省杭州市富阳区')
    expect(options.periods).toContain('2019')
    expect(JSON.stringify(options)).not.toContain(DRAFT_MARK)
  })
})

describe('agencyBySlug', () => {
  it('gives the branch its parent, articles newest first and its figures', async () => {
    const agency = await client.fetch(agencyBySlug, {slug: FUYANG_SLUG})
    expect(agency).toMatchObject({name: '杭州市生态环境局富阳分局', shortName: '富阳分局', parent: {name: '杭州市生态环境局', slug: HANGZHOU_SLUG}})
    const expectedArticles = published.filter((a) => JSON.stringify(a).includes(`"${FUYANG}"`)).sort(newestFirst).map((a) => a._id)
    expect(agency?.articles.map((a) => a._id)).toEqual(expectedArticles)
    // The seed's 19, the panel's 2; not 3000家, which is about the parent.
    const texts = agency?.metrics.map((m) => m.text) ?? []
    expect(agency?.metrics.filter((m) => m.article.slug === SEED_SLUG)).toHaveLength(19)
    expect(texts).toContain('2066万元')
    expect(texts).not.toContain('3000家')
    for (const row of agency?.metrics ?? []) expect(row.agency?.slug).toBe(FUYANG_SLUG)
  })

  it('gives the parent its children and the figures attributed to it', async () => {
    const agency = await getAgency(client, HANGZHOU_SLUG)
    expect(agency?.children.map((c) => c.slug)).toContain(FUYANG_SLUG)
    expect(agency?.parent).toBeNull()
    expect(agency?.metrics.map((m) => [m.text, m.article.slug, m.blockKey])).toEqual([['3000家', 'key-figures', 'kfblock1']])
  })

  it('hides draft agencies', async () => {
    expect(await client.fetch(agencyBySlug, {slug: 'draft-only-agency'})).toBeNull()
  })
})

describe('metricsFeed', () => {
  it('returns every metric of every article as flat rows with article and paragraph', async () => {
    const rows = await getMetrics(client)
    const expectedCount = published.reduce((n, a) => n + allMetrics(a).length, 0)
    expect(rows).toHaveLength(expectedCount)
    expect(Array.isArray(rows) && rows.every((r) => typeof r.value === 'number' && typeof r.text === 'string')).toBe(true)
    const byId = new Map(published.map((a) => [a._id, a]))
    for (const row of rows) {
      const article = byId.get(row.article._id)
      expect(article, row.article._id).toBeDefined()
      const block = article?.body.find((b) => b._key === row.blockKey)
      const inBlock = block?._type === 'block' ? block.children : block?.metrics
      expect(inBlock?.some((c) => c._key === row._key)).toBe(true)
      expect(row.article.slug).toBe(article?.slug.current)
    }
    // Articles newest first, metrics in reading order.
    const order = [...published].sort(newestFirst).map((a) => a._id)
    const articleOrder = rows.map((r) => r.article._id).filter((id, i, all) => all.indexOf(id) === i)
    expect(articleOrder).toEqual(order.filter((id) => allMetrics(byId.get(id) as ArticleDoc).length > 0))
    const seedRows = rows.filter((r) => r.article._id === seed._id)
    expect(seedRows.map((r) => r.text)).toEqual(allMetrics(seed).map((m) => m.text))
    expect(seedRows.find((r) => r.text === '167人次')).toMatchObject({label: '谈心谈话', kind: 'count', agency: {slug: FUYANG_SLUG}, period: '2019'})
    const amount = rows.find((r) => r._key === 'p2')
    expect(amount).toMatchObject({scaledValue: 20660000, baseUnit: '元', unit: '万元', kind: 'amount', blockKey: 'kfpanel'})
  })

  it('filters by kind, agency and year', async () => {
    const ranks = await getMetrics(client, {kind: 'rank'})
    expect(ranks.length).toBeGreaterThan(0)
    expect(ranks.every((r) => r.kind === 'rank')).toBe(true)
    expect(ranks.filter((r) => r.article._id === seed._id).map((r) => r.text)).toEqual(['排名第三', '第二位'])

    const parent = await client.fetch(metricsFeed, {agency: HANGZHOU_SLUG, kind: null, year: null})
    expect(parent.map((r) => r.text)).toEqual(['3000家'])

    const fuyang = await getMetrics(client, {agency: FUYANG_SLUG})
    expect(fuyang.some((r) => r.text === '3000家')).toBe(false)
    expect(fuyang.filter((r) => r.article._id === seed._id)).toHaveLength(19)

    const in2024 = await getMetrics(client, {year: '2024'})
    expect(new Set(in2024.map((r) => r.article._id))).toEqual(
      new Set(published.filter((a) => a._id.startsWith('article.tie') || a._id === 'article.keyfigures' || (a.publishedAt && new Date(Date.parse(a.publishedAt) + 8 * 3600_000).getUTCFullYear() === 2024) || a.period?.startsWith('2024')).filter((a) => allMetrics(a).length).map((a) => a._id)),
    )
    const in2019 = await getMetrics(client, {year: '2019'})
    expect(in2019.filter((r) => r.article._id === seed._id)).toHaveLength(19)
    expect(in2019.some((r) => r.article._id === 'article.keyfigures')).toBe(false)

    const combined = await getMetrics(client, {agency: FUYANG_SLUG, kind: 'amount', year: '2024'})
    expect(combined.map((r) => r.text)).toEqual(['2066万元'])
    expect(await getMetrics(client, {kind: 'no-such-kind'})).toEqual([])
  })
})

describe('search', () => {
  it('finds articles by title, summary and body text, title matches first', async () => {
    const hits = await searchArticles(client, '富阳')
    expect(hits[0]?.slug).toBe(SEED_SLUG)
    expect(hits.map((h) => h.slug)).toContain('tie-0')
    // Metric wording is part of the searchable text.
    expect((await searchArticles(client, '167人次')).map((h) => h.slug)).toContain(SEED_SLUG)
    expect((await searchArticles(client, '关键数据')).map((h) => h.slug)).toContain('key-figures')
    // All terms must match.
    expect((await searchArticles(client, '富阳 不存在的词')).length).toBe(0)
    expect(await searchArticles(client, '   ')).toEqual([])
    expect(await client.fetch(search, {q: searchPattern('同日发布') ?? ''})).toHaveLength(6)
  })

  it('builds wildcard patterns for Chinese', () => {
    expect(searchPattern(' 富阳  分局 ')).toBe('*富阳* *分局*')
    expect(searchPattern('a*b')).toBe('*ab*')
    expect(searchPattern('')).toBeNull()
  })
})

describe('sitemap', () => {
  it('lists every published article and agency', async () => {
    const map = await getSitemap(client)
    expect(map.articles.map((a) => a.slug).sort()).toEqual(published.map((a) => a.slug.current).sort())
    expect(map.agencies.map((a) => a.slug).sort()).toEqual(agencies.map((a) => a.slug.current).sort())
    expect(map.articles.every((a) => typeof a._updatedAt === 'string')).toBe(true)
  })
})

describe('drafts', () => {
  it('never appear under the published perspective, in any query', async () => {
    const results = await Promise.all([
      client.fetch(articleBySlug, {slug: SEED_SLUG}),
      client.fetch(articleBySlug, {slug: 'tie-0'}),
      client.fetch(articleList, {...articleListParams({}, null, 100)}),
      getArticlePage(client, {limit: 100}),
      client.fetch(articleFilters),
      client.fetch(agencyBySlug, {slug: FUYANG_SLUG}),
      getMetrics(client),
      client.fetch(search, {q: `*${DRAFT_MARK}*`}),
      searchArticles(client, '草稿'),
      client.fetch(sitemap),
    ])
    const text = JSON.stringify(results)
    expect(text).not.toContain(DRAFT_MARK)
    expect(text).not.toContain('drafts.')
    expect(text).not.toContain('draft-only')
    expect(results[7]).toEqual([])
    // The drafts are really there: a drafts read sees them.
    const drafts = await client.fetch(articleBySlug, {slug: SEED_SLUG}, {perspective: 'drafts'})
    expect(drafts?.title).toContain(DRAFT_MARK)
  })

  it('the site client reads published content by default', async () => {
    const site = createSiteClient({env: {LOCAL_API_PORT: String(server.port)}})
    expect(site.config().perspective).toBe('published')
    const article = await getArticle(site, SEED_SLUG)
    expect(article?.title).toBe(seed.title)
    expect(JSON.stringify(await getArticlePage(site, {limit: 100}))).not.toContain(DRAFT_MARK)
  })
})

describe('createSiteClient', () => {
  it('uses the local endpoint without SANITY_PROJECT_ID', () => {
    expect(siteClientConfig({env: {}})).toMatchObject({
      projectId: 'local',
      apiHost: 'http://127.0.0.1:3333',
      useProjectHostname: false,
      dataset: 'production',
      apiVersion: '2025-02-19',
      perspective: 'published',
      useCdn: false,
    })
    expect(siteClientConfig({env: {LOCAL_API_PORT: '4000', SANITY_DATASET: 'staging'}})).toMatchObject({apiHost: 'http://127.0.0.1:4000', dataset: 'staging'})
    expect(() => siteClientConfig({env: {LOCAL_API_PORT: 'abc'}})).toThrow(SiteClientConfigError)
  })

  it('uses Sanity through the CDN with SANITY_PROJECT_ID and never sends a token unasked', () => {
    const config = siteClientConfig({env: {SANITY_PROJECT_ID: 'abc123', SANITY_DATASET: 'news', SANITY_API_READ_TOKEN: 'secret'}})
    expect(config).toMatchObject({projectId: 'abc123', dataset: 'news', useCdn: true, perspective: 'published', apiVersion: '2025-02-19'})
    expect(config.token).toBeUndefined()
    expect(config.apiHost).toBeUndefined()
  })

  it('previews drafts only with a read token', () => {
    expect(() => siteClientConfig({env: {SANITY_PROJECT_ID: 'abc123'}, preview: true})).toThrow(/SANITY_API_READ_TOKEN/)
    expect(() => siteClientConfig({env: {}, preview: true})).toThrow(SiteClientConfigError)
    expect(siteClientConfig({env: {SANITY_PROJECT_ID: 'abc123', SANITY_API_READ_TOKEN: 'secret'}, preview: true})).toMatchObject({
      perspective: 'drafts',
      token: 'secret',
      useCdn: false,
    })
  })
})

describe('cursors', () => {
  it('round-trips and rejects what it did not make', () => {
    const cursor = {publishedAt: '2024-06-01T02:00:00.000Z', id: 'article.tie3'}
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor)
    expect(decodeCursor('not a cursor')).toBeUndefined()
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined()
    expect(decodeCursor(Buffer.from('[1,2]').toString('base64url'))).toBeUndefined()
    expect(() => articleListParams({}, null, 0)).toThrow(RangeError)
  })
})
