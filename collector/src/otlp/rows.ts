/*
 * Rows as they go into the contrib tables (JSONEachRow objects, column names as keys).
 * Timestamps are nanoseconds since the epoch as decimal strings, so nothing loses precision.
 */

export type Attributes = Record<string, string>

export interface TraceRow {
  Timestamp: string
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
  Duration: string
  StatusCode: string
  StatusMessage: string
  'Events.Timestamp': string[]
  'Events.Name': string[]
  'Events.Attributes': Attributes[]
  'Links.TraceId': string[]
  'Links.SpanId': string[]
  'Links.TraceState': string[]
  'Links.Attributes': Attributes[]
}

export interface LogRow {
  Timestamp: string
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
  StartTimeUnix: string
  TimeUnix: string
  Flags: number
}

export interface ExemplarColumns {
  'Exemplars.FilteredAttributes': Attributes[]
  'Exemplars.TimeUnix': string[]
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
  Count: string
  Sum: number
  BucketCounts: string[]
  ExplicitBounds: number[]
  Min: number
  Max: number
  AggregationTemporality: number
}

export interface ExponentialHistogramRow extends MetricRowBase, ExemplarColumns {
  Count: string
  Sum: number
  Scale: number
  ZeroCount: string
  PositiveOffset: number
  PositiveBucketCounts: string[]
  NegativeOffset: number
  NegativeBucketCounts: string[]
  Min: number
  Max: number
  AggregationTemporality: number
}

export interface SummaryRow extends MetricRowBase {
  Count: string
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
