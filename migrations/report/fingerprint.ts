import {createHash} from 'node:crypto'

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Short, url-safe digest for ids and `_key`s. */
export function shortHash(text: string, length = 12): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').replace(/[-_]/g, '').slice(0, length)
}

/** JSON with object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {}
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k]
      return sorted
    }
    return v
  })
}

/** Fields that change without anyone editing the content. */
const VOLATILE_FIELDS = new Set(['_id', '_rev', '_createdAt', '_updatedAt', '_originalId', '_system'])
const VOLATILE_SOURCE_FIELDS = new Set(['importedAt', 'importHash'])

/**
 * Hash of what an editor can change in an imported document. The importer
 * stores it as `source.importHash`; when a stored document no longer hashes
 * to it, an editor has touched the document and a re-import must not
 * overwrite it.
 */
export function contentFingerprint(doc: Record<string, unknown>): string {
  const content: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(doc)) {
    if (VOLATILE_FIELDS.has(field)) continue
    if (field === 'source' && value && typeof value === 'object') {
      const source: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) if (!VOLATILE_SOURCE_FIELDS.has(k)) source[k] = v
      content[field] = source
    } else {
      content[field] = value
    }
  }
  return sha256(canonicalJson(content))
}
