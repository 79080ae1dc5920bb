import {execFile} from 'node:child_process'
import {mkdir, mkdtemp, readFile} from 'node:fs/promises'
import path from 'node:path'
import {promisify} from 'node:util'
import {expect, it} from 'vitest'

const run = promisify(execFile)
const sanity = path.resolve('node_modules/.bin/sanity')

it('sanity.types.ts and schema.json are up to date (run `npm run typegen`)', async () => {
  // `schema extract --path` resolves even absolute paths against the cwd, so stay inside the repo.
  await mkdir('tmp', {recursive: true})
  const dir = path.relative(process.cwd(), await mkdtemp('tmp/typegen-'))
  const env = {...process.env, DO_NOT_TRACK: '1', TYPEGEN_SCHEMA: path.join(dir, 'schema.json'), TYPEGEN_OUT: path.join(dir, 'sanity.types.ts')}
  await run(sanity, ['schema', 'extract', '--enforce-required-fields', '--path', env.TYPEGEN_SCHEMA], {env})
  await run(sanity, ['typegen', 'generate'], {env})
  expect(await readFile(env.TYPEGEN_SCHEMA, 'utf8')).toBe(await readFile('schema.json', 'utf8'))
  // Only the header line naming the schema file differs by location.
  const normalise = (text: string) => text.replace(/^\/\/ Source: .*schema\.json$/m, '// Source: schema.json')
  expect(normalise(await readFile(env.TYPEGEN_OUT, 'utf8'))).toBe(normalise(await readFile('sanity.types.ts', 'utf8')))
}, 180_000)
