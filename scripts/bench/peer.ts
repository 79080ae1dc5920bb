/**
 * The peer of the import benchmark: what a Sanity user would otherwise reach
 * for to turn report text into Portable Text, `@portabletext/block-tools`
 * `htmlToBlocks` with JSDOM. It yields plain blocks and no metrics.
 *
 * It runs on a worker thread of its own (peer-worker.ts), so JSDOM's heap
 * of discarded windows never bills our builds on the main thread for its
 * garbage collections, and ours never bills it.
 */
import {htmlToBlocks} from '@portabletext/block-tools'
import {Schema} from '@sanity/schema'
import {JSDOM} from 'jsdom'
import {schemaTypes} from '../../schemas'

type BlockContentType = Extract<Parameters<typeof htmlToBlocks>[1], {jsonType: 'array'}>

export interface PeerJob {
  /** Converted untimed first, so JSDOM and block-tools are loaded and compiled. */
  warmup: string[]
  /** The measured reports' HTML, and each report's size in UTF-8 bytes of its text. */
  htmls: Array<{html: string; bytes: number}>
}

export type PeerRunner = (job: PeerJob) => PeerTally

export interface PeerTally {
  reports: number
  seconds: number
  bytes: number
  blocks: number
  metrics: number
  marks: number
}

/**
 * A peer that converts jobs' HTML, timing each `htmlToBlocks` call alone.
 * The schema is compiled once, so a benchmark can send it many small jobs.
 */
export function createPeer(): PeerRunner {
  const blockContentType = bodyBlockContentType()
  const parseHtml = (html: string): Document => new JSDOM(html).window.document
  return (job) => runPeer(job, blockContentType, parseHtml)
}

function runPeer(job: PeerJob, blockContentType: BlockContentType, parseHtml: (html: string) => Document): PeerTally {
  for (const html of job.warmup) htmlToBlocks(html, blockContentType, {parseHtml})
  const tally: PeerTally = {reports: 0, seconds: 0, bytes: 0, blocks: 0, metrics: 0, marks: 0}
  for (const {html, bytes} of job.htmls) {
    const t0 = performance.now()
    const blocks = htmlToBlocks(html, blockContentType, {parseHtml})
    tally.seconds += (performance.now() - t0) / 1000
    tally.reports++
    tally.bytes += bytes
    tally.blocks += blocks.length
    for (const block of blocks) {
      const children: unknown = 'children' in block ? block.children : []
      if (!Array.isArray(children)) continue
      for (const child of children as unknown[]) {
        if (isRecord(child) && child._type === 'metric') tally.metrics++
        if (isRecord(child) && Array.isArray(child.marks) && child.marks.length > 0) tally.marks++
      }
    }
  }
  return tally
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function isArrayType(value: unknown): value is BlockContentType {
  return isRecord(value) && value.jsonType === 'array' && Array.isArray(value.of)
}

/** The compiled Sanity schema type of article.body, which is what block-tools converts into. */
function bodyBlockContentType(): BlockContentType {
  const schema = Schema.compile({name: 'bench', types: schemaTypes})
  const article: unknown = schema.get('article')
  const fields: unknown[] = isRecord(article) && Array.isArray(article.fields) ? article.fields : []
  const body = fields.find((field) => isRecord(field) && field.name === 'body')
  const type: unknown = isRecord(body) ? body.type : undefined
  if (!isArrayType(type)) throw new Error('article.body is not an array type in the compiled schema')
  return type
}
