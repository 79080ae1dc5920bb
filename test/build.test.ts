import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {buildReport, reportedPeriod, type ImportedReport} from '../migrations/report/build'
import type {MetricDoc, TextBlockDoc} from '../migrations/report/documents'

const SEED = new URL('../../shared/seeds/000_984990fb53a38cb6.txt', import.meta.url)
const seedText = readFileSync(SEED, 'utf8')
const seedLines = seedText.split('\n')

function importSeed(importedAt = '2026-01-01T00:00:00.000Z'): ImportedReport {
  const result = buildReport({fileName: '000_984990fb53a38cb6.txt', text: seedText, importedAt})
  if (!result.ok) throw new Error(result.reason)
  return result.report
}

const textBlocks = (report: ImportedReport) => report.article.body.filter((b): b is TextBlockDoc => b._type === 'block')
const blockText = (block: TextBlockDoc) => block.children.map((c) => c.text).join('')
const metricsOf = (report: ImportedReport) =>
  textBlocks(report).flatMap((b) => b.children.filter((c): c is MetricDoc => c._type === 'metric'))

describe('the seed report', () => {
  const report = importSeed()

  it('takes the title from the line the next line repeats, and keeps the banner apart', () => {
    expect(report.article.title).toBe('浙江富阳生态环境部门考核首次跨入优秀')
    expect(report.article.relatedHeadlines).toEqual(['国务院关于印发《2024—2025年节能降碳行动方案》的通知'])
    const allText = textBlocks(report).map(blockText).join('\n')
    expect(allText).not.toContain('国务院关于印发')
    expect(allText).not.toContain('浙江富阳生态环境部门考核首次跨入优秀近日')
  })

  it('uses the full lead as the summary, not the truncated copy', () => {
    expect(report.article.summary).toBe(seedLines[3])
  })

  it('keeps every body paragraph exactly, metrics included', () => {
    expect(textBlocks(report).map(blockText)).toEqual(seedLines.slice(3).filter((l) => l.trim()))
  })

  it('marks the three short section headings as h2', () => {
    expect(textBlocks(report).filter((b) => b.style === 'h2').map(blockText)).toEqual([
      '“决策—管理—监督”三步走,推进责任体系大完善',
      '“党建+服务”牢筑干部思想,推进作风效能大转变',
      '工作机制、工作目标双落实,推进能力素质大提升',
    ])
  })

  it('extracts exactly the 19 metrics, in order, with kinds and approximations', () => {
    const got = metricsOf(report).map((m) => [m.text, m.value, m.unit, m.kind, m.approximation, m.change ?? null])
    expect(got).toEqual([
      ['6大类', 6, '大类', 'count', 'exact', null],
      ['48项', 48, '项', 'count', 'exact', null],
      ['8次', 8, '次', 'count', 'exact', null],
      ['167人次', 167, '人次', 'count', 'exact', null],
      ['203个', 203, '个', 'count', 'exact', null],
      ['4部', 4, '部', 'count', 'exact', null],
      ['12个', 12, '个', 'count', 'exact', null],
      ['500余人次', 500, '人次', 'count', 'moreThan', null],
      ['36名', 36, '名', 'count', 'exact', null],
      ['1100余张', 1100, '张', 'count', 'moreThan', null],
      ['900余人次', 900, '人次', 'count', 'moreThan', null],
      ['22人次', 22, '人次', 'count', 'exact', null],
      ['40期', 40, '期', 'count', 'exact', null],
      ['693家次', 693, '家次', 'count', 'exact', null],
      ['172件', 172, '件', 'count', 'exact', null],
      ['1270件', 1270, '件', 'count', 'exact', null],
      ['20%', 20, '%', 'percent', 'exact', 'decrease'],
      ['排名第三', 3, '', 'rank', 'exact', null],
      ['第二位', 2, '', 'rank', 'exact', null],
    ])
    expect(metricsOf(report).find((m) => m.value === 167)?.label).toBe('谈心谈话')
  })

  it('recognises the agency, its short form, parent, region and level', () => {
    const [primary, parent] = report.agencies
    expect(primary).toMatchObject({
      _id: 'agency.hang-zhou-shi-sheng-tai-huan-jing-ju-fu-yang-fen-ju',
      name: '杭州市生态环境局富阳分局',
      shortName: '富阳分局',
      parent: {_type: 'reference', _ref: 'agency.hang-zhou-shi-sheng-tai-huan-jing-ju'},
      level: 'district-county',
      region: '浙江省杭州市富阳区',
    })
    expect(parent).toMatchObject({_id: 'agency.hang-zhou-shi-sheng-tai-huan-jing-ju', name: '杭州市生态环境局', level: 'municipal'})
    expect(report.article.agencies.map((a) => a._ref)).toEqual([primary!._id])
    expect(report.article.region).toBe('浙江省杭州市富阳区')
    expect(report.article.period).toBe('2019')
  })

  it('annotates agency mentions in the body', () => {
    const lead = textBlocks(report)[0]!
    const marked = lead.children.filter((c) => c._type === 'span' && c.marks.length > 0).map((c) => c.text)
    expect(marked).toEqual(['杭州市生态环境局富阳分局', '富阳分局'])
    expect(lead.markDefs).toEqual([
      {_type: 'agencyMention', _key: expect.any(String), agency: {_type: 'reference', _ref: report.agencies[0]!._id}},
    ])
    const paragraphsMentioning = textBlocks(report).filter((b) => blockText(b).includes('富阳分局'))
    for (const block of paragraphsMentioning) expect(block.markDefs.length, blockText(block)).toBe(1)
  })

  it('is deterministic apart from the import time', () => {
    const again = importSeed('2027-05-05T05:05:05.000Z')
    const strip = (r: ImportedReport) => ({...r, article: {...r.article, source: {...r.article.source, importedAt: ''}}})
    expect(strip(again)).toEqual(strip(report))
    expect(again.article.source.importHash).toBe(report.article.source.importHash)
  })

  it('records a hash per paragraph and provenance', () => {
    expect(report.article.source.blockHashes.map((h) => h._key)).toEqual(report.article.body.map((b) => b._key))
    expect(report.article.source).toMatchObject({fileName: '000_984990fb53a38cb6.txt', importerVersion: expect.any(String)})
    expect(new Set(report.article.body.map((b) => b._key)).size).toBe(report.article.body.length)
  })
})

/** A sample report under examples/, built as the importer builds it. */
function buildExample(file: string): ImportedReport {
  const text = readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8')
  const built = buildReport({fileName: file.split('/').pop() ?? file, text, importedAt: '2026-01-01T00:00:00.000Z'})
  if (!built.ok) throw new Error(`${file}: ${built.reason}`)
  return built.report
}

describe('a county committee report (examples/committee)', () => {
  const report = buildExample('committee/chunan-peace-building.txt')

  it('names the committee, its department and the bodies its level words stand for in full', () => {
    const byName = new Map(report.agencies.map((a) => [a.name, a]))
    expect([...byName.keys()].sort()).toEqual(
      ['中共淳安县委员会', '中共淳安县委政法委员会', '淳安县人民检察院', '淳安县人民法院', '淳安县公安局', '淳安县司法局'].sort(),
    )
    expect(byName.get('中共淳安县委政法委员会')?.parent?._ref).toBe(byName.get('中共淳安县委员会')?._id)
    expect(byName.get('淳安县人民法院')).toMatchObject({region: '浙江省杭州市淳安县', level: 'district-county'})
    // The lead's mentions, as written (中共 stands outside the name): 县法院 is the county's court.
    const lead = textBlocks(report)[0]
    const marked = lead?.children.filter((c) => c._type === 'span' && c.marks.length > 0).map((c) => c.text)
    expect(marked).toEqual(['淳安县委政法委员会', '县委', '县法院', '县检察院', '县公安局', '县司法局'])
  })

  it('reads the figures: a manner of closing cases, a rate and its change in points, a rank', () => {
    const metrics = metricsOf(report)
    const byText = new Map(metrics.map((m) => [m.text, m]))
    expect(byText.get('1,204件')).toMatchObject({value: 1204, label: '调解方式结案'})
    expect(byText.get('三成以上')).toMatchObject({value: 3, unit: '成', approximation: 'moreThan', change: 'decrease'})
    expect(byText.get('第一')).toMatchObject({value: 1, kind: 'rank'})
    expect(byText.get('1200余人次')).toMatchObject({approximation: 'moreThan', label: '民警'})
    expect(byText.get('87件')).toMatchObject({change: 'increase', label: '评查案件'})
    // Page chrome is gone before figures are read: 浏览次数 1,236 is no metric.
    expect(byText.has('1,236')).toBe(false)
    expect(report.article.publishedAt).toBe('2025-01-15T02:23:00.000Z')
  })
})

describe('a feature story with a subtitle (examples/feature)', () => {
  const report = buildExample('feature/anji-rural-revival.txt')
  const {article} = report

  it('keeps the subtitle apart from title and body, and the byline and editor lines out of the text', () => {
    expect(article.title).toBe('让“千万工程”惠及更多群众')
    expect(article.subtitle).toBe('——安吉县推进乡村振兴工作纪实')
    const body = textBlocks(report).map(blockText)
    expect(body.some((t) => t.includes('纪实'))).toBe(false)
    expect(body.some((t) => t.startsWith('编辑'))).toBe(false)
    expect(metricsOf(report).map((m) => m.text)).toEqual(['28.6亿元', '153个', '4.5万元', '120万人次'])
  })
})

describe('a policy interpretation in questions and answers (examples/policy)', () => {
  const report = buildExample('policy/linping-digital-economy-qa.txt')

  it('places a district made in 2021 and names its agencies as they sign, the level words included', () => {
    expect(report.agencies.map((a) => a.name).sort()).toEqual(
      ['杭州市临平区经济和信息化局', '杭州市临平区人民政府办公室', '杭州市临平区人民政府', '杭州市临平区发展和改革局', '杭州市临平区财政局'].sort(),
    )
    for (const agency of report.agencies) expect(agency.region).toBe('浙江省杭州市临平区')
    // The site's 来源 line names the publisher; it comes first among the agencies the title does not name.
    expect(report.article.source.publisher).toBe('临平区经济和信息化局')
    // 具体以区经信局…: 以 is "by", and 区经信局 is the district's bureau.
    const answer = textBlocks(report).find((b) => blockText(b).includes('具体以'))
    const marked = answer?.children.filter((c) => c._type === 'span' && c.marks.length > 0).map((c) => c.text)
    expect(marked).toEqual(['区经信局'])
    expect(answer?.markDefs.map((d) => (d._type === 'agencyMention' ? d.agency._ref : d.href))).toEqual(['agency.hang-zhou-shi-lin-ping-qu-jing-ji-he-xin-xi-hua-ju'])
  })

  it('keeps questions and answers as paragraphs and reads their figures, not the page’s', () => {
    const blocks = textBlocks(report).map((b) => [b.style, blockText(b)] as const)
    expect(blocks.filter(([, t]) => t.startsWith('问：'))).toHaveLength(3)
    expect(blocks.filter(([style]) => style === 'h2').map(([, t]) => t)).toEqual(['一、出台背景', '二、主要内容', '三、政策兑现'])
    const byText = new Map(metricsOf(report).map((m) => [m.text, m]))
    expect(byText.get('30%')).toMatchObject({kind: 'percent', label: '云服务费用'})
    expect(byText.get('不超过20万元')).toMatchObject({approximation: 'lessThan', scaledValue: 200000, baseUnit: '元'})
    expect(byText.get('近四成')).toMatchObject({value: 4, unit: '成', approximation: 'about'})
    expect(byText.get('412家次')).toMatchObject({value: 412, label: '企业'})
    // 浏览次数 1268, the document number 〔2023〕12号 and the years are no metrics.
    for (const text of ['1268', '12号', '2023', '2022']) expect([...byText.keys()].some((t) => t.includes(text)), text).toBe(false)
    expect(report.article.publishedAt).toBe('2023-03-15T02:20:00.000Z')
  })
})

describe('lossless text (property)', () => {
  const fragments = [
    '全年', '开展', '检查企业', '693家次', '500余人次', '约3.5万户', '同比下降', '20%', '百分之二十', '排名第三', '第二位',
    '1,270件', '２０２４年', '1-8月', '〔2024〕25号', 'PM2.5', '一把手', '杭州市生态环境局', '富阳分局', '（以下简称富阳分局）',
    ',,', '，', '。', '；', '“', '”', 'ABC', ' ', '萬元', '2066万元', '下降1.2个百分点', '🙂', '<script>',
  ]
  const paragraph = fc.array(fc.constantFrom(...fragments), {minLength: 1, maxLength: 30}).map((parts) => parts.join(''))

  it('every block reproduces its source paragraph character for character', () => {
    fc.assert(
      fc.property(fc.array(paragraph, {minLength: 1, maxLength: 6}), (paragraphs) => {
        const body = paragraphs.map((p) => `${p}。`)
        const text = ['测试标题', ...body].join('\n')
        const result = buildReport({fileName: 'p.txt', text, importedAt: '2026-01-01T00:00:00.000Z'})
        if (!result.ok) return true
        const rebuilt = result.report.article.body.filter((b): b is TextBlockDoc => b._type === 'block').map(blockText)
        for (const block of rebuilt) expect(body.join('\n')).toContain(block)
        expect(rebuilt.join('')).toBe(body.map((b) => b.trim()).filter(Boolean).join(''))
      }),
      {numRuns: 200},
    )
  })
})

describe('SlugRegistry', () => {
  it('gives a second report with the same long title a suffixed slug that still fits the limit', async () => {
    const {SlugRegistry} = await import('../scripts/import/slugs')
    const {MAX_SLUG_LENGTH} = await import('../migrations/report/slug')
    const title = '杭州市富阳区市场监督管理局深入开展食品安全专项整治行动全面提升基层监管能力和水平切实保障人民群众饮食用药安全工作情况通报'
    const build = (body: string) => {
      const result = buildReport({fileName: 'x.txt', text: `${title}\n${body}`, importedAt: '2026-01-01T00:00:00.000Z'})
      if (!result.ok) throw new Error(result.reason)
      return result.report
    }
    const first = build('杭州市富阳区市场监督管理局开展检查12次。')
    const second = build('杭州市富阳区市场监督管理局开展检查13次。')
    expect(first.article.slug.current.length).toBeGreaterThan(MAX_SLUG_LENGTH - 8)
    const registry = new SlugRegistry()
    expect(registry.claim(first).article.slug.current).toBe(first.article.slug.current)
    const claimed = registry.claim(second).article.slug.current
    expect(claimed).not.toBe(first.article.slug.current)
    expect(claimed.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH)
    expect(claimed).toMatch(new RegExp(`-${second.article._id.slice(-6)}$`))
    expect(registry.claim(second).article.slug.current).toBe(claimed)
  })
})

describe('withSlug', () => {
  it('stamps the import hash a fresh fingerprint of the renamed article gives, without serialising the body again', async () => {
    const {withSlug} = await import('../migrations/report/build')
    const {contentFingerprint} = await import('../migrations/report/fingerprint')
    const {generateReport} = await import('../scripts/bench/corpus')
    for (let i = 0; i < 20; i++) {
      const result = buildReport({fileName: `r${i}.txt`, text: generateReport(i), importedAt: '2026-01-01T00:00:00.000Z'})
      if (!result.ok) throw new Error(result.reason)
      const renamed = withSlug(result.report, `renamed-${i}`).article
      expect(renamed.slug.current).toBe(`renamed-${i}`)
      expect(renamed.source.importHash).not.toBe(result.report.article.source.importHash)
      // From scratch: every block hashed anew from its canonical JSON.
      expect(renamed.source.importHash).toBe(contentFingerprint(renamed))
      expect(renamed.body).toEqual(result.report.article.body)
    }
  })
})

describe('reports without a body', () => {
  it('fail with a plain reason, not a schema error', () => {
    for (const text of ['只有标题', '标题\n来源：某某局  发布时间：2024-03-05']) {
      expect(buildReport({fileName: 'x.txt', text, importedAt: '2026-01-01T00:00:00.000Z'})).toEqual({
        ok: false,
        reason: 'no body text after the title (every other line is page chrome)',
      })
    }
  })
})

describe('reportedPeriod', () => {
  const period = (title: string, summary?: string, publishedAt?: string): string | undefined =>
    reportedPeriod({title, summary: summary ?? '', meta: publishedAt ? {publishedAt} : {}})

  it('takes the year the title names, then the lead', () => {
    expect(period('2024年一季度全市经济运行情况', '2023年全市…')).toBe('2024')
    expect(period('全市经济运行情况', '2023年，全市地区生产总值增长5%。')).toBe('2023')
  })

  it('skips the years figures are compared with', () => {
    expect(period('第七次全国人口普查主要数据公报', '全市常住人口与2010年第六次全国人口普查相比增加12万人，2020年末…')).toBe('2020')
    expect(period('“五一”假期旅游市场火热', '接待游客比2019年同期增长12%。')).toBeUndefined()
    expect(period('自2018年以来全区累计投入资金3亿元')).toBeUndefined()
  })

  it('dates a report on this year or a quarter by its publication', () => {
    expect(period('一季度全区经济开局良好', '今年以来，全区…', '2024-04-18')).toBe('2024')
    expect(period('全区召开安全生产会议', '会议强调…', '2024-04-18')).toBeUndefined()
    expect(period('全县经济运行情况', '去年全县地区生产总值增长6.2%，今年将继续保持稳定增长。', '2024-01-10')).toBe('2023')
    expect(period('全县经济运行情况', '今年以来，全县经济比去年同期增长6.2%。', '2024-05-10')).toBe('2024')
  })
})

describe('the publisher (来源) as an agency', () => {
  const build = (text: string): ImportedReport => {
    const result = buildReport({text, fileName: 'p.txt', importedAt: '2024-06-01T00:00:00.000Z'})
    if (!result.ok) throw new Error(result.reason)
    return result.report
  }

  it('makes the publishing agency the article\'s agency when the text names none', () => {
    const report = build('一季度全区经济运行平稳\n来源：成都市武侯区财政局  发布时间：2024-04-18\n一季度，全区一般公共预算收入同比增长5.2%。')
    expect(report.agencies.map((a) => a.name)).toContain('成都市武侯区财政局')
    const publisher = report.agencies.find((a) => a.name === '成都市武侯区财政局')
    expect(report.article.agencies.map((a) => a._ref)).toEqual([publisher?._id])
    expect(report.article.region).toBe('四川省成都市武侯区')
    expect(report.warnings).not.toContain('no agency recognised in the text')
  })

  it('takes nothing from a publisher that is a website or a news agency', () => {
    for (const source of ['人民网', '新华社', '成都市人民政府门户网站']) {
      const report = build(`一季度全区经济运行平稳\n来源：${source}\n一季度，全区一般公共预算收入同比增长5.2%。`)
      expect(report.agencies, source).toEqual([])
    }
  })
})

