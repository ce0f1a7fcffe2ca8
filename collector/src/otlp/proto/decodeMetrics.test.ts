import { type HrTime, ValueType } from '@opentelemetry/api'
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics'
import { describe, expect, it } from 'vitest'
import type { GaugeRow, MetricRowBase, SummaryRow } from '../rows.js'
import { decodeMetricsProto } from './decodeMetrics.js'
import {
  attributes,
  bytes,
  concat,
  double,
  fixed64,
  hex,
  message,
  packedDouble,
  packedVarint,
  sfixed64,
  sint32,
  string,
  varint,
} from './testEncoder.js'

const START: HrTime = [1700000000, 123456789]
const END: HrTime = [1700000060, 987654321]
const START_NS = 1700000000123456789n
const END_NS = 1700000060987654321n

const RESOURCE = resourceFromAttributes({ 'service.name': 'checkout' }, { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' })
const SCOPE = { name: 'meter.http', version: '2.0.0', schemaUrl: 'https://example.com/scope' }

function serialize(metrics: MetricData[]): Uint8Array {
  const request: ResourceMetrics = { resource: RESOURCE, scopeMetrics: [{ scope: SCOPE, metrics }] }
  const bytes = ProtobufMetricsSerializer.serializeRequest(request)
  if (!bytes) throw new Error('serializer returned nothing')
  return bytes
}

const descriptor = (name: string, valueType = ValueType.DOUBLE) => ({ name, description: `${name} described`, unit: 'ms', valueType })

/** The columns every row of a metric from RESOURCE/SCOPE shares. */
function base(name: string, pointAttributes: Record<string, string>): MetricRowBase {
  return {
    ResourceAttributes: { 'service.name': 'checkout' },
    ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    ScopeName: 'meter.http',
    ScopeVersion: '2.0.0',
    ScopeAttributes: {},
    ScopeDroppedAttrCount: 0,
    ScopeSchemaUrl: 'https://example.com/scope',
    ServiceName: 'checkout',
    MetricName: name,
    MetricDescription: `${name} described`,
    MetricUnit: 'ms',
    Attributes: pointAttributes,
    StartTimeUnix: START_NS,
    TimeUnix: END_NS,
    Flags: 0,
  }
}

const NO_EXEMPLARS = {
  'Exemplars.FilteredAttributes': [],
  'Exemplars.TimeUnix': [],
  'Exemplars.Value': [],
  'Exemplars.SpanId': [],
  'Exemplars.TraceId': [],
}

describe('decodeMetricsProto against the SDK serializer', () => {
  it('reads gauge and sum points, double and int', () => {
    const decoded = decodeMetricsProto(
      serialize([
        {
          descriptor: descriptor('cpu.temp'),
          dataPointType: DataPointType.GAUGE,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPoints: [
            { startTime: START, endTime: END, attributes: { core: '0' }, value: 61.25 },
            { startTime: START, endTime: END, attributes: { core: '1', hot: true }, value: -3.5 },
          ],
        },
        {
          descriptor: descriptor('requests', ValueType.INT),
          dataPointType: DataPointType.SUM,
          aggregationTemporality: AggregationTemporality.DELTA,
          isMonotonic: true,
          dataPoints: [{ startTime: START, endTime: END, attributes: { route: '/cart', code: 200 }, value: 2 ** 53 + 2 }],
        },
        {
          descriptor: descriptor('queue.depth', ValueType.INT),
          dataPointType: DataPointType.SUM,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          isMonotonic: false,
          dataPoints: [{ startTime: START, endTime: END, attributes: {}, value: -17 }],
        },
      ]),
    )
    expect(decoded.accepted).toBe(4)
    expect(decoded.rejected).toBe(0)
    expect(decoded.rows.gauge).toEqual([
      { ...base('cpu.temp', { core: '0' }), Value: 61.25, ...NO_EXEMPLARS },
      { ...base('cpu.temp', { core: '1', hot: 'true' }), Value: -3.5, ...NO_EXEMPLARS },
    ] satisfies GaugeRow[])
    expect(decoded.rows.sum).toEqual([
      // An int past 2^53 that a double holds exactly comes through exactly.
      { ...base('requests', { route: '/cart', code: '200' }), Value: 2 ** 53 + 2, ...NO_EXEMPLARS, AggregationTemporality: 1, IsMonotonic: true },
      { ...base('queue.depth', {}), Value: -17, ...NO_EXEMPLARS, AggregationTemporality: 2, IsMonotonic: false },
    ])
  })

  it('reads histogram points', () => {
    const decoded = decodeMetricsProto(
      serialize([
        {
          descriptor: descriptor('latency'),
          dataPointType: DataPointType.HISTOGRAM,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPoints: [
            {
              startTime: START,
              endTime: END,
              attributes: { route: '/cart' },
              value: { buckets: { boundaries: [5, 10, 25.5], counts: [1, 0, 7, 2 ** 40] }, count: 2 ** 40 + 8, sum: 1234.5, min: 0.25, max: 99.75 },
            },
            // No sum, min or max: stored as 0.
            { startTime: START, endTime: END, attributes: {}, value: { buckets: { boundaries: [], counts: [] }, count: 0 } },
          ],
        },
      ]),
    )
    expect(decoded.accepted).toBe(2)
    expect(decoded.rows.histogram).toEqual([
      {
        ...base('latency', { route: '/cart' }),
        Count: BigInt(2 ** 40 + 8),
        Sum: 1234.5,
        BucketCounts: [1n, 0n, 7n, BigInt(2 ** 40)],
        ExplicitBounds: [5, 10, 25.5],
        ...NO_EXEMPLARS,
        Min: 0.25,
        Max: 99.75,
        AggregationTemporality: 2,
      },
      { ...base('latency', {}), Count: 0n, Sum: 0, BucketCounts: [], ExplicitBounds: [], ...NO_EXEMPLARS, Min: 0, Max: 0, AggregationTemporality: 2 },
    ])
  })

  it('reads exponential histogram points', () => {
    const decoded = decodeMetricsProto(
      serialize([
        {
          descriptor: descriptor('payload.size'),
          dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
          aggregationTemporality: AggregationTemporality.DELTA,
          dataPoints: [
            {
              startTime: START,
              endTime: END,
              attributes: { dir: 'in' },
              value: {
                count: 17,
                sum: 4096.5,
                scale: -3,
                zeroCount: 2,
                positive: { offset: -2, bucketCounts: [1, 300, 2 ** 33] },
                negative: { offset: 5, bucketCounts: [4] },
                min: -8,
                max: 1024,
              },
            },
          ],
        },
      ]),
    )
    expect(decoded.rows.exponentialHistogram).toEqual([
      {
        ...base('payload.size', { dir: 'in' }),
        Count: 17n,
        Sum: 4096.5,
        Scale: -3,
        ZeroCount: 2n,
        PositiveOffset: -2,
        PositiveBucketCounts: [1n, 300n, BigInt(2 ** 33)],
        NegativeOffset: 5,
        NegativeBucketCounts: [4n],
        ...NO_EXEMPLARS,
        Min: -8,
        Max: 1024,
        AggregationTemporality: 1,
      },
    ])
  })
})

describe('decodeMetricsProto on hand-built payloads', () => {
  const TRACE_ID = '0af7651916cd43dd8448eb211c80319c'
  const SPAN_ID = 'b7ad6b7169203331'
  const request = (...metrics: Uint8Array[]) =>
    message(1, message(1, attributes(1, { 'service.name': 'svc' })), message(2, message(1, string(1, 'scope'), varint(4, 3)), ...metrics))
  const metric = (name: string, ...fields: Uint8Array[]) => message(2, string(1, name), ...fields)

  it('returns nothing for an empty request', () => {
    expect(decodeMetricsProto(new Uint8Array(0)).accepted).toBe(0)
  })

  it('reads a summary point', () => {
    const summary = message(
      11,
      message(
        1,
        attributes(7, { route: '/cart' }),
        fixed64(2, 1700000000123456789n),
        fixed64(3, 1700000060987654321n),
        fixed64(4, 42n),
        double(5, 812.25),
        message(6, double(1, 0), double(2, 0.5)),
        message(6, double(1, 0.99), double(2, 97.125)),
        message(6, double(1, 1), double(2, 120)),
        varint(8, 1),
      ),
    )
    const decoded = decodeMetricsProto(request(metric('rpc.latency', string(2, 'latency'), string(3, 's'), summary)))
    expect(decoded.accepted).toBe(1)
    expect(decoded.rows.summary).toEqual([
      {
        ResourceAttributes: { 'service.name': 'svc' },
        ResourceSchemaUrl: '',
        ScopeName: 'scope',
        ScopeVersion: '',
        ScopeAttributes: {},
        ScopeDroppedAttrCount: 3,
        ScopeSchemaUrl: '',
        ServiceName: 'svc',
        MetricName: 'rpc.latency',
        MetricDescription: 'latency',
        MetricUnit: 's',
        Attributes: { route: '/cart' },
        StartTimeUnix: 1700000000123456789n,
        TimeUnix: 1700000060987654321n,
        Flags: 1,
        Count: 42n,
        Sum: 812.25,
        'ValueAtQuantiles.Quantile': [0, 0.99, 1],
        'ValueAtQuantiles.Value': [0.5, 97.125, 120],
      } satisfies SummaryRow,
    ])
  })

  it('reads exemplars, double and int', () => {
    const exemplarDouble = message(5, attributes(7, { user: 'u1' }), fixed64(2, 1700000001000000001n), double(3, 2.5), bytes(4, hex(SPAN_ID)), bytes(5, hex(TRACE_ID)))
    const exemplarInt = message(5, fixed64(2, 1700000002000000002n), sfixed64(6, -9n))
    const gauge = message(5, message(1, fixed64(3, 5n), sfixed64(6, 7n), exemplarDouble, exemplarInt))
    const [row] = decodeMetricsProto(request(metric('g', gauge))).rows.gauge
    expect(row).toMatchObject({
      Value: 7,
      'Exemplars.FilteredAttributes': [{ user: 'u1' }, {}],
      'Exemplars.TimeUnix': [1700000001000000001n, 1700000002000000002n],
      'Exemplars.Value': [2.5, -9],
      'Exemplars.SpanId': [SPAN_ID, ''],
      'Exemplars.TraceId': [TRACE_ID, ''],
    })
  })

  it('reads histogram exemplars and exponential histogram exemplars', () => {
    const exemplar = message(8, fixed64(2, 11n), double(3, 1.5), bytes(4, hex(SPAN_ID)))
    const histogram = message(9, message(1, fixed64(4, 1n), exemplar), varint(2, 2))
    const expExemplar = message(11, fixed64(2, 12n), double(3, 4.5), bytes(5, hex(TRACE_ID)))
    const expHistogram = message(10, message(1, fixed64(4, 1n), expExemplar), varint(2, 1))
    const { rows } = decodeMetricsProto(request(metric('h', histogram), metric('e', expHistogram)))
    expect(rows.histogram[0]).toMatchObject({ 'Exemplars.TimeUnix': [11n], 'Exemplars.Value': [1.5], 'Exemplars.SpanId': [SPAN_ID] })
    expect(rows.exponentialHistogram[0]).toMatchObject({ 'Exemplars.TimeUnix': [12n], 'Exemplars.Value': [4.5], 'Exemplars.TraceId': [TRACE_ID] })
  })

  it('accepts unpacked repeated scalars, and packed ones split in several runs', () => {
    const histogramPoint = message(
      1,
      fixed64(6, 3n),
      fixed64(6, 4n),
      double(7, 1.5),
      packedDouble(7, [2.5, 3.5]),
    )
    const expPoint = message(1, message(8, sint32(1, -4), varint(2, 5), packedVarint(2, [6, 2n ** 63n]), varint(2, 7)))
    const { rows } = decodeMetricsProto(request(metric('h', message(9, histogramPoint)), metric('e', message(10, expPoint))))
    expect(rows.histogram[0]).toMatchObject({ BucketCounts: [3n, 4n], ExplicitBounds: [1.5, 2.5, 3.5] })
    expect(rows.exponentialHistogram[0]).toMatchObject({ PositiveOffset: -4, PositiveBucketCounts: [5n, 6n, 9223372036854775808n, 7n] })
  })

  it('rejects a metric with no data, naming it, and keeps the others', () => {
    const gauge = message(5, message(1, double(4, 1)), message(1, double(4, 2)))
    const decoded = decodeMetricsProto(request(metric('empty.metric', string(3, 'ms')), metric('ok', gauge)))
    expect(decoded.accepted).toBe(2)
    expect(decoded.rejected).toBe(1)
    expect(decoded.rejectReason).toContain('"empty.metric"')
    expect(decoded.rows.gauge.map((row) => row.Value)).toEqual([1, 2])
  })

  it('reads the temporality of a sum whatever the order of its fields, and a name after the data', () => {
    const sum = message(7, varint(3, true), varint(2, 2), message(1, double(4, 1)))
    const payload = request(message(2, sum, string(1, 'name.after.data')))
    const [row] = decodeMetricsProto(payload).rows.sum
    expect(row).toMatchObject({ MetricName: 'name.after.data', AggregationTemporality: 2, IsMonotonic: true, Value: 1 })
  })

  it('skips metadata and unknown fields', () => {
    const gauge = message(5, message(1, double(4, 1), varint(99, 1)), string(42, 'x'))
    const payload = concat(request(metric('m', attributes(12, { 'meta.k': 'v' }), gauge)), varint(7, 1))
    expect(decodeMetricsProto(payload).rows.gauge).toHaveLength(1)
  })
})
