import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import type { HrTime } from '@opentelemetry/api'
import { type LogAttributes, SeverityNumber } from '@opentelemetry/api-logs'
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs'
import { afterAll, describe, expect, it } from 'vitest'
import { logsRequest, Rng } from '../../../../bench/payloads.js'
import { MalformedPayloadError } from '../rows.js'
import { decodeLogsProto } from './decodeLogs.js'
import {
  anyValueFields,
  attributes,
  bytes,
  concat,
  double,
  fixed32,
  fixed64,
  hex,
  keyValue,
  message,
  string,
  type TestValue,
  tag,
  varint,
  varintBytes,
} from './testEncoder.js'
import { transcoderContract } from './testTranscoder.js'
import { transcodeLogsProto } from './transcodeLogs.js'

/*
 * The logs transcoder's contract: for any input, exactly what decodeLogsProto + toJsonRowsText
 * make of it (the same bytes and counts), or the same MalformedPayloadError.
 */

const { viaDecoder, expectSame } = transcoderContract(decodeLogsProto, (buf) => transcodeLogsProto(buf))

const TRACE_ID = '5b8efff798038103d269b633813fc60c'
const SPAN_ID = 'eee19b7ec3c1b174'

/** A request of one resource and scope with these log records (each a LogRecord's fields). */
const request = (...records: Uint8Array[]) =>
  message(
    1,
    message(1, attributes(1, { 'service.name': 'svc' })),
    message(2, message(1, string(1, 'lib'), string(2, '1.0')), ...records.map((r) => message(2, r))),
  )

/** expectSame, for a payload that is not malformed. */
function expectRows(buf: Uint8Array): string {
  expect(viaDecoder(buf)).not.toHaveProperty('error')
  return expectSame(buf)
}

/** A record with a time, ids and a body, then `fields`. */
const record = (...fields: Uint8Array[]) =>
  concat(fixed64(1, 1_700_000_000_123_456_789n), bytes(9, hex(TRACE_ID)), bytes(10, hex(SPAN_ID)), message(5, string(1, 'hello')), ...fields)

const raw = (field: number, value: number[]) => bytes(field, Uint8Array.from(value))

describe('transcodeLogsProto on the benchmark payloads', () => {
  it.each([1, 2, 3, 42, 20260101])('writes what the decoder writes (seed %i)', (seed) => {
    const text = expectSame(logsRequest(new Rng(seed)))
    expect(text.split('\n')).toHaveLength(1000)
  })

  it('writes what the decoder writes for small requests', () => {
    for (const items of [0, 1, 2, 9]) expectSame(logsRequest(new Rng(items), { items }))
  })

  it('reads a request that is a view into a larger buffer, as a Buffer or a plain Uint8Array', () => {
    const payload = logsRequest(new Rng(4), { items: 20 })
    const larger = concat(Uint8Array.from([1, 2, 3]), payload, Uint8Array.from([4, 5]))
    const view = larger.subarray(3, 3 + payload.length)
    expectSame(view)
    expectSame(Buffer.from(view.buffer, view.byteOffset, view.byteLength))
    expect(transcodeLogsProto(view).text.equals(transcodeLogsProto(payload).text)).toBe(true)
  })
})

describe('transcodeLogsProto on SDK-serialized payloads', () => {
  const TIME: HrTime = [1700000000, 123456789]
  const OBSERVED: HrTime = [1700000002, 7]
  const RESOURCE = resourceFromAttributes({ 'service.name': 'checkout', 'deployment.environment': 'prod', 'process.pid': 4242 }, { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' })
  const SCOPE = { name: 'app.logger', version: '0.9.1', schemaUrl: 'https://example.com/scope-schema', attributes: { 'scope.attr': 'x', n: 3 } }
  const EVERY_TYPE = {
    str: 'v',
    yes: true,
    no: false,
    int: 42,
    negative: -7,
    big: 2 ** 60,
    dbl: 3.5,
    raw: new Uint8Array([1, 2, 3, 255]),
    list: ['a', 1, true, 2.5],
    map: { n: 2, k: 'v', nested: { deeper: [1, 'x'] } },
    escapes: 'quote " backslash \\ <tag> & \n ☕ 𝄞',
  } as unknown as LogAttributes

  const logRecord = (overrides: Partial<ReadableLogRecord> = {}): ReadableLogRecord => ({
    hrTime: TIME,
    hrTimeObserved: OBSERVED,
    spanContext: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 },
    severityText: 'WARN',
    severityNumber: SeverityNumber.WARN,
    body: 'disk almost full',
    eventName: 'disk.pressure',
    resource: RESOURCE,
    instrumentationScope: SCOPE,
    attributes: EVERY_TYPE,
    droppedAttributesCount: 0,
    ...overrides,
  })

  const serialize = (records: ReadableLogRecord[]) => {
    const bytes = ProtobufLogsSerializer.serializeRequest(records)
    if (!bytes) throw new Error('serializer returned nothing')
    return bytes
  }

  it('writes a record with every field and attribute type as the decoder does', () => {
    expectSame(serialize([logRecord()]))
  })

  it('writes bodies of every type', () => {
    const bodies = ['', 'text ☕ "quoted"\n', 42, -1.25, true, new Uint8Array([0, 255]), ['a', 1, { k: 'v' }], { msg: 'structured', n: 3, req: { url: '/a?b=<c>&d' } }, null, undefined]
    expectSame(serialize(bodies.map((body) => logRecord({ body: body as ReadableLogRecord['body'] }))))
  })

  it('writes every severity, records without trace context, time or observed time', () => {
    const severities = Object.values(SeverityNumber).filter((n): n is number => typeof n === 'number')
    expectSame(serialize(severities.map((severityNumber) => logRecord({ severityNumber, severityText: SeverityNumber[severityNumber] }))))
    expectSame(
      serialize([
        logRecord({ spanContext: undefined, severityText: undefined, severityNumber: undefined, eventName: undefined, attributes: {} }),
        logRecord({ hrTime: [0, 0] }),
        logRecord({ hrTime: [0, 0], hrTimeObserved: [0, 0] }),
        logRecord({ spanContext: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0 } }),
      ]),
    )
  })

  it('writes records of several resources and scopes', () => {
    const other = resourceFromAttributes({ 'service.name': 'payments "eu"', 'host.name': 'h' })
    expectSame(
      serialize([
        logRecord(),
        logRecord({ resource: other }),
        logRecord({ instrumentationScope: { name: 'other', version: '2' } }),
        logRecord({ resource: resourceFromAttributes({}) }),
        logRecord({ instrumentationScope: { name: 'third' }, resource: other }),
      ]),
    )
  })
})

describe('transcodeLogsProto on hand-built payloads', () => {
  it('writes nothing for an empty request, and for a request without records', () => {
    expect(transcodeLogsProto(new Uint8Array(0))).toEqual({ text: Buffer.alloc(0), rows: 0, accepted: 0, rejected: 0 })
    expectRows(new Uint8Array(0))
    expectRows(message(1))
    expectRows(message(1, message(1), message(2)))
    expectRows(message(1, message(2, message(1))))
    // A record without any field.
    expectRows(request(new Uint8Array(0)))
  })

  const VALUES: Record<string, TestValue> = {
    str: 'v',
    empty: '',
    yes: true,
    no: false,
    zero: 0n,
    int: 42n,
    twoBytes: 128n,
    negative: -7n,
    int64Max: 9223372036854775807n,
    int64Min: -9223372036854775808n,
    twoPow53Plus1: 9007199254740993n,
    dbl: 3.5,
    negativeZero: -0,
    tiny: 5e-324,
    exp: 1e21,
    frac: 0.1 + 0.2,
    nan: Number.NaN,
    inf: Number.POSITIVE_INFINITY,
    negInf: Number.NEGATIVE_INFINITY,
    raw: new Uint8Array([1, 2, 3, 255]),
    rawEmpty: new Uint8Array(0),
    list: ['a', 1n, true, 2.5, null, new Uint8Array([9]), ['nested'], { k: 'v' }],
    emptyList: [],
    scalars: ['a', 1n, -5n, true, false, 2.5, -0, 1e21, null, new Uint8Array([9, 255]), ''],
    escapes: ['quote " backslash \\ <tag> & \n\r\t\b\f\u0001\u001f\u007f \u2028\u2029 é ☕ 𝄞'],
    withInf: [1.5, Number.POSITIVE_INFINITY],
    long: ['x'.repeat(200), 'y'],
    map: { n: 2n, k: 'v', '<&>': 'quote " backslash \\ newline \n', ключ: '\u2028', z: { nested: [1n, { deep: null }] } },
    mapWithNaN: { a: Number.NaN },
    emptyMap: {},
    none: null,
  }

  it('writes a body of every AnyValue type as anyValueToString gives it', () => {
    for (const value of Object.values(VALUES)) {
      expectRows(request(concat(fixed64(1, 5n), message(5, anyValueFields(value)))))
    }
    // All in one request, and as attributes too.
    expectRows(request(...Object.values(VALUES).map((value) => record(message(5, anyValueFields(value)), attributes(6, VALUES)))))
  })

  it('writes kvlists and nested arrays as Go JSON (keys sorted by their bytes), and their unusual shapes as the decoder does', () => {
    const kv = (key: string | number[], value?: Uint8Array) =>
      message(1, typeof key === 'string' ? string(1, key) : raw(1, key), ...(value === undefined ? [] : [message(2, value)]))
    const kvlist = (...entries: Uint8Array[]) => message(6, ...entries)
    const bodies = [
      // Keys: ASCII, non-ASCII (above and below the surrogates in UTF-16), escapes, prefixes of each other.
      anyValueFields({ b: 1n, a: 2n, 'a.b': 3n, '': 'empty', é: 'e', '\uffff': 'last BMP', '𝄞': 'astral', 'z"<&>': 'html', '\u2028': 'sep', '10': 'ten', '9': 'nine', __proto__x: 'p' }),
      anyValueFields({ ['__proto__']: 'proto' }),
      anyValueFields({ list: [{ k: 'v', j: [1n, 2.5, true, null, new Uint8Array([1])] }, [[[]]], {}], m: { deeper: { deepest: 'x' } } }),
      // A repeated key (the last value, where the first was), a key without a value, a value without a key, the value first.
      kvlist(kv('a', string(1, '1')), kv('b', string(1, '2')), kv('a', string(1, '3'))),
      kvlist(kv('a'), kv('b', new Uint8Array(0))),
      kvlist(message(1, message(2, string(1, 'no key')))),
      kvlist(message(1, message(2, string(1, 'v')), string(1, 'value first'))),
      // Keys that are not valid UTF-8, equal once decoded.
      kvlist(kv([0xff], string(1, 'x')), kv([0xfe], string(1, 'y')), kv('ok', string(1, 'z'))),
      kvlist(kv('s', raw(1, [0x61, 0xc0]))),
      // Not what Go can write: the whole value is "".
      anyValueFields({ a: 1n, nan: Number.NaN }),
      anyValueFields([[Number.NEGATIVE_INFINITY]]),
      // Values of more than one field, non-minimal varints and bools, unknown fields.
      kvlist(kv('two', concat(string(1, 'x'), varint(3, 5n)))),
      kvlist(kv('intThenString', concat(varint(3, 5n), string(1, 'x')))),
      kvlist(kv('boolThenString', concat(varint(2, 1), string(1, 'x')))),
      kvlist(kv('doubleThenInt', concat(double(4, 1.5), varint(3, 5n)))),
      kvlist(kv('bool', concat(tag(2, 0), Uint8Array.from([0x82, 0x00])))),
      kvlist(kv('int', concat(tag(3, 0), Uint8Array.from([0x85, 0x80, 0x00])))),
      kvlist(kv('u', concat(string(1, 'x'), varint(9, 1)))),
      message(5, message(1, concat(string(1, 'x'), varint(3, 5n)))),
      message(5, message(1, string(1, 'a')), varint(2, 1)),
      // A string then a kvlist, a kvlist then a string (the last one is the value).
      concat(string(1, 's'), anyValueFields({ k: 'v' })),
      concat(anyValueFields({ k: 'v' }), string(1, 's')),
      concat(anyValueFields(['a']), anyValueFields({ k: ['b'] })),
      // Long strings and lists (lengths of more than one byte).
      anyValueFields({ long: 'x'.repeat(300), many: Array.from({ length: 200 }, (_, i) => BigInt(i)) }),
    ]
    for (const body of bodies) {
      expectRows(request(record(message(5, body))))
      expectRows(request(record(message(6, string(1, 'attr'), message(2, body)))))
    }
  })

  it('writes attributes of every type, and the resource and scope columns', () => {
    for (const [k, v] of Object.entries(VALUES)) expectRows(request(record(attributes(6, { [k]: v }))))
    const payload = message(
      1,
      message(1, attributes(1, { 'service.name': 'svc "☕"\n', host: 'h', n: 5n, l: ['a'] })),
      message(
        2,
        message(1, string(1, 'scope "name"'), string(2, 'v\u2028'), attributes(3, { 'scope.attr': 'x', '0': 'first' }), varint(4, 3)),
        message(2, record()),
        string(3, 'https://scope-schema/"x"'),
      ),
      string(3, 'https://resource-schema'),
    )
    expectRows(payload)
    // No service.name.
    expectRows(message(1, message(1, attributes(1, { host: 'h' })), message(2, message(2, record()))))
  })

  it('copies non-ASCII strings and escapes what JSON.stringify escapes', () => {
    const strings = [
      'café ☕ 𝄞 ключ 日本語',
      'quote " backslash \\ slash /',
      'newline \n return \r tab \t backspace \b formfeed \f',
      'controls \u0000 \u0001 \u0007 \u000b \u000e \u001f del \u007f',
      'separators \u2028 \u2029, bom \ufeff, noncharacters \ufffe \uffff, replacement \ufffd',
      '<script>alert("x")</script> & more',
      '',
    ]
    for (const s of strings) {
      expectRows(request(record(string(3, s), message(5, string(1, s)), attributes(6, { [s]: s, [`k ${s}`]: [s], m: { [s]: s } }), string(12, s))))
    }
  })

  it('writes invalid UTF-8 as the decoder decodes it (U+FFFD)', () => {
    const invalid = [[0x80], [0xc0, 0x80], [0xc2], [0xe2, 0x82, 0x41], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xf0, 0x9f, 0x98], [0x41, 0x22, 0xff, 0x5c, 0x0a, 0xe2, 0x98, 0x95]]
    for (const bad of invalid) {
      const withText = [0x61, ...bad, 0x22, 0x01, 0x7a]
      expectRows(
        request(
          record(
            raw(3, withText),
            message(5, raw(1, bad)),
            message(6, raw(1, bad), message(2, raw(1, withText))),
            message(6, string(1, 'k'), message(2, raw(1, bad))),
            raw(12, withText),
          ),
        ),
      )
      // In an array body and a kvlist body.
      expectRows(request(record(message(5, message(5, message(1, raw(1, bad)))))))
      expectRows(request(record(message(5, message(6, message(1, raw(1, bad), message(2, raw(1, withText))))))))
    }
    // Keys that differ as bytes but not once decoded: the object has one of them (the last value).
    expectRows(request(record(message(6, raw(1, [0xff]), message(2, string(1, 'a'))), message(6, raw(1, [0xfe]), message(2, string(1, 'b'))))))
  })

  it('keeps the last value of a repeated key where the first one was, and lists integer-like keys first (as a JS object does)', () => {
    expectRows(request(record(attributes(6, { a: '1', b: '2' }), attributes(6, { c: '3', a: '4' }))))
    expectRows(request(record(attributes(6, { a: '1' }), attributes(6, { a: '2', ['__proto__']: 'p' }))))
    expectRows(request(record(concat(...['b', '10', '2', 'a', '01', '-1', '4294967295'].map((k, i) => keyValue(6, k, String(i)))))))
    expectRows(request(record(message(6), message(6), keyValue(6, '', 'x'), message(6, string(1, 'k')))))
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`key.${i}`, String(i)]))
    expectRows(request(record(attributes(6, many))))
    expectRows(request(record(attributes(6, many), keyValue(6, 'key.7', 'again'))))
  })

  it('writes severity numbers and texts as the decoder does', () => {
    for (const n of [0, 1, 9, 24, 25, 127, 128, 300, 2 ** 31 - 1, -1, -(2 ** 31), 2 ** 32 + 5, 2n ** 63n + 3n, -254]) {
      expectRows(request(record(varint(2, n), string(3, `sev ${n}`))))
    }
  })

  it('stores a record without a time at its observed time', () => {
    const times = [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 1_700_000_000_123_456_789n, 2n ** 64n - 1n]
    for (const time of times) {
      for (const observed of times) {
        expectRows(request(concat(fixed64(1, time), fixed64(11, observed))))
        expectRows(request(concat(fixed64(11, observed), fixed64(1, time))))
      }
    }
    expectRows(request(fixed64(11, 77n)))
  })

  it('writes trace flags (their low byte) and ids of any length', () => {
    for (const flags of [0, 1, 0x101, 0x3ff, 0xffffffff]) expectRows(request(record(fixed32(8, flags))))
    for (const id of ['', 'ab', TRACE_ID.slice(0, 16), `${TRACE_ID}00`, '00000000000000000000000000000000']) {
      expectRows(request(concat(bytes(9, hex(id)), bytes(10, hex(id)))))
    }
  })

  it('writes event names', () => {
    expectRows(request(record(string(12, 'checkout.order_placed')), record(string(12, '')), record()))
  })

  it('reads fields in any order, the resource and scope after the records', () => {
    const fields = [
      fixed64(1, 1_700_000_000_000_000_000n),
      varint(2, 17),
      string(3, 'ERROR'),
      message(5, anyValueFields({ msg: 'm', n: 1n })),
      attributes(6, { a: 'b', n: 2n }),
      varint(7, 3),
      fixed32(8, 1),
      bytes(9, hex(TRACE_ID)),
      bytes(10, hex(SPAN_ID)),
      fixed64(11, 1_700_000_000_500_000_000n),
      string(12, 'ev'),
    ]
    expectRows(request(concat(...fields)))
    expectRows(request(concat(...[...fields].reverse())))
    const payload = message(
      1,
      message(2, message(2, concat(...fields)), string(3, 'https://scope'), message(1, string(2, '2.0'), string(1, 'scope-after'))),
      string(3, 'https://resource'),
      message(1, attributes(1, { 'service.name': 'svc-after' })),
    )
    expectRows(payload)
    expect(transcodeLogsProto(payload).text.toString()).toContain('"ServiceName":"svc-after"')
  })

  it('keeps the last of repeated fields', () => {
    expectRows(
      request(
        concat(
          record(),
          fixed64(1, 3n),
          varint(2, 5),
          varint(2, 9),
          string(3, 'first'),
          string(3, 'second'),
          message(5, string(1, 'first body')),
          message(5, anyValueFields(['second', 'body'])),
          fixed32(8, 0),
          bytes(9, hex('aa')),
          string(12, 'a'),
          string(12, 'b'),
          fixed64(11, 8n),
        ),
      ),
    )
    // A body of several values (a malformed oneof): the last wins, as in the decoder.
    expectRows(request(record(message(5, string(1, 's'), varint(3, 7n), double(4, 1.5)))))
    expectRows(request(record(message(5, anyValueFields(['a']), string(1, 's')))))
    expectRows(request(record(message(5, string(1, 's'), anyValueFields({ k: 'v' })))))
  })

  it('skips unknown fields of every wire type, and reads non-minimal varints', () => {
    const unknown = concat(varint(99, 7), fixed64(98, 1n), string(97, 'x'), fixed32(96, 5))
    // In a LogRecord: the retired name (4), dropped_attributes_count (7), anything newer.
    const recordUnknown = concat(unknown, string(4, 'old name'), varint(4, 1), varint(7, 3), fixed64(7, 3n), fixed64(13, 1n), string(14, 'x'))
    const payload = concat(
      unknown,
      message(1, unknown, message(1, unknown, attributes(1, { a: 'b' }), unknown), message(2, unknown, message(2, recordUnknown, record(recordUnknown, string(3, 'kept'), recordUnknown)), unknown), unknown),
      unknown,
    )
    expectRows(payload)
    expect(transcodeLogsProto(payload).rows).toBe(1)
    expectRows(request(record(message(6, unknown, string(1, 'k'), unknown, message(2, unknown, string(1, 'v'), unknown), unknown), message(5, unknown, string(1, 'b'), unknown))))
    const paddedTag = (field: number, wireType: number) => Uint8Array.from([(field << 3) | wireType | 0x80, 0x80, 0x00])
    const paddedLength = (n: number) => Uint8Array.from([n | 0x80, 0x80, 0x80, 0x00])
    const text = new TextEncoder().encode('padded')
    expectRows(
      request(
        record(
          concat(paddedTag(3, 2), paddedLength(text.length), text),
          concat(paddedTag(2, 0), Uint8Array.from([0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])),
          concat(paddedTag(5, 2), paddedLength(3), string(1, 'b')),
          concat(paddedTag(1, 1), fixed64(1, 9n).subarray(1)),
          // A tag whose varint has bits past 32 (which fall off, as in the decoder): field 13, a varint.
          concat(Uint8Array.from([0xe8, 0x80, 0x80, 0x80, 0x10]), varintBytes(5)),
        ),
      ),
    )
  })

  it('writes bodies nested deep, and refuses them nested too deep, as the decoder does', () => {
    const nested = (depth: number): TestValue => {
      let value: TestValue = 'leaf'
      for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value }
      return value
    }
    expectRows(request(record(message(5, anyValueFields(nested(100))))))
    expect(viaDecoder(request(record(message(5, anyValueFields(nested(101))))))).toHaveProperty('error')
    expectSame(request(record(message(5, anyValueFields(nested(101))))))
    // Too deep in a body that is not the last: still refused.
    expect(viaDecoder(request(record(message(5, anyValueFields(nested(101))), message(5, string(1, 'last')))))).toHaveProperty('error')
    expectSame(request(record(message(5, anyValueFields(nested(101))), message(5, string(1, 'last')))))
  })
})

describe('transcodeLogsProto on random payloads', () => {
  const PIECES: number[][] = [[0x61], [0x7a, 0x30], [0x22], [0x5c], [0x0a], [0x00], [0x7f], [0xc3, 0xa9], [0xe2, 0x80, 0xa8], [0xf0, 0x9f, 0x98, 0x80], [0xff], [0x80], [0x3c], [0x26]]
  const randomBytes = (rng: Rng, max: number) => {
    const out: number[] = []
    const n = rng.int(max)
    for (let i = 0; i < n; i++) out.push(...rng.pick(PIECES))
    return Uint8Array.from(out)
  }
  const KEYS = ['a', 'b', 'service.name', '0', '12', '__proto__', 'k"', 'é']
  const randomValue = (rng: Rng, depth: number): Uint8Array => {
    switch (rng.int(depth > 2 ? 6 : 8)) {
      case 0:
        return bytes(1, randomBytes(rng, 6))
      case 1:
        return varint(2, rng.int(3))
      case 2:
        return varint(3, BigInt.asIntN(64, BigInt(Math.floor(rng.next() * 2 ** 53)) * BigInt(rng.int(4000) - 2000)))
      case 3:
        return double(4, rng.pick([0, -0, 1.5, 1e300, Number.NaN, Number.POSITIVE_INFINITY, rng.next()]))
      case 4:
        return bytes(7, rng.bytes(rng.int(5)))
      case 5:
        return new Uint8Array(0)
      case 6:
        return message(5, ...Array.from({ length: rng.int(3) }, () => message(1, randomValue(rng, depth + 1))))
      default:
        return message(6, ...Array.from({ length: rng.int(3) }, () => message(1, string(1, rng.pick(KEYS)), message(2, randomValue(rng, depth + 1)))))
    }
  }
  const randomAttributes = (rng: Rng, field: number) =>
    Array.from({ length: rng.int(5) }, () => message(field, bytes(1, rng.chance(0.7) ? new TextEncoder().encode(rng.pick(KEYS)) : randomBytes(rng, 3)), message(2, randomValue(rng, 0))))
  const randomTime = (rng: Rng) => (rng.chance(0.2) ? 0n : BigInt.asUintN(64, BigInt(rng.int(2 ** 32)) * 2n ** 32n + BigInt(rng.int(2 ** 32))))
  const randomRecord = (rng: Rng) => {
    const fields = [
      fixed64(1, randomTime(rng)),
      fixed64(11, randomTime(rng)),
      varint(2, rng.int(30) - 3),
      bytes(3, randomBytes(rng, 4)),
      ...(rng.chance(0.9) ? [message(5, randomValue(rng, 0))] : []),
      ...randomAttributes(rng, 6),
      ...(rng.chance(0.7) ? [fixed32(8, rng.int(2 ** 32))] : []),
      bytes(9, rng.bytes(rng.chance(0.9) ? 16 : rng.int(18))),
      bytes(10, rng.bytes(rng.chance(0.9) ? 8 : rng.int(10))),
      ...(rng.chance(0.3) ? [bytes(12, randomBytes(rng, 4))] : []),
      varint(13 + rng.int(4), 1),
    ]
    for (let i = fields.length - 1; i > 0; i--) {
      const j = rng.int(i + 1)
      ;[fields[i], fields[j]] = [fields[j], fields[i]]
    }
    return message(2, ...fields)
  }
  const randomRequest = (rng: Rng) =>
    concat(
      ...Array.from({ length: 1 + rng.int(2) }, () =>
        message(
          1,
          message(1, ...randomAttributes(rng, 1)),
          ...Array.from({ length: 1 + rng.int(2) }, () =>
            message(2, message(1, bytes(1, randomBytes(rng, 4)), bytes(2, randomBytes(rng, 3)), ...randomAttributes(rng, 3)), ...Array.from({ length: rng.int(4) }, () => randomRecord(rng)), bytes(3, randomBytes(rng, 3))),
          ),
          bytes(3, randomBytes(rng, 3)),
        ),
      ),
    )

  it('writes what the decoder writes', () => {
    const rng = new Rng(99)
    for (let i = 0; i < 400; i++) expectSame(randomRequest(rng))
  })

  it('writes or throws what the decoder writes or throws, whatever byte is corrupted', () => {
    const rng = new Rng(5)
    for (let i = 0; i < 10; i++) {
      const whole = randomRequest(rng)
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

describe('transcodeLogsProto on malformed input', () => {
  it('throws MalformedPayloadError at each truncation where the decoder does, with its message', () => {
    const payloads = [
      logsRequest(new Rng(3), { items: 3 }),
      request(record(string(3, 'INFO'), varint(2, 9), attributes(6, { s: 'é', i: -5n, d: 2.5, l: [1n, 'a'], m: { k: 'v' } }), fixed32(8, 1), string(12, 'e'), fixed64(11, 9n))),
    ]
    for (const whole of payloads) {
      let malformed = 0
      for (let length = 0; length <= whole.length; length++) {
        // A copy, so nothing past the end is there to be read by mistake.
        const cut = whole.slice(0, length)
        expectSame(cut)
        if ('error' in viaDecoder(cut)) {
          malformed++
          expect(() => transcodeLogsProto(cut)).toThrow(MalformedPayloadError)
        }
      }
      expect(malformed).toBeGreaterThan(0)
    }
  })

  it("throws the decoder's error for wrong wire types, groups, field 0 and over-long varints", () => {
    const tooLong = Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
    const cases = [
      varint(1, 1),
      string(1, 'x'),
      fixed64(2, 1n),
      varint(3, 1),
      varint(5, 1),
      fixed64(6, 1n),
      varint(8, 1),
      fixed64(8, 1n),
      varint(9, 1),
      fixed32(10, 1),
      varint(11, 1),
      varint(12, 1),
      message(6, varint(1, 1)),
      message(6, string(1, 'k'), varint(2, 1)),
      message(6, string(1, 'k'), message(2, varint(1, 1))),
      message(5, string(2, 'x')),
      message(5, varint(4, 1)),
      message(5, fixed64(7, 1n)),
      message(5, message(5, varint(1, 1))),
      message(5, message(6, message(1, varint(2, 1)))),
      // A malformed body before the last one.
      concat(message(5, varint(1, 1)), message(5, string(1, 'ok'))),
      concat(tag(20, 3)),
      concat(tag(20, 4)),
      concat(tag(20, 6)),
      concat(tag(20, 7)),
      Uint8Array.from([0x00, 0x01]),
      concat(tag(2, 0), tooLong),
      concat(tag(99, 0), tooLong),
      concat(tag(3, 2), tooLong),
      message(5, concat(tag(2, 0), tooLong)),
      // Inside kvlists and arrays: a truncated bool, a varint then field 0, a length past its message.
      message(5, message(6, message(1, string(1, 'k'), message(2, concat(tag(2, 0), Uint8Array.from([0x80])))))),
      message(5, message(6, message(1, string(1, 'k'), message(2, concat(tag(3, 0), Uint8Array.from([0x05, 0x00])))))),
      message(5, message(5, message(1, concat(tag(3, 0), Uint8Array.from([0x85]))))),
      message(5, message(5, message(1, concat(tag(1, 2), Uint8Array.from([0x05, 0x61]))))),
      concat(tag(3, 2), varintBytes(2 ** 40)),
    ]
    for (const fields of cases) {
      const payload = request(record(fields))
      expect(viaDecoder(payload)).toHaveProperty('error')
      expectSame(payload)
    }
  })
})

describe('transcodeLogsProto with pooled output buffers', () => {
  it('writes what it writes unpooled, and reuses a buffer once released', () => {
    const requests = [1, 2, 3].map((seed) => logsRequest(new Rng(seed), { items: 50 }))
    for (const payload of requests) {
      const expected = transcodeLogsProto(payload)
      const pooled = transcodeLogsProto(payload, { pooled: true })
      expect(pooled.text.equals(expected.text)).toBe(true)
      expect({ ...pooled, release: undefined, text: undefined }).toEqual({ ...expected, text: undefined })
      const buffer = pooled.text.buffer
      pooled.release!()
      const again = transcodeLogsProto(payload, { pooled: true })
      expect(again.text.buffer).toBe(buffer)
      expect(again.text.equals(expected.text)).toBe(true)
      again.release!()
    }
  })

  it('gives the buffer back when the request is malformed', () => {
    const payload = logsRequest(new Rng(7), { items: 10 })
    const ok = transcodeLogsProto(payload, { pooled: true })
    const buffer = ok.text.buffer
    ok.release!()
    expect(() => transcodeLogsProto(payload.subarray(0, payload.length - 3), { pooled: true })).toThrow(MalformedPayloadError)
    const again = transcodeLogsProto(payload, { pooled: true })
    expect(again.text.buffer).toBe(buffer)
    again.release!()
  })
})

describe('transcoded log rows in ClickHouse', () => {
  let store: TestStore | undefined
  afterAll(() => store?.dispose())

  it('inserts into otel_logs and reads back as the record was sent', async () => {
    store = await openTestStore()
    const time = 1_700_000_000_123_456_789n
    const payload = message(
      1,
      message(1, attributes(1, { 'service.name': 'transcoded', 'host.name': 'h"1' })),
      message(
        2,
        message(1, string(1, 'lib'), string(2, '1.0'), attributes(3, { s: 'x' })),
        message(
          2,
          record(
            fixed64(1, time),
            varint(2, 17),
            string(3, 'ERROR'),
            message(5, anyValueFields({ msg: 'boom "☕"\n', code: 7n })),
            attributes(6, { str: 'a\\b\u0001\u2028', int: -42n, dbl: 0.1, yes: true, list: ['x', 1n], raw: new Uint8Array([1, 255]) }),
            fixed32(8, 0x101),
            string(12, 'checkout.failed'),
          ),
        ),
        message(2, concat(fixed64(11, time + 5n), message(5, string(1, 'observed only')))),
        string(3, 'https://scope'),
      ),
      string(3, 'https://resource'),
    )
    expectSame(payload)
    const result = transcodeLogsProto(payload)
    expect(result.rows).toBe(2)
    await store.insertJsonRows('otel_logs', result.text)
    const rows = await queryRows<Record<string, unknown>>(
      store,
      `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body,
        ResourceSchemaUrl, ResourceAttributes, ScopeSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes, LogAttributes, EventName
      FROM ${store.database}.otel_logs ORDER BY Timestamp`,
    )
    expect(rows).toHaveLength(2)
    expect(rows[0]).toEqual({
      ts: time.toString(),
      TraceId: TRACE_ID,
      SpanId: SPAN_ID,
      TraceFlags: 1,
      SeverityText: 'ERROR',
      SeverityNumber: 17,
      ServiceName: 'transcoded',
      Body: '{"code":7,"msg":"boom \\"☕\\"\\n"}',
      ResourceSchemaUrl: 'https://resource',
      ResourceAttributes: { 'service.name': 'transcoded', 'host.name': 'h"1' },
      ScopeSchemaUrl: 'https://scope',
      ScopeName: 'lib',
      ScopeVersion: '1.0',
      ScopeAttributes: { s: 'x' },
      LogAttributes: { str: 'a\\b\u0001\u2028', int: '-42', dbl: '0.1', yes: 'true', list: '["x",1]', raw: 'Af8=' },
      EventName: 'checkout.failed',
    })
    expect(rows[1]).toMatchObject({ ts: (time + 5n).toString(), Body: 'observed only', TraceId: '', SeverityNumber: 0 })
  })
})
