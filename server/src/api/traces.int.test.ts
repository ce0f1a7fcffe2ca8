import type { TraceResponse, TraceSearchResponse } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'
import { hexId, insertLogs, insertSpans, type SpanInput } from '../testing/telemetryRows.js'

const DAY = 24 * 3_600_000
const D = Date.UTC(2026, 9, 5, 0, 0, 0)
const day = { from: D, to: D + DAY }

/*
 * 200 spans spread over a day (one every 7.2 minutes), so a search reads several time windows;
 * every property a filter looks at follows the span's number j.
 */
const spans: SpanInput[] = Array.from({ length: 200 }, (_, j) => ({
  time: D + j * 432_000 + 17,
  traceId: hexId(0xa000 + j, 16),
  spanId: hexId(0xb000 + j, 8),
  parentSpanId: j % 2 === 0 ? '' : hexId(0xc000 + j, 8),
  service: j % 5 === 0 ? 'api' : 'web',
  operation: j % 2 === 0 ? 'GET /x' : 'GET /y',
  kind: j % 2 === 0 ? 'Server' : 'Internal',
  durationMs: j + 1,
  status: j % 7 === 0 ? 'Error' : 'Ok',
  attributes: { 'http.route': j % 2 ? '/a' : '/b', ...(j % 3 === 0 ? { env: 'prod' } : {}) },
  resource: { region: j % 4 === 0 ? 'eu' : 'us' },
}))

/** The numbers j of the spans a search should find, in its order. */
const js = (hits: TraceSearchResponse['hits']) => hits.map((h) => Number.parseInt(h.spanId, 16) - 0xb000)
const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step)

/** A trace with events, a link and log records. */
const T = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0'
const T0 = D + 2 * DAY + 12 * 3_600_000 // outside the searched day
const traceSpans: SpanInput[] = [
  { time: T0, traceId: T, spanId: '1111111111111111', service: 'frontend', operation: 'GET /home', kind: 'Server', durationMs: 120, status: 'Ok', resource: { 'host.name': 'fe-1' } },
  {
    time: T0 + 5,
    traceId: T,
    spanId: '2222222222222222',
    parentSpanId: '1111111111111111',
    service: 'frontend',
    operation: 'call api',
    kind: 'Client',
    durationMs: 100,
    events: [
      { time: T0 + 6, name: 'retry', attributes: { attempt: '1' } },
      { time: T0 + 50, name: 'exception', attributes: { 'exception.type': 'IOError', 'exception.message': 'reset' } },
    ],
  },
  {
    time: T0 + 10,
    traceId: T,
    spanId: '3333333333333333',
    parentSpanId: '2222222222222222',
    service: 'api',
    operation: 'GET /data',
    kind: 'Server',
    durationMs: 80,
    status: 'Error',
    statusMessage: 'boom',
    attributes: { 'http.route': '/data' },
    links: [{ traceId: 'abababababababababababababababab', spanId: 'cdcdcdcdcdcdcdcd', traceState: 'k=v', attributes: { why: 'batch' } }],
  },
]

describe('trace search and trace by id (HTTP, real engine)', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi()
    await insertSpans(api.store, spans)
    await insertSpans(api.store, traceSpans.slice(0, 2))
    await insertSpans(api.store, traceSpans.slice(2)) // a trace's spans may arrive in several inserts
    await insertLogs(api.store, [
      { time: T0 - 2000, service: 'frontend', body: 'session loaded', traceId: T, spanId: '1111111111111111' },
      { time: T0 + 11, extraNs: 123, service: 'api', body: 'query failed', severityText: 'ERROR', severityNumber: 17, traceId: T, spanId: '3333333333333333', attributes: { db: 'main' } },
      { time: T0 + 30, service: 'api', body: 'another trace', traceId: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee' },
    ])
  })
  afterAll(() => api?.dispose())

  const search = (query: Record<string, string | number | string[] | undefined>) => api.get<TraceSearchResponse>('/api/v1/traces', { ...day, ...query })

  it('pages through every hit newest first, each once, across time windows', async () => {
    const seen: number[] = []
    for (let offset = 0; ; offset += 50) {
      const { status, body } = await search({ offset, limit: 50 })
      expect(status).toBe(200)
      seen.push(...js(body.hits))
      if (!body.more) break
    }
    expect(seen).toEqual(range(199, 0, -1))
    const asc = await search({ order: 'asc', limit: 3 })
    expect(js(asc.body.hits)).toEqual([0, 1, 2])
    expect(asc.body.more).toBe(true)
  })

  it('returns a hit with every field of the span', async () => {
    const { body } = await search({ order: 'asc', limit: 2 })
    expect(body.hits[1]).toEqual({
      traceId: hexId(0xa001, 16),
      spanId: hexId(0xb001, 8),
      parentSpanId: hexId(0xc001, 8),
      service: 'web',
      operation: 'GET /y',
      spanKind: 'Internal',
      timestamp: D + 432_000 + 17,
      durationMs: 2,
      statusCode: 'Ok',
    })
  })

  it('filters by service, operation, status and duration range', async () => {
    expect(js((await search({ service: 'api', limit: 1000 })).body.hits)).toEqual(range(195, 0, -5))
    expect(js((await search({ service: 'api', status: 'Error', limit: 1000 })).body.hits)).toEqual([175, 140, 105, 70, 35, 0])
    expect(js((await search({ operation: 'GET /y', service: 'web', limit: 3 })).body.hits)).toEqual([199, 197, 193])
    const durations = await search({ minDurationMs: 100, maxDurationMs: 150, limit: 1000 })
    expect(js(durations.body.hits)).toEqual(range(149, 99, -1))
    expect(durations.body.more).toBe(false)
    // fractions of a millisecond count: 99.5 ms excludes the 99 ms span, 150.5 ms keeps the 150 ms one
    expect(js((await search({ minDurationMs: 99.5, maxDurationMs: 150.5, limit: 1000 })).body.hits)).toEqual(range(149, 99, -1))
  })

  it('filters by span and resource attributes, equal and not equal', async () => {
    const count = async (query: Record<string, string | string[]>) => (await search({ ...query, limit: 1000 })).body.hits.length
    expect(await count({ spanAttr: 'http.route=/a' })).toBe(100)
    expect(await count({ spanAttr: 'env=prod' })).toBe(67)
    expect(await count({ spanAttr: 'env!=prod' })).toBe(133) // spans without the attribute are not prod either
    const both = await search({ spanAttr: ['http.route=/a', 'env=prod'], limit: 1000 })
    expect(js(both.body.hits)).toEqual(range(195, 3, -6))
    expect(await count({ resourceAttr: 'region=eu' })).toBe(50)
    expect(await count({ resourceAttr: 'region=eu', spanAttr: 'http.route=/b' })).toBe(50)
  })

  it('sorts by duration both ways', async () => {
    expect(js((await search({ sort: 'duration', limit: 5 })).body.hits)).toEqual([199, 198, 197, 196, 195])
    const asc = await search({ sort: 'duration', order: 'asc', limit: 4, offset: 2 })
    expect(js(asc.body.hits)).toEqual([2, 3, 4, 5])
    expect(asc.body.more).toBe(true)
  })

  it('finds nothing outside the range', async () => {
    const { body } = await api.get<TraceSearchResponse>('/api/v1/traces', { from: D - DAY, to: D })
    expect(body).toEqual({ hits: [], more: false })
  })

  it('returns a trace with its spans, events, links and log records', async () => {
    const { status, body } = await api.get<TraceResponse>(`/api/v1/traces/${T}`)
    expect(status).toBe(200)
    expect(body.traceId).toBe(T)
    expect(body.spans.map((s) => s.spanId)).toEqual(['1111111111111111', '2222222222222222', '3333333333333333'])
    expect(body.spans[0]).toMatchObject({
      parentSpanId: '',
      service: 'frontend',
      operation: 'GET /home',
      spanKind: 'Server',
      startNs: `${T0}000000`,
      durationNs: '120000000',
      statusCode: 'Ok',
      scopeName: 'test',
      scopeVersion: '1.0',
      resourceAttributes: { 'service.name': 'frontend', 'host.name': 'fe-1' },
      events: [],
      links: [],
    })
    expect(body.spans[1].events).toEqual([
      { timeNs: `${T0 + 6}000000`, name: 'retry', attributes: { attempt: '1' } },
      { timeNs: `${T0 + 50}000000`, name: 'exception', attributes: { 'exception.type': 'IOError', 'exception.message': 'reset' } },
    ])
    expect(body.spans[2]).toMatchObject({ statusCode: 'Error', statusMessage: 'boom', attributes: { 'http.route': '/data' } })
    expect(body.spans[2].links).toEqual([{ traceId: 'abababababababababababababababab', spanId: 'cdcdcdcdcdcdcdcd', traceState: 'k=v', attributes: { why: 'batch' } }])
    expect(body.logs.map((l) => l.body)).toEqual(['session loaded', 'query failed'])
    expect(body.logs[1]).toEqual({
      timestamp: T0 + 11,
      timeNs: `${BigInt(T0 + 11) * 1_000_000n + 123n}`,
      service: 'api',
      severityText: 'ERROR',
      severityNumber: 17,
      body: 'query failed',
      traceId: T,
      spanId: '3333333333333333',
      attributes: { db: 'main' },
      resourceAttributes: { 'service.name': 'api' },
    })
    // a range that holds the trace narrows the lookup and finds it
    expect((await api.get(`/api/v1/traces/${T}`, { from: T0 - 60_000, to: T0 + 60_000 })).status).toBe(200)
  })

  it('answers 404 for an unknown trace, or one outside the given range', async () => {
    const unknown = await api.get<{ error: { code: string; message: string } }>(`/api/v1/traces/${'0'.repeat(32)}`)
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('not_found')
    expect(unknown.body.error.message).toContain('traceId')
    const elsewhere = await api.get(`/api/v1/traces/${T}`, { from: D + DAY, to: D + 2 * DAY })
    expect(elsewhere.status).toBe(404)
  })
})
