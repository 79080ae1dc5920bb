import {parseArgs} from 'node:util'
import {parsePort} from '../local/port'
import {createSiteClient, siteClientConfig} from '../queries/client'
import {DEFAULT_SITE_PORT, startSite} from './server'

/** `npm run site`: the example site on 127.0.0.1, reading through the site client. */

const HELP = `Usage: tsx site/serve.ts [options]

Serves the example site (articles, agencies, figures, sitemap).

Options:
  --port <n>    Port (default SITE_PORT or ${DEFAULT_SITE_PORT}; 0 = any free port)
  --preview     Show drafts (needs SANITY_API_READ_TOKEN)
  --help        Show this help

Environment:
  SANITY_PROJECT_ID      Read from this Sanity project (through the CDN);
                         unset: the local endpoint (npm run serve)
  SANITY_DATASET         Dataset (default production)
  LOCAL_API_PORT         Port of the local endpoint (default 3333)
  SANITY_API_READ_TOKEN  Read token, only used with --preview
  SITE_URL               Public address for canonical links and the sitemap
`

async function main(): Promise<void> {
  const {values} = parseArgs({
    options: {port: {type: 'string'}, preview: {type: 'boolean'}, help: {type: 'boolean', short: 'h'}},
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const port = parsePort(values.port)
  const preview = Boolean(values.preview)
  const config = siteClientConfig({preview})
  const site = await startSite({
    client: createSiteClient({preview}),
    port,
    log: (line) => process.stderr.write(`${line}\n`),
  })
  const source = config.projectId === 'local' ? `local endpoint ${config.apiHost ?? ''}` : `Sanity project ${config.projectId ?? ''}`
  process.stdout.write(
    `Site at ${site.url} (${source}, dataset "${config.dataset ?? ''}", ${preview ? 'drafts' : 'published'})\nPress Ctrl+C to stop.\n`,
  )
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    site.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
