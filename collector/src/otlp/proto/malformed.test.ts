import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { SeverityNumber } from '@opentelemetry/api-logs'
import { ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { MalformedPayloadError } from '../rows.js'
import { MAX_ANY_VALUE_DEPTH } from './common.js'
import { decodeLogsProto } from './decodeLogs.js'
import { decodeMetricsProto } from './decodeMetrics.js'
import { decodeTracesProto } from './decodeTraces.js'
import { anyValueFields, bytes, concat, fixed32, fixed64, hex, message, string, type TestValue, tag, varint } from './testEncoder.js'

/*
 * Whatever the bytes, a decoder either decodes or throws MalformedPayloadError: never another
 * error, never a hang.
 */

const resource = resourceFromAttributes({ 'service.name': 'svc', 'host.name': 'h' })
const scope = { name: 'lib', version: '1' }

function tracesPayload(): Uint8Array {
  const spans: ReadableSpan[] = [0, 1, 2].map((i) => ({
    name: `span ${i}`,
    kind: SpanKind.CLIENT,
    spanContext: () => ({ traceId: '5b8efff798038103d269b633813fc60c', spanId: `eee19b7ec3c1b17${i}`, traceFlags: 1 }),
    parentSpanContext: { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b100', traceFlags: 1 },
    startTime: [1700000000, 1],
    endTime: [1700000000, 999],
    status: { code: SpanStatusCode.ERROR, message: 'no' },
    attributes: { s: 'x', n: -3, d: 0.5, b: true, l: ['a', 'b'], m: { k: [1, { z: 'y' }] }, raw: new Uint8Array([1]) } as unknown as Attributes,
    links: [{ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0 }, attributes: { q: 1 } }],
    events: [{ time: [1700000000, 5], name: 'e', attributes: { w: 'v' } }],
    duration: [0, 998],
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  }))
  return ProtobufTraceSerializer.serializeRequest(spans)!
}

function logsPayload(): Uint8Array {
  return ProtobufLogsSerializer.serializeRequest(
    [0, 1].map((i) => ({
      hrTime: [1700000000, i] as [number, number],
      hrTimeObserved: [1700000000, 7] as [number, number],
      spanContext: { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', traceFlags: 1 },
      severityText: 'ERROR',
      severityNumber: SeverityNumber.ERROR,
      body: { msg: 'm', list: [1, 2.5, 'x', null] },
      eventName: 'ev',
      resource,
      instrumentationScope: scope,
      attributes: { a: 'b', n: 1 },
      droppedAttributesCount: 0,
    })),
  )!
}

function metricsPayload(): Uint8Array {
  const times = { startTime: [1700000000, 1] as [number, number], endTime: [1700000060, 2] as [number, number] }
  return ProtobufMetricsSerializer.serializeRequest({
    resource,
    scopeMetrics: [
      {
        scope,
        metrics: [
          {
            descriptor: { name: 'g', description: 'd', unit: 'u', valueType: 1 },
            dataPointType: DataPointType.GAUGE,
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPoints: [{ ...times, attributes: { a: 'b' }, value: 1.5 }],
          },
          {
            descriptor: { name: 's', description: '', unit: '', valueType: 0 },
            dataPointType: DataPointType.SUM,
            aggregationTemporality: AggregationTemporality.DELTA,
            isMonotonic: true,
            dataPoints: [{ ...times, attributes: {}, value: 3 }],
          },
          {
            descriptor: { name: 'h', description: '', unit: '', valueType: 1 },
            dataPointType: DataPointType.HISTOGRAM,
            aggregationTemporality: AggregationTemporality.DELTA,
            dataPoints: [{ ...times, attributes: {}, value: { buckets: { boundaries: [1, 2], counts: [1, 2, 3] }, count: 6, sum: 9, min: 0, max: 5 } }],
          },
          {
            descriptor: { name: 'e', description: '', unit: '', valueType: 1 },
            dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
            aggregationTemporality: AggregationTemporality.DELTA,
            dataPoints: [
              {
                ...times,
                attributes: {},
                value: { count: 3, sum: 3, scale: 2, zeroCount: 1, positive: { offset: 1, bucketCounts: [1, 1] }, negative: { offset: 0, bucketCounts: [] } },
              },
            ],
          },
        ],
      },
    ],
  })!
}

const DECODERS = [
  { name: 'traces', decode: decodeTracesProto, payload: tracesPayload },
  { name: 'logs', decode: decodeLogsProto, payload: logsPayload },
  { name: 'metrics', decode: decodeMetricsProto, payload: metricsPayload },
] as const

/** 'ok' or 'malformed'; any other error fails the test. */
function outcome(decode: (buf: Uint8Array) => unknown, buf: Uint8Array): 'ok' | 'malformed' {
  try {
    decode(buf)
    return 'ok'
  } catch (err) {
    if (err instanceof MalformedPayloadError) return 'malformed'
    throw new Error(`${(err as Error)?.name}: ${(err as Error)?.message} on input ${Buffer.from(buf).toString('hex')}`)
  }
}

describe.each(DECODERS)('$name decoder on broken input', ({ decode, payload }) => {
  it('decodes the whole payload', () => {
    expect(outcome(decode, payload())).toBe('ok')
  })

  it('decodes or throws MalformedPayloadError at every truncation', () => {
    const whole = payload()
    const outcomes = new Set<string>()
    for (let length = 0; length < whole.length; length++) outcomes.add(outcome(decode, whole.subarray(0, length)))
    expect(outcomes).toContain('malformed')
    // A copy, so nothing past the end is there to be read by mistake.
    expect(outcome(decode, whole.slice(0, whole.length - 1))).toBe('malformed')
  })

  it('decodes or throws MalformedPayloadError whatever byte is corrupted', () => {
    const whole = payload()
    for (let at = 0; at < whole.length; at++) {
      const original = whole[at]
      for (const corrupted of [0x00, 0xff, 0x80, original ^ 0x80, original ^ 0x07, (original + 1) & 0xff]) {
        whole[at] = corrupted
        outcome(decode, whole)
      }
      whole[at] = original
    }
  })
})

describe('known fields of the wrong wire type', () => {
  const TRACE_ID = hex('5b8efff798038103d269b633813fc60c')
  const SPAN_ID = hex('eee19b7ec3c1b174')

  it('refuses a span name sent as a varint, saying where', () => {
    const payload = message(1, message(2, message(2, bytes(1, TRACE_ID), bytes(2, SPAN_ID), varint(5, 1))))
    expect(() => decodeTracesProto(payload)).toThrow(
      new MalformedPayloadError('field 5 of Span at byte 34 has wire type 0 (varint), want 2 (length-delimited)'),
    )
  })

  it('refuses a span start time sent as fixed32', () => {
    const payload = message(1, message(2, message(2, bytes(1, TRACE_ID), fixed32(7, 1))))
    expect(() => decodeTracesProto(payload)).toThrow(/field 7 of Span .* has wire type 5 \(fixed32\), want 1 \(fixed64\)/)
  })

  it('refuses an attribute sent as a varint', () => {
    const payload = message(1, message(2, message(2, bytes(1, TRACE_ID), varint(9, 1))))
    expect(() => decodeTracesProto(payload)).toThrow(/field 9 of Span at byte 24 has wire type 0 \(varint\), want 2/)
  })

  it('refuses an attribute whose bytes are no KeyValue, saying where inside it', () => {
    const payload = message(1, message(2, message(2, bytes(1, TRACE_ID), string(9, 'not a KeyValue'))))
    expect(() => decodeTracesProto(payload)).toThrow(/of KeyValue at byte \d+/)
  })

  it('refuses log flags sent as a varint', () => {
    const payload = message(1, message(2, message(2, varint(8, 1))))
    expect(() => decodeLogsProto(payload)).toThrow(/field 8 of LogRecord at byte \d+ has wire type 0 \(varint\), want 5 \(fixed32\)/)
  })

  it('refuses histogram bucket counts sent as fixed32', () => {
    const payload = message(1, message(2, message(2, string(1, 'h'), message(9, message(1, fixed32(6, 1))))))
    expect(() => decodeMetricsProto(payload)).toThrow(
      /field 6 of HistogramDataPoint at byte \d+ has wire type 5 \(fixed32\), want 1 \(fixed64\) or 2 \(packed\)/,
    )
  })

  it('refuses a gauge value sent as a varint', () => {
    const payload = message(1, message(2, message(2, string(1, 'g'), message(5, message(1, varint(4, 1))))))
    expect(() => decodeMetricsProto(payload)).toThrow(/field 4 of NumberDataPoint/)
  })

  it('refuses a group in place of an unknown field', () => {
    const payload = concat(message(1), tag(20, 3))
    expect(() => decodeTracesProto(payload)).toThrow(/field 20 of ExportTraceServiceRequest at byte \d+ uses a group/)
  })
})

describe('nested AnyValues', () => {
  const nested = (depth: number): TestValue => {
    let value: TestValue = 'leaf'
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value }
    return value
  }
  const logWithBody = (body: TestValue) => message(1, message(2, message(2, fixed64(1, 1n), message(5, anyValueFields(body)))))

  it(`reads ${MAX_ANY_VALUE_DEPTH} levels`, () => {
    const [row] = decodeLogsProto(logWithBody(nested(MAX_ANY_VALUE_DEPTH))).rows
    expect(row.Body).toContain('"leaf"')
  })

  it('refuses deeper nesting with MalformedPayloadError, not a stack overflow', () => {
    expect(() => decodeLogsProto(logWithBody(nested(MAX_ANY_VALUE_DEPTH + 1)))).toThrow(/nests AnyValues more than 100 levels deep/)
    // Far deeper than any stack could go.
    const body = deeplyNestedArrays(100_000)
    expect(() => decodeLogsProto(message(1, message(2, message(2, bytes(5, body)))))).toThrow(MalformedPayloadError)
  })
})

/** The fields of an AnyValue holding an array holding an array ... `depth` times, written back to front. */
function deeplyNestedArrays(depth: number): Uint8Array {
  const reversed: number[] = []
  const prepend = (fieldTag: number, length: number) => {
    const varint: number[] = []
    let n = length
    while (n >= 0x80) {
      varint.push((n & 0x7f) | 0x80)
      n >>>= 7
    }
    varint.push(n)
    for (let i = varint.length - 1; i >= 0; i--) reversed.push(varint[i])
    reversed.push(fieldTag)
  }
  for (let i = 0; i < depth; i++) {
    prepend(0x0a, reversed.length) // ArrayValue.values (1): the AnyValue so far
    prepend(0x2a, reversed.length) // AnyValue.array_value (5)
  }
  return Uint8Array.from(reversed.reverse())
}
