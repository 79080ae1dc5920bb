/**
 * `npm run migrate`: runs a migration from `migrations/<name>/index.ts`
 * against the local dataset, dry by default, and keeps the ledger of what
 * was applied.
 */
import {createClient} from '@sanity/client'
import {ALLOWED_PROPERTIES} from 'sanity/migrate'
import {DatasetStore, type SanityDocument} from '../../local/dataset-store'
import {startLocalServer, type LocalServer} from '../../local/server'
import {listMigrationFiles, loadMigration, MIGRATIONS_ROOT, type LoadedMigration} from './discover'
import {executeMigration, restrictClient, type ExecuteResult, type RestrictedClient} from './execute'
import {lastEntry, ledgerFile, readLedger, settle, writeLedger, type Ledger, type LedgerEntry} from './ledger'

export interface LocalDatasetChoice {
  /** Local dataset folder (default LOCAL_DATASET_DIR or data/). */
  dir?: string
  /** Dataset name (default LOCAL_DATASET or production). */
  dataset?: string
  /** Folder holding the migrations (default this package's migrations/). */
  root?: string
  env?: NodeJS.ProcessEnv
}

export interface LocalRunOptions extends LocalDatasetChoice {
  /** Write the changes and record the migration; default a dry run. */
  apply?: boolean
  /** Run even if the ledger says it was applied, or its file changed since. */
  force?: boolean
  /** `context.client` for the migration; default a read-only client of the local endpoint, started for the run. */
  client?: RestrictedClient
  /** How long to wait for another writer's lock; default 5 s. */
  lockTimeoutMs?: number
  now?: Date
}

/**
 * - `dry-run`: computed, nothing written;
 * - `applied`: the documents and the ledger were written;
 * - `already-applied`: the ledger has this version of the migration; nothing done;
 * - `refused`: the migration's file changed since it was applied and --force was not given.
 */
export type LocalRunStatus = 'dry-run' | 'applied' | 'already-applied' | 'refused'

export interface LocalRunResult {
  name: string
  title: string
  hash: string
  dataset: string
  datasetFile: string
  ledgerFile: string
  status: LocalRunStatus
  /** What the ledger held for this migration before the run. */
  previous?: LedgerEntry
  /** The ledger holds an earlier version of the file. */
  changedSinceApplied: boolean
  /** The run itself; absent when nothing ran. */
  result?: ExecuteResult
  /** The entry recorded by an apply. */
  entry?: LedgerEntry
}

export class MigrationRefusedError extends Error {
  override name = 'MigrationRefusedError'
}

type Decision = {run: true} | {run: false; status: 'already-applied' | 'refused'}

function decide(previous: LedgerEntry | undefined, hash: string, options: LocalRunOptions): Decision {
  if (!previous || options.force) return {run: true}
  if (previous.hash === hash) return {run: false, status: 'already-applied'}
  return options.apply ? {run: false, status: 'refused'} : {run: true}
}

interface Endpoint {
  client: RestrictedClient
  close(): Promise<void>
}

/** A read-only client of the local dataset, as `context.client` is of the real one. */
async function startEndpoint(store: DatasetStore, env: NodeJS.ProcessEnv | undefined): Promise<Endpoint> {
  const server: LocalServer = await startLocalServer({port: 0, dir: store.dir, dataset: store.dataset, env})
  const token = (env ?? process.env).LOCAL_API_TOKEN
  const client = createClient({
    projectId: 'local',
    dataset: store.dataset,
    apiHost: server.url,
    useProjectHostname: false,
    // The CLI's default API version, so perspectives behave as in `sanity migration run`.
    apiVersion: '2024-01-29',
    useCdn: false,
    ...(token ? {token} : {}),
  })
  return {client: restrictClient(client, ALLOWED_PROPERTIES), close: () => server.close()}
}

function storeFor(options: LocalRunOptions): DatasetStore {
  return new DatasetStore({
    dir: options.dir,
    dataset: options.dataset,
    env: options.env,
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
  })
}

async function currentLedger(file: string, dataset: string, docs: ReadonlyMap<string, SanityDocument>): Promise<Ledger> {
  return settle(await readLedger(file, dataset), docs).ledger
}

export async function runLocalMigration(name: string, options: LocalRunOptions = {}): Promise<LocalRunResult> {
  const loaded = await loadMigration(name, options.root ?? MIGRATIONS_ROOT)
  const store = storeFor(options)
  const file = ledgerFile(store.dir, store.dataset)
  const snapshot = await store.read()
  const previous = lastEntry(await currentLedger(file, store.dataset, snapshot.docs), name)
  const base = {
    name,
    title: loaded.migration.title,
    hash: loaded.hash,
    dataset: store.dataset,
    datasetFile: store.file,
    ledgerFile: file,
    changedSinceApplied: previous !== undefined && previous.hash !== loaded.hash,
    ...(previous ? {previous} : {}),
  }
  const decision = decide(previous, loaded.hash, options)
  if (!decision.run) return {...base, status: decision.status}

  const endpoint = options.client ? undefined : await startEndpoint(store, options.env)
  const client = options.client ?? endpoint?.client
  if (!client) throw new Error('no client for the migration context')
  try {
    if (!options.apply) {
      const result = await executeMigration(loaded.migration, new Map(snapshot.docs), {dryRun: true, client})
      return {...base, status: 'dry-run', result}
    }
    return await apply(loaded, store, file, client, options, base)
  } finally {
    await endpoint?.close()
  }
}

async function apply(
  loaded: LoadedMigration,
  store: DatasetStore,
  file: string,
  client: RestrictedClient,
  options: LocalRunOptions,
  base: Omit<LocalRunResult, 'status'>,
): Promise<LocalRunResult> {
  const started = await store.transactDetailed(
    async (docs, tx): Promise<{skipped: LocalRunStatus; previous?: LedgerEntry} | {result: ExecuteResult}> => {
      // Decide again under the lock: another run may have applied it meanwhile.
      const ledger = await currentLedger(file, store.dataset, docs)
      const previous = lastEntry(ledger, loaded.name)
      const decision = decide(previous, loaded.hash, options)
      if (!decision.run) return {skipped: decision.status, ...(previous ? {previous} : {})}
      const result = await executeMigration(loaded.migration, docs, {dryRun: false, client})
      if (result.changed.length > 0) {
        // Written before the documents: a crash between the two leaves an entry `settle` resolves.
        await writeLedger(file, {
          ...ledger,
          entries: [...ledger.entries, entryFor(loaded, result, result.changed, tx, 'started', options.force)],
        })
      }
      return {result}
    },
    {now: options.now},
  )
  if ('skipped' in started.value) {
    const {skipped, previous} = started.value
    return {...base, status: skipped, ...(previous ? {previous} : {})}
  }
  const {result} = started.value

  // The store's own list of what it wrote is the record of what was touched.
  const entry = entryFor(loaded, result, started.changed, started, 'applied', options.force)
  // A transaction that changes no document takes the lock and writes nothing: it guards the ledger update.
  await store.transact(async (docs) => {
    const ledger = await currentLedger(file, store.dataset, docs)
    const entries = ledger.entries.filter((e) => !(e.name === entry.name && e.rev === entry.rev))
    await writeLedger(file, {...ledger, entries: [...entries, entry]})
  })
  return {...base, status: 'applied', result, entry}
}

function entryFor(
  loaded: LoadedMigration,
  result: ExecuteResult,
  documents: string[],
  transaction: {rev: string; timestamp: string},
  status: LedgerEntry['status'],
  forced: boolean | undefined,
): LedgerEntry {
  return {
    name: loaded.name,
    title: loaded.migration.title,
    hash: loaded.hash,
    status,
    appliedAt: transaction.timestamp,
    rev: transaction.rev,
    documents,
    mutations: result.mutations.length,
    ...(forced ? {forced: true} : {}),
  }
}

export interface StatusRow {
  name: string
  title?: string
  /**
   * - `pending`: never applied to this dataset;
   * - `applied`: applied, and the file is unchanged since;
   * - `changed`: applied, but the file changed since (re-run needs --force);
   * - `missing`: in the ledger, but its folder is gone.
   */
  state: 'pending' | 'applied' | 'changed' | 'missing'
  hash?: string
  entry?: LedgerEntry
}

export interface StatusReport {
  dataset: string
  ledgerFile: string
  rows: StatusRow[]
}

/** Every migration and whether this dataset has had it. Reads only. */
export async function migrationStatus(options: LocalDatasetChoice = {}): Promise<StatusReport> {
  const store = new DatasetStore({dir: options.dir, dataset: options.dataset, env: options.env})
  const file = ledgerFile(store.dir, store.dataset)
  const ledger = await currentLedger(file, store.dataset, (await store.read()).docs)
  const root = options.root ?? MIGRATIONS_ROOT
  const rows: StatusRow[] = []
  const names = new Set<string>()
  for (const found of await listMigrationFiles(root)) {
    names.add(found.name)
    const {migration} = await loadMigration(found.name, root)
    const entry = lastEntry(ledger, found.name)
    const state = !entry ? 'pending' : entry.hash === found.hash ? 'applied' : 'changed'
    rows.push({name: found.name, title: migration.title, state, hash: found.hash, ...(entry ? {entry} : {})})
  }
  for (const entry of ledger.entries) {
    if (names.has(entry.name)) continue
    names.add(entry.name)
    const last = lastEntry(ledger, entry.name)
    rows.push({name: entry.name, title: entry.title, state: 'missing', ...(last ? {entry: last} : {})})
  }
  return {dataset: store.dataset, ledgerFile: file, rows}
}
