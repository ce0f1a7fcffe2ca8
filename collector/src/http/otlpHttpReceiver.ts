import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { closeServer, type Logger } from '@meridian/core'
import type { MemoryBudget } from '../backpressure.js'
import { type Ingest, StoreUnavailableError } from '../ingest.js'
import type { CollectorMetrics } from '../selfTelemetry/collectorMetrics.js'
import { MalformedPayloadError } from '../otlp/rows.js'
import { type EncodedResponse, exportResponse, RpcCode, statusResponse } from '../responses.js'
import { type PayloadFormat, type Signal, signals } from '../signals.js'
import { BodyError, readBody } from './readBody.js'

export interface OtlpHttpOptions {
  host: string
  port: number
  maxBodyBytes: number
}

/** Liveness and readiness, for GET /healthz and /readyz. */
export interface CollectorHealth {
  ready(): { ready: boolean; reason?: string; spool: { batches: number; bytes: number } }
}

const ROUTES: Record<string, Signal> = {
  '/v1/traces': signals.traces,
  '/v1/metrics': signals.metrics,
  '/v1/logs': signals.logs,
}

/** How long a sender should wait before retrying: the store unavailable, or memory full. */
const RETRY_AFTER_SECONDS = 5
const BUSY_RETRY_AFTER_SECONDS = 1

/** The collector holds as many request bytes as it may; the sender should retry shortly. */
class BusyError extends Error {}

function refusalReason(err: unknown): 'backpressure' | 'too_large' | 'malformed' | 'unavailable' | undefined {
  if (err instanceof BusyError) return 'backpressure'
  if (err instanceof BodyError) return err.status === 413 ? 'too_large' : 'malformed'
  if (err instanceof MalformedPayloadError) return 'malformed'
  if (err instanceof StoreUnavailableError) return 'unavailable'
  return undefined
}

function formatOf(contentType: string | undefined): PayloadFormat | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase()
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf'
  if (type === 'application/json') return 'json'
  return undefined
}

function send(res: ServerResponse, status: number, response: EncodedResponse, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': response.contentType, 'Content-Length': response.body.length, ...headers })
  res.end(response.body)
}

/** OTLP/HTTP: POST /v1/{traces,metrics,logs}, protobuf or JSON, gzip or not, answered as the spec says. */
export class OtlpHttpReceiver {
  private server?: Server

  constructor(
    private readonly ingest: Ingest,
    private readonly options: OtlpHttpOptions,
    private readonly budget: MemoryBudget,
    private readonly health: CollectorHealth,
    private readonly metrics: CollectorMetrics,
    private readonly logger?: Logger,
  ) {}

  async start(): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res))
    server.keepAliveTimeout = 65_000
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.options.port, this.options.host, () => resolve())
    })
    return (server.address() as AddressInfo).port
  }

  /** Stops taking connections and waits for requests in progress to be answered. */
  async stop(): Promise<void> {
    if (this.server) await closeServer(this.server)
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) return this.answerHealth(path, res)
    const signal = ROUTES[path]
    if (!signal) return send(res, 404, statusResponse('json', RpcCode.UNIMPLEMENTED, `no OTLP endpoint at ${path}; use /v1/traces, /v1/metrics or /v1/logs`))
    if (req.method !== 'POST') return send(res, 405, statusResponse('json', RpcCode.UNIMPLEMENTED, `${path} takes POST, not ${req.method}`), { Allow: 'POST' })
    const format = formatOf(req.headers['content-type'])
    if (!format) {
      req.resume()
      return send(res, 415, statusResponse('json', RpcCode.INVALID_ARGUMENT, `Content-Type "${req.headers['content-type'] ?? ''}" is not supported; send application/x-protobuf or application/json`))
    }
    let held = 0
    try {
      // Take the declared size before reading, so an overloaded collector does not read at all…
      const declared = Number(req.headers['content-length'])
      if (Number.isFinite(declared) && declared > 0) held = this.hold(Math.min(declared, this.options.maxBodyBytes), 0)
      const body = await readBody(req, this.options.maxBodyBytes)
      // …and what decompression (or a body without Content-Length) adds once read.
      held = this.hold(body.length, held)
      const outcome = await this.ingest.export(signal, format, body)
      send(res, 200, exportResponse(signal, format, outcome))
    } catch (err) {
      this.answerError(req, res, format, err as Error)
      const reason = refusalReason(err)
      if (reason) this.metrics.refusedRequest(signal.name, reason)
    } finally {
      this.budget.release(held)
    }
  }

  /** Grows what this request holds to `bytes`; throws BusyError when the budget has no room. */
  private hold(bytes: number, held: number): number {
    if (bytes <= held) return held
    if (!this.budget.tryAcquire(bytes - held)) throw new BusyError()
    return bytes
  }

  private answerHealth(path: string, res: ServerResponse): void {
    if (path === '/healthz') {
      send(res, 200, { contentType: 'application/json', body: Buffer.from('{"status":"ok"}') })
      return
    }
    const { ready, reason, spool } = this.health.ready()
    const body = Buffer.from(JSON.stringify(ready ? { status: 'ready', spool } : { status: 'not ready', reason, spool }))
    send(res, ready ? 200 : 503, { contentType: 'application/json', body })
  }

  private answerError(req: IncomingMessage, res: ServerResponse, format: PayloadFormat, err: Error): void {
    if (err instanceof BodyError) {
      // Stop reading an oversized body: answer, then close the connection.
      res.once('finish', () => req.destroy())
      send(res, err.status, statusResponse(format, RpcCode.INVALID_ARGUMENT, err.message), { Connection: 'close' })
    } else if (err instanceof BusyError) {
      // Let the unread body drain (costing no memory), so the sender surely reads the answer.
      req.resume()
      const message = `the collector is at its memory limit (${this.budget.limit} bytes of requests in progress); retry later`
      send(res, 429, statusResponse(format, RpcCode.RESOURCE_EXHAUSTED, message), { 'Retry-After': String(BUSY_RETRY_AFTER_SECONDS) })
    } else if (err instanceof MalformedPayloadError) {
      send(res, 400, statusResponse(format, RpcCode.INVALID_ARGUMENT, err.message))
    } else if (err instanceof StoreUnavailableError) {
      send(res, 503, statusResponse(format, RpcCode.UNAVAILABLE, err.message), { 'Retry-After': String(RETRY_AFTER_SECONDS) })
    } else {
      this.logger?.error({ err }, 'OTLP/HTTP request failed')
      send(res, 500, statusResponse(format, RpcCode.UNAVAILABLE, 'internal error; see the collector log'))
    }
  }
}
