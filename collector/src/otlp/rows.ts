/*
 * Rows as they go into the contrib tables (JSONEachRow objects, column names as keys).
 * Timestamps (nanoseconds since the epoch) and UInt64 counts are bigint, so nothing loses
 * precision; core's stringifyJson writes them as exact JSON numbers.
 */

export type Attributes = Record<string, string>

export interface TraceRow {
  Timestamp: bigint
  TraceId: string
  SpanId: string
  ParentSpanId: string
  TraceState: string
  SpanName: string
  SpanKind: string
  ServiceName: string
  ResourceAttributes: Attributes
  ScopeName: string
  ScopeVersion: string
  SpanAttributes: Attributes
  Duration: bigint
  StatusCode: string
  StatusMessage: string
  'Events.Timestamp': bigint[]
  'Events.Name': string[]
  'Events.Attributes': Attributes[]
  'Links.TraceId': string[]
  'Links.SpanId': string[]
  'Links.TraceState': string[]
  'Links.Attributes': Attributes[]
}

export interface LogRow {
  Timestamp: bigint
  TraceId: string
  SpanId: string
  TraceFlags: number
  SeverityText: string
  SeverityNumber: number
  ServiceName: string
  Body: string
  ResourceSchemaUrl: string
  ResourceAttributes: Attributes
  ScopeSchemaUrl: string
  ScopeName: string
  ScopeVersion: string
  ScopeAttributes: Attributes
  LogAttributes: Attributes
  EventName: string
}

/** Columns every metrics table shares. */
export interface MetricRowBase {
  ResourceAttributes: Attributes
  ResourceSchemaUrl: string
  ScopeName: string
  ScopeVersion: string
  ScopeAttributes: Attributes
  ScopeDroppedAttrCount: number
  ScopeSchemaUrl: string
  ServiceName: string
  MetricName: string
  MetricDescription: string
  MetricUnit: string
  Attributes: Attributes
  StartTimeUnix: bigint
  TimeUnix: bigint
  Flags: number
}

export interface ExemplarColumns {
  'Exemplars.FilteredAttributes': Attributes[]
  'Exemplars.TimeUnix': bigint[]
  'Exemplars.Value': number[]
  'Exemplars.SpanId': string[]
  'Exemplars.TraceId': string[]
}

export interface GaugeRow extends MetricRowBase, ExemplarColumns {
  Value: number
}

export interface SumRow extends GaugeRow {
  AggregationTemporality: number
  IsMonotonic: boolean
}

export interface HistogramRow extends MetricRowBase, ExemplarColumns {
  Count: bigint
  Sum: number
  BucketCounts: bigint[]
  ExplicitBounds: number[]
  Min: number
  Max: number
  AggregationTemporality: number
}

export interface ExponentialHistogramRow extends MetricRowBase, ExemplarColumns {
  Count: bigint
  Sum: number
  Scale: number
  ZeroCount: bigint
  PositiveOffset: number
  PositiveBucketCounts: bigint[]
  NegativeOffset: number
  NegativeBucketCounts: bigint[]
  Min: number
  Max: number
  AggregationTemporality: number
}

export interface SummaryRow extends MetricRowBase {
  Count: bigint
  Sum: number
  'ValueAtQuantiles.Quantile': number[]
  'ValueAtQuantiles.Value': number[]
}

export interface MetricRows {
  gauge: GaugeRow[]
  sum: SumRow[]
  histogram: HistogramRow[]
  exponentialHistogram: ExponentialHistogramRow[]
  summary: SummaryRow[]
}

export function emptyMetricRows(): MetricRows {
  return { gauge: [], sum: [], histogram: [], exponentialHistogram: [], summary: [] }
}

/**
 * What a decoder returns: the rows, and the items it refused (with the first reason),
 * which the receiver reports as an OTLP partial success.
 */
export interface Decoded<R> {
  rows: R
  /** Items (spans, log records, data points) accepted into rows. */
  accepted: number
  rejected: number
  rejectReason?: string
}

/** Thrown for a payload that cannot be decoded at all; the receiver answers 400 with its message. */
export class MalformedPayloadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedPayloadError'
  }
}
