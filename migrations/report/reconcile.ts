import {contentFingerprint} from './fingerprint'

export type Decision =
  | {action: 'create'}
  | {action: 'replace'}
  | {action: 'unchanged'}
  | {action: 'conflict'; reason: string}

interface StoredDocument {
  _id: string
  source?: {importHash?: string}
  [field: string]: unknown
}

/**
 * Whether a re-import may write `incoming` over what the dataset holds.
 * An editor's change shows as a stored document that no longer hashes to
 * the `importHash` recorded when it was imported; that is never
 * overwritten without `force`.
 */
export function reconcile(
  stored: StoredDocument | undefined,
  incoming: {source: {importHash: string}},
  options: {force?: boolean; pendingDraft?: boolean} = {},
): Decision {
  if (!stored) return {action: 'create'}
  const recorded = stored.source?.importHash
  const editedSinceImport = !recorded || contentFingerprint(stored) !== recorded
  if (!editedSinceImport && recorded === incoming.source.importHash) return {action: 'unchanged'}
  if (options.force) return {action: 'replace'}
  if (editedSinceImport) return {action: 'conflict', reason: `${stored._id} was edited after it was imported`}
  if (options.pendingDraft) return {action: 'conflict', reason: `${stored._id} has an unpublished draft`}
  return {action: 'replace'}
}
