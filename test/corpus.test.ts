import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {buildReport, type ImportedReport} from '../migrations/report/build'
import {DEFAULT_SEED, generateReport, mulberry32} from '../scripts/bench/corpus'

type TextBlock = Extract<ImportedReport['article']['body'][number], {_type: 'block'}>

const blockText = (block: TextBlock): string =>
  block.children.map((child) => child.text).join('')

/**
 * Every text block is a whole source line, or (for a run-in heading such as
 * `（一）完善制度体系。全年…`) consecutive blocks join to one. Returns the
 * blocks that could not be matched.
 */
function unmatchedBlocks(blocks: readonly TextBlock[], source: string): string[] {
  const lines = new Set(source.split('\n').map((line) => line.trim()).filter((line) => line !== ''))
  const unmatched: string[] = []
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]
    if (!block) continue
    let text = blockText(block)
    let j = i
    while (!lines.has(text) && j + 1 < blocks.length && j - i < 2) {
      const next = blocks[j + 1]
      if (!next) break
      text += blockText(next)
      j++
    }
    if (lines.has(text)) i = j
    else unmatched.push(blockText(block))
  }
  return unmatched
}

describe('mulberry32', () => {
  it('is a deterministic stream in [0, 1)', () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    const xs = Array.from({length: 1000}, () => a())
    expect(Array.from({length: 1000}, () => b())).toEqual(xs)
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true)
    expect(new Set(xs).size).toBe(1000)
  })
})

describe('generateReport', () => {
  it('is deterministic: the same index and seed give the same text', () => {
    for (const index of [0, 1, 7, 999, 123_456]) {
      expect(generateReport(index)).toBe(generateReport(index))
      expect(generateReport(index, DEFAULT_SEED)).toBe(generateReport(index))
      expect(generateReport(index, 99)).toBe(generateReport(index, 99))
    }
    expect(generateReport(3, 1)).not.toBe(generateReport(3, 2))
  })

  it('gives different reports for different indices, of roughly 4–8 KB', () => {
    const reports = Array.from({length: 500}, (_, i) => generateReport(i))
    expect(new Set(reports).size).toBe(500)
    const titles = new Set(reports.map((r) => r.split('\n').find((line) => line.trim() !== '')))
    expect(titles.size).toBeGreaterThan(200)
    for (const report of reports) {
      const bytes = Buffer.byteLength(report, 'utf8')
      expect(bytes).toBeGreaterThanOrEqual(3_500)
      expect(bytes).toBeLessThanOrEqual(9_000)
    }
  })

  it('covers the seed style: banners, repeated titles, enumerations, short forms, figures and traps', () => {
    const corpus = Array.from({length: 300}, (_, i) => generateReport(i)).join('\n')
    for (const feature of [
      '以下简称', '一、', '（一）', '人次', '家次', '件', '项', '期', '万元', '亿元', '%', '个百分点', '同比增长', '同比下降',
      '排名第', '余', '约', '超过', '1-', '〔', 'PM2.5', '一把手', '分局', '生态环境局', '市场监督管理局', '税务局',
      '综合行政执法局', '来源：',
    ]) {
      expect(corpus.includes(feature), feature).toBe(true)
    }
    // A title repeated with a truncated lead on the next line, as scrapes do.
    const repeated = Array.from({length: 100}, (_, i) => generateReport(i)).filter((report) => {
      const lines = report.split('\n')
      return lines.some((line, k) => k < 4 && line.length > 0 && (lines[k + 1] ?? '').startsWith(line) && lines[k + 1] !== line)
    })
    expect(repeated.length).toBeGreaterThan(10)
  })
})

describe('buildReport on 200 generated reports', () => {
  const results = Array.from({length: 200}, (_, i) => {
    const text = generateReport(i)
    return {i, text, result: buildReport({fileName: `synthetic-${i}.txt`, text, importedAt: '2024-06-01T00:00:00.000Z'})}
  })

  it('imports every report with metrics and at least one agency', () => {
    for (const {i, result} of results) {
      if (!result.ok) throw new Error(`report ${i}: ${result.reason}`)
      expect(result.report.counts.metrics, `report ${i}`).toBeGreaterThan(0)
      expect(result.report.counts.agencies, `report ${i}`).toBeGreaterThanOrEqual(1)
      expect(result.report.article.agencies.length, `report ${i}`).toBeGreaterThanOrEqual(1)
    }
  })

  it('has about the seed’s density of figures (within 1.5×), not a figure in every clause', () => {
    const seedText = readFileSync(new URL('../../shared/seeds/000_984990fb53a38cb6.txt', import.meta.url), 'utf8')
    const seed = buildReport({fileName: 'seed.txt', text: seedText, importedAt: '2024-06-01T00:00:00.000Z'})
    if (!seed.ok) throw new Error(seed.reason)
    const perKiB = (metrics: number, text: string) => metrics / (Buffer.byteLength(text, 'utf8') / 1024)
    const seedDensity = perKiB(seed.report.counts.metrics, seedText)
    let metrics = 0
    let bytes = 0
    for (const {text, result} of results) {
      if (!result.ok) continue
      metrics += result.report.counts.metrics
      bytes += Buffer.byteLength(text, 'utf8')
    }
    const corpusDensity = metrics / (bytes / 1024)
    expect(corpusDensity).toBeGreaterThan(seedDensity / 1.5)
    expect(corpusDensity).toBeLessThan(seedDensity * 1.5)
  })

  it('has about the seed’s paragraph structure (within 1.5×): blocks per KiB, headings per paragraph, paragraph length', () => {
    // Per-block work dominates a build, so a corpus cut into many more, shorter blocks than real reports would
    // measure a different workload from the one the seed shows.
    const shape = (reports: ReadonlyArray<{text: string; result: ReturnType<typeof buildReport>}>) => {
      let blocks = 0
      let headings = 0
      let paragraphChars = 0
      let bytes = 0
      for (const {text, result} of reports) {
        if (!result.ok) throw new Error(result.reason)
        bytes += Buffer.byteLength(text, 'utf8')
        for (const block of result.report.article.body) {
          if (block._type !== 'block') continue
          blocks++
          if (block.style === 'normal') paragraphChars += blockText(block).length
          else headings++
        }
      }
      const paragraphs = blocks - headings
      return {blocksPerKiB: blocks / (bytes / 1024), headingsPerParagraph: headings / paragraphs, paragraphLength: paragraphChars / paragraphs}
    }
    const seedText = readFileSync(new URL('../../shared/seeds/000_984990fb53a38cb6.txt', import.meta.url), 'utf8')
    const seed = shape([{text: seedText, result: buildReport({fileName: 'seed.txt', text: seedText, importedAt: '2024-06-01T00:00:00.000Z'})}])
    const corpus = shape(results)
    for (const measure of ['blocksPerKiB', 'headingsPerParagraph', 'paragraphLength'] as const) {
      expect(corpus[measure], measure).toBeGreaterThan(seed[measure] / 1.5)
      expect(corpus[measure], measure).toBeLessThan(seed[measure] * 1.5)
    }
  })

  it('is lossless: every text block (spans + metric texts) is a paragraph of the source', () => {
    for (const {i, text, result} of results) {
      if (!result.ok) throw new Error(`report ${i}: ${result.reason}`)
      const blocks = result.report.article.body.filter((b): b is TextBlock => b._type === 'block')
      expect(blocks.length, `report ${i}`).toBeGreaterThan(3)
      expect(unmatchedBlocks(blocks, text), `report ${i}`).toEqual([])
    }
  })

  it('never turns the traps (years, ranges, document numbers, PM2.5, 一把手) into figures', () => {
    for (const {i, result} of results) {
      if (!result.ok) throw new Error(`report ${i}: ${result.reason}`)
      for (const block of result.report.article.body) {
        if (block._type !== 'block') continue
        for (const child of block.children) {
          if (child._type !== 'metric') continue
          expect(child.text, `report ${i}`).not.toMatch(/PM|〔|一把手|1\+2|^(?:19|20)\d{2}年|^\d{1,2}-\d{1,2}月|日$/)
        }
      }
    }
  })
})
