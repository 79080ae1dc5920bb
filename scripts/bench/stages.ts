/**
 * Where a build's time goes: each stage of `buildReport` run again on its
 * own, on the same reports, through the pipeline's exported functions. The
 * stages that work on the built article (hashes, fingerprint, slug, zod)
 * are replayed on it; assembly (blocks, spans, keys, marks) is what the
 * whole build took beyond the timed stages. Replayed stages run with warm
 * caches, so the figures are a breakdown to compare stages by, not a second
 * throughput figure.
 */
import {recognizeAgencies} from '../../migrations/report/agencies'
import {blockJson, isPlainText} from '../../migrations/report/block-json'
import {buildReport} from '../../migrations/report/build'
import {agencySchema, articleSchema, type TextBlockDoc} from '../../migrations/report/documents'
import {extractMetrics} from '../../migrations/report/extract-metrics'
import {contentFingerprint, sha256} from '../../migrations/report/fingerprint'
import {parseReport} from '../../migrations/report/parse'
import {simplifiedShadow} from '../../migrations/report/simplified'
import {slugify} from '../../migrations/report/slug'

export const STAGES = [
  'parse',
  'agencies',
  'metrics',
  'assembly',
  'blockHashes',
  'fingerprint',
  'slug',
  'zod',
] as const
export type Stage = (typeof STAGES)[number]

export const STAGE_LABELS: Record<Stage, string> = {
  parse: 'parse (lines, boilerplate, title, headings)',
  agencies: 'agencies (simplified shadows, names, regions)',
  metrics: 'metric extraction and labels',
  assembly: 'assembly: blocks, spans, keys, marks (the rest)',
  blockHashes: 'block hashes: canonical JSON + SHA-256',
  fingerprint: 'import fingerprint (edit check)',
  slug: "title's pinyin slug",
  zod: 'zod validation',
}

export interface StageTimes {
  reports: number
  /** Seconds of the whole build, and of each stage; `assembly` is the build less the others. */
  total: number
  stages: Record<Stage, number>
}

const IMPORTED_AT = '2024-06-01T00:00:00.000Z'

/** Times `buildReport` and then each of its stages on every text, `passes` times over. */
export function timeStages(texts: readonly string[], passes: number): StageTimes {
  const stages = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>
  let total = 0
  let reports = 0
  for (let pass = 0; pass < passes; pass++) {
    for (const text of texts) {
      let t0 = performance.now()
      const built = buildReport({fileName: 'stage.txt', text, importedAt: IMPORTED_AT})
      total += performance.now() - t0
      if (!built.ok) continue
      reports++
      const {article, agencies} = built.report

      t0 = performance.now()
      const parsed = parseReport(text)
      stages.parse += performance.now() - t0
      if (!parsed.ok) continue
      const paragraphs = parsed.report.blocks.map((block) => block.text)

      t0 = performance.now()
      const shadows = paragraphs.map(simplifiedShadow)
      recognizeAgencies(paragraphs, {title: parsed.report.title, publisher: parsed.report.meta.publisher, shadows})
      stages.agencies += performance.now() - t0

      t0 = performance.now()
      for (let i = 0; i < paragraphs.length; i++) extractMetrics(paragraphs[i]!, shadows[i])
      stages.metrics += performance.now() - t0

      const blocks = article.body.filter((block): block is TextBlockDoc => block._type === 'block')
      t0 = performance.now()
      const plain = isPlainText(text)
      const hashes = new Map<unknown, string>(blocks.map((block) => [block, sha256(blockJson(block, plain))]))
      stages.blockHashes += performance.now() - t0

      t0 = performance.now()
      contentFingerprint(article, hashes)
      stages.fingerprint += performance.now() - t0

      t0 = performance.now()
      slugify(article.title)
      stages.slug += performance.now() - t0

      t0 = performance.now()
      articleSchema.parse(article)
      for (const agency of agencies) agencySchema.parse(agency)
      stages.zod += performance.now() - t0
    }
  }
  const timed = STAGES.reduce((sum, stage) => sum + stages[stage], 0)
  stages.assembly = Math.max(0, total - timed)
  for (const stage of STAGES) stages[stage] /= 1000
  return {reports, total: total / 1000, stages}
}
