import {DashboardIcon} from '@sanity/icons'
import {defineArrayMember, defineField, defineType} from 'sanity'

export const metricBlockType = defineType({
  name: 'metricBlock',
  title: 'Key figures',
  type: 'object',
  icon: DashboardIcon,
  description: 'A panel of the report’s key figures, shown between paragraphs.',
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      initialValue: '关键数据',
      validation: (rule) => rule.required().error('Give the panel a short title, e.g. 关键数据.'),
    }),
    defineField({
      name: 'metrics',
      title: 'Figures',
      type: 'array',
      of: [defineArrayMember({type: 'metric'})],
      validation: (rule) => rule.required().min(1).error('Add at least one figure to the panel.'),
    }),
    defineField({
      name: 'note',
      title: 'Note',
      type: 'text',
      rows: 2,
      description: 'Optional source or caveat shown under the figures.',
    }),
  ],
  preview: {
    select: {title: 'title', metrics: 'metrics'},
    prepare: metricBlockPreview,
  },
})

export function metricBlockPreview({
  title,
  metrics,
}: {
  title?: string
  metrics?: Array<{text?: string; label?: string}>
}) {
  const figures = (metrics ?? []).map((m) => (m.label ? `${m.label} ${m.text ?? ''}` : (m.text ?? ''))).filter(Boolean)
  return {
    title: title || 'Key figures',
    subtitle: figures.length ? figures.join(' · ') : 'No figures yet',
  }
}
