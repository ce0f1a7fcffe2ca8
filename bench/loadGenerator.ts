/*
 * The load generator of bench/ingest.ts, in its own process (child_process.fork) so that its CPU
 * is not the collector's. It builds a few trace requests up front, then keeps `concurrency`
 * OTLP/HTTP protobuf requests in flight over keep-alive connections, each a copy of a template
 * with fresh random ids, until told to stop. It answers the parent's messages:
 *
 *   init  → ready    (templates built)
 *   start            (load begins)
 *   mark  → mark     (counters now: the parent brackets its measured window with two marks)
 *   stop  → stopped  (no new requests; every request in flight answered; final counters)
 */
import { Agent, request } from 'node:http'
import { WireReader } from '../collector/src/otlp/proto/wireReader.js'
import { Rng, type SpanIdLayout, spanIdLayout, traceRequest, withFreshIds } from './payloads.js'

export interface LoadInit {
  type: 'init'
  /** OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 */
  url: string
  concurrency: number
  templates: number
  spansPerRequest: number
  instanceId: string
  /** Longest wait for one answer. */
  requestTimeoutMs: number
}

export type ParentMessage = LoadInit | { type: 'start' } | { type: 'mark'; id: number } | { type: 'stop' }

export interface Counters {
  /** Requests answered (any way) and their spans. */
  requests: number
  /** 200 without rejections: the accepted spans. */
  okRequests: number
  acceptedSpans: number
  /** 200 with a partial success: some spans rejected. */
  partialRequests: number
  partialAcceptedSpans: number
  rejectedSpans: number
  /** Refusals a sender retries: 429 Too Many Requests, 503 Unavailable. */
  status429: number
  status503: number
  /** Any other status, by code. */
  otherStatuses: Record<string, number>
  /** Connection errors and timeouts. */
  networkErrors: number
  /** First few problems, verbatim. */
  samples: string[]
  /** Latency of the 200 answers since the previous mark, in ms. */
  latencyMs: { p50: number; p99: number; max: number; n: number }
  /** This process's CPU so far, seconds. */
  cpuSeconds: number
}

export type ChildMessage =
  | { type: 'ready'; buildSeconds: number; bytesPerRequest: number }
  | { type: 'mark'; id: number; counters: Counters }
  | { type: 'stopped'; counters: Counters }

const MAX_SAMPLES = 5
/** A refused request waits Retry-After, but no longer than this, so a short run keeps probing. */
const MAX_BACKOFF_MS = 1000

function send(message: ChildMessage): void {
  process.send!(message)
}

/** rejected_spans and error_message of an ExportTraceServiceResponse (empty: a full success). */
function partialSuccess(body: Buffer): { rejected: number; message: string } {
  const out = { rejected: 0, message: '' }
  const r = new WireReader(body)
  while (r.pos < r.end) {
    if (r.readTag('ExportTraceServiceResponse') !== 1) {
      r.skipField()
      continue
    }
    const outerEnd = r.enterMessage()
    while (r.pos < r.end) {
      const field = r.readTag('ExportTracePartialSuccess')
      if (field === 1) out.rejected = Number(r.readInt64())
      else if (field === 2) out.message = r.readString()
      else r.skipField()
    }
    r.leaveMessage(outerEnd)
  }
  return out
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

class LoadGenerator {
  private readonly counters: Omit<Counters, 'latencyMs' | 'cpuSeconds'> = {
    requests: 0,
    okRequests: 0,
    acceptedSpans: 0,
    partialRequests: 0,
    partialAcceptedSpans: 0,
    rejectedSpans: 0,
    status429: 0,
    status503: 0,
    otherStatuses: {},
    networkErrors: 0,
    samples: [],
  }
  private latencies: number[] = []
  private readonly templates: { bytes: Buffer; layout: SpanIdLayout }[] = []
  private next = 0
  private running = false
  private workers: Promise<void>[] = []
  private readonly agent: Agent
  private readonly target: URL

  constructor(private readonly init: LoadInit) {
    this.agent = new Agent({ keepAlive: true, maxSockets: init.concurrency })
    this.target = new URL('/v1/traces', init.url)
  }

  build(): ChildMessage {
    const started = performance.now()
    const rng = new Rng(Date.now())
    // Times near now, as a live service's; ids are replaced on every send anyway.
    const startNs = BigInt(Date.now() - 60_000) * 1_000_000n
    for (let i = 0; i < this.init.templates; i++) {
      const bytes = traceRequest(rng, { items: this.init.spansPerRequest, startNs, instanceId: this.init.instanceId })
      this.templates.push({ bytes, layout: spanIdLayout(bytes) })
    }
    const bytesPerRequest = this.templates.reduce((sum, t) => sum + t.bytes.length, 0) / this.templates.length
    return { type: 'ready', buildSeconds: (performance.now() - started) / 1000, bytesPerRequest }
  }

  start(): void {
    this.running = true
    this.workers = Array.from({ length: this.init.concurrency }, () => this.work())
  }

  async stop(): Promise<Counters> {
    this.running = false
    await Promise.all(this.workers)
    this.agent.destroy()
    return this.snapshot()
  }

  snapshot(): Counters {
    const sorted = this.latencies.sort((a, b) => a - b)
    this.latencies = []
    const cpu = process.cpuUsage()
    return {
      ...structuredClone(this.counters),
      latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0, n: sorted.length },
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    }
  }

  private sample(problem: string): void {
    if (this.counters.samples.length < MAX_SAMPLES) this.counters.samples.push(problem)
  }

  private async work(): Promise<void> {
    while (this.running) {
      const template = this.templates[this.next++ % this.templates.length]
      const body = withFreshIds(template.bytes, template.layout)
      const started = performance.now()
      let backoffMs = 0
      try {
        const res = await this.post(body)
        this.counters.requests++
        if (res.status === 200) {
          const partial = partialSuccess(res.body)
          if (partial.rejected === 0) {
            this.counters.okRequests++
            this.counters.acceptedSpans += this.init.spansPerRequest
            this.latencies.push(performance.now() - started)
          } else {
            this.counters.partialRequests++
            this.counters.rejectedSpans += partial.rejected
            this.counters.partialAcceptedSpans += this.init.spansPerRequest - partial.rejected
            this.sample(`200 with ${partial.rejected} spans rejected: ${partial.message}`)
          }
        } else if (res.status === 429 || res.status === 503) {
          if (res.status === 429) this.counters.status429++
          else this.counters.status503++
          this.sample(`${res.status} (Retry-After ${res.retryAfter ?? '-'}): ${res.body.toString('utf8', 0, 300)}`)
          backoffMs = Math.min(MAX_BACKOFF_MS, Number(res.retryAfter ?? 1) * 1000)
        } else {
          this.counters.otherStatuses[res.status] = (this.counters.otherStatuses[res.status] ?? 0) + 1
          this.sample(`${res.status}: ${res.body.toString('utf8', 0, 300)}`)
        }
      } catch (err) {
        this.counters.requests++
        this.counters.networkErrors++
        this.sample(`request failed: ${(err as Error).message}`)
        backoffMs = 100
      }
      if (backoffMs > 0 && this.running) await new Promise((resolve) => setTimeout(resolve, backoffMs))
    }
  }

  private post(body: Buffer): Promise<{ status: number; body: Buffer; retryAfter?: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.target,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length },
          timeout: this.init.requestTimeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), retryAfter: res.headers['retry-after'] }))
          res.on('error', reject)
        },
      )
      req.on('timeout', () => req.destroy(new Error(`no answer in ${this.init.requestTimeoutMs} ms`)))
      req.on('error', reject)
      req.end(body)
    })
  }
}

let generator: LoadGenerator | undefined

process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'init':
      generator = new LoadGenerator(message)
      send(generator.build())
      break
    case 'start':
      generator!.start()
      break
    case 'mark':
      send({ type: 'mark', id: message.id, counters: generator!.snapshot() })
      break
    case 'stop':
      void generator!.stop().then((counters) => {
        send({ type: 'stopped', counters })
        process.disconnect()
      })
      break
  }
})
// The parent gone (killed, crashed): stop too rather than load the collector on our own.
process.on('disconnect', () => process.exit(0))
