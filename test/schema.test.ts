import {writeFile, mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {agencyPreview} from '../schemas/agency'
import {articlePreview} from '../schemas/article'
import {schemaTypes} from '../schemas'
import {metricPreview, metricProblem} from '../schemas/metric'
import {metricBlockPreview} from '../schemas/metricBlock'
import {validateNdjson} from '../scripts/validate'

describe('metric validation rules', () => {
  it('accepts a metric whose wording states its value', () => {
    expect(metricProblem({value: 500, kind: 'count', text: '500余人次'})).toBeUndefined()
    expect(metricProblem({value: 1270, kind: 'count', text: '1,270件'})).toBeUndefined()
    expect(metricProblem({value: 3, kind: 'rank', text: '排名第三'})).toBeUndefined()
    expect(metricProblem({value: 20, kind: 'percent', text: '百分之二十'})).toBeUndefined()
    expect(metricProblem({value: 123, kind: 'count', text: '１２３件'})).toBeUndefined()
    // A fraction states its share, exactly or rounded to the places an editor types.
    expect(metricProblem({value: 1 / 3, kind: 'ratio', text: '近三分之一'})).toBeUndefined()
    expect(metricProblem({value: 0.3333, kind: 'ratio', text: '近三分之一'})).toBeUndefined()
    expect(metricProblem({value: 0.33, kind: 'ratio', text: '近三分之一'})).toBeUndefined()
  })

  it('does not take a rounded value for a different number', () => {
    expect(metricProblem({value: 0.34, kind: 'ratio', text: '近三分之一'})).toMatch(/does not contain/)
    expect(metricProblem({value: 0.3, kind: 'ratio', text: '近三分之一'})).toMatch(/does not contain/)
  })

  it('rejects wording that lacks the number', () => {
    expect(metricProblem({value: 167, kind: 'count', text: '谈心谈话'})).toMatch(/does not contain the number 167/)
    expect(metricProblem({value: 168, kind: 'count', text: '167人次'})).toMatch(/does not contain/)
  })

  it('rejects a rank of 0 and fractional ranks', () => {
    expect(metricProblem({value: 0, kind: 'rank', text: '第0位'})).toMatch(/rank must be a whole number of 1 or more/)
    expect(metricProblem({value: 1.5, kind: 'rank', text: '第1.5位'})).toMatch(/rank/)
  })

  it('rejects values that are not finite', () => {
    expect(metricProblem({value: Number.NaN, kind: 'count', text: 'NaN件'})).toMatch(/finite/)
    expect(metricProblem({value: Number.POSITIVE_INFINITY, kind: 'count', text: '∞'})).toMatch(/finite/)
  })
})

describe('previews', () => {
  it('shows a metric as value, unit and what is counted', () => {
    expect(metricPreview({value: 167, unit: '人次', label: '谈心谈话', text: '167人次', kind: 'count', approximation: 'exact'})).toEqual({
      title: '167 人次 · 谈心谈话',
      subtitle: '“167人次”',
    })
    expect(metricPreview({value: 500, unit: '人次', text: '500余人次', kind: 'count', approximation: 'moreThan'}).title).toBe('>500 人次')
    expect(metricPreview({value: 3, unit: '', text: '排名第三', kind: 'rank', approximation: 'exact'}).title).toBe('No. 3')
  })

  it('shows an agency with its parent and region', () => {
    expect(
      agencyPreview({name: '杭州市生态环境局富阳分局', shortName: '富阳分局', parentName: '杭州市生态环境局', region: '浙江省杭州市富阳区'}),
    ).toEqual({title: '杭州市生态环境局富阳分局（富阳分局）', subtitle: '↑ 杭州市生态环境局 · 浙江省杭州市富阳区'})
    expect(agencyPreview({}).title).toBe('Unnamed agency')
  })

  it('shows an article with its agency and date, and a panel with its figures', () => {
    expect(articlePreview({title: '标题', agency: '富阳分局', publishedAt: '2020-06-01T00:00:00Z'})).toEqual({
      title: '标题',
      subtitle: '富阳分局 · 2020-06-01',
    })
    expect(metricBlockPreview({title: '关键数据', metrics: [{text: '167人次', label: '谈心谈话'}, {text: '20%'}]}).subtitle).toBe(
      '谈心谈话 167人次 · 20%',
    )
  })
})

describe('content model', () => {
  it('defines one type per concern with an icon each', () => {
    const names = schemaTypes.map((t) => t.name).sort()
    expect(names).toEqual(['agency', 'agencyMention', 'article', 'body', 'link', 'metric', 'metricBlock'])
    for (const type of schemaTypes) expect(type.icon, type.name).toBeTruthy()
  })
})

describe('sanity documents validate (real CLI, offline)', () => {
  it('reports a metric whose text lacks its number and a rank of 0, and nothing on a valid document', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'validate-'))
    const file = path.join(dir, 'docs.ndjson')
    const agency = {_id: 'agency.hz', _type: 'agency', name: '杭州市生态环境局', slug: {_type: 'slug', current: 'hz'}, level: 'municipal'}
    const block = (key: string, metric: Record<string, unknown>) => ({
      _type: 'block',
      _key: key,
      style: 'normal',
      markDefs: [],
      children: [
        {_type: 'span', _key: `${key}s`, text: '落实谈心谈话', marks: []},
        {_type: 'metric', _key: `${key}m`, unit: '人次', kind: 'count', approximation: 'exact', ...metric},
      ],
    })
    const article = (id: string, body: unknown[]) => ({
      _id: id,
      _type: 'article',
      title: id,
      slug: {_type: 'slug', current: id.replace('.', '-')},
      language: 'zh-Hans',
      agencies: [{_type: 'reference', _key: 'a1', _ref: 'agency.hz'}],
      body,
      relatedHeadlines: [],
    })
    const docs = [
      agency,
      article('article.good', [block('g1', {value: 167, text: '167人次'})]),
      article('article.bad', [
        block('b1', {value: 167, text: '人次'}),
        block('b2', {value: 0, text: '第0位', kind: 'rank', unit: ''}),
      ]),
    ]
    await writeFile(file, docs.map((d) => JSON.stringify(d)).join('\n'))
    const summary = await validateNdjson(file)
    const bad = summary.documents.find((d) => d.documentId === 'article.bad')
    expect(summary.documents.find((d) => d.documentId === 'article.good')).toBeUndefined()
    expect(bad?.markers.map((m) => m.message).sort()).toEqual([
      'A rank must be a whole number of 1 or more (排名第三 → 3).',
      'The source wording “人次” does not contain the number 167. Fix the value or the wording.',
    ])
    expect(summary.errors).toBe(2)
    // The CLI alone takes 35–45 s on two cores, more while other suites run.
  }, 180_000)
})
