import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { describe, expect, it } from 'vitest'
import type { TraceRow } from '../rows.js'
import { decodeTracesProto } from './decodeTraces.js'
import { attributes, bytes, concat, fixed64, hex, message, string, varint } from './testEncoder.js'
import {
  EVERY_TYPE_AS_STRINGS,
  LINK_SPAN_ID,
  LINK_TRACE_ID,
  PARENT_SPAN_ID,
  readableSpan,
  SPAN_ID,
  serialize,
  TRACE_ID,
} from './testSpans.js'


describe('decodeTracesProto against the SDK serializer', () => {
  it('keeps everything a span row holds', () => {
    const decoded = decodeTracesProto(serialize([readableSpan()]))
    expect(decoded.accepted).toBe(1)
    expect(decoded.rejected).toBe(0)
    expect(decoded.rejectReason).toBeUndefined()
    expect(decoded.rows).toEqual([
      {
        Timestamp: 1700000000123456789n,
        TraceId: TRACE_ID,
        SpanId: SPAN_ID,
        ParentSpanId: PARENT_SPAN_ID,
        TraceState: 'vendor=abc,other=1',
        SpanName: 'GET /cart',
        SpanKind: 'Server',
        ServiceName: 'checkout',
        ResourceAttributes: { 'service.name': 'checkout', 'host.name': 'web-1', 'process.pid': '4242' },
        ScopeName: '@meridian/http',
        ScopeVersion: '1.2.3',
        SpanAttributes: EVERY_TYPE_AS_STRINGS,
        Duration: 1864197532n,
        StatusCode: 'Error',
        StatusMessage: 'boom',
        'Events.Timestamp': [1700000000500000001n, 1700000001987654321n],
        'Events.Name': ['exception', 'done'],
        'Events.Attributes': [{ 'exception.type': 'Error', 'exception.escaped': 'false' }, {}],
        'Links.TraceId': [LINK_TRACE_ID],
        'Links.SpanId': [LINK_SPAN_ID],
        'Links.TraceState': ['l=1'],
        'Links.Attributes': [{ 'link.kind': 'follows', 'link.n': '3' }],
      } satisfies TraceRow,
    ])
  })

  it('names every span kind and status code', () => {
    const kinds = [SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER]
    const statuses = [SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR]
    const spans = kinds.map((kind, i) =>
      readableSpan({ kind, spanId: `00000000000000${i}1`, status: { code: statuses[i % statuses.length] } }),
    )
    const { rows } = decodeTracesProto(serialize(spans))
    expect(rows.map((row) => row.SpanKind)).toEqual(['Internal', 'Server', 'Client', 'Producer', 'Consumer'])
    expect(rows.map((row) => row.StatusCode)).toEqual(['Unset', 'Ok', 'Error', 'Unset', 'Ok'])
    expect(rows.map((row) => row.StatusMessage)).toEqual(['', '', '', '', ''])
  })

  it('keeps resources and scopes apart', () => {
    const other = resourceFromAttributes({ 'service.name': 'payments' })
    const spans = [
      readableSpan({ spanId: '0000000000000001' }),
      readableSpan({ spanId: '0000000000000002', instrumentationScope: { name: 'db', version: '9' } }),
      readableSpan({ spanId: '0000000000000003', resource: other }),
    ]
    const { rows } = decodeTracesProto(serialize(spans))
    const byId = Object.fromEntries(rows.map((row) => [row.SpanId, row]))
    expect(byId['0000000000000001']).toMatchObject({ ServiceName: 'checkout', ScopeName: '@meridian/http', ScopeVersion: '1.2.3' })
    expect(byId['0000000000000002']).toMatchObject({ ServiceName: 'checkout', ScopeName: 'db', ScopeVersion: '9' })
    expect(byId['0000000000000003']).toMatchObject({ ServiceName: 'payments', ResourceAttributes: { 'service.name': 'payments' } })
  })

  it('reads a root span (no parent) with no events, links or attributes', () => {
    const span = readableSpan({ parentSpanContext: undefined, events: [], links: [], attributes: {}, status: { code: SpanStatusCode.UNSET } })
    const [row] = decodeTracesProto(serialize([span])).rows
    expect(row).toMatchObject({
      ParentSpanId: '',
      SpanAttributes: {},
      'Events.Name': [],
      'Links.TraceId': [],
      StatusCode: 'Unset',
    })
  })

  it('rejects a span with an 8-byte trace id and keeps the valid ones', () => {
    const spans = [
      readableSpan({ spanId: '0000000000000001' }),
      readableSpan({ name: 'short', traceId: 'ffffffffffffffff', spanId: '0000000000000002' }),
      readableSpan({ spanId: '0000000000000003' }),
    ]
    const decoded = decodeTracesProto(serialize(spans))
    expect(decoded.rows.map((row) => row.SpanId)).toEqual(['0000000000000001', '0000000000000003'])
    expect(decoded.accepted).toBe(2)
    expect(decoded.rejected).toBe(1)
    expect(decoded.rejectReason).toBe('span "short" has a trace id of 8 bytes, want 16')
  })
})

describe('decodeTracesProto on hand-built payloads', () => {
  const span = (...fields: Uint8Array[]) => message(2, bytes(1, hex(TRACE_ID)), bytes(2, hex(SPAN_ID)), ...fields)

  it('returns nothing for an empty request', () => {
    expect(decodeTracesProto(new Uint8Array(0))).toEqual({ rows: [], accepted: 0, rejected: 0 })
  })

  it('takes the resource and scope even when they follow the spans', () => {
    const payload = message(
      1,
      message(2, span(string(5, 'late')), message(1, string(1, 'scope-after'), string(2, '2.0'))),
      message(1, attributes(1, { 'service.name': 'svc-after' })),
    )
    const [row] = decodeTracesProto(payload).rows
    expect(row).toMatchObject({ SpanName: 'late', ServiceName: 'svc-after', ScopeName: 'scope-after', ScopeVersion: '2.0' })
  })

  it('skips unknown fields of every wire type', () => {
    const unknown = concat(varint(99, 7), fixed64(98, 1n), string(97, 'x'), new Uint8Array([0xf5, 0x06, 1, 2, 3, 4]))
    const payload = concat(
      unknown,
      message(1, unknown, message(2, unknown, span(unknown, string(5, 'kept'), unknown)), unknown),
      unknown,
    )
    const decoded = decodeTracesProto(payload)
    expect(decoded.rows.map((row) => row.SpanName)).toEqual(['kept'])
  })

  it('keeps the last value of a repeated attribute key, and "__proto__" as a plain key', () => {
    const payload = message(1, message(2, span(attributes(9, { a: '1' }), attributes(9, { a: '2', ['__proto__']: 'p' }))))
    const [row] = decodeTracesProto(payload).rows
    expect(row.SpanAttributes.a).toBe('2')
    expect(Object.keys(row.SpanAttributes)).toEqual(['a', '__proto__'])
    expect(Object.getOwnPropertyDescriptor(row.SpanAttributes, '__proto__')?.value).toBe('p')
    expect(Object.getPrototypeOf(row.SpanAttributes)).toBe(Object.prototype)
  })

  it('decodes UTF-8 names and attribute values', () => {
    const payload = message(1, message(2, span(string(5, 'café ☕ 𝄞'), attributes(9, { 'ключ': 'значение' }))))
    const [row] = decodeTracesProto(payload).rows
    expect(row.SpanName).toBe('café ☕ 𝄞')
    expect(row.SpanAttributes).toEqual({ 'ключ': 'значение' })
  })

  it('counts a span with a missing span id as rejected', () => {
    const payload = message(1, message(2, message(2, bytes(1, hex(TRACE_ID)), string(5, 'no-id'))))
    const decoded = decodeTracesProto(payload)
    expect(decoded).toEqual({ rows: [], accepted: 0, rejected: 1, rejectReason: 'span "no-id" has a span id of 0 bytes, want 8' })
  })
})
