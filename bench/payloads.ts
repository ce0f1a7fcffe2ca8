/*
 * Realistic OTLP/protobuf export requests for the benchmarks, encoded with the tests' protobuf
 * encoder, as an instrumented HTTP service (a shop's checkout) sends them:
 *
 * - traces: traces of 8 spans (an HTTP server span, database and HTTP client calls, internal
 *   work, as a tree), each span with ≈20 attributes of mixed types (strings, ints, doubles,
 *   booleans, a string array) and 2-3 events;
 * - logs: records with a message body (some structured), a severity, ≈10 attributes and, for most,
 *   the trace context;
 * - metrics: histograms, counters, up-down counters, gauges, a few exponential histograms and
 *   summaries, 10 data points a metric with 2-5 attributes each.
 *
 * Everything random comes from a seeded generator, so the same seed gives the same bytes.
 * For load, spanIdLayout + withFreshIds give a copy of a request with new random trace and span
 * ids (parent links kept) for the price of a copy, so a load generator never sends the same ids
 * twice without building payloads while it sends.
 */
import { randomFillSync } from 'node:crypto'
import { WireReader } from '../collector/src/otlp/proto/wireReader.js'
import {
  anyValueFields,
  attributes,
  bytes,
  double,
  fixed32,
  fixed64,
  message,
  packedDouble,
  packedFixed64,
  packedVarint,
  sfixed64,
  sint32,
  string,
  type TestValue,
  varint,
} from '../collector/src/otlp/proto/testEncoder.js'

/** A seeded generator (a linear congruential one: plenty for payload shapes). */
export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** In [0, 1). */
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0
    return this.state / 4294967296
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) out[i] = this.int(256)
    return out
  }
}

export interface RequestOptions {
  /** Spans, log records or data points in the request. */
  items?: number
  /** Times fall in the minute from here (nanoseconds since the epoch). */
  startNs?: bigint
  /** The resource's service.instance.id: lets a run find its own rows in a shared store. */
  instanceId?: string
}

export const ITEMS_PER_REQUEST = 1000
/** A fixed start, so payloads built with the same seed are the same bytes (November 2023). */
export const FIXED_START_NS = 1_700_000_000_000_000_000n
const MINUTE_NS = 60_000_000_000

const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.26.0'

function optionsOf(options: RequestOptions): Required<RequestOptions> {
  return {
    items: options.items ?? ITEMS_PER_REQUEST,
    startNs: options.startNs ?? FIXED_START_NS,
    instanceId: options.instanceId ?? '9c6f3f6e-9d1c-4e0e-8f4e-3a0b8f1f2c11',
  }
}

/** As Buffers, which is what an HTTP server hands over (and what lets protobufjs use Buffer#utf8Slice). */
function asBuffer(encoded: Uint8Array): Buffer {
  return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength)
}

// ---- what a checkout service does ----

const ROUTES = ['/api/cart', '/api/cart/{id}', '/api/checkout', '/api/users/{id}', '/api/products/{id}', '/api/search']
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']
const STATUS_CODES = [200, 200, 200, 200, 201, 204, 304, 404, 500]
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const QUERIES = [
  { operation: 'SELECT', table: 'products', text: 'SELECT id, name, price, stock FROM products WHERE id = $1' },
  { operation: 'SELECT', table: 'carts', text: 'SELECT c.id, c.user_id, i.product_id, i.quantity FROM carts c JOIN cart_items i ON i.cart_id = c.id WHERE c.user_id = $1' },
  { operation: 'UPDATE', table: 'carts', text: 'UPDATE carts SET updated_at = now() WHERE user_id = $1' },
  { operation: 'INSERT', table: 'orders', text: 'INSERT INTO orders (user_id, total, currency) VALUES ($1, $2, $3) RETURNING id' },
  { operation: 'DELETE', table: 'cart_items', text: 'DELETE FROM cart_items WHERE cart_id = $1 AND product_id = $2' },
]
const DOWNSTREAMS = [
  { service: 'inventory', host: 'inventory.shop.svc.cluster.local', path: '/v1/stock/' },
  { service: 'pricing', host: 'pricing.shop.svc.cluster.local', path: '/v1/prices/' },
  { service: 'payments', host: 'payments.shop.svc.cluster.local', path: '/v2/authorizations/' },
]
const INTERNAL_WORK = [
  { name: 'cart.price', fn: 'priceCart', file: '/app/src/cart/pricing.js' },
  { name: 'cart.validate', fn: 'validateCart', file: '/app/src/cart/validate.js' },
  { name: 'render json', fn: 'renderJson', file: '/app/src/http/render.js' },
  { name: 'auth.verify_token', fn: 'verifyToken', file: '/app/src/auth/jwt.js' },
]

function resource(instanceId: string): Uint8Array {
  return message(
    1,
    attributes(1, {
      'service.name': 'checkout',
      'service.version': '3.14.1',
      'service.namespace': 'shop',
      'service.instance.id': instanceId,
      'deployment.environment': 'production',
      'host.name': 'ip-10-0-12-34.eu-west-1.compute.internal',
      'host.arch': 'amd64',
      'os.type': 'linux',
      'process.pid': 4242n,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': '20.19.0',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': '2.12.0',
      'k8s.pod.name': 'checkout-7d9f8b6c5d-x2x9q',
      'k8s.namespace.name': 'shop',
      'cloud.region': 'eu-west-1',
    }),
  )
}

/** What the spans of one trace (one HTTP request to the service) share. */
interface RequestContext {
  method: string
  route: string
  path: string
  id: number
  user: string
  status: number
  thread: string
}

function requestContext(rng: Rng): RequestContext {
  const route = rng.pick(ROUTES)
  const id = rng.int(1_000_000)
  return {
    method: rng.pick(METHODS),
    route,
    path: route.replace('{id}', String(id)),
    id,
    user: `user-${rng.int(50_000)}`,
    status: rng.pick(STATUS_CODES),
    thread: `worker-${rng.int(8)}`,
  }
}

// ---- traces ----

const SPAN_KIND_INTERNAL = 1
const SPAN_KIND_SERVER = 2
const SPAN_KIND_CLIENT = 3
const STATUS_ERROR = 2
const SPANS_PER_TRACE = 8

interface SpanShape {
  name: string
  kind: number
  attributes: Record<string, TestValue>
  error?: string
}

function serverSpan(rng: Rng, ctx: RequestContext): SpanShape {
  return {
    name: `${ctx.method} ${ctx.route}`,
    kind: SPAN_KIND_SERVER,
    attributes: {
      'http.request.method': ctx.method,
      'http.route': ctx.route,
      'url.path': ctx.path,
      'url.full': `https://shop.example.com${ctx.path}?page=${ctx.id % 7}`,
      'url.scheme': 'https',
      'server.address': 'shop.example.com',
      'server.port': 443n,
      'network.protocol.version': '1.1',
      'client.address': `10.0.${ctx.id % 256}.${(ctx.id >> 8) % 256}`,
      'client.port': BigInt(30000 + (ctx.id % 20000)),
      'user_agent.original': USER_AGENT,
      'http.response.status_code': BigInt(ctx.status),
      'http.request.body.size': BigInt(ctx.id % 4096),
      'http.response.body.size': BigInt((ctx.id * 7) % 65536),
      'http.request.header.accept': ['application/json', 'text/plain'],
      'enduser.id': ctx.user,
      'thread.name': ctx.thread,
      'app.cache.hit': rng.chance(0.8),
      'app.sampling.ratio': 0.25,
      'app.request.queue_ms': rng.next() * 5,
    },
    error: ctx.status >= 500 ? '' : undefined,
  }
}

function databaseSpan(rng: Rng, ctx: RequestContext): SpanShape {
  const query = rng.pick(QUERIES)
  return {
    name: `${query.operation} shop.${query.table}`,
    kind: SPAN_KIND_CLIENT,
    attributes: {
      'db.system': 'postgresql',
      'db.namespace': 'shop',
      'db.collection.name': query.table,
      'db.operation.name': query.operation,
      'db.query.text': query.text,
      'db.response.returned_rows': BigInt(rng.int(50)),
      'server.address': 'pg-primary.shop.svc.cluster.local',
      'server.port': 5432n,
      'network.peer.address': `10.0.40.${rng.int(4) + 10}`,
      'network.peer.port': 5432n,
      'network.transport': 'tcp',
      'db.client.connection.pool.name': 'shop-pool',
      'code.function': `${query.table}Repository.${query.operation.toLowerCase()}`,
      'code.filepath': `/app/src/db/${query.table}.js`,
      'code.lineno': BigInt(rng.int(400) + 1),
      'enduser.id': ctx.user,
      'thread.name': ctx.thread,
      'app.query.cached': rng.chance(0.3),
      'app.query.duration_ms': rng.next() * 20,
    },
    error: rng.chance(0.02) ? 'canceling statement due to statement timeout' : undefined,
  }
}

function httpClientSpan(rng: Rng, ctx: RequestContext): SpanShape {
  const downstream = rng.pick(DOWNSTREAMS)
  const method = rng.pick(['GET', 'GET', 'POST'])
  const status = rng.chance(0.03) ? 503 : 200
  return {
    name: method,
    kind: SPAN_KIND_CLIENT,
    attributes: {
      'http.request.method': method,
      'url.full': `http://${downstream.host}:8080${downstream.path}${ctx.id}`,
      'url.scheme': 'http',
      'server.address': downstream.host,
      'server.port': 8080n,
      'peer.service': downstream.service,
      'network.protocol.version': '1.1',
      'network.peer.address': `10.0.${20 + rng.int(8)}.${rng.int(256)}`,
      'network.peer.port': 8080n,
      'http.response.status_code': BigInt(status),
      'http.request.resend_count': BigInt(rng.chance(0.05) ? 1 : 0),
      'http.request.body.size': BigInt(rng.int(2048)),
      'http.response.body.size': BigInt(rng.int(16384)),
      'http.request.header.content-type': ['application/json'],
      'user_agent.original': 'undici',
      'enduser.id': ctx.user,
      'thread.name': ctx.thread,
      'app.retry': status !== 200,
      'app.timeout_ms': 2000.5,
    },
    error: status >= 500 ? 'Service Unavailable' : undefined,
  }
}

function internalSpan(rng: Rng, ctx: RequestContext): SpanShape {
  const work = rng.pick(INTERNAL_WORK)
  return {
    name: work.name,
    kind: SPAN_KIND_INTERNAL,
    attributes: {
      'code.function': work.fn,
      'code.namespace': 'checkout',
      'code.filepath': work.file,
      'code.lineno': BigInt(rng.int(300) + 1),
      'app.cart.id': `cart-${ctx.id}`,
      'app.cart.items': BigInt(rng.int(12)),
      'app.cart.total': Math.round(rng.next() * 50000) / 100,
      'app.currency': rng.pick(['EUR', 'EUR', 'USD', 'GBP']),
      'app.user.tier': rng.pick(['free', 'plus', 'business']),
      'app.feature_flags': ['new-checkout', 'fast-pricing'],
      'app.cache.hit': rng.chance(0.7),
      'app.items.validated': BigInt(rng.int(12)),
      'app.price.rule_count': BigInt(rng.int(30)),
      'app.price.discount_ratio': rng.next() * 0.3,
      'enduser.id': ctx.user,
      'thread.name': ctx.thread,
      'app.region': 'eu-west-1',
      'app.experiment.bucket': BigInt(rng.int(100)),
    },
  }
}

/** The shapes of spans 1-7 of a trace; span 0 is the server span. */
const CHILD_SHAPES = [databaseSpan, internalSpan, databaseSpan, httpClientSpan, databaseSpan, internalSpan, httpClientSpan]

function spanEvents(rng: Rng, start: bigint): Uint8Array[] {
  const events = [
    message(11, fixed64(1, start + 1_000_123n), string(2, 'cache.lookup'), attributes(3, { 'cache.key': `cart:${rng.int(1_000_000)}`, 'cache.hit': true })),
    message(11, fixed64(1, start + 2_000_456n), string(2, 'db.query'), attributes(3, { 'db.rows': BigInt(rng.int(100)), 'db.duration_ms': rng.next() * 20 })),
  ]
  if (rng.chance(0.5)) {
    events.push(
      message(
        11,
        fixed64(1, start + 3_000_789n),
        string(2, 'exception'),
        attributes(3, {
          'exception.type': 'TimeoutError',
          'exception.message': 'upstream timed out after 2000ms',
          'exception.stacktrace': 'TimeoutError: upstream timed out\n    at fetchCart (/app/cart.js:42:11)\n    at async handler (/app/server.js:120:5)',
        }),
      ),
    )
  }
  return events
}

function encodeSpan(rng: Rng, shape: SpanShape, ids: { trace: Uint8Array; span: Uint8Array; parent?: Uint8Array }, start: bigint): Uint8Array {
  const end = start + BigInt(rng.int(500_000_000))
  const status = shape.error === undefined ? [] : [string(2, shape.error), varint(3, STATUS_ERROR)]
  return message(
    2,
    bytes(1, ids.trace),
    bytes(2, ids.span),
    ...(ids.parent ? [bytes(4, ids.parent)] : []),
    fixed32(16, ids.parent ? 0x101 : 0x301),
    string(5, shape.name),
    varint(6, shape.kind),
    fixed64(7, start),
    fixed64(8, end),
    attributes(9, shape.attributes),
    ...spanEvents(rng, start),
    message(15, ...status),
  )
}

/** An ExportTraceServiceRequest: traces of 8 spans, each span a child of an earlier one of its trace. */
export function traceRequest(rng: Rng, options: RequestOptions = {}): Buffer {
  const { items, startNs, instanceId } = optionsOf(options)
  const spans: Uint8Array[] = []
  while (spans.length < items) {
    const ctx = requestContext(rng)
    const trace = rng.bytes(16)
    const spanIds: Uint8Array[] = []
    const traceStart = startNs + BigInt(rng.int(MINUTE_NS))
    for (let i = 0; i < SPANS_PER_TRACE && spans.length < items; i++) {
      const span = rng.bytes(8)
      spanIds.push(span)
      const shape = i === 0 ? serverSpan(rng, ctx) : CHILD_SHAPES[i - 1](rng, ctx)
      const parent = i === 0 ? undefined : spanIds[(i - 1) >> 1]
      spans.push(encodeSpan(rng, shape, { trace, span, parent }, traceStart + BigInt(i * 1_500_000 + rng.int(1_000_000))))
    }
  }
  const scope = message(1, string(1, '@opentelemetry/instrumentation-http'), string(2, '0.57.0'))
  return asBuffer(message(1, resource(instanceId), message(2, scope, ...spans), string(3, SCHEMA_URL)))
}

// ---- logs ----

const SEVERITIES = [
  { number: 9, text: 'INFO' },
  { number: 9, text: 'INFO' },
  { number: 9, text: 'INFO' },
  { number: 5, text: 'DEBUG' },
  { number: 13, text: 'WARN' },
  { number: 17, text: 'ERROR' },
]

function logBody(rng: Rng, ctx: RequestContext, severity: number, ms: number): TestValue {
  if (rng.chance(0.1)) {
    return { msg: 'request completed', req: { method: ctx.method, url: ctx.path }, res: { statusCode: BigInt(ctx.status) }, responseTime: ms }
  }
  if (severity >= 17) return `upstream inventory timed out after 2000ms (cart ${ctx.id}, attempt ${rng.int(3) + 1})`
  if (severity >= 13) return `slow query on shop.carts took ${ms.toFixed(1)}ms`
  if (severity <= 5) return `cache lookup cart:${ctx.id} hit=${rng.chance(0.8)}`
  return `${ctx.method} ${ctx.path} ${ctx.status} ${ms.toFixed(1)}ms`
}

function encodeLogRecord(rng: Rng, startNs: bigint): Uint8Array {
  const ctx = requestContext(rng)
  const severity = rng.pick(SEVERITIES)
  const ms = rng.next() * 250
  const time = startNs + BigInt(rng.int(MINUTE_NS))
  const traced = rng.chance(0.8)
  return message(
    2,
    fixed64(1, time),
    fixed64(11, time + BigInt(rng.int(2_000_000))),
    varint(2, severity.number),
    string(3, severity.text),
    message(5, anyValueFields(logBody(rng, ctx, severity.number, ms))),
    attributes(6, {
      'log.logger': rng.pick(['checkout.http', 'checkout.cart', 'checkout.db']),
      'log.iostream': 'stdout',
      'code.function': rng.pick(INTERNAL_WORK).fn,
      'thread.name': ctx.thread,
      'http.request.method': ctx.method,
      'http.route': ctx.route,
      'http.response.status_code': BigInt(ctx.status),
      'enduser.id': ctx.user,
      'duration_ms': ms,
      'cache.hit': rng.chance(0.8),
    }),
    ...(traced ? [fixed32(8, 1), bytes(9, rng.bytes(16)), bytes(10, rng.bytes(8))] : []),
    ...(rng.chance(0.05) ? [string(12, 'checkout.order_placed')] : []),
  )
}

/** An ExportLogsServiceRequest of application log records. */
export function logsRequest(rng: Rng, options: RequestOptions = {}): Buffer {
  const { items, startNs, instanceId } = optionsOf(options)
  const records = Array.from({ length: items }, () => encodeLogRecord(rng, startNs))
  const scope = message(1, string(1, '@opentelemetry/instrumentation-pino'), string(2, '0.46.0'))
  return asBuffer(message(1, resource(instanceId), message(2, scope, ...records, string(3, SCHEMA_URL)), string(3, SCHEMA_URL)))
}

// ---- metrics ----

const POINTS_PER_METRIC = 10
const CUMULATIVE = 2
/** The SDK's default histogram boundaries for durations in seconds (semantic conventions). */
const DURATION_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]

type MetricKind = 'histogram' | 'sum' | 'upDownSum' | 'gauge' | 'exponentialHistogram' | 'summary'

/** One metric of each kind in turn, weighted as a typical service's instruments are. */
const METRIC_KINDS: MetricKind[] = ['histogram', 'sum', 'gauge', 'histogram', 'upDownSum', 'sum', 'gauge', 'exponentialHistogram', 'histogram', 'summary']

const METRIC_NAMES: Record<MetricKind, { name: string; unit: string; description: string }[]> = {
  histogram: [
    { name: 'http.server.request.duration', unit: 's', description: 'Duration of HTTP server requests.' },
    { name: 'http.client.request.duration', unit: 's', description: 'Duration of HTTP client requests.' },
    { name: 'db.client.operation.duration', unit: 's', description: 'Duration of database client operations.' },
  ],
  sum: [
    { name: 'app.orders.placed', unit: '{order}', description: 'Orders placed.' },
    { name: 'app.cache.lookups', unit: '{lookup}', description: 'Cache lookups.' },
    { name: 'process.cpu.time', unit: 's', description: 'Total CPU seconds broken down by different CPU modes.' },
  ],
  upDownSum: [
    { name: 'db.client.connection.count', unit: '{connection}', description: 'The number of connections that are currently in state described by the state attribute.' },
    { name: 'http.server.active_requests', unit: '{request}', description: 'Number of active HTTP server requests.' },
  ],
  gauge: [
    { name: 'process.memory.usage', unit: 'By', description: 'The amount of physical memory in use.' },
    { name: 'nodejs.eventloop.utilization', unit: '1', description: 'Event loop utilization.' },
    { name: 'system.cpu.utilization', unit: '1', description: 'Difference in system.cpu.time since the last measurement, divided by the elapsed time and number of CPUs.' },
  ],
  exponentialHistogram: [{ name: 'app.payment.amount', unit: 'EUR', description: 'Amounts of authorized payments.' }],
  summary: [{ name: 'app.legacy.render_latency', unit: 'ms', description: 'Render latency, from a Prometheus summary.' }],
}

function pointAttributes(rng: Rng, kind: MetricKind, i: number): Uint8Array {
  switch (kind) {
    case 'histogram':
    case 'summary':
      return attributes(kind === 'histogram' ? 9 : 7, {
        'http.request.method': METHODS[i % METHODS.length],
        'http.route': ROUTES[i % ROUTES.length],
        'http.response.status_code': BigInt(STATUS_CODES[i % STATUS_CODES.length]),
        'url.scheme': 'https',
        'network.protocol.version': '1.1',
      })
    case 'exponentialHistogram':
      return attributes(1, { 'app.payment.method': rng.pick(['card', 'paypal', 'sepa']), 'app.currency': 'EUR' })
    case 'gauge':
      return attributes(7, { 'process.cpu.state': rng.pick(['user', 'system']), 'host.cpu': BigInt(i % 4) })
    default:
      return attributes(7, { 'db.client.connection.pool.name': 'shop-pool', 'db.client.connection.state': i % 2 === 0 ? 'used' : 'idle', 'app.shard': BigInt(i) })
  }
}

function exemplar(rng: Rng, time: bigint): Uint8Array {
  return message(8, attributes(7, { 'enduser.id': `user-${rng.int(50_000)}` }), fixed64(2, time - 1_000_000n), double(3, rng.next() * 2), bytes(4, rng.bytes(8)), bytes(5, rng.bytes(16)))
}

function dataPoint(rng: Rng, kind: MetricKind, i: number, start: bigint, time: bigint): Uint8Array {
  const attrs = pointAttributes(rng, kind, i)
  switch (kind) {
    case 'histogram': {
      const counts = DURATION_BOUNDS.map(() => BigInt(rng.int(500)))
      counts.push(BigInt(rng.int(5)))
      const count = counts.reduce((a, b) => a + b, 0n)
      const exemplars = rng.chance(0.3) ? [exemplar(rng, time)] : []
      return message(1, attrs, fixed64(2, start), fixed64(3, time), fixed64(4, count), double(5, Number(count) * 0.08), packedFixed64(6, counts), packedDouble(7, DURATION_BOUNDS), ...exemplars, double(11, 0.0012), double(12, 9.7))
    }
    case 'exponentialHistogram': {
      const counts = Array.from({ length: 12 }, () => BigInt(rng.int(40)))
      const count = counts.reduce((a, b) => a + b, 0n) + 2n
      const buckets = message(8, sint32(1, -3 + rng.int(6)), packedVarint(2, counts))
      return message(1, attrs, fixed64(2, start), fixed64(3, time), fixed64(4, count), double(5, Number(count) * 41.5), sint32(6, 3), fixed64(7, 2n), buckets, double(12, 0.5), double(13, 980.25))
    }
    case 'summary': {
      const quantiles = [0, 0.5, 0.9, 0.99, 1].map((q, n) => message(6, double(1, q), double(2, 2 + n * n * 7.5 + rng.next())))
      return message(1, attrs, fixed64(2, start), fixed64(3, time), fixed64(4, BigInt(rng.int(10_000))), double(5, rng.next() * 50_000), ...quantiles)
    }
    case 'gauge':
      return message(1, attrs, fixed64(3, time), i % 2 === 0 ? double(4, rng.next()) : sfixed64(6, BigInt(rng.int(500_000_000))))
    default:
      return message(1, attrs, fixed64(2, start), fixed64(3, time), kind === 'sum' && i % 3 === 0 ? double(4, rng.next() * 1e4) : sfixed64(6, BigInt(rng.int(100_000))))
  }
}

function encodeMetric(rng: Rng, kind: MetricKind, points: number, startNs: bigint): Uint8Array {
  const { name, unit, description } = rng.pick(METRIC_NAMES[kind])
  const start = startNs - 3_600_000_000_000n
  const time = startNs + BigInt(rng.int(MINUTE_NS))
  const dataPoints = Array.from({ length: points }, (_, i) => dataPoint(rng, kind, i, start, time))
  const data = (() => {
    switch (kind) {
      case 'histogram':
        return message(9, ...dataPoints, varint(2, CUMULATIVE))
      case 'exponentialHistogram':
        return message(10, ...dataPoints, varint(2, CUMULATIVE))
      case 'summary':
        return message(11, ...dataPoints)
      case 'gauge':
        return message(5, ...dataPoints)
      case 'sum':
        return message(7, ...dataPoints, varint(2, CUMULATIVE), varint(3, true))
      default:
        return message(7, ...dataPoints, varint(2, CUMULATIVE), varint(3, false))
    }
  })()
  return message(2, string(1, name), string(2, description), string(3, unit), data)
}

/** An ExportMetricsServiceRequest: metrics of every kind, 10 data points each. */
export function metricsRequest(rng: Rng, options: RequestOptions = {}): Buffer {
  const { items, startNs, instanceId } = optionsOf(options)
  const metrics: Uint8Array[] = []
  for (let points = 0, m = 0; points < items; m++) {
    const n = Math.min(POINTS_PER_METRIC, items - points)
    metrics.push(encodeMetric(rng, METRIC_KINDS[m % METRIC_KINDS.length], n, startNs))
    points += n
  }
  const scope = message(1, string(1, '@opentelemetry/sdk-metrics'), string(2, '2.12.0'))
  return asBuffer(message(1, resource(instanceId), message(2, scope, ...metrics), string(3, SCHEMA_URL)))
}

// ---- fresh ids for load ----

/** Where each span's ids sit in an encoded trace request, and which span each parent id names. */
export interface SpanIdLayout {
  traceIdAt: number[]
  spanIdAt: number[]
  /** -1 for a root span. */
  parentIdAt: number[]
  /** Index of the parent span in this request; -1 for a root span or a parent elsewhere. */
  parentIndex: number[]
  /** Index of the span's trace: spans of one trace get one new trace id. */
  trace: number[]
  traces: number
}

/** Finds the ids of every span of a trace request built here (one resource, one scope level deep). */
export function spanIdLayout(buf: Uint8Array): SpanIdLayout {
  const layout: SpanIdLayout = { traceIdAt: [], spanIdAt: [], parentIdAt: [], parentIndex: [], trace: [], traces: 0 }
  const traceIndex = new Map<string, number>()
  const spanIndex = new Map<string, number>()
  const parentHex: string[] = []
  const r = new WireReader(buf)
  const hex = (at: number, length: number) => Buffer.from(buf.buffer, buf.byteOffset + at, length).toString('hex')
  /** Calls `each` for every field of the length-delimited field at the reader's position. */
  const within = (each: (field: number) => void) => {
    const outerEnd = r.enterMessage()
    while (r.pos < r.end) each(r.readTag('bench'))
    r.leaveMessage(outerEnd)
  }
  /** The offset of a bytes field's value, leaving the reader after it. */
  const valueAt = () => {
    const outerEnd = r.enterMessage()
    const at = r.pos
    r.pos = r.end
    r.leaveMessage(outerEnd)
    return at
  }
  const readSpan = () => {
    let traceAt = -1
    let spanAt = -1
    let parentAt = -1
    within((field) => {
      if (field === 1) traceAt = valueAt()
      else if (field === 2) spanAt = valueAt()
      else if (field === 4) parentAt = valueAt()
      else r.skipField()
    })
    const traceKey = hex(traceAt, 16)
    if (!traceIndex.has(traceKey)) traceIndex.set(traceKey, traceIndex.size)
    spanIndex.set(hex(spanAt, 8), layout.spanIdAt.length)
    layout.trace.push(traceIndex.get(traceKey)!)
    layout.traceIdAt.push(traceAt)
    layout.spanIdAt.push(spanAt)
    layout.parentIdAt.push(parentAt)
    parentHex.push(parentAt < 0 ? '' : hex(parentAt, 8))
  }
  while (r.pos < r.end) {
    if (r.readTag('bench') !== 1) {
      r.skipField()
      continue
    }
    within((field) => {
      if (field !== 2) return r.skipField()
      within((inner) => (inner === 2 ? readSpan() : r.skipField()))
    })
  }
  layout.parentIndex = parentHex.map((parent) => (parent === '' ? -1 : (spanIndex.get(parent) ?? -1)))
  layout.traces = traceIndex.size
  return layout
}

/**
 * A copy of `template` with new random trace and span ids (crypto-random, so no two copies
 * share one), each parent id following its span; a parent outside the request gets a random id.
 */
export function withFreshIds(template: Uint8Array, layout: SpanIdLayout): Buffer {
  const out = Buffer.allocUnsafe(template.length)
  out.set(template)
  const spans = layout.spanIdAt.length
  const ids = randomFillSync(Buffer.allocUnsafe(layout.traces * 16 + spans * 16))
  const traceIdOf = (trace: number) => trace * 16
  const spanIdOf = (span: number) => layout.traces * 16 + span * 8
  const orphanParentOf = (span: number) => layout.traces * 16 + spans * 8 + span * 8
  for (let i = 0; i < spans; i++) {
    ids.copy(out, layout.traceIdAt[i], traceIdOf(layout.trace[i]), traceIdOf(layout.trace[i]) + 16)
    ids.copy(out, layout.spanIdAt[i], spanIdOf(i), spanIdOf(i) + 8)
    if (layout.parentIdAt[i] < 0) continue
    const parent = layout.parentIndex[i] < 0 ? orphanParentOf(i) : spanIdOf(layout.parentIndex[i])
    ids.copy(out, layout.parentIdAt[i], parent, parent + 8)
  }
  return out
}
