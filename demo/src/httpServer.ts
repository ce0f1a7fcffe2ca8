/**
 * The demo services' HTTP server: a tiny router on node:http. The HTTP instrumentation makes the
 * server span; this sets its `http.route` (through the RPC metadata the instrumentation reads, so
 * the span is named "GET /products/:id" and the duration histogram carries the route too) and
 * copies the user's baggage (tier, region, id) onto it, so every service's spans can be filtered by them.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Attributes, context, propagation, type Span, trace } from '@opentelemetry/api'
import { core } from '@opentelemetry/sdk-node'
import { HEALTH_PATH } from './serviceConfig.js'
import { failSpan } from './spans.js'

/** An error that is an HTTP answer: its status and a stable code go to the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export interface Request {
  method: string
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  /** The server span. */
  span: Span
  /** The baggage the user's request carried (app.user.id, app.user.tier, app.region). */
  user: { id: string; tier: string; region: string }
}

export interface Reply {
  status?: number
  body?: unknown
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  /** A path template: `/products/:id` */
  path: string
  handler: (req: Request) => Promise<Reply>
}

/** Baggage entries copied onto each server span, and the attribute names they get. */
const BAGGAGE_ATTRIBUTES = ['app.user.id', 'app.user.tier', 'app.region'] as const

export interface RunningHttpServer {
  port: number
  url: string
  /**
   * Stops accepting, lets requests in flight finish (up to `graceMs`; also those whose client
   * went away, so their spans end before the SDK flushes), then closes the connections left.
   */
  close(graceMs?: number): Promise<void>
}

interface CompiledRoute extends Route {
  segments: string[]
}

function match(route: CompiledRoute, method: string, parts: string[]): Record<string, string> | undefined {
  if (route.method !== method || route.segments.length !== parts.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < parts.length; i++) {
    const seg = route.segments[i]!
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(parts[i]!)
    else if (seg !== parts[i]) return undefined
  }
  return params
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  if (chunks.length === 0) return undefined
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(400, 'bad_json', 'the body is not JSON')
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? {})
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** Serves `routes` on 127.0.0.1 (a free port unless `port` is given). */
export function startHttpServer(routes: Route[], onUnexpected: (err: unknown) => void, port = 0): Promise<RunningHttpServer> {
  const compiled: CompiledRoute[] = routes.map((r) => ({ ...r, segments: r.path.split('/').filter(Boolean) }))
  const inFlight = new Set<Promise<void>>()
  const server = http.createServer((req, res) => {
    const handled = handle(req, res).finally(() => inFlight.delete(handled))
    inFlight.add(handled)
  })
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const span = trace.getActiveSpan()
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname === HEALTH_PATH) {
        send(res, 200, { status: 'ok' })
        return
      }
      const parts = url.pathname.split('/').filter(Boolean)
      const method = req.method ?? 'GET'
      let route: CompiledRoute | undefined
      let params: Record<string, string> | undefined
      for (const candidate of compiled) {
        params = match(candidate, method, parts)
        if (params) {
          route = candidate
          break
        }
      }
      if (!route || !params || !span) {
        req.resume()
        send(res, 404, { error: { code: 'not_found', message: `no route for ${method} ${url.pathname}` } })
        return
      }
      const rpc = core.getRPCMetadata(context.active())
      if (rpc?.type === core.RPCType.HTTP) rpc.route = route.path
      const attributes: Attributes = {}
      const baggage = propagation.getActiveBaggage()
      for (const key of BAGGAGE_ATTRIBUTES) {
        const value = baggage?.getEntry(key)?.value
        if (value) attributes[key] = value
      }
      span.setAttributes(attributes)
      const user = {
        id: String(attributes['app.user.id'] ?? 'anonymous'),
        tier: String(attributes['app.user.tier'] ?? 'free'),
        region: String(attributes['app.region'] ?? 'us-east-1'),
      }
      const body = await readBody(req)
      const reply = await route.handler({ method, params, query: url.searchParams, body, span, user })
      send(res, reply.status ?? 200, reply.body)
    } catch (err) {
      if (err instanceof HttpError) {
        // 5xx are the server's failures; a 4xx is marked where the handler decided it is one
        if (err.status >= 500 && span) failSpan(span, err)
        send(res, err.status, { error: { code: err.code, message: err.message } })
      } else {
        if (span) failSpan(span, err)
        onUnexpected(err)
        if (!res.headersSent) send(res, 500, { error: { code: 'internal', message: 'internal error' } })
      }
    }
  }
  server.keepAliveTimeout = 30_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const actual = (server.address() as AddressInfo).port
      resolve({
        port: actual,
        url: `http://127.0.0.1:${actual}`,
        close: async (graceMs = 5000) => {
          const closed = new Promise<void>((done) => server.close(() => done()))
          server.closeIdleConnections()
          let force: NodeJS.Timeout | undefined
          const timeUp = new Promise<void>((done) => {
            force = setTimeout(done, graceMs)
          })
          await Promise.race([Promise.allSettled([...inFlight]), timeUp])
          server.closeAllConnections()
          await closed
          clearTimeout(force)
        },
      })
    })
  })
}
