import type {SanityClient} from '@sanity/client'
import {
  agencyBySlug,
  articleBySlug,
  articleFilters,
  articleList,
  metricsFeed,
  search,
  sitemap,
} from './index'
import {
  articleListParams,
  metricsFeedParams,
  searchPattern,
  type ArticleCursor,
  type ArticleListFilters,
  type MetricsFeedFilters,
} from './params'

/**
 * Typed fetches for sites. The result types come from TypeGen's overloads
 * of `client.fetch` (`sanity.types.ts`), not from annotations here, so a
 * query change shows up as a type error where the result is used.
 */

export function getArticle(client: SanityClient, slug: string) {
  return client.fetch(articleBySlug, {slug})
}

export function getAgency(client: SanityClient, slug: string) {
  return client.fetch(agencyBySlug, {slug})
}

export function getArticleFilters(client: SanityClient) {
  return client.fetch(articleFilters)
}

export function getMetrics(client: SanityClient, filters: MetricsFeedFilters = {}) {
  return client.fetch(metricsFeed, {...metricsFeedParams(filters)})
}

export async function searchArticles(client: SanityClient, input: string) {
  const q = searchPattern(input)
  return q ? client.fetch(search, {q}) : []
}

export function getSitemap(client: SanityClient) {
  return client.fetch(sitemap)
}

/**
 * One page of `articleList` and the cursor of the next one (null on the
 * last page). Asks for one row more than the page so "older" is only
 * offered when there is something there.
 */
export async function getArticlePage(
  client: SanityClient,
  options: {filters?: ArticleListFilters; cursor?: ArticleCursor | null; limit?: number} = {},
) {
  const limit = options.limit ?? 20
  const rows = await client.fetch(articleList, {...articleListParams(options.filters, options.cursor ?? null, limit + 1)})
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  const next: ArticleCursor | null = rows.length > limit && last ? {publishedAt: last.sortKey, id: last._id} : null
  return {items, next}
}

export type ArticleData = NonNullable<Awaited<ReturnType<typeof getArticle>>>
export type AgencyData = NonNullable<Awaited<ReturnType<typeof getAgency>>>
export type ArticleFiltersData = Awaited<ReturnType<typeof getArticleFilters>>
export type ArticlePage = Awaited<ReturnType<typeof getArticlePage>>
export type ArticleCard = ArticlePage['items'][number]
export type MetricRow = Awaited<ReturnType<typeof getMetrics>>[number]
export type SearchHit = Awaited<ReturnType<typeof searchArticles>>[number]
export type SitemapData = Awaited<ReturnType<typeof getSitemap>>
