import {LinkIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'

export const linkType = defineType({
  name: 'link',
  title: 'Link',
  type: 'object',
  icon: LinkIcon,
  fields: [
    defineField({
      name: 'href',
      title: 'Address',
      type: 'url',
      validation: (rule) =>
        rule
          .required()
          .uri({scheme: ['http', 'https']})
          .error('Links must be web addresses starting with http:// or https://.'),
    }),
  ],
  preview: {
    select: {href: 'href'},
    prepare: ({href}: {href?: string}) => ({title: href ?? 'Link'}),
  },
})
