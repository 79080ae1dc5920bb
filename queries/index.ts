import {defineQuery} from 'groq'

/**
 * GROQ queries for sites. Every value comes in as a parameter; unused
 * filters are passed as `null` (`queries/params.ts` builds the parameter
 * objects, `queries/api.ts` wraps the fetches). TypeGen reads this folder
 * and writes a result type for each export to `sanity.types.ts`
 * (`npm run typegen`); the fragments below are plain constants, which it
 * resolves.
 *
 * Conventions shared by the queries:
 * - Undated articles sort as if published at `UNDATED_SORT_KEY`, i.e. last
 *   when newest first, so cursor pagination has a total order: the
 *   coalesced date, then `_id` as the tiebreak.
 * - A metric is "about" an agency when its own `agency` points there, or
 *   when it has none and its article lists the agency in `agencies`. The
 *   agency a row shows is the metric's own or the article's first one.
 * - Years match `period` (the metric's, else the article's; "2024年1-8月"
 *   matches 2024) or the year of `publishedAt` in China Standard Time
 *   (+8 h), because imported dates are local midnight stored as UTC.
 * - Metrics live in text blocks (`children`) and key-figure panels
 *   (`metrics`); `coalesce(children[_type == "metric"], metrics, [])` takes
 *   whichever the body item has; that and `coalesce(body, [])` keep
 *   TypeGen's row types free of `null`.
 */

export const UNDATED_SORT_KEY = '0000-01-01T00:00:00Z'

const SORT_KEY = `coalesce(publishedAt, "${UNDATED_SORT_KEY}")`
const NEWEST_FIRST = `order(${SORT_KEY} desc, _id desc)`
const AGENCY_LINK = `{name, "slug": slug.current}`
const METRICS_OF_BODY_ITEM = `coalesce(children[_type == "metric"], metrics, [])`

/** One metric as a row; `^` is the body item, `^.^` the article. */
const METRIC_ROW = `{
  _key,
  value,
  unit,
  kind,
  approximation,
  change,
  label,
  text,
  scaledValue,
  baseUnit,
  "period": coalesce(period, ^.^.period),
  "agency": coalesce(agency->${AGENCY_LINK}, ^.^.agencies[0]->${AGENCY_LINK}),
  "blockKey": ^._key
}`

const METRIC_ROW_WITH_ARTICLE = `{
  ...${METRIC_ROW},
  "article": {"_id": ^.^._id, "title": ^.^.title, "slug": ^.^.slug.current, "publishedAt": ^.^.publishedAt}
}`

/** `articleBySlug`: one article with expanded agencies, mentions and a flat list of its metrics. */
export const articleBySlug = defineQuery(`*[_type == "article" && slug.current == $slug][0]{
  _id,
  _updatedAt,
  title,
  subtitle,
  "slug": slug.current,
  summary,
  publishedAt,
  language,
  region,
  period,
  "agencies": agencies[]->{
    _id,
    name,
    shortName,
    "slug": slug.current,
    "parent": parent->{name, shortName, "slug": slug.current}
  },
  body[]{
    ...,
    _type == "block" => {
      markDefs[]{
        ...,
        _type == "agencyMention" => {"agency": agency->{name, shortName, "slug": slug.current}}
      },
      children[]{
        ...,
        _type == "metric" => {"agency": agency->${AGENCY_LINK}}
      }
    },
    _type == "metricBlock" => {
      metrics[]{..., "agency": agency->${AGENCY_LINK}}
    }
  },
  "metrics": body[]{"rows": ${METRICS_OF_BODY_ITEM}[]${METRIC_ROW}}.rows[],
  "relatedHeadlines": coalesce(relatedHeadlines, [])
}`)

const ARTICLE_LIST_FILTER = `_type == "article" && defined(slug.current)
  && ($agency == null || $agency in agencies[]->slug.current)
  && ($region == null || string::startsWith(region, $region))
  && ($year == null
    || string::startsWith(period, $year)
    || string::startsWith(string(dateTime(publishedAt) + 28800), $year))
  && ($lastPublishedAt == null
    || ${SORT_KEY} < $lastPublishedAt
    || (${SORT_KEY} == $lastPublishedAt && _id < $lastId))`

const ARTICLE_CARD = `{
  _id,
  title,
  "slug": slug.current,
  summary,
  publishedAt,
  region,
  period,
  "sortKey": ${SORT_KEY},
  "agencies": agencies[]->{name, shortName, "slug": slug.current},
  "metricCount": count(body[].children[_type == "metric"]) + count(body[_type == "metricBlock"].metrics[])
}`

/**
 * `articleList`: newest first, `$limit` per page. For the next page pass the
 * last row's `sortKey` and `_id` as `$lastPublishedAt`/`$lastId` (both null
 * for the first). Filters: `$agency` (slug; any listed agency), `$region`
 * (prefix, so 浙江省 matches 浙江省杭州市富阳区), `$year` ("2019").
 */
export const articleList = defineQuery(`*[${ARTICLE_LIST_FILTER}] | ${NEWEST_FIRST} [0...$limit] ${ARTICLE_CARD}`)

/** `articleFilters`: the values the list filters can take, for select boxes. */
export const articleFilters = defineQuery(`{
  "agencies": *[_type == "agency" && count(*[_type == "article" && ^._id in agencies[]._ref]) > 0] | order(name asc) {
    name,
    shortName,
    "slug": slug.current,
    "articleCount": count(*[_type == "article" && ^._id in agencies[]._ref])
  },
  "regions": array::unique(*[_type == "article" && defined(region)].region),
  "periods": array::unique(*[_type == "article" && defined(period)].period)
}`)

/** `agencyBySlug`: an agency, its place in the hierarchy, its articles and its figures. */
export const agencyBySlug = defineQuery(`*[_type == "agency" && slug.current == $slug][0]{
  _id,
  _updatedAt,
  name,
  shortName,
  aliases,
  "slug": slug.current,
  level,
  region,
  sector,
  website,
  "parent": parent->{
    name,
    shortName,
    "slug": slug.current,
    "parent": parent->{name, shortName, "slug": slug.current}
  },
  "children": *[_type == "agency" && parent._ref == ^._id] | order(name asc) {name, shortName, "slug": slug.current},
  "articles": *[_type == "article" && defined(slug.current) && references(^._id)] | ${NEWEST_FIRST} {
    _id,
    title,
    "slug": slug.current,
    summary,
    publishedAt,
    region,
    period
  },
  "metrics": *[_type == "article" && defined(slug.current) && references(^._id)] | ${NEWEST_FIRST} {
    "rows": coalesce(body, [])[]{
      "rows": ${METRICS_OF_BODY_ITEM}[
        agency._ref == ^.^.^._id || (!defined(agency) && ^.^.^._id in ^.^.agencies[]._ref)
      ]${METRIC_ROW_WITH_ARTICLE}
    }.rows[]
  }.rows[]
}`)

/**
 * `metricsFeed`: every metric of every article as one flat row, newest
 * article first, then in reading order. Filters (null = off): `$agency`
 * (slug, see "about" above), `$kind`, `$year`.
 */
export const metricsFeed = defineQuery(`*[_type == "article" && defined(slug.current)
  && ($agency == null || references(*[_type == "agency" && slug.current == $agency]._id))
] | ${NEWEST_FIRST} {
  "rows": coalesce(body, [])[]{
    "rows": ${METRICS_OF_BODY_ITEM}[
      ($kind == null || kind == $kind)
      && ($agency == null
        || agency->slug.current == $agency
        || (!defined(agency) && $agency in ^.^.agencies[]->slug.current))
      && ($year == null
        || string::startsWith(coalesce(period, ^.^.period), $year)
        || string::startsWith(string(dateTime(^.^.publishedAt) + 28800), $year))
    ]${METRIC_ROW_WITH_ARTICLE}
  }.rows[]
}.rows[]`)

/** Each text block's text with metric wording included (`pt::text` skips inline metrics, so 167人次 would not match). */
const BLOCK_TEXTS = `body[_type == "block"]{"text": array::join(children[].text, "")}.text`

/**
 * `search`: articles whose title, summary or body text matches `$q`, best
 * first (title counts most). `$q` is a GROQ match pattern; use
 * `searchPattern()` from `queries/params.ts`, which wraps terms in
 * wildcards because Chinese runs of text are single tokens.
 */
export const search = defineQuery(`*[_type == "article" && defined(slug.current)
  && (title match $q || summary match $q || ${BLOCK_TEXTS} match $q)
] | score(boost(title match $q, 3), boost(summary match $q, 2), ${BLOCK_TEXTS} match $q)
  | order(_score desc, ${SORT_KEY} desc, _id desc) [0...50] {
  _id,
  title,
  "slug": slug.current,
  summary,
  publishedAt
}`)

/** `sitemap`: every article and agency page with its last change. */
export const sitemap = defineQuery(`{
  "articles": *[_type == "article" && defined(slug.current)] | order(_id asc) {"slug": slug.current, _updatedAt, publishedAt},
  "agencies": *[_type == "agency" && defined(slug.current)] | order(_id asc) {"slug": slug.current, _updatedAt}
}`)
