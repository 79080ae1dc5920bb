import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {isInvalidRun, numbersIn, parseNumber, scaleValue, scanArabic, scanChinese} from '../migrations/report/numerals'

describe('parseNumber', () => {
  it.each([
    ['1270', 1270],
    ['1,270', 1270],
    ['1，270', 1270],
    ['12,345,678', 12345678],
    ['92.3', 92.3],
    ['0.5', 0.5],
    ['１２３', 123],
    ['１，２７０', 1270],
    ['３.５', 3.5],
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['一十二', 12],
    ['一百二十三', 123],
    ['一百零五', 105],
    ['两千零五', 2005],
    ['一千零十', 1010],
    ['三万五千', 35000],
    ['十万', 100000],
    ['一百二十万', 1200000],
    ['三亿五千万', 350000000],
    ['一亿零五百万', 105000000],
    ['两万', 20000],
    ['廿', 20],
    ['卅', 30],
    ['廿五', 25],
    ['零', 0],
    ['三点五', 3.5],
    ['三点零五', 3.05],
    ['三点五万', 35000],
    ['一百二', 120],
    ['三千五', 3500],
    ['一万二', 12000],
    ['百分之二十', 20],
    ['百分之三点五', 3.5],
    ['百分之百', 100],
    ['百分之20', 20],
    ['萬', 10000],
    ['兩千', 2000],
    ['三萬五千', 35000],
  ])('%s → %d', (text, value) => {
    expect(parseNumber(text)).toBe(value)
  })

  it.each([
    '',
    '十三五', // an enumeration, not 135
    '二〇一九', // a year written digit by digit
    '二零一九',
    '三四十', // "thirty or forty"
    '一二',
    '十十',
    '三十百',
    '零零',
    '一千零',
    '1,2700',
    '1234,567',
    '1,,270',
    '三点',
    'PM2.5',
    '百分之',
    '百分之百分之五',
    '12字',
  ])('%s is not one number', (text) => {
    expect(parseNumber(text)).toBeUndefined()
  })
})

describe('scanners', () => {
  it('stop where the number stops', () => {
    expect(scanArabic('共1,270件', 1)).toEqual({value: 1270, start: 1, end: 6})
    expect(scanArabic('8,16', 0)).toEqual({value: 8, start: 0, end: 1}) // a list, not 8,16x
    expect(scanArabic('1.5亿元', 0)).toEqual({value: 1.5, start: 0, end: 3})
    expect(scanArabic('3.', 0)).toEqual({value: 3, start: 0, end: 1}) // list numbering
    expect(scanArabic('一', 0)).toBeUndefined()
  })

  it('reports ill-formed Chinese runs whole so callers skip them', () => {
    const run = scanChinese('十三五期间', 0)
    expect(isInvalidRun(run)).toBe(true)
    expect(run?.end).toBe(3)
    expect(scanChinese('三点钟', 0)).toEqual({value: 3, start: 0, end: 1})
    expect(scanChinese('abc', 0)).toBeUndefined()
  })

  it('scales without binary noise', () => {
    expect(scaleValue(1.2, 4)).toBe(12000)
    expect(scaleValue(2066, 4)).toBe(20660000)
    expect(scaleValue(0.1, 8)).toBe(10000000)
    expect(scaleValue(3.5, 4)).toBe(35000)
  })

  it('gives what shifting the decimal string gives, for any value (property)', () => {
    // The definition: shift the written decimal, or multiply where the string has an exponent of its own.
    const reference = (value: number, exponent: number): number => {
      const exact = Number(`${value}e${exponent}`)
      return Number.isFinite(exact) ? exact : value * 10 ** exponent
    }
    const exponents = fc.constantFrom(3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
    const values = fc.oneof(fc.integer({min: 0, max: 2 ** 40}), fc.double({min: 0, max: 1e6, noNaN: true}))
    fc.assert(fc.property(values, exponents, (value, exponent) => Object.is(scaleValue(value, exponent), reference(value, exponent))), {numRuns: 2000})
  })
})

describe('numbersIn', () => {
  it('finds Arabic and Chinese numbers', () => {
    expect(numbersIn('排名第三')).toEqual([3])
    expect(numbersIn('2066万元')).toContain(2066)
    expect(numbersIn('两千余人次')).toEqual([2000])
    expect(numbersIn('不足百分之五')).toEqual([5])
    expect(numbersIn('三万户')).toContain(3)
    expect(numbersIn('1，270件')).toEqual([1270])
    expect(numbersIn('优秀')).toEqual([])
  })

  it('finds both parts of a fraction and the share it states', () => {
    expect(numbersIn('近三分之一')).toEqual([3, 1, 1 / 3])
    expect(numbersIn('千分之三')).toEqual([1000, 3, 0.003])
    expect(numbersIn('4分之3以上')).toEqual([4, 3, 0.75])
  })
})

// A reference formatter for the property tests: the standard written form with 零 gaps.
const CN_DIGITS = '零一二三四五六七八九'
function section(n: number): string {
  let out = ''
  let gap = false
  for (const [unit, name] of [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ] as const) {
    const d = Math.floor(n / unit) % 10
    if (d === 0) {
      if (out) gap = true
      continue
    }
    if (gap) out += '零'
    gap = false
    out += CN_DIGITS[d] + name
  }
  return out
}
function toChinese(n: number): string {
  if (n === 0) return '零'
  if (n >= 1e8) {
    const rest = n % 1e8
    return `${toChinese(Math.floor(n / 1e8))}亿${rest === 0 ? '' : (rest < 1e7 ? '零' : '') + toChinese(rest)}`
  }
  if (n >= 1e4) {
    const rest = n % 1e4
    return `${section(Math.floor(n / 1e4))}万${rest === 0 ? '' : (rest < 1000 ? '零' : '') + section(rest)}`
  }
  return section(n)
}
const toFullWidth = (text: string): string =>
  text.replace(/[0-9.,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

describe('properties', () => {
  it('reads back every Chinese numeral it is given', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 999_999_999_999}), (n) => {
        expect(parseNumber(toChinese(n))).toBe(n)
      }),
      {numRuns: 2000},
    )
  })

  it('reads 十二 as well as 一十二', () => {
    fc.assert(
      fc.property(fc.integer({min: 10, max: 19}), (n) => {
        expect(parseNumber(toChinese(n).replace(/^一十/, '十'))).toBe(n)
      }),
    )
  })

  it('reads back Arabic numbers with separators, decimals and full-width digits', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 0, max: 9_999_999_999}),
        fc.option(fc.integer({min: 0, max: 9999}), {nil: undefined}),
        fc.constantFrom(',', '，', ''),
        fc.boolean(),
        (int, frac, separator, fullWidth) => {
          const grouped = int.toLocaleString('en-US').replaceAll(',', separator)
          const text = frac === undefined ? grouped : `${grouped}.${String(frac).padStart(4, '0')}`
          const expected = Number(frac === undefined ? String(int) : `${int}.${String(frac).padStart(4, '0')}`)
          expect(parseNumber(fullWidth ? toFullWidth(text) : text)).toBe(expected)
        },
      ),
      {numRuns: 1000},
    )
  })

  it('never throws and returns finite numbers on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({unit: fc.constantFrom(...'0123456789,.，．一二两三十百千万亿零〇点廿卅分之第a ')}),
        (text) => {
          const n = parseNumber(text)
          if (n !== undefined) expect(Number.isFinite(n)).toBe(true)
          for (const m of numbersIn(text)) expect(Number.isFinite(m)).toBe(true)
        },
      ),
      {numRuns: 2000},
    )
  })
})
