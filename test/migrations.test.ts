import {execFile} from 'node:child_process'
import {copyFile, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {promisify, stripVTControlCharacters} from 'node:util'
import {createClient} from '@sanity/client'
import {
  ALLOWED_PROPERTIES,
  collectMigrationMutations,
  defineMigration,
  fromDocuments,
  type MigrationContext,
} from 'sanity/migrate'
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {DatasetStore, type SanityDocument} from '../local/dataset-store'
import {applyMutations, parseMutations} from '../local/mutations'
import {startLocalServer} from '../local/server'
import normaliseMigration, {normaliseArticle, normaliseMetric, simplifyUnit} from '../migrations/normalise-metric-units'
import reextractMigration, {readParagraph, reextractArticle} from '../migrations/reextract-metrics'
import renameMigration from '../migrations/rename-agencies'
import {buildChildren} from '../migrations/report/build'
import {textBlockSchema, type MetricDoc, type TextBlockDoc} from '../migrations/report/documents'
import {blockHash, contentFingerprint, sha256} from '../migrations/report/fingerprint'
import {isRecord, recordedBlockHashes} from '../migrations/shared/article'
import {formatDiff} from '../migrations/runner/diff'
import {listMigrationFiles, MIGRATIONS_ROOT} from '../migrations/runner/discover'
import {
  encodeMutations,
  executeMigration,
  restrictClient,
  type MigrationDocument,
} from '../migrations/runner/execute'
import {ledgerFile, readLedger, writeLedger} from '../migrations/runner/ledger'
import {migrationStatus, runLocalMigration, type LocalRunResult} from '../migrations/runner/local'
import {EXAMPLES, ROOT, SEED, runScript} from './helpers/cli'
import {noClient} from './helpers/migration-client'

const TRADITIONAL = /[萬億個項戶張場條車輛臺處類筆頃畝噸時鐘點]/

// ---------------------------------------------------------------------------
// Helpers

function textBlocks(doc: SanityDocument | undefined): TextBlockDoc[] {
  const body = doc && Array.isArray(doc.body) ? doc.body : []
  return body.filter((b: unknown) => isRecord(b) && b._type === 'block').map((b: unknown) => textBlockSchema.parse(b))
}

const metricsOf = (block: TextBlockDoc): MetricDoc[] => block.children.filter((c): c is MetricDoc => c._type === 'metric')
const hasMarks = (block: TextBlockDoc): boolean => block.children.some((c) => c._type === 'span' && c.marks.length > 0)

function importHashOf(doc: SanityDocument | undefined): string | undefined {
  const source = doc?.source
  return isRecord(source) && typeof source.importHash === 'string' ? source.importHash : undefined
}

/** What an older importer would have written: the same paragraph without any metric. */
function withoutMetrics(block: TextBlockDoc): TextBlockDoc {
  const paragraph = readParagraph(block)
  if (!paragraph) throw new Error(`block ${block._key} is not a plain paragraph`)
  return {...block, children: buildChildren(block._key, paragraph.text, [{type: 'text', text: paragraph.text}], paragraph.ranges)}
}

/**
 * Rewrites some blocks of an article as an older importer would have
 * written them, with the block hashes and import hash it would have
 * recorded, so the article still counts as unedited.
 */
async function rewriteAsImported(
  store: DatasetStore,
  id: string,
  change: (block: TextBlockDoc) => TextBlockDoc | undefined,
): Promise<void> {
  await store.transact((docs) => {
    const doc = docs.get(id)
    if (!doc || !Array.isArray(doc.body) || !isRecord(doc.source) || !Array.isArray(doc.source.blockHashes)) {
      throw new Error(`no article ${id}`)
    }
    const newHashes = new Map<string, string>()
    const body = doc.body.map((block: unknown) => {
      if (!isRecord(block) || block._type !== 'block') return block
      const next = change(textBlockSchema.parse(block))
      if (!next) return block
      newHashes.set(next._key, blockHash(next))
      return next
    })
    const blockHashes = doc.source.blockHashes.map((entry: unknown) => {
      if (!isRecord(entry) || typeof entry._key !== 'string') return entry
      const hash = newHashes.get(entry._key)
      return hash === undefined ? entry : {...entry, hash}
    })
    const next = {...doc, body, source: {...doc.source, blockHashes}}
    docs.set(id, {...next, source: {...next.source, importHash: contentFingerprint(next)}})
  })
}

async function readDocs(store: DatasetStore): Promise<Map<string, SanityDocument>> {
  return new Map((await store.read()).docs)
}

function requireResult(run: LocalRunResult) {
  if (!run.result) throw new Error(`${run.name}: ${run.status}, nothing ran`)
  return run.result
}

/** A client nobody may use: the migrations here must not need one. */

// ---------------------------------------------------------------------------

let workDir: string
/** The seed and the examples, imported by the real importer. */
let baseFile: string
let baseDocs: Map<string, SanityDocument>

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'migrations-'))
  const imported = await runScript('scripts/import.ts', ['--quiet', '--dir', workDir, '--dataset', 'base', SEED, EXAMPLES])
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`)
  baseFile = path.join(workDir, 'base.ndjson')
  baseDocs = await readDocs(new DatasetStore({dir: workDir, dataset: 'base'}))
})

afterAll(async () => {
  if (workDir) await rm(workDir, {recursive: true, force: true})
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** A fresh copy of the imported dataset under a new name. */
async function datasetCopy(name: string): Promise<DatasetStore> {
  await copyFile(baseFile, path.join(workDir, `${name}.ndjson`))
  return new DatasetStore({dir: workDir, dataset: name})
}

const articles = () => [...baseDocs.values()].filter((doc) => doc._type === 'article')
const seedArticle = () => {
  const found = articles().find((doc) => isRecord(doc.source) && doc.source.fileName === path.basename(SEED))
  if (!found) throw new Error('the seed was not imported')
  return found
}
const traditionalArticle = () => {
  const found = articles().find((doc) => doc.language === 'zh-Hant')
  if (!found) throw new Error('no traditional-character example was imported')
  return found
}

// ---------------------------------------------------------------------------

describe('the migration folders', () => {
  it('are what `sanity migration` finds: report/, runner/ and shared/ have no index file', async () => {
    const found = await listMigrationFiles()
    expect(found.map((m) => m.name)).toEqual(['normalise-metric-units', 'reextract-metrics', 'rename-agencies'])
    for (const migration of found) {
      expect(migration.hash).toBe(sha256(await readFile(path.join(MIGRATIONS_ROOT, migration.name, 'index.ts'), 'utf8')))
    }
  })

  it('the real `sanity migration list` finds each of them', async () => {
    const {stdout} = await promisify(execFile)(path.join(ROOT, 'node_modules/.bin/sanity'), ['migration', 'list'], {
      cwd: ROOT,
      env: {...process.env, DO_NOT_TRACK: '1', NO_COLOR: '1'},
    })
    const ids = [...stripVTControlCharacters(stdout).matchAll(/│\s*([a-z0-9-]+)\s*│/g)].map((m) => m[1])
    expect(ids).toEqual((await listMigrationFiles()).map((m) => m.name))
  }, 120_000)

  it('default-export sanity/migrate definitions', () => {
    for (const migration of [normaliseMigration, reextractMigration]) {
      expect(typeof migration.title).toBe('string')
      expect(migration.documentTypes).toEqual(['article'])
      expect(typeof migration.migrate).toBe('object')
    }
    expect(reextractMigration.filter).toBe('defined(source.blockHashes)')
    expect(renameMigration.documentTypes).toEqual(['agency', 'article'])
    expect(typeof renameMigration.migrate).toBe('function')
  })

  it('type-check against sanity/migrate with the project settings', async () => {
    const config = path.join(workDir, 'tsconfig.migrations.json')
    const files = ['normalise-metric-units/index.ts', 'reextract-metrics/index.ts', 'rename-agencies/index.ts'].map((f) => path.join(MIGRATIONS_ROOT, f))
    await writeFile(
      config,
      JSON.stringify({
        extends: path.join(ROOT, 'tsconfig.json'),
        compilerOptions: {typeRoots: [path.join(ROOT, 'node_modules/@types')]},
        include: [],
        files,
      }),
    )
    const tsc = await runScript('node_modules/typescript/bin/tsc', ['--noEmit', '-p', config])
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.code).toBe(0)
  }, 120_000)
})

describe('normalise-metric-units on documents', () => {
  it('simplifies traditional unit spellings and leaves simplified ones alone', () => {
    const cases: Array<[string, string]> = [
      ['萬元', '万元'], ['億元', '亿元'], ['個', '个'], ['項', '项'], ['戶次', '户次'], ['張', '张'],
      ['場', '场'], ['條', '条'], ['場次', '场次'], ['萬人次', '万人次'], ['個百分點', '个百分点'],
      ['輛次', '辆次'], ['公頃', '公顷'], ['噸', '吨'], ['小時', '小时'], ['分鐘', '分钟'], ['千瓦時', '千瓦时'],
      ['万元', '万元'], ['%', '%'], ['', ''], ['km²', 'km²'],
    ]
    for (const [from, to] of cases) expect(simplifyUnit(from), from).toBe(to)
  })

  it('fills in scaledValue and baseUnit for scaled units, from the extractor’s unit table', () => {
    expect(normaliseMetric({value: 1860, unit: '萬元', scaledValue: 18600000, baseUnit: '元'})).toEqual({unit: '万元'})
    expect(normaliseMetric({value: 2066, unit: '万元'})).toEqual({scaledValue: 20660000, baseUnit: '元'})
    expect(normaliseMetric({value: 1.8, unit: '萬人次'})).toEqual({unit: '万人次', scaledValue: 18000, baseUnit: '人次'})
    expect(normaliseMetric({value: 2.3, unit: '億元', scaledValue: 230000000})).toEqual({unit: '亿元', baseUnit: '元'})
    expect(normaliseMetric({value: 5, unit: '萬個', baseUnit: '個'})).toEqual({unit: '万个', baseUnit: '个', scaledValue: 50000})
    expect(normaliseMetric({value: 3.5, unit: '万'})).toEqual({scaledValue: 35000})
    expect(normaliseMetric({value: 12, unit: '千米'})).toEqual({})
    expect(normaliseMetric({value: 20, unit: '%'})).toEqual({})
    expect(normaliseMetric({value: 3, unit: ''})).toEqual({})
  })

  it('patches an imported traditional article, keeping it unedited for re-imports and re-extraction', async () => {
    const doc = traditionalArticle()
    const mutations = normaliseArticle({...doc})
    expect(mutations.length).toBeGreaterThan(0)
    expect(mutations[0]).toMatchObject({type: 'patch', id: doc._id, options: {ifRevision: doc._rev}})

    const docs = new Map([[doc._id, doc]])
    await applyMutations(docs, parseMutations(mutations.flatMap((m) => encodeMutations(m))))
    const after = docs.get(doc._id)
    const units = textBlocks(after).flatMap(metricsOf).map((m) => m.unit)
    expect(units.some((unit) => TRADITIONAL.test(unit))).toBe(false)
    expect(units).toContain('万元')
    // The text stays as the report wrote it.
    expect(textBlocks(after).flatMap(metricsOf).map((m) => m.text)).toEqual(textBlocks(doc).flatMap(metricsOf).map((m) => m.text))
    const hashes = after ? recordedBlockHashes(after) : new Map<string, string>()
    for (const block of textBlocks(after)) expect(hashes.get(block._key)).toBe(blockHash(block))
    expect(after && contentFingerprint(after)).toBe(importHashOf(after))
    // Once normalised, there is nothing left to do.
    expect(after && normaliseArticle(after)).toEqual([])
  })

  it('runs through collectMigrationMutations like the CLI, and covers metric blocks', async () => {
    const doc: MigrationDocument = {
      _id: 'article.metricblock',
      _type: 'article',
      _rev: 'r1',
      _createdAt: '2026-01-01T00:00:00Z',
      _updatedAt: '2026-01-01T00:00:00Z',
      body: [{_type: 'metricBlock', _key: 'mb', title: '成效', metrics: [{_type: 'metric', _key: 'm1', value: 3, unit: '萬戶', kind: 'count', approximation: 'exact', text: '3萬戶'}]}],
    }
    const context: MigrationContext = {client: noClient, dryRun: true, filtered: {getDocument: async () => undefined, getDocuments: async () => []}}
    const yielded: unknown[] = []
    async function* documents() {
      yield* fromDocuments([doc, {...doc, _id: 'agency.x', _type: 'agency'}])
    }
    for await (const item of collectMigrationMutations(normaliseMigration, documents, context)) yielded.push(item)
    expect(yielded).toHaveLength(1)
    expect(encodeMutations(yielded[0])).toEqual([
      {patch: {id: 'article.metricblock', ifRevisionID: 'r1', set: {'body[_key=="mb"].metrics[_key=="m1"].unit': '万户'}}},
      {patch: {id: 'article.metricblock', set: {'body[_key=="mb"].metrics[_key=="m1"].baseUnit': '户'}}},
      {patch: {id: 'article.metricblock', set: {'body[_key=="mb"].metrics[_key=="m1"].scaledValue': 30000}}},
    ])
  })
})

describe('reextract-metrics on documents', () => {
  it('changes nothing in a fresh import once its units are normalised', async () => {
    for (const doc of articles()) {
      const docs = new Map([[doc._id, doc]])
      const normalise = normaliseArticle({...doc}).flatMap((m) => encodeMutations(m))
      if (normalise.length > 0) await applyMutations(docs, parseMutations(normalise))
      const report = vi.fn()
      const normalised = docs.get(doc._id)
      expect(normalised && reextractArticle({...normalised}, report), doc._id).toEqual([])
      expect(report).not.toHaveBeenCalled()
    }
  })

  it('follows the unit normalisation, so it never undoes it', () => {
    const doc = traditionalArticle()
    const units = reextractArticle({...doc}, vi.fn())
      .flatMap((m) => encodeMutations(m))
      .flatMap((m) => (isRecord(m) && isRecord(m.patch) && isRecord(m.patch.set) ? Object.values(m.patch.set) : []))
      .flatMap((value) => (Array.isArray(value) ? value : []))
      .flatMap((child: unknown) => (isRecord(child) && child._type === 'metric' && typeof child.unit === 'string' ? [child.unit] : []))
    expect(units).toContain('万元')
    expect(units.filter((unit) => TRADITIONAL.test(unit))).toEqual([])
  })

  it('puts back metrics an older extractor missed, keeping keys and agency marks, and skips edited paragraphs', async () => {
    const doc = seedArticle()
    const targets = textBlocks(doc).filter((b) => metricsOf(b).length > 0 && hasMarks(b)).slice(0, 2)
    expect(targets).toHaveLength(2)
    const [stripped, edited] = targets.map(withoutMetrics)
    if (!stripped || !edited) throw new Error('unreachable')
    const body = (Array.isArray(doc.body) ? doc.body : []).map((block: unknown) =>
      isRecord(block) && block._key === stripped._key ? stripped : isRecord(block) && block._key === edited._key ? {...edited, style: 'h3'} : block,
    )
    const source = isRecord(doc.source) ? doc.source : {}
    const hashes = Array.isArray(source.blockHashes) ? source.blockHashes : []
    const old: MigrationDocument = {
      ...doc,
      _rev: 'r1',
      _createdAt: '',
      _updatedAt: '',
      body,
      // The stripped block is recorded as imported; the other one differs from its record: an editor's change.
      source: {
        ...source,
        blockHashes: hashes.map((h: unknown) => (isRecord(h) && h._key === stripped._key ? {...h, hash: blockHash(stripped)} : h)),
      },
    }
    const report = vi.fn()
    const docs = new Map([[old._id, old]])
    await applyMutations(docs, parseMutations(reextractArticle(old, report).flatMap((m) => encodeMutations(m))))
    const after = textBlocks(docs.get(old._id))
    expect(after.find((b) => b._key === stripped._key)).toEqual(targets[0])
    expect(after.find((b) => b._key === edited._key)).toEqual({...edited, style: 'h3'})
    expect(report).toHaveBeenCalledWith(`reextract-metrics: ${doc._id} block ${edited._key} was edited since import; left alone`)
  })
})

describe('npm run migrate on the imported seed and examples', () => {
  let store: DatasetStore
  let filled: {id: string; key: string; metricKeys: string[]}

  beforeAll(async () => {
    store = await datasetCopy('units')
    // An article imported before scaledValue/baseUnit existed: strip them from one paragraph.
    const doc = articles().find(
      (d) => d.language === 'zh-Hans' && textBlocks(d).some((b) => metricsOf(b).some((m) => m.baseUnit !== undefined)),
    )
    if (!doc) throw new Error('no simplified article with scaled metrics')
    const block = textBlocks(doc).find((b) => metricsOf(b).some((m) => m.baseUnit !== undefined))
    if (!block) throw new Error('unreachable')
    filled = {id: doc._id, key: block._key, metricKeys: metricsOf(block).filter((m) => m.baseUnit !== undefined).map((m) => m._key)}
    await rewriteAsImported(store, doc._id, (b) =>
      b._key === block._key
        ? {...b, children: b.children.map((c) => (c._type === 'metric' ? {...c, scaledValue: undefined, baseUnit: undefined} : c))}
        : undefined,
    )
    // JSON drops the undefined fields; check the rewrite took.
    const stored = textBlocks((await store.read()).docs.get(doc._id)).find((b) => b._key === block._key)
    expect(stored && metricsOf(stored).every((m) => m.baseUnit === undefined && m.scaledValue === undefined)).toBe(true)
  })

  it('dry run: lists each change per document, counts them, writes nothing', async () => {
    const before = await readFile(store.file)
    const run = await runLocalMigration('normalise-metric-units', {dir: workDir, dataset: 'units', client: noClient})
    expect(run.status).toBe('dry-run')
    const result = requireResult(run)
    expect(result.scanned).toBe(articles().length)
    expect(result.changed).toEqual([traditionalArticle()._id, filled.id].sort())

    const traditional = result.diffs.find((d) => d.id === traditionalArticle()._id)
    const unitChanges = traditional?.entries.filter((e) => e.path.endsWith('.unit')) ?? []
    const expectedUnits = textBlocks(traditionalArticle()).flatMap(metricsOf).filter((m) => TRADITIONAL.test(m.unit))
    expect(unitChanges).toHaveLength(expectedUnits.length)
    expect(unitChanges.map((e) => e.kind === 'changed' && [e.before, e.after])).toContainEqual(['萬元', '万元'])
    expect(unitChanges.map((e) => e.kind === 'changed' && [e.before, e.after])).toContainEqual(['億元', '亿元'])
    const text = traditional ? formatDiff(traditional).join('\n') : ''
    expect(text).toMatch(/~ body\[_key=="[^"]+"\]\.children\[_key=="[^"]+"\]\.unit: "萬元" → "万元"/)
    expect(text).toMatch(/~ source\.importHash: [0-9a-f]{12}… → [0-9a-f]{12}…/)

    const fill = result.diffs.find((d) => d.id === filled.id)
    const added = fill?.entries.filter((e) => e.kind === 'added').map((e) => e.path) ?? []
    for (const key of filled.metricKeys) {
      expect(added).toContain(`body[_key=="${filled.key}"].children[_key=="${key}"].scaledValue`)
      expect(added).toContain(`body[_key=="${filled.key}"].children[_key=="${key}"].baseUnit`)
    }

    expect(await readFile(store.file)).toEqual(before)
    await expect(stat(ledgerFile(workDir, 'units'))).rejects.toThrow()
  })

  it('the CLI prints the same dry run and the counts', async () => {
    const cli = await runScript('scripts/migrate.ts', ['normalise-metric-units', '--dir', workDir, '--dataset', 'units'])
    expect(cli.stderr).toBe('')
    expect(cli.code).toBe(0)
    expect(cli.stdout).toContain(traditionalArticle()._id)
    expect(cli.stdout).toContain('"萬元" → "万元"')
    expect(cli.stdout).toMatch(new RegExp(`Dry run on local dataset "units" .*: ${articles().length} documents scanned, 2 changed, \\d+ mutations`))
  })

  it('apply: writes once, records the ledger; re-running is a no-op that says so', async () => {
    const run = await runLocalMigration('normalise-metric-units', {dir: workDir, dataset: 'units', apply: true, client: noClient})
    expect(run.status).toBe('applied')
    const docs = await readDocs(store)
    const metrics = [...docs.values()].flatMap((d) => textBlocks(d)).flatMap(metricsOf)
    expect(metrics.filter((m) => TRADITIONAL.test(m.unit) || TRADITIONAL.test(m.baseUnit ?? ''))).toEqual([])
    const block = textBlocks(docs.get(filled.id)).find((b) => b._key === filled.key)
    for (const metric of block ? metricsOf(block) : []) {
      if (filled.metricKeys.includes(metric._key)) {
        expect(metric.baseUnit).toBeDefined()
        expect(metric.scaledValue).toBeGreaterThan(metric.value)
      }
    }
    // Changed articles still count as unedited, block by block and as a whole.
    for (const id of requireResult(run).changed) {
      const doc = docs.get(id)
      expect(doc && contentFingerprint(doc)).toBe(importHashOf(doc))
      const hashes = doc ? recordedBlockHashes(doc) : new Map<string, string>()
      for (const b of textBlocks(doc)) expect(hashes.get(b._key)).toBe(blockHash(b))
      expect(doc?._rev).toBe(run.entry?.rev)
    }

    const ledger = await readLedger(ledgerFile(workDir, 'units'), 'units')
    expect(ledger.entries).toEqual([
      {
        name: 'normalise-metric-units',
        title: normaliseMigration.title,
        hash: sha256(await readFile(path.join(MIGRATIONS_ROOT, 'normalise-metric-units/index.ts'), 'utf8')),
        status: 'applied',
        appliedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        rev: run.entry?.rev,
        documents: [traditionalArticle()._id, filled.id].sort(),
        mutations: requireResult(run).mutations.length,
      },
    ])

    const datasetBefore = await readFile(store.file)
    const ledgerBefore = await readFile(ledgerFile(workDir, 'units'))
    const again = await runLocalMigration('normalise-metric-units', {dir: workDir, dataset: 'units', apply: true, client: noClient})
    expect(again.status).toBe('already-applied')
    expect(again.result).toBeUndefined()
    const cli = await runScript('scripts/migrate.ts', ['normalise-metric-units', '--apply', '--dir', workDir, '--dataset', 'units'])
    expect(cli.code).toBe(0)
    expect(cli.stdout).toMatch(/already applied to local dataset "units".*; nothing to do\./)
    expect(await readFile(store.file)).toEqual(datasetBefore)
    expect(await readFile(ledgerFile(workDir, 'units'))).toEqual(ledgerBefore)

    const status = await migrationStatus({dir: workDir, dataset: 'units'})
    expect(status.rows.map((r) => [r.name, r.state])).toEqual([
      ['normalise-metric-units', 'applied'],
      ['reextract-metrics', 'pending'],
      ['rename-agencies', 'pending'],
    ])
  })

  it('refuses a migration whose file changed since it was applied, unless forced', async () => {
    const file = ledgerFile(workDir, 'units')
    const ledger = await readLedger(file, 'units')
    // As if the ledger entry came from an earlier version of index.ts.
    await writeLedger(file, {...ledger, entries: ledger.entries.map((e) => ({...e, hash: sha256('an older version')}))})
    const datasetBefore = await readFile(store.file)

    const cli = await runScript('scripts/migrate.ts', ['normalise-metric-units', '--apply', '--dir', workDir, '--dataset', 'units'])
    expect(cli.code).toBe(1)
    expect(cli.stdout).toContain('refused')
    const status = await runScript('scripts/migrate.ts', ['--status', '--dir', workDir, '--dataset', 'units'])
    expect(status.stdout).toMatch(/normalise-metric-units\s+changed/)
    expect(status.stdout).toMatch(/reextract-metrics\s+pending/)

    const forced = await runLocalMigration('normalise-metric-units', {dir: workDir, dataset: 'units', apply: true, force: true, client: noClient})
    expect(forced.status).toBe('applied')
    expect(requireResult(forced).changed).toEqual([])
    expect(await readFile(store.file)).toEqual(datasetBefore)
    const entries = (await readLedger(file, 'units')).entries
    expect(entries).toHaveLength(2)
    expect(entries[1]).toMatchObject({name: 'normalise-metric-units', forced: true, documents: [], hash: forced.hash})
    expect((await migrationStatus({dir: workDir, dataset: 'units'})).rows[0]?.state).toBe('applied')
  })

  it('settles a ledger entry left by a run that died between the documents and the ledger', async () => {
    const file = ledgerFile(workDir, 'units')
    const ledger = await readLedger(file, 'units')
    const doc = (await store.read()).docs.get(filled.id)
    await writeLedger(file, {
      ...ledger,
      entries: [
        ...ledger.entries,
        {...ledger.entries[0]!, name: 'reextract-metrics', status: 'started', rev: doc?._rev ?? '', documents: [filled.id]},
        {...ledger.entries[0]!, name: 'gone', status: 'started', rev: 'never-committed', documents: [filled.id]},
      ],
    })
    const rows = (await migrationStatus({dir: workDir, dataset: 'units'})).rows
    expect(rows.find((r) => r.name === 'reextract-metrics')?.entry?.status).toBe('applied')
    expect(rows.find((r) => r.name === 'gone')).toBeUndefined()
    await writeLedger(file, ledger)
  })
})

describe('reextract-metrics against the local endpoint, with an editor’s change', () => {
  let store: DatasetStore
  let articleId: string
  let strippedKeys: string[]
  let editedKey: string
  let original: Map<string, TextBlockDoc>
  let editedBlock: TextBlockDoc | undefined

  beforeAll(async () => {
    store = await datasetCopy('reextract')
    // The content model change comes first, as it would in production.
    const normalised = await runLocalMigration('normalise-metric-units', {dir: workDir, dataset: 'reextract', apply: true, client: noClient})
    expect(normalised.status).toBe('applied')
    const doc = seedArticle()
    articleId = doc._id
    const candidates = textBlocks(doc).filter((b) => metricsOf(b).length > 0 && hasMarks(b) && b.children[0]?._type === 'span')
    expect(candidates.length).toBeGreaterThanOrEqual(3)
    const chosen = candidates.slice(0, 3)
    original = new Map(chosen.map((b) => [b._key, b]))
    strippedKeys = chosen.map((b) => b._key)
    editedKey = strippedKeys[0] ?? ''
    // Imported by an extractor that found no metrics in these three paragraphs.
    await rewriteAsImported(store, articleId, (b) => (original.has(b._key) ? withoutMetrics(b) : undefined))

    // An editor changes one of them through the API.
    const server = await startLocalServer({port: 0, dir: workDir, dataset: 'reextract'})
    try {
      const client = createClient({
        projectId: 'local',
        dataset: 'reextract',
        apiHost: server.url,
        useProjectHostname: false,
        apiVersion: '2025-02-19',
        useCdn: false,
      })
      const block = textBlocks((await store.read()).docs.get(articleId)).find((b) => b._key === editedKey)
      const first = block?.children[0]
      if (!first || first._type !== 'span') throw new Error('unreachable')
      await client.patch(articleId).set({[`body[_key=="${editedKey}"].children[0].text`]: `${first.text}（编辑修订）`}).commit()
    } finally {
      await server.close()
    }
    editedBlock = textBlocks((await store.read()).docs.get(articleId)).find((b) => b._key === editedKey)
    expect(editedBlock?.children[0]?.text).toContain('（编辑修订）')
  })

  it('dry run: re-adds the metrics of the untouched paragraphs and reports the edited one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const before = await readFile(store.file)
    const run = await runLocalMigration('reextract-metrics', {dir: workDir, dataset: 'reextract', client: noClient})
    const result = requireResult(run)
    expect(result.changed).toEqual([articleId])
    const diff = result.diffs[0]
    const touchedBlocks = new Set(diff?.entries.map((e) => /^body\[_key=="([^"]+)"\]/.exec(e.path)?.[1]).filter(Boolean))
    expect([...touchedBlocks].sort()).toEqual(strippedKeys.slice(1).sort())
    const addedMetrics =
      diff?.entries.filter((e) => (e.kind === 'added' || e.kind === 'changed') && isRecord(e.after) && e.after._type === 'metric') ?? []
    const expectedMetrics = strippedKeys.slice(1).flatMap((key) => {
      const block = original.get(key)
      return block ? metricsOf(block) : []
    })
    expect(addedMetrics.length).toBe(expectedMetrics.length)
    expect(warn).toHaveBeenCalledWith(`reextract-metrics: ${articleId} block ${editedKey} was edited since import; left alone`)
    expect(await readFile(store.file)).toEqual(before)
  })

  it('apply: the edited paragraph is untouched, the others are rebuilt with their marks, hashes updated', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const beforeDoc = (await store.read()).docs.get(articleId)
    const run = await runLocalMigration('reextract-metrics', {dir: workDir, dataset: 'reextract', apply: true, client: noClient})
    expect(run.status).toBe('applied')
    expect(warn).toHaveBeenCalledWith(`reextract-metrics: ${articleId} block ${editedKey} was edited since import; left alone`)
    const doc = (await store.read()).docs.get(articleId)
    const blocks = new Map(textBlocks(doc).map((b) => [b._key, b]))
    // Rebuilt exactly as the importer built them: same child keys, metrics, agency marks.
    for (const key of strippedKeys.slice(1)) expect(blocks.get(key)).toEqual(original.get(key))
    expect(blocks.get(editedKey)).toEqual(editedBlock)
    // Everything else is as it was.
    for (const block of textBlocks(beforeDoc)) {
      if (!strippedKeys.slice(1).includes(block._key)) expect(blocks.get(block._key)).toEqual(block)
    }
    const hashes = doc ? recordedBlockHashes(doc) : new Map<string, string>()
    const hashesBefore = beforeDoc ? recordedBlockHashes(beforeDoc) : new Map<string, string>()
    for (const key of strippedKeys.slice(1)) expect(hashes.get(key)).toBe(blockHash(original.get(key)))
    expect(hashes.get(editedKey)).toBe(hashesBefore.get(editedKey))
    // The article was edited, so it stays edited for re-imports.
    expect(importHashOf(doc)).toBe(importHashOf(beforeDoc))
    expect(doc && contentFingerprint(doc)).not.toBe(importHashOf(doc))

    const ledger = await readLedger(ledgerFile(workDir, 'reextract'), 'reextract')
    expect(ledger.entries.map((e) => [e.name, e.status, e.documents])).toEqual([
      ['normalise-metric-units', 'applied', [traditionalArticle()._id]],
      ['reextract-metrics', 'applied', [articleId]],
    ])

    const fileBefore = await readFile(store.file)
    const again = await runLocalMigration('reextract-metrics', {dir: workDir, dataset: 'reextract', apply: true, client: noClient})
    expect(again.status).toBe('already-applied')
    // Forced, it finds nothing more to do, and still names the edited paragraph.
    warn.mockClear()
    const forced = await runLocalMigration('reextract-metrics', {dir: workDir, dataset: 'reextract', apply: true, force: true, client: noClient})
    expect(requireResult(forced).changed).toEqual([])
    expect(warn).toHaveBeenCalledWith(`reextract-metrics: ${articleId} block ${editedKey} was edited since import; left alone`)
    expect(await readFile(store.file)).toEqual(fileBefore)
  })

  it('rename-agencies finds nothing to move in a fresh import: the importer already names every agency so', async () => {
    const docs = new Map(await readDocs(store))
    const agencies = [...docs.values()].filter((doc) => doc._type === 'agency')
    expect(agencies.length).toBeGreaterThan(10)
    const result = await executeMigration(renameMigration, docs, {dryRun: true, client: noClient})
    expect(result.scanned).toBe(agencies.length + articles().length)
    expect(result.mutations).toEqual([])
  })

  it('gives migrations a read-only context.client of the local endpoint', async () => {
    const docs = await readDocs(store)
    let fetched: unknown
    const probe = defineMigration({
      title: 'probe',
      documentTypes: ['article'],
      migrate: {
        async document(_doc, context) {
          fetched = await context.client.fetch('count(*[_type == "article"])')
          expect(() => Reflect.get(context.client, 'create')).toThrow(/can not be called during a migration/)
          return []
        },
      },
    })
    const server = await startLocalServer({port: 0, dir: workDir, dataset: 'reextract'})
    try {
      const client = createClient({projectId: 'local', dataset: 'reextract', apiHost: server.url, useProjectHostname: false, apiVersion: '2024-01-29', useCdn: false})
      const result = await executeMigration(probe, new Map(docs), {dryRun: true, client: restrictClient(client, ALLOWED_PROPERTIES)})
      expect(result.changed).toEqual([])
      expect(fetched).toBe(articles().length)
    } finally {
      await server.close()
    }
  })
})
