import {BlockContentIcon} from '@sanity/icons'
import {defineArrayMember, defineType} from 'sanity'

/** The article body: Portable Text with inline metrics and key-figure panels. */
export const bodyType = defineType({
  name: 'body',
  title: 'Body',
  type: 'array',
  icon: BlockContentIcon,
  of: [
    defineArrayMember({
      type: 'block',
      styles: [
        {title: 'Normal', value: 'normal'},
        {title: 'Heading 2', value: 'h2'},
        {title: 'Heading 3', value: 'h3'},
        {title: 'Quote', value: 'blockquote'},
      ],
      lists: [
        {title: 'Bullet', value: 'bullet'},
        {title: 'Numbered', value: 'number'},
      ],
      marks: {
        decorators: [
          {title: 'Strong', value: 'strong'},
          {title: 'Emphasis', value: 'em'},
        ],
        annotations: [defineArrayMember({type: 'link'}), defineArrayMember({type: 'agencyMention'})],
      },
      of: [defineArrayMember({type: 'metric'})],
    }),
    defineArrayMember({type: 'metricBlock'}),
  ],
})
