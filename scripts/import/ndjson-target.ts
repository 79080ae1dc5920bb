import {createWriteStream, type WriteStream} from 'node:fs'
import {mkdir, open, rename, rm} from 'node:fs/promises'
import path from 'node:path'
import type {ImportedReport} from '../../migrations/report/build'
import type {AgencyDoc} from '../../migrations/report/documents'
import type {ImportTarget, WriteOutcome} from './target'

/**
 * Streams articles to an NDJSON file for `sanity dataset import`. Agencies
 * are shared across reports, so each is written once, at the end. The file
 * appears atomically: written under a temporary name, fsynced, renamed.
 */
export class NdjsonTarget implements ImportTarget {
  readonly description: string
  private stream: WriteStream | undefined
  private readonly tempPath: string
  private readonly agencies = new Map<string, AgencyDoc>()

  constructor(private readonly outPath: string) {
    this.description = `NDJSON file ${outPath}`
    this.tempPath = path.join(path.dirname(outPath), `.${path.basename(outPath)}.${process.pid}.tmp`)
  }

  async open(): Promise<void> {
    await mkdir(path.dirname(this.outPath), {recursive: true})
    // A large buffer: an article line is tens of KB, and waiting for a drain after each one idles the import.
    this.stream = createWriteStream(this.tempPath, {encoding: 'utf8', highWaterMark: 4 * 1024 * 1024})
    await new Promise<void>((resolve, reject) => {
      this.stream?.once('open', () => resolve()).once('error', reject)
    })
  }

  async write(report: ImportedReport): Promise<WriteOutcome> {
    let written = 1
    for (const agency of report.agencies) {
      const known = this.agencies.get(agency._id)
      if (!known) written++
      this.agencies.set(agency._id, known ? mergeAgency(known, agency) : agency)
    }
    await this.line(report.article)
    return {status: 'imported', written}
  }

  async close(ok: boolean): Promise<void> {
    const stream = this.stream
    if (!stream) return
    if (ok) for (const agency of this.agencies.values()) await this.line(agency)
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())))
    if (!ok) {
      await rm(this.tempPath, {force: true})
      return
    }
    const handle = await open(this.tempPath, 'r+')
    await handle.sync()
    await handle.close()
    await rename(this.tempPath, this.outPath)
  }

  private async line(doc: object): Promise<void> {
    const stream = this.stream
    if (!stream) throw new Error('NDJSON target is not open')
    if (!stream.write(`${JSON.stringify(doc)}\n`)) {
      await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
    }
  }
}

/** A later report may know more about an agency (a short name, an alias). */
export function mergeAgency(known: AgencyDoc, next: AgencyDoc): AgencyDoc {
  const shortName = known.shortName ?? next.shortName
  const aliases = [...new Set([...(known.aliases ?? []), ...(next.aliases ?? []), next.shortName ?? ''])].filter(
    (alias) => alias && alias !== known.name && alias !== shortName,
  )
  const {aliases: _ignored, ...rest} = {...next, ...known}
  return {...rest, ...(shortName ? {shortName} : {}), ...(aliases.length ? {aliases} : {})}
}
