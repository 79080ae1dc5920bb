import {request as httpRequest} from 'node:http'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {createClient, type SanityClient} from '@sanity/client'
import fc from 'fast-check'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityDocument} from '../local/dataset-store'
import {DatasetView, evaluatePlain, QueryTimeoutError, runQuery} from '../local/groq'
import {startLocalServer, type LocalServer} from '../local/server'

const TOKEN = 'test-token-do-not-use'
const DATASET = 'test'

let dir: string
let server: LocalServer
let writer: SanityClient
let reader: SanityClient

function clientFor(target: LocalServer, token?: string, dataset = DATASET): SanityClient {
  return createClient({
    projectId: 'local',
    dataset,
    apiHost: target.url,
    useProjectHostname: false,
    apiVersion: '2025-02-19',
    useCdn: false,
    maxRetries: 0,
    ...(token ? {token} : {}),
  })
}

interface MutationResultLike {
  id: string
  operation: string
}

interface ErrorLike {
  statusCode?: number
  message: string
  responseBody?: string
  details?: unknown
}

async function failure(promise: Promise<unknown>): Promise<ErrorLike> {
  try {
    await promise
  } catch (error) {
    return error as ErrorLike
  }
  throw new Error('expected the request to fail')
}

async function api(
  pathname: string,
  init: RequestInit = {},
): Promise<{status: number; body: unknown; headers: Headers}> {
  const response = await fetch(`${server.url}${pathname}`, init)
  const text = await response.text()
  return {status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers}
}

/** node:http, because fetch will not send a custom Host header. */
function rawRequest(options: {
  path: string
  method?: string
  headers?: Record<string, string>
}): Promise<{status: number; headers: Record<string, unknown>; body: string}> {
  const url = new URL(server.url)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body}))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

const agencies: SanityDocument[] = [
  {_id: 'agency.finance', _type: 'agency', name: '财政局', slug: {_type: 'slug', current: 'cai-zheng-ju'}},
  {_id: 'agency.education', _type: 'agency', name: '教育局', slug: {_type: 'slug', current: 'jiao-yu-ju'}},
]

function articleDoc(n: number, extra: Record<string, unknown> = {}): SanityDocument {
  return {
    _id: `article.a${n}`,
    _type: 'article',
    title: `报告 ${n}`,
    slug: {_type: 'slug', current: `bao-gao-${n}`},
    views: n,
    agencies: [{_type: 'reference', _key: `k${n}`, _ref: n % 2 ? 'agency.finance' : 'agency.education'}],
    ...extra,
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'local-server-'))
  server = await startLocalServer({port: 0, dir, dataset: DATASET, token: TOKEN})
  writer = clientFor(server, TOKEN)
  reader = clientFor(server)
  const tx = writer.transaction()
  for (const doc of [...agencies, articleDoc(1), articleDoc(2), articleDoc(3)])
    tx.createOrReplace(doc as SanityDocument & {_id: string})
  tx.createOrReplace({...articleDoc(1, {title: '报告 1（草稿）'}), _id: 'drafts.article.a1'})
  tx.createOrReplace({...articleDoc(9, {title: '只有草稿'}), _id: 'drafts.article.a9'})
  await tx.commit()
})

afterAll(async () => {
  await server?.close()
  await rm(dir, {recursive: true, force: true})
})

describe('server basics', () => {
  it('binds to 127.0.0.1 by default', () => {
    expect(server.host).toBe('127.0.0.1')
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.port).toBeGreaterThan(0)
  })

  it('answers unknown routes with 404 in Sanity’s shape', async () => {
    const {status, body} = await api('/v2025-02-19/nope')
    expect(status).toBe(404)
    expect(body).toMatchObject({error: 'Not Found', statusCode: 404})
    expect((body as {message: string}).message).toContain('/v2025-02-19/nope')
  })

  it('answers an unknown dataset with 404', async () => {
    const error = await failure(clientFor(server, TOKEN, 'nope').fetch('*[0]'))
    expect(error.statusCode).toBe(404)
    expect(error.message).toContain('Dataset "nope" not found')
    expect((await api('/v2025-02-19/data/query/Bad..Name?query=1')).status).toBe(404)
  })

  it('rejects bad JSON with 400', async () => {
    const {status, body} = await api(`/v2025-02-19/data/mutate/${DATASET}`, {
      method: 'POST',
      headers: {Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json'},
      body: '{"mutations": [',
    })
    expect(status).toBe(400)
    expect(body).toMatchObject({error: 'Bad Request', statusCode: 400})
  })

  it('rejects bodies over maxBodyBytes with 413', async () => {
    const small = await startLocalServer({port: 0, dir, dataset: DATASET, token: TOKEN, maxBodyBytes: 2048})
    try {
      const error = await failure(clientFor(small, TOKEN).create({_type: 'article', title: 'x'.repeat(4096)}))
      expect(error.statusCode).toBe(413)
      expect(error.message).toContain('exceeds the limit of 2048 bytes')
      // Still serves normal requests.
      expect(await clientFor(small).fetch('count(*[_type == "agency"])')).toBe(2)
    } finally {
      await small.close()
    }
  })

  it('handles CORS preflight for local origins only', async () => {
    const ok = await api(`/v2025-02-19/data/query/${DATASET}`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3333',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    })
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:3333')
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
    const get = await api(`/v2025-02-19/data/query/${DATASET}?query=1`, {headers: {Origin: 'http://127.0.0.1:5173'}})
    expect(get.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    const evil = await api(`/v2025-02-19/data/query/${DATASET}?query=1`, {headers: {Origin: 'https://evil.example'}})
    expect(evil.status).toBe(403)
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('refuses foreign Host headers (DNS rebinding)', async () => {
    const bad = await rawRequest({
      path: `/v2025-02-19/data/query/${DATASET}?query=1`,
      headers: {Host: 'evil.example:80'},
    })
    expect(bad.status).toBe(403)
    const good = await rawRequest({
      path: `/v2025-02-19/data/query/${DATASET}?query=1`,
      headers: {Host: `localhost:${server.port}`},
    })
    expect(good.status).toBe(200)
  })
})

describe('query', () => {
  const bySlug = '*[_type == "article" && slug.current == $slug][0]{_id, title, "agencies": agencies[]->name}'

  it('answers GET with params, via the index fast path', async () => {
    expect(await reader.fetch(bySlug, {slug: 'bao-gao-2'})).toEqual({
      _id: 'article.a2',
      title: '报告 2',
      agencies: ['教育局'],
    })
    const {status, body, headers} = await api(
      `/v2025-02-19/data/query/${DATASET}?query=${encodeURIComponent(bySlug)}&%24slug=%22bao-gao-3%22`,
    )
    expect(status).toBe(200)
    expect(body).toMatchObject({query: bySlug, result: {_id: 'article.a3', agencies: ['财政局']}})
    expect(typeof (body as {ms: unknown}).ms).toBe('number')
    expect(headers.get('x-local-query-plan')).toBe('index')
  })

  it('omits the query when returnQuery=false', async () => {
    const full = await reader.fetch('count(*[_type == "article"])', {}, {filterResponse: false})
    expect(full).toMatchObject({query: 'count(*[_type == "article"])', result: 3})
    const bare = await reader.fetch('count(*[_type == "article"])', {}, {filterResponse: false, returnQuery: false})
    expect(bare).not.toHaveProperty('query')
    expect(bare).toMatchObject({result: 3})
  })

  it('answers POST with params in the body (long queries)', async () => {
    const padding = 'x'.repeat(12_000)
    const result = await reader.fetch<{title: string; padding: number}>(
      '*[_id == $id][0]{title, "padding": length($padding)}',
      {id: 'article.a1', padding},
    )
    expect(result).toEqual({title: '报告 1', padding: 12_000})
    const {status, body} = await api(`/v2025-02-19/data/query/${DATASET}?returnQuery=false`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`},
      body: JSON.stringify({query: '*[_id == $id][0].title', params: {id: 'article.a1'}, perspective: 'drafts'}),
    })
    expect(status).toBe(200)
    expect(body).toEqual({result: '报告 1（草稿）', ms: expect.any(Number) as number})
  })

  it('hides drafts under published (the default)', async () => {
    const ids = await reader.fetch<string[]>('*[_type == "article"]._id')
    expect(ids).toEqual(['article.a1', 'article.a2', 'article.a3'])
    expect(await reader.fetch('*[_id in path("drafts.**")]', {}, {perspective: 'published'})).toEqual([])
    expect(await writer.fetch('count(*[_id == "drafts.article.a1"])')).toBe(0)
  })

  it('overlays drafts under drafts, with _originalId', async () => {
    const docs = await writer.fetch<{_id: string; _originalId: string; title: string}[]>(
      '*[_type == "article"]{_id, _originalId, title}',
      {},
      {perspective: 'drafts'},
    )
    expect(docs).toEqual([
      {_id: 'article.a1', _originalId: 'drafts.article.a1', title: '报告 1（草稿）'},
      {_id: 'article.a2', _originalId: 'article.a2', title: '报告 2'},
      {_id: 'article.a3', _originalId: 'article.a3', title: '报告 3'},
      {_id: 'article.a9', _originalId: 'drafts.article.a9', title: '只有草稿'},
    ])
    // The fast path sees the same overlay.
    expect(await writer.fetch(bySlug, {slug: 'bao-gao-1'}, {perspective: 'drafts'})).toMatchObject({
      _id: 'article.a1',
      title: '报告 1（草稿）',
    })
  })

  it('shows everything under raw', async () => {
    const ids = await writer.fetch<string[]>('*[_type == "article"]._id', {}, {perspective: 'raw'})
    expect(ids).toEqual(['article.a1', 'article.a2', 'article.a3', 'drafts.article.a1', 'drafts.article.a9'])
  })

  it('requires the token for drafts and raw', async () => {
    for (const perspective of ['drafts', 'raw'] as const) {
      const error = await failure(reader.fetch('*[0]', {}, {perspective}))
      expect(error.statusCode).toBe(401)
      expect(error.message).toMatch(/^Unauthorized - /)
    }
    const wrong = clientFor(server, 'wrong-token')
    expect((await failure(wrong.fetch('*[0]', {}, {perspective: 'raw'}))).statusCode).toBe(401)
    // A wrong token is refused even for public reads, so a misconfiguration shows at once.
    expect((await failure(wrong.fetch('*[0]'))).statusCode).toBe(401)
  })

  it('reports parse errors in Sanity’s shape', async () => {
    const query = '*[_type == "article" &&]'
    const {status, body} = await api(`/v2025-02-19/data/query/${DATASET}?query=${encodeURIComponent(query)}`)
    expect(status).toBe(400)
    expect(body).toEqual({
      error: {
        description: expect.any(String) as string,
        query,
        start: expect.any(Number) as number,
        end: expect.any(Number) as number,
        type: 'queryParseError',
      },
    })
    const error = await failure(reader.fetch(query))
    expect(error.statusCode).toBe(400)
    expect(error.message).toContain('GROQ query parse error')
    const missing = await failure(reader.fetch('*[_id == $id]'))
    expect(missing.message).toContain('param $id referenced, but not provided')
  })

  it('stops queries that run too long', async () => {
    const slow = await startLocalServer({port: 0, dir, dataset: DATASET, queryTimeoutMs: 0})
    try {
      const error = await failure(clientFor(slow).fetch('*[title match "报告"]'))
      expect(error.statusCode).toBe(400)
      expect(error.message).toContain('time limit of 0 ms')
    } finally {
      await slow.close()
    }
    const view = new DatasetView(Array.from({length: 50_000}, (_, i) => articleDoc(i)))
    await expect(runQuery(view, '*[count(*[views > ^.views]) > 1]', {timeoutMs: 50})).rejects.toBeInstanceOf(
      QueryTimeoutError,
    )
  })
})

describe('doc endpoint', () => {
  it('returns documents and omits missing ones', async () => {
    expect(await reader.getDocument('article.a2')).toMatchObject({_id: 'article.a2', title: '报告 2'})
    expect(await reader.getDocument('missing')).toBeUndefined()
    const docs = await reader.getDocuments(['article.a1', 'missing'])
    expect(docs[0]).toMatchObject({_id: 'article.a1'})
    expect(docs[1]).toBeNull()
    const {body} = await api(`/v2025-02-19/data/doc/${DATASET}/article.a1,missing`)
    expect(body).toMatchObject({documents: [{_id: 'article.a1'}], omitted: [{id: 'missing', reason: 'existence'}]})
  })

  it('shows drafts only with the token', async () => {
    const {body} = await api(`/v2025-02-19/data/doc/${DATASET}/drafts.article.a1`)
    expect(body).toEqual({documents: [], omitted: [{id: 'drafts.article.a1', reason: 'permission'}]})
    expect(await writer.getDocument('drafts.article.a1')).toMatchObject({title: '报告 1（草稿）'})
  })
})

describe('mutate', () => {
  it('creates documents and returns them', async () => {
    const created = await writer.create({_id: 'article.m1', _type: 'article', title: 'M1'})
    expect(created).toMatchObject({_id: 'article.m1', _type: 'article', title: 'M1'})
    expect(created._rev).toEqual(expect.any(String))
    expect(created._createdAt).toBe(created._updatedAt)
    const generated = await writer.create({_type: 'article', title: 'no id'})
    expect(generated._id).toMatch(/^[A-Za-z0-9]{22}$/)
    const prefixed = await writer.create({_id: 'drafts.', _type: 'article', title: 'prefix'})
    expect(prefixed._id).toMatch(/^drafts\.[A-Za-z0-9]{22}$/)
    const error = await failure(writer.create({_id: 'article.m1', _type: 'article'}))
    expect(error.statusCode).toBe(409)
    expect(error.message).toContain('Document by ID "article.m1" already exists')
    expect(error.details).toMatchObject({
      type: 'mutationError',
      items: [{index: 0, error: {type: 'documentAlreadyExistsError', id: 'article.m1'}}],
    })
  })

  it('createOrReplace and createIfNotExists', async () => {
    const first = await writer.createOrReplace({_id: 'article.m2', _type: 'article', title: 'one', extra: true})
    const replaced = await writer.createOrReplace({_id: 'article.m2', _type: 'article', title: 'two'})
    expect(replaced).not.toHaveProperty('extra')
    expect(replaced._createdAt).toBe(first._createdAt)
    expect(replaced._rev).not.toBe(first._rev)
    const kept = await writer.createIfNotExists({_id: 'article.m2', _type: 'article', title: 'three'})
    expect(kept).toMatchObject({title: 'two', _rev: replaced._rev})
    const made = await writer.createIfNotExists({_id: 'article.m3', _type: 'article', title: 'three'})
    expect(made.title).toBe('three')
  })

  it('patches with set, inc, dec, setIfMissing, unset, insert and diffMatchPatch', async () => {
    await writer.createOrReplace({
      _id: 'article.p1',
      _type: 'article',
      title: 'hello world',
      count: 1,
      tags: ['a'],
      old: true,
    })
    const patched = await writer.patch('article.p1').set({'meta.source': 'x'}).inc({count: 2}).commit()
    expect(patched).toMatchObject({meta: {source: 'x'}, count: 3})
    const more = await writer
      .patch('article.p1')
      .dec({count: 1})
      .setIfMissing({views: 10, count: 100})
      .unset(['old'])
      .insert('after', 'tags[-1]', ['b'])
      .diffMatchPatch({title: '@@ -1,5 +1,5 @@\n-hello\n+HELLO\n'})
      .commit()
    expect(more).toMatchObject({count: 2, views: 10, tags: ['a', 'b'], title: 'HELLO world'})
    expect(more).not.toHaveProperty('old')
    const missing = await failure(writer.patch('article.none').set({a: 1}).commit())
    expect(missing.statusCode).toBe(404)
    expect(missing.message).toContain('not found')
  })

  it('patches and deletes by query', async () => {
    await writer
      .transaction()
      .createOrReplace({_id: 'tmp.1', _type: 'tmp', n: 1})
      .createOrReplace({_id: 'tmp.2', _type: 'tmp', n: 2})
      .commit()
    const patched = await writer.mutate([
      {patch: {query: '*[_type == "tmp" && n > $min]', params: {min: 1}, set: {big: true}}},
    ])
    expect(patched.results.map(({id, operation}: MutationResultLike) => ({id, operation}))).toEqual([
      {id: 'tmp.2', operation: 'update'},
    ])
    expect(await writer.fetch('*[_type == "tmp" && big]._id')).toEqual(['tmp.2'])
    const deleted = await writer.delete({query: '*[_type == "tmp"]'})
    expect(deleted.results.map((r: MutationResultLike) => r.id).sort()).toEqual(['tmp.1', 'tmp.2'])
    expect(await writer.fetch('count(*[_type == "tmp"])')).toBe(0)
    const byId = await writer.delete('article.m3')
    expect(byId.results).toEqual([{id: 'article.m3', operation: 'delete'}])
    expect(await writer.getDocument('article.m3')).toBeUndefined()
  })

  it('rejects a patch with a stale ifRevisionID with 409', async () => {
    const doc = await writer.createOrReplace({_id: 'article.r1', _type: 'article', n: 1})
    const ok = await writer.patch('article.r1').ifRevisionId(doc._rev).inc({n: 1}).commit()
    expect(ok.n).toBe(2)
    const error = await failure(writer.patch('article.r1').ifRevisionId(doc._rev).inc({n: 1}).commit())
    expect(error.statusCode).toBe(409)
    expect(error.message).toContain('has unexpected revision ID')
    expect(error.details).toMatchObject({
      items: [
        {
          error: {
            type: 'documentRevisionIDDoesNotMatchError',
            currentRevisionID: ok._rev,
            expectedRevisionID: doc._rev,
          },
        },
      ],
    })
    expect((await writer.getDocument('article.r1'))?.n).toBe(2)
  })

  it('applies a transaction all or nothing', async () => {
    const error = await failure(
      writer
        .transaction()
        .create({_id: 'article.t1', _type: 'article'})
        .create({_id: 'article.a1', _type: 'article'})
        .create({_id: 'article.t3', _type: 'article'})
        .commit(),
    )
    expect(error.statusCode).toBe(409)
    expect(await writer.getDocuments(['article.t1', 'article.t3'])).toEqual([null, null])
    const ok = await writer
      .transaction()
      .create({_id: 'article.t1', _type: 'article'})
      .patch('article.a2', (p) => p.set({seen: true}))
      .commit()
    expect(ok).toMatchObject({
      transactionId: expect.any(String) as string,
      results: [
        {id: 'article.t1', operation: 'create'},
        {id: 'article.a2', operation: 'update'},
      ],
    })
    expect(ok.documentIds).toEqual(['article.t1', 'article.a2'])
    // Every document changed by the transaction carries its id as _rev.
    const [t1, a2] = await writer.getDocuments(['article.t1', 'article.a2'])
    expect(t1?._rev).toBe(ok.transactionId)
    expect(a2?._rev).toBe(ok.transactionId)
  })

  it('returns documents when asked', async () => {
    const withDocs = await writer.mutate([{createOrReplace: {_id: 'article.d1', _type: 'article', title: 'D'}}], {
      returnDocuments: true,
    })
    expect(withDocs).toEqual([
      expect.objectContaining({_id: 'article.d1', title: 'D', _rev: expect.any(String) as string}),
    ])
    const {body} = await api(
      `/v2025-02-19/data/mutate/${DATASET}?returnIds=true&returnDocuments=true&visibility=sync`,
      {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`},
        body: JSON.stringify({mutations: [{patch: {id: 'article.d1', set: {title: 'E'}}}], transactionId: 'my-tx-1'}),
      },
    )
    expect(body).toMatchObject({
      transactionId: 'my-tx-1',
      results: [{id: 'article.d1', operation: 'update', document: {_id: 'article.d1', title: 'E', _rev: 'my-tx-1'}}],
      documentIds: ['article.d1'],
    })
  })

  it('requires the token to mutate', async () => {
    const error = await failure(reader.create({_type: 'article', title: 'anonymous'}))
    expect(error.statusCode).toBe(401)
    expect(error.message).toContain('Unauthorized')
    const wrong = await failure(clientFor(server, 'nope').create({_type: 'article'}))
    expect(wrong.statusCode).toBe(401)
  })

  it('persists every commit to the NDJSON file, sorted by _id', async () => {
    await writer.createOrReplace({_id: 'article.f1', _type: 'article', title: 'file'})
    const lines = (await readFile(path.join(dir, `${DATASET}.ndjson`), 'utf8')).trim().split('\n')
    const ids = lines.map((line) => (JSON.parse(line) as SanityDocument)._id)
    expect(ids).toContain('article.f1')
    expect(ids).toEqual([...ids].sort())
  })

  it('stays open without a token when none is configured', async () => {
    const open = await startLocalServer({port: 0, dir, dataset: DATASET, env: {}})
    try {
      const client = clientFor(open)
      await client.createOrReplace({_id: 'article.open', _type: 'article'})
      expect(await client.fetch('count(*[_id in path("drafts.**")])', {}, {perspective: 'raw'})).toBeGreaterThan(0)
    } finally {
      await open.close()
    }
  })
})

describe('index fast path', () => {
  const types = ['article', 'agency', 'page']
  const slugs = ['a', 'b', 'c', 'd']
  const docArb = fc.record({
    n: fc.integer({min: 0, max: 30}),
    type: fc.constantFrom(...types),
    slug: fc.option(fc.constantFrom(...slugs), {nil: undefined}),
    score: fc.integer({min: 0, max: 5}),
    draft: fc.boolean(),
    ref: fc.integer({min: 0, max: 30}),
  })
  const queries = [
    '*[_type == $type]',
    '*[_type == $type && slug.current == $slug][0]{_id, score, "ref": ref->_id}',
    '*[slug.current == $slug && score > 2]._id',
    '*[@._type == "article" && (score >= 1)] | order(score desc, _id asc)[0...3]{_id, score}',
    '*[_id == $id][0]',
    '*[_id in [$id, "doc.1", "drafts.doc.2"]]{_id, _type}',
    '*[_type in $types && slug.current != "a"]{_id}',
    'count(*[$slug == slug.current])',
    '{"first": *[_type == "agency"][0]._id, "n": 1}',
    '*[_type == $type && !(score == 1) || _id == $id]._id',
    '*[_type == $type]{_id, "others": count(*[_type == ^._type])}',
  ]

  it('returns what plain groq-js returns', async () => {
    const plans = {index: 0, scan: 0}
    await fc.assert(
      fc.asyncProperty(
        fc.array(docArb, {maxLength: 40}),
        fc.constantFrom(...types),
        fc.constantFrom(...slugs, 'zzz'),
        fc.integer({min: 0, max: 30}),
        fc.constantFrom(...queries),
        async (specs, type, slug, idN, query) => {
          const byId = new Map<string, SanityDocument>()
          for (const spec of specs) {
            const id = `${spec.draft ? 'drafts.' : ''}doc.${spec.n}`
            byId.set(id, {
              _id: id,
              _type: spec.type,
              score: spec.score,
              ...(spec.slug ? {slug: {_type: 'slug', current: spec.slug}} : {}),
              ref: {_type: 'reference', _ref: `doc.${spec.ref}`},
            })
          }
          const docs = [...byId.values()].sort((a, b) => (a._id < b._id ? -1 : 1))
          const params = {type, slug, id: `doc.${idN}`, types: [type, 'page']}
          const view = new DatasetView(docs)
          const fast = await runQuery(view, query, {params})
          const scan = await runQuery(view, query, {params, useIndexes: false})
          const plain = await evaluatePlain(docs, query, params)
          expect(fast.result).toEqual(plain)
          expect(scan.result).toEqual(plain)
          plans[fast.plan]++
        },
      ),
      {numRuns: 300},
    )
    // Both paths were exercised.
    expect(plans.index).toBeGreaterThan(100)
    expect(plans.scan).toBeGreaterThan(20)
  })

  it('narrows only queries it can answer exactly', async () => {
    const docs = [...agencies, articleDoc(1), articleDoc(2)]
    const view = new DatasetView(docs)
    const plan = async (query: string, params: Record<string, unknown> = {}) =>
      (await runQuery(view, query, {params})).plan
    expect(await plan('*[_type == "article" && slug.current == $slug][0]', {slug: 'bao-gao-1'})).toBe('index')
    expect(await plan('*[_id == "article.a1"]{title}')).toBe('index')
    expect(await plan('*[_type in ["agency", "article"]]')).toBe('index')
    // A non-string param cannot use the string indexes.
    expect(await plan('*[_type == $t]', {t: 1})).toBe('scan')
    // Another * in the query must see everything.
    expect(await plan('*[_type == "article"]{"n": count(*)}')).toBe('scan')
    expect(await plan('*[_type == "article" || views > 1]')).toBe('scan')
    expect(await plan('*[views > 1]')).toBe('scan')
  })
})
