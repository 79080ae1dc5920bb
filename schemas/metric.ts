import {ChartUpwardIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'
import {textStatesValue} from '../migrations/report/metric-text'
import type {ExtractedMetric} from '../migrations/report/model'

export const METRIC_KIND_OPTIONS = [
  {title: 'Count 计数 (人次, 件, 家次)', value: 'count'},
  {title: 'Amount 金额 (万元, 亿元)', value: 'amount'},
  {title: 'Percent 百分比 (%)', value: 'percent'},
  {title: 'Percentage points 百分点', value: 'percentagePoints'},
  {title: 'Rank 排名', value: 'rank'},
  {title: 'Measure 度量 (吨, 平方公里)', value: 'measure'},
  {title: 'Duration 时长 (天, 小时)', value: 'duration'},
  {title: 'Ratio 倍数/成数/千分比/分数 (倍, 成, ‰, 三分之一)', value: 'ratio'},
]

export const APPROXIMATION_OPTIONS = [
  {title: 'Exact 精确', value: 'exact'},
  {title: 'More than 余/多/逾/超过/以上', value: 'moreThan'},
  {title: 'About 约/近/左右', value: 'about'},
  {title: 'Less than 不到/不足', value: 'lessThan'},
]

export const CHANGE_OPTIONS = [
  {title: 'Increase 增长', value: 'increase'},
  {title: 'Decrease 下降', value: 'decrease'},
  {title: 'Flat 持平', value: 'flat'},
]

type MetricFields = Partial<Pick<ExtractedMetric, 'value' | 'kind' | 'text'>>

/** Why a metric is inconsistent, in words an editor understands; undefined when it is fine. */
export function metricProblem(metric: MetricFields | undefined): string | undefined {
  if (!metric) return undefined
  const {value, kind, text} = metric
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'The value must be a finite number.'
  if (kind === 'rank' && (!Number.isInteger(value) || value < 1)) {
    return 'A rank must be a whole number of 1 or more (排名第三 → 3).'
  }
  if (text && !textStatesValue(text, value)) {
    return `The source wording “${text}” does not contain the number ${value}. Fix the value or the wording.`
  }
  return undefined
}

export const metricType = defineType({
  name: 'metric',
  title: 'Metric',
  type: 'object',
  icon: ChartUpwardIcon,
  description: 'A numeric fact from the report, kept with its exact source wording.',
  fields: [
    defineField({
      name: 'text',
      title: 'Source wording',
      type: 'string',
      description: 'Exactly as written in the report, e.g. 500余人次. The sentence is rendered with this text.',
      validation: (rule) => rule.required().error('Keep the exact wording from the report.'),
    }),
    defineField({
      name: 'value',
      title: 'Value',
      type: 'number',
      description: 'The number as written: 2066万元 → 2066, 排名第三 → 3.',
      validation: (rule) => [
        rule.required().error('Enter the number the wording states.'),
        rule
          .custom((value: number | undefined, context) =>
            metricProblem({...(context.parent as MetricFields | undefined), value}) ?? true,
          )
          .error(),
      ],
    }),
    defineField({
      name: 'unit',
      title: 'Unit',
      type: 'string',
      description: 'As written after the number: 人次, 家次, 件, %, 个百分点, 万元. Leave empty for a rank or a fraction (三分之一).',
    }),
    defineField({
      name: 'kind',
      title: 'Kind',
      type: 'string',
      options: {list: METRIC_KIND_OPTIONS},
      validation: (rule) => rule.required().error('Choose what kind of number this is.'),
    }),
    defineField({
      name: 'approximation',
      title: 'Approximation',
      type: 'string',
      options: {list: APPROXIMATION_OPTIONS, layout: 'radio', direction: 'horizontal'},
      initialValue: 'exact',
      validation: (rule) => rule.required().error('Say whether the number is exact or approximate.'),
    }),
    defineField({
      name: 'change',
      title: 'Change',
      type: 'string',
      description: 'Only when the text compares with an earlier period (同比下降, 比上年增长).',
      options: {list: CHANGE_OPTIONS, layout: 'radio', direction: 'horizontal'},
    }),
    defineField({
      name: 'label',
      title: 'What is counted',
      type: 'string',
      description: 'e.g. 谈心谈话 for 167人次.',
    }),
    defineField({
      name: 'scaledValue',
      title: 'Scaled value',
      type: 'number',
      description: 'The value with 万/亿 applied: 2066万元 → 20660000.',
    }),
    defineField({
      name: 'baseUnit',
      title: 'Base unit',
      type: 'string',
      description: 'The unit without 万/亿: 万元 → 元.',
    }),
    defineField({
      name: 'agency',
      title: 'Agency',
      type: 'reference',
      description: 'The agency this figure is about, when it is not the article’s main agency.',
      to: [{type: 'agency'}],
    }),
    defineField({
      name: 'period',
      title: 'Period',
      type: 'string',
      description: 'The period the figure covers, e.g. 2019 or 2024年1-8月.',
    }),
  ],
  preview: {
    select: {value: 'value', unit: 'unit', label: 'label', text: 'text', kind: 'kind', approximation: 'approximation'},
    prepare: metricPreview,
  },
})

const APPROXIMATION_SIGNS: Record<string, string> = {moreThan: '>', about: '≈', lessThan: '<'}

export function metricPreview({
  value,
  unit,
  label,
  text,
  kind,
  approximation,
}: {
  value?: number
  unit?: string
  label?: string
  text?: string
  kind?: string
  approximation?: string
}) {
  const sign = approximation ? (APPROXIMATION_SIGNS[approximation] ?? '') : ''
  const figure =
    value === undefined ? (text ?? 'Empty metric') : kind === 'rank' ? `No. ${value}` : `${sign}${value} ${unit ?? ''}`.trim()
  return {
    title: label ? `${figure} · ${label}` : figure,
    subtitle: text ? `“${text}”` : undefined,
  }
}
