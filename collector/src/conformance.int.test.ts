/*
 * Conformance: telemetry made by the official OpenTelemetry JS SDK and sent by its own OTLP
 * exporters (HTTP protobuf, HTTP JSON, gRPC) is stored exactly: ids, nanosecond timestamps,
 * attributes of every type, events, links, status, log bodies and trace context, metric points.
 * Expected rows are computed here from the SDK's objects, independently of the decoders.
 */
import { context, type HrTime, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api'
import { SeverityNumber } from '@opentelemetry/api-logs'
import { OTLPLogExporter as LogsGrpc } from '@opentelemetry/exporter-logs-otlp-grpc'
import { OTLPLogExporter as LogsJson } from '@opentelemetry/exporter-logs-otlp-http'
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto'
import { OTLPMetricExporter as MetricsGrpc } from '@opentelemetry/exporter-metrics-otlp-grpc'
import { OTLPMetricExporter as MetricsJson } from '@opentelemetry/exporter-metrics-otlp-http'
import { OTLPMetricExporter as MetricsProto } from '@opentelemetry/exporter-metrics-otlp-proto'
import { OTLPTraceExporter as TraceGrpc } from '@opentelemetry/exporter-trace-otlp-grpc'
import { OTLPTraceExporter as TraceJson } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as TraceProto } from '@opentelemetry/exporter-trace-otlp-proto'
import { TraceState } from '@opentelemetry/core'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { InMemoryLogRecordExporter, LoggerProvider, type ReadableLogRecord, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs'
import {
  AggregationType,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsFromStore } from './testing/rowsFromStore.js'
import { startTestCollector, type TestCollector } from './testing/testCollector.js'

type Exporter<T> = { export(items: T, done: (result: { code: number; error?: Error }) => void): void; shutdown(): Promise<void> }

const transports = ['http/protobuf', 'http/json', 'grpc'] as const
type Transport = (typeof transports)[number]

function exporters(transport: Transport, tc: TestCollector) {
  const http = (path: string) => ({ url: `${tc.httpUrl}${path}`, compression: 'gzip' as never })
  switch (transport) {
    case 'http/protobuf':
      return { traces: new TraceProto(http('/v1/traces')), metrics: new MetricsProto(http('/v1/metrics')), logs: new LogsProto(http('/v1/logs')) }
    case 'http/json':
      return { traces: new TraceJson({ url: `${tc.httpUrl}/v1/traces` }), metrics: new MetricsJson({ url: `${tc.httpUrl}/v1/metrics` }), logs: new LogsJson({ url: `${tc.httpUrl}/v1/logs` }) }
    case 'grpc':
      return { traces: new TraceGrpc({ url: tc.grpcUrl }), metrics: new MetricsGrpc({ url: tc.grpcUrl }), logs: new LogsGrpc({ url: tc.grpcUrl }) }
  }
}

function send<T>(exporter: Exporter<T>, items: T): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(items, (result) => (result.code === 0 ? resolve() : reject(result.error ?? new Error('export failed')))),
  )
}

const ns = (t: HrTime) => (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString()
/** JSON with object keys sorted, as Go writes maps. */
const sortedJson = (v: unknown): string =>
  JSON.stringify(v, (_k, value) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) : value,
  )
/** The contrib exporter's string for a JS SDK attribute value (no HTML characters in these values). */
const attrString = (v: unknown): string =>
  v instanceof Uint8Array ? Buffer.from(v).toString('base64') : typeof v === 'object' ? sortedJson(v) : String(v)
const attrMap = (attrs: Record<string, unknown>) => Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, attrString(v)]))
const KIND = ['Internal', 'Server', 'Client', 'Producer', 'Consumer']
const STATUS = ['Unset', 'Ok', 'Error']

const REMOTE_PARENT = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED, isRemote: true }

async function makeSpans(service: string): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.version': '1.2.3', 'host.cores': 8, 'deployment.canary': false }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  })
  const tracer = provider.getTracer('conformance', '0.1.0')
  const parent = trace.setSpanContext(ROOT_CONTEXT, { ...REMOTE_PARENT, traceState: new TraceState('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7') })
  const root = tracer.startSpan(
    'GET /checkout',
    {
      kind: SpanKind.SERVER,
      startTime: [1700000000, 123456789],
      attributes: { 'http.method': 'GET', 'http.status_code': 200, ratio: 0.25, 'cache.hit': true, tags: ['a', 'b'], sizes: [1, 2.5], flags: [true, false] },
      links: [
        {
          context: { traceId: 'a1a2a3a4a5a6a7a8a9aaabacadaeaf00', spanId: 'b1b2b3b4b5b6b7b8', traceFlags: 1, traceState: new TraceState('vendor=value') },
          attributes: { reason: 'retry', attempt: 2 },
        },
      ],
    },
    parent,
  )
  root.addEvent('cache.miss', { key: 'k1', n: 3 }, [1700000000, 223456789])
  root.addEvent('no attributes', [1700000000, 323456789])
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' })
  const child = tracer.startSpan('charge card', { kind: SpanKind.CLIENT, startTime: [1700000000, 500000001] }, trace.setSpan(context.active(), root))
  child.setStatus({ code: SpanStatusCode.OK })
  child.end([1700000000, 900000003])
  root.end([1700000001, 123456000])
  await provider.forceFlush()
  return memory.getFinishedSpans()
}

function expectedTraceRow(span: ReadableSpan) {
  const ctx = span.spanContext()
  return {
    Timestamp: ns(span.startTime),
    TraceId: ctx.traceId,
    SpanId: ctx.spanId,
    ParentSpanId: span.parentSpanContext?.spanId ?? '',
    TraceState: ctx.traceState?.serialize() ?? '',
    SpanName: span.name,
    SpanKind: KIND[span.kind],
    ServiceName: String(span.resource.attributes['service.name']),
    ResourceAttributes: attrMap(span.resource.attributes),
    ScopeName: span.instrumentationScope.name,
    ScopeVersion: span.instrumentationScope.version ?? '',
    SpanAttributes: attrMap(span.attributes),
    Duration: (BigInt(ns(span.endTime)) - BigInt(ns(span.startTime))).toString(),
    StatusCode: STATUS[span.status.code],
    StatusMessage: span.status.message ?? '',
    'Events.Timestamp': span.events.map((e) => ns(e.time)),
    'Events.Name': span.events.map((e) => e.name),
    'Events.Attributes': span.events.map((e) => attrMap(e.attributes ?? {})),
    'Links.TraceId': span.links.map((l) => l.context.traceId),
    'Links.SpanId': span.links.map((l) => l.context.spanId),
    'Links.TraceState': span.links.map((l) => l.context.traceState?.serialize() ?? ''),
    'Links.Attributes': span.links.map((l) => attrMap(l.attributes ?? {})),
  }
}

async function makeLogs(service: string): Promise<ReadableLogRecord[]> {
  const memory = new InMemoryLogRecordExporter()
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': service }), processors: [new SimpleLogRecordProcessor({ exporter: memory })] })
  const logger = provider.getLogger('conformance-logs', '2.0.0')
  logger.emit({
    timestamp: [1700000002, 987654321],
    observedTimestamp: [1700000003, 1],
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    eventName: 'disk.pressure',
    body: { message: 'disk almost full', free: 12, ratio: 0.5, ok: false, nested: { a: [1, 'x'] } },
    attributes: { 'bytes.attr': new Uint8Array([1, 2, 3]), 'map.attr': { b: 1, a: 'z' }, 'arr.attr': ['x', 2], int: 7, dbl: 1.5, bool: true, str: 'hello world' },
    context: trace.setSpanContext(ROOT_CONTEXT, { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED }),
  })
  logger.emit({ timestamp: [1700000004, 5], severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'plain text line' })
  logger.emit({ timestamp: [1700000005, 6], body: 42 })
  await provider.forceFlush()
  return memory.getFinishedLogRecords()
}

function expectedLogRow(log: ReadableLogRecord) {
  const body = log.body
  return {
    Timestamp: ns(log.hrTime),
    TraceId: log.spanContext?.traceId ?? '',
    SpanId: log.spanContext?.spanId ?? '',
    TraceFlags: log.spanContext?.traceFlags ?? 0,
    SeverityText: log.severityText ?? '',
    SeverityNumber: log.severityNumber ?? 0,
    ServiceName: String(log.resource.attributes['service.name']),
    Body: body === undefined ? '' : attrString(body),
    ResourceAttributes: attrMap(log.resource.attributes),
    ScopeName: log.instrumentationScope.name,
    ScopeVersion: log.instrumentationScope.version ?? '',
    LogAttributes: attrMap(log.attributes),
    EventName: log.eventName ?? '',
  }
}

/** Go JSON sorts keys; these expectations are written out to check that too. */
const SORTED_BODY = '{"free":12,"message":"disk almost full","nested":{"a":[1,"x"]},"ok":false,"ratio":0.5}'

class CollectingReader extends MetricReader {
  protected async onShutdown() {}
  protected async onForceFlush() {}
}

async function makeMetrics(service: string): Promise<ResourceMetrics> {
  const reader = new CollectingReader()
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    readers: [reader],
    views: [{ instrumentName: 'payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  })
  const meter = provider.getMeter('conformance-metrics', '3.0.0')
  const orders = meter.createCounter('orders', { description: 'orders placed', unit: '{order}' })
  orders.add(3, { region: 'eu' })
  orders.add(2, { region: 'us', priority: 1 })
  meter.createUpDownCounter('queue.depth').add(-4, { queue: 'q1' })
  meter.createGauge('temperature', { unit: 'Cel' }).record(21.5, { room: 'a' })
  const latency = meter.createHistogram('latency', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100] } })
  for (const v of [5, 50, 500, 7]) latency.record(v, { route: '/checkout' })
  const size = meter.createHistogram('payload.size', { unit: 'By' })
  for (const v of [1, 8, 1024, 3]) size.record(v)
  const { resourceMetrics, errors } = await reader.collect()
  expect(errors).toEqual([])
  return resourceMetrics
}

function expectedMetricRows(rm: ResourceMetrics) {
  const out: Record<string, Record<string, unknown>[]> = { gauge: [], sum: [], histogram: [], exponential: [] }
  for (const sm of rm.scopeMetrics) {
    for (const metric of sm.metrics) {
      for (const point of metric.dataPoints) {
        const base = {
          ServiceName: String(rm.resource.attributes['service.name']),
          ResourceAttributes: attrMap(rm.resource.attributes),
          ScopeName: sm.scope.name,
          ScopeVersion: sm.scope.version ?? '',
          MetricName: metric.descriptor.name,
          MetricDescription: metric.descriptor.description,
          MetricUnit: metric.descriptor.unit,
          Attributes: attrMap(point.attributes),
          StartTimeUnix: ns(point.startTime),
          TimeUnix: ns(point.endTime),
        }
        const temporality = metric.aggregationTemporality + 1
        switch (metric.dataPointType) {
          case DataPointType.GAUGE:
            out.gauge.push({ ...base, Value: point.value })
            break
          case DataPointType.SUM:
            out.sum.push({ ...base, Value: point.value, AggregationTemporality: temporality, IsMonotonic: metric.isMonotonic })
            break
          case DataPointType.HISTOGRAM: {
            const h = point.value as Histogram
            out.histogram.push({
              ...base,
              Count: String(h.count),
              Sum: h.sum,
              BucketCounts: h.buckets.counts.map(String),
              ExplicitBounds: h.buckets.boundaries,
              Min: h.min,
              Max: h.max,
              AggregationTemporality: temporality,
            })
            break
          }
          case DataPointType.EXPONENTIAL_HISTOGRAM: {
            const e = point.value as ExponentialHistogram
            out.exponential.push({
              ...base,
              Count: String(e.count),
              Sum: e.sum,
              Scale: e.scale,
              ZeroCount: String(e.zeroCount),
              PositiveOffset: e.positive.offset,
              PositiveBucketCounts: e.positive.bucketCounts.map(String),
              NegativeOffset: e.negative.offset,
              NegativeBucketCounts: e.negative.bucketCounts.map(String),
              Min: e.min,
              Max: e.max,
              AggregationTemporality: temporality,
            })
            break
          }
        }
      }
    }
  }
  return out
}

const byKey = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(a[key]).localeCompare(String(b[key]))

describe.each(transports)('OTLP conformance over %s', (transport) => {
  let tc: TestCollector
  let sent: ReturnType<typeof exporters>
  const service = `conformance-${transport.replace('/', '-')}`

  beforeAll(async () => {
    tc = await startTestCollector()
    sent = exporters(transport, tc)
  })
  afterAll(async () => {
    await Promise.all([sent.traces.shutdown(), sent.metrics.shutdown(), sent.logs.shutdown()])
    await tc.dispose()
  })

  it('stores spans exactly: ids, nanosecond times, attributes, events, links, status, trace state', async () => {
    const spans = await makeSpans(service)
    await send(sent.traces as Exporter<ReadableSpan[]>, spans)
    const rows = await rowsFromStore(tc.store, 'otel_traces', 'ServiceName = {s:String}', { s: service })
    expect(rows.sort(byKey('SpanName'))).toEqual(spans.map(expectedTraceRow).sort(byKey('SpanName')))
    // spot checks a reader relies on, against literal values
    const root = rows.find((r) => r.SpanName === 'GET /checkout')!
    expect(root).toMatchObject({ Timestamp: '1700000000123456789', Duration: '999999211', ParentSpanId: REMOTE_PARENT.spanId, SpanKind: 'Server', StatusCode: 'Error' })
    expect(root.SpanAttributes).toEqual({ 'http.method': 'GET', 'http.status_code': '200', ratio: '0.25', 'cache.hit': 'true', tags: '["a","b"]', sizes: '[1,2.5]', flags: '[true,false]' })
    expect(root.TraceState).toBe('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7')
    expect(root['Links.TraceState']).toEqual(['vendor=value'])
    // the trace id lookup table is filled by its materialized view
    const lookup = await rowsFromStore(tc.store, 'otel_traces_trace_id_ts', 'TraceId = {t:String}', { t: REMOTE_PARENT.traceId })
    expect(lookup).toHaveLength(1)
  })

  it('stores log records exactly: severity, body of any type, attributes of every type, trace context, event name', async () => {
    const logs = await makeLogs(service)
    await send(sent.logs as Exporter<ReadableLogRecord[]>, logs)
    const rows = await rowsFromStore(tc.store, 'otel_logs', 'ServiceName = {s:String}', { s: service })
    const picked = rows.map((r) => Object.fromEntries(Object.keys(expectedLogRow(logs[0])).map((k) => [k, r[k]])))
    expect(picked.sort(byKey('Timestamp'))).toEqual(logs.map(expectedLogRow).sort(byKey('Timestamp')))
    const event = rows.find((r) => r.EventName === 'disk.pressure')!
    expect(event.Body).toBe(SORTED_BODY)
    expect(event.LogAttributes).toMatchObject({ 'bytes.attr': 'AQID', 'map.attr': '{"a":"z","b":1}', 'arr.attr': '["x",2]', int: '7', dbl: '1.5', bool: 'true' })
    expect(event).toMatchObject({ Timestamp: '1700000002987654321', TraceFlags: 1, SeverityNumber: 13 })
    expect(rows.find((r) => r.Timestamp === '1700000005000000006')!.Body).toBe('42')
  })

  it('stores metric points exactly: gauge, sum, histogram, exponential histogram', async () => {
    const rm = await makeMetrics(service)
    await send(sent.metrics as unknown as Exporter<ResourceMetrics>, rm)
    const expected = expectedMetricRows(rm)
    const tables = { gauge: 'otel_metrics_gauge', sum: 'otel_metrics_sum', histogram: 'otel_metrics_histogram', exponential: 'otel_metrics_exponential_histogram' }
    for (const [kind, table] of Object.entries(tables)) {
      const rows = await rowsFromStore(tc.store, table, 'ServiceName = {s:String}', { s: service })
      const want = expected[kind]
      expect(want.length, kind).toBeGreaterThan(0)
      const picked = rows.map((r) => Object.fromEntries(Object.keys(want[0]).map((k) => [k, r[k]])))
      const key = (r: Record<string, unknown>) => `${r.MetricName}|${JSON.stringify(r.Attributes)}`
      const sort = (a: Record<string, unknown>, b: Record<string, unknown>) => key(a).localeCompare(key(b))
      expect(picked.sort(sort), kind).toEqual([...want].sort(sort))
    }
  })
})
