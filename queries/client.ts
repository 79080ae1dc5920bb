import {createClient, type ClientConfig, type SanityClient} from '@sanity/client'

export const API_VERSION = '2025-02-19'
export const DEFAULT_LOCAL_API_PORT = 3333

type Env = Readonly<Record<string, string | undefined>>

export interface SiteClientOptions {
  /** Default `process.env`. */
  env?: Env
  /** Read drafts (`drafts` perspective). Needs `SANITY_API_READ_TOKEN`. */
  preview?: boolean
}

export class SiteClientConfigError extends Error {
  override name = 'SiteClientConfigError'
}

/**
 * The client configuration for a site, from the environment:
 *
 * - without `SANITY_PROJECT_ID`, the local endpoint (`npm run serve`) at
 *   `http://127.0.0.1:<LOCAL_API_PORT or 3333>`, dataset `SANITY_DATASET`,
 *   `LOCAL_DATASET` or `production`;
 * - with it, Sanity's API through the CDN, dataset `SANITY_DATASET` or
 *   `production`.
 *
 * Published content only, unless `preview` is asked for and a read token
 * is set; the token is not sent otherwise, so a misconfigured site cannot
 * leak drafts.
 */
export function siteClientConfig(options: SiteClientOptions = {}): ClientConfig {
  const env = options.env ?? process.env
  const projectId = env.SANITY_PROJECT_ID?.trim()
  const token = env.SANITY_API_READ_TOKEN?.trim() || (projectId ? undefined : env.LOCAL_API_TOKEN?.trim()) || undefined
  if (options.preview && !token) {
    throw new SiteClientConfigError(
      'Preview shows drafts and needs a read token: set SANITY_API_READ_TOKEN (a Viewer token), or turn preview off.',
    )
  }
  const preview = options.preview ? {perspective: 'drafts' as const, token, useCdn: false} : {perspective: 'published' as const}

  if (projectId) {
    if (!/^[a-z0-9-]+$/.test(projectId)) throw new SiteClientConfigError(`SANITY_PROJECT_ID "${projectId}" is not a Sanity project id`)
    return {
      projectId,
      dataset: env.SANITY_DATASET?.trim() || 'production',
      apiVersion: API_VERSION,
      useCdn: true,
      ...preview,
    }
  }

  const portText = env.LOCAL_API_PORT?.trim()
  const port = portText ? Number(portText) : DEFAULT_LOCAL_API_PORT
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SiteClientConfigError(`LOCAL_API_PORT must be a port number, got "${portText ?? ''}"`)
  }
  return {
    projectId: 'local',
    dataset: env.SANITY_DATASET?.trim() || env.LOCAL_DATASET?.trim() || 'production',
    apiHost: `http://127.0.0.1:${port}`,
    useProjectHostname: false,
    apiVersion: API_VERSION,
    // The local endpoint has no CDN.
    useCdn: false,
    ...preview,
  }
}

export function createSiteClient(options: SiteClientOptions = {}): SanityClient {
  return createClient(siteClientConfig(options))
}
