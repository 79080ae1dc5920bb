import {closeSync, fstatSync, openSync, readSync} from 'node:fs'
import path from 'node:path'
import {z} from 'zod'
import {buildReport, type BuildResult} from '../../migrations/report/build'
import {decodeReport} from '../../migrations/report/decode'

/** One file to read, decode and build; plain data, so it can cross to a worker thread. */
export interface BuildJob {
  file: string
  maxBytes: number
  importedAt: string
}

/** Read → decode → build for one file. Never throws: a bad file is a result with a reason. */
export async function buildFile(job: BuildJob): Promise<BuildResult> {
  const loaded = readReportFile(job.file, job.maxBytes)
  if (!loaded.ok) return loaded
  try {
    return buildReport({fileName: path.basename(job.file), text: loaded.text, importedAt: job.importedAt})
  } catch (error) {
    return {ok: false, reason: errorMessage(error)}
  }
}

type Loaded = {ok: true; text: string} | {ok: false; reason: string}

/**
 * Refuses an oversized file from its size, without reading it. Synchronous
 * on purpose: report files are small and local, and one blocking read costs
 * a fraction of the four thread-pool round trips of the promise API. Build
 * workers call it off the main thread anyway.
 */
export function readReportFile(file: string, maxBytes: number): Loaded {
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    const {size} = fstatSync(fd)
    if (size > maxBytes) return {ok: false, reason: `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit`}
    const buffer = Buffer.alloc(size)
    const bytesRead = readSync(fd, buffer, 0, size, 0)
    const decoded = decodeReport(buffer.subarray(0, bytesRead), {maxBytes})
    return decoded.ok ? {ok: true, text: decoded.text} : {ok: false, reason: decoded.reason}
  } catch (error) {
    return {ok: false, reason: errorMessage(error)}
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** First line only: errors are reported one per line, and never carry request headers. */
export function errorMessage(error: unknown): string {
  if (error instanceof z.ZodError) {
    // A zod message is the issue list as JSON; the first issue says what is wrong and where.
    const issue = error.issues[0]
    return issue ? `invalid document at ${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid document'
  }
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0] ?? message
}
