import { toJsonRowsText } from '@meridian/core'
import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { type HrTime, ValueType } from '@opentelemetry/api'
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics'
import { afterAll, describe, expect, it } from 'vitest'
import { metricsRequest, Rng } from '../../../../bench/payloads.js'
import { MalformedPayloadError, type MetricRows } from '../rows.js'
import { decodeMetricsProto } from './decodeMetrics.js'
import {
  attributes,
  bytes,
  concat,
  double,
  fixed32,
  fixed64,
  hex,
  message,
  packedDouble,
  packedFixed64,
  packedVarint,
  sfixed64,
  sint32,
  string,
  tag,
  varint,
  varintBytes,
} from './testEncoder.js'
import { transcodeFallbacks } from './transcoder.js'
import { type TranscodedMetrics, transcodeMetricsProto } from './transcodeMetrics.js'

/*
 * The metrics transcoder's contract: for any input, for each table exactly what decodeMetricsProto
 * + toJsonRowsText make of it (the same bytes and row counts, the same accepted and rejected counts
 * and reject reason), or the same MalformedPayloadError.
 */

const KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const satisfies readonly (keyof MetricRows)[]

interface Tables {
  texts: Record<string, string>
  /** The transcoder's texts as bytes (not compared by toEqual). */
  bytes?: Record<string, Buffer>
  rows: Record<string, number>
  accepted: number
  rejected: number
  rejectReason?: string
}
type Outcome = Tables | { error: string }

function viaDecoder(buf: Uint8Array): Outcome {
  try {
    const decoded = decodeMetricsProto(buf)
    const out: Tables = { texts: {}, rows: {}, accepted: decoded.accepted, rejected: decoded.rejected }
    for (const kind of KINDS) {
      out.texts[kind] = toJsonRowsText(decoded.rows[kind])
      out.rows[kind] = decoded.rows[kind].length
    }
    if (decoded.rejectReason !== undefined) out.rejectReason = decoded.rejectReason
    return out
  } catch (err) {
    if (err instanceof MalformedPayloadError) return { error: err.message }
    throw err
  }
}

function tablesOf(result: TranscodedMetrics): Tables {
  const out: Tables = { texts: {}, rows: {}, accepted: result.accepted, rejected: result.rejected }
  const bytes: Record<string, Buffer> = {}
  for (const kind of KINDS) {
    const { text, rows } = result.tables[kind]
    // As text (a readable diff), and as bytes (checked in expectSame).
    out.texts[kind] = text.toString('utf8')
    bytes[kind] = text
    out.rows[kind] = rows
  }
  Object.defineProperty(out, 'bytes', { value: bytes, enumerable: false })
  if (result.rejectReason !== undefined) out.rejectReason = result.rejectReason
  return out
}

function viaTranscoder(buf: Uint8Array): Outcome {
  try {
    return tablesOf(transcodeMetricsProto(buf))
  } catch (err) {
    if (err instanceof MalformedPayloadError) return { error: err.message }
    throw err
  }
}

/** Transcodes `buf` and checks it against the decoder; returns the texts. */
function expectSame(buf: Uint8Array): Record<string, string> {
  const fallbacks = transcodeFallbacks()
  const want = viaDecoder(buf)
  const got = viaTranscoder(buf)
  if ('error' in want) {
    expect(got).toEqual(want)
    return {}
  }
  expect('error' in got ? got.error : '').toBe('')
  const gotTables = got as Tables
  for (const kind of KINDS) expect(gotTables.texts[kind], kind).toBe(want.texts[kind])
  expect(got).toEqual(want)
  // Byte for byte (nothing a UTF-8 decoding would hide).
  for (const kind of KINDS) expect(gotTables.bytes![kind].equals(Buffer.from(want.texts[kind], 'utf8')), kind).toBe(true)
  // Done by the transcoder itself, not by its fallback to the decoder.
  expect(transcodeFallbacks()).toBe(fallbacks)
  return want.texts
}

/** expectSame, for a payload that is not malformed. */
function expectRows(buf: Uint8Array): Record<string, string> {
  expect(viaDecoder(buf)).not.toHaveProperty('error')
  return expectSame(buf)
}

const TRACE_ID = '5b8efff798038103d269b633813fc60c'
const SPAN_ID = 'eee19b7ec3c1b174'
const T0 = 1_700_000_000_000_000_000n
const T1 = 1_700_000_060_123_456_789n

/** A request of one resource and scope with these metrics (each a Metric's fields). */
const request = (...metrics: Uint8Array[]) =>
  message(
    1,
    message(1, attributes(1, { 'service.name': 'svc', host: 'h' })),
    message(2, message(1, string(1, 'meter'), string(2, '1.0')), ...metrics.map((m) => message(2, m))),
  )

/** A metric named `name` with a data field (GAUGE 5, SUM 7, HISTOGRAM 9, EXPONENTIAL_HISTOGRAM 10, SUMMARY 11). */
const metric = (name: string, dataField: number, ...dataFields: Uint8Array[]) =>
  concat(string(1, name), string(2, `${name} described`), string(3, 'ms'), message(dataField, ...dataFields))

const raw = (field: number, value: number[]) => bytes(field, Uint8Array.from(value))

const times = () => concat(fixed64(2, T0), fixed64(3, T1))
const numberPoint = (...fields: Uint8Array[]) => message(1, times(), ...fields)
const exemplar = (field: number, ...fields: Uint8Array[]) =>
  message(field, attributes(7, { 'enduser.id': 'u1' }), fixed64(2, T1 - 5n), double(3, 0.25), bytes(4, hex(SPAN_ID)), bytes(5, hex(TRACE_ID)), ...fields)

describe('transcodeMetricsProto on the benchmark payloads', () => {
  it.each([1, 2, 3, 42, 20260101])('writes what the decoder writes (seed %i)', (seed) => {
    const texts = expectRows(metricsRequest(new Rng(seed)))
    expect(KINDS.reduce((n, kind) => n + (texts[kind] === '' ? 0 : texts[kind].split('\n').length), 0)).toBe(1000)
  })

  it('writes what the decoder writes for small requests', () => {
    for (const items of [0, 1, 2, 9, 10, 11, 95]) expectRows(metricsRequest(new Rng(items), { items }))
  })

  it('reads a request that is a view into a larger buffer, as a Buffer or a plain Uint8Array', () => {
    const payload = metricsRequest(new Rng(4), { items: 100 })
    const larger = concat(Uint8Array.from([1, 2, 3]), payload, Uint8Array.from([4, 5]))
    const view = larger.subarray(3, 3 + payload.length)
    expectRows(view)
    expectRows(Buffer.from(view.buffer, view.byteOffset, view.byteLength))
  })
})

describe('transcodeMetricsProto on SDK-serialized payloads', () => {
  const START: HrTime = [1700000000, 123456789]
  const END: HrTime = [1700000060, 987654321]
  const RESOURCE = resourceFromAttributes({ 'service.name': 'checkout', 'process.pid': 42 }, { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' })
  const SCOPE = { name: 'meter.http', version: '2.0.0', schemaUrl: 'https://example.com/scope' }
  const descriptor = (name: string, valueType = ValueType.DOUBLE) => ({ name, description: `${name} "described"`, unit: 'ms', valueType })
  const serialize = (metrics: MetricData[], resource = RESOURCE): Uint8Array => {
    const request: ResourceMetrics = { resource, scopeMetrics: [{ scope: SCOPE, metrics }, { scope: { name: 'other' }, metrics: metrics.slice(0, 1) }] }
    const bytes = ProtobufMetricsSerializer.serializeRequest(request)
    if (!bytes) throw new Error('serializer returned nothing')
    return bytes
  }

  it('writes every kind of metric as the decoder does', () => {
    expectRows(
      serialize([
        {
          descriptor: descriptor('cpu.temp'),
          dataPointType: DataPointType.GAUGE,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPoints: [
            { startTime: START, endTime: END, attributes: { core: '0' }, value: 61.25 },
            { startTime: START, endTime: END, attributes: { core: '1', hot: true, list: ['a', 'b'], n: [1, 2] }, value: -3.5 },
            { startTime: START, endTime: END, attributes: {}, value: Number.NaN },
          ],
        },
        {
          descriptor: descriptor('requests', ValueType.INT),
          dataPointType: DataPointType.SUM,
          aggregationTemporality: AggregationTemporality.DELTA,
          isMonotonic: true,
          dataPoints: [
            { startTime: START, endTime: END, attributes: { route: '/cart', code: 200 }, value: 2 ** 53 + 2 },
            { startTime: START, endTime: END, attributes: {}, value: -17 },
          ],
        },
        {
          descriptor: descriptor('queue.depth'),
          dataPointType: DataPointType.SUM,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          isMonotonic: false,
          dataPoints: [{ startTime: START, endTime: END, attributes: {}, value: 1e21 }],
        },
        {
          descriptor: descriptor('latency'),
          dataPointType: DataPointType.HISTOGRAM,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPoints: [
            { startTime: START, endTime: END, attributes: { r: 'x' }, value: { buckets: { boundaries: [0.5, 1, 2.5], counts: [1, 2, 3, 4] }, count: 10, sum: 12.5, min: 0.1, max: 9 } },
            { startTime: START, endTime: END, attributes: {}, value: { buckets: { boundaries: [], counts: [3] }, count: 3, sum: undefined, min: undefined, max: undefined } },
          ],
        },
        {
          descriptor: descriptor('payment'),
          dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
          aggregationTemporality: AggregationTemporality.DELTA,
          dataPoints: [
            {
              startTime: START,
              endTime: END,
              attributes: { m: 'card' },
              value: { count: 7, sum: 30.5, scale: -2, zeroCount: 1, positive: { offset: -3, bucketCounts: [1, 2, 0, 3] }, negative: { offset: 2, bucketCounts: [1] }, min: -4, max: 20 },
            },
          ],
        },
      ]),
    )
  })

  it('writes metrics of several resources', () => {
    expectRows(
      concat(
        serialize([{ descriptor: descriptor('a'), dataPointType: DataPointType.GAUGE, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPoints: [{ startTime: START, endTime: END, attributes: {}, value: 1 }] }]),
        serialize(
          [{ descriptor: descriptor('b'), dataPointType: DataPointType.GAUGE, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPoints: [{ startTime: START, endTime: END, attributes: {}, value: 2 }] }],
          resourceFromAttributes({ 'service.name': 'payments "eu"' }),
        ),
      ),
    )
  })
})

describe('transcodeMetricsProto on hand-built payloads', () => {
  it('writes nothing for an empty request, and for a request without metrics or points', () => {
    const empty = transcodeMetricsProto(new Uint8Array(0))
    expect(empty.accepted).toBe(0)
    for (const kind of KINDS) expect(empty.tables[kind]).toEqual({ text: Buffer.alloc(0), rows: 0 })
    expectRows(new Uint8Array(0))
    expectRows(message(1))
    expectRows(message(1, message(1), message(2)))
    expectRows(request(metric('g', 5), metric('s', 7), metric('h', 9), metric('e', 10), metric('q', 11)))
    // A point without any field, of each kind.
    expectRows(request(...[5, 7, 9, 10, 11].map((field) => metric(`m${field}`, field, message(1)))))
  })

  it('refuses metrics without data, with the decoder\'s reason, and writes the rest', () => {
    const payload = request(concat(string(1, 'no data ☕ \xff'), string(2, 'd')), metric('ok', 5, numberPoint(double(4, 1))), string(1, 'second without'))
    expectRows(payload)
    expect(transcodeMetricsProto(payload)).toMatchObject({ accepted: 1, rejected: 2 })
    expectRows(request(concat(raw(1, [0x61, 0xff]), varint(12, 1))))
  })

  it('writes gauge and sum values, doubles and ints, as stringifyJson writes numbers', () => {
    const doubles = [0, -0, 1, -1, 0.1, 1.5, 1e21, 1e-7, 123456789.125, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), 5e-324, 1.7976931348623157e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
    const ints = [0n, 1n, -1n, 255n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), -7n]
    expectRows(request(metric('g', 5, ...doubles.map((v) => numberPoint(double(4, v)))), metric('g', 5, ...ints.map((v) => numberPoint(sfixed64(6, v))))))
    expectRows(request(metric('s', 7, ...doubles.map((v) => numberPoint(double(4, v))), ...ints.map((v) => numberPoint(sfixed64(6, v))), varint(2, 1), varint(3, true))))
    // The last of as_double and as_int wins; no value is 0.
    expectRows(request(metric('g', 5, numberPoint(double(4, 1.5), sfixed64(6, 7n)), numberPoint(sfixed64(6, 7n), double(4, 1.5)), numberPoint())))
  })

  it('writes temporalities and monotonicity as the decoder reads them', () => {
    for (const temporality of [0, 1, 2, 3, -1, 2 ** 31 - 1, 2 ** 32 + 1]) {
      expectRows(request(metric('s', 7, numberPoint(), varint(2, temporality), varint(3, 1))))
      expectRows(request(metric('h', 9, varint(2, temporality), message(1, times()))))
      expectRows(request(metric('e', 10, message(1, times()), varint(2, temporality))))
    }
    for (const monotonic of [concat(tag(3, 0), Uint8Array.from([0x80, 0x01])), varint(3, 0), varint(3, 2), concat(varint(3, 1), varint(3, 0))]) {
      expectRows(request(metric('s', 7, numberPoint(), monotonic)))
    }
    // Temporality and monotonicity in kinds without them: skipped, whatever their wire type.
    expectRows(request(metric('g', 5, numberPoint(), varint(2, 1), varint(3, 1), string(2, 'x'), fixed64(3, 1n))))
    expectRows(request(metric('q', 11, message(1, times()), string(2, 'x'), varint(3, 1))))
    expectRows(request(metric('h', 9, message(1, times()), varint(2, 1), string(3, 'x'))))
  })

  it('writes point attributes, flags and times', () => {
    const attrs = { s: 'v "q" ☕', i: -5n, d: 2.5, b: true, l: ['a', 1n], m: { k: 'v' }, raw: new Uint8Array([1, 255]), '0': 'int-like' }
    expectRows(
      request(
        metric('g', 5, numberPoint(attributes(7, attrs), varint(8, 1)), numberPoint(attributes(7, { a: '1' }), attributes(7, { a: '2' }), varint(8, 2 ** 32 - 1))),
        metric('h', 9, message(1, times(), attributes(9, attrs), varint(10, 3))),
        metric('e', 10, message(1, times(), attributes(1, attrs), varint(10, 1))),
        metric('q', 11, message(1, times(), attributes(7, attrs), varint(8, 0x80))),
      ),
    )
    for (const t of [0n, 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n]) expectRows(request(metric('g', 5, message(1, fixed64(2, t), fixed64(3, t)))))
  })

  it('writes histogram points: counts, sums, buckets and bounds packed or not, min and max', () => {
    expectRows(
      request(
        metric(
          'h',
          9,
          message(1, times(), fixed64(4, 10n), double(5, 12.5), packedFixed64(6, [1n, 2n, 3n, 2n ** 64n - 1n]), packedDouble(7, [0.5, 1, 2.5]), double(11, -1), double(12, Number.POSITIVE_INFINITY)),
          // Not packed, packed in pieces, and empty.
          message(1, times(), fixed64(6, 1n), fixed64(6, 2n), packedFixed64(6, [3n]), double(7, 0.25), packedDouble(7, [0.5, 0.75]), packedDouble(7, [])),
          message(1, times(), packedFixed64(6, []), double(5, Number.NaN), fixed64(4, 2n ** 63n)),
          varint(2, 2),
        ),
      ),
    )
  })

  it('writes exponential histogram points: scales, offsets, buckets merged from repeated messages', () => {
    const buckets = (field: number, offset: number, counts: (number | bigint)[]) => message(field, sint32(1, offset), packedVarint(2, counts))
    expectRows(
      request(
        metric(
          'e',
          10,
          message(1, times(), fixed64(4, 7n), double(5, 30.5), sint32(6, -2), fixed64(7, 1n), buckets(8, -3, [1, 2, 0, 3]), buckets(9, 2, [1]), double(12, -4), double(13, 20), double(14, 0.001)),
          message(1, times(), sint32(6, 2 ** 31 - 1), buckets(8, -(2 ** 31), [2n ** 64n - 1n, 2n ** 35n]), buckets(8, 5, [9]), message(9, varint(2, 4), varint(2, 5), sint32(1, -1))),
          message(1, times(), sint32(6, 20), message(8), message(9, packedVarint(2, []))),
          varint(2, 1),
        ),
      ),
    )
  })

  it('writes summary points: quantiles, missing and repeated fields', () => {
    const quantile = (...fields: Uint8Array[]) => message(6, ...fields)
    expectRows(
      request(
        metric(
          'q',
          11,
          message(1, times(), fixed64(4, 100n), double(5, 12.5), quantile(double(1, 0), double(2, 1)), quantile(double(1, 0.5), double(2, Number.NaN)), quantile(double(2, 7)), quantile(double(1, 0.99)), quantile()),
          message(1, times(), quantile(double(1, 0.1), double(1, 0.2), double(2, 3), double(2, 4), varint(9, 1))),
          message(1, times()),
        ),
      ),
    )
  })

  it('writes exemplars of every kind that has them', () => {
    const withExemplars = (field: number) => [
      message(field, attributes(7, { 'enduser.id': 'u1', n: 1n }), fixed64(2, T1 - 5n), double(3, 0.25), bytes(4, hex(SPAN_ID)), bytes(5, hex(TRACE_ID))),
      message(field, sfixed64(6, -3n), bytes(4, hex('ab')), bytes(5, new Uint8Array(0))),
      message(field, double(3, Number.NaN), sfixed64(6, 9n), double(3, 1.5), attributes(7, { a: '1' }), attributes(7, { a: '2' })),
      message(field),
    ]
    expectRows(
      request(
        metric('g', 5, numberPoint(...withExemplars(5))),
        metric('s', 7, numberPoint(exemplar(5)), varint(2, 2)),
        metric('h', 9, message(1, times(), ...withExemplars(8))),
        metric('e', 10, message(1, times(), ...withExemplars(11))),
      ),
    )
  })

  it('keeps the last of repeated metric fields and data (a oneof)', () => {
    expectRows(
      request(
        concat(string(1, 'first'), string(1, 'second'), message(5, numberPoint(double(4, 1))), message(7, numberPoint(double(4, 2)), varint(3, 1)), string(3, 'unit'), string(3, 'unit2')),
        // An earlier data field that is malformed inside is skipped, as the decoder skips it.
        concat(string(1, 'skipped'), message(9, message(1, varint(2, 1))), message(5, numberPoint(double(4, 3)))),
      ),
    )
  })

  it('copies names, descriptions and units, escapes and invalid UTF-8 as the decoder does', () => {
    for (const s of ['café ☕ 𝄞', 'quote " backslash \\', 'newline \n tab \t \u0001 \u2028', '']) {
      expectRows(request(concat(string(1, s), string(2, s), string(3, s), message(5, numberPoint(attributes(7, { [s]: s }))))))
    }
    expectRows(request(concat(raw(1, [0x61, 0xff, 0x22]), raw(2, [0xc0, 0x80]), raw(3, [0xe2, 0x82]), message(5, numberPoint()))))
  })

  it('writes the resource and scope columns', () => {
    expectRows(
      message(
        1,
        message(1, attributes(1, { 'service.name': 'svc "☕"\n', n: 5n }), attributes(1, { 'service.name': 'again' })),
        message(2, message(1, string(1, 'scope'), string(2, 'v'), attributes(3, { s: 'x', '1': 'y' }), varint(4, 7)), message(2, metric('g', 5, numberPoint())), string(3, 'https://scope')),
        message(2, message(2, metric('g2', 5, numberPoint()))),
        string(3, 'https://resource'),
      ),
    )
    // The resource and scope after the metrics; no service.name.
    expectRows(message(1, message(2, message(2, metric('g', 5, numberPoint())), message(1, string(1, 'late'))), message(1, attributes(1, { host: 'h' }))))
  })

  it('skips unknown fields of every wire type, and reads non-minimal varints', () => {
    const unknown = concat(varint(99, 7), fixed64(98, 1n), string(97, 'x'), fixed32(96, 5))
    expectRows(
      concat(
        unknown,
        message(
          1,
          unknown,
          message(1, unknown, attributes(1, { a: 'b' })),
          message(
            2,
            unknown,
            message(2, unknown, string(1, 'm'), varint(4, 1), fixed64(6, 1n), string(8, 'x'), message(12, string(1, 'meta')), message(5, unknown, message(1, unknown, times(), double(4, 1), string(1, 'labels'), unknown), unknown)),
            message(2, string(1, 'h'), message(9, message(1, times(), string(1, 'labels'), varint(13, 1), unknown), unknown, varint(2, 1))),
            message(2, string(1, 'e'), message(10, message(1, times(), varint(14, 1), fixed64(14, 1n), unknown, message(8, unknown, sint32(1, 1), unknown)))),
            message(2, string(1, 'q'), message(11, message(1, times(), string(1, 'labels'), unknown, message(6, unknown, double(1, 0.5))))),
            message(2, string(1, 'x'), message(5, message(1, message(5, unknown, varint(1, 1), double(3, 1))))),
          ),
        ),
      ),
    )
    const paddedTag = (field: number, wireType: number) => Uint8Array.from([(field << 3) | wireType | 0x80, 0x80, 0x00])
    expectRows(
      request(
        metric(
          's',
          7,
          message(1, concat(paddedTag(8, 0), Uint8Array.from([0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])), concat(paddedTag(3, 1), fixed64(3, T1).subarray(1))),
          concat(paddedTag(2, 0), Uint8Array.from([0x82, 0x80, 0x00])),
        ),
      ),
    )
  })
})

describe('transcodeMetricsProto on random payloads', () => {
  const KEYS = ['a', 'b', 'service.name', '0', 'é']
  const randomAttributes = (rng: Rng, field: number) =>
    Array.from({ length: rng.int(4) }, () => message(field, string(1, rng.pick(KEYS)), message(2, rng.chance(0.5) ? string(1, rng.pick(KEYS)) : varint(3, BigInt(rng.int(1000) - 500)))))
  const randomDouble = (rng: Rng) => rng.pick([0, -0, 1, 1.5, 1e300, -2.5e-300, Number.NaN, Number.POSITIVE_INFINITY, rng.next(), rng.int(1000)])
  const randomTime = (rng: Rng) => BigInt.asUintN(64, BigInt(rng.int(2 ** 32)) * 2n ** 32n + BigInt(rng.int(2 ** 32)))
  const shuffled = (rng: Rng, fields: Uint8Array[]) => {
    for (let i = fields.length - 1; i > 0; i--) {
      const j = rng.int(i + 1)
      ;[fields[i], fields[j]] = [fields[j], fields[i]]
    }
    return fields
  }
  const randomExemplars = (rng: Rng, field: number) =>
    Array.from({ length: rng.int(3) }, () =>
      message(field, ...shuffled(rng, [fixed64(2, randomTime(rng)), rng.chance(0.5) ? double(3, randomDouble(rng)) : sfixed64(6, BigInt(rng.int(2 ** 31) - 2 ** 30)), bytes(4, rng.bytes(rng.int(9))), bytes(5, rng.bytes(16)), ...randomAttributes(rng, 7)])),
    )
  const common = (rng: Rng) => [fixed64(2, randomTime(rng)), fixed64(3, randomTime(rng)), ...(rng.chance(0.3) ? [varint(rng.int(2) ? 8 : 10, rng.int(4))] : [])]
  const randomPoint = (rng: Rng, kind: number): Uint8Array => {
    switch (kind) {
      case 5:
      case 7:
        return message(1, ...shuffled(rng, [...common(rng), rng.chance(0.5) ? double(4, randomDouble(rng)) : sfixed64(6, BigInt(rng.int(2 ** 31) - 2 ** 30)), ...randomAttributes(rng, 7), ...randomExemplars(rng, 5)]))
      case 9:
        return message(
          1,
          ...shuffled(rng, [
            fixed64(2, randomTime(rng)),
            fixed64(3, randomTime(rng)),
            fixed64(4, BigInt(rng.int(1000))),
            double(5, randomDouble(rng)),
            packedFixed64(6, Array.from({ length: rng.int(5) }, () => BigInt(rng.int(100)))),
            packedDouble(7, Array.from({ length: rng.int(4) }, () => randomDouble(rng))),
            ...randomAttributes(rng, 9),
            ...randomExemplars(rng, 8),
            double(11, randomDouble(rng)),
            double(12, randomDouble(rng)),
          ]),
        )
      case 10:
        return message(
          1,
          ...shuffled(rng, [
            fixed64(2, randomTime(rng)),
            fixed64(3, randomTime(rng)),
            fixed64(4, BigInt(rng.int(1000))),
            sint32(6, rng.int(20) - 10),
            fixed64(7, BigInt(rng.int(5))),
            message(8, sint32(1, rng.int(10) - 5), packedVarint(2, Array.from({ length: rng.int(5) }, () => BigInt(rng.int(300))))),
            ...(rng.chance(0.5) ? [message(9, sint32(1, rng.int(10) - 5), packedVarint(2, [BigInt(rng.int(5))]))] : []),
            ...randomAttributes(rng, 1),
            ...randomExemplars(rng, 11),
            double(12, randomDouble(rng)),
          ]),
        )
      default:
        return message(
          1,
          ...shuffled(rng, [
            fixed64(2, randomTime(rng)),
            fixed64(3, randomTime(rng)),
            fixed64(4, BigInt(rng.int(1000))),
            double(5, randomDouble(rng)),
            ...Array.from({ length: rng.int(4) }, () => message(6, double(1, rng.next()), double(2, randomDouble(rng)))),
            ...randomAttributes(rng, 7),
          ]),
        )
    }
  }
  const randomMetric = (rng: Rng) => {
    const kind = rng.chance(0.05) ? 0 : rng.pick([5, 7, 9, 10, 11])
    const data = kind === 0 ? [] : [message(kind, ...shuffled(rng, [...Array.from({ length: rng.int(4) }, () => randomPoint(rng, kind)), varint(2, rng.int(3)), varint(3, rng.int(2))]))]
    return message(2, ...shuffled(rng, [string(1, `m${rng.int(5)}`), string(2, rng.chance(0.5) ? 'described' : ''), string(3, 'ms'), ...data]))
  }
  const randomRequest = (rng: Rng) =>
    concat(
      ...Array.from({ length: 1 + rng.int(2) }, () =>
        message(1, message(1, ...randomAttributes(rng, 1)), ...Array.from({ length: 1 + rng.int(2) }, () => message(2, message(1, string(1, 'meter')), ...Array.from({ length: rng.int(4) }, () => randomMetric(rng))))),
      ),
    )

  it('writes what the decoder writes', () => {
    const rng = new Rng(99)
    for (let i = 0; i < 300; i++) expectSame(randomRequest(rng))
  })

  it('writes or throws what the decoder writes or throws, whatever byte is corrupted', () => {
    const rng = new Rng(5)
    for (let i = 0; i < 4; i++) {
      // Of a size that keeps the test short (every byte, seven ways).
      let whole = randomRequest(rng)
      while (whole.length > 1200 || whole.length < 300) whole = randomRequest(rng)
      for (let at = 0; at < whole.length; at++) {
        const original = whole[at]
        for (const corrupted of [0x00, 0xff, 0x80, original ^ 0x80, original ^ 0x07, (original + 1) & 0xff, (original - 1) & 0xff]) {
          whole[at] = corrupted
          expectSame(whole)
        }
        whole[at] = original
      }
    }
  })
})

describe('transcodeMetricsProto on malformed input', () => {
  it('throws MalformedPayloadError at each truncation where the decoder does, with its message', () => {
    const whole = metricsRequest(new Rng(3), { items: 30 })
    let malformed = 0
    for (let length = 0; length <= whole.length; length++) {
      const cut = whole.slice(0, length)
      expectSame(cut)
      if ('error' in viaDecoder(cut)) {
        malformed++
        expect(() => transcodeMetricsProto(cut)).toThrow(MalformedPayloadError)
      }
    }
    expect(malformed).toBeGreaterThan(0)
  })

  it("throws the decoder's error for wrong wire types, bad packed fields, groups, field 0 and over-long varints", () => {
    const tooLong = Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
    const cases: Uint8Array[] = [
      concat(varint(1, 1), message(5)),
      concat(string(1, 'm'), varint(5, 1)),
      concat(string(1, 'm'), fixed64(9, 1n)),
      metric('g', 5, varint(1, 1)),
      metric('s', 7, string(2, 'x')),
      metric('s', 7, string(3, 'x')),
      metric('h', 9, fixed64(2, 1n)),
      metric('g', 5, numberPoint(varint(2, 1))),
      metric('g', 5, numberPoint(varint(4, 1))),
      metric('g', 5, numberPoint(varint(6, 1))),
      metric('g', 5, numberPoint(fixed64(8, 1n))),
      metric('g', 5, numberPoint(varint(7, 1))),
      metric('g', 5, numberPoint(varint(5, 1))),
      metric('g', 5, numberPoint(message(5, varint(2, 1)))),
      metric('g', 5, numberPoint(message(5, varint(3, 1)))),
      metric('g', 5, numberPoint(message(5, varint(4, 1)))),
      metric('g', 5, numberPoint(message(5, string(6, 'x')))),
      metric('g', 5, numberPoint(message(5, varint(7, 1)))),
      metric('h', 9, message(1, bytes(6, new Uint8Array(7)))),
      metric('h', 9, message(1, bytes(7, new Uint8Array(9)))),
      metric('h', 9, message(1, varint(6, 1))),
      metric('h', 9, message(1, fixed32(7, 1))),
      metric('h', 9, message(1, varint(11, 1))),
      metric('e', 10, message(1, fixed64(6, 1n))),
      metric('e', 10, message(1, varint(8, 1))),
      metric('e', 10, message(1, message(8, fixed64(1, 1n)))),
      metric('e', 10, message(1, message(8, fixed64(2, 1n)))),
      metric('e', 10, message(1, message(8, bytes(2, Uint8Array.from([0x80]))))),
      metric('e', 10, message(1, message(8, concat(tag(2, 0), tooLong)))),
      metric('e', 10, message(1, varint(1, 1))),
      metric('q', 11, message(1, varint(6, 1))),
      metric('q', 11, message(1, message(6, varint(1, 1)))),
      metric('q', 11, message(1, message(6, string(2, 'x')))),
      metric('q', 11, message(1, string(8, 'x'))),
      metric('g', 5, numberPoint(message(7, varint(1, 1)))),
      metric('g', 5, numberPoint(concat(tag(20, 3)))),
      metric('g', 5, numberPoint(concat(tag(20, 6)))),
      metric('g', 5, numberPoint(Uint8Array.from([0x00, 0x01]))),
      metric('g', 5, numberPoint(concat(tag(8, 0), tooLong))),
      metric('s', 7, concat(tag(2, 0), tooLong)),
      metric('s', 7, concat(tag(3, 0), tooLong)),
      concat(string(1, 'm'), concat(tag(5, 2), varintBytes(2 ** 40))),
    ]
    for (const fields of cases) {
      const payload = request(fields)
      expect(viaDecoder(payload), Buffer.from(fields).toString('hex')).toHaveProperty('error')
      expectSame(payload)
    }
  })
})

describe('transcodeMetricsProto with pooled output buffers', () => {
  it('writes what it writes unpooled, and reuses buffers once released', () => {
    for (const seed of [1, 2, 3]) {
      const payload = metricsRequest(new Rng(seed), { items: 100 })
      const expected = transcodeMetricsProto(payload)
      const pooled = transcodeMetricsProto(payload, { pooled: true })
      const buffers = new Set<ArrayBufferLike>()
      for (const kind of KINDS) {
        expect(pooled.tables[kind].text.equals(expected.tables[kind].text)).toBe(true)
        expect(pooled.tables[kind].rows).toBe(expected.tables[kind].rows)
        buffers.add(pooled.tables[kind].text.buffer)
        pooled.tables[kind].release!()
      }
      expect(buffers.size).toBe(KINDS.length)
      const again = transcodeMetricsProto(payload, { pooled: true })
      for (const kind of KINDS) {
        expect(buffers.has(again.tables[kind].text.buffer)).toBe(true)
        expect(again.tables[kind].text.equals(expected.tables[kind].text)).toBe(true)
        again.tables[kind].release!()
      }
    }
  })

  it('gives the buffers back when the request is malformed', () => {
    const payload = metricsRequest(new Rng(7), { items: 100 })
    const ok = transcodeMetricsProto(payload, { pooled: true })
    const buffers = new Set(KINDS.map((kind) => ok.tables[kind].text.buffer))
    for (const kind of KINDS) ok.tables[kind].release!()
    expect(() => transcodeMetricsProto(payload.subarray(0, payload.length - 3), { pooled: true })).toThrow(MalformedPayloadError)
    const again = transcodeMetricsProto(payload, { pooled: true })
    for (const kind of KINDS) {
      expect(buffers.has(again.tables[kind].text.buffer)).toBe(true)
      again.tables[kind].release!()
    }
  })
})

describe('transcoded metric rows in ClickHouse', () => {
  let store: TestStore | undefined
  afterAll(() => store?.dispose())

  it('inserts into the five otel_metrics tables and reads back as sent', async () => {
    store = await openTestStore()
    const payload = request(
      metric('g', 5, numberPoint(double(4, 1.5), attributes(7, { k: 'v "q"' }), exemplar(5))),
      metric('s', 7, numberPoint(sfixed64(6, -7n)), varint(2, 2), varint(3, true)),
      metric('h', 9, message(1, times(), fixed64(4, 6n), double(5, 9), packedFixed64(6, [1n, 2n, 3n]), packedDouble(7, [1, 2]), double(11, 0), double(12, 5)), varint(2, 1)),
      metric('e', 10, message(1, times(), fixed64(4, 3n), sint32(6, -2), fixed64(7, 1n), message(8, sint32(1, -1), packedVarint(2, [1, 1]))), varint(2, 1)),
      metric('q', 11, message(1, times(), fixed64(4, 10n), double(5, Number.NaN), message(6, double(1, 0.5), double(2, 3)))),
    )
    expectRows(payload)
    const result = transcodeMetricsProto(payload)
    const tables: Record<string, string> = { gauge: 'otel_metrics_gauge', sum: 'otel_metrics_sum', histogram: 'otel_metrics_histogram', exponentialHistogram: 'otel_metrics_exponential_histogram', summary: 'otel_metrics_summary' }
    for (const kind of KINDS) {
      expect(result.tables[kind].rows).toBe(1)
      await store.insertJsonRows(tables[kind], result.tables[kind].text)
    }
    const db = store.database
    const one = async (sql: string) => (await queryRows<Record<string, unknown>>(store!, sql))[0]
    expect(await one(`SELECT MetricName, ServiceName, Value, Attributes, Exemplars.Value AS ev, Exemplars.TraceId AS et, toString(toUnixTimestamp64Nano(TimeUnix)) AS t FROM ${db}.otel_metrics_gauge`)).toEqual({
      MetricName: 'g',
      ServiceName: 'svc',
      Value: 1.5,
      Attributes: { k: 'v "q"' },
      ev: [0.25],
      et: [TRACE_ID],
      t: T1.toString(),
    })
    expect(await one(`SELECT Value, AggregationTemporality, IsMonotonic FROM ${db}.otel_metrics_sum`)).toEqual({ Value: -7, AggregationTemporality: 2, IsMonotonic: true })
    expect(await one(`SELECT Count, Sum, BucketCounts, ExplicitBounds, Max FROM ${db}.otel_metrics_histogram`)).toEqual({ Count: '6', Sum: 9, BucketCounts: ['1', '2', '3'], ExplicitBounds: [1, 2], Max: 5 })
    expect(await one(`SELECT Scale, ZeroCount, PositiveOffset, PositiveBucketCounts FROM ${db}.otel_metrics_exponential_histogram`)).toEqual({ Scale: -2, ZeroCount: '1', PositiveOffset: -1, PositiveBucketCounts: ['1', '1'] })
    expect(await one(`SELECT Count, isNaN(Sum) AS nan, ValueAtQuantiles.Quantile AS q FROM ${db}.otel_metrics_summary`)).toEqual({ Count: '10', nan: 1, q: [0.5] })
  })
})
