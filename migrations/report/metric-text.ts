/**
 * Whether a metric's source wording states its value, e.g. 500余人次 states
 * 500 and 排名第三 states 3. Used by the Studio's validation.
 */
export function textStatesValue(text: string, value: number): boolean {
  const normalised = text.normalize('NFKC').replace(/(\d)[,，](?=\d{3})/g, '$1')
  for (const match of normalised.matchAll(/\d+(?:\.\d+)?/g)) {
    if (Number(match[0]) === value) return true
  }
  return false
}
