import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import type {SanityDocument} from '../local/dataset-store'
import renameMigration, {currentAgencyName, renameAgencies} from '../migrations/rename-agencies'
import {agencyId, agencyMarkKey, agencyReferenceKey, buildReport, type ImportedReport} from '../migrations/report/build'
import {blockHash, contentFingerprint} from '../migrations/report/fingerprint'
import {isRecord} from '../migrations/shared/article'
import {executeMigration} from '../migrations/runner/execute'
import {runScript} from './helpers/cli'
import {noClient} from './helpers/migration-client'


const REPORT = [
  '富阳区市场监管局开展电梯安全专项检查',
  '近日，富阳区市场监管局联合杭州市桐庐县教育局开展校园电梯安全专项检查，共检查电梯120台，发现隐患15处。',
  '富阳区市场监管局表示，下一步将持续开展检查，桐庐县教育局将配合做好整改。',
].join('\n')

/** What the current importer names them, and the names an earlier release gave the same two agencies. */
const MARKET = '杭州市富阳区市场监督管理局'
const EDUCATION = '桐庐县教育局'
const OLD_NAMES: Record<string, string> = {[MARKET]: '富阳区市场监督管理局', [EDUCATION]: '杭州市桐庐县教育局'}

function fresh(): ImportedReport {
  const built = buildReport({fileName: 'fuyang-lifts.txt', text: REPORT, importedAt: '2024-06-01T00:00:00.000Z'})
  if (!built.ok) throw new Error(built.reason)
  return built.report
}

/**
 * The same report as the earlier release imported it: its agencies under the old names' ids, the article's
 * references and marks keyed for those ids, and its block and import hashes matching, so nobody edited it.
 */
function oldImport(): {article: SanityDocument; agencies: SanityDocument[]} {
  const report = fresh()
  let json = JSON.stringify(report.article)
  for (const agency of report.agencies) {
    const oldId = agencyId(OLD_NAMES[agency.name] ?? agency.name)
    json = json.replaceAll(agencyReferenceKey(agency._id), agencyReferenceKey(oldId))
    for (const block of report.article.body) json = json.replaceAll(agencyMarkKey(block._key, agency._id), agencyMarkKey(block._key, oldId))
    json = json.replaceAll(`"${agency._id}"`, `"${oldId}"`)
  }
  const article = JSON.parse(json) as SanityDocument & {body: unknown[]; source: {blockHashes: Array<{_key: string; hash: string}>; importHash: string}}
  article.source.blockHashes = article.body.map((block) => {
    const key = isRecord(block) && typeof block._key === 'string' ? block._key : ''
    return {_key: key, _type: 'blockHash', hash: blockHash(block)}
  })
  article.source.importHash = contentFingerprint(article)
  const agencies = report.agencies.map((agency) => {
    const name = OLD_NAMES[agency.name] ?? agency.name
    const id = agencyId(name)
    return {...agency, _id: id, name, slug: {_type: 'slug', current: id.slice('agency.'.length)}, aliases: (agency.aliases ?? []).filter((a) => a !== name)}
  })
  return {article, agencies}
}

const withoutStamps = (doc: SanityDocument | undefined): Record<string, unknown> => {
  const {_rev: _r, _createdAt: _c, _updatedAt: _u, ...rest} = doc ?? {_id: '', _type: ''}
  return rest
}

async function migrate(docs: SanityDocument[]): Promise<Map<string, SanityDocument>> {
  const map = new Map(docs.map((doc) => [doc._id, structuredClone(doc)]))
  await executeMigration(renameMigration, map, {dryRun: false, client: noClient})
  return map
}

describe('rename-agencies', () => {
  it('reads the name the importer gives an agency written on its own', () => {
    expect(currentAgencyName('富阳区市场监督管理局')).toBe(MARKET)
    expect(currentAgencyName('富阳区市场监管局')).toBe(MARKET)
    expect(currentAgencyName('杭州市桐庐县教育局')).toBe(EDUCATION)
    expect(currentAgencyName(MARKET)).toBe(MARKET)
    // The party's 中共 stands outside the marked name, but the whole is still one agency.
    expect(currentAgencyName('中共淳安县委政法委员会')).toBe('中共淳安县委政法委员会')
    expect(currentAgencyName('淳安县委政法委')).toBe('中共淳安县委政法委员会')
    // Not one agency: left alone.
    expect(currentAgencyName('某某科技有限公司')).toBeUndefined()
    expect(currentAgencyName('杭州市生态环境局和富阳区市场监管局')).toBeUndefined()
  })

  it('moves an unedited old import to what a fresh import makes, hashes included', async () => {
    const old = oldImport()
    // The fixture is what it claims: old ids, and unedited.
    expect(JSON.stringify(old.article)).toContain(agencyId('富阳区市场监督管理局'))
    expect(old.article.source).toMatchObject({importHash: contentFingerprint(old.article)})

    const after = await migrate([old.article, ...old.agencies])
    const now = fresh()
    expect(withoutStamps(after.get(old.article._id))).toEqual(now.article)
    for (const agency of now.agencies) {
      const moved = after.get(agency._id)
      expect(withoutStamps(moved)).toMatchObject({name: agency.name, slug: agency.slug, level: agency.level, region: agency.region, sector: agency.sector})
      // Every spelling it was known by stays findable.
      expect(moved?.aliases).toEqual(expect.arrayContaining([OLD_NAMES[agency.name], ...(agency.aliases ?? [])]))
    }
    for (const agency of old.agencies) expect(after.has(agency._id)).toBe(false)
    // Nothing is left to move.
    expect(renameAgencies([...after.values()], vi.fn())).toEqual([])
  })

  it('moves an edited article’s references too, and it stays edited', async () => {
    const old = oldImport()
    const body = old.article.body as Array<{_key: string; children: Array<{_type: string; text: string}>}>
    const edited = body[1]
    const span = edited?.children.find((child) => child._type === 'span' && child.text.includes('表示'))
    if (!edited || !span) throw new Error('fixture changed')
    span.text = span.text.replace('表示', '称')
    const importHash = (old.article.source as {importHash: string}).importHash

    const after = await migrate([old.article, ...old.agencies])
    const article = after.get(old.article._id)
    const json = JSON.stringify(article)
    for (const agency of old.agencies) expect(json).not.toContain(`"${agency._id}"`)
    const source = article?.source as {importHash: string; blockHashes: Array<{_key: string; hash: string}>}
    // Still edited: the import hash and the edited paragraph's hash are the ones recorded at import.
    expect(source.importHash).toBe(importHash)
    expect(source.importHash).not.toBe(contentFingerprint(article ?? {}))
    const movedBody = (article?.body ?? []) as Array<{_key: string}>
    for (const entry of source.blockHashes) {
      const block = movedBody.find((b) => b._key === entry._key)
      if (entry._key === edited._key) expect(entry.hash).not.toBe(blockHash(block))
      else expect(entry.hash).toBe(blockHash(block))
    }
  })

  it('merges into a document already at the new id: old spellings become aliases, missing fields come along', async () => {
    const old = oldImport()
    const now = fresh()
    const current = now.agencies.find((agency) => agency.name === MARKET)
    const outdated = old.agencies.find((agency) => agency.name === OLD_NAMES[MARKET])
    if (!current || !outdated) throw new Error('fixture changed')
    // An editor gave the old document a website; another report already made the new one.
    const website = 'https://www.fuyang.gov.cn/'
    const after = await migrate([old.article, ...old.agencies.map((a) => (a === outdated ? {...a, website} : a)), current])
    expect(withoutStamps(after.get(current._id))).toMatchObject({name: MARKET, website})
    expect(after.get(current._id)?.aliases).toEqual(expect.arrayContaining(['富阳区市场监管局', '富阳区市场监督管理局']))
    expect(after.has(outdated._id)).toBe(false)
    expect(withoutStamps(after.get(old.article._id))).toEqual(now.article)
  })

  it('makes one document of two old spellings of one agency, with the fields of both', async () => {
    const old = oldImport()
    const outdated = old.agencies.find((agency) => agency.name === OLD_NAMES[MARKET])
    if (!outdated) throw new Error('fixture changed')
    const website = 'https://www.fuyang.gov.cn/'
    const shorter = {...outdated, _id: agencyId('富阳区市场监管局'), name: '富阳区市场监管局', aliases: [], website}
    const after = await migrate([old.article, ...old.agencies, shorter])
    expect(withoutStamps(after.get(agencyId(MARKET)))).toMatchObject({name: MARKET, website, region: '浙江省杭州市富阳区'})
    expect(after.get(agencyId(MARKET))?.aliases).toEqual(expect.arrayContaining(['富阳区市场监督管理局', '富阳区市场监管局']))
    expect(after.has(outdated._id) || after.has(shorter._id)).toBe(false)
  })

  it('points a child agency at its parent’s new id', async () => {
    const old = oldImport()
    const parentId = agencyId(OLD_NAMES[MARKET] ?? '')
    const child = {_id: 'agency.child', _type: 'agency', name: '某某检查站', level: 'other', parent: {_type: 'reference', _ref: parentId}}
    const after = await migrate([old.article, ...old.agencies, child])
    expect(after.get('agency.child')?.parent).toEqual({_type: 'reference', _ref: agencyId(MARKET)})
  })

  it('leaves an agency with unpublished edits where it is, and says so', () => {
    const old = oldImport()
    const outdated = old.agencies.find((agency) => agency.name === OLD_NAMES[MARKET])
    if (!outdated) throw new Error('fixture changed')
    const report = vi.fn()
    const mutations = renameAgencies([old.article, ...old.agencies, {...outdated, _id: `drafts.${outdated._id}`}], report)
    expect(report).toHaveBeenCalledWith(
      `rename-agencies: ${outdated._id} (富阳区市场监督管理局) has unpublished edits; left alone, to become ${agencyId(MARKET)}`,
    )
    // Neither moved nor deleted; the other agency still moves.
    const deleted = mutations.flatMap((m) => (m.type === 'delete' ? [m.id] : []))
    const created = mutations.flatMap((m) => (m.type === 'create' ? [m.document._id] : []))
    expect(deleted).toEqual([agencyId(OLD_NAMES[EDUCATION] ?? '')])
    expect(created).toEqual([agencyId(EDUCATION)])
    // The article keeps its reference to the agency that stays.
    expect(JSON.stringify(mutations)).not.toContain(`"${agencyId(MARKET)}"`)
  })
})

describe('npm run migrate -- rename-agencies on a local dataset', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rename-agencies-'))
  })
  afterAll(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  it('dry-runs, then applies atomically and records itself; a second run has nothing to do', async () => {
    const old = oldImport()
    const file = path.join(dir, 'old.ndjson')
    await writeFile(file, [old.article, ...old.agencies].map((doc) => JSON.stringify(doc)).join('\n') + '\n')
    const before = await readFile(file, 'utf8')

    const dry = await runScript('scripts/migrate.ts', ['rename-agencies', '--dir', dir, '--dataset', 'old'])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(`${agencyId(MARKET)}\n  + (document)`)
    expect(dry.stdout).toContain(`${agencyId(OLD_NAMES[MARKET] ?? '')}\n  - (document)`)
    expect(dry.stdout).toMatch(/Dry run on local dataset "old" .*: 3 documents scanned, 5 changed/)
    expect(await readFile(file, 'utf8')).toBe(before)

    const applied = await runScript('scripts/migrate.ts', ['rename-agencies', '--apply', '--dir', dir, '--dataset', 'old'])
    expect(applied.code).toBe(0)
    const ids = (await readFile(file, 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as {_id: string})._id).sort()
    expect(ids).toEqual([old.article._id, agencyId(EDUCATION), agencyId(MARKET)].sort())

    const forced = await runScript('scripts/migrate.ts', ['rename-agencies', '--apply', '--force', '--dir', dir, '--dataset', 'old'])
    expect(forced.code).toBe(0)
    expect(forced.stdout).toMatch(/0 changed/)
  })
})
