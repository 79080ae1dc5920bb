import {spawn} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {mkdir, mkdtemp, readFile, stat, writeFile} from 'node:fs/promises'
import http from 'node:http'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {createClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startLocalServer, type LocalServer} from '../local/server'
import {ImportJournal} from '../scripts/import/journal'
import {EXAMPLES, ROOT, SEED, runScript} from './helpers/cli'
import {writeSeedVariants} from './helpers/reports'

const importCli = (args: string[], env?: NodeJS.ProcessEnv) => runScript('scripts/import.ts', args, env)
/** The sample reports under examples/, each a distinct article. */
const SAMPLE_COUNT = (readdirSync(EXAMPLES, {recursive: true}) as string[]).filter((f) => f.endsWith('.txt')).length

interface Doc {
  _id: string
  _type: string
  _rev?: string
  title?: string
  [key: string]: unknown
}

async function readDataset(file: string): Promise<Doc[]> {
  const text = await readFile(file, 'utf8')
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Doc)
}

const clientFor = (server: LocalServer, token?: string) =>
  createClient({
    projectId: 'local',
    dataset: server.dataset,
    apiHost: server.url,
    useProjectHostname: false,
    apiVersion: '2025-02-19',
    useCdn: false,
    ...(token ? {token} : {}),
  })

describe('the local dataset target', () => {
  let dir: string
  let file: string

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'local-target-'))
    file = path.join(dir, 'production.ndjson')
  })

  it('imports by default, then reports an unchanged re-import and leaves the file alone', async () => {
    const first = await importCli(['--json', '--dir', dir, SEED, EXAMPLES])
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout).totals).toMatchObject({imported: 1 + SAMPLE_COUNT, error: 0})
    const before = await readFile(file)
    const mtime = (await stat(file)).mtimeMs
    const second = await importCli(['--json', '--dir', dir, SEED, EXAMPLES])
    expect(second.code).toBe(0)
    expect(JSON.parse(second.stdout).totals).toMatchObject({imported: 0, unchanged: 1 + SAMPLE_COUNT})
    expect(await readFile(file)).toEqual(before)
    expect((await stat(file)).mtimeMs).toBe(mtime)
  })

  it("never overwrites an editor's change without --force", async () => {
    const server = await startLocalServer({port: 0, dir, dataset: 'production'})
    try {
      const client = clientFor(server)
      const article = await client.fetch<Doc>('*[_type == "article" && title == $title][0]', {title: '浙江富阳生态环境部门考核首次跨入优秀'})
      await client.patch(article._id).set({title: '编辑修改后的标题'}).commit()

      const conflicted = await importCli(['--json', '--dir', dir, SEED])
      expect(conflicted.code).toBe(1)
      expect(JSON.parse(conflicted.stdout).files[0]).toMatchObject({status: 'conflict', reason: expect.stringMatching(/edited after it was imported/)})
      expect(conflicted.stderr).toMatch(/^conflict: .*000_984990fb53a38cb6\.txt: /m)
      expect((await client.getDocument<Doc>(article._id))?.title).toBe('编辑修改后的标题')

      const forced = await importCli(['--json', '--force', '--dir', dir, SEED])
      expect(forced.code).toBe(0)
      expect(JSON.parse(forced.stdout).files[0].status).toBe('imported')
      expect((await client.getDocument<Doc>(article._id))?.title).toBe('浙江富阳生态环境部门考核首次跨入优秀')
    } finally {
      await server.close()
    }
  })

  it('--drafts writes drafts for review and leaves published documents untouched', async () => {
    const publishedBefore = (await readDataset(file)).filter((d) => !d._id.startsWith('drafts.'))
    const variants = await mkdtemp(path.join(tmpdir(), 'variants-'))
    const [newReport] = await writeSeedVariants(variants, 1)
    const result = await importCli(['--json', '--drafts', '--dir', dir, SEED, newReport!])
    expect(result.code).toBe(0)
    const docs = await readDataset(file)
    expect(docs.filter((d) => !d._id.startsWith('drafts.'))).toEqual(publishedBefore)
    const drafts = docs.filter((d) => d._id.startsWith('drafts.'))
    expect(drafts.map((d) => d._type).sort()).toEqual(['article', 'article'])
    const server = await startLocalServer({port: 0, dir, dataset: 'production'})
    try {
      const published = await clientFor(server).fetch<string[]>('*[_type == "article"].title')
      expect(published).not.toContain('浙江富阳生态环境部门考核首次跨入优秀（第1期）')
    } finally {
      await server.close()
    }
  })

  it('refuses a second concurrent writer with a clear message', async () => {
    const lockDir = await mkdtemp(path.join(tmpdir(), 'locked-'))
    await writeFile(
      path.join(lockDir, 'production.ndjson.lock'),
      JSON.stringify({pid: process.pid, host: (await import('node:os')).hostname(), startedAt: new Date().toISOString()}),
    )
    const result = await importCli(['--dir', lockDir, SEED])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(new RegExp(`locked by pid ${process.pid}`))
    await expect(stat(path.join(lockDir, 'production.ndjson'))).rejects.toThrow(/ENOENT/)
  })

  it('leaves the old dataset or the new one, never a torn file, when killed with SIGKILL', async () => {
    const killDir = await mkdtemp(path.join(tmpdir(), 'kill-'))
    const inputs = path.join(killDir, 'in')
    await mkdir(inputs)
    await writeSeedVariants(inputs, 150)
    await importCli(['--dir', killDir, SEED])
    const killFile = path.join(killDir, 'production.ndjson')
    const oldIds = (await readDataset(killFile)).map((d) => d._id).sort()
    const outcomes = new Set<string>()
    for (const delay of [300, 900, 1500, 2200, 3000, 4500]) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/import.ts'), '--quiet', '--dir', killDir, inputs], {
        cwd: ROOT,
        stdio: 'ignore',
      })
      const exited = new Promise((resolve) => child.once('exit', resolve))
      await new Promise((resolve) => setTimeout(resolve, delay))
      child.kill('SIGKILL')
      await exited
      const ids = (await readDataset(killFile)).map((d) => d._id).sort()
      if (ids.length === oldIds.length) {
        expect(ids).toEqual(oldIds)
        outcomes.add('old')
      } else {
        expect(ids.filter((id) => id.startsWith('article.'))).toHaveLength(151)
        outcomes.add('new')
        break
      }
    }
    expect(outcomes.size).toBeGreaterThan(0)
  }, 300_000)
})

/**
 * Stands between the importer and the local endpoint and misbehaves on a
 * schedule: 429 with Retry-After, 500s, a connection dropped after the
 * write went through, and slow responses.
 */
async function startFaultyProxy(upstream: string, faults: Array<'429' | '500' | 'drop-after' | 'slow'>) {
  const seen = {mutations: 0, faults: [] as string[], authorization: new Set<string>()}
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      if (req.headers.authorization) seen.authorization.add(req.headers.authorization)
      const isMutation = req.url?.includes('/data/mutate/') ?? false
      const fault = isMutation ? faults[seen.mutations++] : undefined
      if (fault) seen.faults.push(fault)
      if (fault === '429') {
        res.writeHead(429, {'content-type': 'application/json', 'retry-after': '1'})
        res.end(JSON.stringify({error: 'Too Many Requests', message: 'slow down', statusCode: 429}))
        return
      }
      if (fault === '500') {
        res.writeHead(500, {'content-type': 'application/json'})
        res.end(JSON.stringify({error: 'Internal Server Error', message: 'injected', statusCode: 500}))
        return
      }
      if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, 1500))
      let forwarded: Response
      let body: Buffer
      try {
        forwarded = await fetch(new URL(req.url ?? '/', upstream), {
          method: req.method,
          headers: {
            'content-type': req.headers['content-type'] ?? 'application/json',
            ...(req.headers.authorization ? {authorization: req.headers.authorization} : {}),
          },
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
        })
        body = Buffer.from(await forwarded.arrayBuffer())
      } catch {
        // Upstream gone (a request the client gave up on, still in flight at teardown): a gateway error, as a
        // real proxy would answer, instead of an unhandled rejection.
        if (!res.headersSent) res.writeHead(502, {'content-type': 'application/json'})
        res.end(JSON.stringify({error: 'Bad Gateway', message: 'upstream unreachable', statusCode: 502}))
        return
      }
      if (fault === 'drop-after') {
        // The write committed upstream, but the client never hears back.
        req.socket.destroy()
        return
      }
      res.writeHead(forwarded.status, {'content-type': forwarded.headers.get('content-type') ?? 'application/json'})
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  return {url: `http://127.0.0.1:${port}`, seen, close}
}

describe('a Sanity project through @sanity/client (the local endpoint behind a faulty network)', () => {
  const token = 'sk-test-token-that-must-never-be-printed'
  let dir: string
  let server: LocalServer
  let inputs: string

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'remote-'))
    inputs = path.join(dir, 'in')
    await mkdir(inputs)
    await writeSeedVariants(inputs, 40)
    server = await startLocalServer({port: 0, dir, dataset: 'remote', token})
  })
  afterAll(async () => {
    await server?.close()
  })

  it('retries 429, 500s, dropped connections and slow responses; every document arrives exactly once', async () => {
    const proxy = await startFaultyProxy(server.url, ['429', '500', 'drop-after', 'slow', '500'])
    try {
      const result = await importCli(['--json', '--project', 'local', '--dataset', 'remote', '--api-host', proxy.url, inputs, EXAMPLES], {
        SANITY_API_WRITE_TOKEN: token,
      })
      expect(result.stderr).not.toContain(token)
      expect(result.stdout).not.toContain(token)
      expect(result.code).toBe(0)
      const report = JSON.parse(result.stdout) as {totals: Record<string, number>}
      expect(report.totals).toMatchObject({imported: 40 + SAMPLE_COUNT, error: 0, conflict: 0})
      expect(proxy.seen.faults).toEqual(['429', '500', 'drop-after', 'slow', '500'])
      expect([...proxy.seen.authorization]).toEqual([`Bearer ${token}`])

      const client = clientFor(server, token)
      const titles = await client.fetch<string[]>('*[_type == "article"].title')
      expect(titles).toHaveLength(40 + SAMPLE_COUNT)
      expect(new Set(titles).size).toBe(40 + SAMPLE_COUNT)
      const agencies = await client.fetch<string[]>('*[_type == "agency"].name')
      expect(new Set(agencies).size).toBe(agencies.length)

      const again = await importCli(['--json', '--project', 'local', '--dataset', 'remote', '--api-host', proxy.url, inputs, EXAMPLES], {
        SANITY_API_WRITE_TOKEN: token,
      })
      expect(JSON.parse(again.stdout).totals).toMatchObject({unchanged: 40 + SAMPLE_COUNT, imported: 0})
    } finally {
      await proxy.close()
    }
  }, 120_000)

  it('needs the token from the environment and says so', async () => {
    const result = await importCli(['--project', 'local', '--dataset', 'remote', '--api-host', server.url, SEED], {SANITY_API_WRITE_TOKEN: ''})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/SANITY_API_WRITE_TOKEN/)
  })

  it('--resume refuses an NDJSON target, which is written whole, so no file is dropped from it', async () => {
    const out = path.join(dir, 'resume-refused.ndjson')
    const result = await importCli(['--resume', '--out', out, SEED])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--resume works with a dataset or --project; an NDJSON file is always written whole/)
    await expect(stat(out)).rejects.toThrow(/ENOENT/)
  })

  it('--resume continues an interrupted run without redoing or duplicating work', async () => {
    const resumeInputs = path.join(dir, 'resume')
    await mkdir(resumeInputs)
    await writeSeedVariants(resumeInputs, 60, 100)
    const client = clientFor(server, token)
    const baseline = await client.fetch<number>('count(*[_type == "article"])')
    const proxy = await startFaultyProxy(server.url, Array.from({length: 200}, () => 'slow' as const))
    const args = ['--json', '--resume', '--project', 'local', '--dataset', 'remote', '--api-host', proxy.url, resumeInputs]
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/import.ts'), ...args], {
      cwd: ROOT,
      env: {...process.env, SANITY_API_WRITE_TOKEN: token, LOCAL_DATASET_DIR: dir},
      stdio: 'ignore',
    })
    // Let some transactions land and the importer record them as done, then crash the process.
    const landed = async () => (await client.fetch<number>('count(*[_type == "article"])')) - baseline
    const journal = ImportJournal.forTarget(dir, 'sanity:local:remote')
    const recorded = async () => (await journal.completed()).size
    for (let i = 0; i < 150 && ((await landed()) < 10 || (await recorded()) === 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    }
    await proxy.close()

    const resumed = await importCli(args.map((a) => (a === proxy.url ? server.url : a)), {SANITY_API_WRITE_TOKEN: token, LOCAL_DATASET_DIR: dir})
    expect(resumed.code).toBe(0)
    const totals = JSON.parse(resumed.stdout).totals as Record<string, number>
    expect(totals.skipped).toBeGreaterThan(0)
    expect(totals.skipped! + totals.imported! + totals.unchanged!).toBe(60)
    const count = await client.fetch<number>('count(*[_type == "article" && _id in path("article.**")])')
    expect(count).toBe(baseline + 60)
  }, 120_000)
})

describe('--shard', () => {
  it('splits inputs deterministically and completely across processes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shard-'))
    await writeSeedVariants(dir, 30)
    const files = async (shard: string) =>
      (JSON.parse((await importCli(['--dry-run', '--json', '--shard', shard, dir])).stdout) as {files: Array<{file: string}>}).files.map((f) => f.file)
    const [one, two, oneAgain] = await Promise.all([files('1/2'), files('2/2'), files('1/2')])
    expect(one).toEqual(oneAgain)
    expect(one.length).toBeGreaterThan(5)
    expect(two.length).toBeGreaterThan(5)
    expect(one.filter((f) => two.includes(f))).toEqual([])
    expect(one.length + two.length).toBe(30)
    const bad = await importCli(['--dry-run', '--shard', '3/2', dir])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--shard must look like i\/n/)
  })
})
