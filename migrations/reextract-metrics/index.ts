/**
 * Re-runs the current metric extractor over imported articles, without
 * overwriting editors' work.
 *
 * A paragraph is rebuilt only while its content still hashes to the hash
 * the importer recorded for it (`source.blockHashes[_key == <block key>]`),
 * i.e. nobody has changed it since import. Its text is re-read from its
 * spans and metrics, the extractor cuts it into text and metrics again, and
 * the builder's own `buildChildren` lays out the new children, keeping the
 * agency mentions (and any other marks) on the same character ranges. The
 * block's recorded hash is updated, so it still counts as unedited.
 *
 * Metric units come out as `normalise-metric-units` leaves them (万元, not
 * 萬元): the extractor keeps units as written, and re-extraction must not
 * undo that migration.
 *
 * A paragraph that no longer matches its recorded hash was edited: it is
 * left alone and reported on the console, as is one with no recorded hash
 * (added after import). Metric blocks, which only editors make, are never
 * touched.
 *
 *   sanity migration run reextract-metrics            # dry run
 *   npm run migrate -- reextract-metrics [--apply]    # local dataset
 */
import {at, defineMigration, set, type NodePatch} from 'sanity/migrate'
import {buildChildren, type MarkedRange} from '../report/build'
import {blockHash} from '../report/fingerprint'
import {normaliseMetric} from '../normalise-metric-units'
import {extractMetrics} from '../report/extract-metrics'
import {
  articleMutations,
  bodyBlocks,
  isRecord,
  recordedBlockHashes,
  sameJson,
  type BlockChange,
  type KeyedObject,
  type MigratedDocument,
} from '../shared/article'

/** A paragraph's text and marked ranges, read back from its children; undefined if it has other inline content. */
export function readParagraph(block: KeyedObject): {text: string; ranges: MarkedRange[]} | undefined {
  if (!Array.isArray(block.children)) return undefined
  let text = ''
  const ranges: MarkedRange[] = []
  for (const child of block.children) {
    if (!isRecord(child) || typeof child.text !== 'string') return undefined
    if (child._type === 'span') {
      const marks = Array.isArray(child.marks) ? child.marks.filter((m): m is string => typeof m === 'string') : []
      if (marks.length > 0) ranges.push({start: text.length, end: text.length + child.text.length, marks})
    } else if (child._type !== 'metric') {
      return undefined
    }
    text += child.text
  }
  return {text, ranges}
}

/** The paragraph as the current extractor and builder would make it, same key and marks. */
export function rebuildParagraph(block: KeyedObject): KeyedObject | undefined {
  const paragraph = readParagraph(block)
  if (!paragraph) return undefined
  const children = buildChildren(block._key, paragraph.text, extractMetrics(paragraph.text), paragraph.ranges).map(
    (child) => (child._type === 'metric' ? {...child, ...normaliseMetric(child)} : child),
  )
  const used = new Set(children.flatMap((child) => (child._type === 'span' ? child.marks : [])))
  const markDefs = Array.isArray(block.markDefs)
    ? block.markDefs.filter((def: unknown) => isRecord(def) && typeof def._key === 'string' && used.has(def._key))
    : []
  return {...block, markDefs, children}
}

export interface ReextractReport {
  (line: string): void
}

/** Every mutation re-extraction makes to one article; skipped paragraphs go to `report`. */
export function reextractArticle(doc: MigratedDocument, report: ReextractReport = (line) => console.warn(line)) {
  const recorded = recordedBlockHashes(doc)
  const changes: BlockChange[] = []
  for (const block of bodyBlocks(doc)) {
    if (block._type !== 'block') continue
    const hash = recorded.get(block._key)
    if (hash === undefined) {
      report(`reextract-metrics: ${doc._id} block ${block._key} has no import hash (added after import); left alone`)
      continue
    }
    if (blockHash(block) !== hash) {
      report(`reextract-metrics: ${doc._id} block ${block._key} was edited since import; left alone`)
      continue
    }
    const rebuilt = rebuildParagraph(block)
    if (!rebuilt || sameJson(rebuilt, block)) continue
    const path = ['body', {_key: block._key}]
    const patches: NodePatch[] = [at([...path, 'children'], set(rebuilt.children))]
    if (!sameJson(rebuilt.markDefs, block.markDefs)) patches.push(at([...path, 'markDefs'], set(rebuilt.markDefs)))
    changes.push({key: block._key, before: block, after: rebuilt, patches})
  }
  return articleMutations(doc, changes)
}

export default defineMigration({
  title: 'Re-extract metrics from paragraphs nobody has edited since import',
  documentTypes: ['article'],
  filter: 'defined(source.blockHashes)',
  migrate: {
    document(doc) {
      return reextractArticle(doc)
    },
  },
})
