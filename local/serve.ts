import {parseArgs} from 'node:util'
import {parsePort} from './port'
import {DEFAULT_HOST, DEFAULT_PORT, startLocalServer} from './server'

/**
 * `npm run serve`: the local GROQ endpoint over `data/<dataset>.ndjson`.
 * The token comes only from LOCAL_API_TOKEN, never from a flag, so it does
 * not end up in shell history or `ps` output.
 */

const HELP = `Usage: tsx local/serve.ts [options]

Serves the local dataset over Sanity's HTTP API (query, mutate, doc).

Options:
  --port <n>       Port (default LOCAL_API_PORT or ${DEFAULT_PORT}; 0 = any free port)
  --host <addr>    Address to bind (default ${DEFAULT_HOST}; others expose the data)
  --dir <path>     Dataset directory (default LOCAL_DATASET_DIR or data/)
  --dataset <name> Dataset name (default LOCAL_DATASET or production)
  --help           Show this help

Environment:
  LOCAL_API_TOKEN  When set, mutations and drafts/raw reads need
                   "Authorization: Bearer <token>"; published reads stay public.
`

async function main(): Promise<void> {
  const {values} = parseArgs({
    options: {
      port: {type: 'string'},
      host: {type: 'string'},
      dir: {type: 'string'},
      dataset: {type: 'string'},
      help: {type: 'boolean', short: 'h'},
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const port = parsePort(values.port)
  const hasToken = Boolean(process.env.LOCAL_API_TOKEN)
  const server = await startLocalServer({
    port,
    host: values.host,
    dir: values.dir,
    dataset: values.dataset,
    log: (line) => process.stderr.write(`${line}\n`),
  })
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(server.host)
  if (!loopback && !hasToken) {
    process.stderr.write(
      `WARNING: listening on ${server.host} without LOCAL_API_TOKEN: anyone who can reach this address can change the dataset.\n`,
    )
  }
  process.stdout.write(`Local Sanity API for dataset "${server.dataset}" (${server.dir}) at ${server.url}
Writes and drafts/raw reads: ${hasToken ? 'need the LOCAL_API_TOKEN bearer token' : 'open (set LOCAL_API_TOKEN to require a token)'}

  import {createClient} from '@sanity/client'
  const client = createClient({
    projectId: 'local',
    dataset: '${server.dataset}',
    apiHost: '${server.url}',
    useProjectHostname: false,
    apiVersion: '2025-02-19',
    useCdn: false,${hasToken ? '\n    token: process.env.LOCAL_API_TOKEN,' : ''}
  })

Press Ctrl+C to stop.
`)
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`${signal}: stopping\n`)
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${error instanceof Error ? error.message : String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
