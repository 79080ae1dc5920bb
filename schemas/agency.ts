import {CaseIcon} from '@sanity/icons'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {slugify} from '../migrations/report/slug'
import {isUniqueSlug, isUniqueValue} from './unique'

export const AGENCY_LEVELS = [
  {title: '国家级 National', value: 'national'},
  {title: '省级 Provincial', value: 'provincial'},
  {title: '市级 Municipal', value: 'municipal'},
  {title: '区县级 District / county', value: 'district-county'},
  {title: '乡镇街道 Township', value: 'township'},
  {title: '其他 Other', value: 'other'},
] as const

export const agencyType = defineType({
  name: 'agency',
  title: 'Agency',
  type: 'document',
  icon: CaseIcon,
  description: 'A government body named in reports, placed in its hierarchy.',
  fields: [
    defineField({
      name: 'name',
      title: 'Official name',
      type: 'string',
      description: 'The full official name, e.g. 杭州市生态环境局富阳分局.',
      validation: (rule) =>
        rule
          .required()
          .error('Give the agency its full official name.')
          .max(80)
          .warning('Official names are rarely longer than 80 characters; check for pasted text.')
          .custom(async (name, context) =>
            !name || (await isUniqueValue('agency', 'name', name, context))
              ? true
              : 'Another agency already has this name; link to it instead.',
          ),
    }),
    defineField({
      name: 'shortName',
      title: 'Short name',
      type: 'string',
      description: 'The short form reports use, e.g. 富阳分局 (以下简称富阳分局).',
    }),
    defineField({
      name: 'aliases',
      title: 'Other names',
      type: 'array',
      description: 'Other spellings and abbreviations, so the importer recognises them.',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) => rule.unique().error('Each alias only needs to be listed once.'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      description: 'Pinyin of the name, used in page addresses.',
      options: {source: 'name', maxLength: 96, slugify: (input: string) => slugify(input), isUnique: isUniqueSlug},
      validation: (rule) => rule.required().error('Generate a slug from the name.'),
    }),
    defineField({
      name: 'parent',
      title: 'Parent agency',
      type: 'reference',
      description: 'The agency this one belongs to, e.g. 杭州市生态环境局 for 富阳分局.',
      to: [{type: 'agency'}],
      validation: (rule) =>
        rule.custom((parent, context) => {
          const ownId = context.document?._id?.replace(/^drafts\./, '')
          return parent?._ref && parent._ref === ownId
            ? 'An agency cannot be its own parent.'
            : true
        }),
    }),
    defineField({
      name: 'level',
      title: 'Administrative level',
      type: 'string',
      options: {list: [...AGENCY_LEVELS], layout: 'radio'},
      validation: (rule) => rule.required().error('Choose the level this agency sits at.'),
    }),
    defineField({
      name: 'region',
      title: 'Region',
      type: 'string',
      description: 'The administrative area it serves, from province down, e.g. 浙江省杭州市富阳区.',
    }),
    defineField({
      name: 'sector',
      title: 'Sector',
      type: 'string',
      description: 'Its field of work, e.g. 生态环境 or 市场监管.',
    }),
    defineField({
      name: 'website',
      title: 'Website',
      type: 'url',
      validation: (rule) =>
        rule.uri({scheme: ['http', 'https']}).error('Use a web address starting with http:// or https://.'),
    }),
  ],
  orderings: [
    {title: 'Name', name: 'nameAsc', by: [{field: 'name', direction: 'asc'}]},
    {title: 'Level', name: 'levelAsc', by: [{field: 'level', direction: 'asc'}, {field: 'name', direction: 'asc'}]},
  ],
  preview: {
    select: {name: 'name', parentName: 'parent.name', region: 'region', shortName: 'shortName'},
    prepare: agencyPreview,
  },
})

export function agencyPreview({
  name,
  parentName,
  region,
  shortName,
}: {
  name?: string
  parentName?: string
  region?: string
  shortName?: string
}) {
  const title = name ? (shortName && shortName !== name ? `${name}（${shortName}）` : name) : 'Unnamed agency'
  const subtitle = [parentName ? `↑ ${parentName}` : undefined, region].filter(Boolean).join(' · ')
  return {title, subtitle: subtitle || undefined}
}
