/*
 * Fills a store with the query benchmark's data: spans and log records over the 24 hours before
 * `end`, written by the engine itself (`INSERT … SELECT` from `numbers()` joined with the trace
 * templates of traceTemplates.ts), so materialized views fire as they do on the collector's
 * inserts. Spans and logs share trace ids: a log record belongs to a span of a trace (9 in 10 do).
 *
 * Distributions: traces spread evenly over the day and written in time order (as the collector
 * writes them), durations log-normal around each
 * operation's median (σ = 0.7), errors per service 0.2-4 % (exception event, status message,
 * HTTP 500), about 20 attributes a span, severities TRACE 1 % DEBUG 14 % INFO 70 % WARN 10 %
 * ERROR 4.5 % FATAL 0.5 %.
 */
import type { Store } from '@meridian/core'
import { traceTemplates } from './traceTemplates.js'

const TEMPLATE_COUNT = 500
const DAY_NS = 86_400_000_000_000n
/** Rows per INSERT … SELECT, so the fill can report progress. */
const CHUNK_ROWS = 1_000_000

export interface FillOptions {
  spans: number
  logs: number
  /** The data ends here (epoch ms). */
  endMs: number
  progress?: (text: string) => void
}

export interface FillResult {
  spans: number
  logs: number
  traces: number
  seconds: number
}

export async function fillBenchData(store: Store, options: FillOptions): Promise<FillResult> {
  const started = performance.now()
  const db = store.database
  const templates = traceTemplates(TEMPLATE_COUNT)
  const sizes = templates.map((t) => t.spans.length)
  const meanSize = sizes.reduce((a, b) => a + b, 0) / sizes.length
  const traces = Math.max(1, Math.round(options.spans / meanSize))

  await store.client.command({ query: `DROP TABLE IF EXISTS ${db}.bench_templates` })
  await store.client.command({
    query: `CREATE TABLE ${db}.bench_templates (Tpl UInt32, Idx UInt16, Parent Int16, Service String, Operation String, Kind String,
      MedianMs Float64, ErrorRate Float64, OffsetUs UInt64, Route String, Peer String) ENGINE = Memory`,
  })
  await store.client.insert({
    table: `${db}.bench_templates`,
    format: 'JSONEachRow',
    values: templates.flatMap((t, tpl) =>
      t.spans.map((s) => ({
        Tpl: tpl,
        Idx: s.index,
        Parent: s.parent,
        Service: s.service,
        Operation: s.operation,
        Kind: s.kind,
        MedianMs: s.medianMs,
        ErrorRate: s.errorRate,
        OffsetUs: s.offsetUs,
        Route: s.route,
        Peer: s.peer,
      })),
    ),
  })

  const params = {
    baseNs: (BigInt(options.endMs) * 1_000_000n - DAY_NS).toString(),
    traces,
    templateCount: TEMPLATE_COUNT,
    sizes,
    nsPerTrace: Number(DAY_NS) / traces,
    tracesPerLog: traces / Math.max(1, options.logs),
  }
  // Shared by both inserts so spans and logs agree on a trace's template, start and ids.
  // Traces start in id order across the day (with jitter), so inserts arrive in time order as the collector's do.
  const traceStart = (t: string) => `({baseNs:Int64} + toInt64((${t} + (sipHash64(${t}, 7) % 1000) / 1000) * {nsPerTrace:Float64}))`
  const traceId = (t: string) => `lower(leftPad(hex(sipHash64(${t}, 1)), 16, '0') || leftPad(hex(sipHash64(${t}, 2)), 16, '0'))`
  const spanId = (t: string, idx: string) => `lower(leftPad(hex(sipHash64(${t}, ${idx}, 11)), 16, '0'))`
  const templateOf = (t: string) => `toUInt32(sipHash64(${t}, 5) % {templateCount:UInt32})`

  let spans = 0
  const traceChunk = Math.max(1, Math.floor(CHUNK_ROWS / meanSize))
  for (let first = 0; first < traces; first += traceChunk) {
    const count = Math.min(traceChunk, traces - first)
    await store.client.command({
      query: `INSERT INTO ${db}.otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName,
  ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode, StatusMessage,
  \`Events.Timestamp\`, \`Events.Name\`, \`Events.Attributes\`, \`Links.TraceId\`, \`Links.SpanId\`, \`Links.TraceState\`, \`Links.Attributes\`)
SELECT
  fromUnixTimestamp64Nano(StartNs) AS Timestamp,
  ${traceId('t')} AS TraceId,
  ${spanId('t', 'Idx')} AS SpanId,
  if(Parent < 0, '', ${spanId('t', 'toUInt16(Parent)')}) AS ParentSpanId,
  '' AS TraceState,
  Operation AS SpanName,
  Kind AS SpanKind,
  Service AS ServiceName,
  map('service.name', Service, 'service.version', concat('1.', toString(cityHash64(Service) % 20)), 'deployment.environment', 'production',
      'host.name', concat(Service, '-', toString(t % 6)), 'k8s.namespace.name', 'shop', 'k8s.pod.name', concat(Service, '-7f9c-', toString(t % 6)),
      'cloud.region', if(t % 3 = 0, 'eu-west-1', 'us-east-1'), 'telemetry.sdk.language', arrayElement(['go', 'java', 'nodejs', 'python'], 1 + cityHash64(Service) % 4)) AS ResourceAttributes,
  'io.opentelemetry.instrumentation' AS ScopeName,
  '2.1.0' AS ScopeVersion,
  mapFilter((k, v) -> v != '', map(
      'http.request.method', if(Kind = 'Server', splitByChar(' ', Operation)[1], ''),
      'http.route', Route,
      'http.response.status_code', if(Kind = 'Server', if(IsError, if(t % 4 = 0, '503', '500'), if(t % 50 = 0, '404', '200')), ''),
      'user.id', if(Kind = 'Server', toString(sipHash64(t, 3) % 100000), ''),
      'db.system', if(Peer IN ('postgresql', 'redis', 'mysql', 'mongodb'), Peer, ''),
      'db.statement', if(Peer IN ('postgresql', 'mysql'), 'SELECT * FROM items WHERE id = ?', ''),
      'peer.service', if(Peer NOT IN ('', 'postgresql', 'redis', 'mysql', 'mongodb'), Peer, ''),
      'server.port', if(Kind = 'Client', '8080', ''),
      'thread.id', toString(t % 64),
      'customer.tier', arrayElement(['free', 'pro', 'enterprise'], 1 + sipHash64(t, 4) % 3),
      'feature.flag', if(t % 10 = 0, 'new-checkout', ''))) AS SpanAttributes,
  DurationNs AS Duration,
  if(IsError, 'Error', if(Kind = 'Server', 'Ok', 'Unset')) AS StatusCode,
  if(IsError, concat(ErrorType, ': ', ErrorMessage), '') AS StatusMessage,
  if(IsError, [fromUnixTimestamp64Nano(StartNs + toInt64(DurationNs))], []) AS \`Events.Timestamp\`,
  if(IsError, ['exception'], []) AS \`Events.Name\`,
  if(IsError, [map('exception.type', ErrorType, 'exception.message', ErrorMessage)], []) AS \`Events.Attributes\`,
  if(Kind = 'Consumer', [${traceId('t + 1')}], []) AS \`Links.TraceId\`,
  if(Kind = 'Consumer', [${spanId('t + 1', '0')}], []) AS \`Links.SpanId\`,
  if(Kind = 'Consumer', [''], []) AS \`Links.TraceState\`,
  if(Kind = 'Consumer', [map('messaging.operation', 'publish')], []) AS \`Links.Attributes\`
FROM (
  SELECT tr.t AS t, s.*,
    ${traceStart('tr.t')} + toInt64(s.OffsetUs * 1000) AS StartNs,
    toUInt64(greatest(20000, s.MedianMs * 1e6 * exp(0.7 * randNormal(0, 1)))) AS DurationNs,
    randCanonical() < s.ErrorRate AS IsError,
    arrayElement(['TimeoutError', 'ConnectionRefusedError', 'ValidationError', 'NullPointerException', 'DeadlineExceeded'], 1 + (cityHash64(s.Service, s.Operation) + tr.t % 3) % 5) AS ErrorType,
    multiIf(ErrorType = 'TimeoutError', concat('timed out after ', toString(1000 * (1 + cityHash64(s.Service) % 5)), ' ms'),
      ErrorType = 'ConnectionRefusedError', concat('connect ECONNREFUSED 10.0.', toString(cityHash64(s.Operation) % 255), '.7:5432'),
      ErrorType = 'ValidationError', 'request body is not valid: field "quantity" must be positive',
      ErrorType = 'NullPointerException', 'Cannot invoke "Order.getTotal()" because "order" is null',
      'context deadline exceeded') AS ErrorMessage
  FROM (SELECT number AS t, ${templateOf('number')} AS tpl FROM numbers(${first}, ${count})) AS tr
  INNER JOIN ${db}.bench_templates AS s ON s.Tpl = tr.tpl
)`,
      query_params: params,
    })
    const done = Math.min(first + count, traces)
    spans += count * meanSize
    options.progress?.(`spans: ${Math.round((done / traces) * 100)} % (${Math.round(spans).toLocaleString('en-US')} of ~${options.spans.toLocaleString('en-US')})`)
  }

  for (let first = 0; first < options.logs; first += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, options.logs - first)
    await store.client.command({
      query: `INSERT INTO ${db}.otel_logs (Timestamp, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body,
  ResourceAttributes, ScopeName, ScopeVersion, LogAttributes)
SELECT
  fromUnixTimestamp64Nano(${traceStart('t')} + toInt64(s.OffsetUs * 1000) + toInt64(sipHash64(k, 23) % 5000000)) AS Timestamp,
  if(Traced, ${traceId('t')}, '') AS TraceId,
  if(Traced, ${spanId('t', 'Idx')}, '') AS SpanId,
  if(Traced, 1, 0) AS TraceFlags,
  multiIf(r < 10, 'TRACE', r < 150, 'DEBUG', r < 850, 'INFO', r < 950, 'WARN', r < 995, 'ERROR', 'FATAL') AS SeverityText,
  multiIf(r < 10, 1, r < 150, 5, r < 850, 9, r < 950, 13, r < 995, 17, 21) AS SeverityNumber,
  s.Service AS ServiceName,
  multiIf(
    r < 150, concat('cache lookup key=', s.Route, ':', toString(k % 9973), ' hit=', if(k % 3 = 0, 'false', 'true')),
    r < 850, arrayElement([
      concat('request completed: ', s.Operation, ' status=200 in ', toString(1 + k % 400), ' ms'),
      concat('user ', toString(sipHash64(t, 3) % 100000), ' added item ', toString(k % 5000), ' to cart'),
      concat('published event order.updated id=', toString(k % 1000000)),
      concat('fetched ', toString(k % 50), ' rows from ', s.Service, '_db in ', toString(k % 30), ' ms')], 1 + k % 4),
    r < 950, arrayElement([
      concat('slow query on orders took ', toString(500 + k % 2000), ' ms'),
      concat('retrying request to ', s.Service, ' (attempt ', toString(2 + k % 3), ')'),
      'connection pool nearly exhausted: 48 of 50 in use'], 1 + k % 3),
    arrayElement([
      concat('payment declined for order ', toString(k % 100000), ': insufficient funds'),
      concat('connect ECONNREFUSED 10.0.', toString(k % 255), '.7:5432'),
      concat('unhandled exception in ', s.Operation, ': NullPointerException'),
      'upstream request timeout after 3000 ms'], 1 + k % 4)) AS Body,
  map('service.name', s.Service, 'host.name', concat(s.Service, '-', toString(t % 6)), 'deployment.environment', 'production',
      'k8s.pod.name', concat(s.Service, '-7f9c-', toString(t % 6))) AS ResourceAttributes,
  'app.logger' AS ScopeName,
  '1.0.0' AS ScopeVersion,
  mapFilter((k, v) -> v != '', map('http.route', s.Route, 'user.id', toString(sipHash64(t, 3) % 100000),
      'thread.name', concat('worker-', toString(k % 16)), 'log.logger', concat(s.Service, '.handler'),
      'customer.tier', arrayElement(['free', 'pro', 'enterprise'], 1 + sipHash64(t, 4) % 3))) AS LogAttributes
FROM (
  SELECT k, t, tpl, toUInt16(sipHash64(k, 22) % arrayElement({sizes:Array(UInt16)}, tpl + 1)) AS idx,
    sipHash64(k, 24) % 10 != 0 AS Traced, sipHash64(k, 25) % 1000 AS r
  FROM (SELECT number AS k, least({traces:UInt64} - 1, toUInt64(number * {tracesPerLog:Float64}) + sipHash64(number, 21) % 3) AS t, ${templateOf('t')} AS tpl
    FROM numbers(${first}, ${count}))
) AS l
INNER JOIN ${db}.bench_templates AS s ON s.Tpl = l.tpl AND s.Idx = l.idx`,
      query_params: params,
    })
    options.progress?.(`logs: ${Math.round(((first + count) / options.logs) * 100)} % (${(first + count).toLocaleString('en-US')} of ${options.logs.toLocaleString('en-US')})`)
  }
  await store.client.command({ query: `DROP TABLE IF EXISTS ${db}.bench_templates` })

  const counted = async (table: string) => {
    const res = await store.client.query({ query: `SELECT count() AS n FROM ${db}.${table}`, format: 'JSONEachRow' })
    return Number((await res.json<{ n: string }>())[0].n)
  }
  return { spans: await counted('otel_traces'), logs: await counted('otel_logs'), traces, seconds: (performance.now() - started) / 1000 }
}

export interface MetricsFillResult {
  points: number
  seconds: number
}

/**
 * Metric data points over the same 24 hours, for the metrics endpoints: per service, a memory
 * gauge on 6 hosts every 30 s, a cumulative request counter on 4 routes every 30 s, and a delta
 * latency histogram on 4 routes every minute (about a million points).
 */
export async function fillBenchMetrics(store: Store, endMs: number, services: readonly string[]): Promise<MetricsFillResult> {
  const started = performance.now()
  const db = store.database
  const params = { start: Math.floor(endMs / 1000) - 86_400, services: [...services] }
  const common = (interval: number, perService: number) => `
  FROM (SELECT number AS n, intDiv(n, ${perService} * {count:UInt32}) AS tick, intDiv(n, ${perService}) % {count:UInt32} AS s, n % ${perService} AS k
        FROM numbers(${Math.ceil(86_400 / interval)} * ${perService} * {count:UInt32}))`
  const resource = `map('service.name', {services:Array(String)}[s + 1], 'host.name', concat({services:Array(String)}[s + 1], '-', toString(k % 6)))`
  const time = (interval: number) => `toDateTime64({start:UInt32} + tick * ${interval}, 9)`
  const run = (query: string) => store.client.command({ query, query_params: { ...params, count: services.length } })
  await run(`INSERT INTO ${db}.otel_metrics_gauge (ResourceAttributes, ServiceName, MetricName, MetricDescription, MetricUnit, Attributes, StartTimeUnix, TimeUnix, Value)
SELECT ${resource}, {services:Array(String)}[s + 1], 'process.memory.usage', 'Resident memory', 'By', map('memory.type', if(k < 3, 'heap', 'native')),
  ${time(0)}, ${time(30)}, 2e8 + 1e8 * sin(tick / 200 + s) + k * 1e7 ${common(30, 6)}`)
  await run(`INSERT INTO ${db}.otel_metrics_sum (ResourceAttributes, ServiceName, MetricName, MetricDescription, MetricUnit, Attributes, StartTimeUnix, TimeUnix, Value, AggregationTemporality, IsMonotonic)
SELECT ${resource}, {services:Array(String)}[s + 1], 'http.server.request.count', 'Requests served', '{request}',
  map('http.route', arrayElement(['/api/items', '/api/cart', '/api/orders', '/health'], k + 1)), ${time(0)}, ${time(30)},
  tick * (5 + s % 7) * (k + 1), 2, true ${common(30, 4)}`)
  await run(`INSERT INTO ${db}.otel_metrics_histogram (ResourceAttributes, ServiceName, MetricName, MetricDescription, MetricUnit, Attributes, StartTimeUnix, TimeUnix,
  Count, Sum, BucketCounts, ExplicitBounds, Min, Max, AggregationTemporality)
SELECT ${resource}, {services:Array(String)}[s + 1], 'http.server.duration', 'Request duration', 'ms',
  map('http.route', arrayElement(['/api/items', '/api/cart', '/api/orders', '/health'], k + 1)), ${time(60)}, ${time(60)},
  arraySum(counts), arraySum(arrayMap((c, i) -> c * [3, 8, 18, 40, 80, 180, 400, 800, 1800, 4000, 7000][i], counts, arrayEnumerate(counts))),
  counts, [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000], 1, 6000, 1
FROM (SELECT *, arrayMap(i -> toUInt64(100 * exp(-abs(i - 4 - s % 3) / 1.5) + (n + i) % 7), range(11)) AS counts ${common(60, 4)})`)
  const [row] = await (
    await store.client.query({
      query: `SELECT (SELECT count() FROM ${db}.otel_metrics_gauge) + (SELECT count() FROM ${db}.otel_metrics_sum) + (SELECT count() FROM ${db}.otel_metrics_histogram) AS n`,
      format: 'JSONEachRow',
    })
  ).json<{ n: string }>()
  return { points: Number(row.n), seconds: (performance.now() - started) / 1000 }
}
