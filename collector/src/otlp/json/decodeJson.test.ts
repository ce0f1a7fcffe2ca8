import { readFileSync } from 'node:fs'
import { sharedDataPath } from '@meridian/core/testing/sharedData'
import { describe, expect, it } from 'vitest'
import { MalformedPayloadError } from '../rows.js'
import { decodeLogsJson } from './decodeLogsJson.js'
import { decodeMetricsJson } from './decodeMetricsJson.js'
import { decodeTracesJson } from './decodeTracesJson.js'
import { quoteLongIntegers } from './jsonFields.js'

const example = (name: string) => readFileSync(sharedDataPath('otlp-examples', name))

describe('OTLP/JSON decoding of the official examples', () => {
  it('reads trace.json: hex ids lowercased, kind and nanosecond times kept', () => {
    const { rows, accepted, rejected } = decodeTracesJson(example('trace.json'))
    expect(accepted).toBe(1)
    expect(rejected).toBe(0)
    expect(rows[0]).toMatchObject({
      TraceId: '5b8efff798038103d269b633813fc60c',
      SpanId: 'eee19b7ec3c1b174',
      ParentSpanId: 'eee19b7ec3c1b173',
      SpanName: "I'm a server span",
      SpanKind: 'Server',
      ServiceName: 'my.service',
      Timestamp: 1544712660000000000n,
      Duration: 1000000000n,
      ScopeName: 'my.library',
      ScopeVersion: '1.0.0',
      SpanAttributes: { 'my.span.attr': 'some value' },
      StatusCode: 'Unset',
    })
  })

  it('reads logs.json and events.json: body of any type as a string, event name kept', () => {
    const logs = decodeLogsJson(example('logs.json'))
    expect(logs.accepted).toBeGreaterThan(0)
    expect(logs.rows[0].ServiceName).toBe('my.service')
    const events = decodeLogsJson(example('events.json'))
    expect(events.rows[0].EventName).toBe('browser.page_view')
    expect(events.rows[0].SeverityNumber).toBe(9)
    // a kvlist body becomes Go-style JSON with sorted keys
    expect(JSON.parse(events.rows[0].Body)).toBeTypeOf('object')
  })

  it('reads metrics.json into the gauge, sum, histogram and exponential histogram tables', () => {
    const { rows, accepted, rejected } = decodeMetricsJson(example('metrics.json'))
    expect(rejected).toBe(0)
    expect(rows.sum.length).toBeGreaterThan(0)
    expect(rows.gauge.length).toBeGreaterThan(0)
    expect(rows.histogram.length).toBeGreaterThan(0)
    expect(rows.exponentialHistogram.length).toBeGreaterThan(0)
    expect(accepted).toBe(rows.sum.length + rows.gauge.length + rows.histogram.length + rows.exponentialHistogram.length)
  })
})

describe('OTLP/JSON rules', () => {
  const span = (fields: Record<string, unknown>) =>
    JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '0102030405060708', ...fields }] }] }],
    })

  it('takes 64-bit integers as strings or as numbers, exactly', () => {
    // written as text: a JavaScript number literal would already have lost the last digits
    const body = span({ startTimeUnixNano: 'START', endTimeUnixNano: '1700000000123456999' }).replace('"START"', '1700000000123456789')
    const { rows } = decodeTracesJson(body)
    expect(rows[0].Timestamp).toBe(1700000000123456789n)
    expect(rows[0].Duration).toBe(210n)
  })

  it('encodes attribute values of every type as the contrib exporter does', () => {
    const attributes = [
      { key: 's', value: { stringValue: 'x' } },
      { key: 'b', value: { boolValue: true } },
      { key: 'i', value: { intValue: '-9007199254740993' } },
      { key: 'd', value: { doubleValue: 0.1 } },
      { key: 'big', value: { doubleValue: 1e21 } },
      { key: 'bytes', value: { bytesValue: 'AQID' } },
      { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a<b' }, { intValue: 1 }, { boolValue: false }, { doubleValue: 2.5 }] } } },
      { key: 'kv', value: { kvlistValue: { values: [{ key: 'z', value: { intValue: '2' } }, { key: 'a', value: { stringValue: 'v' } }] } } },
      { key: 'empty', value: {} },
    ]
    const { rows } = decodeTracesJson(span({ attributes }))
    expect(rows[0].SpanAttributes).toEqual({
      s: 'x',
      b: 'true',
      i: '-9007199254740993',
      d: '0.1',
      big: '1e+21',
      bytes: 'AQID',
      arr: '["a\\u003cb",1,false,2.5]',
      kv: '{"a":"v","z":2}',
      empty: '',
    })
  })

  it('keeps an attribute named __proto__ as a key like any other', () => {
    const { rows } = decodeTracesJson(span({ attributes: [{ key: '__proto__', value: { kvlistValue: { values: [{ key: '__proto__', value: { intValue: 1 } }] } } }] }))
    expect(Object.keys(rows[0].SpanAttributes)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(rows[0].SpanAttributes, '__proto__')?.value).toBe('{"__proto__":1}')
    expect(Object.getPrototypeOf(rows[0].SpanAttributes)).toBe(Object.prototype)
  })

  it.each([
    ['an all-zero trace id', { traceId: '00000000000000000000000000000000' }, 'all-zero trace id'],
    ['an all-zero span id', { spanId: '0000000000000000' }, 'all-zero span id'],
    ['a parent span id of the wrong length', { parentSpanId: '0102' }, 'parent span id of 2 bytes'],
  ])('rejects a span with %s', (_name, fields, reason) => {
    const result = decodeTracesJson(span(fields))
    expect(result).toMatchObject({ accepted: 0, rejected: 1, rows: [] })
    expect(result.rejectReason).toContain(reason)
  })

  it('accepts enum names as well as numbers', () => {
    const { rows } = decodeTracesJson(span({ kind: 'SPAN_KIND_CLIENT', status: { code: 'STATUS_CODE_ERROR', message: 'boom' } }))
    expect(rows[0]).toMatchObject({ SpanKind: 'Client', StatusCode: 'Error', StatusMessage: 'boom' })
  })

  it('rejects spans with bad id lengths and keeps the others', () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: '0102030405060708', spanId: '0102030405060708', name: 'short' },
                { traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '0102030405060708', name: 'good' },
              ],
            },
          ],
        },
      ],
    })
    const result = decodeTracesJson(body)
    expect(result.accepted).toBe(1)
    expect(result.rejected).toBe(1)
    expect(result.rejectReason).toContain('trace id of 8 bytes')
    expect(result.rows.map((r) => r.SpanName)).toEqual(['good'])
  })

  it.each([
    ['not JSON', '{"resourceSpans": [', /not valid JSON/],
    ['a wrongly typed name', span({ name: 42 }), /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name: expected a string, got 42/],
    ['a non-hex trace id', span({ traceId: 'zz' }), /traceId: expected a hex-encoded id/],
    ['a negative timestamp', span({ startTimeUnixNano: '-5' }), /startTimeUnixNano: expected an unsigned 64-bit integer/],
    ['spans that are not an array', JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: {} }] }] }), /spans: expected an array/],
    ['the wrong signal', JSON.stringify({ resourceLogs: [] }), /expected a "resourceSpans" field/],
    ['a top-level array', '[]', /\$: expected an object/],
  ])('refuses %s with a message that says where', (_name, body, message) => {
    expect(() => decodeTracesJson(body)).toThrowError(MalformedPayloadError)
    expect(() => decodeTracesJson(body)).toThrowError(message)
  })
})

describe('quoteLongIntegers', () => {
  it('quotes long integer literals outside strings only', () => {
    expect(quoteLongIntegers('{"a":1700000000123456789,"b":"1234567890123456789","c":1.5e300,"d":[12345678901234567]}')).toBe(
      '{"a":"1700000000123456789","b":"1234567890123456789","c":1.5e300,"d":["12345678901234567"]}',
    )
    expect(quoteLongIntegers('{"s":"a\\"1234567890123456789"}')).toBe('{"s":"a\\"1234567890123456789"}')
  })
})
