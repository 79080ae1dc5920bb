import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {buildReport, type ImportedReport} from '../migrations/report/build'
import {agencyDefinition, agencySchema, articleDefinition, articleSchema} from '../migrations/report/documents'
import {generateReport} from '../scripts/bench/corpus'

const SEED = new URL('../../shared/seeds/000_984990fb53a38cb6.txt', import.meta.url)

function importSeed(): ImportedReport {
  const result = buildReport({fileName: 'seed.txt', text: readFileSync(SEED, 'utf8'), importedAt: '2026-01-01T00:00:00.000Z'})
  if (!result.ok) throw new Error(result.reason)
  return result.report
}

type Json = Record<string, unknown>
const children = (article: Json) => (article.body as {children: Json[]}[]).flatMap((block) => block.children ?? [])

/**
 * The seed's article, changed by `change`, as the first issue the compiled article schema reports (or
 * 'valid'), after checking that the interpreted schema reports exactly the same issues.
 */
function firstIssue(change: (article: Json) => void): string {
  const article = structuredClone(importSeed().article) as unknown as Json
  change(article)
  const result = articleSchema.safeParse(article)
  expect(result.error?.issues).toEqual(articleDefinition.safeParse(article).error?.issues)
  return result.success ? 'valid' : `${result.error.issues[0]!.path.join('.')}: ${result.error.issues[0]!.message}`
}

describe('the compiled document schemas', () => {
  it('return a fresh copy equal to a valid article, fields in schema order', () => {
    const {article} = importSeed()
    const before = structuredClone(article)
    const parsed = articleSchema.parse(article)
    expect(parsed).toEqual(article)
    expect(article).toEqual(before)
    expect(parsed).not.toBe(article)
    expect(parsed.body).not.toBe(article.body)
    expect(parsed.body[0]).not.toBe(article.body[0])
    expect(Object.keys(parsed)).toEqual(Object.keys(article))
    expect(Object.keys(parsed).slice(0, 4)).toEqual(['_id', '_type', 'title', 'slug'])
  })

  it('give the same output as the interpreted schemas, byte for byte, on generated reports', () => {
    for (let i = 0; i < 50; i++) {
      const result = buildReport({fileName: `r${i}.txt`, text: generateReport(i), importedAt: '2026-01-01T00:00:00.000Z'})
      if (!result.ok) throw new Error(result.reason)
      const {article, agencies} = result.report
      expect(JSON.stringify(articleSchema.parse(article))).toBe(JSON.stringify(articleDefinition.parse(article)))
      for (const agency of agencies) expect(JSON.stringify(agencySchema.parse(agency))).toBe(JSON.stringify(agencyDefinition.parse(agency)))
    }
  })

  it('reject invalid documents with the messages the interpreted schemas give', () => {
    expect(firstIssue(() => {})).toBe('valid')
    expect(firstIssue((a) => void (children(a).find((c) => c.kind === 'rank')!.value = 0))).toMatch(
      /^body\.\d+\.children\.\d+: a rank must be a positive integer$/,
    )
    expect(firstIssue((a) => void (children(a)[0]!._key = 'not a key!'))).toBe(
      'body.0.children.0._key: a _key of letters, digits, _ and -',
    )
    expect(firstIssue((a) => void (a.editorNote = 'x'))).toBe(': Unrecognized key: "editorNote"')
    expect(firstIssue((a) => void (children(a).find((c) => c._type === 'metric')!.value = Number.NaN))).toMatch(
      /children\.\d+\.value: Invalid input: expected number, received NaN$/,
    )
    expect(firstIssue((a) => void ((a.source as Json).importedAt = 'yesterday'))).toBe('source.importedAt: Invalid ISO datetime')
    expect(firstIssue((a) => void (a.body = []))).toMatch(/^body: Too small/)
    expect(firstIssue((a) => void ((a.body as Json[])[1]!._type = 'image'))).toMatch(/^body\.1\._type: Invalid discriminator/)
    expect(firstIssue((a) => void ((a.body as Json[])[2] = {_type: 'block'}))).toMatch(/^body\.2\./)
  })

  it('validate agencies the same way', () => {
    const [agency] = importSeed().agencies
    expect(agencySchema.parse(agency)).toEqual(agency)
    expect(agencySchema.safeParse({...agency, _id: 'Agency One'}).success).toBe(false)
    expect(agencySchema.safeParse({...agency, level: 'galactic'}).success).toBe(false)
    for (const bad of [{...agency, _id: 'Agency One'}, {...agency, level: 'galactic'}]) {
      expect(agencySchema.safeParse(bad).error?.issues).toEqual(agencyDefinition.safeParse(bad).error?.issues)
    }
  })
})
