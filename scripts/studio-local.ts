/**
 * npm run studio:local -- [options]
 * Sanity Studio on the local dataset: no Sanity account, no network.
 */
import {parseArgs} from 'node:util'
import {resolveLocalDataset} from '../local/dataset-store'
import {parsePort} from '../local/port'
import {ensureStudioBuild} from '../local/studio/build'
import {DEFAULT_STUDIO_PORT, startStudioServer} from '../local/studio/studio-server'
import {LOCAL_PROJECT_ID} from '../studio/env'

const HELP = `Usage: npm run studio:local -- [options]

Builds the Studio (once; cached until its config, schema or dependencies
change) and serves it with a local stand-in for Sanity's API over the
local dataset, at https://${LOCAL_PROJECT_ID}.localhost:<port>/.

Options:
  --port <n>         Port (default LOCAL_STUDIO_PORT or ${DEFAULT_STUDIO_PORT}; 0 = any free port)
  --dir <path>       Dataset directory (default LOCAL_DATASET_DIR or data/)
  --dataset <name>   Dataset (default LOCAL_DATASET, SANITY_STUDIO_DATASET or production)
  --rebuild          Build the Studio even if a cached build matches
  --studio-dir <dir> Serve this \`sanity build\` output instead of building
                     (it must be built with SANITY_STUDIO_API_HOST=same-origin)
  --tls-cert <file>  Certificate (e.g. from mkcert) instead of the self-signed one
  --tls-key <file>   Its private key
  --verbose          Log every request (default: writes and errors only)
  --quiet            No request log
  -h, --help         Show this help

The server listens on 127.0.0.1 only and has one user, a local
administrator; LOCAL_API_TOKEN is not used.
`

/** Request lines are `METHOD /path STATUS TIMEms`; reads that succeed are the Studio's constant chatter. */
function isWorthLogging(line: string): boolean {
  const request = /^([A-Z]+) \S* (\d{3}) /.exec(line)
  if (!request) return true
  const [, method, status] = request
  return Number(status) >= 400 || (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS')
}

async function main(): Promise<void> {
  const {values} = parseArgs({
    options: {
      port: {type: 'string'},
      dir: {type: 'string'},
      dataset: {type: 'string'},
      rebuild: {type: 'boolean', default: false},
      'studio-dir': {type: 'string'},
      'tls-cert': {type: 'string'},
      'tls-key': {type: 'string'},
      quiet: {type: 'boolean', default: false},
      verbose: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const port = parsePort(values.port)
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new Error('give both --tls-cert and --tls-key')
  const projectId = process.env.SANITY_STUDIO_PROJECT_ID || LOCAL_PROJECT_ID
  const {dir, dataset} = resolveLocalDataset({
    dir: values.dir,
    dataset: values.dataset || process.env.LOCAL_DATASET || process.env.SANITY_STUDIO_DATASET,
  })
  const say = (line: string): void => void process.stderr.write(`${line}\n`)

  let studioDir = values['studio-dir']
  if (!studioDir) {
    say('Preparing the Studio build (the first build takes a minute or two)…')
    const build = await ensureStudioBuild({projectId, dataset, force: values.rebuild})
    say(build.cached ? `Using the cached Studio build ${build.key}` : `Built the Studio in ${(build.ms / 1000).toFixed(0)} s`)
    studioDir = build.dir
  }

  const server = await startStudioServer({
    port,
    dir,
    dataset,
    projectId,
    studioDir,
    tlsFiles: values['tls-cert'] && values['tls-key'] ? {cert: values['tls-cert'], key: values['tls-key']} : undefined,
    log: values.quiet ? undefined : values.verbose ? say : (line) => void (isWorthLogging(line) && say(line)),
  })
  if (process.env.LOCAL_API_TOKEN) say('Note: LOCAL_API_TOKEN is ignored; the Studio server only listens on 127.0.0.1.')
  const selfSigned = !values['tls-cert']
  process.stdout.write(`
Sanity Studio on the local dataset "${server.dataset}" (${server.dir})

  Open: ${server.studioUrl}
${
  selfSigned
    ? `
  The certificate is self-signed (kept in ${server.tls.files?.cert ?? 'memory'}), so the browser
  warns once: choose "Advanced" → "Proceed". SHA-256 fingerprint:
  ${server.tls.fingerprint}
  To avoid the warning, pass a trusted certificate: mkcert ${server.projectId}.localhost localhost,
  then --tls-cert ./${server.projectId}.localhost+1.pem --tls-key ./${server.projectId}.localhost+1-key.pem
`
    : ''
}
  @sanity/client: createClient({projectId: '${server.projectId}', dataset: '${server.dataset}',
    apiHost: '${server.apiUrl}', useProjectHostname: false, apiVersion: '2025-02-19', useCdn: false})
    (Node does not resolve *.localhost, hence localhost; it trusts the certificate with
     NODE_EXTRA_CA_CERTS=${server.tls.files?.cert ?? '<cert>'})

Press Ctrl+C to stop.
`)
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    say(`${signal}: stopping`)
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        say(`error while stopping: ${error instanceof Error ? error.message : String(error)}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`studio:local: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
