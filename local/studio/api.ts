import {HttpError, sendJson, type LocalCommit, type LocalRequest, type LocalResponse, type LocalRouteContext, type LocalRoutes} from '../server'
import {applyActions, parseActionsRequest} from './actions'
import type {ChangeFeed} from './change-feed'
import {currentUser, datasetAcl, datasets, project, projectGrants, usersById, type ProjectInfo} from './identity'
import {KeyValueError, parsePairs, type KeyValueStore} from './keyvalue'
import {serveListen} from './listen'
import {serveStudioFile} from './static'

/**
 * The part of Sanity's HTTP API the Studio needs beyond query/mutate/doc:
 * identity, project and access control, user settings, listeners and
 * document actions. Endpoints for features a local project does not have
 * (releases, comments, tasks, scheduled publishing, history, telemetry,
 * upsells) answer as Sanity does when the feature is off.
 */

export interface StudioApiOptions {
  info: ProjectInfo
  feed: ChangeFeed
  keyValue: KeyValueStore
  /** `sanity build` output to serve for non-API paths; none means API only. */
  studioDir?: string
  /** Host name the Studio page must be opened on (same origin as the API), e.g. `local.localhost`. */
  studioHostname?: string
  queryTimeoutMs?: number
  log?: (line: string) => void
}

export interface StudioApi {
  routes: LocalRoutes
  /** For the local server's `onCommit`: announce `data/mutate` transactions to listeners. */
  onCommit(commit: LocalCommit): void
  /** Ends open event streams (before the server closes). */
  close(): void
}

const API_PATH = /^\/v(1|X|\d{4}-\d{2}-\d{2})\/(.*)$/
const TRANSACTION_ID = /^[A-Za-z0-9._-]{1,128}$/

function segments(rest: string): string[] {
  try {
    return rest.split('/').map((part) => decodeURIComponent(part))
  } catch {
    throw new HttpError(400, 'Malformed path')
  }
}

function requireMethod(req: LocalRequest, ...allowed: string[]): void {
  if (!allowed.includes(req.method ?? 'GET')) {
    throw new HttpError(405, `Method ${req.method ?? ''} not allowed`, {Allow: allowed.join(', ')})
  }
}

function hostnameOf(req: LocalRequest): string | undefined {
  const authority = req.headers[':authority']
  const host = req.headers.host ?? (typeof authority === 'string' ? authority : undefined)
  if (!host) return undefined
  try {
    return new URL(`http://${host}`).hostname
  } catch {
    return undefined
  }
}

/**
 * Document history is not recorded locally: the answers of a project whose
 * history retention has run out. The Studio then shows no past revisions and
 * no "changes" entries, and everything else works.
 */
function serveEmptyHistory(req: LocalRequest, res: LocalResponse, rest: string[]): void {
  requireMethod(req, 'GET', 'HEAD')
  const [kind] = rest
  if (kind === 'transactions') {
    // An NDJSON stream of transactions: none.
    res.writeHead(200, {'Content-Type': 'application/x-ndjson', 'Content-Length': '0', 'Cache-Control': 'no-store'})
    res.end()
  } else if (kind === 'events') {
    sendJson(res, 200, {events: {}, nextCursor: ''})
  } else if (kind === 'documents') {
    throw new HttpError(404, 'No history is recorded for the local dataset, so no earlier revision can be found')
  } else {
    throw new HttpError(404, `No route for history/${rest.join('/')}`)
  }
}

export function createStudioApi(options: StudioApiOptions): StudioApi {
  const {info, feed, keyValue} = options
  const streams = new Set<() => void>()
  const register = (end: () => void): (() => void) => {
    streams.add(end)
    return () => streams.delete(end)
  }

  async function handleActions(req: LocalRequest, res: LocalResponse, ctx: LocalRouteContext, dataset: string): Promise<void> {
    requireMethod(req, 'POST')
    ctx.requireAuth('run document actions')
    const store = await ctx.store(dataset)
    const request = parseActionsRequest(await ctx.readJson(), ctx.url.searchParams.get('transactionId'))
    if (request.transactionId !== undefined && !TRANSACTION_ID.test(request.transactionId)) {
      throw new HttpError(400, 'Malformed transactionId')
    }
    let before: Awaited<ReturnType<typeof store.read>> | undefined
    const outcome = await store.transactDetailed(
      async (docs) => {
        // Under the lock this is the snapshot the transaction started from.
        if (!request.dryRun) before = await store.read()
        await applyActions(docs, request.actions, {queryTimeoutMs: options.queryTimeoutMs})
      },
      {rev: request.transactionId, dryRun: request.dryRun},
    )
    if (before && (outcome.changed.length > 0 || outcome.deleted.length > 0)) {
      feed.publishCommit(
        {
          dataset,
          transactionId: outcome.rev,
          timestamp: outcome.timestamp,
          before,
          after: outcome.snapshot,
          changed: outcome.changed,
          deleted: outcome.deleted,
        },
        info.user.id,
      )
    }
    sendJson(res, 200, {transactionId: outcome.rev})
  }

  async function handleKeyValue(req: LocalRequest, res: LocalResponse, ctx: LocalRouteContext, keys: string | undefined): Promise<void> {
    try {
      if (req.method === 'GET' && keys) {
        sendJson(res, 200, await keyValue.get(info.user.id, keys.split(',').filter(Boolean)))
        return
      }
      if ((req.method === 'PUT' || req.method === 'POST') && !keys) {
        let body: unknown
        try {
          body = JSON.parse(await ctx.readText())
        } catch {
          throw new HttpError(400, 'Request body is not valid JSON')
        }
        sendJson(res, 200, await keyValue.set(info.user.id, parsePairs(body)))
        return
      }
    } catch (error) {
      if (error instanceof KeyValueError) throw new HttpError(400, error.message)
      throw error
    }
    throw new HttpError(405, `Method ${req.method ?? ''} not allowed`, {Allow: keys ? 'GET' : 'PUT'})
  }

  /** Endpoints under /v…/ that are not data endpoints; undefined when unknown. */
  async function handleApi(
    req: LocalRequest,
    res: LocalResponse,
    ctx: LocalRouteContext,
    parts: string[],
  ): Promise<boolean> {
    const [first = '', second, third, fourth, fifth, sixth] = parts
    const method = req.method ?? 'GET'
    const projectMatches = (id: string | undefined): boolean => {
      if (id !== info.projectId) throw new HttpError(404, `Project "${id ?? ''}" not found`)
      return true
    }
    switch (first) {
      case 'ping':
        sendJson(res, 200, {message: 'PONG'})
        return true
      case 'users':
        if (second === 'me' && third === 'keyvalue') {
          await handleKeyValue(req, res, ctx, fourth)
          return true
        }
        requireMethod(req, 'GET', 'HEAD')
        if (second === 'me' && third === undefined) {
          sendJson(res, 200, currentUser(info))
          return true
        }
        if (second && third === undefined) {
          sendJson(res, 200, usersById(info, second.split(',')))
          return true
        }
        return false
      case 'auth':
        if (second === 'id') sendJson(res, 200, {id: info.user.id})
        else if (second === 'providers') sendJson(res, 200, {thirdPartyLogin: false, sso: false, providers: []})
        // Nobody to log out: the local user is the only one.
        else if (second === 'logout') sendJson(res, 200, {ok: true})
        else return false
        return true
      case 'datasets':
        // The project's datasets, as `client.datasets.list()` asks (Vision's dataset menu).
        requireMethod(req, 'GET', 'HEAD')
        if (second !== undefined) return false
        sendJson(res, 200, datasets(info))
        return true
      case 'features':
        // No paid features: releases, comments, tasks, scheduled publishing all stay off.
        sendJson(res, 200, [])
        return true
      case 'projects': {
        projectMatches(second)
        requireMethod(req, 'GET', 'HEAD')
        if (third === undefined) sendJson(res, 200, project(info))
        else if (third === 'datasets' && fourth === undefined) {
          // The comments add-on dataset does not exist.
          sendJson(res, 200, ctx.url.searchParams.has('datasetProfile') ? [] : datasets(info))
        } else if (third === 'datasets' && fourth && fifth === 'acl' && sixth === undefined) {
          await ctx.store(fourth)
          sendJson(res, 200, datasetAcl())
        } else if (third === 'grants') sendJson(res, 200, projectGrants())
        else if (third === 'roles') sendJson(res, 200, info.user.roles)
        else if (third === 'user-applications') sendJson(res, 200, [])
        else if (third === 'features') sendJson(res, 200, [])
        else return false
        return true
      }
      case 'journey':
        // Upsells, trials and announcements: nothing to show.
        sendJson(res, 200, method === 'GET' ? null : {})
        return true
      case 'descriptors':
        // Schema descriptors feed Sanity's cloud services; locally there is nothing to sync.
        requireMethod(req, 'POST')
        await ctx.readText()
        sendJson(res, 200, second === 'claim' ? {synchronization: {type: 'complete'}} : {type: 'complete'})
        return true
      case 'intake':
        // Telemetry: never collected locally.
        if (second === 'telemetry-status') sendJson(res, 200, {status: 'denied'})
        else {
          await ctx.readText()
          sendJson(res, 200, {})
        }
        return true
      case 'access':
        // Access requests go to project administrators; there are none to ask.
        sendJson(res, 200, [])
        return true
      case 'schedules':
        // Scheduled publishing is a paid feature; a project without it has no schedules.
        if (method !== 'GET') throw new HttpError(403, 'Scheduled publishing is not enabled for this project')
        sendJson(res, 200, {schedules: []})
        return true
      case 'help':
        // Help links and the "new version available" check come from sanity.io; nothing offline.
        // No sections: the Studio shows its built-in fallback links.
        sendJson(res, 200, {})
        return true
      case 'comments':
        throw new HttpError(403, 'Comments are not enabled for this project')
      default:
        return false
    }
  }

  async function handleData(
    req: LocalRequest,
    res: LocalResponse,
    ctx: LocalRouteContext,
    parts: string[],
  ): Promise<boolean> {
    const [, endpoint, dataset = '', ...rest] = parts
    switch (endpoint) {
      case 'ping':
        sendJson(res, 200, {message: 'PONG'})
        return true
      case 'listen': {
        if (rest.length > 0) return false
        const store = await ctx.store(dataset)
        await feed.attach(store)
        await serveListen(req, res, ctx.url, {
          feed,
          dataset,
          authorized: ctx.authorized,
          identity: info.user.id,
          register,
        })
        return true
      }
      case 'actions':
        if (rest.length > 0) return false
        await handleActions(req, res, ctx, dataset)
        return true
      case 'references':
        // Cross-dataset references: a local dataset has none.
        await ctx.store(dataset)
        sendJson(res, 200, {totalCount: 0, references: []})
        return true
      case 'history':
        await ctx.store(dataset)
        serveEmptyHistory(req, res, rest)
        return true
      default:
        return false
    }
  }

  const routes: LocalRoutes = async (req, res, ctx) => {
    const match = API_PATH.exec(ctx.url.pathname)
    if (!match) {
      if (!options.studioDir || (req.method !== 'GET' && req.method !== 'HEAD')) return false
      // The Studio must run on the API's origin: cookies, and no CORS round trips.
      const hostname = hostnameOf(req)
      if (options.studioHostname && hostname !== options.studioHostname) {
        const authority = req.headers[':authority']
        const host = req.headers.host ?? (typeof authority === 'string' ? authority : '')
        const port = /:(\d+)$/.exec(host)?.[1]
        const location = `https://${options.studioHostname}${port ? `:${port}` : ''}${ctx.url.pathname}${ctx.url.search}`
        res.writeHead(308, {Location: location, 'Content-Length': '0'})
        res.end()
        return true
      }
      return serveStudioFile(options.studioDir, req, res, ctx.url.pathname)
    }
    const parts = segments(match[2] ?? '')
    if (parts[0] === 'data') return handleData(req, res, ctx, parts)
    return handleApi(req, res, ctx, parts)
  }

  return {
    routes,
    onCommit(commit) {
      feed.publishCommit(commit, info.user.id)
    },
    close() {
      for (const end of [...streams]) end()
      feed.close()
    },
  }
}
