import {DocumentTextIcon} from '@sanity/icons'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {slugify} from '../migrations/report/slug'
import {isUniqueSlug} from './unique'

export const articleType = defineType({
  name: 'article',
  title: 'Article',
  type: 'document',
  icon: DocumentTextIcon,
  description: 'A government news report, imported from text and revised by editors.',
  groups: [
    {name: 'content', title: 'Content', default: true},
    {name: 'metadata', title: 'Metadata'},
    {name: 'provenance', title: 'Provenance'},
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      group: 'content',
      validation: (rule) => [
        rule.required().error('Every article needs a title.'),
        rule.max(120).warning('Titles over 120 characters are hard to read; is part of the lead in the title?'),
      ],
    }),
    defineField({
      name: 'subtitle',
      title: 'Subtitle',
      type: 'string',
      group: 'content',
      description: 'The line under the title, as the report writes it (——安吉县推进乡村振兴工作纪实).',
      validation: (rule) => rule.max(80).warning('Subtitles over 80 characters are hard to read; is this a paragraph?'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'content',
      description: 'Pinyin of the title in lowercase ASCII, used in the page address.',
      options: {source: 'title', maxLength: 96, slugify: (input: string) => slugify(input), isUnique: isUniqueSlug},
      validation: (rule) => [
        rule.required().error('Generate a slug from the title.'),
        rule.custom((slug: {current?: string} | undefined) => {
          const current = slug?.current
          if (!current) return true
          if (current.length > 96) return 'Keep the slug to 96 characters or fewer.'
          return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(current)
            ? true
            : 'Use lowercase letters, digits and single hyphens only.'
        }),
      ],
    }),
    defineField({
      name: 'summary',
      title: 'Summary',
      type: 'text',
      rows: 3,
      group: 'content',
      description: 'The lead paragraph, shown in lists and search results.',
    }),
    defineField({
      name: 'body',
      title: 'Body',
      type: 'body',
      group: 'content',
    }),
    defineField({
      name: 'relatedHeadlines',
      title: 'Related headlines',
      type: 'array',
      group: 'content',
      description: 'Headlines of other articles that were scraped with this page (banners). They are not part of this article.',
      of: [defineArrayMember({type: 'string'})],
    }),
    defineField({
      name: 'publishedAt',
      title: 'Published at',
      type: 'datetime',
      group: 'metadata',
    }),
    defineField({
      name: 'language',
      title: 'Language',
      type: 'string',
      group: 'metadata',
      options: {
        list: [
          {title: '简体中文', value: 'zh-Hans'},
          {title: '繁體中文', value: 'zh-Hant'},
        ],
        layout: 'radio',
        direction: 'horizontal',
      },
      initialValue: 'zh-Hans',
      validation: (rule) => rule.required().error('Choose simplified or traditional Chinese.'),
    }),
    defineField({
      name: 'agencies',
      title: 'Agencies',
      type: 'array',
      group: 'metadata',
      description: 'The agencies the article is about. The first one is the main subject.',
      of: [defineArrayMember({type: 'reference', to: [{type: 'agency'}]})],
      validation: (rule) => rule.unique().error('List each agency once.'),
    }),
    defineField({
      name: 'region',
      title: 'Region',
      type: 'string',
      group: 'metadata',
      description: 'The area the report covers, e.g. 浙江省杭州市富阳区.',
    }),
    defineField({
      name: 'period',
      title: 'Period',
      type: 'string',
      group: 'metadata',
      description: 'The period reported on, e.g. 2019.',
    }),
    defineField({
      name: 'source',
      title: 'Source',
      type: 'object',
      group: 'provenance',
      description: 'Where the text came from and how it was imported. Set by the importer.',
      options: {collapsible: true, collapsed: true},
      fields: [
        defineField({name: 'publisher', title: 'Publisher', type: 'string'}),
        defineField({
          name: 'url',
          title: 'Original address',
          type: 'url',
          validation: (rule) =>
            rule.uri({scheme: ['http', 'https']}).error('Use a web address starting with http:// or https://.'),
        }),
        defineField({name: 'fileName', title: 'Original file name', type: 'string', readOnly: true}),
        defineField({
          name: 'contentHash',
          title: 'Content hash',
          type: 'string',
          readOnly: true,
          description: 'SHA-256 of the report text, which identifies the source.',
        }),
        defineField({
          name: 'importHash',
          title: 'Import hash',
          type: 'string',
          readOnly: true,
          description: 'Hash of the article as imported. When it differs, an editor has changed the article and re-imports leave it alone.',
        }),
        defineField({
          name: 'blockHashes',
          title: 'Paragraph hashes',
          type: 'array',
          readOnly: true,
          description: 'Hash of each paragraph as imported, so later re-extraction only touches paragraphs nobody edited.',
          of: [
            defineArrayMember({
              type: 'object',
              name: 'blockHash',
              title: 'Paragraph hash',
              fields: [defineField({name: 'hash', title: 'Hash', type: 'string'})],
              preview: {select: {title: '_key', subtitle: 'hash'}},
            }),
          ],
        }),
        defineField({name: 'importerVersion', title: 'Importer version', type: 'string', readOnly: true}),
        defineField({name: 'importedAt', title: 'Imported at', type: 'datetime', readOnly: true}),
      ],
    }),
  ],
  orderings: [
    {title: 'Newest first', name: 'publishedAtDesc', by: [{field: 'publishedAt', direction: 'desc'}]},
    {title: 'Title', name: 'titleAsc', by: [{field: 'title', direction: 'asc'}]},
  ],
  preview: {
    select: {title: 'title', agency: 'agencies.0.name', publishedAt: 'publishedAt', region: 'region'},
    prepare: articlePreview,
  },
})

export function articlePreview({
  title,
  agency,
  publishedAt,
  region,
}: {
  title?: string
  agency?: string
  publishedAt?: string
  region?: string
}) {
  const date = publishedAt ? publishedAt.slice(0, 10) : undefined
  return {
    title: title || 'Untitled article',
    subtitle: [agency ?? region, date].filter(Boolean).join(' · ') || undefined,
  }
}
