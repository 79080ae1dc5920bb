import {existsSync} from 'node:fs'
import {mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {buildReport} from '../migrations/report/build'
import {decodeReport} from '../migrations/report/decode'
import type {AgencyDoc, ArticleDoc} from '../migrations/report/documents'

/**
 * A dataset for the example site and its tests, built from report files
 * with the real importer and written as `<dir>/<dataset>.ndjson` for the
 * local endpoint.
 */

const ROOT = path.resolve(import.meta.dirname, '..')

/** The sample reports and, when present beside the repository, the shared seeds. */
export function defaultReportSources(): string[] {
  return [path.join(ROOT, 'examples'), path.resolve(ROOT, '../shared/seeds')].filter((p) => existsSync(p))
}

export async function findReports(sources: readonly string[]): Promise<string[]> {
  const files: string[] = []
  for (const source of sources) {
    if ((await stat(source)).isFile()) {
      files.push(source)
      continue
    }
    for (const entry of await readdir(source, {withFileTypes: true, recursive: true})) {
      if (entry.isFile() && entry.name.endsWith('.txt')) files.push(path.join(entry.parentPath, entry.name))
    }
  }
  return files.sort()
}

export interface DemoDocuments {
  articles: ArticleDoc[]
  /** Deduplicated by `_id`; the first import of an agency wins. */
  agencies: AgencyDoc[]
  /** `file: reason` for reports the importer refused. */
  skipped: string[]
}

export async function buildDocuments(files: readonly string[], importedAt = '2025-01-01T00:00:00.000Z'): Promise<DemoDocuments> {
  const articles = new Map<string, ArticleDoc>()
  const agencies = new Map<string, AgencyDoc>()
  const skipped: string[] = []
  for (const file of files) {
    const decoded = decodeReport(await readFile(file))
    if (!decoded.ok) {
      skipped.push(`${file}: ${decoded.reason}`)
      continue
    }
    const result = buildReport({fileName: path.basename(file), text: decoded.text, importedAt})
    if (!result.ok) {
      skipped.push(`${file}: ${result.reason}`)
      continue
    }
    articles.set(result.report.article._id, result.report.article)
    for (const agency of result.report.agencies) if (!agencies.has(agency._id)) agencies.set(agency._id, agency)
  }
  return {articles: [...articles.values()], agencies: [...agencies.values()], skipped}
}

/** Writes documents as NDJSON with the system fields Content Lake would add. */
export async function writeDataset(
  dir: string,
  dataset: string,
  docs: ReadonlyArray<{_id: string; _type: string}>,
  timestamp = '2025-01-01T00:00:00.000Z',
): Promise<string> {
  await mkdir(dir, {recursive: true})
  const file = path.join(dir, `${dataset}.ndjson`)
  const lines = docs.map((doc) => JSON.stringify({_createdAt: timestamp, _updatedAt: timestamp, _rev: 'demo', ...doc}))
  await writeFile(file, lines.length ? `${lines.join('\n')}\n` : '')
  return file
}
