import { toJsonRowsText } from '@meridian/core'
import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { resourceFromAttributes } from '@opentelemetry/resources'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterAll, describe, expect, it } from 'vitest'
import { Rng, traceRequest } from '../../../../bench/payloads.js'
import { MalformedPayloadError } from '../rows.js'
import { decodeTracesProto } from './decodeTraces.js'
import { JsonByteWriter } from './jsonByteWriter.js'
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
import { PARENT_SPAN_ID, RESOURCE, readableSpan, SPAN_ID, serialize, TRACE_ID } from './testSpans.js'
import { transcodeFallbacks, transcodeTracesProto } from './transcodeTraces.js'

/*
 * The transcoder's contract: for any input, exactly what decodeTracesProto + toJsonRowsText make
 * of it (the same bytes, counts and reject reason), or the same MalformedPayloadError.
 */

type Outcome = { text: Buffer; rows: number; accepted: number; rejected: number; rejectReason?: string } | { error: string }

function viaDecoder(buf: Uint8Array): Outcome {
  try {
    const decoded = decodeTracesProto(buf)
    const out: Outcome = {
      text: Buffer.from(toJsonRowsText(decoded.rows), 'utf8'),
      rows: decoded.rows.length,
      accepted: decoded.accepted,
      rejected: decoded.rejected,
    }
    if (decoded.rejectReason !== undefined) out.rejectReason = decoded.rejectReason
    return out
  } catch (err) {
    if (err instanceof MalformedPayloadError) return { error: err.message }
    throw err
  }
}

function viaTranscoder(buf: Uint8Array): Outcome {
  try {
    return transcodeTracesProto(buf)
  } catch (err) {
    if (err instanceof MalformedPayloadError) return { error: err.message }
    throw err
  }
}

/** Transcodes `buf` and checks it against the decoder; returns the text. */
function expectSame(buf: Uint8Array): string {
  const fallbacks = transcodeFallbacks()
  const want = viaDecoder(buf)
  const got = viaTranscoder(buf)
  if ('error' in want) {
    expect(got).toEqual(want)
    return ''
  }
  expect('error' in got ? got.error : '').toBe('')
  const gotRows = got as Exclude<Outcome, { error: string }>
  // As text first (a readable diff), then as bytes (nothing a UTF-8 decoding would hide).
  expect(gotRows.text.toString('utf8')).toBe(want.text.toString('utf8'))
  expect(gotRows.text.equals(want.text)).toBe(true)
  expect({ ...gotRows, text: undefined }).toEqual({ ...want, text: undefined })
  // Done by the transcoder itself, not by its fallback to the decoder.
  expect(transcodeFallbacks()).toBe(fallbacks)
  return want.text.toString('utf8')
}


/** A request of one resource and scope with these spans (each a Span's fields). */
const request = (...spans: Uint8Array[]) =>
  message(1, attributes(1, {}), message(2, message(1, string(1, 'lib'), string(2, '1.0')), ...spans.map((s) => message(2, s))))

/** A valid span's ids, then `fields`. */
const span = (...fields: Uint8Array[]) => concat(bytes(1, hex(TRACE_ID)), bytes(2, hex(SPAN_ID)), ...fields)

const raw = (field: number, value: number[]) => bytes(field, Uint8Array.from(value))
const enc = new TextEncoder()

describe('transcodeTracesProto on the benchmark payloads', () => {
  it.each([1, 2, 3, 42, 20260101])('writes what the decoder writes (seed %i)', (seed) => {
    const text = expectSame(traceRequest(new Rng(seed)))
    expect(text.split('\n')).toHaveLength(1000)
  })

  it('writes what the decoder writes for small requests', () => {
    for (const items of [0, 1, 2, 9]) expectSame(traceRequest(new Rng(items), { items }))
  })

  it('reads a request that is a view into a larger buffer, as a Buffer or a plain Uint8Array', () => {
    const payload = traceRequest(new Rng(4), { items: 20 })
    const larger = concat(Uint8Array.from([1, 2, 3]), payload, Uint8Array.from([4, 5]))
    const view = larger.subarray(3, 3 + payload.length)
    expectSame(view)
    expectSame(Buffer.from(view.buffer, view.byteOffset, view.byteLength))
    expect(transcodeTracesProto(view).text.equals(transcodeTracesProto(payload).text)).toBe(true)
  })
})

describe('transcodeTracesProto on SDK-serialized payloads', () => {

  it('writes a span with every field and attribute type as the decoder does', () => {
    expectSame(serialize([readableSpan()]))
  })

  it('writes every span kind and status code, resources and scopes apart', () => {
    const kinds = [SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER]
    const statuses = [SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR]
    const spans = kinds.map((kind, i) =>
      readableSpan({
        kind,
        spanId: `00000000000000${i}1`,
        status: { code: statuses[i % statuses.length] },
        resource: i % 2 ? RESOURCE : resourceFromAttributes({ 'service.name': 'payments' }),
        instrumentationScope: { name: i < 3 ? 'a' : 'b' },
      }),
    )
    expectSame(serialize(spans))
  })

  it('writes a root span without events, links or attributes', () => {
    const root = readableSpan({ parentSpanContext: undefined, events: [], links: [], attributes: {}, status: { code: SpanStatusCode.UNSET } })
    expectSame(serialize([root]))
  })

  it('rejects what the decoder rejects, with its reason', () => {
    const spans = [
      readableSpan({ spanId: '0000000000000001' }),
      readableSpan({ name: 'short', traceId: 'ffffffffffffffff', spanId: '0000000000000002' }),
      readableSpan({ spanId: '0000000000000003' }),
    ]
    const result = transcodeTracesProto(serialize(spans))
    expect(result).toMatchObject({ rows: 2, accepted: 2, rejected: 1, rejectReason: 'span "short" has a trace id of 8 bytes, want 16' })
    expectSame(serialize(spans))
  })
})

describe('transcodeTracesProto on hand-built payloads', () => {
  it('writes nothing for an empty request, and for a request without spans', () => {
    expect(transcodeTracesProto(new Uint8Array(0))).toEqual({ text: Buffer.alloc(0), rows: 0, accepted: 0, rejected: 0 })
    expectSame(new Uint8Array(0))
    expectSame(message(1))
    expectSame(message(1, message(1), message(2)))
    expectSame(message(1, message(2, message(1))))
  })

  it('writes every attribute type as anyValueToString gives it', () => {
    const values: Record<string, TestValue> = {
      str: 'v',
      empty: '',
      yes: true,
      no: false,
      zero: 0n,
      int: 42n,
      byte: 127n,
      twoBytes: 128n,
      negative: -7n,
      int32Min: -2147483648n,
      int32Max: 2147483647n,
      uint32: 4294967295n,
      twoPow32: 4294967296n,
      twoPow53: 9007199254740992n,
      twoPow53Plus1: 9007199254740993n,
      int64Max: 9223372036854775807n,
      int64Min: -9223372036854775808n,
      minusOne: -1n,
      minusTwoPow53: -9007199254740993n,
      dbl: 3.5,
      dblZero: 0,
      negativeZero: -0,
      tiny: 5e-324,
      huge: 1.7976931348623157e308,
      exp: 1e21,
      frac: 0.1 + 0.2,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      negInf: Number.NEGATIVE_INFINITY,
      raw: new Uint8Array([1, 2, 3, 255]),
      rawEmpty: new Uint8Array(0),
      list: ['a', 1n, true, 2.5, null, new Uint8Array([9]), ['nested'], { k: 'v' }],
      emptyList: [],
      scalars: ['a', 1n, -5n, 2n ** 63n - 1n, true, false, 2.5, -0, 1e21, null, new Uint8Array([9, 255]), new Uint8Array(0), ''],
      escapes: ['quote " backslash \\ <tag> & \n\r\t\b\f\u0001\u001f\u007f \u2028\u2029 é ☕ 𝄞'],
      withInf: [1.5, Number.POSITIVE_INFINITY],
      withNaN: ['a', Number.NaN],
      long: ['x'.repeat(200), 'y'],
      many: Array.from({ length: 100 }, (_, i) => `item ${i}`),
      map: { n: 2n, k: 'v', '<&>': 'quote " backslash \\ newline \n', ключ: '\u2028' },
      emptyMap: {},
      listWithNaN: [Number.NaN],
      none: null,
    }
    expectSame(request(span(string(5, 'types'), attributes(9, values))))
    // Each alone too, and in events and links.
    for (const [k, v] of Object.entries(values)) {
      expectSame(request(span(attributes(9, { [k]: v }), message(11, attributes(3, { [k]: v })), message(13, attributes(4, { [k]: v })))))
    }
  })

  it('copies non-ASCII strings and escapes what JSON.stringify escapes', () => {
    const strings = [
      'café ☕ 𝄞 ключ 日本語',
      'quote " backslash \\ slash /',
      'newline \n return \r tab \t backspace \b formfeed \f',
      'controls \u0000 \u0001 \u0007 \u000b \u000e \u001f del \u007f',
      'separators \u2028 \u2029, bom \ufeff, noncharacters \ufffe \uffff, replacement \ufffd',
      '\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}',
      '<script>alert("x")</script> & more',
      '"',
      '\\',
      '',
    ]
    for (const s of strings) {
      expectSame(
        request(
          span(
            string(3, s),
            string(5, s),
            attributes(9, { [s]: s, [`k ${s}`]: [s], list: [s, { [s]: s }] }),
            message(11, string(2, s), attributes(3, { [s]: s })),
            message(13, string(3, s), attributes(4, { [s]: s })),
            message(15, string(2, s)),
          ),
        ),
      )
    }
    const resourceAndScope = message(
      1,
      message(1, attributes(1, { 'service.name': 'svc "☕"\n', [strings[3]]: strings[4] })),
      message(2, message(1, string(1, strings[0]), string(2, strings[1])), message(2, span(string(5, 'x')))),
    )
    expectSame(resourceAndScope)
  })

  it('writes invalid UTF-8 as the decoder decodes it (U+FFFD)', () => {
    const invalid = [
      [0x80], // a lone continuation byte
      [0xbf, 0x41],
      [0xc0, 0x80], // overlong
      [0xc1, 0xbf],
      [0xc2], // cut short
      [0xc2, 0x41],
      [0xe0, 0x80, 0x80], // overlong
      [0xe0, 0x9f, 0xbf],
      [0xe2, 0x82], // cut short
      [0xe2, 0x82, 0x41],
      [0xed, 0xa0, 0x80], // a surrogate
      [0xed, 0xbf, 0xbf],
      [0xf0, 0x80, 0x80, 0x80], // overlong
      [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xf5, 0x80, 0x80, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xfe],
      [0xff],
      [0xf0, 0x9f, 0x98], // cut short
      [0x41, 0x22, 0xff, 0x5c, 0x0a, 0xe2, 0x98, 0x95],
    ]
    for (const bad of invalid) {
      const withText = [0x61, ...bad, 0x22, 0x01, 0x7a]
      expectSame(
        request(
          span(
            raw(3, withText),
            raw(5, bad),
            concat(message(9, raw(1, bad), message(2, raw(1, withText))), message(9, string(1, 'k'), message(2, raw(1, bad)))),
            message(11, raw(2, bad), message(3, raw(1, withText), message(2, raw(1, bad)))),
            message(13, raw(3, bad), message(4, raw(1, [0x6b, ...bad]), message(2, raw(1, bad)))),
            message(15, raw(2, withText)),
          ),
        ),
      )
    }
    // Keys that differ as bytes but not once decoded: the object has one of them (the last value).
    expectSame(request(span(message(9, raw(1, [0xff]), message(2, string(1, 'a'))), message(9, raw(1, [0xfe]), message(2, string(1, 'b'))))))
  })

  it('keeps the last value of a repeated key where the first one was (as a JS object does)', () => {
    expectSame(request(span(attributes(9, { a: '1', b: '2' }), attributes(9, { c: '3', a: '4' }))))
    expectSame(request(span(attributes(9, { a: '1' }), attributes(9, { a: '2', ['__proto__']: 'p' }))))
    expectSame(request(span(message(11, attributes(3, { x: 1n }), attributes(3, { x: 2n, y: 3n })))))
    expectSame(request(span(message(13, attributes(4, { x: 1n }), attributes(4, { x: [1n] })))))
    // Repeated empty keys; KeyValues without a key.
    expectSame(request(span(message(13, message(4), message(4), attributes(4, { b: '' })), message(9), keyValue(9, '', 'x'), message(9, string(1, 'k')))))
    // Maps of many keys, with and without a repeated one.
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`key.${i}`, String(i)]))
    expectSame(request(span(attributes(9, many))))
    expectSame(request(span(attributes(9, many), keyValue(9, 'key.7', 'again'))))
    const some = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i % 10}.${Math.floor(i / 10)}`, String(i)]))
    expectSame(request(span(attributes(9, some), message(11, attributes(3, some)))))
    expectSame(request(span(attributes(9, some), keyValue(9, 'k3.3', 'again'), keyValue(9, 'k3.4', 'again'))))
    // A repeated key in the resource and in the scope attributes.
    expectSame(
      message(
        1,
        message(1, attributes(1, { 'service.name': 'a', host: 'h' }), attributes(1, { 'service.name': 'b' })),
        message(2, message(1, string(1, 's'), attributes(3, { k: '1' }), attributes(3, { k: '2' })), message(2, span())),
      ),
    )
  })

  it('lists integer-like keys first, as a JS object does', () => {
    const keys = ['b', '10', '2', 'a', '01', '-1', '1.5', '4294967294', '4294967295', '99999999999999999999', '0', ' 1', '1 ']
    expectSame(request(span(concat(...keys.map((k, i) => keyValue(9, k, String(i)))))))
    expectSame(request(span(concat(...keys.map((k, i) => keyValue(9, k, String(i))).reverse()))))
    expectSame(request(span(message(11, attributes(3, { x: '1', 7: '2' })), message(13, attributes(4, { y: '1', 0: '2' })))))
  })

  it('keeps "__proto__" as a plain key', () => {
    expectSame(request(span(concat(keyValue(9, 'a', '1'), keyValue(9, '__proto__', 'p'), keyValue(9, 'constructor', 'c'), keyValue(9, 'toString', 't')))))
  })

  it('reads empty and missing fields', () => {
    expectSame(request(span()))
    expectSame(request(concat(bytes(1, hex(TRACE_ID)), bytes(2, hex(SPAN_ID)), string(3, ''), string(5, ''), bytes(4, new Uint8Array(0)))))
    // KeyValues without a key, without a value, empty; an empty AnyValue.
    expectSame(request(span(message(9), message(9, string(1, 'k')), message(9, message(2, string(1, 'v'))), message(9, string(1, 'e'), message(2)))))
    // Events and links without anything.
    expectSame(request(span(message(11), message(11), message(13), message(15))))
    // An event with only a time, a link with only a trace state.
    expectSame(request(span(message(11, fixed64(1, 5n)), message(13, string(3, 'a=b')))))
  })

  it('reads fields in any order, the resource and scope after the spans', () => {
    const fields = [
      bytes(1, hex(TRACE_ID)),
      bytes(2, hex(SPAN_ID)),
      string(3, 'ts=1'),
      bytes(4, hex(PARENT_SPAN_ID)),
      string(5, 'name'),
      varint(6, 3),
      fixed64(7, 1_700_000_000_000_000_000n),
      fixed64(8, 1_700_000_000_500_000_000n),
      attributes(9, { a: 'b' }),
      message(11, string(2, 'ev'), fixed64(1, 1_700_000_000_100_000_000n), attributes(3, { c: 'd' })),
      message(13, attributes(4, { e: 'f' }), string(3, 'x=y'), bytes(2, hex(SPAN_ID)), bytes(1, hex(TRACE_ID))),
      message(15, varint(3, 2), string(2, 'failed')),
    ]
    expectSame(request(concat(...fields)))
    expectSame(request(concat(...[...fields].reverse())))
    const payload = message(
      1,
      message(2, message(2, concat(...fields)), message(1, string(2, '2.0'), string(1, 'scope-after')), string(3, 'https://schema')),
      message(1, attributes(1, { 'service.name': 'svc-after' })),
    )
    expectSame(payload)
    expect(transcodeTracesProto(payload).text.toString()).toContain('"ServiceName":"svc-after"')
  })

  it('keeps the last of repeated fields and merges repeated statuses', () => {
    expectSame(
      request(
        concat(
          bytes(1, hex('00000000000000000000000000000001')),
          span(),
          string(5, 'first'),
          string(5, 'second'),
          varint(6, 1),
          varint(6, 2),
          fixed64(7, 1n),
          fixed64(7, 2n),
          message(15, varint(3, 2), string(2, 'a')),
          message(15, string(2, 'b')),
          message(15, varint(3, 1)),
          message(11, string(2, 'x'), string(2, 'y'), fixed64(1, 3n), fixed64(1, 4n)),
          message(9, string(1, 'k1'), string(1, 'k2'), message(2, string(1, 'v1')), message(2, varint(3, 5n))),
          message(9, string(1, 'multi'), message(2, string(1, 's'), varint(3, 7n), double(4, 1.5))),
          message(9, string(1, 'arrayThenString'), message(2, anyValueFields(['a']), string(1, 's'))),
          message(9, string(1, 'stringThenArray'), message(2, string(1, 's'), anyValueFields(['a']))),
        ),
      ),
    )
  })

  it('names unknown span kinds and status codes as the decoder does', () => {
    for (const kind of [0, 1, 5, 6, 99, 258, -1, -254, 2 ** 31 - 1, 2 ** 32 + 2, 2n ** 63n + 3n]) expectSame(request(span(varint(6, kind))))
    for (const code of [0, 1, 2, 3, -1]) expectSame(request(span(message(15, varint(3, code)))))
  })

  it('writes 64-bit times and durations exactly', () => {
    const times = [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 1_700_000_000_123_456_789n, 999_999_999_999_999_999n, 2n ** 63n, 2n ** 64n - 1n]
    for (const start of times) {
      for (const end of times) expectSame(request(span(fixed64(7, start), fixed64(8, end), message(11, fixed64(1, end)))))
    }
    // Crossing a 2^32 boundary with and without a borrow.
    expectSame(request(span(fixed64(7, 2n ** 40n - 1n), fixed64(8, 2n ** 40n + 5n))))
    expectSame(request(span(fixed64(7, 2n ** 40n + 7n), fixed64(8, 2n ** 41n + 5n))))
  })

  it('rejects spans as the decoder does, and writes the rest', () => {
    const bad = [
      concat(bytes(1, hex('00000000000000000000000000000000')), bytes(2, hex(SPAN_ID))),
      concat(bytes(1, hex(TRACE_ID)), bytes(2, hex('0000000000000000'))),
      concat(bytes(1, hex(TRACE_ID.slice(0, 16))), bytes(2, hex(SPAN_ID))),
      concat(bytes(1, hex(`${TRACE_ID}00`)), bytes(2, hex(SPAN_ID))),
      concat(bytes(1, hex(TRACE_ID)), bytes(2, hex(SPAN_ID.slice(0, 8)))),
      concat(bytes(1, hex(TRACE_ID)), bytes(2, hex(SPAN_ID)), bytes(4, hex('aabbcc'))),
      concat(bytes(2, hex(SPAN_ID))),
      concat(bytes(1, hex(TRACE_ID))),
      new Uint8Array(0),
    ]
    for (const [i, ids] of bad.entries()) {
      const name = string(5, `bad ${i} "quoted" ☕ \xff`)
      expectSame(request(concat(ids, name, attributes(9, { a: 'b' }), message(11, string(2, 'e')))))
      expectSame(request(span(string(5, 'ok 1')), concat(ids, name), span(string(5, 'ok 2'))))
      expectSame(request(concat(ids, raw(5, [0x62, 0xff, 0x22])), span(string(5, 'ok'))))
    }
    // The first reason is kept.
    const result = transcodeTracesProto(request(concat(bytes(2, hex(SPAN_ID)), string(5, 'one')), concat(bytes(1, hex(TRACE_ID)), string(5, 'two'))))
    expect(result).toMatchObject({ rows: 0, accepted: 0, rejected: 2, rejectReason: 'span "one" has a trace id of 0 bytes, want 16' })
    expect(result.text.length).toBe(0)
  })

  it('writes links with ids of any length, as the decoder does', () => {
    expectSame(request(span(message(13, bytes(1, hex('ab')), bytes(2, new Uint8Array(0))), message(13, bytes(1, hex(TRACE_ID)), bytes(2, hex(SPAN_ID))))))
  })

  it('skips unknown fields of every wire type, and reads non-minimal varints', () => {
    const unknown = concat(varint(99, 7), fixed64(98, 1n), string(97, 'x'), fixed32(96, 5), varint(16, 0x101), varint(10, 3))
    const payload = concat(
      unknown,
      message(1, unknown, message(1, unknown, attributes(1, { a: 'b' }), unknown), message(2, unknown, message(2, unknown, span(unknown, string(5, 'kept'), unknown)), unknown), unknown),
      unknown,
    )
    expectSame(payload)
    // Unknown fields inside KeyValue, AnyValue, events, links and statuses.
    expectSame(
      request(
        span(
          message(9, unknown, string(1, 'k'), unknown, message(2, unknown, string(1, 'v'), unknown), unknown),
          message(11, unknown, string(2, 'e'), unknown),
          message(13, unknown, string(3, 's'), unknown),
          message(15, unknown, varint(1, 1), string(2, 'm'), unknown),
        ),
      ),
    )
    // A tag, a length and a varint in more bytes than they need (protobuf allows it).
    const paddedTag = (field: number, wireType: number) => Uint8Array.from([((field << 3) | wireType) | 0x80, 0x80, 0x00])
    const paddedLength = (n: number) => Uint8Array.from([n | 0x80, 0x80, 0x80, 0x00])
    const name = enc.encode('padded')
    const value = concat(paddedTag(1, 2), paddedLength(1), enc.encode('v'))
    const kv = concat(paddedTag(1, 2), paddedLength(1), enc.encode('k'), paddedTag(2, 2), paddedLength(value.length), value)
    expectSame(
      request(
        span(
          concat(paddedTag(5, 2), paddedLength(name.length), name),
          concat(paddedTag(6, 0), Uint8Array.from([0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])),
          concat(paddedTag(9, 2), paddedLength(kv.length), kv),
          message(9, string(1, 'int'), message(2, concat(tag(3, 0), Uint8Array.from([0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])))),
          message(9, string(1, 'bool'), message(2, concat(tag(2, 0), Uint8Array.from([0x80, 0x80, 0x00])))),
          message(9, string(1, 'bool2'), message(2, concat(tag(2, 0), Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])))),
          // A tag whose varint has bits past 32 (which fall off, as in the decoder).
          concat(Uint8Array.from([0xd2, 0x80, 0x80, 0x80, 0x10]), varintBytes(5)),
        ),
      ),
    )
  })

  it('writes arrays and kvlists nested deep, and refuses them nested too deep, as the decoder does', () => {
    const nested = (depth: number): TestValue => {
      let value: TestValue = 'leaf'
      for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value }
      return value
    }
    expectSame(request(span(attributes(9, { deep: nested(100) }))))
    expectSame(request(span(attributes(9, { deep: nested(101) }))))
  })

  it('writes a big request with many resources, scopes, events and links', () => {
    const rng = new Rng(7)
    const resources: Uint8Array[] = []
    for (let r = 0; r < 5; r++) {
      const scopes: Uint8Array[] = []
      for (let s = 0; s < 3; s++) {
        const spans: Uint8Array[] = []
        for (let i = 0; i < 20; i++) {
          spans.push(
            message(
              2,
              bytes(1, rng.bytes(16)),
              bytes(2, rng.bytes(8)),
              string(5, `span ${r}.${s}.${i}`),
              fixed64(7, BigInt(rng.int(2 ** 30)) * 2n ** 31n),
              fixed64(8, BigInt(rng.int(2 ** 30)) * 2n ** 31n),
              attributes(9, { n: BigInt(rng.int(1000) - 500), d: rng.next(), s: 'x'.repeat(rng.int(300)) }),
              ...Array.from({ length: rng.int(4) }, () => message(11, fixed64(1, BigInt(rng.int(2 ** 31))), string(2, 'e'))),
              ...Array.from({ length: rng.int(3) }, () => message(13, bytes(1, rng.bytes(16)), bytes(2, rng.bytes(8)), attributes(4, { l: 'v' }))),
            ),
          )
        }
        scopes.push(message(2, message(1, string(1, `scope ${s}`)), ...spans))
      }
      resources.push(message(1, message(1, attributes(1, { 'service.name': `svc ${r}`, r: BigInt(r) })), ...scopes))
    }
    expectSame(concat(...resources))
  })
})

describe('transcodeTracesProto on random payloads', () => {
  // Strings from an alphabet of what needs care: escapes, non-ASCII, invalid UTF-8 bytes.
  const PIECES: number[][] = [
    [0x61],
    [0x7a, 0x30],
    [0x22],
    [0x5c],
    [0x0a],
    [0x00],
    [0x1f],
    [0x7f],
    [0xc3, 0xa9],
    [0xe2, 0x80, 0xa8],
    [0xf0, 0x9f, 0x98, 0x80],
    [0xff],
    [0x80],
    [0xe2, 0x98],
    [0x3c],
    [0x3e],
    [0x26],
    [0x09, 0x0d],
    [0x08, 0x0c],
    [0xe2, 0x80, 0xa9],
  ]
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
        return double(4, rng.pick([0, -0, 1.5, 1e300, -2.5e-300, Number.NaN, Number.POSITIVE_INFINITY, rng.next()]))
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
    Array.from({ length: rng.int(5) }, () =>
      message(field, bytes(1, rng.chance(0.7) ? enc.encode(rng.pick(KEYS)) : randomBytes(rng, 3)), message(2, randomValue(rng, 0))),
    )
  const randomId = (rng: Rng, n: number) => (rng.chance(0.05) ? new Uint8Array(rng.int(n + 2)) : rng.chance(0.05) ? rng.bytes(rng.int(n + 2)) : rng.bytes(n))
  const randomSpan = (rng: Rng) => {
    const fields = [
      bytes(1, randomId(rng, 16)),
      bytes(2, randomId(rng, 8)),
      ...(rng.chance(0.5) ? [bytes(4, randomId(rng, 8))] : []),
      bytes(3, randomBytes(rng, 4)),
      bytes(5, randomBytes(rng, 8)),
      varint(6, rng.int(8)),
      fixed64(7, BigInt.asUintN(64, BigInt(rng.int(2 ** 32)) * 2n ** 32n + BigInt(rng.int(2 ** 32)))),
      fixed64(8, BigInt.asUintN(64, BigInt(rng.int(2 ** 32)) * 2n ** 32n + BigInt(rng.int(2 ** 32)))),
      ...randomAttributes(rng, 9),
      ...Array.from({ length: rng.int(3) }, () => message(11, fixed64(1, BigInt(rng.int(2 ** 31))), bytes(2, randomBytes(rng, 4)), ...randomAttributes(rng, 3))),
      ...Array.from({ length: rng.int(3) }, () => message(13, bytes(1, rng.bytes(rng.int(17))), bytes(2, rng.bytes(8)), bytes(3, randomBytes(rng, 3)), ...randomAttributes(rng, 4))),
      message(15, varint(3, rng.int(4)), bytes(2, randomBytes(rng, 4))),
      varint(10 + rng.int(8), 1),
    ]
    // Shuffled: protobuf fields come in any order.
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
          ...Array.from({ length: 1 + rng.int(2) }, () => message(2, message(1, bytes(1, randomBytes(rng, 4)), bytes(2, randomBytes(rng, 3))), ...Array.from({ length: rng.int(4) }, () => randomSpan(rng)))),
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

describe('transcodeTracesProto on malformed input', () => {
  const payloads = {
    sdk: () =>
      serialize(
        [0, 1].map(
          (i): ReadableSpan => ({
            name: `span ${i}`,
            kind: SpanKind.CLIENT,
            spanContext: () => ({ traceId: TRACE_ID, spanId: `eee19b7ec3c1b17${i}`, traceFlags: 1 }),
            parentSpanContext: { traceId: TRACE_ID, spanId: 'eee19b7ec3c1b100', traceFlags: 1 },
            startTime: [1700000000, 1],
            endTime: [1700000000, 999],
            status: { code: SpanStatusCode.ERROR, message: 'no' },
            attributes: { s: 'x', n: -3, d: 0.5, b: true, l: ['a', 'b'], m: { k: [1, { z: 'y' }] }, raw: new Uint8Array([1]) } as unknown as ReadableSpan['attributes'],
            links: [{ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0 }, attributes: { q: 1 } }],
            events: [{ time: [1700000000, 5], name: 'e', attributes: { w: 'v' } }],
            duration: [0, 998],
            ended: true,
            resource: resourceFromAttributes({ 'service.name': 'svc', 'host.name': 'h' }),
            instrumentationScope: { name: 'lib', version: '1' },
            droppedAttributesCount: 0,
            droppedEventsCount: 0,
            droppedLinksCount: 0,
          }),
        ),
      ),
    benchmark: () => traceRequest(new Rng(3), { items: 3 }),
    handBuilt: () =>
      message(
        1,
        message(2, message(2, span(string(5, 'n'), attributes(9, { s: 'é', i: -5n, d: 2.5, b: true, x: new Uint8Array([7]), l: [1n, 'a'] }), message(11, fixed64(1, 9n), string(2, 'e')), message(13, string(3, 'ts')), message(15, varint(3, 2))))),
        message(1, attributes(1, { 'service.name': 'late' })),
      ),
  }

  it.each(Object.keys(payloads))('throws MalformedPayloadError at each truncation where the decoder does, with its message (%s)', (name) => {
    const whole = payloads[name as keyof typeof payloads]()
    let malformed = 0
    for (let length = 0; length <= whole.length; length++) {
      // A copy, so nothing past the end is there to be read by mistake.
      const cut = whole.slice(0, length)
      expectSame(cut)
      if ('error' in viaDecoder(cut)) {
        malformed++
        expect(() => transcodeTracesProto(cut)).toThrow(MalformedPayloadError)
      }
    }
    expect(malformed).toBeGreaterThan(0)
  })

  it('throws the decoder\'s error for wrong wire types, groups, field 0 and over-long varints', () => {
    const cases = [
      span(varint(5, 1)),
      span(fixed32(7, 1)),
      span(varint(9, 1)),
      span(string(9, 'not a KeyValue')),
      span(varint(1, 1)),
      span(string(6, 'x')),
      span(message(11, varint(2, 1))),
      span(message(11, string(1, 'x'))),
      span(message(13, varint(4, 1))),
      span(message(15, string(3, 'x'))),
      span(message(15, varint(2, 1))),
      span(message(9, varint(1, 1))),
      span(message(9, string(1, 'k'), varint(2, 1))),
      span(message(9, string(1, 'k'), message(2, varint(1, 1)))),
      span(message(9, string(1, 'k'), message(2, string(2, 'x')))),
      span(message(9, string(1, 'k'), message(2, string(3, 'x')))),
      span(message(9, string(1, 'k'), message(2, varint(4, 1)))),
      span(message(9, string(1, 'k'), message(2, varint(5, 1)))),
      span(message(9, string(1, 'k'), message(2, fixed64(7, 1n)))),
      span(message(9, string(1, 'k'), message(2, message(5, varint(1, 1))))),
      span(message(9, string(1, 'k'), message(2, message(6, message(1, varint(2, 1)))))),
      span(concat(tag(20, 3))),
      span(concat(tag(20, 4))),
      span(concat(tag(20, 6))),
      span(concat(tag(20, 7))),
      span(Uint8Array.from([0x00, 0x01])),
      span(Uint8Array.from([0x80, 0x00])),
      span(message(9, Uint8Array.from([0x00]))),
      span(message(9, string(1, 'k'), message(2, Uint8Array.from([0x07])))),
      span(concat(tag(6, 0), Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))),
      span(concat(tag(99, 0), Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))),
      span(concat(tag(5, 2), Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))),
      span(message(9, string(1, 'k'), message(2, concat(tag(2, 0), Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))))),
      span(message(9, string(1, 'k'), message(2, concat(tag(3, 0), Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))))),
      span(concat(tag(5, 2), varintBytes(2 ** 40))),
    ]
    for (const fields of cases) {
      const payload = request(fields)
      expect(viaDecoder(payload)).toHaveProperty('error')
      expectSame(payload)
    }
  })
})

describe('JsonByteWriter', () => {
  it('writes unsigned and signed 64-bit integers as BigInt does', () => {
    const rng = new Rng(1)
    const values = [0n, 9n, 10n, 99n, 100n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 10n ** 15n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n]
    for (let digits = 1; digits <= 20; digits++) values.push(10n ** BigInt(digits) - 1n, 10n ** BigInt(digits), 10n ** BigInt(digits) + 1n)
    for (let i = 0; i < 2000; i++) values.push(BigInt(rng.int(2 ** 32)) * 2n ** 32n + BigInt(rng.int(2 ** 32)), BigInt(rng.int(2 ** 21)) * 2n ** 32n + BigInt(rng.int(2 ** 32)))
    values.push(2n ** 64n - 1n, 2n ** 63n, 2n ** 63n - 1n)
    const w = new JsonByteWriter(16)
    for (const value of values.map((v) => BigInt.asUintN(64, v))) {
      const lo = Number(value & 0xffffffffn)
      const hi = Number(value >> 32n)
      w.pos = 0
      w.uint64(lo, hi)
      expect(w.written().toString()).toBe(value.toString())
      w.pos = 0
      w.int64(lo, hi)
      expect(w.written().toString()).toBe(BigInt.asIntN(64, value).toString())
    }
  })

  it('writes strings as JSON.stringify writes their decoded text', () => {
    const rng = new Rng(2)
    const w = new JsonByteWriter(16)
    for (let i = 0; i < 20000; i++) {
      const src = Buffer.from(rng.bytes(rng.int(12)).map((b) => (rng.chance(0.5) ? b & 0x7f : b)))
      w.pos = 0
      w.byte(0x78)
      const valid = w.jsonString(src, 0, src.length)
      expect(w.written().toString('utf8')).toBe(`x${JSON.stringify(src.toString('utf8'))}`)
      expect(valid).toBe(Buffer.from(src.toString('utf8'), 'utf8').equals(src))
    }
  })

  it('writes hex, ASCII and grows as needed', () => {
    const w = new JsonByteWriter(1)
    w.hex(Uint8Array.from([0, 1, 0xab, 0xff]), 1, 4)
    w.ascii('-x-')
    w.raw(new Uint8Array(100).fill(0x61))
    w.utf8('☕')
    expect(w.written().toString()).toBe(`01abff-x-${'a'.repeat(100)}☕`)
  })
})

describe('transcoded rows in ClickHouse', () => {
  let store: TestStore | undefined
  afterAll(() => store?.dispose())

  it('inserts into otel_traces and reads back as the span was sent', async () => {
    store = await openTestStore()
    const start = 1_700_000_000_123_456_789n
    const payload = message(
      1,
      message(1, attributes(1, { 'service.name': 'transcoded', 'host.name': 'h"1' })),
      message(
        2,
        message(1, string(1, 'lib'), string(2, '1.0')),
        message(
          2,
          span(
            bytes(4, hex(PARENT_SPAN_ID)),
            string(5, 'GET /cart "☕"\n'),
            varint(6, 2),
            fixed64(7, start),
            fixed64(8, start + 1_864_197_532n),
            attributes(9, { str: 'a\\b\u0001\u2028', int: -42n, big: 9007199254740993n, dbl: 0.1, yes: true, list: ['x', 1n], raw: new Uint8Array([1, 255]) }),
            message(11, fixed64(1, start + 5n), string(2, 'ev'), attributes(3, { k: 'v' })),
            message(13, bytes(1, hex('0af7651916cd43dd8448eb211c80319c')), bytes(2, hex('b7ad6b7169203331')), string(3, 'l=1')),
            message(15, varint(3, 2), string(2, 'boom')),
          ),
        ),
        message(2, span(string(5, 'second'), fixed64(7, start), fixed64(8, start - 1n))),
      ),
    )
    const text = expectSame(payload)
    const result = transcodeTracesProto(payload)
    expect(result.rows).toBe(2)
    await store.insertJsonRows('otel_traces', result.text)
    const rows = await queryRows<Record<string, unknown>>(
      store,
      `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS ts, Duration, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
        ResourceAttributes, ScopeName, SpanAttributes, StatusCode, StatusMessage,
        arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS eventTimes, Events.Name, Events.Attributes,
        Links.TraceId, Links.SpanId, Links.TraceState
      FROM ${store.database}.otel_traces ORDER BY SpanName`,
    )
    expect(rows).toHaveLength(2)
    expect(rows[0]).toEqual({
      ts: start.toString(),
      Duration: '1864197532',
      TraceId: TRACE_ID,
      SpanId: SPAN_ID,
      ParentSpanId: PARENT_SPAN_ID,
      SpanName: 'GET /cart "☕"\n',
      SpanKind: 'Server',
      ServiceName: 'transcoded',
      ResourceAttributes: { 'service.name': 'transcoded', 'host.name': 'h"1' },
      ScopeName: 'lib',
      SpanAttributes: { str: 'a\\b\u0001\u2028', int: '-42', big: '9007199254740993', dbl: '0.1', yes: 'true', list: '["x",1]', raw: 'Af8=' },
      StatusCode: 'Error',
      StatusMessage: 'boom',
      eventTimes: [(start + 5n).toString()],
      'Events.Name': ['ev'],
      'Events.Attributes': [{ k: 'v' }],
      'Links.TraceId': ['0af7651916cd43dd8448eb211c80319c'],
      'Links.SpanId': ['b7ad6b7169203331'],
      'Links.TraceState': ['l=1'],
    })
    // A span ending before it starts: Duration 0.
    expect(rows[1]).toMatchObject({ SpanName: 'second', Duration: '0' })
    expect(text).toContain(`"Timestamp":${start},`)
  })
})
