/**
 * Finds content migrations the way `sanity migration` does: every folder in
 * `migrations/` with an index file whose default export has a `title` and a
 * `migrate`. Folders without one (`report/`, the import pipeline; `runner/`,
 * this code; `shared/`, helpers) are not migrations.
 */
import {createHash} from 'node:crypto'
import {readdir, readFile, stat} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import type {Migration} from 'sanity/migrate'

/** The `migrations/` folder of this package. */
export const MIGRATIONS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Same order as the CLI's resolver. */
const INDEX_FILES = ['index.mjs', 'index.js', 'index.ts', 'index.cjs']
const NAME = /^[a-z0-9][a-z0-9_-]*$/

export interface MigrationFile {
  /** The folder name, which is the migration's id for `sanity migration run`. */
  name: string
  /** Absolute path of its index file. */
  file: string
  /** sha256 of the index file's source: what the ledger records and compares. */
  hash: string
}

export interface LoadedMigration extends MigrationFile {
  migration: Migration
}

export class MigrationNotFoundError extends Error {
  override name = 'MigrationNotFoundError'
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}

export function sourceHash(source: string | Buffer): string {
  return createHash('sha256').update(source).digest('hex')
}

async function indexFile(root: string, name: string): Promise<string | undefined> {
  for (const candidate of INDEX_FILES) {
    const file = path.join(root, name, candidate)
    if (await isFile(file)) return file
  }
  return undefined
}

async function describe(root: string, name: string): Promise<MigrationFile | undefined> {
  const file = await indexFile(root, name)
  if (!file) return undefined
  return {name, file, hash: sourceHash(await readFile(file))}
}

/** Folders with an index file, sorted by name. Nothing is imported. */
export async function listMigrationFiles(root = MIGRATIONS_ROOT): Promise<MigrationFile[]> {
  const entries = await readdir(root, {withFileTypes: true})
  const found: MigrationFile[] = []
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const described = await describe(root, entry.name)
    if (described) found.push(described)
  }
  return found
}

function isMigration(value: unknown): value is Migration {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const {title, migrate} = value as {title?: unknown; migrate?: unknown}
  return typeof title === 'string' && (typeof migrate === 'function' || (typeof migrate === 'object' && migrate !== null))
}

/** Imports `migrations/<name>/index.*` and checks its default export. */
export async function loadMigration(name: string, root = MIGRATIONS_ROOT): Promise<LoadedMigration> {
  if (!NAME.test(name)) throw new MigrationNotFoundError(`invalid migration name ${JSON.stringify(name)}`)
  const described = await describe(root, name)
  if (!described) {
    throw new MigrationNotFoundError(
      `no migration "${name}": expected ${path.join(root, name, 'index.ts')} (see npm run migrate -- --status)`,
    )
  }
  const mod: unknown = await import(pathToFileURL(described.file).href)
  const candidate = typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : undefined
  if (!isMigration(candidate)) {
    throw new MigrationNotFoundError(
      `${described.file} does not default-export a migration (defineMigration({title, migrate, …}))`,
    )
  }
  return {...described, migration: candidate}
}
