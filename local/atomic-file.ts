import {randomBytes} from 'node:crypto'
import {mkdir, open, readdir, rename, rm, type FileHandle} from 'node:fs/promises'
import path from 'node:path'

/** Temp files of `file` are `.<name>.<pid>.<random>.tmp` beside it, so leftovers can be found and removed. */
function tempPrefix(file: string): string {
  return `.${path.basename(file)}.`
}

/**
 * Writes `file` whole or not at all: the content goes to a temp file beside
 * it (created exclusively, with `mode`), is fsynced, then renamed over the
 * target, and the directory is fsynced so the rename survives a power cut.
 * Readers see the old file or the new one, never a torn one. `content` may
 * be chunks, so large files are written without one big string.
 */
export async function writeFileAtomic(file: string, content: string | Iterable<string>, mode = 0o644): Promise<void> {
  const dir = path.dirname(file)
  await mkdir(dir, {recursive: true})
  const temp = path.join(dir, `${tempPrefix(file)}${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temp, 'wx', mode)
  try {
    for (const chunk of typeof content === 'string' ? [content] : content) await writeAll(handle, chunk)
    await handle.sync()
    await handle.close()
  } catch (error) {
    await handle.close().catch(() => undefined)
    await rm(temp, {force: true})
    throw error
  }
  try {
    await rename(temp, file)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
  await syncDirectory(dir)
}

/** Removes temp files a writer of `file` left when it died. Call only while holding the file's lock. */
export async function removeTempFiles(file: string): Promise<void> {
  const prefix = tempPrefix(file)
  const dir = path.dirname(file)
  const names = await readdir(dir).catch(() => [])
  await Promise.all(
    names.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp')).map((name) => rm(path.join(dir, name), {force: true})),
  )
}

async function writeAll(handle: FileHandle, text: string): Promise<void> {
  const buffer = Buffer.from(text, 'utf8')
  let offset = 0
  while (offset < buffer.length) {
    const {bytesWritten} = await handle.write(buffer, offset, buffer.length - offset)
    offset += bytesWritten
  }
}

/** Makes a rename durable. Not possible on every platform (Windows), hence best effort there. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : ''
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'EACCES'].includes(code)) throw error
  } finally {
    await handle?.close()
  }
}
