/*
 * Telemetry with known numbers, sent as OTLP/JSON to a running Meridian's collector (the same
 * wire path as any SDK): two services, fixture-web calling fixture-api, TRACES traces spread over
 * the last minutes; every ERROR_EVERY-th trace fails in fixture-api with a PaymentDeclined
 * exception; logs joined to the spans; a gauge and a counter. The tests compare the pages with
 * these numbers.
 */
import { randomBytes } from 'node:crypto'

export const FIXTURE = {
  web: 'fixture-web',
  api: 'fixture-api',
  webOperation: 'GET /checkout',
  apiOperation: 'POST /orders',
  internalOperation: 'validate cart',
  traces: 20,
  errorEvery: 4,
  errorType: 'PaymentDeclined',
  errorMessage: 'card declined by issuer',
  gauge: 'fixture.queue.depth',
  counter: 'fixture.orders.placed',
  queues: { alpha: 7, beta: 3 },
} as const

export const fixtureErrors = Math.floor(FIXTURE.traces / FIXTURE.errorEvery)

const hex = (bytes: number) => randomBytes(bytes).toString('hex')
const ns = (ms: number, extraNs = 0) => (BigInt(Math.round(ms)) * 1_000_000n + BigInt(extraNs)).toString()
const str = (key: string, value: string) => ({ key, value: { stringValue: value } })
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } })
const resource = (service: string) => ({ attributes: [str('service.name', service), str('service.version', '1.4.2'), str('deployment.environment', 'test')] })
const KIND = { internal: 1, server: 2, client: 3 }

export interface FixtureTrace {
  traceId: string
  error: boolean
  /** Span ids: web server, web client, api server, api internal. */
  spans: { webServer: string; webClient: string; apiServer: string; apiInternal: string }
  logBodies: string[]
  startMs: number
}

/** Builds the fixture's traces, logs and metrics, ending `endMs` (spans start in the 10 minutes before). */
export function buildFixture(endMs: number) {
  const traces: FixtureTrace[] = []
  const webSpans: unknown[] = []
  const apiSpans: unknown[] = []
  const webLogs: unknown[] = []
  const apiLogs: unknown[] = []
  for (let i = 0; i < FIXTURE.traces; i++) {
    const traceId = hex(16)
    const ids = { webServer: hex(8), webClient: hex(8), apiServer: hex(8), apiInternal: hex(8) }
    const error = i % FIXTURE.errorEvery === FIXTURE.errorEvery - 1
    const start = endMs - 9 * 60_000 + i * 25_000
    const webDuration = 120 + i
    const span = (spanId: string, parent: string, name: string, kind: number, startMs: number, durationMs: number, extra: Record<string, unknown> = {}) => ({
      traceId,
      spanId,
      parentSpanId: parent,
      name,
      kind,
      startTimeUnixNano: ns(startMs),
      endTimeUnixNano: ns(startMs + durationMs),
      ...extra,
    })
    webSpans.push(
      span(ids.webServer, '', FIXTURE.webOperation, KIND.server, start, webDuration, {
        attributes: [str('http.request.method', 'GET'), str('http.route', '/checkout'), int('http.response.status_code', error ? 502 : 200), str('cart.id', `cart-${i}`)],
        status: error ? { code: 2, message: 'upstream failed' } : { code: 1 },
      }),
      span(ids.webClient, ids.webServer, FIXTURE.apiOperation, KIND.client, start + 10, 90, {
        attributes: [str('http.request.method', 'POST'), str('server.address', 'fixture-api'), int('http.response.status_code', error ? 402 : 201)],
        status: error ? { code: 2 } : { code: 0 },
      }),
    )
    apiSpans.push(
      span(ids.apiServer, ids.webClient, FIXTURE.apiOperation, KIND.server, start + 15, 80, {
        attributes: [str('http.request.method', 'POST'), str('http.route', '/orders'), int('http.response.status_code', error ? 402 : 201), str('order.id', `order-${i}`)],
        status: error ? { code: 2, message: FIXTURE.errorMessage } : { code: 1 },
        events: error
          ? [{ timeUnixNano: ns(start + 90), name: 'exception', attributes: [str('exception.type', FIXTURE.errorType), str('exception.message', FIXTURE.errorMessage)] }]
          : [{ timeUnixNano: ns(start + 40), name: 'cart validated', attributes: [int('cart.items', 3)] }],
      }),
      span(ids.apiInternal, ids.apiServer, FIXTURE.internalOperation, KIND.internal, start + 20, 30, { attributes: [int('cart.items', 3)] }),
    )
    const webBody = `checkout started for cart-${i}`
    const apiBody = error ? `payment declined for order-${i}` : `order-${i} placed`
    webLogs.push({
      timeUnixNano: ns(start + 1),
      severityNumber: 9,
      severityText: 'INFO',
      body: { stringValue: webBody },
      traceId,
      spanId: ids.webServer,
      attributes: [str('cart.id', `cart-${i}`)],
    })
    apiLogs.push({
      timeUnixNano: ns(start + 60),
      severityNumber: error ? 17 : 9,
      severityText: error ? 'ERROR' : 'INFO',
      body: { stringValue: apiBody },
      traceId,
      spanId: ids.apiServer,
      attributes: [str('order.id', `order-${i}`)],
    })
    traces.push({ traceId, error, spans: ids, logBodies: [webBody, apiBody], startMs: start })
  }

  const scope = { name: 'meridian-web-fixture', version: '1.0.0' }
  const tracesBody = {
    resourceSpans: [
      { resource: resource(FIXTURE.web), scopeSpans: [{ scope, spans: webSpans }] },
      { resource: resource(FIXTURE.api), scopeSpans: [{ scope, spans: apiSpans }] },
    ],
  }
  const logsBody = {
    resourceLogs: [
      { resource: resource(FIXTURE.web), scopeLogs: [{ scope, logRecords: webLogs }] },
      { resource: resource(FIXTURE.api), scopeLogs: [{ scope, logRecords: apiLogs }] },
    ],
  }
  // one point a minute over the ten minutes; the last gauge point per queue is FIXTURE.queues
  const minutes = Array.from({ length: 10 }, (_, m) => endMs - (9 - m) * 60_000)
  const gaugePoints = Object.entries(FIXTURE.queues).flatMap(([queue, last]) =>
    minutes.map((t, m) => ({ timeUnixNano: ns(t), asInt: String(m === minutes.length - 1 ? last : last + 10 + m), attributes: [str('queue', queue)] })),
  )
  const sumPoints = minutes.map((t, m) => ({ startTimeUnixNano: ns(endMs - 10 * 60_000), timeUnixNano: ns(t), asInt: String((m + 1) * 60), attributes: [] }))
  const metricsBody = {
    resourceMetrics: [
      {
        resource: resource(FIXTURE.api),
        scopeMetrics: [
          {
            scope,
            metrics: [
              { name: FIXTURE.gauge, description: 'Orders waiting per queue', unit: '{orders}', gauge: { dataPoints: gaugePoints } },
              { name: FIXTURE.counter, description: 'Orders placed', unit: '{orders}', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: sumPoints } },
            ],
          },
        ],
      },
    ],
  }
  return { traces, tracesBody, logsBody, metricsBody }
}

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  const text = await res.text()
  if (res.status !== 200 || (text && text !== '{}')) throw new Error(`${url} answered ${res.status} ${text}`)
}

/** Sends the fixture to Meridian's OTLP/HTTP endpoint; resolves once the collector has stored it. */
export async function sendFixture(otlpHttp: string, endMs = Date.now()): Promise<FixtureTrace[]> {
  const fixture = buildFixture(endMs)
  await post(`${otlpHttp}/v1/traces`, fixture.tracesBody)
  await post(`${otlpHttp}/v1/logs`, fixture.logsBody)
  await post(`${otlpHttp}/v1/metrics`, fixture.metricsBody)
  return fixture.traces
}
