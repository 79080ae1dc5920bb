/**
 * npm run validate -- <file.ndjson> [--json]
 * Validates documents in an NDJSON file against the Studio schema with the
 * real `sanity documents validate`. It works offline: the CLI only needs a
 * token to be present, so a placeholder is supplied when none is set.
 */
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'

interface Marker {
  level: 'error' | 'warning' | 'info'
  message: string
  path: unknown[]
}
interface DocumentResult {
  documentId: string
  documentType: string
  markers: Marker[]
}

export interface ValidationSummary {
  errors: number
  warnings: number
  documents: DocumentResult[]
}

export async function validateNdjson(file: string): Promise<ValidationSummary> {
  const bin = path.resolve('node_modules/.bin/sanity')
  const child = spawn(bin, ['documents', 'validate', '--file', path.resolve(file), '--yes', '--format', 'json', '--level', 'warning'], {
    env: {
      ...process.env,
      DO_NOT_TRACK: '1',
      SANITY_AUTH_TOKEN: process.env.SANITY_AUTH_TOKEN || 'offline-placeholder',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', () => resolve())
  })
  const start = stdout.indexOf('[')
  if (start < 0) throw new Error(`sanity documents validate gave no report: ${stderr.trim().split('\n').pop() ?? ''}`)
  const documents = JSON.parse(stdout.slice(start)) as DocumentResult[]
  const count = (level: Marker['level']) =>
    documents.reduce((n, doc) => n + doc.markers.filter((m) => m.level === level).length, 0)
  return {errors: count('error'), warnings: count('warning'), documents}
}

async function main(): Promise<number> {
  const {positionals, values} = parseArgs({
    allowPositionals: true,
    options: {json: {type: 'boolean', default: false}, help: {type: 'boolean', short: 'h', default: false}},
  })
  const file = positionals[0]
  if (values.help || !file) {
    process.stdout.write('Usage: npm run validate -- <file.ndjson> [--json]\nValidates every document in the file against the Studio schema.\n')
    return values.help ? 0 : 2
  }
  if (!existsSync(file)) {
    process.stderr.write(`validate: ${file}: no such file\n`)
    return 2
  }
  const summary = await validateNdjson(file)
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  for (const doc of summary.documents) {
    for (const marker of doc.markers) {
      process.stderr.write(`${marker.level}: ${doc.documentId}: ${marker.message}\n`)
    }
  }
  process.stderr.write(`${file}: ${summary.errors} errors, ${summary.warnings} warnings\n`)
  return summary.errors + summary.warnings === 0 ? 0 : 1
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`validate: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    },
  )
}
