/** A flattened table row: three or more cells, two of them numbers (项目 2022年 2023年 增长); 表 1 主要指标 is a caption. */
export function isTableRow(t: string): boolean {
  // Prose has no gaps between cells: most lines skip the split.
  if (t.indexOf(' ') < 0 && t.indexOf('\t') < 0 && t.indexOf('\u3000') < 0) return false
  const cells = t.split(/\s+/)
  return cells.length >= 3 && cells.filter((c) => NUMERIC_CELL.test(c)).length >= 2
}
const NUMERIC_CELL = /^[0-9０-９.,．%％年]+$/
