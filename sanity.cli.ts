import {defineCliConfig} from 'sanity/cli'
import {dataset, projectId} from './studio/env'

export default defineCliConfig({
  api: {projectId, dataset},
  typegen: {
    path: ['./queries/**/*.ts'],
    // The staleness test regenerates into a temporary folder and compares.
    schema: process.env.TYPEGEN_SCHEMA || './schema.json',
    generates: process.env.TYPEGEN_OUT || './sanity.types.ts',
    overloadClientMethods: true,
  },
})
