import {CaseIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'

/** Annotation marking where the text names an agency, so sites can link it. */
export const agencyMentionType = defineType({
  name: 'agencyMention',
  title: 'Agency mention',
  type: 'object',
  icon: CaseIcon,
  fields: [
    defineField({
      name: 'agency',
      title: 'Agency',
      type: 'reference',
      to: [{type: 'agency'}],
      validation: (rule) => rule.required().error('Choose the agency this text names.'),
    }),
  ],
  preview: {
    select: {name: 'agency.name'},
    prepare: ({name}: {name?: string}) => ({title: name ?? 'Agency mention'}),
  },
})
