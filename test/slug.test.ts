import fc from 'fast-check'
import {pinyin} from 'pinyin-pro'
import {describe, expect, it} from 'vitest'
import {MAX_SLUG_LENGTH, slugOfWords, slugify} from '../migrations/report/slug'

/** The slug spelled the plain way: pinyin-pro's own toneless, ü-as-v output, joined and split. */
function referenceSlug(input: string, maxLength = MAX_SLUG_LENGTH): string {
  const words = pinyin(input.normalize('NFKC'), {toneType: 'none', type: 'array', nonZh: 'consecutive', v: true})
    .join(' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  return slugOfWords(words, maxLength)
}

describe('slugify', () => {
  it('spells Chinese as toneless pinyin, polyphones by their word', () => {
    expect(slugify('浙江富阳生态环境部门考核首次跨入优秀')).toBe('zhe-jiang-fu-yang-sheng-tai-huan-jing-bu-men-kao-he-shou-ci-kua-ru-you-xiu')
    expect(slugify('银行行长')).toBe('yin-hang-hang-zhang')
    expect(slugify('重庆市绿色发展')).toBe('chong-qing-shi-lv-se-fa-zhan')
  })

  it('keeps ASCII letters and digits, folds full-width forms, and separates at everything else', () => {
    expect(slugify('ＰＭ２.５浓度下降20%')).toBe('pm2-5-nong-du-xia-jiang-20')
    expect(slugify('Café “5G+” 应用')).toBe('caf-5g-ying-yong')
    expect(slugify('  ——  ')).toBe('')
  })

  it('cuts long titles at a word boundary within the limit', () => {
    const slug = slugify('关于进一步加强和改进新形势下生态环境保护督察工作推动经济社会发展全面绿色转型的实施意见')
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH)
    expect(slug.endsWith('-')).toBe(false)
    expect(slugify('x'.repeat(200))).toBe('x'.repeat(MAX_SLUG_LENGTH))
  })

  it('equals the plain pinyin-pro composition on any text (property)', () => {
    const cjk = fc.integer({min: 0x4e00, max: 0x9fff}).map((c) => String.fromCharCode(c))
    const other = fc.constantFrom(
      ...'aZé üǖǘêếǹḿ-1１Ａ〇，。：、“”…ΣσİK\u0304\u0300 '.split(''),
      '𠀀',
      '𪚥',
      'n\u0304',
      'ê\u030c',
    )
    fc.assert(
      fc.property(fc.array(fc.oneof(cjk, cjk, other), {maxLength: 40}), fc.integer({min: 1, max: 120}), (chars, max) => {
        const text = chars.join('')
        expect(slugify(text, max)).toBe(referenceSlug(text, max))
      }),
      {numRuns: 3000},
    )
  })
})
