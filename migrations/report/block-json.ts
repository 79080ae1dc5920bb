import type {MetricDoc, SpanDoc, TextBlockDoc} from './documents'

/**
 * `JSON.stringify(block)` for a text block as the builder makes it: every
 * object with its keys in sorted order, spans and metrics as children,
 * agency mentions as mark definitions. The builder hashes every block it
 * makes, and writing the known shapes out directly takes about 60% of the
 * time the generic serialiser does (measured on the benchmark corpus).
 * A test holds the two equal on generated reports, the seed and every
 * sample, and on arbitrary text; any other value must go through
 * `JSON.stringify`.
 *
 * `plain`: the caller vouches that no string in the block has a character
 * JSON escapes, so none is checked. The builder can: every string in its
 * blocks is cut from the report's lines or is a key, id, unit or enum of its
 * own, so a report for which `isPlainText` holds makes only plain blocks.
 */
export function blockJson(block: TextBlockDoc, plain = false): string {
  const str = plain ? quote : quoteEscaped
  let out = `{"_key":${str(block._key)},"_type":"block","children":[`
  const {children} = block
  for (let i = 0; i < children.length; i++) {
    if (i > 0) out += ','
    const child = children[i]!
    out += child._type === 'span' ? spanJson(child, str) : metricJson(child, str)
  }
  out += '],"markDefs":['
  for (let i = 0; i < block.markDefs.length; i++) {
    if (i > 0) out += ','
    const def = block.markDefs[i]!
    // agencyMention is the only mark the builder defines; links come from editors.
    out +=
      def._type === 'agencyMention'
        ? `{"_key":${str(def._key)},"_type":"agencyMention","agency":{"_ref":${str(def.agency._ref)},"_type":"reference"}}`
        : JSON.stringify(def)
  }
  return `${out}],"style":${str(block.style)}}`
}

type Quote = (text: string) => string

function spanJson(span: SpanDoc, str: Quote): string {
  let marks = ''
  for (let i = 0; i < span.marks.length; i++) marks += (i > 0 ? ',' : '') + str(span.marks[i]!)
  return `{"_key":${str(span._key)},"_type":"span","marks":[${marks}],"text":${str(span.text)}}`
}

function metricJson(metric: MetricDoc, str: Quote): string {
  let out = `{"_key":${str(metric._key)},"_type":"metric"`
  if (metric.agency !== undefined) out += `,"agency":${JSON.stringify(metric.agency)}`
  out += `,"approximation":${str(metric.approximation)}`
  if (metric.baseUnit !== undefined) out += `,"baseUnit":${str(metric.baseUnit)}`
  if (metric.change !== undefined) out += `,"change":${str(metric.change)}`
  out += `,"kind":${str(metric.kind)}`
  if (metric.label !== undefined) out += `,"label":${str(metric.label)}`
  if (metric.period !== undefined) out += `,"period":${str(metric.period)}`
  if (metric.scaledValue !== undefined) out += `,"scaledValue":${JSON.stringify(metric.scaledValue)}`
  return `${out},"text":${str(metric.text)},"unit":${str(metric.unit)},"value":${JSON.stringify(metric.value)}}`
}

/** Characters JSON.stringify escapes: quote, backslash, controls, and surrogates (lone ones are escaped). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

/**
 * The same but line breaks, which never reach a block (blocks are lines).
 * Any surrogate counts, paired or not: cutting text could split a pair.
 */
const ESCAPED_IN_A_LINE = /["\\\u0000-\u0009\u000b\u000c\u000e-\u001f\ud800-\udfff]/

/** Whether every line of `text`, and every piece cut from one, is written by JSON.stringify as is. */
export function isPlainText(text: string): boolean {
  return !ESCAPED_IN_A_LINE.test(text)
}

function quote(text: string): string {
  return `"${text}"`
}

function quoteEscaped(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`
}
