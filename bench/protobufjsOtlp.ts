/*
 * protobufjs as an OTLP decoder, for comparison with ours: the OTLP messages as a protobufjs text
 * schema (written from opentelemetry-proto's field numbers), and the conversion of what protobufjs
 * decodes into the very rows our decoders make, through the same row builders.
 *
 * protobufjs is no dependency of ours; it is reached through @grpc/grpc-js → @grpc/proto-loader,
 * and loadProtobufjs() returns undefined when it is not there.
 */
import { createRequire } from 'node:module'
import { anyValueToString, type RawMap, type RawValue } from '../collector/src/otlp/anyValue.js'
import type {
  ExemplarFields,
  ExponentialHistogramPointFields,
  MetricFields,
  NumberPointFields,
  PointFields,
  ResourceFields,
  ScopeFields,
  SpanFields,
} from '../collector/src/otlp/fields.js'
import {
  exponentialHistogramRow,
  gaugeRow,
  histogramRow,
  invalidSpanReason,
  logRow,
  sumRow,
  summaryRow,
  traceRow,
} from '../collector/src/otlp/rowBuilders.js'
import { type Attributes, emptyMetricRows, type LogRow, type MetricRows, type TraceRow } from '../collector/src/otlp/rows.js'

const SCHEMA = `
syntax = "proto3";
package bench;

message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  repeated Event events = 11; uint32 dropped_events_count = 12;
  repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
}
message Status { string message = 2; int32 code = 3; }

message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; string schema_url = 3; }
message ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; string schema_url = 3; }
message LogRecord {
  fixed64 time_unix_nano = 1; fixed64 observed_time_unix_nano = 11; int32 severity_number = 2; string severity_text = 3;
  AnyValue body = 5; repeated KeyValue attributes = 6; uint32 dropped_attributes_count = 7; fixed32 flags = 8;
  bytes trace_id = 9; bytes span_id = 10; string event_name = 12;
}

message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; string schema_url = 3; }
message ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; string schema_url = 3; }
message Metric {
  string name = 1; string description = 2; string unit = 3;
  oneof data { Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9; ExponentialHistogram exponential_histogram = 10; Summary summary = 11; }
  repeated KeyValue metadata = 12;
}
message Gauge { repeated NumberDataPoint data_points = 1; }
message Sum { repeated NumberDataPoint data_points = 1; int32 aggregation_temporality = 2; bool is_monotonic = 3; }
message Histogram { repeated HistogramDataPoint data_points = 1; int32 aggregation_temporality = 2; }
message ExponentialHistogram { repeated ExponentialHistogramDataPoint data_points = 1; int32 aggregation_temporality = 2; }
message Summary { repeated SummaryDataPoint data_points = 1; }
message NumberDataPoint {
  repeated KeyValue attributes = 7; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
  oneof value { double as_double = 4; sfixed64 as_int = 6; }
  repeated Exemplar exemplars = 5; uint32 flags = 8;
}
message HistogramDataPoint {
  repeated KeyValue attributes = 9; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3; fixed64 count = 4; double sum = 5;
  repeated fixed64 bucket_counts = 6; repeated double explicit_bounds = 7; repeated Exemplar exemplars = 8; uint32 flags = 10;
  double min = 11; double max = 12;
}
message ExponentialHistogramDataPoint {
  repeated KeyValue attributes = 1; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3; fixed64 count = 4; double sum = 5;
  sint32 scale = 6; fixed64 zero_count = 7; Buckets positive = 8; Buckets negative = 9; uint32 flags = 10;
  repeated Exemplar exemplars = 11; double min = 12; double max = 13; double zero_threshold = 14;
  message Buckets { sint32 offset = 1; repeated uint64 bucket_counts = 2; }
}
message SummaryDataPoint {
  repeated KeyValue attributes = 7; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3; fixed64 count = 4; double sum = 5;
  repeated ValueAtQuantile quantile_values = 6; uint32 flags = 8;
  message ValueAtQuantile { double quantile = 1; double value = 2; }
}
message Exemplar {
  repeated KeyValue filtered_attributes = 7; fixed64 time_unix_nano = 2;
  oneof value { double as_double = 3; sfixed64 as_int = 6; }
  bytes span_id = 4; bytes trace_id = 5;
}
`

interface ProtobufjsType {
  decode(buf: Uint8Array): unknown
}
interface Protobufjs {
  parse(source: string): { root: { lookupType(name: string): ProtobufjsType } }
}

/** protobufjs's decoder of each OTLP export request. */
export interface ProtobufjsOtlp {
  traces: ProtobufjsType
  logs: ProtobufjsType
  metrics: ProtobufjsType
}

export function loadProtobufjs(): ProtobufjsOtlp | undefined {
  let protobufjs: Protobufjs
  try {
    const fromCollector = createRequire(new URL('../collector/package.json', import.meta.url))
    const fromGrpc = createRequire(fromCollector.resolve('@grpc/grpc-js'))
    const fromProtoLoader = createRequire(fromGrpc.resolve('@grpc/proto-loader'))
    protobufjs = fromProtoLoader('protobufjs') as Protobufjs
  } catch {
    return undefined
  }
  const { root } = protobufjs.parse(SCHEMA)
  return {
    traces: root.lookupType('bench.ExportTraceServiceRequest'),
    logs: root.lookupType('bench.ExportLogsServiceRequest'),
    metrics: root.lookupType('bench.ExportMetricsServiceRequest'),
  }
}

// ---- what protobufjs decodes (the fields the conversions read) ----

interface PbLong {
  low: number
  high: number
}
interface PbAnyValue {
  value?: string
  stringValue: string
  boolValue: boolean
  intValue: PbLong
  doubleValue: number
  bytesValue: Uint8Array
  arrayValue: { values: PbAnyValue[] }
  kvlistValue: { values: PbKeyValue[] }
}
interface PbKeyValue {
  key: string
  value?: PbAnyValue
}
interface PbScope {
  name: string
  version: string
  attributes: PbKeyValue[]
  droppedAttributesCount: number
}
interface PbResourceLevel {
  resource?: { attributes: PbKeyValue[] }
  schemaUrl: string
}
interface PbScopeLevel {
  scope?: PbScope
  schemaUrl: string
}
interface PbSpan {
  traceId: Buffer
  spanId: Buffer
  parentSpanId: Buffer
  traceState: string
  name: string
  kind: number
  startTimeUnixNano: PbLong
  endTimeUnixNano: PbLong
  attributes: PbKeyValue[]
  events: { timeUnixNano: PbLong; name: string; attributes: PbKeyValue[] }[]
  links: { traceId: Buffer; spanId: Buffer; traceState: string; attributes: PbKeyValue[] }[]
  status?: { code: number; message: string }
}
export interface PbTraceRequest {
  resourceSpans: (PbResourceLevel & { scopeSpans: (PbScopeLevel & { spans: PbSpan[] })[] })[]
}
interface PbLogRecord {
  timeUnixNano: PbLong
  observedTimeUnixNano: PbLong
  severityNumber: number
  severityText: string
  body?: PbAnyValue
  attributes: PbKeyValue[]
  flags: number
  traceId: Buffer
  spanId: Buffer
  eventName: string
}
export interface PbLogsRequest {
  resourceLogs: (PbResourceLevel & { scopeLogs: (PbScopeLevel & { logRecords: PbLogRecord[] })[] })[]
}
interface PbExemplar {
  filteredAttributes: PbKeyValue[]
  timeUnixNano: PbLong
  value?: string
  asDouble: number
  asInt: PbLong
  spanId: Buffer
  traceId: Buffer
}
interface PbPoint {
  attributes: PbKeyValue[]
  startTimeUnixNano: PbLong
  timeUnixNano: PbLong
  flags: number
}
interface PbNumberPoint extends PbPoint {
  value?: string
  asDouble: number
  asInt: PbLong
  exemplars: PbExemplar[]
}
interface PbHistogramPoint extends PbPoint {
  count: PbLong
  sum: number
  bucketCounts: PbLong[]
  explicitBounds: number[]
  exemplars: PbExemplar[]
  min: number
  max: number
}
interface PbBuckets {
  offset: number
  bucketCounts: PbLong[]
}
interface PbExponentialHistogramPoint extends PbPoint {
  count: PbLong
  sum: number
  scale: number
  zeroCount: PbLong
  positive?: PbBuckets
  negative?: PbBuckets
  exemplars: PbExemplar[]
  min: number
  max: number
}
interface PbSummaryPoint extends PbPoint {
  count: PbLong
  sum: number
  quantileValues: { quantile: number; value: number }[]
}
interface PbMetric {
  name: string
  description: string
  unit: string
  data?: 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary'
  gauge: { dataPoints: PbNumberPoint[] }
  sum: { dataPoints: PbNumberPoint[]; aggregationTemporality: number; isMonotonic: boolean }
  histogram: { dataPoints: PbHistogramPoint[]; aggregationTemporality: number }
  exponentialHistogram: { dataPoints: PbExponentialHistogramPoint[]; aggregationTemporality: number }
  summary: { dataPoints: PbSummaryPoint[] }
}
export interface PbMetricsRequest {
  resourceMetrics: (PbResourceLevel & { scopeMetrics: (PbScopeLevel & { metrics: PbMetric[] })[] })[]
}

// ---- protobufjs's objects → our rows ----

const unsignedLong = (long: PbLong) => (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0)
const signedLong = (long: PbLong) => (BigInt(long.high | 0) << 32n) + BigInt(long.low >>> 0)
/** An sfixed64 as the nearest double, as our decoder reads as_int. */
const signedLongAsNumber = (long: PbLong) => (long.high | 0) * 4294967296 + (long.low >>> 0)
const hex = (id: Buffer) => id.toString('hex')

function rawValue(value: PbAnyValue | undefined): RawValue {
  switch (value?.value) {
    case 'stringValue':
      return value.stringValue
    case 'boolValue':
      return value.boolValue
    case 'intValue':
      return signedLong(value.intValue)
    case 'doubleValue':
      return value.doubleValue
    case 'bytesValue':
      return value.bytesValue
    case 'arrayValue':
      return value.arrayValue.values.map(rawValue)
    case 'kvlistValue': {
      const map: RawMap = {}
      for (const kv of value.kvlistValue.values) map[kv.key] = rawValue(kv.value)
      return map
    }
    default:
      return null
  }
}

function attributesOf(keyValues: PbKeyValue[]): Attributes {
  const out: Attributes = {}
  for (const kv of keyValues) out[kv.key] = anyValueToString(rawValue(kv.value))
  return out
}

function resourceOf(level: PbResourceLevel): ResourceFields {
  return { attributes: attributesOf(level.resource?.attributes ?? []), schemaUrl: level.schemaUrl }
}

function scopeOf(level: PbScopeLevel): ScopeFields {
  return {
    name: level.scope?.name ?? '',
    version: level.scope?.version ?? '',
    attributes: attributesOf(level.scope?.attributes ?? []),
    droppedAttributesCount: level.scope?.droppedAttributesCount ?? 0,
    schemaUrl: level.schemaUrl,
  }
}

export function traceRows(request: PbTraceRequest): TraceRow[] {
  const rows: TraceRow[] = []
  for (const resourceSpans of request.resourceSpans) {
    const resource = resourceOf(resourceSpans)
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const scope = scopeOf(scopeSpans)
      for (const span of scopeSpans.spans) {
        const fields: SpanFields = {
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          traceState: span.traceState,
          name: span.name,
          kind: span.kind,
          startTimeUnixNano: unsignedLong(span.startTimeUnixNano),
          endTimeUnixNano: unsignedLong(span.endTimeUnixNano),
          attributes: attributesOf(span.attributes),
          events: span.events.map((e) => ({ timeUnixNano: unsignedLong(e.timeUnixNano), name: e.name, attributes: attributesOf(e.attributes) })),
          links: span.links.map((l) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId), traceState: l.traceState, attributes: attributesOf(l.attributes) })),
          statusCode: span.status?.code ?? 0,
          statusMessage: span.status?.message ?? '',
        }
        if (invalidSpanReason(fields) === undefined) rows.push(traceRow(resource, scope, fields))
      }
    }
  }
  return rows
}

export function logRows(request: PbLogsRequest): LogRow[] {
  const rows: LogRow[] = []
  for (const resourceLogs of request.resourceLogs) {
    const resource = resourceOf(resourceLogs)
    for (const scopeLogs of resourceLogs.scopeLogs) {
      const scope = scopeOf(scopeLogs)
      for (const log of scopeLogs.logRecords) {
        rows.push(
          logRow(resource, scope, {
            timeUnixNano: unsignedLong(log.timeUnixNano),
            observedTimeUnixNano: unsignedLong(log.observedTimeUnixNano),
            severityNumber: log.severityNumber,
            severityText: log.severityText,
            body: rawValue(log.body),
            attributes: attributesOf(log.attributes),
            flags: log.flags,
            traceId: hex(log.traceId),
            spanId: hex(log.spanId),
            eventName: log.eventName,
          }),
        )
      }
    }
  }
  return rows
}

function exemplarsOf(exemplars: PbExemplar[]): ExemplarFields[] {
  return exemplars.map((e) => ({
    filteredAttributes: attributesOf(e.filteredAttributes),
    timeUnixNano: unsignedLong(e.timeUnixNano),
    value: e.value === 'asInt' ? signedLongAsNumber(e.asInt) : e.value === 'asDouble' ? e.asDouble : 0,
    spanId: hex(e.spanId),
    traceId: hex(e.traceId),
  }))
}

function pointOf(point: PbPoint): PointFields {
  return {
    attributes: attributesOf(point.attributes),
    startTimeUnixNano: unsignedLong(point.startTimeUnixNano),
    timeUnixNano: unsignedLong(point.timeUnixNano),
    flags: point.flags,
  }
}

function numberPointOf(point: PbNumberPoint): NumberPointFields {
  const value = point.value === 'asInt' ? signedLongAsNumber(point.asInt) : point.value === 'asDouble' ? point.asDouble : 0
  return { ...pointOf(point), value, exemplars: exemplarsOf(point.exemplars) }
}

function bucketsOf(buckets: PbBuckets | undefined): ExponentialHistogramPointFields['positive'] {
  return { offset: buckets?.offset ?? 0, bucketCounts: (buckets?.bucketCounts ?? []).map(unsignedLong) }
}

/** Rows of every data point, by table; a metric without data is skipped (our decoder rejects it). */
export function metricRows(request: PbMetricsRequest): MetricRows {
  const rows = emptyMetricRows()
  for (const resourceMetrics of request.resourceMetrics) {
    const resource = resourceOf(resourceMetrics)
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const scope = scopeOf(scopeMetrics)
      for (const m of scopeMetrics.metrics) {
        const metric: MetricFields = { name: m.name, description: m.description, unit: m.unit }
        switch (m.data) {
          case 'gauge':
            for (const p of m.gauge.dataPoints) rows.gauge.push(gaugeRow(resource, scope, metric, numberPointOf(p)))
            break
          case 'sum':
            for (const p of m.sum.dataPoints) rows.sum.push(sumRow(resource, scope, metric, numberPointOf(p), m.sum.aggregationTemporality, m.sum.isMonotonic))
            break
          case 'histogram':
            for (const p of m.histogram.dataPoints) {
              const point = {
                ...pointOf(p),
                count: unsignedLong(p.count),
                sum: p.sum,
                bucketCounts: p.bucketCounts.map(unsignedLong),
                explicitBounds: p.explicitBounds,
                exemplars: exemplarsOf(p.exemplars),
                min: p.min,
                max: p.max,
              }
              rows.histogram.push(histogramRow(resource, scope, metric, point, m.histogram.aggregationTemporality))
            }
            break
          case 'exponentialHistogram':
            for (const p of m.exponentialHistogram.dataPoints) {
              const point = {
                ...pointOf(p),
                count: unsignedLong(p.count),
                sum: p.sum,
                scale: p.scale,
                zeroCount: unsignedLong(p.zeroCount),
                positive: bucketsOf(p.positive),
                negative: bucketsOf(p.negative),
                exemplars: exemplarsOf(p.exemplars),
                min: p.min,
                max: p.max,
              }
              rows.exponentialHistogram.push(exponentialHistogramRow(resource, scope, metric, point, m.exponentialHistogram.aggregationTemporality))
            }
            break
          case 'summary':
            for (const p of m.summary.dataPoints) {
              const point = { ...pointOf(p), count: unsignedLong(p.count), sum: p.sum, quantileValues: p.quantileValues.map((q) => ({ quantile: q.quantile, value: q.value })) }
              rows.summary.push(summaryRow(resource, scope, metric, point))
            }
            break
        }
      }
    }
  }
  return rows
}

/** Data points in a request's rows. */
export function metricPoints(rows: MetricRows): number {
  return rows.gauge.length + rows.sum.length + rows.histogram.length + rows.exponentialHistogram.length + rows.summary.length
}
