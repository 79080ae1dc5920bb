import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {extractMetrics} from '../migrations/report/extract-metrics'
import {APPROXIMATIONS, CHANGES, METRIC_KINDS, type ExtractedMetric, type Segment} from '../migrations/report/model'
import {numbersIn} from '../migrations/report/numerals'

const metricsOf = (segments: Segment[]): ExtractedMetric[] =>
  segments.flatMap((s) => (s.type === 'metric' ? [s.metric] : []))
const metrics = (text: string): ExtractedMetric[] => metricsOf(extractMetrics(text))
const joined = (segments: Segment[]): string => segments.map((s) => (s.type === 'text' ? s.text : s.metric.text)).join('')
const only = (text: string): ExtractedMetric => {
  const found = metrics(text)
  expect(found, text).toHaveLength(1)
  return found[0] as ExtractedMetric
}

describe('the real seed report', () => {
  const file = readFileSync(new URL('../../shared/seeds/000_984990fb53a38cb6.txt', import.meta.url), 'utf8')
  // Line 1 is a banner, 2 the title, 3 a truncated duplicate; every later line is a body paragraph.
  const body = file.split('\n').slice(3)
  const found = body.flatMap((paragraph) => metrics(paragraph))

  it('yields exactly the 19 figures the report states', () => {
    const summary = found.map(({value, unit, kind, approximation, text}) => ({value, unit, kind, approximation, text}))
    const count = (value: number, unit: string, text = `${value}${unit}`, approximation = 'exact') => ({
      value,
      unit,
      kind: 'count',
      approximation,
      text,
    })
    expect(summary).toEqual([
      count(6, '大类'),
      count(48, '项'),
      count(8, '次'),
      count(167, '人次'),
      count(203, '个'),
      count(4, '部'),
      count(12, '个'),
      count(500, '人次', '500余人次', 'moreThan'),
      count(36, '名'),
      count(1100, '张', '1100余张', 'moreThan'),
      count(900, '人次', '900余人次', 'moreThan'),
      count(22, '人次'),
      count(40, '期'),
      count(693, '家次'),
      count(172, '件'),
      count(1270, '件'),
      {value: 20, unit: '%', kind: 'percent', approximation: 'exact', text: '20%'},
      {value: 3, unit: '', kind: 'rank', approximation: 'exact', text: '排名第三'},
      {value: 2, unit: '', kind: 'rank', approximation: 'exact', text: '第二位'},
    ])
  })

  it('marks the fall in complaints and labels what is counted', () => {
    const byText = new Map(found.map((m) => [m.text, m]))
    expect(byText.get('20%')?.change).toBe('decrease')
    expect(found.filter((m) => m.change !== undefined)).toHaveLength(1)
    expect(byText.get('167人次')?.label).toBe('谈心谈话')
    expect(byText.get('6大类')?.label).toBe('内部制度规定')
    expect(byText.get('48项')?.label).toBe('内部制度规定')
    expect(byText.get('12个')?.label).toBe('重点环境整治任务')
    expect(byText.get('4部')?.label).toBe('专题警示片')
    expect(byText.get('36名')?.label).toBe('党员骨干')
    expect(byText.get('1100余张')?.label).toBe('电子服务卡')
    expect(byText.get('40期')?.label).toBe('蓝剑系列专项执法')
    expect(byText.get('693家次')?.label).toMatch(/^(检查)?企业$/)
    expect(byText.get('1270件')?.label).toMatch(/信访总量$/)
    expect(byText.get('500余人次')?.label).toBeUndefined() // 分局出动…: nothing sensible to name
  })

  it('keeps every paragraph intact', () => {
    for (const paragraph of body) expect(joined(extractMetrics(paragraph))).toBe(paragraph)
  })

  it('turns none of the years, codes, idioms or numeral words into figures', () => {
    const texts = new Set(found.map((m) => m.text))
    for (const word of ['2019', '2024', '2025', '2.5', '1+2', '25日', '12字', '五大', '三步', '一把手', '五个', '三重一大', '两代表一委员', '一次', '八小时', '三大', '四个一', '一本', '一个', '一套', '一副', '两大', '一对一', '连续两年']) {
      for (const text of texts) expect(text.includes(word), `${word} in ${text}`).toBe(false)
    }
  })
})

describe('examples', () => {
  it.each<[string, Partial<ExtractedMetric>]>([
    ['两千余人次', {value: 2000, unit: '人次', kind: 'count', approximation: 'moreThan', text: '两千余人次'}],
    ['约3.5万户', {value: 3.5, unit: '万户', kind: 'count', approximation: 'about', text: '约3.5万户', scaledValue: 35000, baseUnit: '户'}],
    ['超过1,200家', {value: 1200, unit: '家', kind: 'count', approximation: 'moreThan', text: '超过1,200家'}],
    ['不足百分之五', {value: 5, unit: '%', kind: 'percent', approximation: 'lessThan', text: '不足百分之五'}],
    ['下降1.2个百分点', {value: 1.2, unit: '个百分点', kind: 'percentagePoints', change: 'decrease', text: '1.2个百分点'}],
    ['投入资金2066万元', {value: 2066, unit: '万元', kind: 'amount', scaledValue: 20660000, baseUnit: '元', label: '资金'}],
    ['1.5亿元', {value: 1.5, unit: '亿元', kind: 'amount', scaledValue: 150000000, baseUnit: '元'}],
    ['新增造林面积300余亩', {value: 300, unit: '亩', kind: 'measure', approximation: 'moreThan', label: '造林面积'}],
    ['ＰＭ２.５浓度为３２微克/立方米', {value: 32, unit: '微克/立方米', kind: 'measure', text: '３２微克/立方米'}],
    ['位列全市第一', {value: 1, unit: '', kind: 'rank', text: '第一'}],
    ['在杭州各区县市均排名第三', {value: 3, unit: '', kind: 'rank', text: '排名第三'}],
    ['列杭州各区县市第二位', {value: 2, unit: '', kind: 'rank', text: '第二位'}],
    ['排名全省第3位', {value: 3, kind: 'rank', text: '第3位'}],
    ['荣获全市第一名', {value: 1, kind: 'rank', text: '第一名'}],
    ['共计１２３件', {value: 123, unit: '件', kind: 'count', text: '１２３件'}],
    ['廿余家', {value: 20, unit: '家', approximation: 'moreThan', text: '廿余家'}],
    ['比上年增长12.5%', {value: 12.5, unit: '%', kind: 'percent', change: 'increase', text: '12.5%'}],
    ['同比增20%', {value: 20, change: 'increase'}],
    ['空气优良率达到92.3%', {value: 92.3, unit: '%', kind: 'percent', label: '空气优良率'}],
    ['优良率92.3%，与上年持平', {value: 92.3, change: 'flat'}],
    ['三百二十五人次', {value: 325, unit: '人次', kind: 'count', text: '三百二十五人次'}],
    ['投入3000萬元', {value: 3000, unit: '萬元', kind: 'amount', scaledValue: 30000000, baseUnit: '元'}],
    ['1.2億元', {value: 1.2, unit: '億元', kind: 'amount', scaledValue: 120000000, baseUnit: '元'}],
    ['五萬人次', {value: 5, unit: '萬人次', kind: 'count', scaledValue: 50000, baseUnit: '人次'}],
    ['1，270件', {value: 1270, unit: '件', text: '1，270件'}],
    ['1,,270件', {value: 270, unit: '件', text: '270件'}],
    ['三万五千元', {value: 35000, unit: '元', kind: 'amount'}],
    ['五亿元', {value: 5, unit: '亿元', scaledValue: 500000000, baseUnit: '元'}],
    ['三亿五千万元', {value: 350000000, unit: '元'}],
    ['三点五万元', {value: 3.5, unit: '万元', scaledValue: 35000}],
    ['3万余人', {value: 3, unit: '万人', approximation: 'moreThan', text: '3万余人', scaledValue: 30000, baseUnit: '人'}],
    ['20多万元', {value: 20, unit: '万元', approximation: 'moreThan', scaledValue: 200000}],
    ['90%以上', {value: 90, approximation: 'moreThan', text: '90%以上'}],
    ['300人左右', {value: 300, approximation: 'about', text: '300人左右'}],
    ['逾500家', {value: 500, approximation: 'moreThan', text: '逾500家'}],
    ['不到10天', {value: 10, unit: '天', kind: 'duration', approximation: 'lessThan'}],
    // Negated markers turn around: 不超过 is at most, 不少于 and 不低于 at least.
    ['误差不超过5%', {value: 5, approximation: 'lessThan', text: '不超过5%', label: '误差'}],
    ['不超3天', {value: 3, approximation: 'lessThan', text: '不超3天'}],
    ['不少于20次', {value: 20, approximation: 'moreThan', text: '不少于20次'}],
    ['不低于90%', {value: 90, approximation: 'moreThan', text: '不低于90%'}],
    ['不高于35微克/立方米', {value: 35, approximation: 'lessThan', text: '不高于35微克/立方米'}],
    ['至少3名', {value: 3, approximation: 'moreThan', text: '至少3名'}],
    ['办理时限压缩至3个工作日', {value: 3, unit: '个工作日', kind: 'duration'}],
    ['5千克', {value: 5, unit: '千克', kind: 'measure'}],
    ['3万千瓦', {value: 3, unit: '万千瓦', kind: 'measure', scaledValue: 30000, baseUnit: '千瓦'}],
    ['托管服务面积9.8万亩次', {value: 9.8, unit: '万亩次', kind: 'measure', scaledValue: 98000, baseUnit: '亩次', label: '托管服务面积'}],
    ['检查企业693家次', {value: 693, unit: '家次', label: '企业'}],
    ['4部专题警示片', {value: 4, unit: '部', label: '专题警示片'}],
    ['查处违法行为3起', {value: 3, unit: '起', label: '违法行为'}],
    // A long clause after the unit still names the counted noun when a verb closes it early.
    ['向3260家企业发放一次性扩岗补助和稳岗返还资金', {value: 3260, unit: '家', label: '企业'}],
    ['一人次', {value: 1, unit: '人次'}],
    // A verb before 方式 names a manner: the act is counted, or the object of the verb after it.
    ['全年以调解方式结案136件', {value: 136, unit: '件', label: '调解方式结案'}],
    ['通过调解方式化解纠纷58起', {value: 58, unit: '起', label: '纠纷'}],
    // The manner phrase starts the act, though the subject's name holds a verb (调解委员会).
    ['县人民调解委员会以调解方式结案1,204件', {value: 1204, unit: '件', label: '调解方式结案'}],
    ['以视频形式召开会议3次', {value: 3, unit: '次', label: '会议'}],
    // A verb that closes a facility's name (处理厂) opens no object.
    ['城东污水处理厂设计日处理能力10万吨', {value: 10, unit: '万吨', label: '设计日处理能力'}],
  ])('%s', (text, expected) => {
    expect(only(text)).toMatchObject(expected)
  })

  it('reads both figures in 6大类48项 and shares the label', () => {
    const [a, b] = metrics('建立健全日常办公等6大类48项内部制度规定')
    expect(a).toMatchObject({value: 6, unit: '大类', label: '内部制度规定'})
    expect(b).toMatchObject({value: 48, unit: '项', label: '内部制度规定'})
  })

  it('does not join figures across doubled commas', () => {
    expect(metrics('500人次,,167人次').map((m) => m.text)).toEqual(['500人次', '167人次'])
  })

  it('sets change only for a value stated right after the verb', () => {
    expect(metrics('信访总量1270件，同比下降20%').map((m) => m.change)).toEqual([undefined, 'decrease'])
    expect(metrics('空气优良率提高到92.3%')[0]?.change).toBeUndefined() // a level, not a change
    expect(metrics('新增20家')[0]?.change).toBeUndefined() // 新增 is "newly added"
    expect(metrics('同比持平')).toEqual([])
  })

  it('does not take 节约 for 约', () => {
    expect(only('节约资金300万元')).toMatchObject({approximation: 'exact', text: '300万元'})
  })
})

describe('never metrics', () => {
  it.each([
    // dates and periods
    '2019年',
    '2019年度',
    '2024—2025',
    '2024-2025年',
    '《2024—2025年节能降碳行动方案》',
    '1-8月',
    '3月',
    '每月25日',
    '25日',
    '12月31日',
    '去年',
    '上半年',
    '一季度',
    '二〇二四年',
    '十三五期间',
    '十一期间',
    '3-5年',
    '2024/12/31',
    '8:30',
    // codes and names
    '〔2024〕25号',
    '[2024]3号',
    'PM2.5',
    'PM10',
    'ＰＭ２.５',
    '图1',
    '表2',
    'G60科创走廊',
    '5G',
    '5G网络',
    'COVID-19',
    '“1+2”模式',
    // list numbering and ordinals
    '1. 加强领导',
    '2、强化责任',
    '（一）',
    '一是',
    '二是',
    '第三批',
    '第一次',
    '第二届',
    '居全省第一方阵',
    '摆在第一位', // no ranking verb
    // numeral words and idioms
    '一把手',
    '一岗双责',
    '三重一大',
    '两代表一委员',
    '二十大',
    '四个一',
    '三服务',
    '最多跑一次',
    '一对一',
    '五大融合',
    '三步法',
    '三步走',
    '两大提升活动',
    '三大重点',
    '五个不直接分管',
    '每月开展一次',
    '一次',
    '八小时以外',
    '连续两年',
    '一名党员',
    '十余家',
    '千家万户',
    '千方百计',
    '万一',
    '百姓',
    '零积案',
    // top-N lists and numbers without units
    '排名前三',
    '前十',
    '前10名',
    '前3季度',
    '12字目标任务',
    '12345热线',
    '3方面',
    '3部门联合',
    '3万字',
    '每3个月',
    '5年后',
    '5项目',
  ])('%s', (text) => {
    expect(metrics(text)).toEqual([])
  })
})

// Building blocks for random paragraphs: numbers, units, markers and noise.
const TOKENS = [
  ...'0123456789０１２３４５６７８９',
  ...'一二两三四五六七八九十百千万亿零〇廿卅萬億兩',
  '第', '百分之', '点', '余', '多', '约', '近', '超过', '不足', '不到', '逾', '以上', '左右', '以下',
  '人次', '家次', '户次', '件', '个', '项', '名', '人', '家', '户', '次', '期', '张', '部', '大类', '类',
  '元', '万元', '亿元', '萬元', '%', '％', '个百分点', '公里', '平方公里', '吨', '亩', '微克/立方米', '年', '天',
  '个月', '小时', '日', '月', '号', '位', '排名', '位列', '列', '居', '同比', '下降', '增长', '持平', '比上年',
  '，', ',', '。', '、', '；', '.', '-', '—', '+', '/', ':', '(', ')', '〔', '〕', '“', '”', ' ', '\n',
  'PM', 'G', 'a', 'Z', 'ＰＭ', '企业', '检查', '落实', '谈心谈话', '的', '和', '在', '前', '每', '节约',
  '😀', '👍🏽', '𠀋', '\u0301', '\ud800', '\udfff', '\u200b',
  '分之', '千分之', '不超过', '不低于', '至少', '约为', '約', '餘', '至', '到', '与', '增产', '缩短', '（GDP）', '(CPI)', '前移', '决赛', '−', '－',
]
const paragraph = fc.array(fc.constantFrom(...TOKENS), {maxLength: 40}).map((parts) => parts.join(''))
const anyText = fc.oneof(paragraph, fc.string({unit: 'binary', maxLength: 60}), fc.string({unit: 'grapheme', maxLength: 40}))

function checkSegments(text: string): void {
  const segments = extractMetrics(text)
  expect(joined(segments)).toBe(text)
  segments.forEach((segment, i) => {
    if (segment.type === 'text') {
      expect(segment.text.length).toBeGreaterThan(0)
      expect(segments[i + 1]?.type).not.toBe('text')
      return
    }
    const m = segment.metric
    expect(m.text.length).toBeGreaterThan(0)
    expect(Number.isFinite(m.value)).toBe(true)
    expect(METRIC_KINDS).toContain(m.kind)
    expect(APPROXIMATIONS).toContain(m.approximation)
    if (m.change !== undefined) expect(CHANGES).toContain(m.change)
    if (m.kind === 'rank') {
      expect(Number.isInteger(m.value) && m.value >= 1).toBe(true)
      expect(m.unit).toBe('')
    }
    if (m.label !== undefined) expect(m.label.length).toBeGreaterThan(0)
    if (m.baseUnit !== undefined) expect(m.baseUnit.length).toBeGreaterThan(0)
    if (m.scaledValue !== undefined) expect(Number.isFinite(m.scaledValue)).toBe(true)
    // The wording states the value: 500余人次 → 500, 排名第三 → 3.
    expect(numbersIn(m.text)).toContain(m.value)
  })
}

describe('statistics-report phrasings', () => {
  const pick = (m: ExtractedMetric) => ({text: m.text, value: m.value, unit: m.unit, kind: m.kind, approximation: m.approximation, change: m.change, label: m.label})

  it('pairs the figures after 分别 with the subjects before it, and gives each the change', () => {
    expect(metrics('规上工业增加值、社会消费品零售总额分别增长8.1%、5.6%。').map(pick)).toEqual([
      {text: '8.1%', value: 8.1, unit: '%', kind: 'percent', approximation: 'exact', change: 'increase', label: '规上工业增加值'},
      {text: '5.6%', value: 5.6, unit: '%', kind: 'percent', approximation: 'exact', change: 'increase', label: '社会消费品零售总额'},
    ])
    const [a, b] = metrics('今年1-4月，全县安全生产事故起数和死亡人数分别同比下降27.3%和33.3%。')
    expect([a?.label, a?.change, b?.label, b?.change]).toEqual(['安全生产事故起数', 'decrease', '死亡人数', 'decrease'])
  })

  it('gives no label to a listed figure when the subjects do not pair up', () => {
    const found = metrics('工业、农业和服务业分别增长5%和6%。')
    expect(found.map((m) => [m.label, m.change])).toEqual([[undefined, 'increase'], [undefined, 'increase']])
  })

  it('reads both ranks of a move, with one label', () => {
    expect(metrics('营商环境评价排名由全省第8位提升至第3位。').map((m) => [m.text, m.value, m.kind, m.label])).toEqual([
      ['第8位', 8, 'rank', '营商环境评价'],
      ['第3位', 3, 'rank', '营商环境评价'],
    ])
  })

  it('keeps ratio nouns in labels and drops the verbs of a level', () => {
    expect(only('空气优良天数比例同比提高2.3个百分点').label).toBe('空气优良天数比例')
    expect(only('研发经费投入占比提高0.5个百分点').label).toBe('研发经费投入占比')
    expect(only('第三产业比重提高1.2个百分点').label).toBe('第三产业比重')
    expect(only('空气优良率提高到92.3%').label).toBe('空气优良率')
    expect(metrics('征收率由3%降至1%').map((m) => m.label)).toEqual(['征收率', undefined])
  })

  it('reads 加快, 放缓, 收窄 and 负增长 as changes', () => {
    expect(only('增速比上年同期加快0.6个百分点')).toMatchObject({change: 'increase', label: '增速'})
    expect(only('降幅比上半年收窄0.8个百分点')).toMatchObject({change: 'decrease', label: '降幅'})
    expect(only('全市税收收入同比负增长2.1%')).toMatchObject({change: 'decrease', label: '税收收入', value: 2.1})
  })

  it('takes the minus sign of 增长-3.2% as a fall, keeping it in the wording', () => {
    expect(only('工业用电量同比增长-3.2%')).toMatchObject({text: '-3.2%', value: 3.2, change: 'decrease'})
    // Without a change verb the minus makes a level below zero.
    expect(only('利润总额-5万元')).toMatchObject({text: '-5万元', value: -5, scaledValue: -50000, label: '利润总额'})
    expect(only('人口自然增长率为-3.10‰')).toMatchObject({text: '-3.10‰', value: -3.1, label: '人口自然增长率'})
  })

  it('keeps 年均, 平均 and 人均 out of labels, and a span of time is no label', () => {
    expect(only('全区地区生产总值年均增长6.2%。')).toMatchObject({change: 'increase', label: '地区生产总值'})
    expect(only('农民收入人均增加1200元')).toMatchObject({change: 'increase', label: '农民收入'})
    expect(only('五年平均增长4.9%').label).toBeUndefined()
  })

  it('names a figure by the indicator before its bracketed abbreviation', () => {
    expect(only('地区生产总值（GDP）612.45亿元').label).toBe('地区生产总值')
    expect(only('居民消费价格指数(CPI)同比上涨0.3%')).toMatchObject({label: '居民消费价格指数', change: 'increase'})
  })

  it('reads 约为 and traditional 約, 大約, 餘 as approximations, and 损失约 as about', () => {
    expect(only('去化周期约为14个月')).toMatchObject({text: '约为14个月', approximation: 'about', label: '去化周期'})
    expect(metrics('約7000人參加，大約３０件，1200餘場').map((m) => [m.text, m.approximation])).toEqual([
      ['約7000人', 'about'],
      ['大約３０件', 'about'],
      ['1200餘場', 'moreThan'],
    ])
    expect(only('挽回国有财产损失约380万元')).toMatchObject({text: '约380万元', approximation: 'about', label: '挽回国有财产损失'})
    expect(only('节约资金300万元')).toMatchObject({text: '300万元', approximation: 'exact'})
  })

  it('reads 增产, 减收, 缩短 and 延长 as changes', () => {
    expect(only('粮食比上年增产1.6亿斤')).toMatchObject({change: 'increase'})
    expect(only('财政收入同比减收2.3亿元')).toMatchObject({change: 'decrease'})
    expect(only('审批时限较上年缩短0.4天')).toMatchObject({change: 'decrease'})
  })

  it('labels shares and totals whose verb is part of the noun', () => {
    expect(metrics('工业投资增长13.6%，占全部投资的比重为52.4%')[1]?.label).toBe('占全部投资的比重')
    expect(only('总投资2876.4亿元').label).toBe('总投资')
    expect(only('新开工项目128个').label).toBe('项目')
  })

  it('does not count places moved in a ranking as people', () => {
    expect(metrics('营商环境评价较上年前移3位')).toEqual([])
    expect(only('邀请3位专家参加座谈')).toMatchObject({text: '3位', label: '专家'})
  })

  it('leaves a range of percentages alone, and reads growth of 0.0% as flat', () => {
    expect(metrics('预计全年增长5%至6%之间')).toEqual([])
    expect(metrics('增长12.5%至3560亿元').map((m) => m.text)).toEqual(['12.5%', '3560亿元'])
    expect(only('同比增长0.0%')).toMatchObject({value: 0, change: 'flat'})
  })

  it('keeps agency names and clause words out of labels', () => {
    expect(only('城关派出所开展检查12次').label).toBe('检查')
    expect(only('县人民检察院对3名犯罪嫌疑人提起公诉').label).toBe('犯罪嫌疑人')
    expect(metrics('全省11个设区市中，空气质量优良')[0]?.label).toBe('设区市')
  })

  it('keeps "according to" out of a label (按照云服务费用的30%), but not 按 of 按期', () => {
    expect(only('按照云服务费用的30%给予补助').label).toBe('云服务费用')
    expect(only('根据监测数据，合格率98%').label).toBe('合格率')
    expect(only('依照合同金额的5%收取保证金').label).toBe('合同金额')
    expect(only('按期办结率98.5%').label).toBe('按期办结率')
  })

  it('gives a number listed without its unit the unit of the list (分别上升2.0和1.7个百分点)', () => {
    expect(metrics('CPI和PPI分别比上月上升2.0和1.7个百分点').map((m) => [m.text, m.value, m.unit, m.change, m.label])).toEqual([
      ['2.0', 2, '个百分点', 'increase', 'CPI'],
      ['1.7个百分点', 1.7, '个百分点', 'increase', 'PPI'],
    ])
    expect(metrics('分别为3、5和8家').map((m) => [m.text, m.unit])).toEqual([['3', '家'], ['5', '家'], ['8家', '家']])
    // 3和5万元 may mean 3万元 or 3元: left alone, and the 和 is no label.
    expect(metrics('3和5万元').map((m) => [m.text, m.label])).toEqual([['5万元', undefined]])
    expect(metrics('2019和2020年')).toEqual([])
  })

  it('labels figures in traditional script, spelled as written', () => {
    expect(metrics('全縣累計檢查企業693家次，受理投訴舉報172件').map((m) => m.label)).toEqual(['企業', '投訴舉報'])
    expect(only('全年實現地區生產總值612億元').label).toBe('地區生產總值')
    expect(only('發現並處理污染案件89件').label).toBe('污染案件')
  })

  it('names a change stated right after a level by that level (粮食总产量6.8万吨，下降2.3%)', () => {
    expect(metrics('粮食总产量6.8万吨，下降2.3%。').map((m) => [m.label, m.change])).toEqual([
      ['粮食总产量', undefined],
      ['粮食总产量', 'decrease'],
    ])
    expect(metrics('年末户籍人口39.21万人，比上年末减少0.12万人。')[1]).toMatchObject({label: '年末户籍人口', change: 'decrease'})
    // A subject of its own keeps its own label.
    expect(metrics('检查企业693家次，发现问题同比增长20%')[1]?.label).toBe('问题')
    // A rate's change in points is the rate's; how growth was reckoned may stand between.
    expect(metrics('空气质量优良天数比例为91.5%，较上年同期提升2.3个百分点。')[1]).toMatchObject({label: '空气质量优良天数比例', change: 'increase'})
    expect(metrics('地区生产总值1876.5亿元，按可比价格计算，同比增长6.2%。')[1]).toMatchObject({label: '地区生产总值', change: 'increase'})
    // A level in percent with a change in percent stays apart: the change may be of anything.
    expect(metrics('优良率为91.5%，同比增长2%。')[1]?.label).toBeUndefined()
  })

  it('names a long noun phrase by its head after 的 (纳入省市县长项目工程的亿元以上项目)', () => {
    expect(only('全区纳入省市县长项目工程的亿元以上项目共156个')).toMatchObject({value: 156, label: '亿元以上项目'})
    expect(only('全区纳入统计的亿元以上项目共156个')).toMatchObject({label: '纳入统计的亿元以上项目'})
  })

  it('keeps signs for levels only: ranges with any unit stay text, a bullet dash is no minus, 同比-3.2% is a fall', () => {
    for (const range of ['每户补助1万元-2万元', '总投资1.2亿元-1.5亿元', '15元/斤-20元/斤', '30分钟-1小时']) expect(metrics(range), range).toEqual([])
    expect(only('-3个重点村先行试点')).toMatchObject({text: '3个', value: 3})
    expect(only('工业增加值同比-3.2%')).toMatchObject({text: '-3.2%', value: 3.2, change: 'decrease'})
    expect(only('较上年-0.5个百分点')).toMatchObject({value: 0.5, change: 'decrease'})
    expect(only('最低处海拔-154米')).toMatchObject({value: -154})
  })

  it('reads 未超过 as at most, and promotions as people, not places moved', () => {
    expect(only('PM2.5浓度均未超过35微克/立方米')).toMatchObject({approximation: 'lessThan', text: '未超过35微克/立方米'})
    expect(only('先后晋升3位同志职级')).toMatchObject({text: '3位', kind: 'count'})
  })

  it('leaves the period a clause opens with out of the label (2023年全市地区生产总值)', () => {
    expect(only('2023年全市地区生产总值612亿元').label).toBe('地区生产总值')
    expect(only('2024年1-10月规上工业增加值增长9.8%').label).toBe('规上工业增加值')
    expect(only('前三季度全区实现地区生产总值1876.5亿元').label).toBe('地区生产总值')
    expect(metrics('2023年全市生产安全事故起数和死亡人数同比分别下降18.2%和15.6%。').map((m) => m.label)).toEqual(['生产安全事故起数', '死亡人数'])
  })

  it('keeps 中 in words (普通高中) and takes no span of years as a label', () => {
    expect(only('新建5所普通高中，').label).toBe('普通高中')
    expect(only('2019年至2023年年均增长6.5%').label).toBeUndefined()
  })

  it('names a share by its subject, and 约占 makes it about', () => {
    expect(only('第三产业增加值占地区生产总值的比重为55.3%').label).toBe('第三产业增加值')
    expect(only('农村人口约占全县总人口的三分之一')).toMatchObject({label: '农村人口', approximation: 'about', value: 1 / 3})
    expect(only('外资企业约占全部企业数量的12.5%')).toMatchObject({label: '外资企业', approximation: 'about'})
    expect(only('约占全县总人口的三分之一').label).toBeUndefined()
    // A count is no share: 占道经营 is what was cleared.
    expect(only('整治占道经营980余处').label).toBe('占道经营')
    expect(only('研发经费投入占比达3.2%').label).toBe('研发经费投入占比')
  })

  it('reads a bare order of magnitude before a scaled unit (突破千亿元, 百万元), and 突破 as more than', () => {
    expect(only('全市GDP突破千亿元')).toMatchObject({text: '突破千亿元', value: 1000, unit: '亿元', scaledValue: 1e11, approximation: 'moreThan', label: 'GDP'})
    expect(only('发放百万元补贴')).toMatchObject({text: '百万元', value: 100, unit: '万元', scaledValue: 1e6})
    expect(only('全年营收首次突破100亿元').label).toBe('营收')
    for (const word of ['千万不能松懈', '打造千亿级产业集群']) expect(metrics(word), word).toEqual([])
  })

  it('counts 千余, 万余 and 百余 with a unit', () => {
    expect(metrics('参训干部千余人次，惠及群众万余人，走访企业百余家。').map(pick)).toEqual([
      {text: '千余人次', value: 1000, unit: '人次', kind: 'count', approximation: 'moreThan', change: undefined, label: '参训干部'},
      {text: '万余人', value: 10000, unit: '人', kind: 'count', approximation: 'moreThan', change: undefined, label: '群众'},
      {text: '百余家', value: 100, unit: '家', kind: 'count', approximation: 'moreThan', change: undefined, label: '企业'},
    ])
    expect(metrics('千家万户、百姓、千万不能、万一')).toEqual([])
  })

  it('reads 个多月, 个多小时 and 年多 as more-than durations', () => {
    expect(metrics('历时3个多月，1个多小时完成处置，历时2年多建成。').map((m) => [m.text, m.value, m.unit, m.kind, m.approximation])).toEqual([
      ['3个多月', 3, '个月', 'duration', 'moreThan'],
      ['1个多小时', 1, '个小时', 'duration', 'moreThan'],
      ['2年多', 2, '年', 'duration', 'moreThan'],
    ])
    expect(only('连续3年多次获评先进')).toMatchObject({text: '3年', approximation: 'exact'})
  })

  it('knows 剂次, 剂, 斤, 羽, 标箱 and 条线路', () => {
    expect(metrics('累计接种疫苗230万剂次，粮食总产量12.3亿斤，家禽出栏3000万羽，集装箱吞吐量123万标箱，新开通3条线路。').map((m) => [m.text, m.unit, m.kind, m.baseUnit])).toEqual([
      ['230万剂次', '万剂次', 'count', '剂次'],
      ['12.3亿斤', '亿斤', 'measure', '斤'],
      ['3000万羽', '万羽', 'count', '羽'],
      ['123万标箱', '万标箱', 'measure', '标箱'],
      ['3条', '条', 'count', undefined],
    ])
    expect(metrics('压实3条线责任')).toEqual([])
  })

  it('labels enforcement and farming figures with their object, not the verb', () => {
    const labels = ['破获电信网络诈骗案件35起', '抓获犯罪嫌疑人128名', '约谈企业负责人23人次', '生猪出栏12.5万头', '补贴标准为每亩120元', '发放补贴资金每户3000元', '审结11,987件'].map(
      (text) => only(text).label,
    )
    expect(labels).toEqual(['电信网络诈骗案件', '犯罪嫌疑人', '企业负责人', '生猪', '补贴标准', '补贴资金', undefined])
  })

  it('labels statistics-bulletin figures with their subject (second review)', () => {
    const cases: Array<[string, Array<string | undefined>]> = [
      ['药占比下降至28.6%，耗材占比上升至12.1%。', ['药占比', '耗材占比']],
      ['城镇调查失业率控制在5.5%以内，全年粮食播种面积稳定在120.5万亩。', ['城镇调查失业率', '粮食播种面积']],
      ['全县生产总值首次突破500亿元。', ['生产总值']],
      ['工业投资完成120亿元，一般公共预算收入完成86.3亿元。', ['工业投资', '一般公共预算收入']],
      ['交通事故起数和死亡人数同比分别下降12.5%和8.3%。', ['交通事故起数', '死亡人数']],
      ['城市居民最低生活保障标准达到每人每月850元。', ['城市居民最低生活保障标准']],
      ['低保标准由每人每月780元提高到850元。', ['低保标准', '低保标准']],
      ['增长8.5%，高于全省平均1.2个百分点。', [undefined, undefined]],
      // A gap written 比…高 is no figure of its subject either.
      ['地区生产总值增长6.2%，增速比全市高0.4个百分点。', ['地区生产总值', undefined]],
      ['民商事案件调解撤诉率为45.6%，食品抽检合格率为97.2%，按期办结率100%。', ['民商事案件调解撤诉率', '食品抽检合格率', '按期办结率']],
      ['新冠疫苗接种人数达80万人，审结案件数1200件，移送司法机关案件12件。', ['新冠疫苗接种人数', '审结案件数', '移送司法机关案件']],
      ['全年共发生道路交通事故128起。', ['道路交通事故']],
      ['全区共有城乡低保对象3215户5126人。', ['城乡低保对象', '城乡低保对象']],
      ['为1.2万名老人发放高龄津贴。', ['老人']],
      ['城镇居民人均可支配收入52,136元。', ['城镇居民人均可支配收入']],
      ['优良天数达319天，平均审理天数为38.6天，用时3天完成。', ['优良天数', '平均审理天数', undefined]],
    ]
    for (const [text, labels] of cases) expect(metrics(text).map((m) => m.label), text).toEqual(labels)
  })

  it('reads traditional change words and fillers', () => {
    expect(metrics('全年地區生產總值同比增長6.5%，一般公共預算收入比上年減少3.2%，結案率達到98.6%。').map((m) => [m.change, m.label])).toEqual([
      ['increase', '地區生產總值'],
      ['decrease', '一般公共預算收入'],
      [undefined, '結案率'],
    ])
  })

  it('reads 近万, 逾千 and 超万 as numbers, 1年半 as more than a year, and keeps per-unit amounts whole', () => {
    expect(metrics('近万人次参与，逾千家企业受益。').map((m) => [m.text, m.value, m.approximation])).toEqual([
      ['近万人次', 10000, 'about'],
      ['逾千家', 1000, 'moreThan'],
    ])
    expect(only('历时1年半完成')).toMatchObject({text: '1年半', value: 1, approximation: 'moreThan'})
    expect(metrics('供养标准为1100元/人·月，收费标准为15元/吨。').map((m) => [m.text, m.unit, m.kind])).toEqual([
      ['1100元/人·月', '元/人·月', 'amount'],
      ['15元/吨', '元/吨', 'amount'],
    ])
  })

  it('ends a label after the unit at a verb of going or approving (到现场, 赶赴, 点赞)', () => {
    expect(['检查企业12家到现场', '超万名群众点赞', '抽调执法人员20名赶赴现场'].map((text) => only(text).label)).toEqual(['企业', '群众', '执法人员'])
  })

  it('reads a lone Chinese digit as a span after 为期 or 历时, but not after 连续', () => {
    expect(metrics('开展为期三个月的专项整治，历时两年建成。').map((m) => [m.text, m.value, m.kind])).toEqual([
      ['三个月', 3, 'duration'],
      ['两年', 2, 'duration'],
    ])
    expect(metrics('连续两年获得表彰')).toEqual([])
    expect(metrics('社会消费品零售总额由去年同期的410亿元提高到452亿元').map((m) => m.label)).toEqual(['社会消费品零售总额', '社会消费品零售总额'])
  })

  it('does not read the years of a named plan as a duration', () => {
    expect(metrics('实施3年行动计划，制定5年规划。')).toEqual([])
    expect(only('连续3年获评先进')).toMatchObject({text: '3年', kind: 'duration'})
  })

  it('reads a change and the level it reached (增长12.5%至3560亿元), not a range', () => {
    expect(metrics('各项贷款余额增长12.5%至3560亿元。').map((m) => [m.text, m.change])).toEqual([
      ['12.5%', 'increase'],
      ['3560亿元', undefined],
    ])
    expect(metrics('常住人口增加1.2万人至85.3万人。').map((m) => [m.text, m.label])).toEqual([
      ['1.2万人', '常住人口'],
      ['85.3万人', '常住人口'],
    ])
    expect(only('计划培训500人到2025年底完成').text).toBe('500人')
  })

  it('gives no labels to a 分别 list whose subjects share a head noun', () => {
    expect(metrics('城镇、农村居民人均可支配收入分别增长4.8%和6.9%。').map((m) => m.label)).toEqual([undefined, undefined])
    expect(metrics('第一、二、三产业增加值分别增长2.1%、5.6%和6.8%。').map((m) => m.label)).toEqual([undefined, undefined, undefined])
  })

  it('pairs a 分别 list with the figures right before it (事故12起、死亡9人，同比分别下降25%和18.2%)', () => {
    const labelled = (text: string) => metrics(text).map((m) => [m.text, m.label, m.change])
    expect(labelled('全区共发生各类生产安全事故12起、死亡9人，同比分别下降25%和18.2%，未发生较大事故。')).toEqual([
      ['12起', '各类生产安全事故', undefined],
      ['9人', '死亡', undefined],
      ['25%', '各类生产安全事故', 'decrease'],
      ['18.2%', '死亡', 'decrease'],
    ])
    expect(labelled('实现营业收入128.6亿元、利润总额9.3亿元，分别增长12.1%和8.4%。').slice(2)).toEqual([
      ['12.1%', '营业收入', 'increase'],
      ['8.4%', '利润总额', 'increase'],
    ])
    // Not across a sentence, and not when words stand between (完成年度目标的).
    expect(labelled('共发生事故12起。同比分别下降25%和18.2%。').slice(1).map(([, label]) => label)).toEqual([undefined, undefined])
    expect(labelled('新增就业1.2万人、开发岗位800个，分别完成年度目标的120%和110%。').slice(2).map(([, label]) => label)).not.toContain('就业')
  })

  it('gives a share stated right after a level that level\'s label (进出口1.01万亿元，占全省进出口总值的81.5%)', () => {
    const labels = (text: string) => metrics(text).map((m) => [m.text, m.label])
    expect(labels('民营企业进出口1.01万亿元，占全省进出口总值的81.5%。')).toEqual([
      ['1.01万亿元', '民营企业进出口'],
      ['81.5%', '民营企业进出口'],
    ])
    expect(labels('全区共完成入河排污口整治任务62个，占全年任务量的31%。')[1]).toEqual(['31%', '入河排污口整治任务'])
    // A share with a subject or a share noun of its own keeps its label.
    expect(labels('第三产业增加值328亿元，占地区生产总值的比重为55.3%。')[1]).toEqual(['55.3%', '占地区生产总值的比重'])
    // Not after a change: 增长5%，占全省10% is no share of the 5%.
    expect(labels('实现出口500亿元，同比增长5%，占全省10%。')[2]).toEqual(['10%', undefined])
  })

  it('keeps quotes that are part of a label\'s name, and drops quotes around it or cut from a quotation', () => {
    expect(only('新建“污水零直排区”镇街2个').label).toBe('“污水零直排区”镇街')
    expect(only('开展“春风行动”宣传辅导25场次').label).toBe('“春风行动”宣传辅导')
    // Quote marks do not count towards a label's length.
    expect(only('对共建“一带一路”国家进出口6022亿元').label).toBe('对共建“一带一路”国家进出口')
    expect(only('开展“最多跑一次”1200项').label).toBe('最多跑一次')
    // An unpaired quote is a quotation the clause cut: no label holds it.
    expect(metrics('群众送来写有“为民服务锦旗12件').map((m) => m.label)).toEqual([undefined])
    expect(metrics('服务”锦旗发放12件').map((m) => m.label)).toEqual([undefined])
  })

  it('names a list closed by 等 by what follows it (用工、融资等问题 → 问题), not the last example', () => {
    expect(only('帮助解决用工、融资等问题93个').label).toBe('问题')
    expect(only('组织开展“清废净土”“碧水护航”等专项执法行动8轮次').label).toBe('专项执法行动')
    expect(only('提供代耕代种、统防统治等托管服务面积9.8万亩').label).toBe('托管服务面积')
    // 等 inside words stays: 高等院校, 一等奖; a list with nothing after 等 is no label.
    expect(only('培育高等院校32所').label).toBe('高等院校')
    expect(metrics('甲、乙、丙等3项').map((m) => m.label)).toEqual([undefined])
  })

  it('leaves out for whom (为消费者挽回经济损失 → 挽回经济损失), keeping the verb that says what the figure is', () => {
    expect(only('为消费者挽回经济损失126.5万元').label).toBe('挽回经济损失')
    expect(only('为企业减免税费1.2亿元').label).toBe('减免税费')
    expect(only('帮助群众追回欠薪320万元').label).toBe('追回欠薪')
    // No such verb: as before.
    expect(only('为民办实事120件').label).toBe('为民办实事')
  })

  it('reads the verb meant where two overlap (协调解决: 解决, not the 调解 inside it)', () => {
    expect(only('协调解决各类问题90个').label).toBe('各类问题')
    expect(only('调解纠纷58起').label).toBe('纠纷')
  })

  it('counts the units of an assessment, and ranks in the assessment (32家区直单位综合考核中排名第7)', () => {
    expect(metrics('在全区32家区直单位综合考核中排名第7').map((m) => [m.text, m.label])).toEqual([
      ['32家', '区直单位'],
      ['排名第7', '区直单位综合考核'],
    ])
    expect(metrics('在全市18个部门年度考核中位列第一').map((m) => m.label)).toEqual(['部门', '部门年度考核'])
    // 考核 opening the counted noun stays in it.
    expect(only('12项考核指标全部完成').label).toBe('考核指标')
  })

  it('reads 储备, 改建 and 扩建 as verbs, and names a measure of an act with the act (改建面积)', () => {
    expect(only('储备防汛物资51类').label).toBe('防汛物资')
    expect(only('新建改建农村公路104公里').label).toBe('农村公路')
    expect(only('扩建停车泊位1200个').label).toBe('停车泊位')
    expect(only('粮食储备3万吨').label).toBe('粮食储备')
    expect(only('改建面积3000平方米').label).toBe('改建面积')
    expect(only('完成投资规模12亿元').label).toBe('投资规模')
  })

  it('labels up to 16 characters, reads a quotation whole and a full-width period as a period', () => {
    expect(only('全年办理人大代表建议和政协委员提案47件').label).toBe('人大代表建议和政协委员提案')
    expect(metrics('地表水市控以上断面水质达标率91.2%，较上年提高0.5个百分点').map((m) => m.label)).toEqual([
      '地表水市控以上断面水质达标率',
      '地表水市控以上断面水质达标率',
    ])
    // 、 inside quotes separates nothing.
    expect(only('开展“双随机、一公开”抽查46批次').label).toBe('“双随机、一公开”抽查')
    expect(only('１至６月全市PM2.5平均濃度為28微克/立方米').label).toBe('PM2.5平均濃度')
  })

  it('gives a change the label of the funds it follows, past where they went (全部用于民生项目，较上年增加33.0%)', () => {
    expect(metrics('年度财政专项资金568.02万元全部用于民生项目，较上年增加33.0%').map((m) => [m.text, m.label, m.change])).toEqual([
      ['568.02万元', '年度财政专项资金', undefined],
      ['33.0%', '年度财政专项资金', 'increase'],
    ])
    // Not past other words or another figure.
    expect(metrics('专项资金500万元全部到位，群众满意度提高5%').map((m) => m.label)[1]).not.toBe('专项资金')
  })

  it('reads 多地 and 走近 as words', () => {
    expect(only('连续3天多地出现强降雨')).toMatchObject({text: '3天', approximation: 'exact'})
    expect(metrics('走近千家万户宣传政策')).toEqual([])
  })

  it('does not read 续约 as 约', () => {
    expect(only('续约12家企业')).toMatchObject({approximation: 'exact', text: '12家'})
  })
})

describe('ratios: multiples, tenths, per mille and fractions', () => {
  it.each([
    ['出口额同比增长1.5倍。', {text: '1.5倍', value: 1.5, unit: '倍', kind: 'ratio', change: 'increase', label: '出口额'}],
    ['增长了两倍多', {text: '两倍多', value: 2, unit: '倍', kind: 'ratio', approximation: 'moreThan', change: 'increase'}],
    ['约三成企业实现盈利。', {text: '约三成', value: 3, unit: '成', kind: 'ratio', approximation: 'about', label: '企业'}],
    ['近五成群众表示满意。', {text: '近五成', value: 5, unit: '成', kind: 'ratio', label: '群众'}],
    ['人口自然增长率为2.1‰。', {text: '2.1‰', value: 2.1, unit: '‰', kind: 'ratio', label: '人口自然增长率'}],
  ])('%s', (text, expected) => {
    expect(only(text)).toMatchObject(expected)
  })

  it.each(['一成不变地执行。', '三五成群。', '有十成把握。', '实现倍增。', '3倍数关系', '九成新的设备', '将各类报表统一成标准格式。', '增长几十倍', '数十倍于此'])(
    '%s is not a ratio',
    (text) => {
      expect(metrics(text).filter((m) => m.kind === 'ratio')).toEqual([])
    },
  )

  it('reads shares that run into a noun (七成人口, 三成员工, 六成本地企业) and 成多 as more than', () => {
    expect(only('全市七成人口居住在城区。')).toMatchObject({text: '七成', value: 7, label: '人口'})
    expect(only('约三成员工参加培训。')).toMatchObject({text: '约三成', label: '员工'})
    expect(only('六成本地企业实现增长。')).toMatchObject({text: '六成', label: '本地企业'})
    expect(only('三成多企业实现盈利。')).toMatchObject({text: '三成多', value: 3, approximation: 'moreThan', label: '企业'})
    expect(only('约有四成农户加入合作社。')).toMatchObject({value: 4, label: '农户'})
    expect(only('出生率下降0.6个千分点。')).toMatchObject({text: '0.6个千分点', kind: 'ratio', change: 'decrease'})
  })

  it('leaves ranges written in Chinese numerals alone (两到三成, 三到五倍)', () => {
    expect(metrics('两到三成的企业')).toEqual([])
    expect(metrics('产值增长三到五倍。')).toEqual([])
  })

  it('pairs a 分别 list of a multiple and a percentage with its subjects', () => {
    expect(metrics('新能源汽车、工业机器人产量分别增长1.5倍、35.2%。').map((m) => [m.text, m.kind, m.change, m.label])).toEqual([
      ['1.5倍', 'ratio', 'increase', '新能源汽车'],
      ['35.2%', 'percent', 'increase', '工业机器人产量'],
    ])
  })

  it.each([
    ['近三分之一的村集体经济收入实现增长。', {text: '近三分之一', value: 1 / 3, unit: '', kind: 'ratio', approximation: 'about'}],
    ['五分之二以上的企业参与培训。', {text: '五分之二以上', value: 0.4, unit: '', approximation: 'moreThan', label: '企业'}],
    ['超过三分之二的受访群众表示满意。', {text: '超过三分之二', value: 2 / 3, approximation: 'moreThan', label: '受访群众'}],
    ['全县耕地面积的四分之一用于粮食生产。', {text: '四分之一', value: 0.25, label: '耕地面积'}],
    ['事故起数下降了四分之一。', {text: '四分之一', value: 0.25, change: 'decrease'}],
    ['抽检不合格率控制在千分之三以内。', {text: '千分之三以内', value: 3, unit: '‰', kind: 'ratio', approximation: 'lessThan'}],
    ['误差不超过万分之五。', {text: '不超过万分之五', value: 5, unit: '‱', kind: 'ratio', approximation: 'lessThan'}],
    ['3分之1的企业完成改造。', {text: '3分之1', value: 1 / 3, unit: '', kind: 'ratio', label: '企业'}],
  ])('reads the fraction in %s', (text, expected) => {
    expect(only(text)).toMatchObject(expected)
  })

  it.each(['球队进入四分之一决赛。', '这项工作十分重要。', '只占几分之一。'])('%s holds no fraction', (text) => {
    expect(metrics(text)).toEqual([])
  })

  it('reads a duration measured to the half as a figure, more than the whole number', () => {
    expect(only('用两个半月完成整改。')).toMatchObject({text: '两个半月', value: 2, unit: '个月', kind: 'duration', approximation: 'moreThan'})
    expect(only('三年半以来')).toMatchObject({text: '三年半', value: 3, unit: '年', approximation: 'moreThan'})
    expect(metrics('连续两年获评先进。')).toEqual([])
  })

  it.each(['这项工作不是一年半载就能完成的。', '近两年半导体产业快速发展。', '连续三天半价优惠。', '全市连续两年半数以上企业实现盈利。'])(
    '%s has no half duration (一年半载, 半导体, 半价, 半数)',
    (text) => {
      expect(metrics(text).filter((m) => m.kind === 'duration')).toEqual([])
    },
  )
})

describe('never metrics: periods, ranges and named services', () => {
  it.each([
    '今年前10个月，全区税收收入稳步增长。',
    '3至5个工作日内审结。',
    '奖励标准为5万—10万元。',
    '3个—5个工作日内办结。',
    '同比增长5%—10%。',
    '1.2023年以来，工作稳步推进。',
    '建成24小时城市书房。',
    '打造“15分钟健身圈”。',
    '提供7×24小时服务。',
    '臭氧日最大8小时平均浓度持续下降。',
    '构建1小时经济圈。',
  ])('%s', (text) => {
    expect(metrics(text)).toEqual([])
  })

  it('still reads a plain number of hours', () => {
    expect(only('用时2小时完成处置')).toMatchObject({text: '2小时', kind: 'duration'})
    expect(only('4小时内办结')).toMatchObject({text: '4小时', kind: 'duration'})
  })
})

describe('properties', () => {
  it('joins back to the input and keeps segments well formed', () => {
    fc.assert(fc.property(anyText, checkSegments), {numRuns: 3000})
  })

  it('is deterministic', () => {
    fc.assert(
      fc.property(paragraph, (text) => {
        expect(extractMetrics(text)).toEqual(extractMetrics(text))
      }),
      {numRuns: 300},
    )
  })

  it('ends on any mix of comparison, ratio and filler words (a label walk once looped forever on 比例同比提高2个百分点)', () => {
    expect(only('比例同比提高2个百分点')).toMatchObject({label: '比例', change: 'increase'})
    const word = fc.constantFrom('比', '较', '例', '占', '重', '率', '同比', '提高', '下降至', '由', '至', '分别', '、', '和', '每', '人', '的', '2', '3%', '个百分点', '，')
    fc.assert(
      fc.property(fc.array(word, {maxLength: 24}), (words) => {
        const text = words.join('')
        expect(joined(extractMetrics(text))).toBe(text)
      }),
      {numRuns: 2000},
    )
  })

  it('handles the empty string', () => {
    expect(extractMetrics('')).toEqual([])
  })

  it('finds an Arabic count wherever it is placed between clauses', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: 99_999}),
        fc.constantFrom('人次', '家次', '件', '个', '家'),
        fc.constantFrom('', '今年，', '此外，'),
        fc.constantFrom('', '。', '，全面完成任务。'),
        (n, unit, before, after) => {
          const found = metrics(`${before}检查${n}${unit}${after}`)
          expect(found).toHaveLength(1)
          expect(found[0]).toMatchObject({value: n, unit, text: `${n}${unit}`})
        },
      ),
    )
  })
})
