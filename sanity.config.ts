import {visionTool} from '@sanity/vision'
import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'
import {schemaTypes} from './schemas'
import {apiHost, dataset, projectId} from './studio/env'
import {structure} from './studio/structure'

export default defineConfig({
  name: 'default',
  title: 'Government reports',
  projectId,
  dataset,
  // Only set for the local endpoint; unset keeps Sanity's API.
  ...(apiHost ? {apiHost} : {}),
  plugins: [structureTool({structure}), visionTool({defaultApiVersion: '2025-02-19'})],
  schema: {types: schemaTypes},
})
