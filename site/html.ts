import {escapeHTML} from '@portabletext/to-html'

/**
 * A tiny HTML builder: `html` escapes every interpolated value unless it is
 * already `SafeHtml`, so content can only reach a page as text.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

export type HtmlPart = SafeHtml | string | number | null | undefined | false | readonly HtmlPart[]

/** Escapes text for element content and quoted attribute values. */
export function escapeText(value: string): string {
  // to-html's escapeHTML also turns runs of spaces into &nbsp;, which is right for prose and harmless in attributes.
  return escapeHTML(value)
}

function renderPart(part: HtmlPart): string {
  if (part === null || part === undefined || part === false) return ''
  if (part instanceof SafeHtml) return part.value
  if (Array.isArray(part)) return part.map(renderPart).join('')
  return escapeText(String(part))
}

export function html(strings: TemplateStringsArray, ...values: HtmlPart[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((value, index) => {
    out += renderPart(value) + (strings[index + 1] ?? '')
  })
  return new SafeHtml(out)
}

/** Marks HTML built elsewhere (the Portable Text renderer, which escapes itself) as safe. */
export function trusted(value: string): SafeHtml {
  return new SafeHtml(value)
}

/** A query string from the non-empty values, e.g. `?agency=x&year=2019`, or '' when all are empty. */
export function queryString(values: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value)
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({'<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;'})[c] ?? c)
}
