import {createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate} from 'node:crypto'
import {mkdir, readFile} from 'node:fs/promises'
import {isIP} from 'node:net'
import path from 'node:path'
import {writeFileAtomic} from '../atomic-file'

/**
 * A self-signed certificate for the local Studio's HTTPS (which browsers
 * need for HTTP/2). Built with node:crypto alone: an ECDSA P-256 key and a
 * minimal DER encoder for the X.509 fields browsers check (SAN, key usage,
 * server auth). No openssl binary or npm dependency.
 */

export interface TlsCredentials {
  key: string
  cert: string
  /** SHA-256 fingerprint, as browsers show it. */
  fingerprint: string
  validTo: Date
  /** Where the pair is stored, when it is. */
  files?: {key: string; cert: string}
}

export interface CertificateOptions {
  /** DNS names and IP addresses for subjectAltName; default localhost, *.localhost, 127.0.0.1, ::1. */
  hosts?: readonly string[]
  /** Default 365 days. */
  days?: number
  commonName?: string
  now?: Date
}

export const DEFAULT_TLS_HOSTS: readonly string[] = ['localhost', '*.localhost', '127.0.0.1', '::1']
const DEFAULT_DAYS = 365
/** Regenerate a stored certificate this long before it expires. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000

// ---------------------------------------------------------------------------
// DER

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length])
  const bytes: number[] = []
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content])
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items))
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items))
const octetString = (content: Buffer): Buffer => tlv(0x04, content)
const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'))
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content)
const booleanTrue = (): Buffer => Buffer.from([0x01, 0x01, 0xff])

function integer(bytes: Buffer): Buffer {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0 && (bytes[start + 1] ?? 0) < 0x80) start++
  const trimmed = bytes.subarray(start)
  // A leading 1 bit would make the number negative.
  return tlv(0x02, (trimmed[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number)
  const [first = 0, second = 0, ...rest] = parts
  const bytes = [first * 40 + second]
  for (const part of rest) {
    const chunk: number[] = [part & 0x7f]
    for (let n = Math.floor(part / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift(0x80 | (n & 0x7f))
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:T]/g, '')
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'))
}

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number))
  // Expand "::" and write eight 16-bit groups.
  const [head = '', tail] = address.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
  const out = Buffer.alloc(16)
  groups.forEach((group, i) => out.writeUInt16BE(Number.parseInt(group, 16), i * 2))
  return out
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [booleanTrue()] : []), octetString(value))
}

// ---------------------------------------------------------------------------
// Certificate

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

/** A new self-signed ECDSA P-256 certificate for the given hosts. */
export function createSelfSignedCertificate(options: CertificateOptions = {}): TlsCredentials {
  const hosts = options.hosts ?? DEFAULT_TLS_HOSTS
  const now = options.now ?? new Date()
  const days = options.days ?? DEFAULT_DAYS
  const commonName = options.commonName ?? 'Local Sanity Studio'
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'})
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'))
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8String(commonName))))
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000)
  const notAfter = new Date(now.getTime() + days * 24 * 3600 * 1000)
  const altNames = hosts.map((host) =>
    isIP(host) ? tlv(0x87, ipBytes(host)) : tlv(0x82, Buffer.from(host, 'ascii')),
  )
  const extensions = sequence(
    // basicConstraints: not a CA.
    extension('2.5.29.19', true, sequence()),
    // keyUsage: digitalSignature.
    extension('2.5.29.15', true, Buffer.from([0x03, 0x02, 0x07, 0x80])),
    // extKeyUsage: serverAuth.
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))),
    extension('2.5.29.17', false, sequence(...altNames)),
  )
  const serial = randomBytes(16)
  serial[0] = (serial[0] ?? 0) & 0x7f
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaWithSha256,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKey.export({type: 'spki', format: 'der'}),
    explicit(3, extensions),
  )
  const signature = sign('sha256', tbs, privateKey)
  const der = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  const cert = pem('CERTIFICATE', der)
  const key = privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
  const x509 = new X509Certificate(cert)
  return {key, cert, fingerprint: x509.fingerprint256, validTo: new Date(x509.validTo)}
}

function usable(cert: string, key: string, hosts: readonly string[], now: Date): X509Certificate | undefined {
  try {
    const x509 = new X509Certificate(cert)
    if (!x509.checkPrivateKey(createPrivateKey(key))) return undefined
    if (new Date(x509.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return undefined
    if (new Date(x509.validFrom).getTime() > now.getTime()) return undefined
    const names = x509.subjectAltName ?? ''
    for (const host of hosts) {
      const wanted = isIP(host) ? `IP Address:${host === '::1' ? '0:0:0:0:0:0:0:1' : host}` : `DNS:${host}`
      if (!names.split(', ').some((entry) => entry.toUpperCase() === wanted.toUpperCase())) return undefined
    }
    return x509
  } catch {
    return undefined
  }
}

/**
 * The certificate stored in `dir` (key readable by the owner only), made
 * when missing, expiring or not covering `hosts`. Keeping it means a browser
 * exception for it survives restarts.
 */
export async function loadOrCreateCertificate(
  dir: string,
  options: CertificateOptions = {},
): Promise<TlsCredentials> {
  const hosts = options.hosts ?? DEFAULT_TLS_HOSTS
  const now = options.now ?? new Date()
  const files = {key: path.join(dir, 'tls-key.pem'), cert: path.join(dir, 'tls-cert.pem')}
  try {
    const [key, cert] = await Promise.all([readFile(files.key, 'utf8'), readFile(files.cert, 'utf8')])
    const x509 = usable(cert, key, hosts, now)
    if (x509) return {key, cert, fingerprint: x509.fingerprint256, validTo: new Date(x509.validTo), files}
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error
  }
  await mkdir(dir, {recursive: true, mode: 0o700})
  const created = createSelfSignedCertificate({...options, hosts, now})
  await writeFileAtomic(files.key, created.key, 0o600)
  await writeFileAtomic(files.cert, created.cert, 0o644)
  return {...created, files}
}

/** A certificate and key given as files (e.g. from mkcert), checked to belong together. */
export async function readCertificateFiles(certFile: string, keyFile: string): Promise<TlsCredentials> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')])
  const x509 = new X509Certificate(cert)
  if (!x509.checkPrivateKey(createPrivateKey(key))) throw new Error(`${keyFile} is not the key of ${certFile}`)
  return {key, cert, fingerprint: x509.fingerprint256, validTo: new Date(x509.validTo), files: {cert: certFile, key: keyFile}}
}
