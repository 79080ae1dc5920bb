/**
 * The metric contract shared by the extractor, the builder, the schema and
 * the queries. Field names match the `metric` schema type exactly.
 */
export const METRIC_KINDS = [
  'count',
  'amount',
  'percent',
  'percentagePoints',
  'rank',
  'measure',
  'duration',
  'ratio',
] as const
export type MetricKind = (typeof METRIC_KINDS)[number]

export const APPROXIMATIONS = ['exact', 'moreThan', 'about', 'lessThan'] as const
export type Approximation = (typeof APPROXIMATIONS)[number]

export const CHANGES = ['increase', 'decrease', 'flat'] as const
export type Change = (typeof CHANGES)[number]

/** A numeric fact found in a paragraph, before it gets a `_key` and `_type`. */
export interface ExtractedMetric {
  /** The number as written: 2066万元 → 2066, 百分之二十 → 20, 排名第三 → 3; a fraction is its share: 三分之一 → 0.333…. */
  value: number
  /** The unit as written after the number: 人次, 万元, %, 个百分点; '' for a bare rank. */
  unit: string
  kind: MetricKind
  approximation: Approximation
  change?: Change
  /** The exact source wording covered by this metric, e.g. 500余人次 or 排名第三. */
  text: string
  /** What is counted, e.g. 谈心谈话 for 167人次. */
  label?: string
  /** The value with 万/亿 applied: 2066万元 → 20660000. */
  scaledValue?: number
  /** The unit with 万/亿 removed: 万元 → 元. */
  baseUnit?: string
}

/**
 * A paragraph cut into consecutive pieces. Joining every piece's text
 * (`text` for plain pieces, `metric.text` for metrics) gives back the
 * paragraph character for character.
 */
export type Segment =
  | {type: 'text'; text: string}
  | {type: 'metric'; metric: ExtractedMetric}
