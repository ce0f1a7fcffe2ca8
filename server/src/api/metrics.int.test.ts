import type { MetricNamesResponse, MetricQueryResponse } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'
import { ns } from '../testing/telemetryRows.js'

const M = Date.UTC(2026, 9, 8, 0, 0, 0)
const range = { from: M, to: M + 10 * 60_000, stepMs: 60_000 }
const minutes = Array.from({ length: 10 }, (_, m) => m)

/** A data point row of any metric table; `fields` holds the type's own columns. */
function point(table: string, name: string, time: number, fields: Record<string, unknown>, opts: { host?: string; attributes?: Record<string, string>; unit?: string; service?: string } = {}) {
  const service = opts.service ?? 'app'
  return {
    table,
    row: {
      ResourceAttributes: { 'service.name': service, 'host.name': opts.host ?? 'a' },
      ServiceName: service,
      MetricName: name,
      MetricDescription: `${name} description`,
      MetricUnit: opts.unit ?? '1',
      Attributes: opts.attributes ?? {},
      StartTimeUnix: ns(M - 3_600_000),
      TimeUnix: ns(time),
      ...fields,
    },
  }
}

const points: ReturnType<typeof point>[] = []
for (let k = 0; k < 60; k++) {
  const t = M + k * 10_000 + 1
  const minute = Math.floor(k / 6)
  // gauge: heap on host a climbs by 1 a minute, heap on host b stays at 200, off-heap at 10
  if (k % 2 === 0) {
    points.push(point('otel_metrics_gauge', 'memory.used', t, { Value: 100 + minute }, { host: 'a', attributes: { pool: 'heap' }, unit: 'By' }))
    points.push(point('otel_metrics_gauge', 'memory.used', t, { Value: 200 }, { host: 'b', attributes: { pool: 'heap' }, unit: 'By' }))
    points.push(point('otel_metrics_gauge', 'memory.used', t, { Value: 10 }, { host: 'a', attributes: { pool: 'off' }, unit: 'By' }))
  }
  // cumulative counter: /a grows 10 a tick and is reset after 5 minutes, /b grows 20 a tick
  const cumulative = { AggregationTemporality: 2, IsMonotonic: true }
  points.push(point('otel_metrics_sum', 'requests', t, { ...cumulative, Value: k < 30 ? 10 * (k + 1) : 10 * (k - 29) }, { attributes: { route: '/a' } }))
  points.push(point('otel_metrics_sum', 'requests', t, { ...cumulative, Value: 20 * (k + 1) }, { attributes: { route: '/b' } }))
  // delta counter: 30 a tick
  points.push(point('otel_metrics_sum', 'bytes.sent', t, { AggregationTemporality: 1, IsMonotonic: true, Value: 30 }, { unit: 'By' }))
  if (k % 3 === 0) {
    // every 30 s: 10 observations in buckets (…10], (10…100], (100…1000], (1000…) as 5, 3, 2, 0
    const histogram = { ExplicitBounds: [10, 100, 1000], Min: 1, Max: 900 }
    points.push(point('otel_metrics_histogram', 'latency', t, { ...histogram, AggregationTemporality: 1, Count: 10, Sum: 500, BucketCounts: [5, 3, 2, 0] }, { unit: 'ms' }))
    const n = k / 3 + 1
    points.push(
      point('otel_metrics_histogram', 'latency.cumulative', t, { ...histogram, AggregationTemporality: 2, Count: 10 * n, Sum: 500 * n, BucketCounts: [5 * n, 3 * n, 2 * n, 0] }, { unit: 'ms' }),
    )
    // exponential, two series: scale 0 (buckets (8,16], (16,32]) and scale 1 (buckets (8,11.3], (11.3,16])
    const exponential = { AggregationTemporality: 1, Count: 10, Sum: 150, Min: 0, Max: 30, ZeroCount: 2, NegativeOffset: 0, NegativeBucketCounts: [] }
    points.push(point('otel_metrics_exponential_histogram', 'payload.size', t, { ...exponential, Scale: 0, PositiveOffset: 3, PositiveBucketCounts: [4, 4] }, { host: 'a', unit: 'By' }))
    points.push(point('otel_metrics_exponential_histogram', 'payload.size', t, { ...exponential, Scale: 1, PositiveOffset: 6, PositiveBucketCounts: [4, 4] }, { host: 'b', unit: 'By' }))
    // summary: 10 observations of 5 on average every 30 s, between 1 and 9
    points.push(
      point('otel_metrics_summary', 'gc.pause', t, { Count: 10 * n, Sum: 50 * n, 'ValueAtQuantiles.Quantile': [0, 0.5, 1], 'ValueAtQuantiles.Value': [1, 5, 9] }, { unit: 'ms' }),
    )
  }
}

describe('metrics (HTTP, real engine)', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi()
    const tables = new Map<string, Record<string, unknown>[]>()
    for (const p of points) tables.set(p.table, [...(tables.get(p.table) ?? []), p.row])
    for (const [table, values] of tables) await api.store.client.insert({ table: `${api.store.database}.${table}`, values, format: 'JSONEachRow' })
    await api.store.client.insert({
      table: `${api.store.database}.otel_metrics_gauge`,
      values: [point('otel_metrics_gauge', 'queue.depth', M, { Value: 3 }, { service: 'worker' }).row],
      format: 'JSONEachRow',
    })
  })
  afterAll(() => api?.dispose())

  const query = async (q: Record<string, string | number | string[]>) => {
    const { status, body } = await api.get<MetricQueryResponse>('/api/v1/metrics/query', { ...range, ...q })
    expect(status, JSON.stringify(body)).toBe(200)
    return body
  }
  const only = (r: MetricQueryResponse) => {
    expect(r.series).toHaveLength(1)
    return r.series[0].values
  }

  it('lists metric names with type, unit, description and services', async () => {
    const { status, body } = await api.get<MetricNamesResponse>('/api/v1/metrics')
    expect(status).toBe(200)
    expect(body.metrics.map((m) => [m.name, m.type])).toEqual([
      ['bytes.sent', 'sum'],
      ['gc.pause', 'summary'],
      ['latency', 'histogram'],
      ['latency.cumulative', 'histogram'],
      ['memory.used', 'gauge'],
      ['payload.size', 'exponential_histogram'],
      ['queue.depth', 'gauge'],
      ['requests', 'sum'],
    ])
    expect(body.metrics[4]).toEqual({ name: 'memory.used', type: 'gauge', unit: 'By', description: 'memory.used description', services: ['app'] })
    const worker = await api.get<MetricNamesResponse>('/api/v1/metrics', { service: 'worker' })
    expect(worker.body.metrics.map((m) => m.name)).toEqual(['queue.depth'])
  })

  it('aggregates a gauge: avg, sum, min, max, grouped and filtered', async () => {
    const avg = await query({ name: 'memory.used', groupBy: 'pool' })
    expect(avg).toMatchObject({ name: 'memory.used', type: 'gauge', unit: 'By', aggregation: 'avg', stepMs: 60_000 })
    expect(avg.t).toEqual(minutes.map((m) => M + m * 60_000))
    expect(avg.series).toEqual([
      { group: { pool: 'heap' }, values: minutes.map((m) => (100 + m + 200) / 2) },
      { group: { pool: 'off' }, values: minutes.map(() => 10) },
    ])
    expect(only(await query({ name: 'memory.used', aggregation: 'sum' }))).toEqual(minutes.map((m) => 100 + m + 200 + 10))
    expect(only(await query({ name: 'memory.used', aggregation: 'min' }))).toEqual(minutes.map(() => 10))
    expect(only(await query({ name: 'memory.used', aggregation: 'max' }))).toEqual(minutes.map(() => 200))
    // a resource attribute works as a group key too
    const byHost = await query({ name: 'memory.used', aggregation: 'sum', groupBy: 'host.name', filter: 'pool=heap' })
    expect(byHost.series).toEqual([
      { group: { 'host.name': 'a' }, values: minutes.map((m) => 100 + m) },
      { group: { 'host.name': 'b' }, values: minutes.map(() => 200) },
    ])
    expect(only(await query({ name: 'memory.used', aggregation: 'max', filter: 'pool!=heap' }))).toEqual(minutes.map(() => 10))
  })

  it('gives rates of cumulative counters through a reset, and of delta counters', async () => {
    const byRoute = await query({ name: 'requests', aggregation: 'rate', groupBy: 'route' })
    expect(byRoute.series).toEqual([
      { group: { route: '/a' }, values: minutes.map(() => 1) },
      { group: { route: '/b' }, values: minutes.map(() => 2) },
    ])
    expect(only(await query({ name: 'requests', aggregation: 'rate' }))).toEqual(minutes.map(() => 3))
    expect(only(await query({ name: 'bytes.sent', aggregation: 'rate' }))).toEqual(minutes.map(() => 3))
    // sum of a delta counter: the total of each minute; of a cumulative one: the last value
    expect(only(await query({ name: 'bytes.sent', aggregation: 'sum' }))).toEqual(minutes.map(() => 180))
    const last = await query({ name: 'requests', aggregation: 'max', filter: 'route=/a' })
    expect(only(last)).toEqual(minutes.map((m) => (m < 5 ? 60 * (m + 1) : 60 * (m - 4))))
  })

  it('reads percentiles, mean, sum and extremes of histograms, delta or cumulative', async () => {
    for (const name of ['latency', 'latency.cumulative']) {
      // per minute: 20 observations, 10 in (1…10], 6 in (10…100], 4 in (100…900]
      expect(only(await query({ name, aggregation: 'p50' })), name).toEqual(minutes.map(() => 10))
      expect(only(await query({ name, aggregation: 'p90' })), name).toEqual(minutes.map(() => 500))
      expect(only(await query({ name, aggregation: 'p99' }))[0], name).toBeCloseTo(860, 9)
      expect(only(await query({ name, aggregation: 'avg' })), name).toEqual(minutes.map(() => 50))
      expect(only(await query({ name, aggregation: 'sum' })), name).toEqual(minutes.map(() => 1000))
      expect(only(await query({ name, aggregation: 'min' })), name).toEqual(minutes.map(() => 1))
      expect(only(await query({ name, aggregation: 'max' })), name).toEqual(minutes.map(() => 900))
    }
  })

  it('merges exponential histograms of different scales', async () => {
    // per minute: zero 8, (8,16] 24 (scale 1 buckets merged into scale 0), (16,32] 8: the median is halfway into (8,16]
    expect(only(await query({ name: 'payload.size', aggregation: 'p50' }))).toEqual(minutes.map(() => 12))
    const byHost = await query({ name: 'payload.size', aggregation: 'p50', groupBy: 'host.name' })
    // host a alone: zero 4, (8,16] 8, (16,32] 8 → rank 10 lies 6/8 into (8,16]
    expect(byHost.series[0]).toEqual({ group: { 'host.name': 'a' }, values: minutes.map(() => 14) })
    expect(only(await query({ name: 'payload.size', aggregation: 'avg' }))).toEqual(minutes.map(() => 15))
  })

  it('reads a summary: mean and sum from count and sum, extremes from the 0 and 1 quantiles', async () => {
    expect(only(await query({ name: 'gc.pause', aggregation: 'avg' }))).toEqual(minutes.map(() => 5))
    expect(only(await query({ name: 'gc.pause', aggregation: 'sum' }))).toEqual(minutes.map(() => 100))
    expect(only(await query({ name: 'gc.pause', aggregation: 'min' }))).toEqual(minutes.map(() => 1))
    expect(only(await query({ name: 'gc.pause', aggregation: 'max' }))).toEqual(minutes.map(() => 9))
  })

  it('chooses a step from the range when none is given, and leaves buckets without points empty', async () => {
    const wide = await api.get<MetricQueryResponse>('/api/v1/metrics/query', { from: M - 50 * 60_000, to: M + 10 * 60_000, name: 'queue.depth' })
    expect(wide.body.stepMs).toBe(60_000)
    expect(wide.body.series[0].values.filter((v) => v !== null)).toEqual([3])
    expect(wide.body.series[0].values[50]).toBe(3)
  })

  it('refuses aggregations that do not fit the metric, naming aggregation; 404 for an unknown metric', async () => {
    const rate = await api.get<{ error: { code: string; message: string } }>('/api/v1/metrics/query', { ...range, name: 'memory.used', aggregation: 'rate' })
    expect(rate.status).toBe(400)
    expect(rate.body.error).toEqual({ code: 'bad_request', message: 'aggregation: rate applies to sum metrics; "memory.used" is a gauge' })
    const p95 = await api.get<{ error: { message: string } }>('/api/v1/metrics/query', { ...range, name: 'requests', aggregation: 'p95' })
    expect(p95.status).toBe(400)
    expect(p95.body.error.message).toMatch(/^aggregation: p95 applies to histograms/)
    const unknown = await api.get<{ error: { code: string; message: string } }>('/api/v1/metrics/query', { ...range, name: 'nope' })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.message).toContain('name')
    const tooFine = await api.get<{ error: { message: string } }>('/api/v1/metrics/query', { from: M - 7 * 86_400_000, to: M, stepMs: 1000, name: 'requests' })
    expect(tooFine.status).toBe(400)
    expect(tooFine.body.error.message).toMatch(/^stepMs: /)
  })
})
