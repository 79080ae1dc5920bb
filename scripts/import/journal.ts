import {createHash} from 'node:crypto'
import {mkdir, open, readFile, type FileHandle} from 'node:fs/promises'
import path from 'node:path'

/**
 * `--resume`: an append-only log of files whose documents reached the
 * target. An interrupted run (crash, Ctrl-C, lost network) picks up after
 * the last finished file; a line is written only once its write committed,
 * so nothing is skipped that did not arrive.
 */
export class ImportJournal {
  private handle: Promise<FileHandle> | undefined

  constructor(readonly file: string) {}

  /** One journal per target, so resuming a run against one dataset never skips files for another. */
  static forTarget(dir: string, targetKey: string): ImportJournal {
    const name = createHash('sha256').update(targetKey).digest('hex').slice(0, 16)
    return new ImportJournal(path.join(dir, '.import-journal', `${name}.ndjson`))
  }

  async completed(): Promise<Set<string>> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return ''
      throw error
    })
    const done = new Set<string>()
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      try {
        const entry = JSON.parse(line) as {file?: unknown}
        if (typeof entry.file === 'string') done.add(entry.file)
      } catch {
        // A line torn by a crash mid-append: that file is simply imported again.
      }
    }
    return done
  }

  /** Appends one line; the file stays open (in append mode) for the rest of the run. */
  async record(entry: {file: string; articleId?: string; status: string}): Promise<void> {
    this.handle ??= mkdir(path.dirname(this.file), {recursive: true}).then(() => open(this.file, 'a'))
    const handle = await this.handle
    await handle.write(`${JSON.stringify({...entry, at: new Date().toISOString()})}\n`)
  }

  async close(): Promise<void> {
    const handle = this.handle
    this.handle = undefined
    await (await handle)?.close()
  }
}
