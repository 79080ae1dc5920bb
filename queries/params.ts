/**
 * Parameter objects for the queries in `queries/index.ts`. GROQ needs every
 * parameter a query names, so unused filters are sent as `null`.
 */

export {UNDATED_SORT_KEY} from './index'

export const MAX_PAGE_SIZE = 100

export interface ArticleListFilters {
  /** Agency slug. */
  agency?: string | null
  /** Region prefix, e.g. 浙江省. */
  region?: string | null
  /** Four-digit year. */
  year?: string | null
}

/** Where the previous page ended: its last row's `sortKey` and `_id`. */
export interface ArticleCursor {
  publishedAt: string
  id: string
}

export interface ArticleListParams {
  agency: string | null
  region: string | null
  year: string | null
  lastPublishedAt: string | null
  lastId: string | null
  limit: number
}

export interface MetricsFeedFilters {
  agency?: string | null
  kind?: string | null
  year?: string | null
}

export interface MetricsFeedParams {
  agency: string | null
  kind: string | null
  year: string | null
}

const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}

/** A year filter is four digits or nothing; anything else would match nothing anyway. */
export function cleanYear(value: string | null | undefined): string | null {
  const year = clean(value)
  return year && /^\d{4}$/.test(year) ? year : null
}

export function articleListParams(
  filters: ArticleListFilters = {},
  cursor: ArticleCursor | null = null,
  limit = 20,
): ArticleListParams {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE + 1) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE + 1}, got ${limit}`)
  }
  return {
    agency: clean(filters.agency),
    region: clean(filters.region),
    year: cleanYear(filters.year),
    lastPublishedAt: cursor?.publishedAt ?? null,
    lastId: cursor ? cursor.id : null,
    limit,
  }
}

export function metricsFeedParams(filters: MetricsFeedFilters = {}): MetricsFeedParams {
  return {agency: clean(filters.agency), kind: clean(filters.kind), year: cleanYear(filters.year)}
}

/**
 * A GROQ `match` pattern for what a reader typed. Chinese is written
 * without spaces, so GROQ sees a whole run of text as one token and a bare
 * 富阳 only matches a token that is exactly 富阳: every term is wrapped in
 * wildcards. Terms must all match. Returns null for an empty search.
 */
export function searchPattern(input: string | null | undefined): string | null {
  const terms = (input ?? '')
    .normalize('NFKC')
    .split(/\s+/)
    .map((term) => term.replace(/\*/g, ''))
    .filter(Boolean)
    .slice(0, 8)
  return terms.length ? terms.map((term) => `*${term}*`).join(' ') : null
}

// ---------------------------------------------------------------------------
// Cursors in page addresses

const MAX_CURSOR_LENGTH = 400

/** The cursor as one URL-safe string. */
export function encodeCursor(cursor: ArticleCursor): string {
  return Buffer.from(JSON.stringify([cursor.publishedAt, cursor.id]), 'utf8').toString('base64url')
}

/** The cursor from a page address, or undefined when it is not one we made. */
export function decodeCursor(value: string | null | undefined): ArticleCursor | undefined {
  if (!value || value.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined
    const [publishedAt, id] = parsed as unknown[]
    if (typeof publishedAt !== 'string' || typeof id !== 'string' || !publishedAt || !id) return undefined
    return {publishedAt, id}
  } catch {
    return undefined
  }
}
