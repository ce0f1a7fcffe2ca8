import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { sharedDataPath } from '@meridian/core/testing/sharedData'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsFromStore } from '../testing/rowsFromStore.js'
import { startTestCollector, type TestCollector } from '../testing/testCollector.js'

const example = (name: string) => readFileSync(sharedDataPath('otlp-examples', name))
const MAX_BODY = 64 * 1024

const goodSpan = (name: string) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'http-errors' } }] },
        scopeSpans: [{ spans: [{ traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '0102030405060708', name, startTimeUnixNano: '1700000000000000001', endTimeUnixNano: '1700000000000000002' }] }],
      },
    ],
  })

describe('OTLP/HTTP receiver', () => {
  let tc: TestCollector
  const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) =>
    fetch(`${tc.httpUrl}${path}`, { method: 'POST', body, headers })

  beforeAll(async () => {
    tc = await startTestCollector({ MERIDIAN_OTLP_MAX_BODY_BYTES: String(MAX_BODY) })
  })
  afterAll(() => tc.dispose())

  it.each([
    ['trace.json', '/v1/traces', 'otel_traces'],
    ['logs.json', '/v1/logs', 'otel_logs'],
    ['events.json', '/v1/logs', 'otel_logs'],
    ['metrics.json', '/v1/metrics', 'otel_metrics_sum'],
  ])('stores the official example %s posted to %s', async (file, path, table) => {
    const res = await post(path, example(file), { 'Content-Type': 'application/json' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({})
    const rows = await rowsFromStore(tc.store, table, "ServiceName = 'my.service'", {})
    expect(rows.length).toBeGreaterThan(0)
  })

  it('stores every metric type of metrics.json', async () => {
    for (const table of ['otel_metrics_gauge', 'otel_metrics_histogram', 'otel_metrics_exponential_histogram']) {
      expect((await rowsFromStore(tc.store, table, "ServiceName = 'my.service'", {})).length, table).toBeGreaterThan(0)
    }
    const [hist] = await rowsFromStore(tc.store, 'otel_metrics_exponential_histogram', "ServiceName = 'my.service'", {})
    expect(hist).toMatchObject({ MetricName: 'my.exponential.histogram', Count: '3', Scale: 0, ZeroCount: '1', PositiveBucketCounts: ['0', '2'] })
  })

  it('accepts a gzip-encoded JSON body', async () => {
    const res = await post('/v1/traces', gzipSync(goodSpan('gzipped')), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
    expect(res.status).toBe(200)
    expect(await rowsFromStore(tc.store, 'otel_traces', "SpanName = 'gzipped'", {})).toHaveLength(1)
  })

  it('answers a partial success with the rejected count and why', async () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: '01', spanId: '0102030405060708', name: 'bad id' },
                { traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '0102030405060708', name: 'kept beside a bad one' },
              ],
            },
          ],
        },
      ],
    })
    const res = await post('/v1/traces', body, { 'Content-Type': 'application/json' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: expect.stringContaining('trace id of 1 bytes') } })
    expect(await rowsFromStore(tc.store, 'otel_traces', "SpanName = 'kept beside a bad one'", {})).toHaveLength(1)
  })

  it.each([
    ['malformed JSON', '/v1/traces', '{"resourceSpans": [', 'application/json', 400, /not valid JSON/],
    ['a wrongly typed field', '/v1/traces', JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 5 }] }] }] }), 'application/json', 400, /spans\[0\]\.name: expected a string/],
    ['truncated protobuf', '/v1/traces', Buffer.from([0x0a, 0x10, 0x0a]), 'application/x-protobuf', 400, /.+/],
    ['protobuf with a bad wire type', '/v1/logs', Buffer.from([0x0b]), 'application/x-protobuf', 400, /.+/],
    ['an unsupported content type', '/v1/traces', 'hello', 'text/plain', 415, /Content-Type \\"text\/plain\\" is not supported/],
  ])('refuses %s with status and a reason', async (_name, path, body, type, status, message) => {
    const res = await post(path, body, { 'Content-Type': type })
    expect(res.status).toBe(status)
    const text = type === 'application/x-protobuf' ? Buffer.from(await res.arrayBuffer()).toString('latin1') : await res.text()
    expect(text).toMatch(message)
  })

  it('refuses an oversized body with 413', async () => {
    const res = await post('/v1/traces', Buffer.alloc(MAX_BODY + 1, 0x20), { 'Content-Type': 'application/json' })
    expect(res.status).toBe(413)
    expect(await res.text()).toMatch(/over the 65536-byte limit/)
  })

  it('refuses a gzip bomb with 413 without inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20))
    expect(bomb.length).toBeLessThan(MAX_BODY)
    const before = process.memoryUsage().rss
    const res = await post('/v1/traces', bomb, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
    expect(res.status).toBe(413)
    expect(await res.text()).toMatch(/inflates past the 65536-byte limit/)
    // the 50 MB never lands in memory: far less growth than the inflated size
    expect(process.memoryUsage().rss - before).toBeLessThan(30 * 1024 * 1024)
  })

  it('refuses an unknown content encoding with 415, unknown paths with 404, other methods with 405', async () => {
    expect((await post('/v1/traces', 'x', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' })).status).toBe(415)
    expect((await post('/v1/spans', 'x', { 'Content-Type': 'application/json' })).status).toBe(404)
    expect((await fetch(`${tc.httpUrl}/v1/traces`)).status).toBe(405)
  })

  it('still stores good data after all the bad requests', async () => {
    const res = await post('/v1/traces', goodSpan('after the storm'), { 'Content-Type': 'application/json' })
    expect(res.status).toBe(200)
    expect(await rowsFromStore(tc.store, 'otel_traces', "SpanName = 'after the storm'", {})).toHaveLength(1)
  })
})
