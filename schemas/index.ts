import {agencyType} from './agency'
import {agencyMentionType} from './agencyMention'
import {articleType} from './article'
import {bodyType} from './body'
import {linkType} from './link'
import {metricType} from './metric'
import {metricBlockType} from './metricBlock'

export const schemaTypes = [
  articleType,
  agencyType,
  bodyType,
  metricType,
  metricBlockType,
  agencyMentionType,
  linkType,
]
