/**
 * Project id and dataset for the Studio and the CLI. The defaults name the
 * local dataset, so build, check and typegen work with no account or network.
 * The Studio bundler replaces `process.env.SANITY_STUDIO_*` literally, so
 * these must stay plain property reads.
 */
export const LOCAL_PROJECT_ID = 'local'

export const projectId = process.env.SANITY_STUDIO_PROJECT_ID || LOCAL_PROJECT_ID
export const dataset = process.env.SANITY_STUDIO_DATASET || 'production'
