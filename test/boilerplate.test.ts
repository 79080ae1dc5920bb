import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {matchBoilerplate, normalizeDate, stripBoilerplate} from '../migrations/report/boilerplate'

describe('matchBoilerplate: whole boilerplate lines', () => {
  it.each([
    '当前位置：首页 > 政务公开 > 部门动态',
    '您的位置: 首页 > 新闻中心 > 工作动态',
    '您现在的位置：首页＞信息公开',
    '首页 > 新闻中心 > 部门动态',
    '来源：杭州市生态环境局',
    '来源:新华网',
    '发布时间：2020-06-01',
    '发布日期：2020年06月01日 10:30',
    '浏览次数：1234',
    '阅读次数：56次',
    '点击数：',
    '字号 大 中 小',
    '【字体：大 中 小】',
    '【字号：大 中 小】【打印】【关闭】',
    '打印本页',
    '打印',
    '【打印】',
    '关闭窗口',
    '【关闭】',
    '打印本页  关闭窗口',
    '[ 打印 | 关闭 ]',
    '责任编辑：王 芳',
    '编辑：李四',
    '审核：张三 校对：李四',
    '（编辑：陈晓）',
    '分享到：',
    '分享到：微信 微博 QQ空间',
    '扫一扫在手机打开当前页',
    '【扫一扫在手机上打开】',
    '相关链接',
    '上一篇：关于开展安全生产大检查的通知',
    '下一篇：没有了',
    '附件：',
    '附件',
    '附件：1.2024年申报指南.docx',
    'https://www.example.gov.cn/art/2020/6/1/art_123.html',
    '原文链接：http://www.example.gov.cn/a.html',
    '2020-06-01',
    '2020-06-01 09:30:12',
    '日期：2020-06-01 来源：本站 作者：张三 阅读：56',
    // The site's name in its header, on a line of its own.
    '杭州市人民政府门户网站',
    '富阳区政府网',
  ])('drops %s', (line) => {
    expect(matchBoilerplate(line)).toBeDefined()
  })

  it('drops a combined header line and reads its metadata', () => {
    expect(matchBoilerplate('来源：杭州市生态环境局  发布时间：2020-06-01  浏览次数：123')).toEqual({
      publisher: '杭州市生态环境局',
      publishedAt: '2020-06-01',
    })
    expect(matchBoilerplate('来源：杭州市生态环境局发布时间：2020-06-01 10:30:00')).toEqual({
      publisher: '杭州市生态环境局',
      publishedAt: '2020-06-01T10:30:00',
    })
    expect(matchBoilerplate('发布时间：２０２０年６月１日　来源：富阳区人民政府办公室｜浏览：88')).toEqual({
      publisher: '富阳区人民政府办公室',
      publishedAt: '2020-06-01',
    })
    expect(matchBoilerplate('（来源：杭州市生态环境局富阳分局）')).toEqual({publisher: '杭州市生态环境局富阳分局'})
  })

  it('does not take a generic source as the publisher', () => {
    expect(matchBoilerplate('来源：本站')).toEqual({})
  })

  it('reads a source URL', () => {
    expect(matchBoilerplate('原文链接：https://www.example.gov.cn/a.html')).toEqual({url: 'https://www.example.gov.cn/a.html'})
    expect(matchBoilerplate('http://www.example.gov.cn/b.html')).toEqual({url: 'http://www.example.gov.cn/b.html'})
  })
})

describe('matchBoilerplate: headers and bylines as sites write them', () => {
  it.each([
    ['发布时间：2024-03-05 10:20:35 来源：本站 作者：admin 浏览：', {publishedAt: '2024-03-05T10:20:35'}],
    ['浏览次数：1,234次', {}],
    ['瀏覽次數：1,234次', {}],
    ['來源：新北市政府衛生局', {publisher: '新北市政府衛生局'}],
    ['發布日期：2024-01-02', {publishedAt: '2024-01-02'}],
    ['日期：2024年6月12日　来源：武汉市卫健委　点击数：[ 862 ]', {publishedAt: '2024-06-12', publisher: '武汉市卫健委'}],
    ['发布时间：2024-03-26 文章来源：国家税务总局宁波市税务局  字号：T|T', {publishedAt: '2024-03-26', publisher: '国家税务总局宁波市税务局'}],
    ['字体：A+ A A-', {}],
    ['记者 王磊 通讯员 孙涛', {}],
    ['（编辑 张敏 审核 李红）', {}],
    ['来源：新华网 记者 王磊', {publisher: '新华网'}],
    ['您所在的位置：首页 > 新闻中心 > 部门动态', {}],
    ['网站首页 > 新闻中心 > 部门动态', {}],
    ['今天是：2024年3月5日 星期二', {}],
    ['发布时间：2024-03-05 浏览量：1234人次', {publishedAt: '2024-03-05'}],
    ['来源：区生态环境局 浏览次数：1.2万', {publisher: '区生态环境局'}],
    ['时间：2024-03-05  来源：区生态环境局  点击率：1234', {publishedAt: '2024-03-05', publisher: '区生态环境局'}],
    ['資料來源：環保局 點閱次數：1234', {publisher: '環保局'}],
    ['分享：微信 微博 QQ空间', {}],
    ['扫码关注', {}],
    ['【我要打印】【关闭窗口】', {}],
    ['微信扫一扫分享', {}],
    ['主办单位：富阳区人民政府办公室 承办：富阳区大数据局', {}],
    ['联系电话：0571-63312345  地址：富阳区金桥北路1号', {}],
    ['版权所有：富阳区人民政府  浙ICP备12345678号-1', {}],
    ['总访问量：12345次 今日访问：234人次', {}],
    ['索引号：113301830025/2024-00012  主题分类：综合政务', {}],
    ['文号：富政办〔2024〕12号', {}],
    ['[图片]', {}],
    ['【图片】', {}],
    ['<br/>', {}],
    ['&nbsp;', {}],
    ['2.2024年评选汇总表.xlsx', {}],
    ['附件：1.2024年评选申报表.docx', {}],
    ['来源：漯河市统计局  发布时间：2024-10-18  编号：漯统〔2024〕35号', {publisher: '漯河市统计局', publishedAt: '2024-10-18'}],
    ['咨询电话：0523-86839011  邮编：225300', {}],
    ['数据来源：漯河市统计局', {}],
    ['联系人：张三  联系电话：0571-8888888', {}],
    ['首页 | 机构概况 | 新闻中心 | 政务公开', {}],
    ['微信扫一扫 分享到朋友圈', {}],
    ['扫码关注“余杭发布”微信公众号', {}],
    ['网站地图 | 联系我们 | 隐私声明', {}],
    ['文/图 李明', {}],
    ['（完）', {}],
    ['【妇联动态】', {}],
  ])('drops %s', (line, meta) => {
    expect(matchBoilerplate(line)).toEqual(meta)
  })

  it.each([
    '记者 走访了多家企业，了解到相关情况。',
    '记者从市统计局获悉，全市GDP增长5%。',
    '编辑部 召开会议',
    '浏览全文',
    '作者 认为这是一次成功的尝试。',
    '微信公众号全年推送文章120篇',
    '图片展示了整治前后的对比。',
    '浙江省生态环境厅召开全省生态环境工作会议',
    '地址变更登记已全部办结。',
    '今天是全国生态日。',
    '总访问量同比增长20%。',
    '联系电话：0571-63312345，欢迎广大群众积极举报。',
    '邮编：311400。',
    '今天是2024年3月5日，全区召开安全生产工作会议',
    '主办：区委宣传部、区文明办，旨在弘扬志愿服务精神',
    '分享：各乡镇典型经验做法汇编，供学习参考',
    '记者 走访企业',
    '完善制度体系',
    '图为工作人员走访企业',
    '数据显示，全市增长5%。',
    '全省经济运行动态',
    '【工作动态】区妇联开展“三八”节活动',
    '联系人制度全面建立。',
    '工作动态',
    '防汛快讯',
    '本周市场动态',
    '联系人：王芳，负责全县巾帼志愿服务队的组建与培训工作',
    '数据来源：2023年全县抽样调查，共调查家庭1200户',
  ])(
    'keeps %s',
    (line) => {
      expect(matchBoilerplate(line)).toBeUndefined()
    },
  )
})

describe('matchBoilerplate: body lines that only look like boilerplate', () => {
  it.each([
    '来源于群众，服务于群众。',
    '打印机采购项目已全部完成',
    '编辑：全年共编辑工作简报12期。',
    '附件：2024年工作要点',
    '时间：2024年3月1日上午9时',
    '日期：2024年3月1日',
    '2024年3月15日',
    '2023年全区共办理案件87件。',
    '1-8月，全区新设企业3187户。',
    '首页改版工作于今年完成',
    '当前，富阳分局正在推进“四个一”工作机制。',
    '浏览次数同比增长20%。',
    '关闭“散乱污”企业12家',
    '分享到群众身边的好故事',
    '一审判决已于近日作出。',
    '上一篇文章中提到的问题已整改。',
    '字号为三号的公文标题',
    '市政府门户网站改版上线',
    '杭州市人民政府门户网站获评优秀政府网站',
  ])('keeps %s', (line) => {
    expect(matchBoilerplate(line)).toBeUndefined()
  })
})

describe('stripBoilerplate', () => {
  it('keeps original line indexes, trims, skips blank lines and merges metadata (first wins)', () => {
    const lines = [
      '当前位置：首页 > 部门动态',
      '　标题在这里  ',
      '',
      '来源：富阳区人民政府  发布时间：2021-03-04',
      '正文第一段，共检查企业693家次。',
      '   ',
      '来源：另一个局 发布日期：2022-01-01',
      '原文链接：https://example.gov.cn/x.html',
      '责任编辑：张三',
    ]
    const result = stripBoilerplate(lines)
    expect(result.kept).toEqual([
      {line: 1, text: '标题在这里'},
      {line: 4, text: '正文第一段，共检查企业693家次。'},
    ])
    expect(result.dropped.map((d) => d.line)).toEqual([0, 3, 6, 7, 8])
    expect(result.meta).toEqual({publisher: '富阳区人民政府', publishedAt: '2021-03-04', url: 'https://example.gov.cn/x.html'})
  })

  it('accounts for every non-blank line exactly once, for any input', () => {
    const token = fc.constantFrom(
      '来源：',
      '发布时间：',
      '2020-06-01',
      '浏览次数：',
      '123',
      '打印',
      '关闭',
      '【',
      '】',
      ' ',
      '\u3000',
      '|',
      '杭州市生态环境局',
      '。',
      '，',
      '字号',
      '大 中 小',
      '当前位置：',
      '>',
      'https://a.cn/x',
      '编辑：',
      '张 三',
      '附件：',
      '.pdf',
    )
    const line = fc.oneof(fc.array(token, {maxLength: 8}).map((t) => t.join('')), fc.string({maxLength: 30}))
    fc.assert(
      fc.property(fc.array(line, {maxLength: 12}), (lines) => {
        const {kept, dropped, meta} = stripBoilerplate(lines)
        const seen = [...kept, ...dropped].map((l) => l.line).sort((a, b) => a - b)
        const expected = lines.flatMap((l, i) => (l.trim() === '' ? [] : [i]))
        expect(seen).toEqual(expected)
        for (const l of [...kept, ...dropped]) expect(l.text).toBe(lines[l.line]?.trim())
        if (meta.publishedAt !== undefined) expect(meta.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2})?$/)
      }),
    )
  })
})

describe('normalizeDate', () => {
  it.each([
    ['2020-06-01', '2020-06-01'],
    ['2020/6/1', '2020-06-01'],
    ['2020.06.01', '2020-06-01'],
    ['2020年6月1日', '2020-06-01'],
    ['２０２０年６月１日', '2020-06-01'],
    ['2020-06-01 10:30', '2020-06-01T10:30:00'],
    ['2020-06-01 10:30:45', '2020-06-01T10:30:45'],
    ['2020年6月1日 10时30分', '2020-06-01T10:30:00'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeDate(input)).toBe(expected)
  })

  it.each(['2020-13-01', '2021年2月29日', '2020-06-01 abc', '六月一日'])('rejects %s', (input) => {
    expect(normalizeDate(input)).toBeUndefined()
  })
})
