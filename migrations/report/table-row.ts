/**
 * A flattened table row: three or more cells, two of them numbers or an empty cell's dash, one at least a
 * number (项目 2022年 2023年 增长, 固定资产投资 亿元 — -3.2); 表 1 主要指标 is a caption. A sentence copied from a
 * PDF with spaced numbers (2023 年，全县… 612 亿元) has punctuation no row has.
 */
export function isTableRow(t: string): boolean {
  if (!hasGap(t) || SENTENCE_MARKS.test(t)) return false
  const cells = t.split(/\s+/)
  if (cells.length < 3) return false
  let numbers = 0
  let dashes = 0
  for (const cell of cells) {
    if (NUMBER_CELL.test(cell)) numbers++
    else if (EMPTY_CELL.test(cell)) dashes++
  }
  return numbers >= 1 && numbers + dashes >= 2
}
/** Prose has no gaps between cells: most lines skip the split. */
function hasGap(t: string): boolean {
  return t.indexOf(' ') >= 0 || t.indexOf('\t') >= 0 || t.indexOf('\u3000') >= 0
}
const NUMBER_CELL = /^[-－−+]?[0-9０-９.,．%％年]+$/
/** A dash standing for an empty cell. */
const EMPTY_CELL = /^[—–-]{1,2}$/
const SENTENCE_MARKS = /[，。；！？]/

/**
 * A table's header row: three or more short cells apart, one of them a column
 * word (指标 单位 绝对值 增长). Parallel-phrase headings (党建引领 聚力攻坚 再创佳绩)
 * are spaced the same way but name no column.
 */
export function isTableHeader(t: string): boolean {
  if (!hasGap(t)) return false
  const cells = t.split(/\s+/)
  return cells.length >= 3 && cells.every((c) => c.length <= 8) && cells.some((c) => COLUMN_WORDS.has(c.replace(/[（(].*$/, '')))
}
const COLUMN_WORDS = new Set([
  '指标', '指标名称', '项目', '单位', '计量单位', '名称', '序号', '绝对值', '数值', '增长', '增速', '增幅', '同比', '同比增长',
  '比重', '占比', '合计', '数量', '金额', '备注', '类别', '地区', '本月', '累计', '上年同期', '比上年增长', '比上年增减',
])
