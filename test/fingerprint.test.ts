import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {buildReport} from '../migrations/report/build'
import {blockJson, isPlainText} from '../migrations/report/block-json'
import type {TextBlockDoc} from '../migrations/report/documents'
import {blockHash, canonicalJson, contentFingerprint, sha256, shortHash, shortHashJoined} from '../migrations/report/fingerprint'
import {reconcile} from '../migrations/report/reconcile'
import {generateReport} from '../scripts/bench/corpus'
import {EXAMPLES, SEED} from './helpers/cli'

/** The definition canonicalJson must keep: JSON.stringify with a replacer that sorts every object's keys. */
function sortingStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {}
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k]
      return sorted
    }
    return v
  })
}

const build = (index: number) => {
  const result = buildReport({fileName: `r${index}.txt`, text: generateReport(index), importedAt: '2026-01-01T00:00:00.000Z'})
  if (!result.ok) throw new Error(result.reason)
  return result.report
}

describe('canonicalJson', () => {
  it('equals the sorting-replacer definition on any JSON value, including index-like keys and undefined', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        {depthSize: 'small'},
        fc.string(),
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.array(tie('node'), {maxLength: 5}),
        fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '2', '_key', '_type', '-1', '01')), tie('node'), {maxKeys: 6}),
      ),
    })).node
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(sortingStringify(v) ?? 'undefined')
      }),
      {numRuns: 500},
    )
  })

  it('does not depend on key order and leaves its input untouched', () => {
    const a = {b: [{y: 1, x: 2}], a: 'z'}
    const before = JSON.stringify(a)
    expect(canonicalJson(a)).toBe(canonicalJson({a: 'z', b: [{x: 2, y: 1}]}))
    expect(canonicalJson(a)).toBe('{"a":"z","b":[{"x":2,"y":1}]}')
    expect(JSON.stringify(a)).toBe(before)
  })

  it('serialises Dates as JSON.stringify does', () => {
    const value = {when: new Date('2024-01-02T03:04:05.000Z'), n: Number.NaN}
    expect(canonicalJson(value)).toBe(sortingStringify(value))
  })
})

describe('shortHash', () => {
  it('gives stable alphanumeric keys of the requested length', () => {
    expect(shortHash('abc')).toBe(shortHash('abc'))
    expect(shortHash('abc')).toMatch(/^[0-9a-zA-Z]{12}$/)
    expect(shortHash('abc', 10)).toBe(shortHash('abc').slice(0, 10))
    expect(shortHash('abc')).not.toBe(shortHash('abd'))
  })

  it('keeps the keys earlier imports were given', () => {
    // Every _key derives from shortHash: a changed digit would re-key every stored block on re-import.
    expect(shortHash('abc')).toBe('4BSyj5OqZu13')
    expect(shortHash('')).toBe('HqAXSVzmuk01')
    expect(shortHash('杭州市生态环境局富阳分局')).toBe('30qicZze9C11')
    expect(shortHash('x'.repeat(1000), 10)).toBe('dyCiaq0bsx')
  })

  it('keys joined parts as it keys the joined string', () => {
    fc.assert(
      fc.property(fc.array(fc.string({unit: 'grapheme'}), {maxLength: 4}), fc.integer({min: 1, max: 12}), (parts, length) => {
        expect(shortHashJoined(parts, length)).toBe(shortHash(parts.join('\u0000'), length))
      }),
    )
  })

  it('has no collisions among 200,000 keys built the way block children are keyed', () => {
    const keys = new Set<string>()
    for (let block = 0; block < 2000; block++) for (let child = 0; child < 100; child++) keys.add(shortHash(`${shortHash(String(block))}\u0000${child}`, 10))
    expect(keys.size).toBe(200_000)
  })
})

describe('blockJson', () => {
  // Any text at all: quotes, backslashes, controls, lone and paired surrogates.
  const text = fc.oneof(fc.string({unit: 'binary'}), fc.string({unit: 'grapheme'}), fc.constantFrom('"', '\\', '\n', '\ud800', '\udc00x', '😀'))
  const span = fc.record({_key: text, _type: fc.constant('span' as const), marks: fc.array(text, {maxLength: 3}), text})
  const metric = fc.record(
    {
      _key: text,
      _type: fc.constant('metric' as const),
      approximation: fc.constantFrom('exact' as const, 'moreThan' as const),
      baseUnit: text,
      change: fc.constantFrom('increase' as const, 'decrease' as const),
      kind: fc.constantFrom('count' as const, 'percent' as const),
      label: text,
      period: text,
      scaledValue: fc.double(),
      text,
      unit: text,
      value: fc.double(),
    },
    {requiredKeys: ['_key', '_type', 'approximation', 'kind', 'text', 'unit', 'value']},
  )
  const mention = fc.record({
    _key: text,
    _type: fc.constant('agencyMention' as const),
    agency: fc.record({_ref: text, _type: fc.constant('reference' as const)}),
  })
  const block = fc.record({
    _key: text,
    _type: fc.constant('block' as const),
    children: fc.array(fc.oneof(span, metric), {minLength: 1, maxLength: 5}),
    markDefs: fc.array(mention, {maxLength: 3}),
    style: fc.constantFrom('normal' as const, 'h2' as const),
  })

  it('writes what JSON.stringify writes for any block of the builder\'s shape', () => {
    fc.assert(
      fc.property(block, (b) => {
        expect(blockJson(b as TextBlockDoc)).toBe(JSON.stringify(b))
      }),
      {numRuns: 500},
    )
  })

  it('writes what JSON.stringify writes for every block built from generated reports', () => {
    for (let i = 0; i < 40; i++) for (const b of build(i).article.body) expect(JSON.parse(blockJson(b as TextBlockDoc))).toEqual(b)
  })

  it('skips escape checks only where the report text vouches for it, and writes the same JSON', () => {
    expect(['a"b', 'a\\b', 'a\u0001b', 'a\tb', '\ud83d\ude00', '\ud800'].map(isPlainText)).toEqual([false, false, false, false, false, false])
    expect(['杭州市富阳区\n检查企业693家次。\r\n', '５００余人次，同比下降20%'].map(isPlainText)).toEqual([true, true])
    // Plain report texts of every kind the builder meets: each block written unchecked is its canonical JSON.
    const line = fc.stringMatching(/^[一-龥０-９0-9，。、；：“”（）%％.余多万亿第人次家件个项元年月日 A-Za-z-]{1,60}$/)
    fc.assert(
      fc.property(fc.array(line, {minLength: 2, maxLength: 6}), (lines) => {
        const text = ['某县开展专项检查', ...lines].join('\n')
        fc.pre(isPlainText(text))
        const result = buildReport({fileName: 'p.txt', text, importedAt: '2026-01-01T00:00:00.000Z'})
        if (!result.ok) return
        for (const b of result.report.article.body) expect(blockJson(b as TextBlockDoc, true)).toBe(canonicalJson(b))
      }),
      {numRuns: 300},
    )
    for (const text of [readFileSync(SEED, 'utf8'), ...(readdirSync(EXAMPLES, {recursive: true}) as string[]).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(EXAMPLES, f), 'utf8')), ...Array.from({length: 40}, (_, i) => generateReport(i))]) {
      if (!isPlainText(text)) continue
      const result = buildReport({fileName: 'x.txt', text, importedAt: '2026-01-01T00:00:00.000Z'})
      if (!result.ok) continue
      for (const b of result.report.article.body) expect(blockJson(b as TextBlockDoc, true)).toBe(canonicalJson(b))
    }
  })
})

describe('contentFingerprint', () => {
  it('matches the import hash the builder stamps, for many generated reports', () => {
    for (let i = 0; i < 40; i++) {
      const {article} = build(i)
      expect(contentFingerprint(article)).toBe(article.source.importHash)
      for (const [k, block] of article.body.entries()) expect(article.source.blockHashes[k]?.hash).toBe(blockHash(block))
    }
  })

  it('records for the seed and every sample the hash each block has as canonical JSON', () => {
    // The builder hashes its blocks' plain JSON, trusting it to create keys in sorted order; this holds it to that.
    const files = [SEED, ...(readdirSync(EXAMPLES, {recursive: true}) as string[]).filter((f) => f.endsWith('.txt')).map((f) => path.join(EXAMPLES, f))]
    expect(files.length).toBeGreaterThan(5)
    for (const file of files) {
      const result = buildReport({fileName: path.basename(file), text: readFileSync(file, 'utf8'), importedAt: '2026-01-01T00:00:00.000Z'})
      if (!result.ok) throw new Error(`${file}: ${result.reason}`)
      const {article} = result.report
      expect(article.body.length).toBeGreaterThan(0)
      for (const [k, block] of article.body.entries()) expect(article.source.blockHashes[k]?.hash, file).toBe(blockHash(block))
      expect(contentFingerprint(article), file).toBe(article.source.importHash)
    }
  })

  it('survives a round trip through JSON with keys in another order, and changes when a word changes', () => {
    const {article} = build(7)
    const reordered = JSON.parse(JSON.stringify(article, Object.keys(article).reverse().concat(allKeys(article)))) as typeof article
    expect(contentFingerprint(reordered)).toBe(article.source.importHash)
    const edited = structuredClone(article)
    const block = edited.body.find((b) => b._type === 'block')
    const span = block?._type === 'block' ? block.children.find((c) => c._type === 'span') : undefined
    if (!span || span._type !== 'span') throw new Error('no span')
    span.text += '。'
    expect(contentFingerprint(edited)).not.toBe(article.source.importHash)
  })

  it('checks documents stamped by importer 1.0.0 the way 1.0.0 stamped them', () => {
    const {article} = build(3)
    const legacy = {...article, source: {...article.source, importerVersion: '1.0.0'}}
    const {_id, source, ...rest} = legacy
    const {importHash, importedAt, ...stableSource} = source
    void _id
    void importHash
    void importedAt
    expect(contentFingerprint(legacy)).toBe(sha256(canonicalJson({...rest, source: stableSource})))
  })
})

describe('re-importing over documents from importer 1.0.0', () => {
  /** An article as importer 1.0.0 stamped it: its importHash over the body inline. */
  const legacy = () => {
    const {article} = build(11)
    const {_id, source, ...rest} = article
    const {importHash, importedAt, ...stableSource} = {...source, importerVersion: '1.0.0'}
    void importHash
    const stamped = sha256(canonicalJson({...rest, source: stableSource}))
    return {article, stored: {...rest, _id, source: {...stableSource, importedAt, importHash: stamped}}}
  }

  it('replaces an untouched one (new keys, same words)', () => {
    const {article, stored} = legacy()
    expect(reconcile(stored, article)).toEqual({action: 'replace'})
  })

  it('never overwrites one an editor changed', () => {
    const {article, stored} = legacy()
    const edited = structuredClone(stored)
    edited.title = `${edited.title}（修订）`
    expect(reconcile(edited, article)).toEqual({action: 'conflict', reason: `${stored._id} was edited after it was imported`})
  })
})

/** Every key used anywhere in `value`, reversed, so JSON.stringify's allow-list reorders nested objects too. */
function allKeys(value: unknown, into = new Set<string>()): string[] {
  if (Array.isArray(value)) for (const v of value) allKeys(v, into)
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (into.add(k), allKeys(v, into))
  return [...into].reverse()
}
