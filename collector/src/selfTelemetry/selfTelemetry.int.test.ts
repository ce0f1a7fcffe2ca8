import { createLogger, type Logger, migrate } from '@meridian/core'
import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { metrics as otelMetrics } from '@opentelemetry/api'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type SelfTelemetry, startSelfTelemetry } from './selfTelemetry.js'

interface MetricRow {
  ResourceAttributes: Record<string, string>
  Attributes: Record<string, string>
  MetricUnit: string
  StartTimeUnix: string
  TimeUnix: string
  Value?: number
  AggregationTemporality?: number
  IsMonotonic?: boolean
  Count?: string
  Sum?: number
}

describe('self-telemetry', () => {
  let store: TestStore | undefined
  const started: SelfTelemetry[] = []

  afterEach(async () => {
    await Promise.all(started.splice(0).map((t) => t.stop()))
    await store?.dispose()
    store = undefined
  })

  function start(s: TestStore, options: { exportIntervalMs?: number; serviceInstanceId?: string; logger?: Logger } = {}): SelfTelemetry {
    const telemetry = startSelfTelemetry(s, { exportIntervalMs: 60_000, ...options })
    started.push(telemetry)
    return telemetry
  }

  /** A real pino logger that prints nothing, its error/warn calls recorded. */
  function quietLogger() {
    const logger = createLogger('self-telemetry-test', 'silent')
    return { logger, error: vi.spyOn(logger, 'error'), warn: vi.spyOn(logger, 'warn') }
  }

  /** Every row of one of the collector's metrics, oldest first. */
  function rows(s: TestStore, table: string, metric: string): Promise<MetricRow[]> {
    return queryRows<MetricRow>(
      s,
      `SELECT * FROM ${s.database}.${table}
       WHERE ServiceName = 'meridian-collector' AND MetricName = {metric:String}
       ORDER BY TimeUnix`,
      { metric },
    )
  }

  /** The newest row of each series (attribute set) of a metric, by its attributes as `k=v,k=v`. */
  async function latest(s: TestStore, table: string, metric: string, instance?: string): Promise<Map<string, MetricRow>> {
    const out = new Map<string, MetricRow>()
    for (const row of await rows(s, table, metric)) {
      if (instance !== undefined && row.ResourceAttributes['service.instance.id'] !== instance) continue
      out.set(seriesKey(row.Attributes), row)
    }
    return out
  }

  const seriesKey = (attributes: Record<string, string>) =>
    Object.entries(attributes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(',')

  const values = (series: Map<string, MetricRow>) => Object.fromEntries([...series].map(([key, row]) => [key, row.Value]))

  it('stores the counters, with signal and reason, under the collector service, cumulatively', async () => {
    store = await openTestStore()
    const telemetry = start(store, { exportIntervalMs: 200, serviceInstanceId: 'collector-1' })
    const m = telemetry.metrics
    m.received('traces', 1000)
    m.received('logs', 20)
    m.accepted('traces', 990)
    m.refused('traces', 7, 'invalid')
    m.refused('traces', 3, 'retention')
    m.refused('metrics', 50, 'backpressure')
    m.spooled('logs', 4)
    m.replayed('logs', 2)
    await telemetry.flush()

    const received = await latest(store, 'otel_metrics_sum', 'meridian.collector.received')
    expect(values(received)).toEqual({ 'signal=traces': 1000, 'signal=logs': 20 })
    const row = received.get('signal=traces')!
    expect(row.ResourceAttributes).toMatchObject({ 'service.name': 'meridian-collector', 'service.instance.id': 'collector-1' })
    expect(row.MetricUnit).toBe('{item}')
    expect(row.AggregationTemporality).toBe(2)
    expect(row.IsMonotonic).toBe(true)

    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.accepted'))).toEqual({ 'signal=traces': 990 })
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.refused'))).toEqual({
      'reason=invalid,signal=traces': 7,
      'reason=retention,signal=traces': 3,
      'reason=backpressure,signal=metrics': 50,
    })
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.spooled'))).toEqual({ 'signal=logs': 4 })
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.replayed'))).toEqual({ 'signal=logs': 2 })

    // A later export carries the running totals, from the same start.
    m.received('traces', 500)
    m.refused('traces', 1, 'invalid')
    await telemetry.flush()
    const history = (await rows(store, 'otel_metrics_sum', 'meridian.collector.received')).filter((r) => r.Attributes.signal === 'traces')
    expect(history.length).toBeGreaterThanOrEqual(2)
    expect(history.map((r) => r.Value)).toContain(1000)
    expect(history.at(-1)!.Value).toBe(1500)
    expect(history.map((r) => r.Value)).toEqual([...history.map((r) => r.Value!)].sort((a, b) => a - b))
    expect(new Set(history.map((r) => r.StartTimeUnix)).size).toBe(1)
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.refused'))).toMatchObject({ 'reason=invalid,signal=traces': 8 })
  })

  it('stores insert durations (seconds) and rows by table and outcome, and the byte gauges', async () => {
    store = await openTestStore()
    const { logger, warn } = quietLogger()
    const telemetry = start(store, { serviceInstanceId: 'collector-2', logger })
    const m = telemetry.metrics
    m.insert('otel_traces', 500, 0.02, false)
    m.insert('otel_traces', 300, 0.03, false)
    m.insert('otel_traces', 10, 2, true)
    m.insert('otel_logs', 40, 0.004, false)
    m.observeQueueBytes(() => 1000)
    m.observeQueueBytes(() => 234) // a second queue: the gauge is the sum
    m.observeSpoolBytes(() => 5678)
    m.observeSpoolBytes(() => {
      throw new Error('spool directory gone')
    })
    await telemetry.flush()

    const durations = await latest(store, 'otel_metrics_histogram', 'meridian.collector.insert.duration')
    expect([...durations.keys()].sort()).toEqual(['outcome=error,table=otel_traces', 'outcome=ok,table=otel_logs', 'outcome=ok,table=otel_traces'])
    const ok = durations.get('outcome=ok,table=otel_traces')!
    expect(ok.MetricUnit).toBe('s')
    expect(ok.AggregationTemporality).toBe(2)
    expect(ok.Count).toBe('2')
    expect(ok.Sum).toBeCloseTo(0.05, 10)
    expect(durations.get('outcome=error,table=otel_traces')).toMatchObject({ Count: '1', Sum: 2 })
    expect(durations.get('outcome=ok,table=otel_logs')).toMatchObject({ Count: '1', Sum: 0.004 })

    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.insert.rows'))).toEqual({
      'outcome=ok,table=otel_traces': 800,
      'outcome=error,table=otel_traces': 10,
      'outcome=ok,table=otel_logs': 40,
    })

    const queue = await latest(store, 'otel_metrics_gauge', 'meridian.collector.queue.size')
    expect(values(queue)).toEqual({ '': 1234 })
    expect(queue.get('')!.MetricUnit).toBe('By')
    // The reader that threw is logged and left out; the other one still counts.
    expect(values(await latest(store, 'otel_metrics_gauge', 'meridian.collector.spool.size'))).toEqual({ '': 5678 })
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ gauge: 'spool.size' }), expect.any(String))
  })

  it('exports on its interval without being flushed', async () => {
    store = await openTestStore()
    const telemetry = start(store, { exportIntervalMs: 100 })
    telemetry.metrics.accepted('metrics', 42)
    await vi.waitFor(
      async () => {
        expect(values(await latest(store!, 'otel_metrics_sum', 'meridian.collector.accepted'))).toEqual({ 'signal=metrics': 42 })
      },
      { timeout: 20_000, interval: 100 },
    )
  })

  it('runs several instances in one process apart, registers no global provider, and stops each cleanly', async () => {
    store = await openTestStore()
    const globalBefore = otelMetrics.getMeterProvider()
    const a = start(store, { exportIntervalMs: 150, serviceInstanceId: 'a' })
    const b = start(store, { exportIntervalMs: 150, serviceInstanceId: 'b' })
    expect(otelMetrics.getMeterProvider()).toBe(globalBefore)
    a.metrics.received('traces', 1)
    b.metrics.received('traces', 2)
    await Promise.all([a.flush(), b.flush()])
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.received', 'a'))).toEqual({ 'signal=traces': 1 })
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.received', 'b'))).toEqual({ 'signal=traces': 2 })

    // stop() makes a final export.
    a.metrics.received('traces', 10)
    await a.stop()
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.received', 'a'))).toEqual({ 'signal=traces': 11 })
    // Stopped: nothing more is written for it, and flushing or stopping again is harmless.
    const rowsOfA = (await rows(store, 'otel_metrics_sum', 'meridian.collector.received')).filter((r) => r.ResourceAttributes['service.instance.id'] === 'a').length
    a.metrics.received('traces', 100)
    await a.flush()
    await a.stop()

    // The other one goes on, and a third one starts after the first stopped.
    b.metrics.received('traces', 3)
    const c = start(store, { exportIntervalMs: 150, serviceInstanceId: 'c' })
    c.metrics.received('logs', 7)
    await Promise.all([b.flush(), c.flush()])
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.received', 'b'))).toEqual({ 'signal=traces': 5 })
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.received', 'c'))).toEqual({ 'signal=logs': 7 })
    await Promise.all([b.stop(), c.stop()])
    await new Promise((resolve) => setTimeout(resolve, 400)) // past two intervals: no timer is left
    const after = (await rows(store, 'otel_metrics_sum', 'meridian.collector.received')).filter((r) => r.ResourceAttributes['service.instance.id'] === 'a')
    expect(after.length).toBe(rowsOfA)
    expect(otelMetrics.getMeterProvider()).toBe(globalBefore)
  })

  it('logs an export to a failing store without throwing, and the next export carries the totals', async () => {
    store = await openTestStore()
    const { logger, error } = quietLogger()
    const telemetry = start(store, { logger, serviceInstanceId: 'failing' })
    telemetry.metrics.received('logs', 5)
    await store.client.command({ query: `DROP DATABASE ${store.database}` })

    await expect(telemetry.flush()).resolves.toBeUndefined()
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ table: 'otel_metrics_sum', err: expect.any(Error) }), 'self-telemetry insert failed')

    // The store is back: the counts of the lost export are in the next one.
    await migrate(store, { retention: store.config.retention })
    telemetry.metrics.received('logs', 1)
    await telemetry.flush()
    expect(values(await latest(store, 'otel_metrics_sum', 'meridian.collector.received'))).toEqual({ 'signal=logs': 6 })

    // A final export that fails does not make stop() throw either.
    error.mockClear()
    telemetry.metrics.received('logs', 1)
    await store.client.command({ query: `DROP DATABASE ${store.database}` })
    await expect(telemetry.stop()).resolves.toBeUndefined()
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ table: 'otel_metrics_sum' }), 'self-telemetry insert failed')
  })

  it('refuses an export interval that is not a positive number', async () => {
    store = await openTestStore({}, { migrate: false })
    expect(() => startSelfTelemetry(store!, { exportIntervalMs: 0 })).toThrow(/interval/)
    expect(() => startSelfTelemetry(store!, { exportIntervalMs: Number.NaN })).toThrow(/interval/)
  })
})
