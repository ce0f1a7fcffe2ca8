import type { RawValue } from './anyValue.js'
import type { Attributes } from './rows.js'

/*
 * What a decoder (protobuf or JSON) reads out of an OTLP request, before it becomes rows.
 * Ids are lowercase hex ('' when absent); timestamps are nanoseconds as bigint.
 */

export interface ResourceFields {
  attributes: Attributes
  schemaUrl: string
}

export interface ScopeFields {
  name: string
  version: string
  attributes: Attributes
  droppedAttributesCount: number
  schemaUrl: string
}

export interface SpanFields {
  traceId: string
  spanId: string
  parentSpanId: string
  traceState: string
  name: string
  kind: number
  startTimeUnixNano: bigint
  endTimeUnixNano: bigint
  attributes: Attributes
  events: { timeUnixNano: bigint; name: string; attributes: Attributes }[]
  links: { traceId: string; spanId: string; traceState: string; attributes: Attributes }[]
  statusCode: number
  statusMessage: string
}

/** A span with every field at its protobuf default, for a decoder to fill in. */
export function emptySpanFields(): SpanFields {
  return {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: {},
    events: [],
    links: [],
    statusCode: 0,
    statusMessage: '',
  }
}

export interface LogRecordFields {
  timeUnixNano: bigint
  observedTimeUnixNano: bigint
  severityNumber: number
  severityText: string
  body: RawValue
  attributes: Attributes
  flags: number
  traceId: string
  spanId: string
  eventName: string
}

export interface MetricFields {
  name: string
  description: string
  unit: string
}

export interface ExemplarFields {
  filteredAttributes: Attributes
  timeUnixNano: bigint
  value: number
  spanId: string
  traceId: string
}

export interface PointFields {
  attributes: Attributes
  startTimeUnixNano: bigint
  timeUnixNano: bigint
  flags: number
}

export interface NumberPointFields extends PointFields {
  value: number
  exemplars: ExemplarFields[]
}

export interface HistogramPointFields extends PointFields {
  count: bigint
  sum: number
  bucketCounts: bigint[]
  explicitBounds: number[]
  exemplars: ExemplarFields[]
  min: number
  max: number
}

export interface ExponentialHistogramPointFields extends PointFields {
  count: bigint
  sum: number
  scale: number
  zeroCount: bigint
  positive: { offset: number; bucketCounts: bigint[] }
  negative: { offset: number; bucketCounts: bigint[] }
  exemplars: ExemplarFields[]
  min: number
  max: number
}

export interface SummaryPointFields extends PointFields {
  count: bigint
  sum: number
  quantileValues: { quantile: number; value: number }[]
}
