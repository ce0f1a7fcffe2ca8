import type { HrTime } from '@opentelemetry/api'
import { type LogAttributes, SeverityNumber } from '@opentelemetry/api-logs'
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs'
import { describe, expect, it } from 'vitest'
import type { LogRow } from '../rows.js'
import { decodeLogsProto } from './decodeLogs.js'
import { anyValueFields, attributes, fixed64, message, string } from './testEncoder.js'

const TRACE_ID = '5b8efff798038103d269b633813fc60c'
const SPAN_ID = 'eee19b7ec3c1b174'
const TIME: HrTime = [1700000000, 123456789]
const OBSERVED: HrTime = [1700000002, 7]

const RESOURCE = resourceFromAttributes({ 'service.name': 'checkout', 'deployment.environment': 'prod' }, { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' })
const SCOPE = { name: 'app.logger', version: '0.9.1', schemaUrl: 'https://example.com/scope-schema', attributes: { 'scope.attr': 'x' } }

const EVERY_TYPE: LogAttributes = {
  str: 'v',
  yes: true,
  int: 42,
  dbl: 3.5,
  raw: new Uint8Array([1, 2, 3, 255]),
  list: ['a', 1, true],
  map: { n: 2, k: 'v' },
}

function logRecord(overrides: Partial<ReadableLogRecord> = {}): ReadableLogRecord {
  return {
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
  }
}

function serialize(records: ReadableLogRecord[]): Uint8Array {
  const bytes = ProtobufLogsSerializer.serializeRequest(records)
  if (!bytes) throw new Error('serializer returned nothing')
  return bytes
}

describe('decodeLogsProto against the SDK serializer', () => {
  it('keeps everything a log row holds', () => {
    const decoded = decodeLogsProto(serialize([logRecord()]))
    expect(decoded).toEqual({
      accepted: 1,
      rejected: 0,
      rows: [
        {
          Timestamp: 1700000000123456789n,
          TraceId: TRACE_ID,
          SpanId: SPAN_ID,
          TraceFlags: 1,
          SeverityText: 'WARN',
          SeverityNumber: 13,
          ServiceName: 'checkout',
          Body: 'disk almost full',
          ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          ResourceAttributes: { 'service.name': 'checkout', 'deployment.environment': 'prod' },
          ScopeSchemaUrl: 'https://example.com/scope-schema',
          ScopeName: 'app.logger',
          ScopeVersion: '0.9.1',
          ScopeAttributes: { 'scope.attr': 'x' },
          LogAttributes: {
            str: 'v',
            yes: 'true',
            int: '42',
            dbl: '3.5',
            raw: 'AQID/w==',
            list: '["a",1,true]',
            map: '{"k":"v","n":2}',
          },
          EventName: 'disk.pressure',
        } satisfies LogRow,
      ],
    })
  })

  it('renders a structured body as Go JSON', () => {
    const body = { msg: 'hi <there>', n: 7, nested: [1.5, false, null] }
    const [row] = decodeLogsProto(serialize([logRecord({ body })])).rows
    expect(row.Body).toBe('{"msg":"hi \\u003cthere\\u003e","n":7,"nested":[1.5,false,null]}')
  })

  it('stores a record without a timestamp at its observed time, and one without trace context with empty ids', () => {
    const record = logRecord({ hrTime: [0, 0], spanContext: undefined, body: undefined, eventName: undefined, severityNumber: undefined })
    const [row] = decodeLogsProto(serialize([record])).rows
    expect(row).toMatchObject({ Timestamp: 1700000002000000007n, TraceId: '', SpanId: '', TraceFlags: 0, Body: '', EventName: '', SeverityNumber: 0 })
  })

  it('counts every record', () => {
    const records = Array.from({ length: 25 }, (_, i) => logRecord({ body: `line ${i}` }))
    const decoded = decodeLogsProto(serialize(records))
    expect(decoded.accepted).toBe(25)
    expect(decoded.rows.map((row) => row.Body)).toEqual(records.map((record) => record.body))
  })
})

describe('decodeLogsProto on hand-built payloads', () => {
  it('returns nothing for an empty request', () => {
    expect(decodeLogsProto(new Uint8Array(0))).toEqual({ rows: [], accepted: 0, rejected: 0 })
  })

  it('renders every body type as the contrib exporter does', () => {
    const bodies: [Parameters<typeof anyValueFields>[0], string][] = [
      ['text', 'text'],
      [true, 'true'],
      [-12n, '-12'],
      [0.1, '0.1'],
      [new Uint8Array([0xde, 0xad]), '3q0='],
      [['x', 2n], '["x",2]'],
      [{ b: 1n, a: { c: 'd' } }, '{"a":{"c":"d"},"b":1}'],
      [null, ''],
    ]
    const payload = message(
      1,
      message(1, attributes(1, { 'service.name': 'svc' })),
      message(2, ...bodies.map(([body]) => message(2, fixed64(1, 5n), message(5, anyValueFields(body))))),
    )
    const decoded = decodeLogsProto(payload)
    expect(decoded.rows.map((row) => row.Body)).toEqual(bodies.map(([, expected]) => expected))
    expect(decoded.rows.every((row) => row.ServiceName === 'svc')).toBe(true)
  })

  it('reads a scope that follows its records', () => {
    const payload = message(1, message(2, message(2, string(3, 'INFO')), message(1, string(1, 'late-scope')), string(3, 'schema')))
    const [row] = decodeLogsProto(payload).rows
    expect(row).toMatchObject({ SeverityText: 'INFO', ScopeName: 'late-scope', ScopeSchemaUrl: 'schema' })
  })
})
