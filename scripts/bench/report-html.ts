import {parseReport} from '../../migrations/report/parse'

// Apart from peer.ts, so the benchmark's main thread prepares the peer's input without loading JSDOM or the Studio schema.

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The report as the HTML a Sanity user would feed block-tools: title and paragraphs as our parser splits them. */
export function reportHtml(text: string): string | undefined {
  const parsed = parseReport(text)
  if (!parsed.ok) return undefined
  const parts = [`<h1>${escapeHtml(parsed.report.title)}</h1>`]
  for (const block of parsed.report.blocks) {
    const tag = block.style === 'normal' ? 'p' : block.style
    parts.push(`<${tag}>${escapeHtml(block.text)}</${tag}>`)
  }
  return `<html><body>${parts.join('')}</body></html>`
}
