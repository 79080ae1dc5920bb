import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startLocalServer, type LocalServer} from '../local/server'
import type {ArticleDoc, MetricDoc} from '../migrations/report/documents'
import {createSiteClient} from '../queries/client'
import {buildDocuments, defaultReportSources, findReports, writeDataset} from '../site/demo'
import {CONTENT_SECURITY_POLICY, PAGE_SIZE, startSite, type SiteServer} from '../site/server'

const CHROMIUM = '/usr/bin/chromium'
const SEED = path.resolve(import.meta.dirname, '../../shared/seeds/000_984990fb53a38cb6.txt')
const SEED_SLUG = 'zhe-jiang-fu-yang-sheng-tai-huan-jing-bu-men-kao-he-shou-ci-kua-ru-you-xiu'
const FUYANG_SLUG = 'hang-zhou-shi-sheng-tai-huan-jing-ju-fu-yang-fen-ju'
const SCREENSHOTS = path.resolve(import.meta.dirname, '../tmp/screenshots')
const MAX_SCREENSHOT_HEIGHT = 6000
const VIEWPORTS = {desktop: {width: 1280, height: 900}, phone: {width: 390, height: 844}} as const

let api: LocalServer
let site: SiteServer
let browser: Browser
let dir: string
let seed: ArticleDoc
let articleCount = 0

/** Problems a reader would meet: console errors, script errors, failed or outside requests, HTTP errors. */
interface Watch {
  problems: string[]
}

async function openPage(viewport: keyof typeof VIEWPORTS = 'desktop'): Promise<{context: BrowserContext; page: Page; watch: Watch}> {
  const context = await browser.newContext({viewport: VIEWPORTS[viewport], locale: 'zh-CN', deviceScaleFactor: 1})
  const page = await context.newPage()
  const watch: Watch = {problems: []}
  const origin = new URL(site.url).origin
  // Anything not from the site itself is a failure, and is never let out.
  await page.route('**/*', async (route) => {
    const url = route.request().url()
    if (new URL(url).origin === origin || url.startsWith('data:')) return route.continue()
    watch.problems.push(`outside request: ${url}`)
    return route.abort()
  })
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') watch.problems.push(`console ${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => watch.problems.push(`page error: ${error.message}`))
  page.on('requestfailed', (request) => watch.problems.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ''}`))
  page.on('response', (response) => {
    if (response.status() >= 400) watch.problems.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  return {context, page, watch}
}

function metrics(article: ArticleDoc): MetricDoc[] {
  return article.body.flatMap((block) =>
    block._type === 'block' ? block.children.filter((c): c is MetricDoc => c._type === 'metric') : block.metrics,
  )
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`)
  const built = await buildDocuments([...new Set(await findReports([...defaultReportSources(), SEED]))])
  const found = built.articles.find((a) => a.slug.current === SEED_SLUG)
  if (!found) throw new Error('the seed did not import')
  seed = found
  // Dated copies to fill exactly two index pages, however many samples there are.
  const copies: ArticleDoc[] = Array.from({length: Math.max(1, 2 * PAGE_SIZE - built.articles.length)}, (_, i) => ({
    ...seed,
    _id: `article.copy${i}`,
    title: `富阳分局工作简报（第${i + 1}期）`,
    slug: {_type: 'slug' as const, current: `copy-${i}`},
    publishedAt: `2024-0${1 + (i % 9)}-15T02:00:00.000Z`,
    relatedHeadlines: [],
  }))
  const articles = [...built.articles, ...copies]
  articleCount = articles.length
  dir = await mkdtemp(path.join(os.tmpdir(), 'site-test-'))
  await writeDataset(dir, 'production', [...articles, ...built.agencies, {...seed, _id: `drafts.${seed._id}`, title: '草稿标题'}])
  api = await startLocalServer({port: 0, host: '127.0.0.1', dir, dataset: 'production', env: {}})
  site = await startSite({client: createSiteClient({env: {LOCAL_API_PORT: String(api.port)}}), port: 0, env: {}})
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  await mkdir(SCREENSHOTS, {recursive: true})
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await api?.close()
  if (dir) await rm(dir, {recursive: true, force: true})
})

describe('article page', () => {
  it('loads without console errors or failed requests, with a strict CSP', async () => {
    const {context, page, watch} = await openPage()
    const response = await page.goto(`${site.url}/articles/${SEED_SLUG}`)
    await page.waitForLoadState('networkidle')
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|unsafe/)
    expect(watch.problems).toEqual([])
    expect(await page.title()).toBe('浙江富阳生态环境部门考核首次跨入优秀 · 政务报告数据')
    expect(await page.locator('h1').textContent()).toBe(seed.title)
    // The draft is not what readers see.
    expect(await page.content()).not.toContain('草稿标题')
    await context.close()
  })

  it('highlights the 19 metrics in place with the right values', async () => {
    const {context, page, watch} = await openPage()
    await page.goto(`${site.url}/articles/${SEED_SLUG}`)
    const found = await page.locator('data.metric').evaluateAll((nodes) =>
      nodes.map((node) => ({
        value: node.getAttribute('value'),
        text: node.textContent,
        kind: node.getAttribute('data-kind'),
        approximation: node.getAttribute('data-approximation'),
        inBody: Boolean(node.closest('#article-body')),
        highlighted: getComputedStyle(node).backgroundColor !== 'rgba(0, 0, 0, 0)',
      })),
    )
    const expected = metrics(seed)
    expect(found).toHaveLength(19)
    expect(found).toEqual(
      expected.map((m) => ({value: String(m.value), text: m.text, kind: m.kind, approximation: m.approximation, inBody: true, highlighted: true})),
    )
    // The sentence reads as the source: metric text sits inside the paragraph.
    const paragraph = page.locator('#article-body p', {hasText: '落实谈心谈话'})
    expect(await paragraph.locator('data.metric[value="167"]').textContent()).toBe('167人次')
    expect(await page.locator('data.metric[value="500"]').getAttribute('title')).toBe('500余人次（多于500人次）')
    // The key-figures table lists the same figures.
    expect(await page.locator('#key-figures tbody tr').count()).toBe(19)
    // JSON-LD parses and names the agency.
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}') as Record<string, unknown>
    expect(ld['@type']).toBe('NewsArticle')
    expect(ld.headline).toBe(seed.title)
    expect((ld.mentions as unknown[]).length).toBe(19)
    expect(ld.publisher).toMatchObject({'@type': 'GovernmentOrganization', name: '杭州市生态环境局富阳分局', parentOrganization: {name: '杭州市生态环境局'}})
    // Related headlines are marked as other articles'.
    expect(await page.locator('.related-headlines h2').textContent()).toBe('同页其他文章的标题')
    expect(await page.locator('.related-headlines').textContent()).toContain('不是本文内容')
    expect(watch.problems).toEqual([])
    await context.close()
  })

  it('follows an agency mention to the agency page', async () => {
    const {context, page, watch} = await openPage()
    await page.goto(`${site.url}/articles/${SEED_SLUG}`)
    await Promise.all([page.waitForURL(`**/agencies/${FUYANG_SLUG}`), page.locator('#article-body a.agency-mention').first().click()])
    expect(await page.locator('h1').textContent()).toBe('杭州市生态环境局富阳分局')
    expect(await page.locator('.hierarchy__path li').allTextContents()).toEqual(['杭州市生态环境局', '杭州市生态环境局富阳分局'])
    expect(await page.locator('#articles-title + .compact-list > li').count()).toBe(articleCount - (await countOtherArticles()))
    expect(await page.locator('#agency-figures tbody tr').count()).toBeGreaterThanOrEqual(19)
    // Up the hierarchy: the parent lists the branch as a child.
    await Promise.all([page.waitForURL('**/agencies/hang-zhou-shi-sheng-tai-huan-jing-ju'), page.locator('.hierarchy__path a').first().click()])
    expect(await page.locator('.hierarchy .agency-list a').allTextContents()).toContain('杭州市生态环境局富阳分局')
    expect(watch.problems).toEqual([])
    await context.close()
  })

  it('sorts the key-figures table when a header is clicked', async () => {
    const {context, page, watch} = await openPage()
    await page.goto(`${site.url}/articles/${SEED_SLUG}`)
    const table = page.locator('#key-figures')
    const header = table.locator('thead th', {hasText: '数值'})
    const values = () => table.locator('tbody tr td:nth-child(3)').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-sort-value'))))
    expect(await table.locator('thead th[aria-sort]').count()).toBe(1)
    expect(await table.locator('thead th', {hasText: '序号'}).getAttribute('aria-sort')).toBe('ascending')
    await header.locator('button').click()
    expect(await header.getAttribute('aria-sort')).toBe('ascending')
    const ascending = await values()
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b))
    expect(ascending[0]).toBe(2)
    await header.locator('button').click()
    expect(await header.getAttribute('aria-sort')).toBe('descending')
    const descending = await values()
    expect(descending).toEqual([...ascending].reverse())
    expect(await table.locator('thead th[aria-sort]').count()).toBe(1)
    expect(await page.locator('[data-sort-status]').first().textContent()).toBe('已按数值降序排列')
    // Sorting by label uses Chinese collation and keeps unlabeled rows last.
    await table.locator('thead th', {hasText: '统计项'}).locator('button').click()
    const labels = await table.locator('tbody tr th').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-sort-value') ?? ''))
    const labelled = labels.filter(Boolean)
    expect(labels.slice(0, labelled.length)).toEqual(labelled)
    expect(labelled).toEqual([...labelled].sort(new Intl.Collator('zh-Hans-CN', {numeric: true, sensitivity: 'base'}).compare))
    expect(watch.problems).toEqual([])
    await context.close()
  })
})

async function countOtherArticles(): Promise<number> {
  // Articles of the sample reports that do not involve 富阳分局.
  const res = await fetch(`${api.url}/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*[_type == "article" && !references($id)])')}&$id=${encodeURIComponent('"agency.hang-zhou-shi-sheng-tai-huan-jing-ju-fu-yang-fen-ju"')}`)
  return ((await res.json()) as {result: number}).result
}

describe('a feature story', () => {
  it('shows its subtitle under the title, apart from the body', async () => {
    const {context, page, watch} = await openPage()
    await page.goto(`${site.url}/articles/rang-qian-wan-gong-cheng-hui-ji-geng-duo-qun-zhong`)
    expect(await page.locator('h1').textContent()).toBe('让“千万工程”惠及更多群众')
    expect(await page.locator('.article__header .article__subtitle').textContent()).toBe('——安吉县推进乡村振兴工作纪实')
    expect(await page.locator('#article-body').textContent()).not.toContain('纪实')
    expect(watch.problems).toEqual([])
    await context.close()
  })
})

describe('index, figures and other pages', () => {
  it('pages the article list with a cursor and filters it', async () => {
    const {context, page, watch} = await openPage()
    await page.goto(site.url)
    const first = await page.locator('.card-list .card__title a').allTextContents()
    expect(first).toHaveLength(PAGE_SIZE)
    await Promise.all([page.waitForURL(/cursor=/), page.locator('a[rel="next"]').click()])
    const second = await page.locator('.card-list .card__title a').allTextContents()
    expect(second.length).toBe(articleCount - PAGE_SIZE)
    expect(second.filter((t) => first.includes(t))).toEqual([])
    // Undated articles come last.
    expect(second).toContain(seed.title)
    await page.goto(site.url)
    await page.selectOption('#filter-agency', FUYANG_SLUG)
    await Promise.all([page.waitForURL(/agency=/), page.locator('.filters button[type="submit"]').click()])
    const filtered = await page.locator('.card-list .card__title a').allTextContents()
    expect(filtered.length).toBeGreaterThan(0)
    expect(await page.locator('#filter-agency').inputValue()).toBe(FUYANG_SLUG)
    expect(watch.problems).toEqual([])
    await context.close()
  })

  it('shows every figure in a sortable, filterable table', async () => {
    const {context, page, watch} = await openPage()
    await page.goto(`${site.url}/figures`)
    const rows = page.locator('#figures tbody tr')
    const total = await rows.count()
    expect(total).toBeGreaterThan(19)
    await page.selectOption('#filter-kind', 'rank')
    await Promise.all([page.waitForURL(/kind=rank/), page.locator('.filters button[type="submit"]').click()])
    const kinds = await page.locator('#figures tbody tr td:nth-child(3)').allTextContents()
    expect(kinds.length).toBeGreaterThan(0)
    expect(new Set(kinds)).toEqual(new Set(['排名']))
    const header = page.locator('#figures thead th', {hasText: '数值'})
    await header.locator('button').click()
    expect(await header.getAttribute('aria-sort')).toBe('ascending')
    // A row links to the paragraph the figure sits in.
    const link = page.locator('#figures tbody a[href*="#p-"]').first()
    const href = await link.getAttribute('href')
    expect(href).toMatch(/^\/articles\/[a-z0-9-]+#p-[A-Za-z0-9_-]+$/)
    await link.click()
    await page.waitForURL(/#p-/)
    const id = href?.split('#')[1] ?? ''
    expect(await page.locator(`[id="${id}"] data.metric`).count()).toBeGreaterThan(0)
    expect(watch.problems).toEqual([])
    await context.close()
  })

  it('answers unknown addresses with a 404 page, and serves a sitemap', async () => {
    const {context, page} = await openPage()
    const response = await page.goto(`${site.url}/articles/no-such-article`)
    expect(response?.status()).toBe(404)
    expect(await page.locator('h1').textContent()).toBe('找不到页面')
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    const bad = await fetch(`${site.url}/?cursor=%3Cscript%3E`)
    expect(bad.status).toBe(400)
    const xml = await (await fetch(`${site.url}/sitemap.xml`)).text()
    expect(xml).toContain(`<loc>${site.url}/articles/${SEED_SLUG}</loc>`)
    expect(xml).toContain(`<loc>${site.url}/agencies/${FUYANG_SLUG}</loc>`)
    expect((await fetch(`${site.url}/`, {method: 'POST'})).status).toBe(405)
    await context.close()
  })

  it('is usable by keyboard: the skip link comes first and focus is visible', async () => {
    const {context, page} = await openPage()
    await page.goto(`${site.url}/articles/${SEED_SLUG}`)
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement
      return el ? {text: el.textContent, outline: getComputedStyle(el).outlineStyle, top: el.getBoundingClientRect().top} : null
    })
    expect(focused).toMatchObject({text: '跳到正文', outline: 'solid'})
    expect(focused?.top).toBeGreaterThanOrEqual(0)
    // One h1, and headings never skip a level.
    const levels = await page.locator('h1, h2, h3, h4').evaluateAll((nodes) => nodes.map((n) => Number(n.tagName[1])))
    expect(levels.filter((l) => l === 1)).toHaveLength(1)
    levels.forEach((level, i) => i > 0 && expect(level - (levels[i - 1] ?? 1)).toBeLessThanOrEqual(1))
    expect(await page.locator('header.site-header, main, footer.site-footer, nav').count()).toBeGreaterThanOrEqual(4)
    await context.close()
  })
})

describe('screenshots', () => {
  const pages = [
    ['index', '/'],
    ['article', `/articles/${SEED_SLUG}`],
    ['feature', '/articles/rang-qian-wan-gong-cheng-hui-ji-geng-duo-qun-zhong'],
    ['agency', `/agencies/${FUYANG_SLUG}`],
    ['figures', '/figures'],
    ['search', `/search?q=${encodeURIComponent('富阳')}`],
    ['not-found', '/no-such-page'],
  ] as const

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`renders every page at ${viewport} width without horizontal scrolling`, async () => {
      const {context, page, watch} = await openPage(viewport)
      for (const [name, address] of pages) {
        watch.problems.length = 0
        await page.goto(`${site.url}${address}`)
        await page.waitForLoadState('networkidle')
        // Wide tables scroll inside their own box; the page itself never does.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow, `${name} at ${viewport}`).toBeLessThanOrEqual(0)
        // The first screen as a reader sees it, and the page up to a height an image viewer can show.
        await page.screenshot({path: path.join(SCREENSHOTS, `${name}-${viewport}-top.png`)})
        const height = await page.evaluate(() => document.documentElement.scrollHeight)
        await page.screenshot({
          path: path.join(SCREENSHOTS, `${name}-${viewport}.png`),
          fullPage: true,
          clip: {x: 0, y: 0, width: VIEWPORTS[viewport].width, height: Math.min(height, MAX_SCREENSHOT_HEIGHT)},
        })
        // The 404 page is itself a 404 response, which Chromium logs; nothing else may go wrong.
        const expected = name === 'not-found' ? /404/ : /^$/
        expect(watch.problems.filter((p) => !expected.test(p)), name).toEqual([])
      }
      await context.close()
    })
  }
})
