import {createHash} from 'node:crypto'
import type {SanityDocument} from './dataset-store'
import {compileQuery, DatasetView, evaluatePlain, runQuery} from './groq'

/**
 * `npm run bench:serve`: the article-by-slug query through the index fast
 * path versus plain groq-js over the whole dataset, at 1k, 10k and 100k
 * synthetic articles (~4 KB each, Portable Text bodies).
 */

const QUERY = '*[_type == "article" && slug.current == $slug][0]{_id, title, "agencies": agencies[]->name}'
const SIZES = [1_000, 10_000, 100_000]
const AGENCIES = 300
const FAST_ITERATIONS = 2_000
/** Plain groq-js scans everything, so fewer rounds at larger sizes keep the run short. */
const BASELINE_ITERATIONS: Record<number, number> = {1_000: 60, 10_000: 15, 100_000: 5}

const SENTENCES = [
  '今年以来，全市深入贯彻落实党中央、国务院决策部署，坚持稳中求进工作总基调，经济运行总体平稳、稳中有进。',
  '全年地区生产总值同比增长6.2%，规模以上工业增加值增长7.1%，社会消费品零售总额增长5.8%。',
  '市政府办公室会同有关部门围绕优化营商环境，推出“一网通办”改革举措，企业开办时间压缩至1个工作日以内。',
  '财政局统筹安排专项资金12.5亿元，重点支持科技创新、乡村振兴和民生保障等领域。',
  '生态环境局持续推进大气污染防治，全年空气质量优良天数比例达到87.3%，较上年提高2.1个百分点。',
  '教育局新建、改扩建中小学和幼儿园23所，新增学位1.8万个，义务教育优质均衡发展取得新进展。',
  '卫生健康委员会加快推进紧密型医疗集团建设，基层医疗卫生机构诊疗量占比提高到56%。',
  '人力资源和社会保障局全年城镇新增就业5.6万人，城镇调查失业率控制在5%以内。',
]

function hash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}

function paragraph(seed: number): string {
  let text = ''
  for (let i = 0; i < 2; i++) text += SENTENCES[(seed + i * 3) % SENTENCES.length] ?? ''
  return text
}

// A few shared paragraph strings keep 100k articles within memory; sizes on the wire stay realistic.
const PARAGRAPHS = Array.from({length: 64}, (_, i) => paragraph(i))

function agency(i: number): SanityDocument {
  return {
    _id: `agency.agency-${i}`,
    _type: 'agency',
    _rev: hash(`agency-rev-${i}`, 22),
    _createdAt: '2024-01-01T00:00:00Z',
    _updatedAt: '2024-01-01T00:00:00Z',
    name: `第${i}号市直机关`,
    slug: {_type: 'slug', current: `agency-${i}`},
    level: 'municipal',
    region: '浙江省杭州市',
  }
}

function article(i: number): SanityDocument {
  const key = hash(`article-${i}`, 20)
  const blocks = Array.from({length: 5}, (_, b) => {
    const blockKey = hash(`${key}-${b}`, 12)
    const agencyRef = `agency.agency-${(i + b) % AGENCIES}`
    return {
      _type: 'block',
      _key: blockKey,
      style: b === 0 ? 'h2' : 'normal',
      markDefs: [{_type: 'agencyMention', _key: `m${blockKey}`, agency: {_type: 'reference', _ref: agencyRef}}],
      children: [
        {_type: 'span', _key: `s${blockKey}`, text: PARAGRAPHS[(i + b) % PARAGRAPHS.length] ?? '', marks: []},
        {_type: 'span', _key: `t${blockKey}`, text: '（完）', marks: [`m${blockKey}`]},
      ],
    }
  })
  return {
    _id: `article.${key}`,
    _type: 'article',
    _rev: hash(`rev-${i}`, 22),
    _createdAt: '2024-03-01T08:00:00Z',
    _updatedAt: '2024-03-01T08:00:00Z',
    title: `关于第${i}号工作报告的通报`,
    slug: {_type: 'slug', current: `guan-yu-di-${i}-hao-gong-zuo-bao-gao-${key.slice(0, 6)}`},
    summary: PARAGRAPHS[i % PARAGRAPHS.length],
    publishedAt: '2024-03-01T08:00:00+08:00',
    language: 'zh-Hans',
    agencies: [0, 1].map((n) => {
      const ref = `agency.agency-${(i + n * 7) % AGENCIES}`
      return {_type: 'reference', _key: hash(ref, 10), _ref: ref}
    }),
    region: '浙江省杭州市富阳区',
    period: '2023',
    body: blocks,
    source: {
      publisher: '杭州市人民政府',
      url: `https://www.example.gov.cn/art/2024/3/1/art_${i}.html`,
      contentHash: hash(`content-${i}`, 64),
      importHash: hash(`import-${i}`, 64),
      importerVersion: '1',
      importedAt: '2024-03-01T09:00:00Z',
    },
  }
}

function stats(samples: number[]): {median: number; p95: number} {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return {median: at(0.5), p95: at(0.95)}
}

function pad(text: string, width: number): string {
  return text.padStart(width)
}

async function main(): Promise<void> {
  const started = performance.now()
  const agencies = Array.from({length: AGENCIES}, (_, i) => agency(i))
  const allArticles = Array.from({length: Math.max(...SIZES)}, (_, i) => article(i))
  const sampleBytes = allArticles.slice(0, 200).reduce((n, doc) => n + Buffer.byteLength(JSON.stringify(doc)), 0) / 200
  console.log(`Query: ${QUERY}`)
  console.log(`Synthetic articles: ~${(sampleBytes / 1024).toFixed(1)} KB of JSON each, plus ${AGENCIES} agencies\n`)
  const compiled = compileQuery(QUERY)
  const rows: string[][] = []

  for (const size of SIZES) {
    // Store order: sorted by _id, as the NDJSON file keeps it.
    const docs = [...agencies, ...allArticles.slice(0, size)].sort((a, b) =>
      a._id < b._id ? -1 : a._id > b._id ? 1 : 0,
    )
    const view = new DatasetView(docs)
    const indexStarted = performance.now()
    view.index.warm(['slug.current'])
    const indexMs = performance.now() - indexStarted
    const slugs = docs.filter((d) => d._type === 'article').map((d) => (d.slug as {current: string}).current)
    const randomSlug = () => slugs[Math.floor(Math.random() * slugs.length)] ?? ''

    for (let i = 0; i < 3; i++) {
      const slug = randomSlug()
      const fast = await runQuery(view, compiled, {params: {slug}})
      const plain = await evaluatePlain(docs, QUERY, {slug})
      if (fast.plan !== 'index') throw new Error('the fast path was not used')
      if (JSON.stringify(fast.result) !== JSON.stringify(plain)) throw new Error(`results differ for slug ${slug}`)
    }

    for (let i = 0; i < 200; i++) await runQuery(view, compiled, {params: {slug: randomSlug()}})
    const fastSamples: number[] = []
    for (let i = 0; i < FAST_ITERATIONS; i++) {
      const params = {slug: randomSlug()}
      const t0 = performance.now()
      await runQuery(view, compiled, {params})
      fastSamples.push((performance.now() - t0) * 1000)
    }
    const baselineSamples: number[] = []
    for (let i = 0; i < (BASELINE_ITERATIONS[size] ?? 5); i++) {
      const params = {slug: randomSlug()}
      const t0 = performance.now()
      await evaluatePlain(docs, QUERY, params)
      baselineSamples.push(performance.now() - t0)
    }
    const fast = stats(fastSamples)
    const base = stats(baselineSamples)
    rows.push([
      size.toLocaleString('en-US'),
      fast.median.toFixed(1),
      fast.p95.toFixed(1),
      base.median.toFixed(2),
      base.p95.toFixed(2),
      `${Math.round((base.median * 1000) / fast.median).toLocaleString('en-US')}×`,
      indexMs.toFixed(1),
    ])
  }

  const header = [
    'articles',
    'fast median µs',
    'fast p95 µs',
    'groq-js median ms',
    'groq-js p95 ms',
    'ratio',
    'index build ms',
  ]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i] ?? 0)).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of rows) console.log(line(row))
  console.log(
    `\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s. Fast path: parse cache + index lookup + groq-js over the candidates.`,
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
