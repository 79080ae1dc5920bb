import {spawn} from 'node:child_process'
import {createHash, randomBytes} from 'node:crypto'
import {access, mkdir, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/**
 * The Studio bundle for the local endpoint: `sanity build` with
 * `SANITY_STUDIO_API_HOST=same-origin`, cached by a hash of everything that
 * goes into it (config, schema, Studio code, lockfile, project id and
 * dataset). The bundle finds its API host from the page address, so one
 * build serves any port.
 */

export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)))

export interface StudioBuildOptions {
  projectId: string
  dataset: string
  /** Default `node_modules/.cache/studio-local`. */
  cacheDir?: string
  /** Build even when a cached build matches. */
  force?: boolean
  /** Build output goes here instead of the cache (always builds). */
  outDir?: string
  root?: string
  log?: (line: string) => void
  /** Builds kept in the cache; default 3. */
  keep?: number
}

export interface StudioBuild {
  dir: string
  key: string
  cached: boolean
  ms: number
}

/** Files and folders whose contents go into the bundle. */
const INPUTS = ['sanity.config.ts', 'sanity.cli.ts', 'package-lock.json', 'studio', 'schemas', 'migrations']
const SOURCE_EXT = /\.(ts|tsx|js|jsx|mjs|json|css)$/
const MARKER = 'studio-local-build.json'

async function listFiles(root: string, entry: string): Promise<string[]> {
  const full = path.join(root, entry)
  let info
  try {
    info = await stat(full)
  } catch {
    return []
  }
  if (info.isFile()) return [entry]
  if (!info.isDirectory()) return []
  const out: string[] = []
  for (const child of (await readdir(full)).sort()) {
    if (child === 'node_modules' || child.startsWith('.')) continue
    const rel = path.join(entry, child)
    const childInfo = await stat(path.join(root, rel))
    if (childInfo.isDirectory()) out.push(...(await listFiles(root, rel)))
    else if (SOURCE_EXT.test(child)) out.push(rel)
  }
  return out
}

export async function studioBuildKey(options: Pick<StudioBuildOptions, 'projectId' | 'dataset' | 'root'>): Promise<string> {
  const root = options.root ?? PROJECT_ROOT
  const hash = createHash('sha256')
  const sanityVersion = (JSON.parse(await readFile(path.join(root, 'node_modules/sanity/package.json'), 'utf8')) as {version: string}).version
  hash.update(JSON.stringify({projectId: options.projectId, dataset: options.dataset, apiHost: 'same-origin', sanityVersion}))
  for (const input of INPUTS) {
    for (const file of await listFiles(root, input)) {
      hash.update(`\0${file}\0`)
      hash.update(await readFile(path.join(root, file)))
    }
  }
  return hash.digest('hex').slice(0, 16)
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}

function runSanityBuild(root: string, outDir: string, env: NodeJS.ProcessEnv, log?: (line: string) => void): Promise<void> {
  const cli = path.join(root, 'node_modules/@sanity/cli/bin/run.js')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'build', outDir, '--yes', '--no-minify'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8')
      output = (output + text).slice(-20_000)
      for (const line of text.split('\n')) if (line.trim()) log?.(`sanity build: ${line.trim()}`)
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`sanity build exited with ${String(code)}:\n${output}`))
    })
  })
}

/** A build of the Studio for the local endpoint, from the cache when nothing changed. */
export async function ensureStudioBuild(options: StudioBuildOptions): Promise<StudioBuild> {
  const started = performance.now()
  const root = options.root ?? PROJECT_ROOT
  const key = await studioBuildKey({...options, root})
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SANITY_STUDIO_API_HOST: 'same-origin',
    SANITY_STUDIO_PROJECT_ID: options.projectId,
    SANITY_STUDIO_DATASET: options.dataset,
    SANITY_TELEMETRY_DISABLED: '1',
  }
  // The local bundle talks to no real project; keep any token away from the build.
  delete env.SANITY_AUTH_TOKEN
  if (options.outDir) {
    await runSanityBuild(root, path.resolve(options.outDir), env, options.log)
    return {dir: path.resolve(options.outDir), key, cached: false, ms: performance.now() - started}
  }
  const cacheDir = path.resolve(options.cacheDir ?? path.join(root, 'node_modules/.cache/studio-local'))
  const dir = path.join(cacheDir, key)
  if (!options.force && (await exists(path.join(dir, MARKER)))) {
    return {dir, key, cached: true, ms: performance.now() - started}
  }
  await mkdir(cacheDir, {recursive: true})
  const temp = path.join(cacheDir, `.${key}.${process.pid}.${randomBytes(4).toString('hex')}`)
  try {
    await runSanityBuild(root, temp, env, options.log)
    await writeFile(path.join(temp, MARKER), `${JSON.stringify({key, builtAt: new Date().toISOString()})}\n`)
    await rm(dir, {recursive: true, force: true})
    try {
      await rename(temp, dir)
    } catch (error) {
      // Another process finished the same build first: use theirs.
      if (!(await exists(path.join(dir, MARKER)))) throw error
    }
  } finally {
    await rm(temp, {recursive: true, force: true})
  }
  await pruneBuilds(cacheDir, key, options.keep ?? 3)
  return {dir, key, cached: false, ms: performance.now() - started}
}

async function pruneBuilds(cacheDir: string, keepKey: string, keep: number): Promise<void> {
  const builds: {dir: string; mtime: number}[] = []
  for (const name of await readdir(cacheDir)) {
    if (name.startsWith('.') || name === keepKey) continue
    const marker = path.join(cacheDir, name, MARKER)
    try {
      builds.push({dir: path.join(cacheDir, name), mtime: (await stat(marker)).mtimeMs})
    } catch {
      // Not a finished build.
    }
  }
  builds.sort((a, b) => b.mtime - a.mtime)
  for (const old of builds.slice(Math.max(0, keep - 1))) await rm(old.dir, {recursive: true, force: true})
}
