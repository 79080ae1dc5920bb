/**
 * Synthetic government reports for the import benchmark and its tests.
 *
 * `generateReport(i, seed)` is a pure function of its arguments: report i is
 * rebuilt from a mulberry32 stream seeded with (seed, i), so a corpus of any
 * size can be streamed without holding it in memory, and a failing report
 * can be regenerated from its index alone.
 *
 * The reports imitate the real scrape in shared/seeds: sometimes stray banner
 * headlines, the title and the title glued to a truncated copy of the lead;
 * sometimes a plain title with a 来源/发布时间 line; short headings without
 * final punctuation, enumerated headings (一、 （一）, some run-in), an agency
 * introduced by its full name with (以下简称…), figures of many kinds
 * (人次 家次 件 项 期 万元 亿元 % 个百分点, 同比增长/下降, 排名第N, 余/约/超过)
 * and numbers that are not figures (2023年, 1-8月, 〔2024〕3号, PM2.5, 一把手).
 * Most clauses are narrative, without figures, so the figure density stays
 * close to the seed's (about 3–4 per KiB), and paragraphs and headings come
 * in about the seed's proportions and lengths (~20 blocks a report, a
 * heading to every three paragraphs, ~140-character paragraphs; the seed has
 * 15, one to four, 160). test/corpus.test.ts holds each within 1.5×.
 * Each report is roughly 4–8 KB of UTF-8.
 */

export const DEFAULT_SEED = 0x5eed_2024

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Mixes the corpus seed and the report index into one 32-bit seed (murmur3 finaliser). */
function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

class Rng {
  private readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  float(): number {
    return this.next()
  }
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }
  /** `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items]
    const out: T[] = []
    while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0] as T)
    return out
  }
}

// ---------------------------------------------------------------------------
// Places: real province → city → county-level divisions

interface Place {
  /** '' for the four municipalities, whose city is the province. */
  province: string
  provinceStem: string
  city: string
  cityStem: string
  districts: readonly string[]
}

const PLACE_DATA: readonly (readonly [province: string, city: string, districts: string])[] = [
  ['浙江省', '杭州市', '富阳区 临安区 萧山区 余杭区 西湖区 拱墅区 上城区 滨江区 桐庐县 淳安县 建德市'],
  ['浙江省', '宁波市', '鄞州区 海曙区 江北区 北仑区 镇海区 奉化区 余姚市 慈溪市 宁海县 象山县'],
  ['浙江省', '温州市', '鹿城区 龙湾区 瓯海区 洞头区 乐清市 瑞安市 永嘉县 平阳县 苍南县'],
  ['浙江省', '绍兴市', '越城区 柯桥区 上虞区 诸暨市 嵊州市 新昌县'],
  ['江苏省', '苏州市', '吴中区 相城区 姑苏区 吴江区 昆山市 常熟市 张家港市 太仓市'],
  ['江苏省', '南京市', '玄武区 秦淮区 建邺区 鼓楼区 浦口区 栖霞区 雨花台区 江宁区 六合区 溧水区 高淳区'],
  ['江苏省', '无锡市', '梁溪区 锡山区 惠山区 滨湖区 新吴区 江阴市 宜兴市'],
  ['广东省', '广州市', '越秀区 海珠区 荔湾区 天河区 白云区 黄埔区 番禺区 花都区 南沙区 从化区 增城区'],
  ['广东省', '佛山市', '禅城区 南海区 顺德区 三水区 高明区'],
  ['广东省', '惠州市', '惠城区 惠阳区 博罗县 惠东县 龙门县'],
  ['山东省', '青岛市', '黄岛区 崂山区 李沧区 城阳区 即墨区 胶州市 平度市 莱西市'],
  ['山东省', '济南市', '历下区 槐荫区 天桥区 历城区 长清区 章丘区 济阳区 莱芜区 平阴县 商河县'],
  ['山东省', '潍坊市', '潍城区 寒亭区 坊子区 奎文区 青州市 诸城市 寿光市 高密市 昌乐县'],
  ['四川省', '成都市', '锦江区 青羊区 金牛区 武侯区 成华区 龙泉驿区 新都区 温江区 双流区 郫都区 都江堰市 彭州市 金堂县 大邑县'],
  ['四川省', '绵阳市', '涪城区 游仙区 安州区 江油市 三台县 盐亭县 梓潼县'],
  ['湖北省', '武汉市', '江岸区 江汉区 汉阳区 武昌区 洪山区 东西湖区 蔡甸区 江夏区 黄陂区 新洲区'],
  ['湖北省', '宜昌市', '西陵区 伍家岗区 点军区 猇亭区 夷陵区 宜都市 当阳市 枝江市 远安县'],
  ['河南省', '郑州市', '中原区 二七区 金水区 惠济区 中牟县 巩义市 荥阳市 新密市 新郑市 登封市'],
  ['河南省', '洛阳市', '老城区 西工区 涧西区 洛龙区 偃师区 孟津区 新安县 宜阳县 伊川县'],
  ['福建省', '厦门市', '思明区 海沧区 湖里区 集美区 同安区 翔安区'],
  ['福建省', '泉州市', '鲤城区 丰泽区 洛江区 泉港区 石狮市 晋江市 南安市 惠安县 安溪县'],
  ['安徽省', '合肥市', '瑶海区 庐阳区 蜀山区 包河区 长丰县 肥东县 肥西县 庐江县 巢湖市'],
  ['湖南省', '长沙市', '芙蓉区 天心区 岳麓区 开福区 雨花区 望城区 长沙县 浏阳市 宁乡市'],
  ['江西省', '南昌市', '东湖区 青云谱区 青山湖区 新建区 红谷滩区 南昌县 安义县 进贤县'],
  ['陕西省', '西安市', '新城区 碑林区 莲湖区 灞桥区 未央区 雁塔区 阎良区 临潼区 长安区 高陵区 鄠邑区 蓝田县 周至县'],
  ['河北省', '石家庄市', '桥西区 新华区 裕华区 藁城区 鹿泉区 栾城区 正定县 辛集市'],
  ['河北省', '保定市', '竞秀区 莲池区 满城区 清苑区 徐水区 涿州市 定州市 安国市 高碑店市'],
  ['云南省', '昆明市', '五华区 盘龙区 官渡区 西山区 呈贡区 晋宁区 安宁市'],
  ['贵州省', '贵阳市', '南明区 云岩区 花溪区 乌当区 观山湖区 清镇市 修文县 息烽县 开阳县'],
  ['辽宁省', '大连市', '中山区 西岗区 沙河口区 甘井子区 旅顺口区 金州区 普兰店区 瓦房店市 庄河市'],
  ['广西壮族自治区', '南宁市', '兴宁区 青秀区 江南区 西乡塘区 良庆区 邕宁区 武鸣区 宾阳县'],
  ['黑龙江省', '哈尔滨市', '道里区 南岗区 道外区 平房区 松北区 香坊区 呼兰区 阿城区 双城区 尚志市 五常市'],
  ['山西省', '太原市', '小店区 迎泽区 杏花岭区 尖草坪区 万柏林区 晋源区 清徐县 古交市'],
  ['甘肃省', '兰州市', '城关区 七里河区 西固区 安宁区 红古区 永登县 皋兰县 榆中县'],
  ['', '上海市', '浦东新区 黄浦区 徐汇区 长宁区 静安区 普陀区 虹口区 杨浦区 闵行区 宝山区 嘉定区 金山区 松江区 青浦区 奉贤区 崇明区'],
  ['', '北京市', '东城区 西城区 朝阳区 海淀区 丰台区 石景山区 门头沟区 房山区 通州区 顺义区 昌平区 大兴区 怀柔区 平谷区 密云区 延庆区'],
  ['', '重庆市', '渝中区 江北区 沙坪坝区 九龙坡区 南岸区 北碚区 渝北区 巴南区 万州区 涪陵区'],
  ['', '天津市', '和平区 河东区 河西区 南开区 红桥区 东丽区 西青区 津南区 北辰区 武清区 宝坻区 滨海新区'],
]

const PLACES: readonly Place[] = PLACE_DATA.map(([province, city, districts]) => ({
  province,
  provinceStem: stemOf(province || city),
  city,
  cityStem: stemOf(city),
  districts: districts.split(' '),
}))

function stemOf(name: string): string {
  return name.replace(/(?:壮族自治区|自治区|新区|省|市|区|县)$/, '')
}

// ---------------------------------------------------------------------------
// Sectors: agency bodies and the work they report on

type AgencyForm = 'branch' | 'district' | 'city' | 'province' | 'tax'

interface Sector {
  /** The body as it appears in the official name: 生态环境, 市场监督管理. */
  body: string
  /** The body in short forms and prose: 生态环境, 市场监管. */
  short: string
  /** 局 or 委员会. */
  suffix: string
  /** Short form of the suffix: 局, 委. */
  shortSuffix: string
  forms: readonly AgencyForm[]
  /** Sentence templates with figures (see `fill`). */
  figures: readonly string[]
  /** Topics for titles and headings. */
  topics: readonly string[]
  /** Titles of honours the agency has won. */
  honors: readonly string[]
}

const SECTORS: readonly Sector[] = [
  {
    body: '生态环境',
    short: '生态环境',
    suffix: '局',
    shortSuffix: '局',
    forms: ['branch', 'branch', 'district', 'city', 'province'],
    figures: [
      '开展“{CAMPAIGN}系列专项执法”{N:10-60}期{C}检查企业{N:200-1500}家次{C}累计作出行政处罚决定{N:50-400}件',
      '全年共查处环境违法案件{N:30-300}件{C}罚款{W}万元{C}移送公安机关行政拘留案件{N:2-20}件',
      '{YEAR}年全区涉及生态环境保护类信访总量{N:300-2000}件{C}同比下降{P}{C}实现零积案',
      '{YEAR}年1-{MONTH}月{C}全区环境空气优良率达到{PHIGH}{C}PM2.5平均浓度为{N:20-45}微克/立方米{C}同比下降{P}',
      '对全区{N:5-40}个重点环境整治任务开展攻坚拔钉',
      '出动执法人员{A:500-5000}人次{C}检查各类污染源{A:300-3000}家次',
      '地表水市控以上断面水质达标率{PHIGH}{C}较上年提高{PP}',
      '完成{N:10-90}家重点企业挥发性有机物治理{C}削减排放量约{N:50-600}吨',
      '生态环境公众满意度列全市各区县市第{RANK}位',
      '环境空气优良率、PM2.5绝对值在全市各区县市均排名第{RANK}',
      '重点盯紧PM2.5和臭氧“双控双减”{C}完成{N:10-90}家企业提标改造',
    ],
    topics: ['污染防治攻坚', '生态环境执法', '蓝天保卫战', '碧水保卫战', '净土保卫战', '生态环境保护督察整改', '美丽城市建设'],
    honors: ['美丽杭州', '生态文明建设示范区', '污染防治攻坚战成效考核优秀单位', '绿色发展先进集体'],
  },
  {
    body: '市场监督管理',
    short: '市场监管',
    suffix: '局',
    shortSuffix: '局',
    forms: ['district', 'district', 'branch', 'city'],
    figures: [
      '新增各类市场主体{A:3000-20000}户{C}同比增长{P}',
      '全年抽检食品{N:500-3000}批次{C}合格率{PHIGH}{C}核查处置不合格食品{N:10-90}批次',
      '查办各类违法案件{N:100-900}件{C}罚没款{W}万元',
      '受理消费者投诉举报{A:1000-9000}件{C}为消费者挽回经济损失{W}万元',
      '检查特种设备使用单位{N:100-600}家{C}排查整改隐患{N:50-500}处',
      '开展“双随机、一公开”抽查{N:10-50}批次{C}检查市场主体{A:500-4000}户次',
      '帮助{N:20-200}家企业完成质量提升{C}新增有效发明专利{N:100-900}件',
      '在全市营商环境评价中排名第{RANK}',
    ],
    topics: ['食品安全监管', '优化营商环境', '知识产权保护', '特种设备安全', '价格监督检查', '民生领域“铁拳”行动'],
    honors: ['全国市场监管系统先进集体', '食品安全示范城市', '消费维权工作先进单位'],
  },
  {
    body: '税务',
    short: '税务',
    suffix: '局',
    shortSuffix: '局',
    forms: ['tax', 'tax', 'tax'],
    figures: [
      '累计组织税费收入{YI}亿元{C}同比增长{P}',
      '新增减税降费及退税缓费{W}万元{C}惠及纳税人{A:2000-20000}户次',
      '为{A:1000-9000}户次纳税人办理留抵退税{W}万元',
      '非接触式办税率达到{PHIGH}{C}较上年提高{PP}',
      '12366纳税服务热线接听来电{A:5000-40000}个{C}满意率{PHIGH}',
      '开展“春风行动”宣传辅导{N:20-120}场次{C}覆盖纳税人{A:3000-30000}人次',
      '在全省纳税服务评价中位列第{RANK}',
      '检查高风险纳税人{N:30-300}户{C}查补税款{W}万元',
    ],
    topics: ['便民办税春风行动', '减税降费', '税收营商环境', '智慧税务建设', '依法治税'],
    honors: ['全国税务系统先进集体', '纳税服务示范单位', '文明单位'],
  },
  {
    body: '综合行政执法',
    short: '综合执法',
    suffix: '局',
    shortSuffix: '局',
    forms: ['district', 'district', 'city'],
    figures: [
      '拆除违法建筑{N:2-30}万平方米{C}整治占道经营{A:300-3000}处',
      '清理乱张贴小广告{A:1000-8000}处{C}规范共享单车停放{A:5000-30000}辆次',
      '办理行政处罚案件{N:100-900}件{C}罚没款{W}万元',
      '受理12345热线工单{N:1000-9000}件{C}按期办结率{PHIGH}',
      '查处渣土车违规运输{N:50-600}起{C}同比下降{P}',
      '加强工地扬尘管控{C}PM2.5平均浓度同比下降{P}',
      '在全市城市管理考核中连续{N:2-6}个季度排名第{RANK}',
    ],
    topics: ['城市精细化管理', '违法建设治理', '市容环境整治', '执法规范化建设', '垃圾分类'],
    honors: ['城市管理先进单位', '全国城管执法系统表现突出集体'],
  },
  {
    body: '应急管理',
    short: '应急管理',
    suffix: '局',
    shortSuffix: '局',
    forms: ['district', 'city', 'province'],
    figures: [
      '检查企业{N:300-2000}家次{C}排查一般隐患{N:500-4000}处{C}整改率{PHIGH}',
      '组织应急演练{N:10-80}场次{C}参演人员{A:1000-9000}人次',
      '培训企业主要负责人和安全管理人员{A:1000-10000}人次',
      '全年共发生生产安全事故{N:3-20}起{C}同比下降{P}',
      '储备防汛物资{N:20-90}类{C}价值{W}万元',
      '在全市安全生产考核中排名第{RANK}',
    ],
    topics: ['安全生产专项整治', '防汛防台', '森林防灭火', '应急救援能力建设', '危化品安全监管'],
    honors: ['安全生产先进单位', '防汛抗旱先进集体'],
  },
  {
    body: '交通运输',
    short: '交通运输',
    suffix: '局',
    shortSuffix: '局',
    forms: ['district', 'city'],
    figures: [
      '完成交通固定资产投资{YI}亿元{C}同比增长{P}',
      '新建改建农村公路{N:20-300}公里{C}完成危桥改造{N:5-40}座',
      '开通城乡公交线路{N:5-40}条{C}新增公交车{N:20-200}辆',
      '检查客运站点{N:30-300}家次{C}查处非法营运车辆{N:50-500}辆',
      '群众出行满意度较上年提高{PP}',
      '推广新能源公交车{N:50-400}辆{C}助力PM2.5浓度持续下降',
    ],
    topics: ['“四好农村路”建设', '城乡公交一体化', '交通运输安全', '综合交通枢纽建设'],
    honors: ['四好农村路示范县', '交通运输先进集体'],
  },
  {
    body: '卫生健康',
    short: '卫健',
    suffix: '委员会',
    shortSuffix: '委',
    forms: ['district', 'city'],
    figures: [
      '开展义诊活动{N:20-200}场次{C}服务群众{A:2000-30000}人次',
      '家庭医生签约率达到{PHIGH}{C}重点人群签约率较上年提高{PP}',
      '培训基层医务人员{A:500-5000}人次',
      '全区孕产妇系统管理率{PHIGH}{C}婴儿死亡率下降{P}',
      '新增床位{N:100-900}张{C}完成{N:5-30}家乡镇卫生院标准化建设',
    ],
    topics: ['基层医疗服务能力提升', '健康城市建设', '公共卫生体系建设', '医联体建设'],
    honors: ['健康促进区', '卫生健康工作先进集体'],
  },
]

// ---------------------------------------------------------------------------
// Prose that every sector can use

const GENERIC_FIGURES: readonly string[] = [
  '组织集中学习{N:6-30}次{C}落实谈心谈话{N:50-400}人次{C}检视查找整改问题{N:20-300}个',
  '建立健全日常办公、干部任免、财务管理、车辆使用等{N:3-9}大类{N:20-80}项内部制度规定',
  '组织观看《以案为鉴 警钟长鸣》等{N:2-8}部专题警示片',
  '累计外送组训{A:100-1500}人次{C}交流挂职{N:5-40}人次',
  '抽调{N:10-60}名党员骨干成立服务专员团队{C}派送电子服务卡{A:500-3000}张',
  '前往红色教育基地集中研学{N:3-12}次',
  '全年办理人大代表建议和政协委员提案{N:10-80}件{C}办结率{P100}',
  '在{AREA}{N:30-60}家{LEVEL}直单位综合考核中排名第{RANK}',
  '出动{A:200-900}人次参加社区卡口值勤和入户摸排等工作',
  '帮扶{N:20-300}家企业复工复产{C}协调解决各类问题{N:10-120}个',
  '年度财政专项资金{W}万元全部用于民生项目{C}较上年增加{P}',
  '受理群众来信来访{N:50-600}件{C}同比下降{P}',
]

/** Sentences with numbers that are not figures: years, ranges, document codes, idioms. */
const TRAPS: readonly string[] = [
  '严格落实一把手“财务、人事、工程项目建设、物资采购、行政审批”五个不直接分管的“末位表态”制度',
  '按照《关于进一步加强{TOPIC}工作的实施意见》({ABBR}〔{YEAR}〕{N:1-60}号)要求',
  '对照“十四五”规划目标{C}制定{YEAR}年度工作要点',
  '每月{DAY}日班子领导带全体干部职工进行夜学',
  '采取以集中专题教育为主{C}以经常性思想教育工作和个人自学为辅的“1+2”模式',
  '围绕“三服务”要求{C}实施一对一精准服务',
  '{YEAR}年{MONTH}月{DAY}日{C}召开全体干部职工大会{C}部署“两代表一委员”走访活动',
  '开通12345政务服务热线专席{C}做到“最多跑一次”',
  '自{PREVYEAR}年以来{C}坚持“三重一大”事项集体研究',
  '{YEAR}年1-{MONTH}月{C}各项工作总体平稳有序',
]

/**
 * Clauses without figures. Real reports are mostly narrative: the seed has
 * 19 figures in about 6 KB, one per ~100 characters, so most clauses a
 * generator writes must carry no number at all.
 */
const NARRATIVE: readonly string[] = [
  '压紧压实主体责任{C}层层传导工作压力',
  '健全完善工作机制{C}推动各项任务落地见效',
  '坚持问题导向和目标导向相统一',
  '把{TOPIC}作为一项重要政治任务来抓',
  '主要负责同志亲自部署、亲自过问',
  '班子成员按照分工各负其责{C}形成上下联动、齐抓共管的工作格局',
  '注重把日常监督与专项检查结合起来',
  '深入基层一线开展调研{C}听取群众意见建议',
  '积极回应群众关切{C}切实解决急难愁盼问题',
  '持续深化“放管服”改革{C}不断优化营商环境',
  '加强与相关部门的沟通协作{C}形成工作合力',
  '广泛宣传{TOPIC}的典型经验和先进做法',
  '营造了风清气正的良好氛围',
  '干部职工的责任意识和服务意识明显增强',
  '着力补齐短板弱项{C}推动工作提质增效',
  '严格执行请示报告制度',
  '将{TOPIC}纳入年度目标责任制考核',
]

const CONNECTIVES = ['同时', '此外', '与此同时', '值得一提的是', '另外', '去年', '今年以来', '一年来', '据统计']

const PLAIN_HEADINGS: readonly string[] = [
  '“决策—管理—监督”三步走{C}推进责任体系大完善',
  '“党建+服务”牢筑干部思想{C}推进作风效能大转变',
  '工作机制、工作目标双落实{C}推进能力素质大提升',
  '压实责任链条{C}推进管党治党从严从实',
  '强化执法监管{C}守牢{TOPIC}底线',
  '聚焦主责主业{C}提升{TOPIC}效能',
  '创新服务举措{C}优化营商环境',
  '坚持问题导向{C}推动{TOPIC}走深走实',
  '深化改革创新{C}激发干事创业活力',
  '{TOPIC}取得新成效',
  '锤炼过硬队伍{C}展现担当作为',
]

const SECTION_HEADINGS: readonly string[] = [
  '强化政治引领', '压实工作责任', '聚焦{TOPIC}', '深化改革创新', '提升服务效能', '加强队伍建设', '健全工作机制',
  '狠抓问题整改', '推进{TOPIC}提质增效', '筑牢安全底线', '强化执法监管', '优化营商环境',
]

const SUBSECTION_HEADINGS: readonly string[] = [
  '完善制度体系', '加强日常监管', '开展专项行动', '强化督查考核', '推进数字化改革', '做实便民服务', '抓好宣传引导',
  '深化部门协作', '严肃执纪问责', '培育先进典型',
]

const ACHIEVEMENTS: readonly string[] = [
  '考核首次跨入优秀', '工作获上级通报表扬', '多项工作走在全市前列', '综合考评再创佳绩', '获评年度先进集体',
  '服务质效持续提升', '交出亮眼成绩单',
]

const BANNERS: readonly string[] = [
  '国务院关于印发《2024—2025年节能降碳行动方案》的通知',
  '生态环境部召开部常务会议',
  '国家税务总局关于进一步优化办税缴费服务的公告',
  '市场监管总局部署开展民生领域案件查办“铁拳”行动',
  '应急管理部发布汛期安全防范提示',
  '全省生态环境保护大会召开',
  '{CITY}召开{YEAR}年全市优化营商环境大会',
  '{PROVSTEM}出台{YEAR}年重点民生实事项目',
  '关于{YEAR}年度政府信息公开工作年度报告的公示',
]

const CAMPAIGNS = ['蓝剑', '清源', '铁拳', '亮剑', '护航', '利剑', '春雷']
const EDITORS = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周婷', '吴昊']
const OPENERS = ['近日', '日前', '今年以来', '{YEAR}年以来', '{MONTH}月{DAY}日', '记者从{SHORT}获悉']
const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

// ---------------------------------------------------------------------------
// Agencies

interface Agency {
  /** Full official name. */
  name: string
  /** The (以下简称…) form used in the rest of the report. */
  short: string
  /** How the place is written in the title, e.g. 浙江富阳. */
  titlePlace: string
  /** Area words for prose: 全区, 全市, 全省. */
  area: string
  /** Document code prefix, e.g. 杭环发. */
  abbr: string
  /** The area whose 直单位 it is ranked among, e.g. 浙江省杭州市富阳区. */
  rankedIn: string
}

function makeAgency(rng: Rng, place: Place, district: string, sector: Sector): Agency {
  const dStem = stemOf(district)
  const districtUnit = district.endsWith('县') ? '县' : district.endsWith('市') ? '市' : '区'
  const shortBody = `${sector.short}${sector.shortSuffix}`
  const abbr = `${place.cityStem.charAt(0)}${sector.short.charAt(0)}发`
  // 直单位 of a district: 浙江省杭州市富阳区直单位.
  const districtPath = `${place.province}${place.city}${district}`
  const form = rng.pick(sector.forms)
  switch (form) {
    case 'branch':
      return {
        name: `${place.city}${sector.body}${sector.suffix}${dStem}分局`,
        short: `${dStem}分局`,
        titlePlace: `${place.provinceStem}${dStem}`,
        area: `全${districtUnit}`,
        abbr,
        rankedIn: districtPath,
      }
    case 'district':
      return {
        name: `${place.city}${district}${sector.body}${sector.suffix}`,
        short: `${district}${shortBody}`,
        titlePlace: `${place.cityStem}${dStem}`,
        area: `全${districtUnit}`,
        abbr: `${dStem.charAt(0)}${sector.short.charAt(0)}发`,
        rankedIn: districtPath,
      }
    case 'city':
      return {
        name: `${place.province}${place.city}${sector.body}${sector.suffix}`,
        short: `市${shortBody}`,
        titlePlace: place.cityStem,
        area: '全市',
        abbr,
        rankedIn: `${place.province}${place.city}市`,
      }
    case 'province':
      return {
        name: `${place.province || place.city}${sector.body}${place.province ? '厅' : sector.suffix}`,
        short: place.province ? `省${sector.short}厅` : `市${shortBody}`,
        titlePlace: place.provinceStem,
        area: place.province ? '全省' : '全市',
        abbr: `${place.provinceStem.charAt(0)}${sector.short.charAt(0)}发`,
        rankedIn: place.province ? `${place.province}省` : `${place.city}市`,
      }
    case 'tax':
      return {
        name: `国家税务总局${place.city}${district}税务局`,
        short: `${district}税务局`,
        titlePlace: `${place.cityStem}${dStem}`,
        area: `全${districtUnit}`,
        abbr: `${place.cityStem.charAt(0)}税发`,
        rankedIn: districtPath,
      }
  }
}

// ---------------------------------------------------------------------------
// Templates

interface Context {
  rng: Rng
  year: number
  comma: string
  open: string
  close: string
  agency: Agency
  place: Place
  sector: Sector
}

function chineseNumber(n: number): string {
  if (n <= 10) return CN_DIGITS[n] ?? String(n)
  if (n < 20) return `十${CN_DIGITS[n - 10] ?? ''}`
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${CN_DIGITS[tens] ?? ''}十${ones ? (CN_DIGITS[ones] ?? '') : ''}`
}

function percent(rng: Rng, lo: number, hi: number): string {
  const value = lo + rng.float() * (hi - lo)
  if (rng.chance(0.06)) return `百分之${chineseNumber(Math.max(1, Math.round(value)))}`
  return `${rng.chance(0.7) ? value.toFixed(1) : Math.round(value)}%`
}

function approx(rng: Rng, lo: number, hi: number): string {
  const n = rng.int(lo, hi)
  const rounded = n >= 1000 ? Math.round(n / 100) * 100 : n >= 100 ? Math.round(n / 10) * 10 : n
  const roll = rng.float()
  if (roll < 0.35) return `${rounded}余`
  if (roll < 0.5) return `约${rounded}`
  if (roll < 0.62) return `超过${rounded}`
  if (roll < 0.7) return `近${rounded}`
  if (roll < 0.76 && n >= 1000) return n.toLocaleString('en-US')
  return String(n)
}

/**
 * Expands placeholders: {N:lo-hi} integer, {A:lo-hi} integer with 余/约/超过,
 * {P} percent, {PHIGH} a rate near the top, {P100} 100%, {PP} 个百分点,
 * {W} an amount in 万, {YI} an amount in 亿, {RANK} 第N, plus words from the context.
 */
function fill(template: string, ctx: Context): string {
  const {rng} = ctx
  return template.replace(/\{([A-Z0-9]+)(?::(\d+)-(\d+))?\}/g, (whole, name: string, lo?: string, hi?: string) => {
    const low = Number(lo ?? 0)
    const high = Number(hi ?? 0)
    switch (name) {
      case 'N':
        return String(rng.int(low, high))
      case 'A':
        return approx(rng, low, high)
      case 'P':
        return percent(rng, 1, 40)
      case 'PHIGH':
        return percent(rng, 80, 99.9)
      case 'P100':
        return '100%'
      case 'PP':
        return `${rng.chance(0.6) ? (0.2 + rng.float() * 9).toFixed(1) : rng.int(1, 12)}个百分点`
      case 'W':
        return rng.chance(0.5) ? String(rng.int(20, 9000)) : (10 + rng.float() * 5000).toFixed(rng.chance(0.5) ? 1 : 2)
      case 'YI':
        return rng.chance(0.5) ? String(rng.int(2, 300)) : (1 + rng.float() * 200).toFixed(rng.chance(0.6) ? 1 : 2)
      case 'RANK': {
        const r = rng.int(1, 9)
        return rng.chance(0.7) ? chineseNumber(r) : String(r)
      }
      case 'C':
        return ctx.comma
      case 'YEAR':
        return String(ctx.year)
      case 'PREVYEAR':
        return String(ctx.year - rng.int(1, 4))
      case 'MONTH':
        return String(rng.int(2, 11))
      case 'DAY':
        return String(rng.int(1, 28))
      case 'SHORT':
        return ctx.agency.short
      case 'TOPIC':
        return rng.pick(ctx.sector.topics)
      case 'CAMPAIGN':
        return rng.pick(CAMPAIGNS)
      case 'AREA':
        return ctx.agency.area
      case 'LEVEL':
        return ctx.agency.area.slice(1)
      case 'ABBR':
        return ctx.agency.abbr
      case 'CITY':
        return ctx.place.city
      case 'PROVSTEM':
        return ctx.place.provinceStem
      default:
        return whole
    }
  })
}

// ---------------------------------------------------------------------------
// Paragraphs

/** Share of clauses with no figure, which brings the corpus's figure density close to the seed's. */
const NARRATIVE_SHARE = 0.83

/** A clause from the narrative ones, the sector's figures, the generic ones or the traps, not one of `used`. */
function sentence(ctx: Context, used: Set<string>): string {
  const {rng} = ctx
  let template = ''
  for (let attempt = 0; attempt < 6; attempt++) {
    const roll = rng.float()
    template = rng.pick(
      roll < NARRATIVE_SHARE
        ? NARRATIVE
        : roll < 0.9
          ? ctx.sector.figures
          : roll < 0.96
            ? GENERIC_FIGURES
            : TRAPS,
    )
    if (!used.has(template)) break
  }
  used.add(template)
  return fill(template, ctx)
}

function subject(ctx: Context): string {
  const {rng, agency} = ctx
  return rng.pick([agency.short, agency.short, agency.short, `${agency.short}还`, '该局', '全局上下'])
}

/** One body paragraph of 4–8 clauses ending in 。, about 80–300 characters (the seed's run 85–257, 160 on average). */
function paragraph(ctx: Context): string {
  const {rng, comma} = ctx
  const parts: string[] = []
  if (rng.chance(0.45)) parts.push(`${rng.pick(CONNECTIVES)}${comma}`)
  parts.push(`${subject(ctx)}${rng.pick(['坚持', '围绕', '聚焦', '紧扣'])}${fill('{TOPIC}', ctx)}${comma}`)
  const clauses = rng.int(4, 8)
  const used = new Set<string>()
  for (let i = 0; i < clauses; i++) {
    parts.push(sentence(ctx, used))
    parts.push(i === clauses - 1 ? '。' : rng.chance(0.3) ? '；' : comma)
  }
  if (rng.chance(0.3)) {
    parts.push(`连续两年获得“${rng.pick(ctx.sector.honors)}”称号。`)
  }
  return parts.join('')
}

function lead(ctx: Context): string {
  const {rng, comma, agency, open, close} = ctx
  const opener = fill(rng.pick(OPENERS), ctx)
  const intro = `${agency.name}${open}以下简称${agency.short}${close}`
  const body = rng.pick([
    `在${ctx.year - 1}年度${agency.rankedIn}直单位综合考核排名中${comma}${intro}首次跨入优秀行列。`,
    `${intro}${fill('召开{YEAR}年度{TOPIC}工作推进会', ctx)}${comma}总结成绩、部署任务。`,
    `${intro}${fill('深入推进{TOPIC}', ctx)}${comma}${fill(rng.pick(ctx.sector.figures), ctx)}。`,
    `${intro}${fill('聚焦{TOPIC}', ctx)}${comma}多措并举${comma}${fill(rng.pick(ctx.sector.figures), ctx)}${comma}各项工作取得明显成效。`,
  ])
  return `${opener}${comma}${body}`
}

function title(ctx: Context): string {
  const {rng, agency, sector} = ctx
  const candidates = [
    `${agency.titlePlace}${sector.short}部门${rng.pick(ACHIEVEMENTS)}`,
    `${agency.short}多措并举推进${rng.pick(sector.topics)}`,
    `${agency.titlePlace}：${rng.pick(sector.topics)}取得实效`,
    `${agency.short}召开${ctx.year}年度${rng.pick(sector.topics)}工作会议`,
    `${ctx.year}年${agency.titlePlace}${sector.short}工作综述`,
    `${agency.name}${rng.pick(ACHIEVEMENTS)}`,
  ]
  const fitting = candidates.filter((t) => t.length <= 60)
  return rng.pick(fitting.length > 0 ? fitting : [`${agency.short}${rng.pick(ACHIEVEMENTS)}`])
}

// ---------------------------------------------------------------------------
// Reports

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8')

/**
 * Report `index` of the corpus with `seed`: deterministic, 4–8 KB of UTF-8,
 * lines separated by \n.
 */
export function generateReport(index: number, seed: number = DEFAULT_SEED): string {
  const rng = new Rng(mixSeed(seed, index))
  const place = rng.pick(PLACES)
  const district = rng.pick(place.districts)
  const sector = rng.pick(SECTORS)
  const agency = makeAgency(rng, place, district, sector)
  const halfWidth = rng.chance(0.5)
  const ctx: Context = {
    rng,
    year: rng.int(2018, 2024),
    comma: halfWidth ? ',' : '，',
    open: rng.chance(0.5) ? '(' : '（',
    close: '',
    agency,
    place,
    sector,
  }
  ctx.close = ctx.open === '(' ? ')' : '）'

  const target = rng.int(4000, 7600)
  const head: string[] = []
  const body: string[] = []
  let bytes = 0
  const add = (line: string): void => {
    body.push(line)
    bytes += byteLength(line) + 1
  }

  const reportTitle = title(ctx)
  const leadText = lead(ctx)
  const layout = rng.float()
  add(leadText)
  const first = paragraph(ctx)
  add(first)

  if (layout < 0.4) {
    // Scrape with banners and a title repeated with a truncated lead, like the seed.
    const banners = rng.int(0, 2)
    for (const banner of rng.sample(BANNERS, banners)) head.push(fill(banner, ctx))
    head.push(reportTitle)
    head.push(`${reportTitle}${`${leadText}${first}`.slice(0, rng.int(30, 90))}`)
    while (bytes < target) {
      add(fill(rng.pick(PLAIN_HEADINGS), ctx))
      for (let i = rng.int(2, 5); i > 0 && bytes < target; i--) add(paragraph(ctx))
    }
  } else if (layout < 0.75) {
    // Plain title, a 来源 line, enumerated sections with (run-in) subsections.
    head.push(reportTitle)
    if (rng.chance(0.7)) {
      const mm = String(rng.int(1, 12)).padStart(2, '0')
      const dd = String(rng.int(1, 28)).padStart(2, '0')
      head.push(`来源：${agency.name}  发布时间：${ctx.year}-${mm}-${dd}  浏览次数：${rng.int(10, 9999)}`)
    }
    const sections = rng.sample(SECTION_HEADINGS, SECTION_HEADINGS.length)
    for (let s = 0; bytes < target; s++) {
      add(`${chineseNumber(s + 1)}、${fill(sections[s % sections.length] ?? '强化责任落实', ctx)}`)
      const subs = rng.chance(0.5) ? [] : rng.sample(SUBSECTION_HEADINGS, rng.int(1, 2))
      if (subs.length === 0) for (let i = rng.int(2, 4); i > 0 && bytes < target; i--) add(paragraph(ctx))
      subs.forEach((sub, k) => {
        const marker = `（${chineseNumber(k + 1)}）`
        if (rng.chance(0.4)) add(`${marker}${sub}。${paragraph(ctx)}`)
        else {
          add(`${marker}${sub}`)
          add(paragraph(ctx))
        }
        if (rng.chance(0.5)) add(paragraph(ctx))
      })
    }
    if (rng.chance(0.5)) add(rng.chance(0.5) ? '【字体：大 中 小】【打印】【关闭】' : `责任编辑：${rng.pick(EDITORS)}`)
  } else {
    // Plain title, paragraphs with a few short headings.
    head.push(reportTitle)
    while (bytes < target) {
      if (rng.chance(0.15)) add(fill(rng.pick(PLAIN_HEADINGS), ctx))
      add(paragraph(ctx))
    }
    if (rng.chance(0.3)) add(`责任编辑：${rng.pick(EDITORS)}`)
  }
  return `${[...head, ...body].join('\n')}\n`
}
