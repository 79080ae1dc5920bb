import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {DEFAULT_MAX_BYTES, decodeReport, formatSize} from '../migrations/report/decode'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))
const utf16le = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'))
const utf16be = (s: string): Uint8Array => {
  const le = utf16le(s)
  const be = new Uint8Array(le.length)
  for (let i = 0; i + 1 < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0]
  return be
}

const SAMPLE = '浙江富阳生态环境部门考核首次跨入优秀\n近日，富阳分局首次跨入优秀行列。'

describe('decodeReport', () => {
  it('decodes plain UTF-8', () => {
    expect(decodeReport(utf8(SAMPLE))).toEqual({ok: true, text: SAMPLE, encoding: 'utf-8'})
  })

  it('strips a UTF-8 BOM and reports it', () => {
    expect(decodeReport(concat([0xef, 0xbb, 0xbf], utf8(SAMPLE)))).toEqual({ok: true, text: SAMPLE, encoding: 'utf-8-bom'})
  })

  it('decodes UTF-16 LE and BE with a BOM', () => {
    expect(decodeReport(concat([0xff, 0xfe], utf16le(SAMPLE)))).toEqual({ok: true, text: SAMPLE, encoding: 'utf-16le'})
    expect(decodeReport(concat([0xfe, 0xff], utf16be(SAMPLE)))).toEqual({ok: true, text: SAMPLE, encoding: 'utf-16be'})
  })

  it('rejects UTF-16 with a dangling byte', () => {
    expect(decodeReport(concat([0xff, 0xfe], utf16le(SAMPLE), [0x41]))).toEqual({ok: false, reason: 'invalid utf-16le text'})
  })

  it('falls back to GB18030 for the GBK sample', () => {
    const bytes = readFileSync(new URL('../examples/gbk/wucheng-agriculture.txt', import.meta.url))
    const result = decodeReport(bytes)
    expect(result.ok && result.encoding).toBe('gb18030')
    if (!result.ok) return
    expect(result.text.startsWith('婺城区农业农村局多措并举推动粮食生产稳面积提单产\n')).toBe(true)
    expect(result.text).toContain('（以下简称区农业农村局）')
    expect(result.text).toContain('金农〔2023〕7号')
    expect(result.text).not.toContain('\ufffd')
  })

  it('keeps valid UTF-8 as UTF-8 even when it would also decode as GB18030', () => {
    const result = decodeReport(utf8('中文'))
    expect(result.ok && result.encoding).toBe('utf-8')
  })

  it('rejects NUL bytes outside UTF-16', () => {
    expect(decodeReport(concat(utf8('标题'), [0, 0x41]))).toEqual({ok: false, reason: 'binary file (NUL bytes)'})
  })

  it.each([
    ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]],
    ['JPEG image', [0xff, 0xd8, 0xff, 0xe0, 0x10]],
    ['GIF image', [...utf8('GIF89a'), 0x01]],
    ['PDF document', [...utf8('%PDF-1.7\n标题')]],
    ['ZIP archive', [0x50, 0x4b, 0x03, 0x04, 0x14]],
  ])('rejects a %s by its magic number', (name, bytes) => {
    expect(decodeReport(Uint8Array.from(bytes))).toEqual({ok: false, reason: `binary file (${name})`})
  })

  it('rejects bytes that are neither UTF-8 nor GB18030', () => {
    const result = decodeReport(new Uint8Array(64).fill(0xff))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(/^not text/)
  })

  it.each([
    ['nothing', new Uint8Array(0)],
    ['whitespace', utf8(' \n\t\u3000\r\n  ')],
    ['a BOM only', Uint8Array.from([0xef, 0xbb, 0xbf])],
    ['UTF-16 spaces', concat([0xff, 0xfe], utf16le('  \n'))],
  ])('rejects an empty file: %s', (_name, bytes) => {
    expect(decodeReport(bytes)).toEqual({ok: false, reason: 'empty file'})
  })

  it('rejects files over the size limit, 5 MB by default', () => {
    expect(DEFAULT_MAX_BYTES).toBe(5 * 1024 * 1024)
    const big = new Uint8Array(Math.round(12.3 * 1024 * 1024)).fill(0x41)
    expect(decodeReport(big)).toEqual({ok: false, reason: 'file is 12.3 MB, over the 5 MB limit'})
    expect(decodeReport(utf8('a'.repeat(101)), {maxBytes: 100})).toEqual({ok: false, reason: 'file is 101 B, over the 100 B limit'})
    expect(decodeReport(utf8('a'.repeat(100)), {maxBytes: 100}).ok).toBe(true)
  })

  it('never prints a size equal to the limit it exceeds', () => {
    const result = decodeReport(new Uint8Array(DEFAULT_MAX_BYTES + 1).fill(0x41))
    expect(result).toEqual({ok: false, reason: `file is ${DEFAULT_MAX_BYTES + 1} bytes, over the ${DEFAULT_MAX_BYTES}-byte limit`})
  })

  it('formats sizes without a trailing .0', () => {
    expect([formatSize(12), formatSize(2048), formatSize(1536), formatSize(5 * 1024 * 1024)]).toEqual(['12 B', '2 KB', '1.5 KB', '5 MB'])
  })

  it('returns text or a one-line lowercase reason for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 200}), (bytes) => {
        const result = decodeReport(bytes)
        if (result.ok) {
          expect(result.text.trim()).not.toBe('')
          expect(result.text).not.toContain('\u0000')
        } else {
          expect(result.reason).toMatch(/^[a-z][^\n]*$/)
        }
      }),
    )
  })

  it('round-trips any UTF-8 text that is not blank', () => {
    fc.assert(
      fc.property(fc.string({unit: 'grapheme', minLength: 1}), (s) => {
        fc.pre(s.trim() !== '' && !s.includes('\u0000') && !s.startsWith('\ufeff') && !/^(?:GIF8|%PDF-)/.test(s))
        expect(decodeReport(utf8(s))).toEqual({ok: true, text: s, encoding: 'utf-8'})
      }),
    )
  })
})
