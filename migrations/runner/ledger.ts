/**
 * Which migrations a local dataset has had: `<dir>/<dataset>.migrations.json`,
 * next to `<dataset>.ndjson`. Written atomically (temp file, fsync, rename)
 * and only while holding the dataset's lock, so two runs never interleave.
 *
 * An apply first records a `started` entry carrying the transaction's
 * revision, commits the documents, then marks the entry `applied`. If the
 * process dies in between, the next read settles the started entry: if any
 * document it meant to change carries that revision, the commit happened
 * and the entry counts as applied; otherwise it is dropped.
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {removeTempFiles, writeFileAtomic} from '../../local/atomic-file'
import type {SanityDocument} from '../../local/dataset-store'

export interface LedgerEntry {
  name: string
  title: string
  /** sha256 of the migration's index file when it ran. */
  hash: string
  status: 'started' | 'applied'
  /** When the documents were committed (or, while started, when the run began). */
  appliedAt: string
  /** The `_rev` the transaction gave every document it changed. */
  rev: string
  /** Ids of the documents the migration changed. */
  documents: string[]
  mutations: number
  /** Run again with --force (the file had changed, or it had already been applied). */
  forced?: boolean
}

export interface Ledger {
  dataset: string
  /** Every run, oldest first; the last entry for a name is its state. */
  entries: LedgerEntry[]
}

export function ledgerFile(dir: string, dataset: string): string {
  return path.join(dir, `${dataset}.migrations.json`)
}

function isEntry(value: unknown): value is LedgerEntry {
  if (typeof value !== 'object' || value === null) return false
  const e = value as Record<string, unknown>
  return (
    typeof e.name === 'string' &&
    typeof e.title === 'string' &&
    typeof e.hash === 'string' &&
    (e.status === 'started' || e.status === 'applied') &&
    typeof e.appliedAt === 'string' &&
    typeof e.rev === 'string' &&
    Array.isArray(e.documents) &&
    e.documents.every((id) => typeof id === 'string') &&
    typeof e.mutations === 'number'
  )
}

export async function readLedger(file: string, dataset: string): Promise<Ledger> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return {dataset, entries: []}
    throw error
  }
  const value: unknown = JSON.parse(text)
  const entries = typeof value === 'object' && value !== null && 'entries' in value ? value.entries : undefined
  if (!Array.isArray(entries) || !entries.every(isEntry)) throw new Error(`${file} is not a migration ledger`)
  return {dataset, entries}
}

/** Callers hold the dataset lock, so temp files left beside the ledger are from a writer that died. */
export async function writeLedger(file: string, ledger: Ledger): Promise<void> {
  await removeTempFiles(file)
  await writeFileAtomic(file, `${JSON.stringify(ledger, null, 2)}\n`)
}

/** The state of each migration: its last entry, started ones settled against `docs`. */
export function settle(ledger: Ledger, docs: ReadonlyMap<string, SanityDocument>): {ledger: Ledger; changed: boolean} {
  let changed = false
  const entries: LedgerEntry[] = []
  for (const entry of ledger.entries) {
    if (entry.status !== 'started') {
      entries.push(entry)
      continue
    }
    changed = true
    const committed = entry.documents.some((id) => docs.get(id)?._rev === entry.rev)
    if (committed) entries.push({...entry, status: 'applied'})
  }
  return {ledger: {...ledger, entries}, changed}
}

export function lastEntry(ledger: Ledger, name: string): LedgerEntry | undefined {
  for (let i = ledger.entries.length - 1; i >= 0; i--) {
    const entry = ledger.entries[i]
    if (entry?.name === name) return entry
  }
  return undefined
}
