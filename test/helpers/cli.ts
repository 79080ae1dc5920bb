import {execFile} from 'node:child_process'
import path from 'node:path'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

const ROOT = path.resolve(import.meta.dirname, '../..')

/** Runs a TypeScript entry point the way `npm run` does, through tsx. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, script), ...args],
      {cwd: ROOT, env: {...process.env, DO_NOT_TRACK: '1', ...env}, maxBuffer: 64 * 1024 * 1024},
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({code, stdout, stderr})
      },
    )
  })
}

export const SEED = path.resolve(ROOT, '../shared/seeds/000_984990fb53a38cb6.txt')
export const EXAMPLES = path.resolve(ROOT, 'examples')
export {ROOT}
