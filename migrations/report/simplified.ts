/**
 * A simplified-character view of traditional text, the same length as the
 * text, so positions found in the view hold in the text. Agencies, regions and
 * metric labels are matched against word lists written in simplified
 * characters; what they keep is always sliced from the text as written.
 */

/**
 * Pairs of traditional and simplified characters that occur in agency and place names, and in the words
 * metric labels are cut at (實現, 參加, 減少…; checked against OpenCC's cn→tw table). Only characters that
 * simplified text hardly uses: mapping 乾 would turn the simplified county 乾安县 into 干安县.
 */
const T2S_PAIRS =
  '臺台 灣湾 縣县 區区 鎮镇 鄉乡 廳厅 會会 員员 辦办 隊队 處处 總总 檢检 監监 衛卫 環环 護护 態态 務务 ' +
  '稅税 財财 審审 計计 統统 門门 關关 廣广 東东 遼辽 寧宁 龍龙 蘇苏 陝陕 雲云 貴贵 慶庆 漢汉 內内 爾尔 ' +
  '維维 肅肃 場场 質质 術术 藥药 農农 業业 資资 劃划 規规 設设 輸输 運运 郵邮 電电 視视 醫医 療疗 險险 ' +
  '軍军 應应 災灾 發发 經经 濟济 訊讯 產产 權权 檔档 體体 僑侨 華华 國国 際际 機机 構构 專专 賣卖 糧粮 ' +
  '儲储 備备 氣气 漁渔 礦矿 類类 學学 勞劳 動动 觀观 輔辅 導导 傳传 聞闻 書书 館馆 圖图 營营 畫画 長长 ' +
  '議议 選选 舉举 紀纪 黨党 組组 織织 戰战 線线 聯联 眾众 衆众 團团 婦妇 殘残 協协 歸归 頭头 車车 鐵铁 ' +
  '陸陆 倉仓 庫库 廠厂 開开 廈厦 蘭兰 齊齐 島岛 陽阳 鄭郑 楊杨 嶺岭 寶宝 鳳凤 興兴 滬沪 瀋沈 黃黄 萬万 ' +
  '與与 對对 為为 從从 於于 這这 個个 來来 將将 當当 並并 進进 過过 還还 後后 裡里 裏里 預预 測测 驗验 ' +
  '報报 紙纸 廢废 綠绿 偵侦 調调 點点 執执 範范 圍围 鄰邻 轄辖 屬属 邏逻 濱滨 灘滩 橋桥 湯汤 號号 稱称 ' +
  '簡简 準准 優优 壽寿 陰阴 臨临 豐丰 蒼苍 鶴鹤 雞鸡 雙双 鴨鸭 瀘泸 綿绵 貢贡 閩闽 贛赣 嶽岳 靈灵 韓韩 ' +
  '壩坝 烏乌 魯鲁 薩萨 蓮莲 莊庄 張张 潛潜 陳陈 劉刘 盧卢 錦锦 紹绍 麗丽 溫温 義义 滄沧 橫横 樂乐 強强 ' +
  '馬马 銅铜 綜综 研研 險险 廣广 築筑 屆届 貨货 幣币 銀银 證证 保保 險险 鹽盐 織织 辦办 監监 執执 養养 ' +
  '慮虑 衛卫 號号 廬庐 鄒邹 滸浒 滿满 嘯啸 濰潍 棗枣 萊莱 蕪芜 蚌蚌 淮淮 亞亚 鏈链 節节 約约 資资 氫氢 ' +
  '蕭萧 餘余 靜静 閔闵 匯汇 樓楼 遊游 ' +
  '獲获 億亿 時时 鍾钟 熱热 間间 斷断 堅坚 躍跃 晉晋 幾几 數数 歷历 決决 賽赛 榮荣 奪夺 編编 減减 汙污 ' +
  '達达 趕赶 漲涨 擴扩 縮缩 壓压 緩缓 負负 參参 實实 評评 現现 納纳 別别 幫帮 蓋盖 籤签 訂订 沒没 結结 ' +
  '連连 續续 繼继 順顺 積积 極极 紛纷 贈赠 補补 贊赞 認认 給给 訪访 問问 閉闭 締缔 聽听 徵征 採采 裝装 ' +
  '種种 擁拥 帶带 撥拨 籌筹 爭争 訓训 繳缴 談谈 訴诉 毀毁 欄栏 穩稳 較较 許许 緣缘 佔占'

/** Code-unit lookup table: 0 means "keep". A table beats a regex with a big class on every report. */
const T2S = new Uint16Array(0x10000)
for (const pair of T2S_PAIRS.split(' ')) {
  const t = pair.charCodeAt(0)
  const s = pair.charCodeAt(1)
  if (pair.length === 2 && t !== s) T2S[t] = s
}

/** Same-length simplified view of `text`; only mapped characters change. */
export function simplifiedShadow(text: string): string {
  let i = 0
  while (i < text.length && T2S[text.charCodeAt(i)] === 0) i++
  if (i === text.length) return text
  const codes: number[] = []
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j)
    codes.push(T2S[c] || c)
  }
  let out = ''
  // Chunked so very long paragraphs stay under the argument limit.
  for (let j = 0; j < codes.length; j += 4096) out += String.fromCharCode(...codes.slice(j, j + 4096))
  return out
}
