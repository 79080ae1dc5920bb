import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {stripBoilerplate} from '../migrations/report/boilerplate'
import {decodeReport} from '../migrations/report/decode'
import {parseReport, type ParsedReport} from '../migrations/report/parse'

const SEED = '/work/shared/seeds/000_984990fb53a38cb6.txt'
const splitLines = (text: string): string[] => text.split(/\r\n|\r|\n/)

function readExample(path: string): string {
  const decoded = decodeReport(readFileSync(new URL(`../examples/${path}`, import.meta.url)))
  if (!decoded.ok) throw new Error(decoded.reason)
  return decoded.text
}

function parsed(text: string): ParsedReport {
  const result = parseReport(text)
  if (!result.ok) throw new Error(result.reason)
  return result.report
}

const headings = (r: ParsedReport, style: 'h2' | 'h3'): string[] => r.blocks.filter((b) => b.style === style).map((b) => b.text)

describe('the seed report', () => {
  const text = readFileSync(SEED, 'utf8')
  const lines = splitLines(text)
  const report = parsed(text)

  it('finds the title behind the banner headline', () => {
    expect(report.title).toBe('浙江富阳生态环境部门考核首次跨入优秀')
    expect(report.relatedHeadlines).toEqual(['国务院关于印发《2024—2025年节能降碳行动方案》的通知'])
    expect(report.warnings).toEqual([])
    expect(report.language).toBe('zh-Hans')
  })

  it('uses the full lead paragraph as summary and drops the truncated copy', () => {
    expect(report.summary).toBe(lines[3])
    expect(report.blocks[0]).toEqual({style: 'normal', text: lines[3], line: 3})
    expect(report.blocks.some((b) => b.line === 2 || b.text === lines[2])).toBe(false)
    expect(report.blocks.some((b) => b.text.includes('国务院'))).toBe(false)
  })

  it('has exactly the three section headings as h2', () => {
    expect(headings(report, 'h2')).toEqual([
      '“决策—管理—监督”三步走,推进责任体系大完善',
      '“党建+服务”牢筑干部思想,推进作风效能大转变',
      '工作机制、工作目标双落实,推进能力素质大提升',
    ])
    expect(headings(report, 'h3')).toEqual([])
  })

  it('keeps every body line, in order, with exact text', () => {
    // Source lines 4–18 (1-based); the file has no final newline, so `wc -l` says 17.
    expect(report.blocks).toHaveLength(15)
    expect(report.blocks.map((b) => b.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17])
    for (const block of report.blocks) expect(block.text).toBe(lines[block.line])
    expect(report.blocks.filter((b) => b.style === 'normal')).toHaveLength(12)
  })
})

describe('examples', () => {
  it('signed: site chrome dropped, ASCII run-in headings split, a table kept as rows, the sign-off kept as paragraphs', () => {
    const report = parsed(readExample('signed/tonglu-court-open-day.txt'))
    expect(report.title).toBe('桐庐县人民法院举办“法院开放日”活动')
    expect(report.relatedHeadlines).toEqual([])
    expect(report.meta).toMatchObject({publisher: '桐庐县人民法院', publishedAt: '2024-05-16T09:12:00'})
    expect(report.summary).toMatch(/^5月15日，桐庐县人民法院/)
    expect(headings(report, 'h2')).toEqual(['(一)参观诉讼服务中心.', '(二)旁听庭审。'])
    const texts = report.blocks.map((b) => b.text)
    expect(texts).toContain('执行到位金额 亿元 2.15 -3.7')
    expect(texts.slice(-2)).toEqual(['桐庐县人民法院', '2024年5月16日'])
    // Navigation, column name, byline, follow bar and end mark are all gone.
    for (const chrome of ['首页', '【法院动态】', '文/图', '扫码关注', '（完）']) expect(texts.join('\n')).not.toContain(chrome)
    expect(report.warnings).toEqual([])
  })

  it('seed-shape: banner, title, truncated repeat, metrics kept exact', () => {
    const text = readExample('seed-shape/shangyu-market-supervision.txt')
    const lines = splitLines(text)
    const report = parsed(text)
    expect(report.title).toBe('上虞区市场监管局前三季度监管执法成效明显')
    expect(report.relatedHeadlines).toEqual(['国家市场监督管理总局关于开展2024年民生领域案件查办“铁拳”行动的通知'])
    expect(report.summary).toBe(lines[3])
    expect(report.summary).toContain('（以下简称上虞区局）')
    expect(report.blocks.map((b) => b.line)).not.toContain(2)
    expect(headings(report, 'h2')).toEqual([
      '守牢食品安全底线，织密“从农田到餐桌”防护网',
      '紧盯特种设备安全，压实“一把手”责任链条',
      '优化营商环境，助力经营主体发展壮大',
    ])
    expect(report.blocks).toHaveLength(12)
    for (const block of report.blocks) expect(block.text).toBe(lines[block.line])
    expect(report.warnings).toEqual([])
  })

  it('plain: first line is the title, enumerated headings nest, run-in headings split losslessly', () => {
    const text = readExample('plain/kecheng-tax-2023.txt')
    const lines = splitLines(text)
    const report = parsed(text)
    expect(report.title).toBe('柯城区税务局2023年度纳税服务工作综述')
    expect(report.relatedHeadlines).toEqual([])
    expect(report.summary).toBe(lines[1])
    expect(headings(report, 'h2')).toEqual(['一、优化办税流程，提升服务效能', '二、落实减税降费，激发市场活力', '三、强化队伍建设，锤炼过硬作风'])
    expect(headings(report, 'h3')).toEqual(['（一）推行非接触式办税。', '（二）压缩办理时限。', '（一）抓实教育培训', '（二）严格监督管理。'])

    const runIn = report.blocks.filter((b) => b.line === 4)
    expect(runIn.map((b) => b.style)).toEqual(['h3', 'normal'])
    expect(runIn.map((b) => b.text).join('')).toBe(lines[4])
    expect(runIn[1]?.text.startsWith('全年通过电子税务局办理')).toBe(true)

    const yiShi = report.blocks.find((b) => b.text.includes('一是建立政策精准推送机制'))
    expect(yiShi).toEqual({style: 'normal', text: lines[7], line: 7})
    // The blank line 2 is skipped without shifting line numbers.
    expect(report.blocks.find((b) => b.line === 2)).toBeUndefined()
    for (const line of new Set(report.blocks.map((b) => b.line))) {
      expect(report.blocks.filter((b) => b.line === line).map((b) => b.text).join('')).toBe(lines[line])
    }
  })

  it('boilerplate: scrape chrome is dropped, its numbers never reach the body, metadata is kept', () => {
    const text = readExample('boilerplate/deqing-emergency.txt')
    const report = parsed(text)
    expect(report.title).toBe('德清县应急管理局扎实开展安全生产隐患大排查')
    expect(report.relatedHeadlines).toEqual([])
    expect(report.summary.startsWith('近日，德清县应急管理局联合县消防救援大队')).toBe(true)
    expect(report.meta).toEqual({
      publisher: '德清县应急管理局',
      publishedAt: '2024-05-20T09:30:00',
      url: 'https://www.example.gov.cn/art/2024/5/20/art_1229_4417.html',
    })
    const body = report.blocks.map((b) => b.text).join('\n')
    for (const chrome of ['1234', '浏览次数', '当前位置', '来源：', '发布时间', '字号', '打印本页', '关闭窗口', '责任编辑', '沈 洁', '分享到', 'http']) {
      expect(body).not.toContain(chrome)
    }
    expect(headings(report, 'h2')).toEqual(['强化源头治理', '提升基层能力'])
    expect(report.blocks).toHaveLength(9)
  })

  it('traditional: CRLF, zh-Hant, doubled commas, full-width digits and indentation', () => {
    const text = readExample('traditional/kaohsiung-air-quality.txt')
    expect(text).toContain('\r\n')
    const lines = splitLines(text)
    const report = parsed(text)
    expect(report.language).toBe('zh-Hant')
    expect(report.title).toBe('高雄市環保局強化空氣品質管理成效顯著')
    expect(report.summary).toBe(lines[1]?.trim())
    expect(report.summary.startsWith('高雄市政府環境保護局（以下簡稱環保局）')).toBe(true)
    expect(report.summary).toContain('工作,,今年１至６月')
    for (const block of report.blocks) {
      expect(block.text).toBe(lines[block.line]?.trim())
      expect(block.text).not.toMatch(/[\r\n\u3000]/)
    }
    expect(headings(report, 'h2')).toEqual(['推動低污染運具汰換', '強化河川及揚塵管制'])
    expect(report.blocks.some((b) => b.text.includes('３６５０家次'))).toBe(true)
  })

  it('wrapped: a report hard-wrapped at 76 columns comes back as whole paragraphs under its headings', () => {
    const text = readExample('wrapped/anji-employment.txt')
    const lines = splitLines(text)
    const report = parsed(text)
    expect(report.title).toBe('安吉县人力社保局：稳岗扩就业 前三季度城镇新增就业1.2万人')
    expect(headings(report, 'h2')).toEqual(['一、政策直达快享，稳住企业用工基本盘', '二、招聘不断线，拓宽群众就业渠道', '三、技能提升提质，增强劳动者就业能力'])
    const paragraphs = report.blocks.filter((b) => b.style === 'normal')
    expect(paragraphs).toHaveLength(5)
    for (const p of paragraphs) {
      // Each paragraph is its source lines joined, nothing added or lost, and ends its sentence.
      expect(p.endLine).toBeGreaterThan(p.line)
      expect(p.text).toBe(lines.slice(p.line, (p.endLine ?? p.line) + 1).map((l) => l.trim()).join(''))
      expect(p.text).toMatch(/。$/)
    }
    expect(report.summary.startsWith('今年以来，安吉县人力资源和社会保障局')).toBe(true)
    expect(report.summary).toContain('控制在1.8%以内，就业形势保持总体稳定。')
    expect(report.warnings).toEqual(['hard-wrapped text (76 columns a line): joined 12 lines back into their paragraphs'])
  })

  it('gbk: decodes and parses like any other report', () => {
    const report = parsed(readExample('gbk/wucheng-agriculture.txt'))
    expect(report.title).toBe('婺城区农业农村局多措并举推动粮食生产稳面积提单产')
    expect(report.summary).toContain('（以下简称区农业农村局）')
    expect(headings(report, 'h2')).toEqual(['落实惠农补贴政策', '推广科技增产模式', '提升农业社会化服务水平'])
    expect(report.language).toBe('zh-Hans')
  })
})

describe('title rules', () => {
  it('takes the first line as title when nothing repeats it, even if the next line is title-like', () => {
    const report = parsed('富阳分局召开年度工作会议\n强化责任担当\n会议总结了2023年工作，部署了今年重点任务。')
    expect(report.title).toBe('富阳分局召开年度工作会议')
    expect(report.relatedHeadlines).toEqual([])
    expect(report.blocks.map((b) => [b.style, b.text])).toEqual([
      ['h2', '强化责任担当'],
      ['normal', '会议总结了2023年工作，部署了今年重点任务。'],
    ])
    expect(report.summary).toBe('会议总结了2023年工作，部署了今年重点任务。')
  })

  it('does not let a heading that a paragraph happens to start with eat the real title', () => {
    const text = '富阳分局召开年度工作会议\n工作机制\n工作机制的落实，有效推动了各项工作。'
    const report = parsed(text)
    expect(report.title).toBe('富阳分局召开年度工作会议')
    expect(report.relatedHeadlines).toEqual([])
    expect(report.blocks.map((b) => b.text)).toEqual(['工作机制', '工作机制的落实，有效推动了各项工作。'])
  })

  it('drops a truncated repeat that runs past the lead into the next paragraph, or ends with an ellipsis', () => {
    const lead = '近日，某县市场监督管理局召开专题会议。'
    const next = '会议要求各所加强监管。'
    const a = parsed(`标题甲\n标题甲${lead}会议要求\n${lead}\n${next}`)
    expect(a.blocks.map((b) => b.text)).toEqual([lead, next])
    const b = parsed(`横幅标题\n标题乙\n标题乙${lead.slice(0, 8)}……\n${lead}`)
    expect(b.relatedHeadlines).toEqual(['横幅标题'])
    expect(b.blocks.map((x) => x.text)).toEqual([lead])
    expect(b.warnings).toEqual([])
  })

  it('keeps the rest of an unverified repeat line as the lead and warns', () => {
    const report = parsed('某局开展执法检查\n某局开展执法检查近日，某局对辖区企业开展检查，共检查企业36家次。\n下一步将持续推进。')
    expect(report.title).toBe('某局开展执法检查')
    expect(report.blocks[0]).toEqual({style: 'normal', text: '近日，某局对辖区企业开展检查，共检查企业36家次。', line: 1})
    expect(report.summary).toBe('近日，某局对辖区企业开展检查，共检查企业36家次。')
    expect(report.warnings).toHaveLength(1)
    expect(report.warnings[0]).toMatch(/^line 2 starts with the title/)
  })

  it('finds the title behind a banner when a caption or byline sits between the truncated copy and the lead', () => {
    const lead = '近日，肥西县审计局对全县乡村振兴衔接资金开展专项审计，共抽查项目46个，发现问题23个。'
    const title = '肥西县审计局开展乡村振兴资金专项审计'
    for (const between of ['图为审计人员在项目现场核查。', '图为审计人员在项目现场核查。\n（张三 摄）']) {
      const report = parsed(`国务院关于印发节能降碳行动方案的通知\n${title}\n${title}${lead.slice(0, 30)}\n${between}\n${lead}\n第二段。`)
      expect(report.title).toBe(title)
      expect(report.relatedHeadlines).toEqual(['国务院关于印发节能降碳行动方案的通知'])
      // The caption stays in the body, but the summary is the lead.
      expect(report.summary).toBe(lead)
      expect(report.blocks.map((b) => b.text)).toContain('图为审计人员在项目现场核查。')
    }
  })

  it('verifies a truncated copy ending in a read-more link, or copied from a lead that opens with a dateline', () => {
    const title = '县审计局开展专项审计'
    const lead = '近日，县审计局对全县资金开展专项审计，共抽查项目46个。'
    for (const [copy, leadLine] of [
      [`${title}${lead.slice(0, 15)}...[详细]`, lead],
      [`${title}${lead.slice(0, 15)}`, `本报讯（记者 王磊）${lead}`],
    ] as const) {
      const report = parsed(`横幅新闻标题\n${title}\n${copy}\n${leadLine}\n第二段。`)
      expect([report.title, report.relatedHeadlines, report.summary]).toEqual([title, ['横幅新闻标题'], leadLine])
      expect(report.warnings).toEqual([])
    }
  })

  it('finds the title behind a banner whatever the copy does to spaces, &nbsp; and commas', () => {
    const T = '富阳开展执法行动'
    for (const [copy, lead] of [
      [`${T}近日，某区生态环境局开展专项`, '&nbsp;&nbsp;近日，某区生态环境局开展专项执法行动，共检查企业56家次。'],
      [`${T}近日，某区开展 “双随机” 检查`, '近日，某区开展  “双随机”  检查，共检查企业56家次。'],
      [`${T}近日,某区开展检查`, '近日，某区开展检查，共检查企业56家次。'],
    ] as const) {
      const report = parsed(`横幅新闻标题\n${T}\n${copy}\n${lead}\n下一步。`)
      expect([report.title, report.relatedHeadlines, report.summary]).toEqual([T, ['横幅新闻标题'], lead])
    }
  })

  it('prefers a checked repeat to an unchecked one: a banner that starts the title stays a banner', () => {
    const T = '省生态环境厅召开会议部署全年工作'
    const lead = '近日，省生态环境厅召开会议，部署全年工作。'
    const report = parsed(`省生态环境厅召开会议\n${T}\n${T}${lead.slice(0, 12)}\n${lead}`)
    expect([report.title, report.relatedHeadlines, report.summary]).toEqual([T, ['省生态环境厅召开会议'], lead])
  })

  it('drops both repeats when the title comes twice and then as a truncated copy', () => {
    const T = '富阳开展执法行动'
    const lead = '近日，某区生态环境局开展专项执法行动，共检查企业56家次。'
    const report = parsed(`横幅新闻标题\n${T}\n${T}\n${T}${lead.slice(0, 15)}\n${lead}`)
    expect(report.blocks.map((b) => b.text)).toEqual([lead])
  })

  it('takes a date glued to the title as the publication date', () => {
    const lead = '近日，某区生态环境局开展专项执法行动，共检查企业56家次。'
    for (const text of [`富阳开展执法行动 2024-03-05\n${lead}`, `横幅新闻标题\n富阳开展执法行动 2024-03-05\n富阳开展执法行动${lead.slice(0, 15)}\n${lead}`]) {
      const report = parsed(text)
      expect([report.title, report.meta.publishedAt, report.summary]).toEqual(['富阳开展执法行动', '2024-03-05', lead])
    }
  })

  it('never takes an editor’s note as the summary', () => {
    const lead = '近日，某区生态环境局开展专项执法行动，共检查企业56家次。'
    expect(parsed(`富阳开展执法行动\n编者按：为深入贯彻落实中央决策部署，本报推出系列报道。\n${lead}`).summary).toBe(lead)
  })

  it('drops an exact duplicate of the title line', () => {
    const report = parsed('横幅\n标题\n标题\n正文。')
    expect(report.relatedHeadlines).toEqual(['横幅'])
    expect(report.title).toBe('标题')
    expect(report.blocks.map((b) => b.text)).toEqual(['正文。'])
  })

  it.each([
    ['an empty text', ''],
    ['only blank lines', '\n \r\n\u3000\n'],
    ['only boilerplate', '当前位置：首页 > 部门动态\n来源：某局  发布时间：2020-06-01  浏览次数：12\n打印本页 关闭窗口'],
    ['a first line that is a sentence', '近日，某局召开会议，部署全年工作。\n会议要求加强监管。'],
    ['a first line that is too long', `${'很长的标题'.repeat(14)}\n正文。`],
  ])('fails with "no title found" for %s', (_name, text) => {
    const result = parseReport(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(/^no title found/)
  })

  it('warns when there is no body or no lead paragraph', () => {
    expect(parsed('只有标题').warnings).toEqual(['no body text after the title'])
    expect(parsed('标题\n一、小标题').warnings).toEqual(['no lead paragraph: every body line is a heading'])
  })
})

describe('block rules', () => {
  const styles = (text: string): [string, string][] => parsed(`标题\n${text}`).blocks.map((b) => [b.style, b.text])

  it('makes a long line without final punctuation a paragraph', () => {
    const long = '针对污染防治攻坚战时间紧任务重和分局干部队伍人员少的现状富阳分局创新建立四个一工作机制并取得明显成效'
    expect(long.length).toBeGreaterThan(40)
    expect(styles(long)).toEqual([['normal', long]])
  })

  it('does not make 一是… a heading', () => {
    expect(styles('一是加强组织领导\n二是完善工作机制')).toEqual([
      ['normal', '一是加强组织领导'],
      ['normal', '二是完善工作机制'],
    ])
  })

  it('ranks enumerations: the shallowest present is h2, deeper ones h3', () => {
    expect(styles('第一部分 工作回顾\n一、主要做法\n（一）完善制度\n正文。')).toEqual([
      ['h2', '第一部分 工作回顾'],
      ['h3', '一、主要做法'],
      ['h3', '（一）完善制度'],
      ['normal', '正文。'],
    ])
    expect(styles('1、加强领导\n正文。\n2. 完善机制\n正文。')).toEqual([
      ['h2', '1、加强领导'],
      ['normal', '正文。'],
      ['h2', '2. 完善机制'],
      ['normal', '正文。'],
    ])
    expect(styles('(一)加强领导\n（二）完善机制')).toEqual([
      ['h2', '(一)加强领导'],
      ['h2', '（二）完善机制'],
    ])
  })

  it('keeps enumerated sentences as paragraphs and does not read a decimal as a marker', () => {
    const item = '1. 全年共检查企业693家次，责令整改问题312个，立案查处违法案件87件。'
    expect(styles(`一、总体情况\n${item}`)).toEqual([
      ['h2', '一、总体情况'],
      ['normal', item],
    ])
    // As a "1." marker it would rank below 一、 (h3); it is a plain short line instead.
    expect(styles('一、总体情况\n1.5万元专项资金拨付到位')).toEqual([
      ['h2', '一、总体情况'],
      ['h2', '1.5万元专项资金拨付到位'],
    ])
  })

  it('splits run-in headings ending in 。 or ： so heading + paragraph rebuild the line', () => {
    const line = '（二）强化执法监督：全年开展专项执法40期，检查企业693家次。'
    const blocks = parsed(`标题\n正文。\n${line}`).blocks.filter((b) => b.line === 2)
    expect(blocks.map((b) => [b.style, b.text])).toEqual([
      ['h2', '（二）强化执法监督：'],
      ['normal', '全年开展专项执法40期，检查企业693家次。'],
    ])
    expect(blocks.map((b) => b.text).join('')).toBe(line)
  })

  it('splits a run-in heading typed with ASCII brackets and full stop, but not at a decimal point', () => {
    const blocks = parsed('标题\n正文。\n(一)完善制度体系.全年共修订制度12项。\n(二)全年增长3.5个百分点。').blocks.slice(1)
    expect(blocks.map((b) => [b.style, b.text])).toEqual([
      ['h2', '(一)完善制度体系.'],
      ['normal', '全年共修订制度12项。'],
      ['normal', '(二)全年增长3.5个百分点。'],
    ])
  })

  it('does not split at the dot of a transliterated name (约翰.史密斯), but does at a heading\'s dot after one', () => {
    const blocks = parsed('标题\n正文。\n（五）引进约翰.史密斯等外籍专家3名，签约项目2个。\n（六）对接汉斯.穆勒团队.全年签约2项。').blocks.slice(1)
    expect(blocks.map((b) => [b.style, b.text])).toEqual([
      ['normal', '（五）引进约翰.史密斯等外籍专家3名，签约项目2个。'],
      ['h2', '（六）对接汉斯.穆勒团队.'],
      ['normal', '全年签约2项。'],
    ])
  })

  it('splits a run-in heading made of short phrases joined by commas, but not an enumerated sentence', () => {
    const line = '（一）强化组织领导，压实工作责任。全年召开专题会议12次。'
    const blocks = parsed(`标题\n正文。\n${line}\n（二）全年共受理案件，办结10件。其余正在办理。`).blocks
    expect(blocks.filter((b) => b.line === 2).map((b) => [b.style, b.text])).toEqual([
      ['h2', '（一）强化组织领导，压实工作责任。'],
      ['normal', '全年召开专题会议12次。'],
    ])
    expect(blocks.filter((b) => b.line === 3).map((b) => b.style)).toEqual(['normal'])
  })

  it('does not make a flattened table row a heading, nor read 1. before a year as a decimal', () => {
    const blocks = parsed('标题\n正文。\n项目 2022年 2023年 增长\n1.2023年以来，全区共检查企业693家次。\n党建引领 聚力攻坚 再创佳绩').blocks
    expect(blocks.map((b) => b.style)).toEqual(['normal', 'normal', 'normal', 'h2'])
  })

  it('keeps a closing signature and its date as paragraphs', () => {
    const report = parsed('桐庐县人民法院开展普法活动\n3月1日，桐庐县人民法院开展普法活动。\n普法宣传进社区\n活动共发放资料200余份。\n桐庐县人民法院\n2024年3月1日')
    expect(report.blocks.map((b) => b.style)).toEqual(['normal', 'h2', 'normal', 'normal', 'normal'])
  })

  it('keeps a bulletin\'s issuing bodies and date under its title as paragraphs, and dates the report by them', () => {
    const report = parsed('2023年海盐县国民经济和社会发展统计公报\n海盐县统计局 国家统计局海盐调查队\n2024年3月15日\n一、综合\n初步核算，全年全县实现地区生产总值612.45亿元。')
    expect(report.blocks.map((b) => [b.style, b.text])).toEqual([
      ['normal', '海盐县统计局 国家统计局海盐调查队'],
      ['normal', '2024年3月15日'],
      ['h2', '一、综合'],
      ['normal', '初步核算，全年全县实现地区生产总值612.45亿元。'],
    ])
    expect(report.summary).toBe('初步核算，全年全县实现地区生产总值612.45亿元。')
    expect(report.meta.publishedAt).toBe('2024-03-15')
  })

  it('keeps a dashed line under the title as its subtitle, out of the body', () => {
    const report = parsed('让“千万工程”惠及更多群众\n——安吉县推进乡村振兴工作纪实\n近年来，安吉县累计投入资金28.6亿元。')
    expect(report.subtitle).toBe('——安吉县推进乡村振兴工作纪实')
    expect(report.blocks.map((b) => b.text)).toEqual(['近年来，安吉县累计投入资金28.6亿元。'])
    // After a repeated title and its truncated lead too.
    const seedShape = parsed('横幅标题\n某县开展执法行动\n某县开展执法行动近日，某县\n—— 记某县执法队\n近日，某县开展执法行动。')
    expect([seedShape.title, seedShape.subtitle, seedShape.summary]).toEqual(['某县开展执法行动', '—— 记某县执法队', '近日，某县开展执法行动。'])
    // A dashed sentence further down, or one that ends a sentence, is body text.
    expect(parsed('标题\n正文。\n——记某县执法队').subtitle).toBeUndefined()
    expect(parsed('标题\n——这是一句完整的话。\n正文。').subtitle).toBeUndefined()
    expect(parsed('标题\n正文。').subtitle).toBeUndefined()
  })

  it('dates a report by its closing signature when nothing earlier does, and keeps an attachment line a paragraph', () => {
    const report = parsed(
      '关于全区食品安全监督抽检情况的通报\n本季度共完成抽检1856批次。\n附件：不合格产品信息\n杭州市西湖区市场监督管理局\n2024年10月12日',
    )
    expect(report.meta.publishedAt).toBe('2024-10-12')
    expect(report.blocks.map((b) => b.style)).toEqual(['normal', 'normal', 'normal', 'normal'])
    // A date the page gives wins over the signature.
    expect(parsed('通报标题\n发布时间：2024-10-15\n正文内容。\n某某县应急管理局\n2024年10月12日').meta.publishedAt).toBe('2024-10-15')
  })

  it('keeps a subtitle without a date a heading, and reads a one-line or Chinese-numeral sign-off', () => {
    expect(parsed('全县召开安全生产会议\n县委常委会\n3月5日，全县召开会议。\n县应急管理局 2024年3月5日').blocks.map((b) => b.style)).toEqual(['h2', 'normal', 'normal'])
    expect(parsed('全县召开安全生产会议\n3月5日，全县召开会议。\n县应急管理局\n二〇二四年三月五日').blocks.map((b) => b.style)).toEqual(['normal', 'normal', 'normal'])
  })

  it('takes a lead with spaced numbers (copied from a PDF) for a sentence, not a table row', () => {
    const report = parsed('全县经济运行情况\n2023 年，全县实现地区生产总值 612 亿元，比上年增长 5.8%。\n党建引领 — 聚力攻坚 — 再创佳绩\n全年新增就业1200人。')
    expect(report.summary).toBe('2023 年，全县实现地区生产总值 612 亿元，比上年增长 5.8%。')
    expect(report.blocks.map((b) => b.style)).toEqual(['normal', 'h2', 'normal'])
  })

  it('keeps a table of figures as paragraphs: header, rows with signs and empty cells, and its unit line', () => {
    const report = parsed('上半年全市经济运行情况\n单位：亿元、%\n指标 单位 绝对值 增长\n地区生产总值 亿元 1658.2 5.6\n固定资产投资 亿元 — -3.2\n上半年，全市经济运行总体平稳。')
    expect(report.blocks.map((b) => b.style)).toEqual(['normal', 'normal', 'normal', 'normal', 'normal'])
    expect(report.summary).toBe('上半年，全市经济运行总体平稳。')
  })

  it('splits only parallel phrases as run-in headings, and keeps table captions as headings', () => {
    const blocks = parsed('标题\n正文。\n1、据统计，全年共办理各类案件。其中民事案件多。\n（二）会议强调，要坚持问题导向：一是加强领导。\n专栏 1 “十四五”时期主要指标\n表 1 2023年主要经济指标').blocks
    expect(blocks.map((b) => b.style)).toEqual(['normal', 'normal', 'normal', 'h2', 'h2'])
  })

  it('stops looking for the title at the first line that does not read like a headline', () => {
    const report = parsed('富阳区开展春季植树活动\n富阳区开展春季植树活动，区四套班子领导参加\n3月12日，富阳区开展春季义务植树活动。\n图为植树现场\n图为植树现场\n活动共栽种树苗2000余株。')
    expect(report.title).toBe('富阳区开展春季植树活动')
    expect(report.relatedHeadlines).toEqual([])
  })

  it('does not make a photo caption with a credit a heading', () => {
    const blocks = parsed('标题\n正文。\n执法人员正在检查企业台账（张三 摄）\n正文。').blocks
    expect(blocks.map((b) => b.style)).toEqual(['normal', 'normal', 'normal'])
  })

  it('handles CR, CRLF and LF line endings alike, trimming outer but not inner whitespace', () => {
    const body = ['标题', '　　第一段 内容,,保留。  ', '', '小标题', '第二段。']
    for (const eol of ['\n', '\r\n', '\r']) {
      const report = parsed(body.join(eol))
      expect(report.blocks).toEqual([
        {style: 'normal', text: '第一段 内容,,保留。', line: 1},
        {style: 'h2', text: '小标题', line: 3},
        {style: 'normal', text: '第二段。', line: 4},
      ])
    }
  })

  it('detects zh-Hant only when traditional characters outnumber simplified ones', () => {
    expect(parsed('環保局舉辦會議\n這是一個關於環境質量的說明。').language).toBe('zh-Hant')
    expect(parsed('环保局举办会议\n这是一个关于环境质量的说明，引用了“與會”一词。').language).toBe('zh-Hans')
    expect(parsed('Title\nNo Chinese at all.').language).toBe('zh-Hans')
  })
})

describe('hard-wrapped text', () => {
  /** `paragraphs` cut every `width` characters, the first line of each indented when `indent` is given. */
  function wrap(paragraphs: readonly string[], width: number, indent = '', gap = ''): string {
    const out: string[] = []
    for (const p of paragraphs) {
      if (gap && out.length) out.push(gap)
      const text = indent + p
      for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width))
    }
    return out.join('\n')
  }
  const PARAGRAPHS = [
    '今年以来，县水利局围绕防汛抗旱和农村饮水安全两条主线，完成小型水库除险加固工程12座，新建和改造农村供水管网86公里，受益群众3.2万余人，农村自来水普及率提高到99.2%，群众满意度持续提升。',
    '在防汛备汛方面，县水利局组织开展汛前隐患排查3轮，排查各类水利工程410处，发现并整改隐患问题57个，修订完善各类防汛预案168件，储备编织袋、救生衣等防汛物资价值860万元。',
    '下一步，县水利局将持续推进水利工程标准化管理，加快数字孪生水利建设，不断提升水旱灾害防御能力和水资源保障能力，为全县经济社会高质量发展提供坚实支撑。',
  ]

  it('joins paragraphs wrapped every 30 characters without indentation, headings and short last lines ending them', () => {
    const text = `县水利局全力做好水利建设和防汛备汛工作\n${wrap(PARAGRAPHS.slice(0, 2), 30)}\n防汛备汛\n${wrap(PARAGRAPHS.slice(2), 30)}`
    const report = parsed(text)
    expect(report.blocks.map((b) => [b.style, b.text])).toEqual([
      ['normal', PARAGRAPHS[0]],
      ['normal', PARAGRAPHS[1]],
      ['h2', '防汛备汛'],
      ['normal', PARAGRAPHS[2]],
    ])
    expect(report.summary).toBe(PARAGRAPHS[0])
    expect(report.warnings[0]).toMatch(/^hard-wrapped text \(30 characters a line\): joined \d+ lines/)
  })

  it('uses blank lines and indentation to end paragraphs whose last line happens to be full', () => {
    // Cut so that the first paragraph ends exactly at the wrap width.
    const first = PARAGRAPHS[0]!.slice(0, 90)
    const exact = [first.slice(0, -1) + '。', PARAGRAPHS[1]!, PARAGRAPHS[2]!]
    for (const text of [wrap(exact, 30, '', ' '), wrap(exact, 30, '\u3000\u3000')].map((body) => `县水利局全力做好水利建设工作\n${body}`)) {
      const report = parsed(text)
      expect(report.blocks.map((b) => b.text.replace(/^\u3000+/, ''))).toEqual(exact)
    }
  })

  it('puts back the space a wrap took from between two English words, and nothing between Chinese', () => {
    const text = [
      '市大数据局推进公共数据开放',
      '市大数据局依托一体化智能化公共数据平台，建成Open',
      'Data开放专区，上线数据集1260个，接口调用量同比增长',
      '35.6%，数据开放工作在全省评估中排名第二位，较上年',
      '提升三个位次。',
    ].join('\n')
    const report = parsed(text)
    expect(report.blocks).toHaveLength(1)
    expect(report.blocks[0]?.text).toBe('市大数据局依托一体化智能化公共数据平台，建成Open Data开放专区，上线数据集1260个，接口调用量同比增长35.6%，数据开放工作在全省评估中排名第二位，较上年提升三个位次。')
    expect(report.blocks[0]).toMatchObject({line: 1, endLine: 4})
  })

  it('leaves one-line paragraphs alone, however alike their lengths', () => {
    const alike = ['县水利局召开防汛工作会议', ...PARAGRAPHS.map((p) => p.slice(0, 60) + '。')].join('\n')
    expect(parsed(alike).blocks).toHaveLength(3)
    expect(parsed(alike).warnings).toEqual([])
    // A list of items of similar length without punctuation is a list, not a wrapped paragraph.
    const list = [
      '2024年度全市水利工作先进集体名单',
      '下列单位被评为2024年度全市水利工作先进集体：',
      '杭州市临安区水利水电局农村水利管理科',
      '宁波市鄞州区水利局水旱灾害防御中心',
      '温州市瓯海区水利局工程建设管理站',
      '湖州市长兴县水利局水资源管理科',
      '嘉兴市海宁市水利局河湖管理中心',
    ].join('\n')
    expect(parsed(list).blocks).toHaveLength(6)
    // The seed's paragraphs are long lines of their own.
    const seed = parsed(readFileSync(SEED, 'utf8'))
    expect(seed.blocks.every((b) => b.endLine === undefined)).toBe(true)
  })

  const fixture = (name: string): string => readFileSync(new URL(`./fixtures/wrap/${name}.txt`, import.meta.url), 'utf8')

  it.each([
    'F02_table_flattened',
    'F04_many_headings_short_paras',
    'F09_list_18_units',
    'F16_bullets',
    'F20_captions_no_closing',
    'H_P02_contact_table_padded',
    'H_P03_equal_headings_noindex',
    'H_P14_traditional',
    'H_P18_table_no_numbers',
    'H_P24_hotlines_equal',
    'H_P26_district_stats_lines',
    'H_P33b_qa_equal_questions',
    'H_P36_duty_roster_cjk_start',
  ])(
    'leaves %s line by line: tables, equal-length headings, lists, bullets and captions are not wrapped text',
    (name) => {
      const text = fixture(name)
      const report = parsed(text)
      expect(report.warnings.filter((w) => w.startsWith('hard-wrapped'))).toEqual([])
      expect(report.blocks.every((b) => b.endLine === undefined)).toBe(true)
      const {kept} = stripBoilerplate(splitLines(text))
      expect(report.blocks.length).toBeGreaterThanOrEqual(kept.length - 1)
    },
  )

  it.each([
    ['W04_cols76_kinsoku_push', '76 columns'],
    ['W07_bytes80_indent_ideographic', '80 UTF-8 bytes'],
    ['W19_runin_cols76', '76 columns'],
    ['W20_chars30_last_line_full', '30 characters'],
    ['W36_full_last_line_heading_noindent', '30 characters'],
    ['W37_full_last_line_heading_indented_signoff', '30 characters'],
    ['H_W03_lone_quote_chars31', '31 characters'],
    ['H_W04_cols76_ambiguous_narrow', '76 columns (narrow quotes)'],
    ['H_W05_cols48_gbk', '48 GBK bytes'],
    ['H_W06_kinsoku_open_quote_chars36', '36 characters'],
  ])('rejoins %s (%s): every paragraph ends its sentence, every heading is a whole heading', (name, width) => {
    const report = parsed(fixture(name))
    expect(report.warnings.find((w) => w.startsWith('hard-wrapped'))).toContain(`(${width} a line)`)
    const paragraphs = report.blocks.filter((b) => b.style === 'normal')
    const endsSentence = /[。！？；.][”’」』）)]?$/
    // Sign-off lines (南湖区治水办, 2024年4月8日) are paragraphs of their own; everything else ends a sentence.
    const signOff = /^(?:南湖区治水办|\d{4}年\d{1,2}月\d{1,2}日)$/
    for (const p of paragraphs) expect(endsSentence.test(p.text) || signOff.test(p.text), p.text).toBe(true)
    for (const h of report.blocks.filter((b) => b.style !== 'normal')) {
      expect(h.text, h.text).toMatch(/^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)/)
    }
  })

  it('rejoins a word split mid-word without a space, and a word wrap with the space it took', () => {
    const report = parsed(fixture('W23_chars40_english_midword'))
    const english = report.blocks.find((b) => b.text.startsWith('The memorandum'))
    expect(english?.text).toBe('The memorandum covers environmental monitoring, circular economy and climate adaptation, and both sides agreed to hold a joint workshop every year.')
    expect(report.blocks.some((b) => b.text.includes('Environmental Monitoring和Circular Economy等领域开展技术交流与人员培训。'))).toBe(true)
  })

  it('reads the seed wrapped at 76 columns, copy line and all, as the seed itself', () => {
    const seed = readFileSync(SEED, 'utf8')
    const columns = (c: string): number => (c.charCodeAt(0) >= 0x1100 ? 2 : 1)
    const wrapped = splitLines(seed)
      .flatMap((line) => {
        const pieces: string[] = []
        let piece = ''
        let used = 0
        for (const c of line) {
          if (used + columns(c) > 76) {
            pieces.push(piece)
            piece = ''
            used = 0
          }
          piece += c
          used += columns(c)
        }
        return [...pieces, piece]
      })
      .join('\n')
    const plain = parsed(seed)
    const report = parsed(wrapped)
    expect([report.title, report.relatedHeadlines, report.summary]).toEqual([plain.title, plain.relatedHeadlines, plain.summary])
    expect(report.blocks.map((b) => [b.style, b.text])).toEqual(plain.blocks.map((b) => [b.style, b.text]))
  })

  it('joins back exactly what it cut (property)', () => {
    const piece = fc.constantFrom('水利', '工程', '防汛', '除险加固', '12座', '3.2万余人', '，', '、', '同比增长8.6%', '“数字孪生”', '（以下简称县水利局）', '县水利局', '群众满意度')
    // Paragraphs of three lines or more: two paragraphs of two lines are too little evidence to call a text wrapped.
    const paragraph = fc.array(piece, {minLength: 40, maxLength: 80}).map((p) => `${p.join('')}。`)
    fc.assert(
      fc.property(fc.array(paragraph, {minLength: 2, maxLength: 6}), fc.integer({min: 24, max: 40}), (paragraphs, width) => {
        const report = parsed(`县水利局全力做好水利建设工作\n${wrap(paragraphs, width, '\u3000\u3000')}`)
        const byLine = new Map<number, string>()
        for (const b of report.blocks) byLine.set(b.line, (byLine.get(b.line) ?? '') + b.text)
        expect([...byLine.values()]).toEqual(paragraphs)
      }),
      {numRuns: 300},
    )
  })
})

describe('losslessness (property)', () => {
  const token = fc.constantFrom(
    '富阳分局',
    '生态环境',
    '标题',
    '一、',
    '（一）',
    '1.',
    '2、',
    '第一章',
    '一是',
    '。',
    '，',
    ',,',
    '！',
    '：',
    '；',
    '“',
    '”',
    '来源：',
    '发布时间：2020-06-01',
    '浏览次数：12',
    '打印',
    '关闭窗口',
    ' ',
    '\u3000',
    '500人次',
    '12.3%',
    '環境',
    '近日',
  )
  const line = fc.oneof(
    {weight: 4, arbitrary: fc.array(token, {maxLength: 10}).map((t) => t.join(''))},
    {weight: 1, arbitrary: fc.string({maxLength: 50})},
  )
  const input = fc
    .record({
      lines: fc.array(line, {maxLength: 14}),
      repeatAt: fc.nat({max: 6}),
      glue: fc.string({maxLength: 6}),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
    })
    .map(({lines, repeatAt, glue, eol}) => {
      // Often insert a "title + start of the next line" repeat, the seed's shape.
      const at = Math.min(repeatAt, lines.length - 2)
      if (at >= 0 && repeatAt < 5) lines.splice(at + 1, 0, `${lines[at]}${glue}${(lines[at + 1] ?? '').slice(0, 5)}`)
      return lines.join(eol)
    })

  it('puts every kept line somewhere, exactly, and invents nothing', () => {
    fc.assert(
      fc.property(input, (text) => {
        const result = parseReport(text)
        if (!result.ok) {
          expect(result.reason).toMatch(/^no title found/)
          return
        }
        const report = result.report
        const lines = splitLines(text).map((l) => l.trim())
        const byLine = new Map<number, string>()
        const lastLine = new Map<number, number>()
        let previous = -1
        for (const block of report.blocks) {
          expect(block.text).not.toBe('')
          expect(block.line).toBeGreaterThanOrEqual(previous)
          previous = block.endLine ?? block.line
          byLine.set(block.line, (byLine.get(block.line) ?? '') + block.text)
          lastLine.set(block.line, Math.max(lastLine.get(block.line) ?? block.line, block.endLine ?? block.line))
        }
        for (const [line, joined] of byLine) {
          // A hard-wrapped paragraph is its source lines joined, a space only between two Latin letters.
          const source = lines.slice(line, (lastLine.get(line) ?? line) + 1).reduce((a, b) => (/[A-Za-z]$/.test(a) && /^[A-Za-z]/.test(b) ? `${a} ${b}` : a + b))
          // Only the repeat line's remainder may be a strict suffix, and then with a warning.
          if (joined !== source) {
            expect(source.startsWith(report.title)).toBe(true)
            expect(source.slice(report.title.length).trim()).toBe(joined)
            expect(report.warnings.some((w) => w.startsWith(`line ${line + 1} `))).toBe(true)
          }
        }
        const {kept} = stripBoilerplate(splitLines(text))
        const banners = new Set(report.relatedHeadlines)
        const spans = [...lastLine].map(([first, last]) => [first, last] as const)
        const body = report.blocks.map((b) => b.text).join('')
        for (const {line, text: t} of kept) {
          // A line may also be a piece of a wrapped title, or of a wrapped truncated copy, which the body repeats.
          const covered =
            spans.some(([first, last]) => line >= first && line <= last) ||
            report.title.includes(t) ||
            banners.has(t) ||
            t.startsWith(report.title) ||
            body.includes(t)
          expect(covered).toBe(true)
        }
        expect(report.summary === '' || report.blocks.some((b) => b.style === 'normal' && b.text === report.summary)).toBe(true)
      }),
      {numRuns: 500},
    )
  })
})

describe('long input', () => {
  // Speed is measured by npm run bench:import, not here.
  it('parses a report of 300 copies of the seed body into every block, in order', () => {
    const seed = readFileSync(SEED, 'utf8')
    const body = splitLines(seed).slice(3).join('\n')
    const long = `${splitLines(seed).slice(0, 3).join('\n')}\n${Array.from({length: 300}, () => body).join('\n')}`
    const report = parsed(long)
    expect(report.blocks).toHaveLength(15 * 300)
    expect(report.blocks.slice(0, 15).map((b) => b.text)).toEqual(report.blocks.slice(-15).map((b) => b.text))
  })
})
