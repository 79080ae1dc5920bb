export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  /** Which failures to try again; default `isRetryable`. */
  retryOn?: (error: unknown) => boolean
}

interface HttpishError {
  statusCode?: number
  response?: {headers?: Record<string, string | string[] | undefined>}
  code?: string
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** 429, 5xx and network failures are worth another try; anything else is a real answer. */
export function isRetryable(error: unknown): boolean {
  const {statusCode} = (error ?? {}) as HttpishError
  if (typeof statusCode === 'number') return statusCode === 429 || statusCode >= 500
  return error instanceof Error
}

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as HttpishError | undefined)?.response?.headers
  const raw = headers?.['retry-after']
  const value = Array.isArray(raw) ? raw[0] : raw
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Exponential backoff with full jitter, honouring Retry-After. */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8
  const base = options.baseDelayMs ?? 250
  const cap = options.maxDelayMs ?? 30_000
  const wait = options.sleep ?? sleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (attempt >= attempts || !(options.retryOn ?? isRetryable)(error)) throw error
      const hinted = retryAfterMs(error)
      const backoff = Math.random() * Math.min(cap, base * 2 ** (attempt - 1))
      await wait(hinted === undefined ? backoff : Math.min(cap, hinted + backoff / 4))
    }
  }
}

/** At most `perSecond` starts per second and `concurrency` at once. */
export class RateLimiter {
  private active = 0
  private nextStart = 0
  private readonly queue: Array<() => void> = []

  constructor(
    private readonly perSecond: number,
    private readonly concurrency: number,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire()
    try {
      return await fn()
    } finally {
      this.active--
      this.queue.shift()?.()
    }
  }

  private async acquire(): Promise<void> {
    while (this.active >= this.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve))
    this.active++
    const now = Date.now()
    const start = Math.max(now, this.nextStart)
    this.nextStart = start + 1000 / this.perSecond
    if (start > now) await sleep(start - now)
  }
}
