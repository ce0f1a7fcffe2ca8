import { rollupEdges } from '@meridian/core'
import type { ServiceMapResponse, ServiceResponse, ServicesResponse } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'
import { hexId, insertSpans, type SpanInput } from '../testing/telemetryRows.js'

/*
 * A known hour of spans (and the hour before), with every figure the API gives worked out here
 * from the data itself:
 * - shop: 10 `GET /cart` Server spans a minute (600), durations 1..100 ms spread evenly, every 20th
 *   an error (30: 20 with a TimeoutError exception event, 10 with only the status message "bad
 *   gateway"); half of them call pay through a `call pay` Client span; the hour before, 5 a
 *   minute (300) without errors;
 * - pay: the 300 callees' `POST /charge` Server spans, 5..14 ms, every fifth an error, written in
 *   an insert of their own (parent and child arrive apart, as they do from two services);
 * - batch: only Internal spans (2 a minute, 1 a minute the hour before): no entry spans, so all
 *   of its spans count.
 */

const BASE = Date.UTC(2026, 10, 1, 10, 0, 0)
const HOUR = 3_600_000
const range = { from: BASE, to: BASE + HOUR }

const shop: SpanInput[] = []
const shopClients: SpanInput[] = []
const pay: SpanInput[] = []
const batch: SpanInput[] = []
for (let i = 0; i < 600; i++) {
  const minute = Math.floor(i / 10)
  const k = i % 10
  const time = BASE + minute * 60_000 + k * 5000 + 100
  const error = i % 20 === 0
  const timeout = error && (i / 20) % 3 !== 0
  const server: SpanInput = {
    time,
    traceId: hexId(i + 1, 16),
    spanId: hexId(1_000_000 + i, 8),
    service: 'shop',
    operation: 'GET /cart',
    kind: 'Server',
    durationMs: 1 + ((i * 37) % 100),
    status: error ? 'Error' : 'Ok',
    statusMessage: error ? (timeout ? 'TimeoutError: upstream timed out' : 'bad gateway') : '',
    events: timeout ? [{ time: time + 1, name: 'exception', attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out' } }] : [],
  }
  shop.push(server)
  if (k < 5) {
    const client: SpanInput = {
      time: time + 1,
      traceId: server.traceId,
      spanId: hexId(2_000_000 + i, 8),
      parentSpanId: server.spanId,
      service: 'shop',
      operation: 'call pay',
      kind: 'Client',
      durationMs: server.durationMs / 2,
    }
    shopClients.push(client)
    pay.push({
      time: time + 2,
      traceId: server.traceId,
      spanId: hexId(3_000_000 + i, 8),
      parentSpanId: client.spanId,
      service: 'pay',
      operation: 'POST /charge',
      kind: 'Server',
      durationMs: 5 + (i % 10),
      status: k === 0 ? 'Error' : 'Ok',
    })
  }
}
for (let i = 0; i < 120; i++) {
  batch.push({ time: BASE + i * 30_000, traceId: hexId(9_000_000 + i, 16), spanId: hexId(9_000_000 + i, 8), service: 'batch', operation: 'nightly job', kind: 'Internal', durationMs: 100 })
}
const before: SpanInput[] = []
for (let i = 0; i < 300; i++) {
  before.push({
    time: BASE - HOUR + Math.floor(i / 5) * 60_000 + (i % 5) * 7000,
    traceId: hexId(5_000_000 + i, 16),
    spanId: hexId(5_000_000 + i, 8),
    service: 'shop',
    operation: 'GET /cart',
    kind: 'Server',
    durationMs: 1 + ((i * 37) % 100),
    status: 'Ok',
  })
}
for (let i = 0; i < 60; i++) {
  before.push({ time: BASE - HOUR + i * 60_000, traceId: hexId(8_000_000 + i, 16), spanId: hexId(8_000_000 + i, 8), service: 'batch', operation: 'nightly job', kind: 'Internal', durationMs: 100 })
}

/** The q-quantile as the latency histogram defines it (the value at rank ceil(q·n)), exactly. */
function exactQuantile(durations: number[], q: number): number {
  const sorted = [...durations].sort((a, b) => a - b)
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]
}

/** Within the histogram's stated error (buckets 9 % wide: a percentile is within ~4.5 %). */
function expectNear(got: number | null, want: number): void {
  expect(got).not.toBeNull()
  expect(Math.abs(got! - want) / want).toBeLessThan(0.05)
}

describe('services, service page and service map (HTTP, real engine)', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi()
    await insertSpans(api.store, [...shop, ...shopClients, ...batch, ...before])
    await insertSpans(api.store, pay)
  })
  afterAll(() => api?.dispose())

  it('lists each service with its figures, the hour before and a series', async () => {
    const { status, body } = await api.get<ServicesResponse>('/api/v1/services', range)
    expect(status).toBe(200)
    expect(body.services.map((s) => s.service)).toEqual(['batch', 'pay', 'shop'])
    const [b, p, s] = body.services

    // shop: its 600 Server spans; the Client spans are not requests it serves
    expect(s.current).toMatchObject({ requests: 600, requestsPerSecond: 600 / 3600, errorRate: 30 / 600 })
    const durations = shop.map((x) => x.durationMs)
    expectNear(s.current.p50Ms, exactQuantile(durations, 0.5))
    expectNear(s.current.p95Ms, exactQuantile(durations, 0.95))
    expectNear(s.current.p99Ms, exactQuantile(durations, 0.99))
    expect(s.previous).toMatchObject({ requests: 300, requestsPerSecond: 300 / 3600, errorRate: 0 })
    expect(s.series.stepMs).toBe(60_000)
    expect(s.series.t).toHaveLength(60)
    expect(s.series.t[0]).toBe(BASE)
    expect(s.series.requestsPerSecond.every((r) => r === 10 / 60)).toBe(true)
    // errors on every 20th span: the first span of each even minute
    expect(s.series.errorRate.slice(0, 4)).toEqual([0.1, 0, 0.1, 0])
    expectNear(s.series.p95Ms[0], exactQuantile(durations.slice(0, 10), 0.95))

    expect(p.current).toMatchObject({ requests: 300, errorRate: 0.2 })
    expect(p.previous).toBeNull()
    // batch has no entry spans: all of its spans count
    expect(b.current).toMatchObject({ requests: 120, requestsPerSecond: 120 / 3600, errorRate: 0 })
    expect(b.previous).toMatchObject({ requests: 60 })
    expectNear(b.current.p95Ms, 100)
  })

  it('gives the same totals over a day read in 30-minute cells with ragged ends', async () => {
    // 12 h either side, 7 minutes off the 10- and 30-minute grid: minute cells, 10-minute cells and 30-minute cells together
    const day = { from: BASE - 12 * HOUR + 7 * 60_000, to: BASE + 12 * HOUR + 7 * 60_000 }
    const { body } = await api.get<ServicesResponse>('/api/v1/services', day)
    const s = body.services.find((x) => x.service === 'shop')!
    expect(s.current).toMatchObject({ requests: 900, errorRate: 30 / 900, requestsPerSecond: 900 / (24 * 3600) })
    expectNear(s.current.p95Ms, exactQuantile([...durations(shop), ...durations(before.filter((x) => x.service === 'shop'))], 0.95))
    expect(s.series.stepMs).toBe(30 * 60_000)
    // buckets lie on the epoch's 30-minute grid; the first one is cut to the range
    expect(s.series.t[0]).toBe(day.from)
    const at = (t: number) => s.series.requestsPerSecond[s.series.t.indexOf(t)]
    expect(at(BASE - HOUR)).toBe(150 / 1800)
    expect(at(BASE)).toBe(300 / 1800)
    expect(s.series.requestsPerSecond.reduce((sum, r, i) => sum + r * seconds(s.series, i, day), 0)).toBeCloseTo(900, 6)
  })

  it('shows a service page: operations, heatmap, top errors, callers and callees', async () => {
    const { status, body } = await api.get<ServiceResponse>('/api/v1/services/shop', range)
    expect(status).toBe(200)
    expect(body.current).toMatchObject({ requests: 600, errorRate: 0.05 })
    expect(body.previous).toMatchObject({ requests: 300 })
    expect(body.operations.map((o) => [o.operation, o.spanKind, o.current.requests, o.previous?.requests ?? null])).toEqual([
      ['GET /cart', 'Server', 600, 300],
      ['call pay', 'Client', 300, null],
    ])
    expectNear(body.operations[1].current.p50Ms, exactQuantile(durations(shopClients), 0.5))

    // the heatmap counts every entry span once, in its minute, in the doubling that holds its latency
    expect(body.latency.t).toHaveLength(60)
    expect(body.latency.cells.reduce((n, [, , count]) => n + count, 0)).toBe(600)
    for (const [x, y, count] of body.latency.cells) {
      const lower = y === 0 ? 0 : body.latency.bucketsMs[y - 1]
      const inCell = shop.filter((sp) => Math.floor((sp.time - BASE) / 60_000) === x && sp.durationMs > lower && sp.durationMs <= body.latency.bucketsMs[y])
      expect(inCell.length, `cell ${x},${y}`).toBe(count)
    }

    const timeouts = shop.filter((x) => x.events?.length)
    const gateway = shop.filter((x) => x.statusMessage === 'bad gateway')
    const last = (spans: SpanInput[]) => spans.reduce((a, b) => (b.time > a.time ? b : a))
    expect(body.topErrors).toEqual([
      { type: 'TimeoutError', message: 'upstream timed out', operation: 'GET /cart', count: 20, lastSeen: last(timeouts).time, sampleTraceId: last(timeouts).traceId },
      { type: 'bad gateway', message: 'bad gateway', operation: 'GET /cart', count: 10, lastSeen: last(gateway).time, sampleTraceId: last(gateway).traceId },
    ])

    expect(body.upstream).toEqual([])
    expect(body.downstream).toHaveLength(1)
    expect(body.downstream[0]).toMatchObject({ service: 'pay', callsPerSecond: 300 / 3600, errorRate: 0.2 })
    expectNear(body.downstream[0].p95Ms, exactQuantile(durations(pay), 0.95))

    const payPage = await api.get<ServiceResponse>('/api/v1/services/pay', range)
    expect(payPage.body.upstream.map((u) => [u.service, u.callsPerSecond, u.errorRate])).toEqual([['shop', 300 / 3600, 0.2]])
    expect(payPage.body.downstream).toEqual([])
  })

  it('measures a service that appears with only internal spans on all of them, whatever was seen before', async () => {
    const first = await api.get<ServicesResponse>('/api/v1/services', range) // remembers which services had no entry spans
    expect(first.body.services.map((s) => s.service)).not.toContain('cron')
    const cron: SpanInput[] = Array.from({ length: 30 }, (_, i) => ({
      time: BASE + i * 60_000 + 500,
      traceId: hexId(7_000_000 + i, 16),
      spanId: hexId(7_000_000 + i, 8),
      service: 'cron',
      operation: 'tick',
      kind: 'Internal',
      durationMs: 40,
      status: i % 10 === 0 ? 'Error' : 'Unset',
    }))
    await insertSpans(api.store, cron)
    const { body } = await api.get<ServicesResponse>('/api/v1/services', range)
    const c = body.services.find((s) => s.service === 'cron')!
    expect(c.current).toMatchObject({ requests: 30, errorRate: 0.1 })
    expectNear(c.current.p50Ms, 40)
    expect(c.series.p95Ms.filter((v) => v !== null)).toHaveLength(30)
    // and the others are as they were
    expect(body.services.find((s) => s.service === 'shop')!.current).toEqual(first.body.services.find((s) => s.service === 'shop')!.current)
    expect(body.services.find((s) => s.service === 'batch')!.current).toEqual(first.body.services.find((s) => s.service === 'batch')!.current)
  })

  it('answers a service without spans in the range with zeros, not an error', async () => {
    const { status, body } = await api.get<ServiceResponse>('/api/v1/services/nobody', range)
    expect(status).toBe(200)
    expect(body.current).toMatchObject({ requests: 0, requestsPerSecond: 0, p95Ms: null })
    expect(body.previous).toBeNull()
    expect(body.operations).toEqual([])
  })

  it('draws the service map, the same from raw spans and once the edges are rolled up', async () => {
    const live = await api.get<ServiceMapResponse>('/api/v1/service-map', range)
    expect(live.status).toBe(200)
    expect(live.body.nodes).toEqual([
      { service: 'batch', requestsPerSecond: 120 / 3600, errorRate: 0 },
      { service: 'cron', requestsPerSecond: 30 / 3600, errorRate: 0.1 },
      { service: 'pay', requestsPerSecond: 300 / 3600, errorRate: 0.2 },
      { service: 'shop', requestsPerSecond: 600 / 3600, errorRate: 0.05 },
    ])
    expect(live.body.edges).toHaveLength(1)
    expect(live.body.edges[0]).toMatchObject({ source: 'shop', target: 'pay', callsPerSecond: 300 / 3600, errorRate: 0.2 })
    expectNear(live.body.edges[0].p50Ms, exactQuantile(durations(pay), 0.5))
    expectNear(live.body.edges[0].p95Ms, exactQuantile(durations(pay), 0.95))

    // the rollup covers the first 40 minutes: those come from meridian_edges_1m, the rest live
    await rollupEdges(api.store, { from: BASE - HOUR, to: BASE + 40 * 60_000 })
    const mixed = await api.get<ServiceMapResponse>('/api/v1/service-map', range)
    expect(mixed.body).toEqual(live.body)
    await rollupEdges(api.store, { from: BASE + 40 * 60_000, to: BASE + 2 * HOUR })
    const rolled = await api.get<ServiceMapResponse>('/api/v1/service-map', range)
    expect(rolled.body).toEqual(live.body)
  })
})

const durations = (spans: SpanInput[]) => spans.map((s) => s.durationMs)

/** Seconds of series bucket i within the range (the first and last are cut). */
function seconds(series: { t: number[]; stepMs: number }, i: number, r: { from: number; to: number }): number {
  const start = series.t[i]
  const end = i + 1 < series.t.length ? series.t[i + 1] : r.to
  return (end - start) / 1000
}
