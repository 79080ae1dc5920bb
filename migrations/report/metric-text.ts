import {numbersIn} from './numerals'

/**
 * Whether a metric's source wording states its value, e.g. 500余人次 states
 * 500, 百分之二十 states 20, 排名第三 states 3 and 三分之一 states 0.333….
 * A value with two or more decimals may also be a stated number rounded to
 * its own places, as an editor types a share: 0.3333 for 三分之一. Used by
 * the Studio's validation.
 */
export function textStatesValue(text: string, value: number): boolean {
  const stated = numbersIn(text)
  if (stated.includes(value)) return true
  const places = decimalPlaces(value)
  return places >= 2 && stated.some((n) => Number(n.toFixed(places)) === value)
}

function decimalPlaces(value: number): number {
  const written = String(value)
  const point = written.indexOf('.')
  return point < 0 || written.includes('e') ? 0 : written.length - point - 1
}
