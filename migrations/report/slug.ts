import {pinyin} from 'pinyin-pro'

/** Sanity's own limit for slugs we generate; long titles are cut at a word boundary. */
export const MAX_SLUG_LENGTH = 96

/**
 * Lowercase ASCII slug: Chinese characters become toneless pinyin syllables,
 * ASCII letters and digits are kept, everything else separates words.
 * Used by the Studio's slug fields and by the importer, so both agree.
 */
export function slugify(input: string, maxLength = MAX_SLUG_LENGTH): string {
  const text = nfkc(input)
  // Toned syllables: pinyin-pro's toneType 'none' strips marks with nine regex replacements per syllable.
  const items = pinyin(text, {type: 'array', nonZh: 'consecutive'})
  const words: string[] = []
  let at = 0
  for (const item of items) {
    // A run of other characters comes back as written; a Chinese character as its syllable.
    if (item !== '' && text.startsWith(item, at)) {
      at += item.length
      pushWords(words, item.toLowerCase())
    } else {
      const code = text.charCodeAt(at)
      at += code >= 0xd800 && code <= 0xdbff ? 2 : 1
      for (const word of syllableWords(item)) words.push(word)
    }
  }
  return slugOfWords(words, maxLength)
}

/** Words joined by '-', as many as fit in `maxLength`; a single longer word is cut instead. */
export function slugOfWords(words: readonly string[], maxLength: number): string {
  let slug = ''
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word
    if (next.length > maxLength) break
    slug = next
  }
  // A single word longer than the limit still yields a usable slug.
  return slug || words.join('-').slice(0, maxLength)
}

/** Characters NFKC leaves as they are, checked first so most titles skip normalisation. */
const NFKC_STABLE = new Uint8Array(0x10000)
NFKC_STABLE.fill(1, 0x20, 0x7f)
NFKC_STABLE.fill(1, 0x4e00, 0xa000)
for (const c of '、。〈〉《》「」『』【】〔〕“”‘’—') NFKC_STABLE[c.charCodeAt(0)] = 1

function nfkc(text: string): string {
  for (let i = 0; i < text.length; i++) if (NFKC_STABLE[text.charCodeAt(i)] !== 1) return text.normalize('NFKC')
  return text
}

/** The words [a-z0-9]+ of `text`, appended to `words`. */
function pushWords(words: string[], text: string): void {
  let start = -1
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0
    const wordChar = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)
    if (wordChar && start < 0) start = i
    else if (!wordChar && start >= 0) {
      words.push(text.slice(start, i))
      start = -1
    }
  }
}

/** pinyin-pro's own toneless spelling (its toneType 'none'), with ü written v. */
const TONE_MARKS: ReadonlyArray<[RegExp, string]> = [
  [/ā|á|ǎ|à/g, 'a'],
  [/ō|ó|ǒ|ò/g, 'o'],
  [/ē|é|ě|è/g, 'e'],
  [/ī|í|ǐ|ì/g, 'i'],
  [/ū|ú|ǔ|ù/g, 'u'],
  [/ǖ|ǘ|ǚ|ǜ/g, 'ü'],
  [/n̄|ń|ň|ǹ/g, 'n'],
  [/m̄|ḿ|m̌|m̀/g, 'm'],
  [/ê̄|ế|ê̌|ề/g, 'ê'],
]
/** Toned syllable → its slug words; the dictionary has a few thousand syllables at most. */
const wordsOfSyllable = new Map<string, readonly string[]>()

function syllableWords(syllable: string): readonly string[] {
  let words = wordsOfSyllable.get(syllable)
  if (words === undefined) {
    let plain = syllable
    for (const [mark, letter] of TONE_MARKS) plain = plain.replace(mark, letter)
    const list: string[] = []
    pushWords(list, plain.replace(/ü/g, 'v').toLowerCase())
    words = list
    wordsOfSyllable.set(syllable, words)
  }
  return words
}
