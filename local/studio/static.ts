import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import path from 'node:path'
import {pipeline} from 'node:stream/promises'
import type {LocalRequest, LocalResponse} from '../server'

/**
 * Serves a built Studio (`sanity build` output): files as they are, and
 * `index.html` for every other path, since the Studio routes in the browser.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
}

async function fileAt(root: string, pathname: string): Promise<{file: string; size: number} | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`)
  // Never outside the build folder.
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return undefined
  try {
    const info = await stat(file)
    return info.isFile() ? {file, size: info.size} : undefined
  } catch {
    return undefined
  }
}

/** Answers a GET/HEAD for the Studio; false when `dir` has no build. */
export async function serveStudioFile(
  root: string,
  req: LocalRequest,
  res: LocalResponse,
  pathname: string,
): Promise<boolean> {
  const exact = pathname === '/' ? undefined : await fileAt(root, pathname)
  const found = exact ?? (await fileAt(root, 'index.html'))
  if (!found) return false
  const ext = path.extname(found.file).toLowerCase()
  // Vite puts content hashes in the names under static/; index.html must always be fresh.
  const immutable = exact !== undefined && pathname.startsWith('/static/')
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': String(found.size),
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...(ext === '.html' ? {'X-Frame-Options': 'SAMEORIGIN', 'Referrer-Policy': 'same-origin'} : {}),
  })
  if (req.method === 'HEAD') {
    res.end()
    return true
  }
  await pipeline(createReadStream(found.file), res)
  return true
}
