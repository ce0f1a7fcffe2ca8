/**
 * Calls between the demo services, over node:http so the HTTP instrumentation makes the client
 * span and injects trace context and baggage. JSON in, JSON out; a timeout aborts the request
 * (the client span then ends in error) and throws UpstreamTimeoutError.
 */
import http from 'node:http'

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

export class UpstreamTimeoutError extends Error {
  constructor(
    readonly service: string,
    readonly timeoutMs: number,
  ) {
    super(`${service} did not answer within ${timeoutMs} ms`)
    this.name = 'UpstreamTimeoutError'
  }
}

export class UpstreamError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${service} answered ${status}${errorMessageOf(body) ? `: ${errorMessageOf(body)}` : ''}`)
    this.name = 'UpstreamError'
  }
}

function errorMessageOf(body: unknown): string | undefined {
  return (body as { error?: { message?: string } } | undefined)?.error?.message
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE'
  body?: unknown
  timeoutMs?: number
}

export interface Answer<T> {
  status: number
  body: T
}

/** One HTTP call; resolves with any status (the caller decides), rejects on a timeout or a broken connection. */
export function call<T = unknown>(service: string, baseUrl: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const timeoutMs = options.timeoutMs ?? 5000
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      agent,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    })
    const timer = setTimeout(() => req.destroy(new UpstreamTimeoutError(service, timeoutMs)), timeoutMs)
    req.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      res.on('end', () => {
        clearTimeout(timer)
        const text = Buffer.concat(chunks).toString('utf8')
        let body: unknown
        try {
          body = text ? JSON.parse(text) : undefined
        } catch {
          body = text
        }
        resolve({ status: res.statusCode ?? 0, body: body as T })
      })
    })
    req.end(payload)
  })
}

/** Like call, but a non-2xx answer throws UpstreamError. */
export async function callOk<T = unknown>(service: string, baseUrl: string, path: string, options: CallOptions = {}): Promise<T> {
  const answer = await call<T>(service, baseUrl, path, options)
  if (answer.status < 200 || answer.status >= 300) throw new UpstreamError(service, answer.status, answer.body)
  return answer.body
}
