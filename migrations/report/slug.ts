import {pinyin} from 'pinyin-pro'

/** Sanity's own limit for slugs we generate; long titles are cut at a word boundary. */
export const MAX_SLUG_LENGTH = 96

/**
 * Lowercase ASCII slug: Chinese characters become toneless pinyin syllables,
 * ASCII letters and digits are kept, everything else separates words.
 * Used by the Studio's slug fields and by the importer, so both agree.
 */
export function slugify(input: string, maxLength = MAX_SLUG_LENGTH): string {
  const syllables = pinyin(input.normalize('NFKC'), {
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    v: true,
  })
  const words = syllables
    .join(' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  let slug = ''
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word
    if (next.length > maxLength) break
    slug = next
  }
  // A single word longer than the limit still yields a usable slug.
  return slug || words.join('-').slice(0, maxLength)
}
