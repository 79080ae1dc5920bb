import {numbersIn} from './numerals'

/**
 * Whether a metric's source wording states its value, e.g. 500余人次 states
 * 500, 百分之二十 states 20 and 排名第三 states 3. Used by the Studio's
 * validation.
 */
export function textStatesValue(text: string, value: number): boolean {
  return numbersIn(text).includes(value)
}
