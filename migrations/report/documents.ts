import {z} from 'zod'
import {APPROXIMATIONS, CHANGES, METRIC_KINDS} from './model'

/**
 * Zod schemas for the documents the importer emits. They mirror the Studio
 * schema in `schemas/`; every document is parsed with them before it leaves
 * the pipeline, so a bug in the builder fails loudly instead of reaching a
 * dataset.
 */
const key = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a _key of letters, digits, _ and -')
const reference = z.object({_type: z.literal('reference'), _ref: z.string().min(1)}).strict()
const keyedReference = reference.extend({_key: key}).strict()
const slug = z
  .object({_type: z.literal('slug'), current: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(96)})
  .strict()

export const metricSchema = z
  .object({
    _type: z.literal('metric'),
    _key: key,
    value: z.number().finite(),
    unit: z.string(),
    kind: z.enum(METRIC_KINDS),
    approximation: z.enum(APPROXIMATIONS),
    change: z.enum(CHANGES).optional(),
    text: z.string().min(1),
    label: z.string().min(1).optional(),
    scaledValue: z.number().finite().optional(),
    baseUnit: z.string().min(1).optional(),
    agency: reference.optional(),
    period: z.string().min(1).optional(),
  })
  .strict()
  .refine((m) => m.kind !== 'rank' || (Number.isInteger(m.value) && m.value >= 1), 'a rank must be a positive integer')

export const spanSchema = z
  .object({_type: z.literal('span'), _key: key, text: z.string(), marks: z.array(z.string())})
  .strict()

const markDefSchema = z.discriminatedUnion('_type', [
  z.object({_type: z.literal('agencyMention'), _key: key, agency: reference}).strict(),
  z.object({_type: z.literal('link'), _key: key, href: z.url({protocol: /^https?$/})}).strict(),
])

export const textBlockSchema = z
  .object({
    _type: z.literal('block'),
    _key: key,
    style: z.enum(['normal', 'h2', 'h3', 'blockquote']),
    markDefs: z.array(markDefSchema),
    children: z.array(z.discriminatedUnion('_type', [spanSchema, metricSchema])).min(1),
    listItem: z.enum(['bullet', 'number']).optional(),
    level: z.number().int().min(1).optional(),
  })
  .strict()

export const metricBlockSchema = z
  .object({
    _type: z.literal('metricBlock'),
    _key: key,
    title: z.string().min(1),
    metrics: z.array(metricSchema).min(1),
    note: z.string().optional(),
  })
  .strict()

const isoDateTime = z.iso.datetime({offset: true})

const bodyBlockSchema = z.discriminatedUnion('_type', [textBlockSchema, metricBlockSchema])

/** The article schema as written, run by zod's interpreter; imports use the compiled `articleSchema` below. */
export const articleDefinition = z
  .object({
    _id: z.string().regex(/^(drafts\.)?article\.[a-z0-9]+$/),
    _type: z.literal('article'),
    title: z.string().min(1),
    subtitle: z.string().min(1).optional(),
    slug,
    summary: z.string().optional(),
    publishedAt: isoDateTime.optional(),
    language: z.enum(['zh-Hans', 'zh-Hant']),
    agencies: z.array(keyedReference),
    region: z.string().min(1).optional(),
    period: z.string().min(1).optional(),
    body: z.array(bodyBlockSchema).min(1),
    relatedHeadlines: z.array(z.string().min(1)),
    source: z
      .object({
        _type: z.literal('source').optional(),
        publisher: z.string().min(1).optional(),
        url: z.url({protocol: /^https?$/}).optional(),
        fileName: z.string().min(1),
        contentHash: z.string().regex(/^[0-9a-f]{64}$/),
        importHash: z.string().regex(/^[0-9a-f]{64}$/),
        blockHashes: z.array(z.object({_type: z.literal('blockHash'), _key: key, hash: z.string()}).strict()),
        importerVersion: z.string().min(1),
        importedAt: isoDateTime,
      })
      .strict(),
  })
  .strict()

export const AGENCY_LEVEL_VALUES = ['national', 'provincial', 'municipal', 'district-county', 'township', 'other'] as const

/** The agency schema as written; imports use the compiled `agencySchema` below. */
export const agencyDefinition = z
  .object({
    _id: z.string().regex(/^(drafts\.)?agency\.[a-z0-9-]+$/),
    _type: z.literal('agency'),
    name: z.string().min(1),
    shortName: z.string().min(1).optional(),
    aliases: z.array(z.string().min(1)).optional(),
    slug,
    parent: reference.optional(),
    level: z.enum(AGENCY_LEVEL_VALUES),
    region: z.string().min(1).optional(),
    sector: z.string().min(1).optional(),
    website: z.url({protocol: /^https?$/}).optional(),
  })
  .strict()

/*
 * The two document schemas every import parses with, compiled: `z.compile` generates a parser
 * from a schema (an article's ~300 objects parse in about a quarter of the interpreted time), with
 * the same output and the same issues. `strict` makes a schema zod cannot compile fail at load
 * instead of quietly falling back to the slow path.
 *
 * The article is compiled in two parts, its own fields and then one body block at a time: compiled
 * whole, its parser is one function big enough that V8 runs it about 3× slower than the same checks
 * split this way (57 µs against 20 µs a report on the benchmark corpus). `withParser` installs the
 * split as the article's fast path; input it rejects is parsed again by `articleDefinition` itself,
 * so errors read exactly as the definition's.
 */
const articleFields = z.compile(articleDefinition.extend({body: z.array(z.unknown()).min(1)}), {strict: true})
const bodyBlock = z.compile(bodyBlockSchema, {strict: true})

export const articleSchema = z.withParser(articleDefinition, (input) => {
  const fields = articleFields.safeParse(input)
  if (!fields.success) return z.INVALID
  // The fields' parse copied the body array, so its items can be replaced by their parsed copies.
  const body = fields.data.body
  for (let i = 0; i < body.length; i++) {
    const block = bodyBlock.safeParse(body[i])
    if (!block.success) return z.INVALID
    body[i] = block.data
  }
  return {...fields.data, body: body as z.output<typeof bodyBlockSchema>[]}
})
export const agencySchema = z.compile(agencyDefinition, {strict: true})

export type MetricDoc = z.infer<typeof metricSchema>
export type SpanDoc = z.infer<typeof spanSchema>
export type TextBlockDoc = z.infer<typeof textBlockSchema>
export type MetricBlockDoc = z.infer<typeof metricBlockSchema>
export type ArticleDoc = z.infer<typeof articleSchema>
export type AgencyDoc = z.infer<typeof agencySchema>
export type ImportedDoc = ArticleDoc | AgencyDoc
