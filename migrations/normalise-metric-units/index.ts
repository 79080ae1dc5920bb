/**
 * Metric units in simplified characters, with the scale worked out.
 *
 * The extractor keeps a unit as the report writes it, so articles imported
 * from traditional-character reports carry 萬元, 億元, 個, 項, 場次 … while
 * every other article says 万元, 亿元, 个, 项, 场次. Queries and charts group
 * by `unit` and `baseUnit`, so both are normalised to simplified spellings,
 * and `scaledValue`/`baseUnit` are filled in where a scaled unit (万元, 亿人次)
 * lacks them. The metric's `text` stays exactly as written in the report.
 *
 * Covers metrics inline in paragraphs (`body[].children[]`) and inside
 * metric blocks (`body[].metrics[]`), in every article, drafts included.
 *
 *   sanity migration run normalise-metric-units            # dry run
 *   npm run migrate -- normalise-metric-units [--apply]    # local dataset
 */
import {at, defineMigration, set, type NodePatch} from 'sanity/migrate'
import {scaleValue} from '../report/numerals'
import {matchUnit} from '../report/units'
import {
  articleMutations,
  bodyBlocks,
  isKeyed,
  type BlockChange,
  type JsonRecord,
  type KeyedObject,
  type MigratedDocument,
} from '../shared/article'

/** Traditional → simplified for every character the unit tables use. */
const SIMPLIFIED: Record<string, string> = {
  萬: '万', 億: '亿', 個: '个', 項: '项', 戶: '户', 張: '张', 場: '场', 條: '条',
  車: '车', 輛: '辆', 臺: '台', 處: '处', 類: '类', 筆: '笔', 組: '组', 輪: '轮',
  節: '节', 冊: '册', 盞: '盏', 棟: '栋', 間: '间', 頭: '头', 塊: '块', 隻: '只',
  頃: '顷', 畝: '亩', 噸: '吨', 時: '时', 鐘: '钟', 點: '点', 歐: '欧', 鎊: '镑',
  釐: '厘', 貝: '贝', 標: '标', 準: '准', 週: '周', 歲: '岁',
}

/** 萬元 → 万元, 個百分點 → 个百分点; units already simplified come back unchanged. */
export function simplifyUnit(unit: string): string {
  let out = ''
  for (const char of unit) out += SIMPLIFIED[char] ?? char
  return out
}

export interface MetricFields {
  [field: string]: unknown
  value?: unknown
  unit?: unknown
  scaledValue?: unknown
  baseUnit?: unknown
}

/**
 * The fields of a metric this migration would set, or an empty object when
 * the metric is already normalised.
 */
export function normaliseMetric(metric: MetricFields): {unit?: string; baseUnit?: string; scaledValue?: number} {
  const changes: {unit?: string; baseUnit?: string; scaledValue?: number} = {}
  if (typeof metric.unit !== 'string') return changes
  const unit = simplifyUnit(metric.unit)
  if (unit !== metric.unit) changes.unit = unit
  if (typeof metric.baseUnit === 'string') {
    const baseUnit = simplifyUnit(metric.baseUnit)
    if (baseUnit !== metric.baseUnit) changes.baseUnit = baseUnit
  }
  // The extractor's own unit table says whether the unit is scaled: 万元 → 10^4 元.
  const match = unit === '' ? undefined : matchUnit(unit, 0)
  const scale = match && match.end === unit.length ? match.scale : undefined
  if (scale) {
    if (metric.baseUnit === undefined && scale.baseUnit) changes.baseUnit = scale.baseUnit
    if (metric.scaledValue === undefined && typeof metric.value === 'number') {
      const scaled = scaleValue(metric.value, scale.exponent)
      if (Number.isFinite(scaled)) changes.scaledValue = scaled
    }
  }
  return changes
}

const METRIC_ARRAYS: Record<string, string> = {block: 'children', metricBlock: 'metrics'}

function normaliseBlock(block: KeyedObject): BlockChange | undefined {
  const field = METRIC_ARRAYS[block._type]
  const items = field ? block[field] : undefined
  if (!field || !Array.isArray(items)) return undefined
  const patches: NodePatch[] = []
  const nextItems = items.map((item: unknown) => {
    if (!isKeyed(item) || item._type !== 'metric') return item
    const changes = normaliseMetric(item)
    const next: JsonRecord = {...item}
    for (const [name, value] of Object.entries(changes)) {
      next[name] = value
      patches.push(at(['body', {_key: block._key}, field, {_key: item._key}, name], set(value)))
    }
    return next
  })
  if (patches.length === 0) return undefined
  return {key: block._key, before: block, after: {...block, [field]: nextItems}, patches}
}

/** Every mutation the migration makes to one article. */
export function normaliseArticle(doc: MigratedDocument) {
  const changes = bodyBlocks(doc)
    .map(normaliseBlock)
    .filter((change): change is BlockChange => change !== undefined)
  return articleMutations(doc, changes)
}

export default defineMigration({
  title: 'Normalise metric units to simplified characters and fill in scaledValue/baseUnit',
  documentTypes: ['article'],
  migrate: {
    document(doc) {
      return normaliseArticle(doc)
    },
  },
})
