import { anyValueToString } from './anyValue.js'
import type {
  ExponentialHistogramPointFields,
  HistogramPointFields,
  LogRecordFields,
  MetricFields,
  NumberPointFields,
  ResourceFields,
  ScopeFields,
  SpanFields,
  SummaryPointFields,
} from './fields.js'
import { SERVICE_NAME_KEY, spanKindName, statusCodeName } from './names.js'
import type {
  ExponentialHistogramRow,
  GaugeRow,
  HistogramRow,
  LogRow,
  SumRow,
  SummaryRow,
  TraceRow,
} from './rows.js'

/*
 * Decoded OTLP fields → contrib table rows. Both decoders (protobuf and JSON) end here, so the
 * two wire formats store exactly the same thing.
 */

const serviceName = (resource: ResourceFields) => resource.attributes[SERVICE_NAME_KEY] ?? ''

const ALL_ZERO = /^0+$/

/** Why a span cannot be stored, or undefined when it can (the OTLP spec's id rules). */
export function invalidSpanReason(span: SpanFields): string | undefined {
  if (span.traceId.length !== 32) return `span "${span.name}" has a trace id of ${span.traceId.length / 2} bytes, want 16`
  if (span.spanId.length !== 16) return `span "${span.name}" has a span id of ${span.spanId.length / 2} bytes, want 8`
  if (ALL_ZERO.test(span.traceId)) return `span "${span.name}" has an all-zero trace id`
  if (ALL_ZERO.test(span.spanId)) return `span "${span.name}" has an all-zero span id`
  if (span.parentSpanId !== '' && span.parentSpanId.length !== 16) {
    return `span "${span.name}" has a parent span id of ${span.parentSpanId.length / 2} bytes, want 8 or none`
  }
  return undefined
}

export function traceRow(resource: ResourceFields, scope: ScopeFields, span: SpanFields): TraceRow {
  const duration = span.endTimeUnixNano - span.startTimeUnixNano
  return {
    Timestamp: span.startTimeUnixNano,
    TraceId: span.traceId,
    SpanId: span.spanId,
    ParentSpanId: span.parentSpanId,
    TraceState: span.traceState,
    SpanName: span.name,
    SpanKind: spanKindName(span.kind),
    ServiceName: serviceName(resource),
    ResourceAttributes: resource.attributes,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    SpanAttributes: span.attributes,
    Duration: duration > 0n ? duration : 0n,
    StatusCode: statusCodeName(span.statusCode),
    StatusMessage: span.statusMessage,
    'Events.Timestamp': span.events.map((e) => e.timeUnixNano),
    'Events.Name': span.events.map((e) => e.name),
    'Events.Attributes': span.events.map((e) => e.attributes),
    'Links.TraceId': span.links.map((l) => l.traceId),
    'Links.SpanId': span.links.map((l) => l.spanId),
    'Links.TraceState': span.links.map((l) => l.traceState),
    'Links.Attributes': span.links.map((l) => l.attributes),
  }
}

export function logRow(resource: ResourceFields, scope: ScopeFields, log: LogRecordFields): LogRow {
  return {
    // As the contrib exporter: a record without a timestamp is stored at its observed time.
    Timestamp: log.timeUnixNano === 0n ? log.observedTimeUnixNano : log.timeUnixNano,
    TraceId: log.traceId,
    SpanId: log.spanId,
    TraceFlags: log.flags & 0xff,
    SeverityText: log.severityText,
    SeverityNumber: log.severityNumber,
    ServiceName: serviceName(resource),
    Body: anyValueToString(log.body),
    ResourceSchemaUrl: resource.schemaUrl,
    ResourceAttributes: resource.attributes,
    ScopeSchemaUrl: scope.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    LogAttributes: log.attributes,
    EventName: log.eventName,
  }
}

/*
 * The metric rows are written out key by key (no object spreads): every row of a kind then has
 * one shape from the start, where spreading a base row into a new object made V8 copy it key by
 * key into a dictionary-like transition chain each time. The keys' order is the tables' column
 * order, which stringifyJson keeps.
 */

export function gaugeRow(resource: ResourceFields, scope: ScopeFields, metric: MetricFields, point: NumberPointFields): GaugeRow {
  const exemplars = point.exemplars
  return {
    ResourceAttributes: resource.attributes,
    ResourceSchemaUrl: resource.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    ScopeDroppedAttrCount: scope.droppedAttributesCount,
    ScopeSchemaUrl: scope.schemaUrl,
    ServiceName: serviceName(resource),
    MetricName: metric.name,
    MetricDescription: metric.description,
    MetricUnit: metric.unit,
    Attributes: point.attributes,
    StartTimeUnix: point.startTimeUnixNano,
    TimeUnix: point.timeUnixNano,
    Flags: point.flags,
    Value: point.value,
    'Exemplars.FilteredAttributes': exemplars.map((e) => e.filteredAttributes),
    'Exemplars.TimeUnix': exemplars.map((e) => e.timeUnixNano),
    'Exemplars.Value': exemplars.map((e) => e.value),
    'Exemplars.SpanId': exemplars.map((e) => e.spanId),
    'Exemplars.TraceId': exemplars.map((e) => e.traceId),
  }
}

export function sumRow(
  resource: ResourceFields,
  scope: ScopeFields,
  metric: MetricFields,
  point: NumberPointFields,
  temporality: number,
  isMonotonic: boolean,
): SumRow {
  const exemplars = point.exemplars
  return {
    ResourceAttributes: resource.attributes,
    ResourceSchemaUrl: resource.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    ScopeDroppedAttrCount: scope.droppedAttributesCount,
    ScopeSchemaUrl: scope.schemaUrl,
    ServiceName: serviceName(resource),
    MetricName: metric.name,
    MetricDescription: metric.description,
    MetricUnit: metric.unit,
    Attributes: point.attributes,
    StartTimeUnix: point.startTimeUnixNano,
    TimeUnix: point.timeUnixNano,
    Flags: point.flags,
    Value: point.value,
    'Exemplars.FilteredAttributes': exemplars.map((e) => e.filteredAttributes),
    'Exemplars.TimeUnix': exemplars.map((e) => e.timeUnixNano),
    'Exemplars.Value': exemplars.map((e) => e.value),
    'Exemplars.SpanId': exemplars.map((e) => e.spanId),
    'Exemplars.TraceId': exemplars.map((e) => e.traceId),
    AggregationTemporality: temporality,
    IsMonotonic: isMonotonic,
  }
}

export function histogramRow(
  resource: ResourceFields,
  scope: ScopeFields,
  metric: MetricFields,
  point: HistogramPointFields,
  temporality: number,
): HistogramRow {
  const exemplars = point.exemplars
  return {
    ResourceAttributes: resource.attributes,
    ResourceSchemaUrl: resource.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    ScopeDroppedAttrCount: scope.droppedAttributesCount,
    ScopeSchemaUrl: scope.schemaUrl,
    ServiceName: serviceName(resource),
    MetricName: metric.name,
    MetricDescription: metric.description,
    MetricUnit: metric.unit,
    Attributes: point.attributes,
    StartTimeUnix: point.startTimeUnixNano,
    TimeUnix: point.timeUnixNano,
    Flags: point.flags,
    Count: point.count,
    Sum: point.sum,
    BucketCounts: point.bucketCounts,
    ExplicitBounds: point.explicitBounds,
    'Exemplars.FilteredAttributes': exemplars.map((e) => e.filteredAttributes),
    'Exemplars.TimeUnix': exemplars.map((e) => e.timeUnixNano),
    'Exemplars.Value': exemplars.map((e) => e.value),
    'Exemplars.SpanId': exemplars.map((e) => e.spanId),
    'Exemplars.TraceId': exemplars.map((e) => e.traceId),
    Min: point.min,
    Max: point.max,
    AggregationTemporality: temporality,
  }
}

export function exponentialHistogramRow(
  resource: ResourceFields,
  scope: ScopeFields,
  metric: MetricFields,
  point: ExponentialHistogramPointFields,
  temporality: number,
): ExponentialHistogramRow {
  const exemplars = point.exemplars
  return {
    ResourceAttributes: resource.attributes,
    ResourceSchemaUrl: resource.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    ScopeDroppedAttrCount: scope.droppedAttributesCount,
    ScopeSchemaUrl: scope.schemaUrl,
    ServiceName: serviceName(resource),
    MetricName: metric.name,
    MetricDescription: metric.description,
    MetricUnit: metric.unit,
    Attributes: point.attributes,
    StartTimeUnix: point.startTimeUnixNano,
    TimeUnix: point.timeUnixNano,
    Flags: point.flags,
    Count: point.count,
    Sum: point.sum,
    Scale: point.scale,
    ZeroCount: point.zeroCount,
    PositiveOffset: point.positive.offset,
    PositiveBucketCounts: point.positive.bucketCounts,
    NegativeOffset: point.negative.offset,
    NegativeBucketCounts: point.negative.bucketCounts,
    'Exemplars.FilteredAttributes': exemplars.map((e) => e.filteredAttributes),
    'Exemplars.TimeUnix': exemplars.map((e) => e.timeUnixNano),
    'Exemplars.Value': exemplars.map((e) => e.value),
    'Exemplars.SpanId': exemplars.map((e) => e.spanId),
    'Exemplars.TraceId': exemplars.map((e) => e.traceId),
    Min: point.min,
    Max: point.max,
    AggregationTemporality: temporality,
  }
}

export function summaryRow(resource: ResourceFields, scope: ScopeFields, metric: MetricFields, point: SummaryPointFields): SummaryRow {
  return {
    ResourceAttributes: resource.attributes,
    ResourceSchemaUrl: resource.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    ScopeDroppedAttrCount: scope.droppedAttributesCount,
    ScopeSchemaUrl: scope.schemaUrl,
    ServiceName: serviceName(resource),
    MetricName: metric.name,
    MetricDescription: metric.description,
    MetricUnit: metric.unit,
    Attributes: point.attributes,
    StartTimeUnix: point.startTimeUnixNano,
    TimeUnix: point.timeUnixNano,
    Flags: point.flags,
    Count: point.count,
    Sum: point.sum,
    'ValueAtQuantiles.Quantile': point.quantileValues.map((q) => q.quantile),
    'ValueAtQuantiles.Value': point.quantileValues.map((q) => q.value),
  }
}

/** Why a metric without any data field is refused. */
export function metricWithoutDataReason(metric: MetricFields): string {
  return `metric "${metric.name}" has no data (gauge, sum, histogram, exponential histogram or summary)`
}
