/**
 * Project id and dataset for the Studio and the CLI. The defaults name the
 * local dataset, so build, check and typegen work with no account or network.
 * The Studio bundler replaces `process.env.SANITY_STUDIO_*` literally, so
 * these must stay plain property reads.
 */
export const LOCAL_PROJECT_ID = 'local'

export const projectId = process.env.SANITY_STUDIO_PROJECT_ID || LOCAL_PROJECT_ID
export const dataset = process.env.SANITY_STUDIO_DATASET || 'production'

/** `SANITY_STUDIO_API_HOST` value: use the host that serves the Studio page (the local Studio server). */
export const SAME_ORIGIN_API_HOST = 'same-origin'

/**
 * The API host the Studio talks to. Unset (the default) means Sanity's own
 * API, as before. A URL such as `https://localhost:3334` points the Studio at
 * the local endpoint; the Studio prepends the project id, so requests go to
 * `https://<projectId>.localhost:3334`. `same-origin` (what
 * `npm run studio:local` builds with) derives it in the browser from the page
 * at `https://<projectId>.localhost:<port>/`, so one build serves any port.
 */
export function resolveApiHost(
  value: string | undefined,
  project: string,
  location: {protocol: string; host: string} | undefined = typeof window === 'undefined' ? undefined : window.location,
): string | undefined {
  if (!value) return undefined
  if (value !== SAME_ORIGIN_API_HOST) return value
  // Node (the CLI) has no page to derive it from; it does not call the API through this.
  if (!location) return undefined
  const prefix = `${project}.`
  const host = location.host.startsWith(prefix) ? location.host.slice(prefix.length) : location.host
  return `${location.protocol}//${host}`
}

export const apiHost = resolveApiHost(process.env.SANITY_STUDIO_API_HOST, projectId)
