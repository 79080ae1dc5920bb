import path from 'node:path'
import {resolveLocalDataset} from '../dataset-store'
import {startLocalServer, type LocalServer} from '../server'
import {createStudioApi} from './api'
import {ChangeFeed} from './change-feed'
import {localUser, type ProjectInfo} from './identity'
import {KeyValueStore} from './keyvalue'
import {PresenceHub} from './presence'
import {DEFAULT_TLS_HOSTS, loadOrCreateCertificate, readCertificateFiles, type TlsCredentials} from './tls'

/**
 * The local endpoint with the Studio API, over HTTPS and HTTP/2, serving a
 * built Studio on `https://<projectId>.localhost:<port>/`: the page and its
 * API share one origin, so the Studio's cookie-less "login" and its event
 * streams need no CORS and share one multiplexed connection.
 */

export const DEFAULT_STUDIO_PORT = 3334

export interface StudioServerOptions {
  /** Default `LOCAL_STUDIO_PORT` or 3334; 0 picks a free port. */
  port?: number
  /** Loopback only: 127.0.0.1 (default) or ::1. */
  host?: string
  dir?: string
  dataset?: string
  /** Must match the Studio build's project id; default `local`. */
  projectId?: string
  /** The `sanity build` output to serve; without it only the API is served. */
  studioDir?: string
  /** Certificate and key files (e.g. from mkcert); default a self-signed pair kept in `<dir>/.studio-local/`. */
  tlsFiles?: {cert: string; key: string}
  userName?: string
  /** Poll interval for writes by other processes (imports); default 1 s. */
  pollMs?: number
  env?: NodeJS.ProcessEnv
  log?: (line: string) => void
}

export interface StudioServer {
  /** What an editor opens. */
  studioUrl: string
  /** What `sanity.config.ts` `apiHost` resolves to (the Studio prepends the project id). */
  apiHost: string
  /**
   * Base URL of the data API for `@sanity/client` in Node (`apiHost` with
   * `useProjectHostname: false`): Node does not resolve `*.localhost`.
   */
  apiUrl: string
  projectId: string
  dataset: string
  dir: string
  port: number
  tls: TlsCredentials
  local: LocalServer
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1'])

export async function startStudioServer(options: StudioServerOptions = {}): Promise<StudioServer> {
  const env = options.env ?? process.env
  const host = options.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) {
    throw new Error(`the local Studio has no login and listens on loopback only (127.0.0.1 or ::1), not ${host}`)
  }
  const projectId = options.projectId ?? 'local'
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(projectId)) throw new Error(`invalid project id ${JSON.stringify(projectId)}`)
  const resolved = resolveLocalDataset({dir: options.dir, dataset: options.dataset}, env)
  const port = options.port ?? (env.LOCAL_STUDIO_PORT ? Number(env.LOCAL_STUDIO_PORT) : DEFAULT_STUDIO_PORT)
  const studioHostname = `${projectId}.localhost`
  const tls = options.tlsFiles
    ? await readCertificateFiles(options.tlsFiles.cert, options.tlsFiles.key)
    : await loadOrCreateCertificate(path.join(resolved.dir, '.studio-local'), {
        hosts: [...DEFAULT_TLS_HOSTS, studioHostname],
      })
  const info: ProjectInfo = {
    projectId,
    datasets: [resolved.dataset],
    title: `Local: ${resolved.dataset}`,
    user: localUser(options.userName),
    createdAt: new Date().toISOString(),
  }
  const feed = new ChangeFeed({pollMs: options.pollMs, log: options.log})
  const api = createStudioApi({
    info,
    feed,
    keyValue: KeyValueStore.nextTo(resolved.dir),
    studioDir: options.studioDir ? path.resolve(options.studioDir) : undefined,
    studioHostname,
    log: options.log,
  })
  const presence = new PresenceHub(info.user.id, info.datasets)
  // The Studio cannot send LOCAL_API_TOKEN; loopback-only binding stands in for it.
  const serverEnv: NodeJS.ProcessEnv = {...env}
  delete serverEnv.LOCAL_API_TOKEN
  let local: LocalServer
  try {
    local = await startLocalServer({
      port,
      host,
      dir: resolved.dir,
      dataset: resolved.dataset,
      env: serverEnv,
      tls: {key: tls.key, cert: tls.cert},
      routes: api.routes,
      onCommit: api.onCommit,
      upgrade: (req, socket, head, url) => presence.accept(req, socket, head, url),
      log: options.log,
    })
  } catch (error) {
    presence.close()
    feed.close()
    throw error
  }
  const apiHost = `https://localhost:${local.port}`
  let closing: Promise<void> | undefined
  return {
    studioUrl: `https://${studioHostname}:${local.port}/`,
    apiHost,
    apiUrl: apiHost,
    projectId,
    dataset: resolved.dataset,
    dir: resolved.dir,
    port: local.port,
    tls,
    local,
    close() {
      closing ??= (async () => {
        api.close()
        presence.close()
        await local.close()
      })()
      return closing
    },
  }
}
