import {mkdtemp, readdir, writeFile} from 'node:fs/promises'
import {availableParallelism, tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {BuildResult} from '../migrations/report/build'
import {buildFile, type BuildJob} from '../scripts/import/build-file'
import {BuildPool, WORKER_BOOTSTRAP, autoJobs, workerBundle, type Builder} from '../scripts/import/build-pool'
import {generateReport} from '../scripts/bench/corpus'
import {EXAMPLES, SEED, runScript} from './helpers/cli'

const IMPORTED_AT = '2026-01-01T00:00:00.000Z'
let dir = ''
let files: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'build-pool-'))
  for (let i = 0; i < 24; i++) await writeFile(path.join(dir, `r${String(i).padStart(2, '0')}.txt`), generateReport(i))
  await writeFile(path.join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 9]))
  await writeFile(path.join(dir, 'crash.txt'), generateReport(99))
  files = [SEED, ...(await readdir(dir)).sort().map((f) => path.join(dir, f))]
})

const jobOf = (file: string): BuildJob => ({file, maxBytes: 5 * 1024 * 1024, importedAt: IMPORTED_AT})
const buildAll = (builder: Builder, list: string[]): Promise<BuildResult[]> => Promise.all(list.map((f) => builder.build(jobOf(f))))

describe('BuildPool', () => {
  let inline: BuildResult[] = []
  beforeAll(async () => {
    inline = await Promise.all(files.map((f) => buildFile(jobOf(f))))
  })

  it('builds on worker threads exactly what the main thread builds, bad files included', async () => {
    const pool = new BuildPool(2)
    try {
      await pool.ready()
      const pooled = await buildAll(pool, files)
      expect(pooled).toEqual(inline)
      const bad = pooled[files.findIndex((f) => f.endsWith('binary.txt'))]
      expect(bad).toEqual({ok: false, reason: expect.stringMatching(/binary/)})
      expect(pooled.filter((r) => r.ok)).toHaveLength(files.length - 1)
    } finally {
      await pool.close()
    }
  })

  it('builds on the main thread when worker threads cannot start', async () => {
    const pool = new BuildPool(2, `throw new Error('no threads here')`)
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.message)
    process.on('warning', onWarning)
    try {
      expect(await buildAll(pool, files)).toEqual(inline)
      await pool.ready()
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.some((w) => /cannot start \(no threads here\)/.test(w))).toBe(true)
    } finally {
      process.off('warning', onWarning)
      await pool.close()
    }
  })

  it('gives workers the pipeline as one bundled script, not the tsx loader', async () => {
    const script = await workerBundle()
    expect(script).not.toBe(WORKER_BOOTSTRAP)
    // The whole pipeline and its libraries are inside: nothing is loaded through tsx.
    expect(script).toContain('parentPort')
    expect(script).toContain('buildReport')
    expect(script).not.toContain('tsx/esm/api')
  })

  it('builds on the main thread while its workers are still loading', async () => {
    // Workers that never finish loading: every job must still be built, by the main thread.
    const pool = new BuildPool(2, 'setInterval(() => {}, 60_000)')
    try {
      expect(await buildAll(pool, files)).toEqual(inline)
    } finally {
      await pool.close()
    }
  })

  it('fails only the file that takes down its worker, twice; the jobs it shared a worker with are built', async () => {
    // The real worker, plus a listener (after it, once loaded) that kills the thread mid-job on crash.txt.
    const crashing = `${WORKER_BOOTSTRAP}.then(() => require('node:worker_threads').parentPort.on('message', (m) => {
      if (m.job.file.endsWith('crash.txt')) process.exit(7)
    }))`
    const pool = new BuildPool(2, crashing)
    try {
      await pool.ready()
      const pooled = await buildAll(pool, files)
      const crashAt = files.findIndex((f) => f.endsWith('crash.txt'))
      expect(pooled[crashAt]).toEqual({ok: false, reason: 'build worker stopped: exit code 7'})
      pooled.forEach((result, i) => {
        if (i !== crashAt) expect(result).toEqual(inline[i])
      })
    } finally {
      await pool.close()
    }
  })

  it('auto uses a worker per 1,000 files, leaving a core for the main thread', () => {
    const cores = availableParallelism()
    expect(autoJobs(1)).toBe(1)
    expect(autoJobs(1500)).toBe(1)
    expect(autoJobs(100_000)).toBe(Math.max(1, cores - 1))
    expect(autoJobs(2000)).toBe(Math.max(1, Math.min(cores - 1, 2)))
  })
})

describe('npm run import --jobs', () => {
  it('writes the same NDJSON with 1 and 2 threads, and reports the bad file either way', async () => {
    const out = (jobs: number) => path.join(dir, `out-${jobs}.ndjson`)
    const one = await runScript('scripts/import.ts', ['--quiet', '--jobs', '1', '--out', out(1), dir, EXAMPLES])
    const two = await runScript('scripts/import.ts', ['--quiet', '--jobs', '2', '--out', out(2), dir, EXAMPLES])
    expect(one.code).toBe(1)
    expect(two.code).toBe(1)
    for (const run of [one, two]) expect(run.stderr).toMatch(/binary\.txt: binary file/)
    const {readFile} = await import('node:fs/promises')
    const stable = async (file: string) => (await readFile(file, 'utf8')).replace(/"importedAt":"[^"]+"/g, '')
    const [a, b] = await Promise.all([stable(out(1)), stable(out(2))])
    expect(a.split('\n').length).toBeGreaterThan(30)
    expect(b).toBe(a)
  })

  it('rejects a thread count that is not a whole number from 1 to 64', async () => {
    const result = await runScript('scripts/import.ts', ['--dry-run', '--jobs', '0', SEED])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--jobs takes auto or a whole number from 1 to 64, not "0"/)
  })
})

afterAll(async () => {
  const {rm} = await import('node:fs/promises')
  if (dir) await rm(dir, {recursive: true, force: true})
})
