import {randomBytes, X509Certificate} from 'node:crypto'
import {mkdtemp, mkdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {connect, constants, type ClientHttp2Session, type IncomingHttpHeaders} from 'node:http2'
import os from 'node:os'
import path from 'node:path'
import {connect as tlsConnect, type TLSSocket} from 'node:tls'
import {Mutation} from '@sanity/mutator'
import {applyPatch} from 'mendoza'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DatasetStore, type SanityDocument} from '../local/dataset-store'
import {diffDocuments, withoutRev} from '../local/studio/mendoza'
import {startStudioServer, type StudioServer} from '../local/studio/studio-server'
import {createSelfSignedCertificate} from '../local/studio/tls'
import {resolveApiHost} from '../studio/env'

/**
 * The Studio API of the local endpoint, spoken to over HTTP/2 the way the
 * Studio does: identity, access control, settings, listeners and actions.
 * (The browser test drives the real Studio through the same endpoints.)
 */

const DATASET = 'production'
const ARTICLE: SanityDocument = {
  _id: 'article.one',
  _type: 'article',
  title: '浙江富阳生态环境部门考核首次跨入优秀',
  agencies: [{_type: 'reference', _ref: 'agency.fuyang', _key: 'a1'}],
  body: [
    {
      _type: 'block',
      _key: 'b1',
      style: 'normal',
      markDefs: [],
      children: [
        {_type: 'span', _key: 's1', text: '建立健全', marks: []},
        {_type: 'metric', _key: 'm1', value: 48, unit: '项', kind: 'count', approximation: 'exact', text: '48项'},
      ],
    },
  ],
}
const AGENCY: SanityDocument = {_id: 'agency.fuyang', _type: 'agency', name: '杭州市生态环境局富阳分局'}

let dir: string
let server: StudioServer
let session: ClientHttp2Session

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  text: string
  json: unknown
}

function request(
  pathname: string,
  options: {method?: string; body?: unknown; authority?: string; headers?: Record<string, string>} = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
    const stream = session.request({
      ':method': options.method ?? (payload ? 'POST' : 'GET'),
      ':path': pathname,
      ':authority': options.authority ?? `local.localhost:${server.port}`,
      ...(payload ? {'content-type': 'application/json'} : {}),
      ...options.headers,
    })
    let headers: IncomingHttpHeaders = {}
    let text = ''
    stream.setEncoding('utf8')
    stream.on('response', (h) => {
      headers = h
    })
    stream.on('data', (chunk: string) => {
      text += chunk
    })
    stream.on('end', () => {
      let json: unknown
      try {
        json = text ? JSON.parse(text) : undefined
      } catch {
        json = undefined
      }
      resolve({status: Number(headers[':status']), headers, text, json})
    })
    stream.on('error', reject)
    stream.end(payload)
  })
}

interface SseEvent {
  event: string
  id: string | undefined
  data: Record<string, unknown>
}

/** An open `data/listen` stream: events as they arrive. */
function listen(query: string, params: Record<string, unknown> = {}, options: Record<string, string> = {}, lastEventId?: string) {
  const search = new URLSearchParams({query, ...options})
  for (const [key, value] of Object.entries(params)) search.append(`$${key}`, JSON.stringify(value))
  const stream = session.request({
    ':path': `/v2025-02-19/data/listen/${DATASET}?${search}`,
    ':authority': `local.localhost:${server.port}`,
    accept: 'text/event-stream',
    ...(lastEventId ? {'last-event-id': lastEventId} : {}),
  })
  const events: SseEvent[] = []
  const waiters: (() => void)[] = []
  let buffer = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    buffer += chunk
    let end = buffer.indexOf('\n\n')
    while (end !== -1) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      end = buffer.indexOf('\n\n')
      let event = 'message'
      let id: string | undefined
      let data = ''
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7)
        else if (line.startsWith('id: ')) id = line.slice(4)
        else if (line.startsWith('data: ')) data += line.slice(6)
      }
      if (!data) continue
      events.push({event, id, data: JSON.parse(data) as Record<string, unknown>})
      for (const wake of waiters.splice(0)) wake()
    }
  })
  return {
    events,
    async next(count: number, timeoutMs = 5000): Promise<SseEvent[]> {
      const deadline = Date.now() + timeoutMs
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${JSON.stringify(events)}`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 100)
        })
      }
      return events.slice(0, count)
    },
    close(): void {
      stream.close(constants.NGHTTP2_CANCEL)
    },
  }
}

async function action(actions: unknown[], transactionId?: string): Promise<Reply> {
  return request(`/v2025-02-19/data/actions/${DATASET}`, {body: {actions, ...(transactionId ? {transactionId} : {})}})
}

async function stored(): Promise<Map<string, SanityDocument>> {
  const store = new DatasetStore({dir, dataset: DATASET})
  return new Map((await store.read()).docs)
}

async function startServer(): Promise<void> {
  server = await startStudioServer({dir, dataset: DATASET, port: 0, pollMs: 100})
  session = connect(`https://127.0.0.1:${server.port}`, {ca: server.tls.cert, servername: 'localhost'})
}

async function stopServer(): Promise<void> {
  session.close()
  await server.close()
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-local-api-'))
  await mkdir(dir, {recursive: true})
  await writeFile(path.join(dir, `${DATASET}.ndjson`), `${JSON.stringify(AGENCY)}\n${JSON.stringify({...ARTICLE, _rev: 'r0'})}\n`)
  await startServer()
})

afterAll(async () => {
  await stopServer()
  await rm(dir, {recursive: true, force: true})
})

describe('transport', () => {
  it('speaks HTTP/2 over TLS with a certificate for localhost and *.localhost', async () => {
    const reply = await request('/v2025-02-19/ping')
    expect(reply.status).toBe(200)
    expect(session.alpnProtocol).toBe('h2')
    const cert = new X509Certificate(server.tls.cert)
    expect(cert.checkHost('local.localhost')).toBe('local.localhost')
    expect(cert.checkHost('localhost')).toBe('localhost')
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(cert.verify(cert.publicKey)).toBe(true)
    // The key is kept next to the dataset, readable by its owner only.
    const keyFile = server.tls.files?.key ?? ''
    expect((await stat(keyFile)).mode & 0o077).toBe(0)
  })

  it('builds certificates from node:crypto alone, valid for a year', () => {
    const created = createSelfSignedCertificate({hosts: ['example.localhost', '::1'], now: new Date('2030-01-01T00:00:00Z')})
    const cert = new X509Certificate(created.cert)
    expect(cert.subjectAltName).toBe('DNS:example.localhost, IP Address:0:0:0:0:0:0:0:1')
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(new Date('2030-01-01T00:00:00Z').getTime())
    expect(created.validTo.toISOString()).toBe('2031-01-01T00:00:00.000Z')
  })

  it('refuses foreign hosts and origins (DNS rebinding, other sites)', async () => {
    expect((await request('/v2025-02-19/users/me', {authority: `evil.example:${server.port}`})).status).toBe(403)
    const foreign = await request('/v2025-02-19/users/me', {headers: {origin: 'https://evil.example'}})
    expect(foreign.status).toBe(403)
    const local = await request('/v2025-02-19/users/me', {headers: {origin: `https://local.localhost:${server.port}`}})
    expect(local.status).toBe(200)
    expect(local.headers['access-control-allow-origin']).toBe(`https://local.localhost:${server.port}`)
    expect(local.headers['access-control-allow-credentials']).toBe('true')
  })

  it('only listens on loopback', async () => {
    await expect(startStudioServer({dir, dataset: DATASET, port: 0, host: '0.0.0.0'})).rejects.toThrow(/loopback/)
  })

  it('derives the Studio API host from the page when built with same-origin', () => {
    const location = {protocol: 'https:', host: `local.localhost:${server.port}`}
    expect(resolveApiHost('same-origin', 'local', location)).toBe(server.apiHost)
    expect(resolveApiHost('https://api.example.com', 'local', location)).toBe('https://api.example.com')
    expect(resolveApiHost(undefined, 'local', location)).toBeUndefined()
    expect(resolveApiHost('same-origin', 'local', undefined)).toBeUndefined()
  })
})

describe('identity, project and settings', () => {
  it('has one local administrator', async () => {
    const me = (await request('/v2025-02-19/users/me')).json as {id: string; role: string; roles: {name: string}[]}
    expect(me.id).toBe('localEditor')
    expect(me.role).toBe('administrator')
    expect(me.roles.map((r) => r.name)).toEqual(['administrator'])
    const user = (await request('/v2021-06-07/users/localEditor')).json as {id: string; displayName: string}
    expect(user.id).toBe('localEditor')
    expect((await request('/v2021-06-07/users/someoneElse')).json).toBeNull()
  })

  it('describes the project and grants everything on the dataset', async () => {
    const project = (await request('/v2021-12-15/projects/local')).json as {id: string; members: {id: string}[]}
    expect(project.id).toBe('local')
    expect(project.members.map((m) => m.id)).toEqual(['localEditor'])
    expect((await request('/v2021-12-15/projects/local/datasets')).json).toMatchObject([{name: DATASET}])
    const acl = (await request(`/v2021-06-07/projects/local/datasets/${DATASET}/acl`)).json as {permissions: string[]}[]
    expect(acl[0]?.permissions.sort()).toEqual(['create', 'history', 'read', 'update'])
    expect((await request('/v2021-06-07/projects/other/datasets/x/acl')).status).toBe(404)
    expect((await request('/v2021-06-07/projects/local/datasets/missing/acl')).status).toBe(404)
  })

  it('answers switched-off features the way Sanity does', async () => {
    expect((await request('/v2025-02-19/features')).json).toEqual([])
    expect((await request('/v2025-02-19/journey/trial')).json).toBeNull()
    expect((await request(`/v2025-02-19/schedules/local/${DATASET}?limit=1`)).json).toEqual({schedules: []})
    expect((await request('/v2025-02-19/descriptors/claim', {body: {descriptorId: 'x'}})).json).toEqual({
      synchronization: {type: 'complete'},
    })
    const events = await request(`/v2025-02-19/data/history/${DATASET}/events/documents/article.one?limit=100`)
    expect(events.json).toEqual({events: {}, nextCursor: ''})
    const transactions = await request(`/v2025-02-19/data/history/${DATASET}/transactions/article.one`)
    expect(transactions.status).toBe(200)
    expect(transactions.text).toBe('')
    const release = await action([{actionType: 'sanity.action.release.create', releaseId: 'r1'}])
    expect(release.status).toBe(400)
    expect(JSON.stringify(release.json)).toContain('featureDisabledError')
  })

  it('keeps user settings in a JSON file that survives a restart', async () => {
    const put = await request('/v2025-02-19/users/me/keyvalue', {
      method: 'PUT',
      body: [{key: 'studio.structure-tool.pane-layout', value: {width: 320}}],
    })
    expect(put.json).toEqual([{key: 'studio.structure-tool.pane-layout', value: {width: 320}}])
    await stopServer()
    await startServer()
    const got = await request('/v2025-02-19/users/me/keyvalue/studio.structure-tool.pane-layout,missing.key')
    expect(got.json).toEqual([
      {key: 'studio.structure-tool.pane-layout', value: {width: 320}},
      {key: 'missing.key', value: null},
    ])
    const file = JSON.parse(await readFile(path.join(dir, 'studio-keyvalue.json'), 'utf8')) as {users: Record<string, unknown>}
    expect(file.users.localEditor).toEqual({'studio.structure-tool.pane-layout': {width: 320}})
    expect((await request('/v2025-02-19/users/me/keyvalue/bad%20key')).status).toBe(400)
  })
})

describe('listen and actions', () => {
  it('edits create the draft from the published document; publish replaces it; listeners see each step', async () => {
    const pair = listen('*[_id in $ids]', {ids: ['article.one', 'drafts.article.one']}, {
      includeResult: 'false',
      effectFormat: 'mendoza',
      enableResume: 'true',
    })
    const [welcome] = await pair.next(1)
    expect(welcome?.event).toBe('welcome')
    expect(welcome?.data.listenerName).toEqual(expect.any(String))

    // What the Studio sends when the first keystroke lands in the title.
    const edit = await action(
      [
        {
          actionType: 'sanity.action.document.edit',
          draftId: 'drafts.article.one',
          publishedId: 'article.one',
          patch: {set: {title: '浙江富阳生态环境部门考核首次跨入优秀（修订）'}},
        },
      ],
      'tx-edit-1',
    )
    expect(edit.json).toEqual({transactionId: 'tx-edit-1'})
    let docs = await stored()
    expect(docs.get('drafts.article.one')).toMatchObject({title: '浙江富阳生态环境部门考核首次跨入优秀（修订）', _rev: 'tx-edit-1'})
    expect(docs.get('article.one')?.title).toBe(ARTICLE.title)

    const [, created] = await pair.next(2)
    expect(created?.event).toBe('mutation')
    expect(created?.data).toMatchObject({
      documentId: 'drafts.article.one',
      transactionId: 'tx-edit-1',
      resultRev: 'tx-edit-1',
      identity: 'localEditor',
      transition: 'appear',
      transactionTotalEvents: 1,
      transactionCurrentEvent: 0,
      visibility: 'query',
    })
    expect(created?.data.previousRev).toBeUndefined()
    expect(created?.data.result).toBeUndefined()
    // Mutations and effects both rebuild the stored draft exactly.
    const draft = docs.get('drafts.article.one')
    const fromMutations = new Mutation({
      mutations: created?.data.mutations as ConstructorParameters<typeof Mutation>[0]['mutations'],
      transactionId: 'tx-edit-1',
      resultRev: 'tx-edit-1',
      timestamp: String(created?.data.timestamp),
    }).apply(null) as SanityDocument
    expect(fromMutations).toEqual(draft)
    const effects = created?.data.effects as {apply: unknown[]; revert: unknown[]}
    expect(applyPatch(null, effects.apply)).toEqual(withoutRev(draft))
    expect(effects.revert).toEqual([0, null])

    const publish = await action(
      [
        {
          actionType: 'sanity.action.document.publish',
          draftId: 'drafts.article.one',
          publishedId: 'article.one',
          ifPublishedRevisionId: 'r0',
        },
      ],
      'tx-publish-1',
    )
    expect(publish.status).toBe(200)
    docs = await stored()
    expect(docs.has('drafts.article.one')).toBe(false)
    expect(docs.get('article.one')).toMatchObject({title: '浙江富阳生态环境部门考核首次跨入优秀（修订）', _rev: 'tx-publish-1'})

    const events = (await pair.next(4)).slice(2)
    expect(events.map((e) => [e.data.documentId, e.data.transition, e.data.transactionTotalEvents])).toEqual([
      ['article.one', 'update', 2],
      ['drafts.article.one', 'disappear', 2],
    ])
    const published = events[0]?.data
    const before = {...ARTICLE, _rev: 'r0'}
    const patch = (published?.effects as {apply: unknown[]}).apply
    expect({...applyPatch(withoutRev(before), patch), _rev: published?.resultRev}).toEqual(docs.get('article.one'))
    expect(events[1]?.data.effects).toMatchObject({apply: [0, null]})
    pair.close()
  })

  it('filters by the listener query, before and after the change', async () => {
    const agencies = listen('*[_type == "agency"]', {}, {includeResult: 'true'})
    const articles = listen('*[_type == $type && defined(summary)]', {type: 'article'}, {includeResult: 'true'})
    await agencies.next(1)
    await articles.next(1)
    await action([
      {
        actionType: 'sanity.action.document.edit',
        draftId: 'drafts.article.one',
        publishedId: 'article.one',
        patch: {set: {title: '另一个标题'}},
      },
    ])
    // The draft is new and does not match: only a change that matched before or after is sent.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(articles.events).toHaveLength(1)
    expect(agencies.events).toHaveLength(1)
    await action([{actionType: 'sanity.action.document.discard', draftId: 'drafts.article.one'}])
    await action([
      {
        actionType: 'sanity.action.document.edit',
        draftId: 'drafts.article.one',
        publishedId: 'article.one',
        patch: {set: {summary: '摘要'}},
      },
    ])
    const [, appeared] = await articles.next(2)
    expect(appeared?.data).toMatchObject({documentId: 'drafts.article.one', transition: 'appear'})
    expect((appeared?.data.result as SanityDocument).summary).toBe('摘要')
    await action([
      {actionType: 'sanity.action.document.edit', draftId: 'drafts.article.one', publishedId: 'article.one', patch: {unset: ['summary']}},
    ])
    const [, , disappeared] = await articles.next(3)
    expect(disappeared?.data).toMatchObject({documentId: 'drafts.article.one', transition: 'disappear'})
    expect(agencies.events).toHaveLength(1)
    agencies.close()
    articles.close()
  })

  it('announces mutate requests and writes by other processes (an import)', async () => {
    const all = listen('*', {}, {effectFormat: 'mendoza'})
    await all.next(1)
    const mutate = await request(`/v2025-02-19/data/mutate/${DATASET}?transactionId=tx-mutate`, {
      body: {mutations: [{patch: {id: 'agency.fuyang', set: {shortName: '富阳分局'}}}]},
    })
    expect(mutate.status).toBe(200)
    const [, viaMutate] = await all.next(2)
    expect(viaMutate?.data).toMatchObject({documentId: 'agency.fuyang', transactionId: 'tx-mutate', identity: 'localEditor'})

    // Another process writes the file directly, as the import CLI does.
    const other = new DatasetStore({dir, dataset: DATASET})
    await other.transact(
      (docs) => {
        docs.set('agency.new', {_id: 'agency.new', _type: 'agency', name: '富阳区人民政府'})
        docs.delete('agency.fuyang')
      },
      {rev: 'tx-import'},
    )
    const external = (await all.next(4)).slice(2)
    expect(external.map((e) => [e.data.documentId, e.data.transition, e.data.identity])).toEqual([
      ['agency.new', 'appear', '<system>'],
      ['agency.fuyang', 'disappear', '<system>'],
    ])
    expect(external[0]?.data.transactionId).toBe('tx-import')
    all.close()
  })

  it('resumes a listener from its last event, or resets when it cannot', async () => {
    const first = listen('*[_type == "article"]', {}, {enableResume: 'true'})
    const [welcome] = await first.next(1)
    first.close()
    await action([
      {
        actionType: 'sanity.action.document.edit',
        draftId: 'drafts.article.one',
        publishedId: 'article.one',
        patch: {set: {period: '2019'}},
      },
    ])
    const resumed = listen('*[_type == "article"]', {}, {enableResume: 'true'}, welcome?.id)
    const [back, missed] = await resumed.next(2)
    expect(back?.event).toBe('welcomeback')
    expect(missed?.data).toMatchObject({documentId: 'drafts.article.one'})
    resumed.close()
    const stale = listen('*[_type == "article"]', {}, {enableResume: 'true'}, 'deadbeef:1')
    expect((await stale.next(1))[0]?.event).toBe('reset')
    stale.close()
  })

  it('reports bad listener queries on the stream', async () => {
    const bad = listen('*[_type == ', {})
    const [error] = await bad.next(1)
    expect(error?.event).toBe('channelError')
    bad.close()
  })

  it('runs each request atomically and reports failures like Content Lake', async () => {
    const before = await stored()
    const failed = await action([
      {actionType: 'sanity.action.document.edit', draftId: 'drafts.article.one', publishedId: 'article.one', patch: {set: {title: 'x'}}},
      {actionType: 'sanity.action.document.publish', draftId: 'drafts.nothing', publishedId: 'nothing'},
    ])
    expect(failed.status).toBe(404)
    expect(failed.json).toMatchObject({error: {type: 'mutationError', items: [{index: 1, error: {type: 'documentNotFoundError'}}]}})
    expect(await stored()).toEqual(before)

    const stale = await action([
      {actionType: 'sanity.action.document.publish', draftId: 'drafts.article.one', publishedId: 'article.one', ifPublishedRevisionId: 'old'},
    ])
    expect(stale.status).toBe(409)
    const wrongPair = await action([
      {actionType: 'sanity.action.document.publish', draftId: 'drafts.other', publishedId: 'article.one'},
    ])
    expect(wrongPair.status).toBe(400)
  })

  it('unpublishes, creates, deletes and discards', async () => {
    await action([{actionType: 'sanity.action.document.unpublish', draftId: 'drafts.article.one', publishedId: 'article.one'}])
    let docs = await stored()
    expect(docs.has('article.one')).toBe(false)
    expect(docs.has('drafts.article.one')).toBe(true)

    const create = await action([
      {
        actionType: 'sanity.action.document.create',
        publishedId: 'article.two',
        attributes: {_id: 'drafts.article.two', _type: 'article', title: '新文章'},
        ifExists: 'fail',
      },
    ])
    expect(create.status).toBe(200)
    const again = await action([
      {
        actionType: 'sanity.action.document.create',
        publishedId: 'article.two',
        attributes: {_id: 'drafts.article.two', _type: 'article', title: '新文章'},
        ifExists: 'fail',
      },
    ])
    expect(again.status).toBe(409)
    await action([{actionType: 'sanity.action.document.publish', draftId: 'drafts.article.two', publishedId: 'article.two'}])
    await action([{actionType: 'sanity.action.document.edit', draftId: 'drafts.article.two', publishedId: 'article.two', patch: {set: {title: '改'}}}])
    // A draft exists that the request does not name: deleting would orphan it.
    const orphaning = await action([{actionType: 'sanity.action.document.delete', publishedId: 'article.two', includeDrafts: []}])
    expect(orphaning.status).toBe(409)
    await action([{actionType: 'sanity.action.document.delete', publishedId: 'article.two', includeDrafts: ['drafts.article.two']}])
    await action([{actionType: 'sanity.action.document.discard', draftId: 'drafts.article.one'}])
    // Deleting a document that was never published discards its versions; the draft is the only one.
    await action([
      {
        actionType: 'sanity.action.document.create',
        publishedId: 'article.three',
        attributes: {_id: 'drafts.article.three', _type: 'article'},
        ifExists: 'fail',
      },
    ])
    expect((await action([{actionType: 'sanity.action.document.version.discard', versionId: 'drafts.article.three'}])).status).toBe(200)
    const release = await action([
      {actionType: 'sanity.action.document.version.create', publishedId: 'article.three', document: {_id: 'versions.r1.article.three', _type: 'article'}},
    ])
    expect(JSON.stringify(release.json)).toContain('featureDisabledError')
    docs = await stored()
    expect([...docs.keys()].filter((id) => id.includes('article'))).toEqual([])
    expect((await action([{actionType: 'sanity.action.document.discard', draftId: 'drafts.article.one'}])).status).toBe(404)
  })
})

describe('mendoza effects', () => {
  it('turn one document into the other, field by field', () => {
    const from = {_id: 'a', _type: 't', title: 'x', keep: {deep: [1, 2]}, gone: true}
    const to = {_id: 'a', _type: 't', title: 'y', keep: {deep: [1, 2]}, added: ['z']}
    const patch = diffDocuments(from, to)
    expect(applyPatch(from, patch)).toEqual(to)
    expect(applyPatch(to, diffDocuments(to, from))).toEqual(from)
    // Unchanged fields are not repeated.
    expect(JSON.stringify(patch)).not.toContain('deep')
    expect(diffDocuments(null, to)).toEqual([0, to])
    expect(diffDocuments(from, null)).toEqual([0, null])
  })
})

describe('the built Studio', () => {
  it('is served on the API origin; other loopback names are sent there', async () => {
    const studioDir = path.join(dir, 'fake-build')
    await mkdir(path.join(studioDir, 'static'), {recursive: true})
    await writeFile(path.join(studioDir, 'index.html'), '<!doctype html><title>Studio</title>')
    await writeFile(path.join(studioDir, 'static', 'app-abc123.js'), 'console.log(1)')
    await writeFile(path.join(dir, 'secret.txt'), 'not for the browser')
    const withStudio = await startStudioServer({dir, dataset: DATASET, port: 0, studioDir})
    const client = connect(`https://127.0.0.1:${withStudio.port}`, {ca: withStudio.tls.cert, servername: 'localhost'})
    const get = (p: string, authority = `local.localhost:${withStudio.port}`) =>
      new Promise<{status: number; headers: IncomingHttpHeaders; body: string}>((resolve, reject) => {
        const stream = client.request({':path': p, ':authority': authority})
        let headers: IncomingHttpHeaders = {}
        let body = ''
        stream.setEncoding('utf8')
        stream.on('response', (h) => (headers = h))
        stream.on('data', (c: string) => (body += c))
        stream.on('end', () => resolve({status: Number(headers[':status']), headers, body}))
        stream.on('error', reject)
        stream.end()
      })
    try {
      expect((await get('/')).body).toContain('<title>Studio</title>')
      // The Studio routes in the browser: every page is index.html.
      expect((await get('/structure/articles;article.one')).body).toContain('<title>Studio</title>')
      const asset = await get('/static/app-abc123.js')
      expect(asset.headers['content-type']).toContain('javascript')
      expect(asset.headers['cache-control']).toContain('immutable')
      expect((await get('/../secret.txt')).body).not.toContain('not for the browser')
      expect((await get('/%2e%2e/secret.txt')).body).not.toContain('not for the browser')
      const redirect = await get('/structure', `127.0.0.1:${withStudio.port}`)
      expect(redirect.status).toBe(308)
      expect(redirect.headers.location).toBe(`https://local.localhost:${withStudio.port}/structure`)
    } finally {
      client.close()
      await withStudio.close()
    }
  })
})

/** A bare WebSocket client over TLS (Node 20 has none built in): handshake, masked text frames. */
async function openSocket(origin: string | undefined): Promise<{status: number; messages: string[]; send(text: string): void; close(): void}> {
  const socket: TLSSocket = tlsConnect({host: '127.0.0.1', port: server.port, ca: server.tls.cert, servername: 'localhost', ALPNProtocols: ['http/1.1']})
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve)
    socket.once('error', reject)
  })
  socket.write(
    [
      `GET /v2022-06-30/socket/${DATASET}?tag=sanity.studio HTTP/1.1`,
      `Host: local.localhost:${server.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      ...(origin ? [`Origin: ${origin}`] : []),
      '',
      '',
    ].join('\r\n'),
  )
  const messages: string[] = []
  let buffer = Buffer.alloc(0)
  let status = 0
  await new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      if (status === 0) {
        const end = buffer.indexOf('\r\n\r\n')
        if (end === -1) return
        status = Number(/^HTTP\/1\.1 (\d{3})/.exec(buffer.subarray(0, end).toString())?.[1])
        buffer = buffer.subarray(end + 4)
        resolve()
      }
      // Server frames are unmasked; these are all short text frames.
      while (buffer.length >= 2) {
        const length = (buffer[1] ?? 0) & 0x7f
        const offset = length === 126 ? 4 : 2
        const size = length === 126 ? buffer.readUInt16BE(2) : length
        if (buffer.length < offset + size) break
        messages.push(buffer.subarray(offset, offset + size).toString('utf8'))
        buffer = buffer.subarray(offset + size)
      }
    })
    socket.on('close', () => resolve())
  })
  return {
    status,
    messages,
    send(text: string) {
      const payload = Buffer.from(text, 'utf8')
      const mask = randomBytes(4)
      const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff])
      const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)))
      socket.write(Buffer.concat([header, mask, masked]))
    },
    close() {
      socket.destroy()
    },
  }
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('presence', () => {
  it('relays each Studio session to the others over the WebSocket channel', async () => {
    const origin = `https://local.localhost:${server.port}`
    const a = await openSocket(origin)
    const b = await openSocket(origin)
    expect(a.status).toBe(101)
    // A heartbeat says the channel is up.
    await eventually(() => a.messages.includes('\u2665'), 'a heartbeat')
    const rpc = (method: string, params: Record<string, unknown>, id: string) => JSON.stringify({jsonrpc: '2.0', method, params: {...params, apiVersion: 'v1'}, id})
    b.send(rpc('presence_subscribe', {}, 'sub-1'))
    await eventually(() => b.messages.some((m) => m.includes('"id":"sub-1"')), 'the subscription')
    const subscription = (JSON.parse(b.messages.find((m) => m.includes('"id":"sub-1"')) ?? '{}') as {result: string}).result
    a.send(rpc('presence_announce', {data: {sessionId: 'session-a', locations: [{type: 'document', documentId: 'article.one', path: ['title'], lastActiveAt: '2026-01-01T00:00:00Z'}]}}, 'announce-1'))
    await eventually(() => a.messages.some((m) => m.includes('"id":"announce-1"')), 'the announce reply')
    await eventually(() => b.messages.some((m) => m.includes('presence_subscription')), 'the state event')
    const state = JSON.parse(b.messages.find((m) => m.includes('presence_subscription')) ?? '{}') as {params: {subscription: string; result: {type: string; i: string; m: {sessionId: string}}}}
    expect(state.params.subscription).toBe(subscription)
    expect(state.params.result).toMatchObject({type: 'state', i: 'localEditor', m: {sessionId: 'session-a'}})
    // Closing the tab tells the others.
    a.close()
    await eventually(() => b.messages.some((m) => m.includes('"type":"disconnect"')), 'the disconnect event')
    b.close()
  })

  it('refuses WebSocket connections without a local Origin', async () => {
    expect((await openSocket(undefined)).status).toBe(403)
    expect((await openSocket('https://evil.example')).status).toBe(403)
  })
})
