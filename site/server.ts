import {readFileSync} from 'node:fs'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {SanityClient} from '@sanity/client'
import {getAgency, getArticle, getArticleFilters, getArticlePage, getMetrics, getSitemap, searchArticles} from '../queries/api'
import {createSiteClient} from '../queries/client'
import {cleanYear, decodeCursor} from '../queries/params'
import {agencyPage, articlePage, figuresPage, indexPage, messagePage, searchPage, sitemapXml, type PageContext} from './pages'

/**
 * The example site: server-rendered pages from GROQ through the site
 * client. Every response carries a Content-Security-Policy that allows
 * nothing but this origin, so the pages make no outside requests.
 */

export const DEFAULT_SITE_PORT = 4321
export const PAGE_SIZE = 10

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
}

const ASSETS: Record<string, {type: string; body: Buffer}> = {
  '/assets/site.css': {type: 'text/css; charset=utf-8', body: readFileSync(new URL('./assets/site.css', import.meta.url))},
  '/assets/site.js': {type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./assets/site.js', import.meta.url))},
  '/favicon.svg': {type: 'image/svg+xml', body: readFileSync(new URL('./assets/favicon.svg', import.meta.url))},
}

export interface SiteOptions {
  /** Default: `createSiteClient({env})`. */
  client?: SanityClient
  env?: Readonly<Record<string, string | undefined>>
  /** Default `SITE_PORT` or 4321; 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Absolute address for canonical links and the sitemap; default `SITE_URL` or the listening address. */
  baseUrl?: string
  /** One line per request (method, path, status) and errors. */
  log?: (line: string) => void
}

export interface SiteServer {
  url: string
  port: number
  close(): Promise<void>
}

class NotFound extends Error {}
class BadRequest extends Error {}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': String(bytes.length),
    ...headers,
  })
  res.end(req.method === 'HEAD' ? undefined : bytes)
}

/** A filter value from the address: trimmed, bounded, or null. */
function param(url: URL, name: string, max = 100): string | null {
  const value = url.searchParams.get(name)?.trim()
  if (!value) return null
  if (value.length > max) throw new BadRequest(`${name} is too long`)
  return value
}

function slugParam(url: URL, name: string): string | null {
  const value = param(url, name)
  if (value && !SLUG.test(value)) throw new BadRequest(`${name} is not a slug`)
  return value
}

export function createSiteHandler(client: SanityClient, options: {baseUrl: string; log?: (line: string) => void}) {
  const context: PageContext = {baseUrl: options.baseUrl}
  const htmlType = 'text/html; charset=utf-8'

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname
    const asset = ASSETS[path]
    if (asset) return send(res, req, 200, asset.type, asset.body, {'Cache-Control': 'public, max-age=3600'})

    if (path === '/') {
      const filters = {agency: slugParam(url, 'agency'), region: param(url, 'region'), year: cleanYear(param(url, 'year'))}
      const cursorText = param(url, 'cursor', 400)
      const cursor = cursorText ? decodeCursor(cursorText) : null
      if (cursor === undefined) throw new BadRequest('cursor is not valid')
      const [options, page] = await Promise.all([getArticleFilters(client), getArticlePage(client, {filters, cursor, limit: PAGE_SIZE})])
      return send(res, req, 200, htmlType, indexPage({filters, options, items: page.items, next: page.next, paged: Boolean(cursor)}, context))
    }

    const article = /^\/articles\/([^/]+)\/?$/.exec(path)
    if (article) {
      const slug = decodeURIComponent(article[1] ?? '')
      if (!SLUG.test(slug)) throw new NotFound()
      const data = await getArticle(client, slug)
      if (!data) throw new NotFound()
      return send(res, req, 200, htmlType, articlePage(data, context))
    }

    const agency = /^\/agencies\/([^/]+)\/?$/.exec(path)
    if (agency) {
      const slug = decodeURIComponent(agency[1] ?? '')
      if (!SLUG.test(slug)) throw new NotFound()
      const data = await getAgency(client, slug)
      if (!data) throw new NotFound()
      return send(res, req, 200, htmlType, agencyPage(data, context))
    }

    if (path === '/figures' || path === '/figures/') {
      const filters = {agency: slugParam(url, 'agency'), kind: param(url, 'kind', 40), year: cleanYear(param(url, 'year'))}
      const [options, rows] = await Promise.all([getArticleFilters(client), getMetrics(client, filters)])
      return send(res, req, 200, htmlType, figuresPage({filters, options, rows}, context))
    }

    if (path === '/search') {
      const query = param(url, 'q') ?? ''
      const hits = query ? await searchArticles(client, query) : null
      return send(res, req, 200, htmlType, searchPage(query, hits, context))
    }

    if (path === '/sitemap.xml') {
      const data = await getSitemap(client)
      return send(res, req, 200, 'application/xml; charset=utf-8', sitemapXml(data, options.baseUrl))
    }

    if (path === '/robots.txt') {
      return send(res, req, 200, 'text/plain; charset=utf-8', `User-agent: *\nAllow: /\nSitemap: ${new URL('/sitemap.xml', options.baseUrl).href}\n`)
    }

    throw new NotFound()
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    res.on('finish', () => options.log?.(`${req.method ?? '?'} ${(req.url ?? '').split('?')[0]} ${res.statusCode} ${(performance.now() - started).toFixed(0)}ms`))
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, req, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', {Allow: 'GET, HEAD'})
    }
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://site.invalid')
    } catch {
      return send(res, req, 400, htmlType, messagePage('请求有误', '无法识别这个地址。', context))
    }
    try {
      await route(req, res, url)
    } catch (error) {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (error instanceof NotFound || error instanceof URIError) {
        return send(res, req, 404, htmlType, messagePage('找不到页面', '这个地址没有内容，可能已被移动或删除。', context))
      }
      if (error instanceof BadRequest) {
        return send(res, req, 400, htmlType, messagePage('请求有误', '地址中的参数无法识别，请从首页重新进入。', context))
      }
      options.log?.(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      // Details stay in the log: they can name hosts, datasets or queries.
      send(res, req, 502, htmlType, messagePage('内容暂时无法读取', '内容服务没有响应，请稍后再试。', context), {'Retry-After': '30'})
    }
  }
}

export async function startSite(options: SiteOptions = {}): Promise<SiteServer> {
  const env = options.env ?? process.env
  const client = options.client ?? createSiteClient({env})
  const host = options.host ?? '127.0.0.1'
  const port = options.port ?? (env.SITE_PORT ? Number(env.SITE_PORT) : DEFAULT_SITE_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid site port ${String(port)}`)

  let handler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined
  const server = createServer((req, res) => {
    // The handler needs the bound port for its base address; nothing can arrive before that but be safe.
    if (!handler) return send(res, req, 503, 'text/plain; charset=utf-8', 'Starting\n', {'Retry-After': '1'})
    handler(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is already in use; pass another with --port or SITE_PORT`) : error),
    )
    server.listen({port, host}, resolve)
  })
  const address = server.address() as AddressInfo
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address
  const url = `http://${urlHost}:${address.port}`
  handler = createSiteHandler(client, {baseUrl: options.baseUrl ?? env.SITE_URL ?? url, log: options.log})
  return {
    url,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
      }),
  }
}
