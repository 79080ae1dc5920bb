import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {describe, expect, expectTypeOf, it} from 'vitest'
import {
  agencySlug,
  officialName,
  recognizeAgencies,
  type AgencyLevel,
  type AgencyRecognition,
  type RecognizedAgency,
} from '../migrations/report/agencies'
import {AGENCY_LEVEL_VALUES} from '../migrations/report/documents'
import {RegionBook, completeRegionPath, learnRegions, parseChainBackward, regionUnits} from '../migrations/report/regions'
import {simplifiedShadow} from '../migrations/report/simplified'

const SEED = '/work/shared/seeds/000_984990fb53a38cb6.txt'
const seedLines = readFileSync(SEED, 'utf8').split('\n')
// Line 1 is a stray banner, line 2 the title, line 3 a truncated duplicate; the body is lines 4–17.
const seedTitle = seedLines[1] ?? ''
const seedParagraphs = seedLines.slice(3, 17)

function agency(result: AgencyRecognition, name: string): RecognizedAgency {
  const found = result.agencies.find((a) => a.name === name)
  if (!found) throw new Error(`no agency ${name} in ${result.agencies.map((a) => a.name).join(', ')}`)
  return found
}

function mentionTexts(result: AgencyRecognition, paragraphs: string[]): [string, string][][] {
  return result.mentions.map((list, p) => list.map((m) => [paragraphs[p]?.slice(m.start, m.end) ?? '', m.agencyName]))
}

function one(text: string, title?: string) {
  const result = recognizeAgencies([text], {title})
  return {result, mentions: mentionTexts(result, [text])[0] ?? []}
}

/** Invariants every result must satisfy, whatever the input. */
function checkInvariants(result: AgencyRecognition, paragraphs: string[]): void {
  expect(result.mentions).toHaveLength(paragraphs.length)
  const names = new Set(result.agencies.map((a) => a.name))
  expect(names.size).toBe(result.agencies.length)
  result.mentions.forEach((list, p) => {
    let last = 0
    for (const m of list) {
      expect(m.start).toBeGreaterThanOrEqual(last)
      expect(m.end).toBeGreaterThan(m.start)
      expect(m.end).toBeLessThanOrEqual(paragraphs[p]?.length ?? 0)
      expect(names.has(m.agencyName)).toBe(true)
      last = m.end
    }
  })
  for (const a of result.agencies) {
    if (a.parentName !== undefined) expect(names.has(a.parentName)).toBe(true)
    expect(a.parentName).not.toBe(a.name)
    expect(AGENCY_LEVEL_VALUES).toContain(a.level)
    expect(a.aliases).not.toContain(a.name)
  }
}

describe('recognizeAgencies on the real seed', () => {
  const result = recognizeAgencies(seedParagraphs, {title: seedTitle})

  it('puts the branch first, with its short name, parent, region, level and sector', () => {
    expect(result.agencies[0]).toEqual({
      name: '杭州市生态环境局富阳分局',
      shortName: '富阳分局',
      aliases: [],
      parentName: '杭州市生态环境局',
      level: 'district-county',
      region: '浙江省杭州市富阳区',
      sector: '生态环境',
    })
  })

  it('lists the parent bureau as an agency of its own', () => {
    expect(agency(result, '杭州市生态环境局')).toMatchObject({level: 'municipal', region: '浙江省杭州市', sector: '生态环境'})
    expect(agency(result, '杭州市生态环境局').parentName).toBeUndefined()
  })

  it('finds nothing else: no 全局, bare 分局, 区级机关单位, 派驻纪检组, 省环科院, 国务院 banner', () => {
    expect(result.agencies.map((a) => a.name)).toEqual(['杭州市生态环境局富阳分局', '杭州市生态环境局'])
  })

  it('marks the full name in the lead and every 富阳分局, with exact offsets', () => {
    const lead = seedParagraphs[0] ?? ''
    const full = '杭州市生态环境局富阳分局'
    expect(result.mentions[0]?.[0]).toEqual({
      start: lead.indexOf(full),
      end: lead.indexOf(full) + full.length,
      agencyName: full,
    })
    seedParagraphs.forEach((text, p) => {
      const expected: number[] = []
      for (let at = text.indexOf('富阳分局'); at >= 0; at = text.indexOf('富阳分局', at + 1)) {
        if (text.slice(Math.max(0, at - 8), at + 4) !== full) expected.push(at)
      }
      const shorts = (result.mentions[p] ?? []).filter((m) => text.slice(m.start, m.end) === '富阳分局')
      expect(shorts.map((m) => m.start)).toEqual(expected)
      for (const m of result.mentions[p] ?? []) expect(m.agencyName).toBe(full)
    })
    const total = result.mentions.flat().length
    expect(total).toBe(seedParagraphs.join('\n').split('富阳分局').length - 1)
  })

  it('never marks the bare word 分局 (分局领导班子, 分局出动)', () => {
    seedParagraphs.forEach((text, p) => {
      for (const m of result.mentions[p] ?? []) expect(text.slice(m.start, m.end)).not.toBe('分局')
    })
  })

  it('keeps the invariants', () => checkInvariants(result, seedParagraphs))
})

describe('recognizeAgencies on varied examples', () => {
  it('国家税务总局杭州市税务局: a regional office under a national system', () => {
    const {result, mentions} = one('据国家税务总局杭州市税务局消息，')
    expect(mentions).toEqual([['国家税务总局杭州市税务局', '国家税务总局杭州市税务局']])
    expect(agency(result, '国家税务总局杭州市税务局')).toMatchObject({
      parentName: '国家税务总局',
      level: 'municipal',
      region: '浙江省杭州市',
      sector: '税务',
    })
    expect(agency(result, '国家税务总局')).toMatchObject({level: 'national', sector: '税务'})
  })

  it('浙江省生态环境厅 is provincial', () => {
    const {result} = one('浙江省生态环境厅发布通知。')
    expect(result.agencies).toEqual([
      {name: '浙江省生态环境厅', aliases: [], level: 'provincial', region: '浙江省', sector: '生态环境'},
    ])
  })

  it('富阳区人民政府办公室 belongs to 富阳区人民政府', () => {
    const {result, mentions} = one('富阳区人民政府办公室印发《通知》')
    // Named as a district's agencies sign, with the city.
    expect(mentions).toEqual([['富阳区人民政府办公室', '杭州市富阳区人民政府办公室']])
    expect(agency(result, '杭州市富阳区人民政府办公室')).toMatchObject({
      parentName: '杭州市富阳区人民政府',
      level: 'district-county',
      // The text names no city; the national list places 富阳区.
      region: '浙江省杭州市富阳区',
    })
    expect(agency(result, '杭州市富阳区人民政府').level).toBe('district-county')
  })

  it('a quoted short form defined in brackets is used afterwards', () => {
    const text = '杭州市市场监督管理局(以下简称“市市场监管局”)开展检查，市市场监管局表示将继续。'
    const {result, mentions} = one(text)
    expect(result.agencies).toEqual([
      {
        name: '杭州市市场监督管理局',
        shortName: '市市场监管局',
        aliases: [],
        level: 'municipal',
        region: '浙江省杭州市',
        sector: '市场监管',
      },
    ])
    expect(mentions.map(([t]) => t)).toEqual(['杭州市市场监督管理局', '市市场监管局', '市市场监管局'])
  })

  it('a short form defined without quotes is not read as a name of its own (简称市…)', () => {
    const text = '杭州市富阳区市场监督管理局（以下简称市市场监管局）今年以来开展检查。市市场监管局还组织培训。'
    const {result, mentions} = one(text)
    expect(result.agencies.map((a) => a.name)).toEqual(['杭州市富阳区市场监督管理局'])
    expect(agency(result, '杭州市富阳区市场监督管理局').shortName).toBe('市市场监管局')
    expect(mentions.map(([t]) => t)).toEqual(['杭州市富阳区市场监督管理局', '市市场监管局', '市市场监管局'])
    checkInvariants(result, [text])
  })

  it('a defined short form that reads like a full name is the same agency, wherever it appears', () => {
    const paragraphs = [
      '杭州市富阳区市场监督管理局（以下简称富阳区市场监管局）开展专项检查。',
      '富阳区市场监管局出动执法人员120人次，富阳区市场监管局还约谈企业。',
    ]
    const result = recognizeAgencies(paragraphs)
    expect(result.agencies.map((a) => a.name)).toEqual(['杭州市富阳区市场监督管理局'])
    expect(result.agencies[0]?.shortName).toBe('富阳区市场监管局')
    expect(result.agencies[0]?.aliases).not.toContain('富阳区市场监管局')
    expect(mentionTexts(result, paragraphs)).toEqual([
      [
        ['杭州市富阳区市场监督管理局', '杭州市富阳区市场监督管理局'],
        ['富阳区市场监管局', '杭州市富阳区市场监督管理局'],
      ],
      [
        ['富阳区市场监管局', '杭州市富阳区市场监督管理局'],
        ['富阳区市场监管局', '杭州市富阳区市场监督管理局'],
      ],
    ])
    checkInvariants(result, paragraphs)
  })

  it('a short form defined without brackets (，简称“…”)', () => {
    const {result} = one('杭州市生态环境局，简称“市生态环境局”，近日表示')
    expect(agency(result, '杭州市生态环境局').shortName).toBe('市生态环境局')
  })

  it('某县综合行政执法局 does not swallow 据', () => {
    const {result, mentions} = one('据某县综合行政执法局通报')
    expect(mentions).toEqual([['某县综合行政执法局', '某县综合行政执法局']])
    expect(agency(result, '某县综合行政执法局')).toMatchObject({level: 'district-county', region: '某县', sector: '综合执法'})
  })

  it('街道办事处 is a township office', () => {
    const {result} = one('杭州市富阳区富春街道办事处工作人员上门服务')
    expect(agency(result, '杭州市富阳区富春街道办事处')).toMatchObject({
      level: 'township',
      region: '浙江省杭州市富阳区富春街道',
    })
  })

  it('国务院办公厅 is national, under 国务院', () => {
    const {result, mentions} = one('国务院办公厅关于印发《方案》的通知')
    expect(mentions).toEqual([['国务院办公厅', '国务院办公厅']])
    expect(agency(result, '国务院办公厅')).toMatchObject({level: 'national', parentName: '国务院'})
    expect(agency(result, '国务院').level).toBe('national')
  })

  it('公安局交通警察支队 is a unit of the city police bureau', () => {
    const {result} = one('杭州市公安局交通警察支队发布提示')
    expect(agency(result, '杭州市公安局交通警察支队')).toMatchObject({
      parentName: '杭州市公安局',
      level: 'municipal',
      region: '浙江省杭州市',
      sector: '公安',
    })
  })

  it('traditional Chinese: 臺北市政府環境保護局, with a traditional short form', () => {
    const text = '臺北市政府環境保護局（以下簡稱環保局）表示，環保局將與臺北市政府合作。'
    const {result, mentions} = one(text)
    expect(agency(result, '臺北市政府環境保護局')).toMatchObject({
      shortName: '環保局',
      parentName: '臺北市政府',
      level: 'municipal',
      sector: '生态环境',
    })
    expect(agency(result, '臺北市政府').level).toBe('municipal')
    expect(mentions).toEqual([
      ['臺北市政府環境保護局', '臺北市政府環境保護局'],
      ['環保局', '臺北市政府環境保護局'],
      ['環保局', '臺北市政府環境保護局'],
      ['臺北市政府', '臺北市政府'],
    ])
  })

  it('names next to punctuation and quotes, and after a particle', () => {
    const text = '“杭州市生态环境局”与杭州市生态环境局、浙江省生态环境厅（省厅）联合发文。'
    const {mentions} = one(text)
    expect(mentions).toEqual([
      ['杭州市生态环境局', '杭州市生态环境局'],
      ['杭州市生态环境局', '杭州市生态环境局'],
      ['浙江省生态环境厅', '浙江省生态环境厅'],
    ])
  })

  it('a name twice in one paragraph gives two mentions of one agency', () => {
    const text = '杭州市生态环境局召开会议，会后杭州市生态环境局局长讲话。'
    const {result} = one(text)
    expect(result.agencies.map((a) => a.name)).toEqual(['杭州市生态环境局'])
    const second = text.lastIndexOf('杭州市生态环境局')
    expect(result.mentions[0]).toEqual([
      {start: 0, end: 8, agencyName: '杭州市生态环境局'},
      {start: second, end: second + 8, agencyName: '杭州市生态环境局'},
    ])
  })

  it('national abbreviations and the 中华人民共和国 form map to one canonical name', () => {
    const {result, mentions} = one('国家发改委会同中华人民共和国生态环境部、国家发展和改革委员会和生态环境部')
    expect(mentions.map(([, n]) => n)).toEqual(['国家发展和改革委员会', '生态环境部', '国家发展和改革委员会', '生态环境部'])
    expect(agency(result, '生态环境部')).toMatchObject({level: 'national', aliases: ['中华人民共和国生态环境部']})
    expect(agency(result, '国家发展和改革委员会').aliases).toEqual(['国家发改委'])
  })

  it('context teaches the admin chain; a shorter spelling joins the full one', () => {
    const paragraphs = ['在浙江省杭州市富阳区召开会议。', '富阳区生态环境局和杭州市富阳区生态环境局参加。']
    const result = recognizeAgencies(paragraphs)
    expect(result.agencies).toEqual([
      {
        name: '杭州市富阳区生态环境局',
        aliases: ['富阳区生态环境局'],
        level: 'district-county',
        region: '浙江省杭州市富阳区',
        sector: '生态环境',
      },
    ])
    expect(result.mentions[1]?.map((m) => m.agencyName)).toEqual(['杭州市富阳区生态环境局', '杭州市富阳区生态环境局'])
  })

  it('a branch tail (富阳分局) only counts when it names one agency', () => {
    const text = '杭州市生态环境局富阳分局和杭州市公安局富阳分局联合执法，富阳分局表示'
    const {mentions} = one(text)
    expect(mentions.map(([t]) => t)).toEqual(['杭州市生态环境局富阳分局', '杭州市公安局富阳分局'])
  })

  it('branches named after a district resolve it from the text', () => {
    const {result} = one('杭州市公安局西湖区分局在西湖区开展行动')
    expect(agency(result, '杭州市公安局西湖区分局')).toMatchObject({
      parentName: '杭州市公安局',
      level: 'district-county',
      region: '浙江省杭州市西湖区',
    })
  })

  it('one-character counties and autonomous prefectures', () => {
    expect(one('在和县生态环境局').mentions).toEqual([['和县生态环境局', '和县生态环境局']])
    expect(agency(one('安徽省和县人民政府').result, '和县人民政府')).toMatchObject({region: '安徽省马鞍山市和县', aliases: ['安徽省和县人民政府']})
    expect(agency(one('延边朝鲜族自治州人民政府').result, '延边朝鲜族自治州人民政府')).toMatchObject({
      level: 'municipal',
      region: '吉林省延边朝鲜族自治州',
    })
    expect(agency(one('上海市浦东新区人民政府').result, '上海市浦东新区人民政府').level).toBe('district-county')
  })

  it('county-level cities and short bureau names (市场监管局)', () => {
    const {result, mentions} = one('开化县市场监管局、嵊州市人民政府和衢州市市场监管局')
    // Named in full, as the bureau names itself, so every report's spelling makes one document.
    expect(agency(result, '开化县市场监督管理局')).toMatchObject({level: 'district-county', sector: '市场监管', aliases: ['开化县市场监管局']})
    expect(agency(result, '嵊州市人民政府').level).toBe('district-county')
    expect(agency(result, '衢州市市场监督管理局')).toMatchObject({level: 'municipal', region: '浙江省衢州市'})
    expect(mentions[0]).toEqual(['开化县市场监管局', '开化县市场监督管理局'])
  })

  it('offices of national systems named after a place', () => {
    const {result} = one('国家金融监督管理总局浙江监管局、中国人民银行杭州中心支行')
    expect(agency(result, '国家金融监督管理总局浙江监管局')).toMatchObject({
      parentName: '国家金融监督管理总局',
      level: 'provincial',
      region: '浙江省',
    })
    expect(agency(result, '中国人民银行杭州中心支行')).toMatchObject({parentName: '中国人民银行', level: 'municipal'})
    expect(agency(result, '中国人民银行').level).toBe('national')
    // A province written whole (浙江省分局), and the central bank's provincial 分行.
    for (const [text, name, parent] of [
      ['国家外汇管理局浙江省分局发布数据。', '国家外汇管理局浙江省分局', '国家外汇管理局'],
      ['中国人民银行浙江省分行发布数据。', '中国人民银行浙江省分行', '中国人民银行'],
    ] as const) {
      expect(agency(one(text).result, name), text).toMatchObject({parentName: parent, level: 'provincial', region: '浙江省'})
    }
    // A commercial bank's branch is no agency.
    expect(one('中国银行杭州分行发布数据。').result.agencies).toEqual([])
  })

  it('reads the customs districts under 海关总署, placed at their seat (杭州海关, 拱北海关 in 珠海)', () => {
    const {result, mentions} = one('据杭州海关统计，宁波海关、中华人民共和国拱北海关同期监管进出口货物增长。')
    expect(agency(result, '杭州海关')).toMatchObject({parentName: '海关总署', level: 'municipal', region: '浙江省杭州市', sector: '海关'})
    expect(agency(result, '拱北海关')).toMatchObject({region: '广东省珠海市', aliases: ['中华人民共和国拱北海关']})
    expect(agency(result, '海关总署').level).toBe('national')
    expect(mentions.map(([text]) => text)).toEqual(['杭州海关', '宁波海关', '中华人民共和国拱北海关'])
    expect(agency(one('上海海关发布公告。').result, '上海海关')).toMatchObject({level: 'provincial', region: '上海市'})
    // 海关 alone is the service, not an office.
    expect(one('海关部门加强监管。').result.agencies).toEqual([])
  })

  it('rejects generic words that look like names', () => {
    const texts = [
      '全局党风政风明显好转，分局领导班子示范带头，区级机关单位评价提升',
      '积极与派驻纪检组密切配合，与省环科院合作',
      '在杭州各区县市均排名第三，各区县市生态环境局',
      '浙江富阳生态环境部门考核，教育部门和财政部门',
      '部署全市生态环境局系统工作，督促各区生态环境局',
      '扭转“简单、生硬”等局面，干部队伍建设',
      '富阳分局表示，分局出动500余人次',
    ]
    for (const text of texts) expect(one(text).result.agencies, text).toEqual([])
  })

  it('never reads the verb before a bare 县/区 agency as a place (县法院联合县公安局)', () => {
    for (const text of ['县法院联合县公安局开展集中执行。', '区政府办公室会同区司法局加强督查。', '区应急局联合区消防救援大队开展宣传。', '县教育局牵头县卫健局开展体检。']) {
      const names = one(text).result.agencies.map((a) => `${a.name}|${a.region ?? ''}`)
      expect(names.filter((n) => /联合|会同|牵头/.test(n)), text).toEqual([])
    }
    // A real place with the same shape still reads: 富阳区公安局, and 会同县 (a county in Hunan) where it opens a phrase.
    expect(one('杭州市富阳区公安局开展集中整治。').result.agencies.map((a) => a.region)).toContain('浙江省杭州市富阳区')
    for (const [text, name] of [
      ['会同县人民政府召开常务会议。', '会同县人民政府'],
      ['湖南省怀化市会同县公安局开展整治。', '会同县公安局'],
      ['联合镇人民政府召开会议。', '联合镇人民政府'],
    ] as const) {
      expect(one(text).result.agencies.map((a) => a.name), text).toContain(name)
    }
    expect(one('图为区统计局工作人员走访企业').result.agencies).toEqual([])
  })

  it('makes no agency of ordinary words before a unit: after a definition, 街道社区, 部门市, 简称市', () => {
    for (const [text, names] of [
      // 区教育局 after the verb is the home district's bureau (a level reference), never a district called 联合区.
      ['西湖区卫生健康局（以下简称区卫健局）联合区教育局开展检查。', ['西湖区卫生健康局', '西湖区教育局']],
      ['西湖区卫生健康局（以下简称“区卫健局”）会同区市场监督管理局开展检查。', ['西湖区卫生健康局', '西湖区市场监督管理局']],
      ['街道社区建设办公室负责人介绍情况。', []],
      ['督促驻在部门市自然资源和规划局整改。', []],
      // 市纪委市监委: the city's two commissions, each in full.
      ['余姚市纪委市监委（以下简称市纪委监委）开展监督检查。', ['中共余姚市纪律检查委员会', '余姚市监察委员会']],
    ] as const) {
      const result = recognizeAgencies([text])
      expect(result.agencies.map((a) => a.name), text).toEqual(names)
      checkInvariants(result, [text])
    }
    // Real names of that shape still read.
    expect(one('张家口市下花园区人民政府召开会议。').result.agencies.map((a) => a.region)).toContain('河北省张家口市下花园区')
  })

  it('an abbreviated body in the title is the same agency as the full name in the text', () => {
    const cases = [
      // Below a province, the name goes without it, as the bureau names itself; a county's without its city.
      ['杭州市市场监管局开展电梯安全专项检查', '近日，浙江省杭州市市场监督管理局开展电梯安全专项检查。', '杭州市市场监督管理局'],
      ['长兴县疾控中心开展流调演练', '近日，浙江省湖州市长兴县疾病预防控制中心开展流调演练。', '长兴县疾病预防控制中心'],
      ['富阳区卫健委召开会议', '杭州市富阳区卫生健康委员会召开会议。', '杭州市富阳区卫生健康委员会'],
    ] as const
    for (const [title, text, full] of cases) {
      const result = recognizeAgencies([text], {title})
      expect(result.agencies.map((a) => a.name), title).toEqual([full])
      expect(result.agencies[0]?.aliases, title).toContain(title.slice(0, title.indexOf('开展') >= 0 ? title.indexOf('开展') : title.indexOf('召开')))
    }
    // Different bodies in one place stay apart.
    const apart = recognizeAgencies(['杭州市卫生健康委员会和杭州市疾病预防控制中心联合开展行动。'])
    expect(apart.agencies.map((a) => a.name).sort()).toEqual(['杭州市卫生健康委员会', '杭州市疾病预防控制中心'].sort())
  })

  it('tax branches named by place or number, tax offices and the inspection bureau are units of the tax bureau', () => {
    const named = recognizeAgencies(['国家税务总局宁波市鄞州区税务局姜山税务分局（以下简称姜山税务分局）开展春风行动，姜山税务分局走访企业。'])
    const branch = agency(named, '国家税务总局宁波市鄞州区税务局姜山税务分局')
    expect([branch.shortName, branch.parentName, branch.sector]).toEqual(['姜山税务分局', '国家税务总局宁波市鄞州区税务局', '税务'])
    // The full name, the short form it defines, and the short form used later.
    const text = '国家税务总局宁波市鄞州区税务局姜山税务分局（以下简称姜山税务分局）开展春风行动，姜山税务分局走访企业。'
    expect(named.mentions[0]?.filter((m) => m.agencyName === branch.name).map((m) => text.slice(m.start, m.end))).toEqual([
      branch.name,
      '姜山税务分局',
      '姜山税务分局',
    ])
    for (const [text, name, parent] of [
      ['国家税务总局宁波市鄞州区税务局第一税务分局开展春风行动。', '国家税务总局宁波市鄞州区税务局第一税务分局', '国家税务总局宁波市鄞州区税务局'],
      ['国家税务总局浙江省税务局稽查局开展检查。', '国家税务总局浙江省税务局稽查局', '国家税务总局浙江省税务局'],
      ['国家税务总局宁波市鄞州区税务局姜山税务所开展宣传。', '国家税务总局宁波市鄞州区税务局姜山税务所', '国家税务总局宁波市鄞州区税务局'],
    ] as const) {
      expect(agency(recognizeAgencies([text]), name).parentName, text).toBe(parent)
    }
  })

  it('districts named with 市 (市北区, 市中区) and four-character banners (伊金霍洛旗)', () => {
    for (const [text, name, region] of [
      ['山东省青岛市市北区审计局开展审计。', '青岛市市北区审计局', '山东省青岛市市北区'],
      ['山东省济南市市中区人民政府召开会议。', '济南市市中区人民政府', '山东省济南市市中区'],
      ['内蒙古自治区鄂尔多斯市伊金霍洛旗人民政府召开会议。', '伊金霍洛旗人民政府', '内蒙古自治区鄂尔多斯市伊金霍洛旗'],
    ] as const) {
      const found = agency(recognizeAgencies([text]), name)
      expect([found.region, found.level], text).toEqual([region, 'district-county'])
    }
  })

  it('the title names the primary agency', () => {
    const result = recognizeAgencies(['杭州市生态环境局、杭州市生态环境局、浙江省生态环境厅'], {
      title: '浙江省生态环境厅召开会议',
    })
    expect(result.agencies[0]?.name).toBe('浙江省生态环境厅')
    expect(result.mentions[0]).toHaveLength(3)
  })

  it('without a title the most-mentioned agency comes first, then first appearance', () => {
    const result = recognizeAgencies(['浙江省生态环境厅、杭州市生态环境局', '杭州市生态环境局与富阳区人民政府'])
    expect(result.agencies.map((a) => a.name)).toEqual(['杭州市生态环境局', '浙江省生态环境厅', '杭州市富阳区人民政府'])
  })

  it('handles empty input', () => {
    expect(recognizeAgencies([])).toEqual({agencies: [], mentions: []})
    expect(recognizeAgencies([''], {title: ''})).toEqual({agencies: [], mentions: [[]]})
  })
})

describe('regions', () => {
  it('simplifiedShadow keeps length and maps traditional characters', () => {
    const text = '臺北市政府環境保護局'
    expect(simplifiedShadow(text)).toBe('台北市政府环境保护局')
    expect(simplifiedShadow(text)).toHaveLength(text.length)
  })

  it('learns 富阳区 from 浙江省杭州市富阳区 and parses chains backwards', () => {
    const book = new RegionBook()
    learnRegions('2019年度浙江省杭州市富阳区直单位', book)
    expect(book.get('富阳区')).toEqual({name: '富阳区', path: '浙江省杭州市富阳区', rank: 3})
    expect(book.byStem('富阳')?.name).toBe('富阳区')
    const text = '与杭州市富阳区生态环境局'
    const chain = parseChainBackward(text, text.indexOf('生态'), 0, book)
    expect(chain.map((t) => t.name)).toEqual(['杭州市', '富阳区'])
    expect(chain[1]?.path).toBe('浙江省杭州市富阳区')
  })
})

describe('regions from the national list', () => {
  it('splits a region path into its divisions, top down (regionUnits)', () => {
    const units = regionUnits('浙江省杭州市富阳区富春街道', new RegionBook())
    expect(units.map((u) => [u.name, u.rank, u.path])).toEqual([
      ['浙江省', 1, '浙江省'],
      ['杭州市', 2, '浙江省杭州市'],
      ['富阳区', 3, '浙江省杭州市富阳区'],
      ['富春街道', 4, '浙江省杭州市富阳区富春街道'],
    ])
    expect(regionUnits('北京市朝阳区', new RegionBook()).map((u) => [u.name, u.rank])).toEqual([
      ['北京市', 1],
      ['朝阳区', 3],
    ])
    expect(regionUnits('浙江省杭州市建德市', new RegionBook()).map((u) => u.rank)).toEqual([1, 2, 3])
  })

  it('places a county the text names without its city', () => {
    expect(agency(one('安吉县人力资源和社会保障局发布通知。').result, '安吉县人力资源和社会保障局')).toMatchObject({
      region: '浙江省湖州市安吉县',
      level: 'district-county',
    })
    expect(agency(one('德清县应急管理局开展检查。').result, '德清县应急管理局').region).toBe('浙江省湖州市德清县')
    // County-level cities, and a county directly under its province.
    expect(completeRegionPath('嵊州市')).toBe('浙江省绍兴市嵊州市')
    expect(completeRegionPath('仙桃市')).toBe('湖北省仙桃市')
    expect(completeRegionPath('富阳区富春街道')).toBe('浙江省杭州市富阳区富春街道')
  })

  it('knows the divisions made since 2019, and still places those abolished since', () => {
    // 临平区 and 钱塘区 (2021), 红谷滩区 (2019), 库车市 (a county until 2019).
    expect(agency(one('临平区市场监管局开展检查。').result, '杭州市临平区市场监督管理局').region).toBe('浙江省杭州市临平区')
    expect(completeRegionPath('钱塘区')).toBe('浙江省杭州市钱塘区')
    expect(completeRegionPath('库车市')).toBe('新疆维吾尔自治区阿克苏地区库车市')
    expect(agency(one('南昌市生态环境局红谷滩分局开展执法。').result, '南昌市生态环境局红谷滩分局').region).toBe('江西省南昌市红谷滩区')
    // Reports written before 2021 name 江干区 and 下城区.
    expect(agency(one('江干区城市管理局召开会议。').result, '杭州市江干区城市管理局').region).toBe('浙江省杭州市江干区')
    // A branch named by a renamed division's stem takes the current one: 偃师市 is 偃师区 since 2021.
    expect(agency(one('洛阳市生态环境局偃师分局开展执法。').result, '洛阳市生态环境局偃师分局').region).toBe('河南省洛阳市偃师区')
    // 公主岭市 moved from 四平 to 长春 in 2020.
    expect(completeRegionPath('公主岭市')).toBe('吉林省长春市公主岭市')
    // The codes' 市辖区 groups a city's districts; it is no place of its own.
    expect(completeRegionPath('市辖区')).toBe('市辖区')
  })

  it('completes a name several places share only when its own province singles one out', () => {
    expect(completeRegionPath('鼓楼区')).toBe('鼓楼区')
    expect(completeRegionPath('福建省鼓楼区')).toBe('福建省福州市鼓楼区')
    // A city named elsewhere may be where a delegation went: 鼓楼区 is not placed in 南京 by it.
    const {result} = one('鼓楼区城市管理局组织人员赴南京市学习垃圾分类经验。')
    expect(agency(result, '鼓楼区城市管理局').region).toBe('鼓楼区')
    // The text's own chain still places it.
    expect(agency(one('南京市鼓楼区城市管理局召开会议。').result, '南京市鼓楼区城市管理局').region).toBe('江苏省南京市鼓楼区')
  })

  it('leaves paths that already go through their city, and places the list does not know, as they are', () => {
    expect(completeRegionPath('浙江省杭州市富阳区')).toBe('浙江省杭州市富阳区')
    expect(completeRegionPath('杭州市富阳区')).toBe('杭州市富阳区')
    expect(completeRegionPath('某县')).toBe('某县')
    expect(completeRegionPath('浙江省')).toBe('浙江省')
    expect(completeRegionPath('江苏省安吉县')).toBe('江苏省安吉县')
  })

  it('reads 记者从市…, 来到区…, 走进区…, 通过市…, 受县… as phrases, not places called 者从 or 来到', () => {
    for (const text of [
      '记者从市交通运输局获悉，全市公交线路调整。',
      '记者在区市场监管局看到，窗口排起长队。',
      '记者从县应急管理局了解到，汛期已至。',
      '日前，记者来到区行政服务中心。',
      '群众走进区政务服务中心办理业务。',
      '企业通过市人社局申领补贴。',
      '受县政府委托，县统计局开展调查。',
      // 以, 按, 依 are "by", "according to": 具体以|区经信局…, never a district called 体以区.
      '具体以区经信局发布的申报通知为准。',
      '数据按县统计局口径计算。',
      '企业依市场监管局要求完成整改。',
      // 区纪委区监委 is two bodies written together, not a place called 纪委区.
      '区安委办要会同区纪委区监委加强督查考核。',
    ]) {
      expect(one(text).result.agencies.map((a) => a.region ?? ''), text).not.toContainEqual(expect.stringMatching(/者|来到|走进|通过|受|以|按|依|纪委区/))
    }
    expect(agency(one('前进区人民政府召开会议。').result, '佳木斯市前进区人民政府').region).toBe('黑龙江省佳木斯市前进区')
    // Real names ending in such characters still read: 荥经县, 天等县, 怀来县.
    expect(agency(one('天等县人民政府召开会议。').result, '天等县人民政府').region).toBe('广西壮族自治区崇左市天等县')
  })
})

describe('people’s organisations and development zones', () => {
  it('reads 政协, 妇联, 红十字会, 团委, 总工会, 残联, 科协 after their place', () => {
    for (const [text, name, region, level] of [
      ['中国人民政治协商会议绍兴市柯桥区委员会召开会议。', '中国人民政治协商会议绍兴市柯桥区委员会', '浙江省绍兴市柯桥区', 'district-county'],
      ['政协绍兴市柯桥区委员会召开会议。', '政协绍兴市柯桥区委员会', '浙江省绍兴市柯桥区', 'district-county'],
      ['绍兴市柯桥区政协召开会议。', '绍兴市柯桥区政协', '浙江省绍兴市柯桥区', 'district-county'],
      ['杭州市妇女联合会开展活动。', '杭州市妇女联合会', '浙江省杭州市', 'municipal'],
      ['杭州市红十字会开展活动。', '杭州市红十字会', '浙江省杭州市', 'municipal'],
      ['温州市鹿城区团委开展活动。', '温州市鹿城区团委', '浙江省温州市鹿城区', 'district-county'],
      ['共青团杭州市委员会开展活动。', '共青团杭州市委员会', '浙江省杭州市', 'municipal'],
      ['杭州市总工会开展活动。', '杭州市总工会', '浙江省杭州市', 'municipal'],
      ['杭州市残疾人联合会开展活动。', '杭州市残疾人联合会', '浙江省杭州市', 'municipal'],
      ['杭州市科协开展活动。', '杭州市科学技术协会', '浙江省杭州市', 'municipal'],
    ] as const) {
      const result = recognizeAgencies([text])
      expect(result.agencies.map((a) => a.name), text).toEqual([name])
      expect([agency(result, name).region, agency(result, name).level], text).toEqual([region, level])
    }
    // National ones, and an abbreviation that names the same organisation as the full name.
    expect(one('全国总工会、全国政协、共青团中央').result.agencies.map((a) => a.level)).toEqual(['national', 'national', 'national'])
    const both = one('杭州市妇联和浙江省杭州市妇女联合会').result
    expect(both.agencies.map((a) => a.name)).toEqual(['杭州市妇女联合会'])
    // Prose before a bare level is no place.
    expect(one('他出席县政协会议。').result.agencies).toEqual([])
  })

  it('reads a development zone’s committee, placed in its city', () => {
    for (const [text, name, region] of [
      ['呼和浩特经济技术开发区管理委员会召开会议。', '呼和浩特经济技术开发区管理委员会', '内蒙古自治区呼和浩特市'],
      ['杭州市萧山经济技术开发区管理委员会开展检查。', '杭州市萧山经济技术开发区管理委员会', '浙江省杭州市'],
      ['联合杭州高新区管委会开展检查。', '杭州高新区管委会', '浙江省杭州市'],
    ] as const) {
      const result = recognizeAgencies([text])
      expect(result.agencies.map((a) => a.name), text).toEqual([name])
      expect([agency(result, name).region, agency(result, name).level], text).toEqual([region, 'municipal'])
    }
    // 管理委员会 after a body is still a department.
    expect(agency(one('北京市东城区城市管理委员会开展检查。').result, '北京市东城区城市管理委员会').sector).toBe('城市管理')
    expect(one('项目管委会开会。').result.agencies).toEqual([])
  })
})

describe('the publisher (来源) as context', () => {
  const publisher = '成都市武侯区财政局'

  it('adds the agency a publisher names, with its region and level, first when the title names none', () => {
    const result = recognizeAgencies(['近日，成都市武侯区税务局开展检查，税务局干部参加。'], {title: '开展专项检查', publisher})
    expect(result.agencies.map((a) => a.name)).toEqual([publisher, '成都市武侯区税务局'])
    expect(result.agencies[0]).toEqual({
      name: publisher,
      aliases: [],
      level: 'district-county',
      region: '四川省成都市武侯区',
      sector: '财政',
    })
    expect(result.publisher).toBe(publisher)
    // It has no mention: the body never names it.
    expect(result.mentions.flat().map((m) => m.agencyName)).toEqual(['成都市武侯区税务局'])
  })

  it('comes after the agencies the title names', () => {
    const result = recognizeAgencies(['浙江省生态环境厅和杭州市公安局开展联合执法。'], {
      title: '杭州市公安局开展联合执法',
      publisher: '杭州市生态环境局富阳分局',
    })
    expect(result.agencies.map((a) => a.name)).toEqual([
      '杭州市公安局',
      '杭州市生态环境局富阳分局',
      '浙江省生态环境厅',
      '杭州市生态环境局',
    ])
    expect(agency(result, '杭州市生态环境局富阳分局')).toMatchObject({parentName: '杭州市生态环境局', region: '浙江省杭州市富阳区'})
    checkInvariants(result, ['浙江省生态环境厅和杭州市公安局开展联合执法。'])
  })

  it('is the same agency as a longer spelling in the text', () => {
    const result = recognizeAgencies(['杭州市富阳区人民政府召开常务会议。'], {publisher: '富阳区人民政府'})
    expect(result.agencies.map((a) => a.name)).toEqual(['杭州市富阳区人民政府'])
    expect(result.publisher).toBe('杭州市富阳区人民政府')
  })

  it('yields nothing for publishers that are not one agency name', () => {
    for (const name of ['人民网', '新华社', '本站', '杭州市人民政府门户网站', '杭州市生态环境局、杭州市公安局', '', '  ']) {
      const result = recognizeAgencies(['近日开展检查。'], {title: '开展检查', publisher: name})
      expect(result, name).toEqual({agencies: [], mentions: [[]]})
    }
  })
})

describe('county-level names and place-named branches', () => {
  it('reads a county of three or more characters whole when no city precedes it (张家港市, not 家港市)', () => {
    const {result, mentions} = one('张家港市人民法院开展检查3次。')
    expect(mentions).toEqual([['张家港市人民法院', '张家港市人民法院']])
    expect(agency(result, '张家港市人民法院')).toMatchObject({level: 'district-county', region: '江苏省苏州市张家港市'})
    for (const [text, name, region] of [
      ['井冈山市人民政府召开会议。', '井冈山市人民政府', '江西省吉安市井冈山市'],
      ['格尔木市公安局开展巡查。', '格尔木市公安局', '青海省海西蒙古族藏族自治州格尔木市'],
      ['满洲里市市场监督管理局开展检查。', '满洲里市市场监督管理局', '内蒙古自治区呼伦贝尔市满洲里市'],
      ['乌鲁木齐县人民政府召开会议。', '乌鲁木齐县人民政府', '新疆维吾尔自治区乌鲁木齐市乌鲁木齐县'],
      ['神农架林区人民政府发布通告。', '神农架林区人民政府', '湖北省神农架林区'],
      ['达拉特旗人民政府召开会议。', '达拉特旗人民政府', '内蒙古自治区鄂尔多斯市达拉特旗'],
      ['准格尔旗公安局开展巡查。', '准格尔旗公安局', '内蒙古自治区鄂尔多斯市准格尔旗'],
      ['阿拉善左旗人民政府召开会议。', '阿拉善左旗人民政府', '内蒙古自治区阿拉善盟阿拉善左旗'],
      ['科尔沁右翼前旗人民政府召开会议。', '科尔沁右翼前旗人民政府', '内蒙古自治区兴安盟科尔沁右翼前旗'],
    ] as const) {
      const result = recognizeAgencies([text])
      expect(result.agencies.map((a) => a.name), text).toEqual([name])
      expect(agency(result, name).region, text).toBe(region)
    }
    // A town of four characters after its banner.
    const town = agency(recognizeAgencies(['阿拉善左旗巴彦浩特镇人民政府开展检查。']), '阿拉善左旗巴彦浩特镇人民政府')
    expect([town.level, town.region]).toEqual(['township', '内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇'])
    // The city before it still reads as before (and the court signs without it).
    expect(agency(one('苏州市张家港市人民法院开展检查。').result, '张家港市人民法院').region).toBe('江苏省苏州市张家港市')
  })

  it('resolves a place-named branch inside its parent’s region (北京市公安局朝阳分局 is not in 辽宁省朝阳市)', () => {
    const text = '北京市公安局朝阳分局朝阳门派出所民警与北京市公安局朝阳分局交通支队开展行动。'
    const result = recognizeAgencies([text])
    expect(agency(result, '北京市公安局朝阳分局')).toMatchObject({
      parentName: '北京市公安局',
      level: 'district-county',
      region: '北京市朝阳区',
    })
    expect(agency(result, '北京市公安局朝阳分局朝阳门派出所').region).toBe('北京市朝阳区')
    for (const a of result.agencies) expect(a.region ?? '', a.name).not.toContain('辽宁')
    // The city of that name is still found where it is named.
    expect(agency(one('辽宁省朝阳市公安局开展巡查。').result, '朝阳市公安局').region).toBe('辽宁省朝阳市')
  })

  it('a branch named by a district that opens with a conjunction (天津市公安局和平分局), where 和 otherwise joins names', () => {
    for (const [text, name, region] of [
      ['天津市公安局和平分局民警走访辖区。', '天津市公安局和平分局', '天津市和平区'],
      ['厦门市生态环境局同安分局开展执法检查。', '厦门市生态环境局同安分局', '福建省厦门市同安区'],
    ] as const) {
      const result = recognizeAgencies([text])
      expect(agency(result, name), text).toMatchObject({level: 'district-county', region})
      expect(mentionTexts(result, [text])[0], text).toEqual([[name, name]])
    }
    // No district 富阳 under 杭州市公安局 starts with 和: the branch after "and" is not part of the name.
    expect(one('杭州市公安局和富阳分局联合行动。').mentions).toEqual([['杭州市公安局', '杭州市公安局']])
  })

  it('和县 after an agency’s name is "and the county"; after 省 or a preposition it is 和县', () => {
    expect(one('杭州市公安局和县公安局联合开展行动。').result.agencies.map((a) => a.name)).toEqual(['杭州市公安局'])
    expect(agency(one('安徽省和县公安局开展行动。').result, '和县公安局').region).toBe('安徽省马鞍山市和县')
    expect(agency(one('马鞍山市和县人民政府召开会议。').result, '和县人民政府').region).toBe('安徽省马鞍山市和县')
  })

  it('an area that is no division (天安门地区分局) takes its parent’s region, not an invented one', () => {
    const found = agency(one('北京市公安局天安门地区分局加强巡逻。').result, '北京市公安局天安门地区分局')
    expect(found).toMatchObject({parentName: '北京市公安局', region: '北京市'})
  })

  it('courts and procuratorates written short (桐庐县法院) are the same as in full; an intermediate court is its own', () => {
    const texts = ['桐庐县法院审结案件12件。', '桐庐县人民法院院长出席，杭州市中级人民法院和杭州市检察院派员参加。']
    const result = recognizeAgencies(texts)
    expect(agency(result, '桐庐县人民法院')).toMatchObject({aliases: ['桐庐县法院'], region: '浙江省杭州市桐庐县'})
    expect(mentionTexts(result, texts)[0]).toEqual([['桐庐县法院', '桐庐县人民法院']])
    expect(agency(result, '杭州市中级人民法院').level).toBe('municipal')
    expect(agency(result, '杭州市人民检察院')).toMatchObject({aliases: ['杭州市检察院'], region: '浙江省杭州市'})
    expect(result.agencies).toHaveLength(3)
  })

  it('branches of municipality and city bureaus are district-county, placed by the national list', () => {
    for (const [text, name, region] of [
      ['北京市公安局海淀分局开展巡查。', '北京市公安局海淀分局', '北京市海淀区'],
      ['上海市公安局浦东分局开展巡查。', '上海市公安局浦东分局', '上海市浦东新区'],
      ['重庆市公安局渝北区分局开展巡查。', '重庆市公安局渝北区分局', '重庆市渝北区'],
      ['杭州市公安局上城分局开展巡查。', '杭州市公安局上城分局', '浙江省杭州市上城区'],
      // 阿城市场 in the text is no city called 阿城市.
      ['哈尔滨市市场监督管理局阿城分局开展阿城市场检查。', '哈尔滨市市场监督管理局阿城分局', '黑龙江省哈尔滨市阿城区'],
    ] as const) {
      const found = agency(recognizeAgencies([text]), name)
      expect([found.level, found.region], text).toEqual(['district-county', region])
    }
  })
})

describe('level references: 县公安局 in a county report', () => {
  /** Mentions as [text as written, agency] over every paragraph, with the invariants checked. */
  function read(paragraphs: string[], title?: string) {
    const result = recognizeAgencies(paragraphs, {title})
    checkInvariants(result, paragraphs)
    return {result, mentions: mentionTexts(result, paragraphs).flat()}
  }

  it('resolves 县公安局 in a county report to the county’s bureau (桐庐县公安局), the primary unchanged', () => {
    const paragraphs = [
      '桐庐县人民法院联合县公安局开展集中执行行动。',
      '县公安局出动警力120人次，县市场监管局、县人民法院执行局配合。经县政府同意，由县人民政府办公室牵头。',
    ]
    const {result, mentions} = read(paragraphs, '桐庐县人民法院开展集中执行行动')
    expect(result.agencies[0]?.name).toBe('桐庐县人民法院')
    expect(agency(result, '桐庐县公安局')).toEqual({
      name: '桐庐县公安局',
      // 县公安局 names every county's police: no alias on a document all reports share.
      aliases: [],
      level: 'district-county',
      region: '浙江省杭州市桐庐县',
      sector: '公安',
    })
    expect(mentions).toEqual([
      ['桐庐县人民法院', '桐庐县人民法院'],
      ['县公安局', '桐庐县公安局'],
      ['县公安局', '桐庐县公安局'],
      ['县市场监管局', '桐庐县市场监督管理局'],
      ['县人民法院', '桐庐县人民法院'],
      ['县政府', '桐庐县政府'],
      ['县人民政府办公室', '桐庐县人民政府办公室'],
    ])
    // The usual parent rules: the office belongs to the government, which is listed too.
    expect(agency(result, '桐庐县人民政府办公室').parentName).toBe('桐庐县人民政府')
    expect(agency(result, '桐庐县人民政府').region).toBe('浙江省杭州市桐庐县')
  })

  it('resolves 区X to the district and 市X to the city above it in a district report', () => {
    const paragraphs = ['杭州市生态环境局富阳分局会同区财政局、市生态环境局开展专项检查。']
    const {result, mentions} = read(paragraphs, '富阳分局开展专项检查')
    expect(mentions).toEqual([
      ['杭州市生态环境局富阳分局', '杭州市生态环境局富阳分局'],
      ['区财政局', '杭州市富阳区财政局'],
      ['市生态环境局', '杭州市生态环境局'],
    ])
    expect(agency(result, '杭州市富阳区财政局')).toMatchObject({level: 'district-county', region: '浙江省杭州市富阳区', sector: '财政'})
    // 市生态环境局 is the parent already listed, now mentioned; nothing new is made for it.
    expect(result.agencies.map((a) => a.name)).toEqual(['杭州市生态环境局富阳分局', '杭州市生态环境局', '杭州市富阳区财政局'])
    // A county-level city is its own 市; the prefecture above it is another level, not a second city.
    const jiande = read(['建德市人民政府召开会议，市公安局参加，杭州市代表列席。'])
    expect(jiande.mentions[1]).toEqual(['市公安局', '建德市公安局'])
    // A municipality is the 市 of its districts.
    const beijing = read(['北京市朝阳区人民政府召开会议，区公安分局、市公安局参加。'])
    expect(beijing.mentions.slice(1)).toEqual([
      ['区公安分局', '北京市朝阳区公安分局'],
      ['市公安局', '北京市公安局'],
    ])
  })

  it('joins a level reference to the full name the text uses for that body (县市场监管局)', () => {
    const {result, mentions} = read(['浙江省杭州市桐庐县市场监督管理局开展检查。县市场监管局表示将持续整治。'])
    expect(result.agencies.map((a) => a.name)).toEqual(['桐庐县市场监督管理局'])
    expect(mentions[1]).toEqual(['县市场监管局', '桐庐县市场监督管理局'])
  })

  it('resolves nothing when the text names two places of that level', () => {
    const {result} = read(['桐庐县人民法院与淳安县人民法院联合县公安局开展执行。'], '桐庐县人民法院开展执行')
    expect(result.agencies.map((a) => a.name)).toEqual(['桐庐县人民法院', '淳安县人民法院'])
    // A second county in prose is enough; another level is not (杭州市 does not make 县 ambiguous).
    expect(read(['桐庐县人民法院召开会议，县公安局参加。', '会议邀请淳安县代表列席。']).result.agencies).toHaveLength(1)
    expect(agency(read(['桐庐县人民法院召开会议，县公安局参加。杭州市代表列席。']).result, '桐庐县公安局').region).toBe(
      '浙江省杭州市桐庐县',
    )
    // Two cities: 市公安局 could be either's.
    const cities = read(['杭州市生态环境局富阳分局召开会议，区财政局、市公安局参加，宁波市代表列席。']).result
    expect(cities.agencies.map((a) => a.name)).toContain('杭州市富阳区财政局')
    expect(cities.agencies.map((a) => a.name)).not.toContain('杭州市公安局')
  })

  it('leaves words that are not agencies alone: 县城, 县域, 市场, 区域, 县级, 市民, 区块链, 市政, 全县, 本县, 该县, 市、县', () => {
    const paragraphs = [
      '桐庐县人民法院召开会议。县城、县域经济、市场监管局、区域发展、县级部门、市民中心、区块链应用、市政设施管理局。',
      '全县公安局系统，本县公安局，该县公安局，市、县公安局，市县两级财政局，各县公安局。',
    ]
    const {result, mentions} = read(paragraphs)
    expect(result.agencies.map((a) => a.name)).toEqual(['桐庐县人民法院'])
    expect(mentions).toEqual([['桐庐县人民法院', '桐庐县人民法院']])
  })

  it('resolves nothing in a report with no home place', () => {
    // No agency at all, and a national primary: no place to resolve against.
    expect(read(['县公安局开展整治，区财政局、市生态环境局参加。']).result.agencies).toEqual([])
    const national = read(['生态环境部督察组进驻，县公安局配合。']).result
    expect(national.agencies.map((a) => a.name)).toEqual(['生态环境部'])
  })
})

describe('officialName: every spelling of one agency names one document', () => {
  it.each([
    ['杭州市市场监管局', '杭州市市场监督管理局'],
    ['杭州市卫健委', '杭州市卫生健康委员会'],
    ['余杭区发改委', '余杭区发展和改革委员会'],
    ['桐庐县人社局', '桐庐县人力资源和社会保障局'],
    ['桐庐县法院', '桐庐县人民法院'],
    ['桐庐县检察院', '桐庐县人民检察院'],
    ['杭州市中院', '杭州市中级人民法院'],
    ['杭州市妇联', '杭州市妇女联合会'],
    ['桐庐县委', '中共桐庐县委员会'],
    ['中国共产党桐庐县委员会', '中共桐庐县委员会'],
    ['杭州市委统战部', '中共杭州市委统一战线工作部'],
    ['中共杭州市委员会组织部', '中共杭州市委组织部'],
    ['杭州市委办公厅', '中共杭州市委办公厅'],
    ['桐庐县委办公室', '中共桐庐县委办公室'],
    // Already in full, or nothing to write out.
    ['杭州市中级人民法院', '杭州市中级人民法院'],
    ['杭州市生态环境局富阳分局', '杭州市生态环境局富阳分局'],
    // The discipline inspection commission is the party's; the supervisory commission the state's.
    ['杭州市纪委', '中共杭州市纪律检查委员会'],
    ['中共杭州市纪律检查委员会', '中共杭州市纪律检查委员会'],
    ['钱塘区监委', '钱塘区监察委员会'],
    ['杭州市纪委监委', '杭州市纪委监委'],
    // 文旅局 is 文化和旅游局 in one place and 文化广电旅游局 in another.
    ['杭州市文旅局', '杭州市文旅局'],
    ['杭州市疾控中心', '杭州市疾病预防控制中心'],
    ['杭州市住建局', '杭州市住房和城乡建设局'],
    ['杭州市国资委', '杭州市国有资产监督管理委员会'],
    ['政协桐庐县委员会', '政协桐庐县委员会'],
    ['富阳区人民政府', '富阳区人民政府'],
    // Traditional names stay as written.
    ['臺北市政府環境保護局', '臺北市政府環境保護局'],
  ])('%s → %s', (written, official) => {
    expect(officialName(written)).toBe(official)
  })

  it('reads a government\'s own commissions and offices (人民政府国有资产监督管理委员会, 人民政府新闻办公室) under it', () => {
    for (const [text, name, parent] of [
      ['杭州市人民政府国有资产监督管理委员会召开会议。', '杭州市人民政府国有资产监督管理委员会', '杭州市人民政府'],
      ['杭州市人民政府国资委召开会议。', '杭州市人民政府国有资产监督管理委员会', '杭州市人民政府'],
      ['浙江省人民政府新闻办公室举行新闻发布会。', '浙江省人民政府新闻办公室', '浙江省人民政府'],
    ] as const) {
      expect(agency(recognizeAgencies([text]), name).parentName, text).toBe(parent)
    }
    // A development zone's 管理委员会 is still the zone's.
    expect(recognizeAgencies(['杭州经济技术开发区管理委员会召开会议。']).agencies.map((a) => a.name)).toEqual(['杭州经济技术开发区管理委员会'])
  })

  it('gives two reports that spell one bureau differently the same agency', () => {
    const a = recognizeAgencies(['杭州市市场监管局开展检查。']).agencies
    const b = recognizeAgencies(['杭州市市场监督管理局开展检查。']).agencies
    expect(a.map((x) => agencySlug(x.name))).toEqual(b.map((x) => agencySlug(x.name)))
    expect(a[0]?.aliases).toEqual(['杭州市市场监管局'])
  })

  it('names an agency below a province without it, as it names itself; provincial ones and municipalities keep theirs', () => {
    const names = (text: string) => recognizeAgencies([text]).agencies.map((a) => a.name)
    expect(names('浙江省杭州市市场监督管理局开展检查。')).toEqual(['杭州市市场监督管理局'])
    expect(names('杭州市市场监督管理局开展检查。')).toEqual(['杭州市市场监督管理局'])
    expect(names('浙江省杭州市生态环境局富阳分局开展执法。')).toEqual(['杭州市生态环境局富阳分局', '杭州市生态环境局'])
    expect(recognizeAgencies(['浙江省杭州市市场监督管理局开展检查。']).agencies[0]?.aliases).toEqual(['浙江省杭州市市场监督管理局'])
    expect(names('吉林省延边朝鲜族自治州人民政府召开会议。')).toEqual(['延边朝鲜族自治州人民政府'])
    expect(names('浙江省生态环境厅召开会议。')).toEqual(['浙江省生态环境厅'])
    expect(names('北京市朝阳区人民政府召开会议。')).toEqual(['北京市朝阳区人民政府'])
    // No city between the province and the county: the province stays.
    expect(names('湖北省神农架林区人民政府召开会议。')).toEqual(['湖北省神农架林区人民政府'])
  })

  it('names a district with its city and a county without, as they sign, so both spellings make one document', () => {
    const names = (text: string) => recognizeAgencies([text]).agencies.map((a) => a.name)
    // Districts: 杭州市富阳区…, also when the report leaves the city out.
    expect(names('富阳区市场监管局开展检查。')).toEqual(['杭州市富阳区市场监督管理局'])
    expect(names('杭州市富阳区市场监督管理局开展检查。')).toEqual(['杭州市富阳区市场监督管理局'])
    expect(names('浙江省杭州市富阳区市场监督管理局开展检查。')).toEqual(['杭州市富阳区市场监督管理局'])
    expect(names('富阳区富春街道办事处召开会议。')).toEqual(['杭州市富阳区富春街道办事处'])
    expect(names('富阳区委召开会议。')).toEqual(['中共杭州市富阳区委员会'])
    // A municipality's district carries the municipality; 浦东新区 is a district too.
    expect(names('西城区教育委员会发布通知。')).toEqual(['北京市西城区教育委员会'])
    expect(names('浦东新区教育局发布通知。')).toEqual(['上海市浦东新区教育局'])
    // Counties and county-level cities: 桐庐县…, 建德市…, also when the report writes the city.
    expect(names('杭州市桐庐县教育局发布通知。')).toEqual(['桐庐县教育局'])
    expect(names('浙江省杭州市桐庐县教育局发布通知。')).toEqual(['桐庐县教育局'])
    expect(names('杭州市建德市人民政府召开会议。')).toEqual(['建德市人民政府'])
    expect(names('中共杭州市桐庐县委员会召开会议。')).toEqual(['中共桐庐县委员会'])
    expect(agency(recognizeAgencies(['杭州市桐庐县教育局发布通知。']), '桐庐县教育局').aliases).toEqual(['杭州市桐庐县教育局'])
    // A municipality's county signs alone too, and a county written after its province without its city.
    expect(names('重庆市巫山县教育委员会发布通知。')).toEqual(['巫山县教育委员会'])
    expect(names('安徽省和县公安局开展行动。')).toEqual(['和县公安局'])
    // Left as written: a district several cities have (鼓楼区), a special district, a division directly under
    // its province, and a branch named by its parent.
    expect(names('鼓楼区教育局发布通知。')).toEqual(['鼓楼区教育局'])
    expect(names('六枝特区教育局发布通知。')).toEqual(['六枝特区教育局'])
    expect(names('仙桃市教育局发布通知。')).toEqual(['仙桃市教育局'])
    expect(names('杭州市公安局富阳区分局开展行动。')).toEqual(['杭州市公安局富阳区分局', '杭州市公安局'])
    // Two reports, one document.
    const ids = (text: string) => recognizeAgencies([text]).agencies.map((a) => agencySlug(a.name))
    expect(ids('富阳区人民政府召开会议。')).toEqual(ids('杭州市富阳区人民政府召开会议。'))
  })
})

describe('agencySlug', () => {
  it('is lowercase pinyin joined by hyphens and stable', () => {
    const slug = agencySlug('杭州市生态环境局富阳分局')
    expect(slug).toBe('hang-zhou-shi-sheng-tai-huan-jing-ju-fu-yang-fen-ju')
    expect(agencySlug('杭州市生态环境局富阳分局')).toBe(slug)
    expect(agencySlug('臺北市政府環境保護局')).toBe(agencySlug('台北市政府环境保护局'))
  })

  it('always gives a usable id part of at most 96 characters', () => {
    fc.assert(
      fc.property(fc.string({unit: 'grapheme', maxLength: 80}), (name) => {
        const slug = agencySlug(name)
        expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
        expect(slug.length).toBeLessThanOrEqual(96)
        expect(agencySlug(name)).toBe(slug)
      }),
      {numRuns: 200},
    )
    expect(agencySlug('中华人民共和国'.repeat(10)).length).toBeLessThanOrEqual(96)
  })
})

describe('types', () => {
  it('AgencyLevel matches the document schema', () => {
    expectTypeOf<AgencyLevel>().toEqualTypeOf<(typeof AGENCY_LEVEL_VALUES)[number]>()
  })
})

describe('party committees', () => {
  it('reads a place\'s committee (桐庐县委, 浙江省委), with or without 中共, and its level word', () => {
    const texts = ['中共桐庐县委召开常委会议。桐庐县人民法院院长列席。', '县委书记出席活动，浙江省委、省政府高度重视。']
    const result = recognizeAgencies(texts)
    // Named in full (中共桐庐县委员会), with the report's spelling as an alias.
    expect(agency(result, '中共桐庐县委员会')).toMatchObject({level: 'district-county', region: '浙江省杭州市桐庐县', aliases: ['桐庐县委']})
    expect(agency(result, '中共浙江省委员会')).toMatchObject({level: 'provincial', region: '浙江省'})
    expect(mentionTexts(result, texts)[1]).toContainEqual(['县委', '中共桐庐县委员会'])
    expect(agency(recognizeAgencies(['中共桐庐县委员会召开全会。']), '中共桐庐县委员会')).toMatchObject({region: '浙江省杭州市桐庐县'})
  })

  it('reads a committee\'s departments (杭州市委组织部) below it, and 组织部门 as no name', () => {
    const texts = ['中共桐庐县委组织部、桐庐县委宣传部和县委政法委联合开展活动。', '中共杭州市委党校举办培训班，市委组织部门加强指导。']
    const result = recognizeAgencies(texts)
    expect(agency(result, '中共桐庐县委组织部')).toMatchObject({parentName: '中共桐庐县委员会', sector: '组织', region: '浙江省杭州市桐庐县'})
    expect(agency(result, '中共桐庐县委宣传部')).toMatchObject({parentName: '中共桐庐县委员会', sector: '宣传'})
    expect(agency(result, '中共杭州市委党校')).toMatchObject({parentName: '中共杭州市委员会', level: 'municipal'})
    // 县委政法委 is the report's own county's, read by its level word; 和 is "and", not 安徽省和县.
    expect(mentionTexts(result, texts)[0]).toContainEqual(['县委政法委', '中共桐庐县委政法委员会'])
    // 市委组织部门 is the committee's organisation departments: 市委 is named, no department is.
    expect(mentionTexts(result, texts)[1]).toEqual([
      ['杭州市委党校', '中共杭州市委党校'],
      ['市委', '中共杭州市委员会'],
    ])
    for (const a of result.agencies) expect(a.region ?? '', a.name).not.toContain('安徽')
    // A commission's work is no department of it.
    expect(recognizeAgencies(['杭州市卫健委组织开展检查。']).agencies.map((a) => a.name)).toEqual(['杭州市卫生健康委员会'])
  })

  it('one committee however it is written (中共桐庐县委员会, 桐庐县委), and so its departments', () => {
    const texts = ['中共桐庐县委员会召开全会，中共桐庐县委员会宣传部发布公报。', '桐庐县委书记讲话，桐庐县委宣传部作出部署。']
    const result = recognizeAgencies(texts)
    // The department signs with its committee short: 中共桐庐县委宣传部.
    expect(result.agencies.map((a) => a.name)).toEqual(['中共桐庐县委员会', '中共桐庐县委宣传部'])
    expect(agency(result, '中共桐庐县委员会').aliases).toContain('桐庐县委')
    expect(agency(result, '中共桐庐县委宣传部')).toMatchObject({parentName: '中共桐庐县委员会'})
    expect(agency(result, '中共桐庐县委宣传部').aliases.sort()).toEqual(['中共桐庐县委员会宣传部', '桐庐县委宣传部'])
    expect(mentionTexts(result, texts)).toEqual([
      [
        ['中共桐庐县委员会', '中共桐庐县委员会'],
        ['中共桐庐县委员会宣传部', '中共桐庐县委宣传部'],
      ],
      [
        ['桐庐县委', '中共桐庐县委员会'],
        ['桐庐县委宣传部', '中共桐庐县委宣传部'],
      ],
    ])
    // Another report's spelling gives the same names, so both share the agency documents.
    const other = recognizeAgencies(['桐庐县委宣传部召开会议。'])
    expect(other.agencies.map((a) => a.name)).toEqual(['中共桐庐县委宣传部', '中共桐庐县委员会'])
  })

  it('reads a town\'s party committee (新登镇党委) and a subdistrict\'s working committee (富春街道党工委)', () => {
    const names = (text: string) => recognizeAgencies([text]).agencies.map((a) => [a.name, a.level, a.region])
    expect(names('富阳区富春街道党工委召开会议。')).toEqual([['中共杭州市富阳区富春街道工作委员会', 'township', '浙江省杭州市富阳区富春街道']])
    expect(names('新登镇党委召开会议。')).toEqual([['中共新登镇委员会', 'township', '新登镇']])
    // A bureau's own party committee is no place's: the bureau is the agency named.
    expect(names('杭州市生态环境局党委召开会议。').map(([name]) => name)).toEqual(['杭州市生态环境局'])
    // The committee's place is the report's home for its level words: 区市场监管局 is 富阳区's.
    const report = recognizeAgencies(['富阳区富春街道党工委部署工作，街道执法队联合区市场监管局开展整治。'])
    expect(report.agencies.map((a) => a.name)).toEqual(['中共杭州市富阳区富春街道工作委员会', '杭州市富阳区市场监督管理局'])
  })

  it('keeps other bodies\' committees of a place apart from the party\'s (共青团杭州市委, 民盟杭州市委)', () => {
    for (const name of ['共青团杭州市委', '民盟杭州市委', '九三学社杭州市委', '政协桐庐县委员会']) {
      const result = recognizeAgencies([`${name}召开会议。`])
      expect(result.agencies.map((a) => a.name), name).toEqual([name])
      expect(officialName(name), name).toBe(name)
    }
  })

  it('still reads a commission after its body (杭州市卫健委), and no committee in 委托 or 委员', () => {
    expect(agency(recognizeAgencies(['杭州市卫健委召开会议。']), '杭州市卫生健康委员会')).toMatchObject({sector: '卫生健康', aliases: ['杭州市卫健委']})
    expect(recognizeAgencies(['桐庐县委托第三方机构开展评估，富阳区委员张三参加。']).agencies).toEqual([])
  })
})

describe('invariants on generated text', () => {
  const fragments = [
    '浙江省', '杭州市', '富阳区', '某县', '富春街道', '臺北市', '国家税务总局', '国务院', '中华人民共和国',
    '生态环境', '市场监督管理', '公安', '交通警察', '環境保護', '税务', '综合行政执法',
    '局', '分局', '厅', '委员会', '委', '中共', '县', '人民政府', '政府', '办公室', '办公厅', '支队', '办事处', '部', '部门', '局面',
    '富阳', '与', '和', '全', '各', '在', '的', '，', '、', '“', '”', '（以下简称“富阳分局”）', '(以下简称', ')', '富阳分局',
    'A', '1', ' ', '\n', '𠀀',
  ]
  const paragraph = fc.array(fc.constantFrom(...fragments), {maxLength: 30}).map((parts) => parts.join(''))

  it('mentions are sorted, non-overlapping and point at listed agencies', () => {
    fc.assert(
      fc.property(fc.array(paragraph, {maxLength: 4}), paragraph, (paragraphs, title) => {
        checkInvariants(recognizeAgencies(paragraphs, {title}), paragraphs)
      }),
      {numRuns: 400},
    )
  })

  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.array(paragraph, {maxLength: 3}), (paragraphs) => {
        expect(recognizeAgencies(paragraphs)).toEqual(recognizeAgencies(paragraphs))
      }),
      {numRuns: 100},
    )
  })
})
