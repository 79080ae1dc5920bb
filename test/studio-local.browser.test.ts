import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DatasetStore, type SanityDocument} from '../local/dataset-store'
import {ensureStudioBuild, PROJECT_ROOT} from '../local/studio/build'
import {startStudioServer, type StudioServer} from '../local/studio/studio-server'

/**
 * The real, unmodified Sanity Studio (a `sanity build` of this project)
 * against the local endpoint, in Chromium: an editor with no Sanity account
 * and no network lists the imported articles, edits and publishes one,
 * edits a metric inside the Portable Text body, and a re-import leaves
 * those edits alone.
 */

const CHROMIUM = '/usr/bin/chromium'
const SEED = fileURLToPath(new URL('../../shared/seeds/000_984990fb53a38cb6.txt', import.meta.url))
const SEED_TITLE = '浙江富阳生态环境部门考核首次跨入优秀'
const AGENCY_NAME = '杭州市生态环境局富阳分局'
const DATASET = 'production'
const SCREENSHOTS = path.join(PROJECT_ROOT, 'tmp/screenshots')

let dir: string
let server: StudioServer
let browser: Browser
let context: BrowserContext
let page: Page
let articleId: string
const serverLog: string[] = []
const pageErrors: string[] = []

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(command, args, {cwd: PROJECT_ROOT, env, maxBuffer: 16 * 1024 * 1024}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({code, stdout, stderr})
    })
  })
}

function importSeed(...flags: string[]) {
  return run('npx', ['tsx', 'scripts/import.ts', '--dir', dir, '--dataset', DATASET, '--quiet', ...flags, SEED])
}

async function documents(): Promise<ReadonlyMap<string, SanityDocument>> {
  return (await new DatasetStore({dir, dataset: DATASET}).read()).docs
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/**
 * A GROQ query through @sanity/client from a separate Node process, the way
 * a script would run it: Node trusts the self-signed certificate through
 * NODE_EXTRA_CA_CERTS, which is read only at startup.
 */
async function clientFetch(query: string, perspective: 'published' | 'drafts' | 'raw'): Promise<unknown> {
  const script = `
    import {createClient} from '@sanity/client'
    const client = createClient({projectId: 'local', dataset: ${JSON.stringify(DATASET)}, apiHost: ${JSON.stringify(server.apiUrl)},
      useProjectHostname: false, apiVersion: '2025-02-19', useCdn: false})
    const result = await client.fetch(${JSON.stringify(query)}, {}, {perspective: ${JSON.stringify(perspective)}})
    process.stdout.write(JSON.stringify(result))
  `
  const {code, stdout, stderr} = await run(process.execPath, ['--input-type=module', '-e', script], {
    ...process.env,
    NODE_EXTRA_CA_CERTS: server.tls.files?.cert ?? '',
  })
  if (code !== 0) throw new Error(`@sanity/client query failed: ${stderr}`)
  return JSON.parse(stdout) as unknown
}

function metricsOf(doc: SanityDocument | undefined): {_key: string; value: number; text: string; unit: string}[] {
  const body = (doc?.body ?? []) as {_type: string; children?: {_type: string; _key: string; value: number; text: string; unit: string}[]}[]
  return body.flatMap((block) => (block.children ?? []).filter((child) => child._type === 'metric'))
}

async function openArticle(): Promise<void> {
  await page.goto(`${server.studioUrl}structure/articles;${articleId}`)
  await page.locator('input#title').waitFor({timeout: 60_000})
}

const available = existsSync(CHROMIUM) && existsSync(SEED)

describe.skipIf(!available)('Sanity Studio on the local dataset (Chromium)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'studio-local-browser-'))
    await mkdir(SCREENSHOTS, {recursive: true})
    const imported = await importSeed('--json')
    expect(imported.code, imported.stderr).toBe(0)
    const report = JSON.parse(imported.stdout) as {files: {articleId: string; status: string}[]}
    expect(report.files[0]?.status).toBe('imported')
    articleId = report.files[0]?.articleId ?? ''
    // Built once and cached by content: a rebuild (~1-2 min) only when the Studio's sources changed.
    const build = await ensureStudioBuild({projectId: 'local', dataset: DATASET})
    server = await startStudioServer({
      dir,
      dataset: DATASET,
      port: 0,
      studioDir: build.dir,
      log: (line) => serverLog.push(line),
    })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    // The certificate is self-signed; an editor accepts it once in the browser.
    context = await browser.newContext({ignoreHTTPSErrors: true, viewport: {width: 1400, height: 1000}, locale: 'en-US'})
    page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
  }, 600_000)

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.close()
    if (dir) await rm(dir, {recursive: true, force: true})
    const internal = serverLog.filter((line) => line.startsWith('internal error'))
    if (internal.length > 0) throw new Error(`the local API logged internal errors:\n${internal.join('\n')}`)
  })

  it('lists the articles and opens the seed article: title, agency reference and body', async () => {
    await page.goto(server.studioUrl)
    await page.getByTestId('pane-item-Articles').click({timeout: 60_000})
    const item = page.getByTestId('document-list-pane').getByText(SEED_TITLE)
    await expect.poll(() => item.count(), {timeout: 30_000}).toBeGreaterThan(0)
    await page.screenshot({path: path.join(SCREENSHOTS, 'studio-structure.png')})

    await item.first().click()
    const title = page.locator('input#title')
    await title.waitFor({timeout: 30_000})
    expect(await title.inputValue()).toBe(SEED_TITLE)
    await page.getByRole('tab', {name: 'All fields'}).click()
    // The agency is a reference, shown by its preview.
    await expect.poll(() => page.getByTestId('field-agencies').innerText(), {timeout: 30_000}).toContain(AGENCY_NAME)
    const body = page.getByTestId('field-body')
    await expect.poll(() => body.innerText(), {timeout: 30_000}).toContain('近日,在2019年度浙江省杭州市富阳区直单位综合考核排名中')
    // Inline metrics render as chips inside the sentences.
    await expect.poll(() => body.getByTestId('inline-preview').count()).toBeGreaterThan(10)
    // Tall enough to show the title, the body and the agency reference in one picture.
    await page.setViewportSize({width: 1400, height: 2300})
    await page.getByTestId('field-agencies').scrollIntoViewIfNeeded()
    await page.screenshot({path: path.join(SCREENSHOTS, 'studio-document.png')})
    await page.setViewportSize({width: 1400, height: 1000})
    expect(page.url()).toContain(articleId)
  }, 120_000)

  it('edits the title into a draft and publishes it; @sanity/client reads the new title from the published perspective', async () => {
    await openArticle()
    const title = page.locator('input#title')
    await title.click()
    await title.press('End')
    await title.pressSequentially('（修订）', {delay: 30})
    const edited = `${SEED_TITLE}（修订）`

    // Every keystroke is an edit action; the first one creates the draft from the published article.
    const draft = await until('the draft', async () => {
      const doc = (await documents()).get(`drafts.${articleId}`)
      return doc?.title === edited ? doc : undefined
    })
    expect((await documents()).get(articleId)?.title).toBe(SEED_TITLE)
    expect(draft.agencies).toEqual((await documents()).get(articleId)?.agencies)

    const publish = page.getByTestId('action-publish')
    await expect.poll(() => publish.isEnabled(), {timeout: 30_000}).toBe(true)
    await publish.click()
    await until('the publish', async () => {
      const docs = await documents()
      return docs.get(articleId)?.title === edited && !docs.has(`drafts.${articleId}`) ? true : undefined
    })
    await expect.poll(() => page.getByText('was published').count(), {timeout: 15_000}).toBeGreaterThan(0)

    const published = await clientFetch(`*[_id == "${articleId}"][0]{title, "agency": agencies[0]->name}`, 'published')
    expect(published).toEqual({title: edited, agency: AGENCY_NAME})
  }, 120_000)

  it('edits an inline metric in the Portable Text editor, and the change persists', async () => {
    await openArticle()
    await page.getByRole('tab', {name: 'All fields'}).click()
    const before = metricsOf((await documents()).get(articleId)).find((m) => m.text === '48项')
    expect(before?.value).toBe(48)

    const chip = page.getByTestId('field-body').getByTestId('inline-preview').filter({hasText: '48 项'}).first()
    await chip.scrollIntoViewIfNeeded()
    await chip.click()
    await page.getByTestId('edit-inline-object-button').click()
    const dialog = page.getByTestId('popover-edit-dialog')
    const value = dialog.locator('input[id$="].value"]')
    await value.waitFor()
    expect(await value.inputValue()).toBe('48')
    await value.fill('49')

    const saved = await until('the metric edit', async () => {
      const metric = metricsOf((await documents()).get(`drafts.${articleId}`)).find((m) => m._key === before?._key)
      return metric?.value === 49 ? metric : undefined
    })
    // Only the value changed; the wording and unit are as imported.
    expect(saved).toMatchObject({text: '48项', unit: '项'})
    // The first edit moves the form from the published document to the new draft, which may close
    // the dialog; open the edited metric again to see it as the editor does.
    const edited = page.getByTestId('field-body').getByTestId('inline-preview').filter({hasText: '49 项'}).first()
    await edited.waitFor({timeout: 15_000})
    await dialog.waitFor({state: 'hidden', timeout: 5_000}).catch(async () => {
      await page.keyboard.press('Escape')
      await dialog.waitFor({state: 'hidden'})
    })
    await edited.click()
    await page.getByTestId('edit-inline-object-button').click()
    await dialog.waitFor()
    // The schema flags the mismatch between the wording and the new value (shown on hover).
    const warning = dialog.getByTestId('input-validation-icon-error').first()
    await warning.waitFor({timeout: 15_000})
    await warning.hover()
    await expect.poll(() => page.getByText('does not contain the number 49').count(), {timeout: 15_000}).toBeGreaterThan(0)
    expect(await dialog.locator('input[id$="].value"]').inputValue()).toBe('49')
    await page.screenshot({path: path.join(SCREENSHOTS, 'studio-metric.png')})

    // A fresh page reads the draft back from the server.
    await openArticle()
    await page.getByRole('tab', {name: 'All fields'}).click()
    const chips = page.getByTestId('field-body').getByTestId('inline-preview')
    await expect.poll(() => chips.filter({hasText: '49 项'}).count(), {timeout: 30_000}).toBe(1)
    const draft = await clientFetch(`*[_id == "${articleId}"][0]{"values": body[].children[_type == "metric" && text == "48项"].value}`, 'drafts')
    expect(draft).toEqual({values: [49]})
  }, 120_000)

  it('re-importing the seed reports the edited article as a conflict and leaves it alone', async () => {
    const before = await documents()
    const result = await importSeed('--json')
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as {files: {articleId: string; status: string; reason?: string}[]}
    expect(report.files[0]).toMatchObject({articleId, status: 'conflict'})
    expect(report.files[0]?.reason).toContain('edited')
    const after = await documents()
    expect(after.get(articleId)).toEqual(before.get(articleId))
    expect(after.get(`drafts.${articleId}`)).toEqual(before.get(`drafts.${articleId}`))
    expect(after.get(articleId)?.title).toBe(`${SEED_TITLE}（修订）`)
    expect(pageErrors).toEqual([])
  })
})
