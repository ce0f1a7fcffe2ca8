import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BURN_RATE_WINDOWS, type SloDocument, sloDocument } from '../api/slo.js'
import { openTestStore, queryRows, type TestStore } from '../testing/testStore.js'
import { BURN_WINDOW_MS, burnRateAlerts } from './burnRateAlerts.js'
import { compileSlo } from './compileSlo.js'
import { evaluateBurnRate, evaluateBurnRates, evaluateSlosBurnRates } from './evaluateBurnRate.js'
import type { DefinedSlo } from './slo.js'
import { sloStatuses } from './sloStatuses.js'
import { THRESHOLD_ROUNDING } from './thresholdBucket.js'

/*
 * Nine days of spans (27 May to 5 June 2024) with a known error pattern, written to otel_traces
 * (the RED aggregates fill from it by their views). Every minute m (from START): 12 `GET /items`
 * and 6 `POST /checkout` Server spans and 6 `db query` Client spans; GET fails 4 times when
 * m % 97 = 0, else once when m % 13 = 0, and 6 times a minute during the spike (4 June 09:00 to
 * 10:00); POST fails twice when m % 29 = 0; half the Client spans fail (they are not entry spans,
 * so the SLOs below do not count them). Durations 1..400 ms, spread by i and m. Every figure the
 * tests expect is computed here from the raw spans, with plain SQL over otel_traces.
 */
const MINUTE = 60_000
const START = Date.UTC(2024, 4, 27)
const MINUTES = 9 * 1440
const SPIKE = Date.UTC(2024, 5, 4, 9)
const SPIKE_MINUTES = 60
const AT = Date.UTC(2024, 5, 4, 10, 17, 25) // windows end at 10:17
const END = Date.UTC(2024, 5, 4, 10, 17)

const FILL = `INSERT INTO {db:Identifier}.otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, SpanKind, Duration, StatusCode, SpanAttributes)
SELECT fromUnixTimestamp64Milli(toInt64({start:Int64} + m * 60000 + i * 2500)), lower(hex(number)), lower(hex(number)), 'shop',
  multiIf(i < 12, 'GET /items', i < 18, 'POST /checkout', 'db query'), if(i < 18, 'Server', 'Client'),
  toUInt64((1 + (i * 37 + m * 11) % 400) * 1000000),
  if(multiIf(i < 12, i < multiIf(m >= {spike:UInt32} AND m < {spike:UInt32} + ${SPIKE_MINUTES}, 6, m % 97 = 0, 4, m % 13 = 0, 1, 0),
             i < 18, i - 12 < if(m % 29 = 0, 2, 0),
             i % 2 = 0), 'Error', 'Ok'),
  map('tier', if(i % 3 = 0, 'pro', 'free'))
FROM (SELECT number, intDiv(number, 24) AS m, number % 24 AS i FROM numbers({count:UInt64}))`

const spans = (spec: object = {}) => ({ metricSource: { type: 'meridian.spans', spec } })
function doc(name: string, spec: Record<string, unknown>): SloDocument {
  return sloDocument.parse({
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name },
    spec: {
      service: 'shop',
      indicator: { spec: { ratioMetric: { good: spans(), total: spans() } } },
      timeWindow: [{ duration: '7d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.99 }],
      ...spec,
    },
  })
}
const defined = (document: SloDocument): DefinedSlo => ({ slo: compileSlo(document), document, origin: 'api', file: null })

describe('SLO status on spans with a known error pattern (embedded engine)', () => {
  let store: TestStore
  /** Bad and total entry spans of `shop` in [from, to), from raw spans; `where` narrows them. */
  const raw = async (from: number, to: number, where = '1', good = "StatusCode != 'Error'") => {
    const [row] = await queryRows<{ bad: string; total: string }>(
      store,
      `SELECT countIf(NOT (${good})) AS bad, count() AS total FROM ${store.database}.otel_traces
        WHERE ServiceName = 'shop' AND SpanKind IN ('Server', 'Consumer') AND (${where})
          AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})`,
      { from, to },
    )
    return { bad: Number(row.bad), total: Number(row.total) }
  }
  const remainingPercent = ({ bad, total }: { bad: number; total: number }, target: number) => (1 - bad / ((1 - target) * total)) * 100

  beforeAll(async () => {
    store = await openTestStore()
    await store.client.command({
      query: FILL,
      query_params: { db: store.database, start: START, spike: (SPIKE - START) / MINUTE, count: MINUTES * 24 },
    })
  }, 120_000)
  afterAll(() => store?.dispose())

  it('computes the budget left within 0.1 percentage point of the raw spans, for rolling and calendar windows', async () => {
    const slos = [
      doc('week', {}),
      doc('four-weeks', { timeWindow: [{ duration: '28d', isRolling: true }], objectives: [{ targetPercent: 98 }] }),
      doc('month', { timeWindow: [{ duration: '30d', isRolling: true }] }),
      doc('june', { timeWindow: [{ duration: '1M', calendar: { startTime: '2024-06-01 00:00:00', timeZone: 'UTC' } }] }),
      doc('june-new-york', { timeWindow: [{ duration: '1M', isRolling: false, calendar: { startTime: '2024-06-01 00:00:00', timeZone: 'America/New_York' } }] }),
      doc('items', { indicator: { spec: { ratioMetric: { bad: spans(), total: spans({ operations: ['GET /items'] }) } } } }),
    ].map(defined)
    const statuses = await sloStatuses(store, slos, AT)
    const expectations: [string, number, number, string][] = [
      ['week', END - 7 * 1440 * MINUTE, 0.99, '1'],
      ['four-weeks', END - 28 * 1440 * MINUTE, 0.98, '1'], // the window reaches back before the data
      ['month', END - 30 * 1440 * MINUTE, 0.99, '1'],
      ['june', Date.UTC(2024, 5, 1), 0.99, '1'],
      ['june-new-york', Date.UTC(2024, 5, 1, 4), 0.99, '1'], // midnight in New York (EDT)
      ['items', END - 7 * 1440 * MINUTE, 0.99, "SpanName = 'GET /items'"],
    ]
    for (const [name, from, target, where] of expectations) {
      const status = statuses.find((s) => s.name === name)!
      const counts = await raw(from, END, where)
      expect(counts.total, name).toBeGreaterThan(10_000)
      expect(status.window.from, name).toBe(from)
      expect(status.events, name).toEqual({ good: counts.total - counts.bad, bad: counts.bad, total: counts.total })
      expect(Math.abs(status.budget.remainingPercent - remainingPercent(counts, target)), name).toBeLessThan(0.1)
      expect(status.sli, name).toBeCloseTo(1 - counts.bad / counts.total, 12)
    }
  })

  it('computes every burn rate as the raw spans give it', async () => {
    const [status] = await sloStatuses(store, [defined(doc('week', {}))], AT)
    expect(status.burnRates.map((b) => b.window)).toEqual([...BURN_RATE_WINDOWS])
    for (const { window, burnRate } of status.burnRates) {
      const counts = await raw(END - BURN_WINDOW_MS[window], END)
      expect(burnRate, window).toBeCloseTo(counts.bad / counts.total / 0.01, 9)
    }
    // the spike (09:00-10:00) makes the 1h rate high and the last 5 minutes' low
    expect(status.burnRates.find((b) => b.window === '1h')!.burnRate).toBeGreaterThan(10)
  })

  it('starts firing the 14.4× page condition (1h and 5m) in the minute the raw spans say, not before', async () => {
    const slo = compileSlo(doc('items-30d', { timeWindow: [{ duration: '30d', isRolling: true }], indicator: { spec: { ratioMetric: { good: spans(), total: spans({ operations: ['GET /items'] }) } } } }))
    const page = burnRateAlerts(slo)[0]
    expect([page.long, page.short, page.factor]).toEqual(['1h', '5m', 14.4])
    // per minute, from the raw spans: the first minute end at which both windows burn above 14.4
    const minutes = await queryRows<{ m: string; bad: string; total: string }>(
      store,
      `SELECT toUnixTimestamp(toStartOfMinute(Timestamp)) * 1000 AS m, countIf(StatusCode = 'Error') AS bad, count() AS total
         FROM ${store.database}.otel_traces WHERE ServiceName = 'shop' AND SpanName = 'GET /items' AND SpanKind = 'Server'
          AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})
        GROUP BY m`,
      { from: SPIKE - 2 * 3_600_000, to: SPIKE + 3_600_000 },
    )
    const perMinute = new Map(minutes.map((r) => [Number(r.m), { bad: Number(r.bad), total: Number(r.total) }]))
    const burn = (end: number, ms: number) => {
      let bad = 0
      let total = 0
      for (let t = end - ms; t < end; t += MINUTE) {
        bad += perMinute.get(t)?.bad ?? 0
        total += perMinute.get(t)?.total ?? 0
      }
      return bad / total / 0.01
    }
    let expected = SPIKE
    while (!(burn(expected, 3_600_000) > 14.4 && burn(expected, 5 * MINUTE) > 14.4)) expected += MINUTE
    // the spike needs a while to lift the hour above 14.4, while 5 minutes already are
    expect((expected - SPIKE) / MINUTE).toBeGreaterThan(10)
    expect((expected - SPIKE) / MINUTE).toBeLessThan(30)

    for (let end = SPIKE - 3 * MINUTE; end <= expected + 3 * MINUTE; end += MINUTE) {
      // evaluated 20 s into the next minute: the windows end at `end`
      const result = await evaluateBurnRate(store, slo, page, end + 20_000)
      expect(result.long).toMatchObject({ window: '1h', from: end - 3_600_000, to: end })
      expect(result.long.burnRate, new Date(end).toISOString()).toBeCloseTo(burn(end, 3_600_000), 9)
      expect(result.short.burnRate, new Date(end).toISOString()).toBeCloseTo(burn(end, 5 * MINUTE), 9)
      expect(result.firing, new Date(end).toISOString()).toBe(end >= expected)
    }
    // all four pairs in one go, and many SLOs at once, agree with one pair at a time
    const all = await evaluateBurnRates(store, slo, expected + 20_000)
    expect(all.map((e) => [e.pair.severity, e.pair.long, e.firing])).toEqual([
      ['page', '1h', true],
      ['page', '6h', expect.any(Boolean)],
      ['ticket', '1d', expect.any(Boolean)],
      ['ticket', '3d', expect.any(Boolean)],
    ])
    const others = [doc('week', {}), doc('pro', { indicator: { spec: { ratioMetric: { good: spans(), total: spans({ attributes: { tier: 'pro' } }) } } } })].map(compileSlo)
    const many = await evaluateSlosBurnRates(store, [slo, ...others], expected + 20_000)
    expect(many[0]).toEqual(all)
    for (const [i, other] of others.entries()) expect(many[i + 1]).toEqual(await evaluateBurnRates(store, other, expected + 20_000))
  })

  it('counts a latency threshold within the histogram’s stated error of the exact count', async () => {
    const latency = doc('fast', {
      indicator: { spec: { thresholdMetric: spans() } },
      objectives: [{ op: 'lte', value: 200, target: 0.9 }],
    })
    const [status] = await sloStatuses(store, [defined(latency)], AT)
    const from = END - 7 * 1440 * MINUTE
    const within = (ms: number) => raw(from, END, '1', `Duration <= ${Math.floor(ms * 1e6)}`)
    const exact = await within(200)
    const low = await within(200 * (1 - THRESHOLD_ROUNDING))
    const high = await within(200 * (1 + THRESHOLD_ROUNDING))
    const good = status.events.good
    expect(status.events.total).toBe(exact.total)
    expect(good).toBeGreaterThanOrEqual(low.total - low.bad)
    expect(good).toBeLessThanOrEqual(high.total - high.bad)
    // it is the exact count at the bound the threshold was rounded to, which the status tells
    expect(Math.abs(status.indicator.effectiveThresholdMs! / 200 - 1)).toBeLessThanOrEqual(THRESHOLD_ROUNDING)
    const atBound = await within(status.indicator.effectiveThresholdMs!)
    expect(good).toBe(atBound.total - atBound.bad)
    expect(Math.abs(good - (exact.total - exact.bad)) / exact.total).toBeLessThan(0.05)
  })

  it('reads raw spans for attribute filters: exact counts, exact thresholds', async () => {
    const pro = doc('pro', { indicator: { spec: { ratioMetric: { good: spans(), total: spans({ attributes: { tier: 'pro' } }) } } } })
    const proFast = doc('pro-fast', {
      indicator: { spec: { thresholdMetric: spans({ attributes: { tier: 'pro' }, operations: ['GET /items'] }) } },
      objectives: [{ op: 'lt', value: 200, target: 0.5 }],
    })
    const [ratio, threshold] = await sloStatuses(store, [defined(pro), defined(proFast)], AT)
    const from = END - 7 * 1440 * MINUTE
    const counts = await raw(from, END, "SpanAttributes['tier'] = 'pro'")
    expect(ratio.indicator.source).toBe('spans')
    expect(ratio.events).toEqual({ good: counts.total - counts.bad, bad: counts.bad, total: counts.total })
    const fast = await raw(from, END, "SpanAttributes['tier'] = 'pro' AND SpanName = 'GET /items'", 'Duration < 200000000')
    expect(threshold.events).toEqual({ good: fast.total - fast.bad, bad: fast.bad, total: fast.total })
    expect(threshold.indicator.effectiveThresholdMs).toBe(200)
    for (const { window, burnRate } of ratio.burnRates) {
      const w = await raw(END - BURN_WINDOW_MS[window], END, "SpanAttributes['tier'] = 'pro'")
      expect(burnRate, window).toBeCloseTo(w.bad / w.total / 0.01, 9)
    }
  })

  it('counts bad time slices: a minute is bad when its SLI is below the slice target', async () => {
    const slices = doc('minutes', {
      indicator: { spec: { ratioMetric: { good: spans(), total: spans({ operations: ['GET /items'] }) } } },
      budgetingMethod: 'Timeslices',
      objectives: [{ target: 0.95, timeSliceTarget: 0.95, timeSliceWindow: '1m' }],
    })
    const fiveMinutes = doc('five-minutes', {
      indicator: { spec: { ratioMetric: { good: spans(), total: spans({ operations: ['GET /items'] }) } } },
      budgetingMethod: 'Timeslices',
      objectives: [{ target: 0.95, timeSliceTarget: 0.95, timeSliceWindow: 5 }],
    })
    const [one, five] = await sloStatuses(store, [defined(slices), defined(fiveMinutes)], AT, { history: true })
    const badSlices = async (minutes: number, from: number, to: number) => {
      const [row] = await queryRows<{ bad: string; withEvents: string }>(
        store,
        `SELECT countIf(errors / total > 0.05) AS bad, count() AS withEvents FROM (
           SELECT toStartOfInterval(Timestamp, INTERVAL ${minutes} MINUTE) AS s, countIf(StatusCode = 'Error') AS errors, count() AS total
             FROM ${store.database}.otel_traces WHERE ServiceName = 'shop' AND SpanName = 'GET /items'
              AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64}) GROUP BY s)`,
        { from, to },
      )
      return { bad: Number(row.bad), withEvents: Number(row.withEvents) }
    }
    const week = END - 7 * 1440 * MINUTE
    const expectedOne = await badSlices(1, week, END)
    expect(expectedOne.bad).toBeGreaterThan(100)
    expect(one.slices).toEqual({ total: 7 * 1440, ...expectedOne })
    expect(one.sli).toBeCloseTo(1 - expectedOne.bad / (7 * 1440), 12)
    // budget: 5 % of 7 days of minutes; each bad slice spends one
    expect(one.budget.allowedMinutes).toBeCloseTo(0.05 * 7 * 1440, 9)
    expect(one.budget.remainingMinutes).toBeCloseTo(0.05 * 7 * 1440 - expectedOne.bad, 9)
    // 5-minute slices end at 10:15, the last whole slice
    expect(five.window.to).toBe(Date.UTC(2024, 5, 4, 10, 15))
    const expectedFive = await badSlices(5, five.window.from, five.window.to)
    expect(five.slices).toEqual({ total: (7 * 1440) / 5, ...expectedFive })
    const lastHour = await badSlices(1, END - 3_600_000, END)
    expect(one.burnRates.find((b) => b.window === '1h')!.burnRate).toBeCloseTo(lastHour.bad / 60 / 0.05, 9)
    // the burn-down ends where the budget is
    expect(one.history.at(-1)!.budgetRemainingPercent).toBeCloseTo(one.budget.remainingPercent, 9)
    expect(one.history.reduce((n, p) => n + (p.badSlices ?? 0), 0)).toBe(expectedOne.bad)
  })
})

describe('SLO status on counter metrics (embedded engine)', () => {
  let store: TestStore
  // a cumulative request counter per status class, a point a minute over the 2 days and 30 minutes before END:
  // 2xx grows by 100 a minute (and restarts at RESTART: a new start time, counting from 100 again), 5xx by 1
  const FROM = END - (2 * 1440 + 30) * MINUTE
  const RESTART = END - 10 * 60 * MINUTE

  beforeAll(async () => {
    store = await openTestStore()
    const rows = []
    for (let t = FROM; t < END + 5 * MINUTE; t += MINUTE) {
      const restarted = t >= RESTART
      const ok = restarted ? ((t - RESTART) / MINUTE + 1) * 100 : ((t - FROM) / MINUTE + 1) * 100
      const point = (cls: string, value: number, start: number) => ({
        ServiceName: 'payment',
        MetricName: 'http.server.request.count',
        Attributes: { 'http.response.status_class': cls },
        ResourceAttributes: { 'service.name': 'payment' },
        StartTimeUnix: `${BigInt(start) * 1_000_000n}`,
        TimeUnix: `${BigInt(t) * 1_000_000n}`,
        Value: value,
        AggregationTemporality: 2,
        IsMonotonic: true,
      })
      rows.push(point('2xx', ok, restarted ? RESTART - MINUTE : FROM - MINUTE), point('5xx', (t - FROM) / MINUTE + 1, FROM - MINUTE))
    }
    await store.client.insert({ table: `${store.database}.otel_metrics_sum`, values: rows, format: 'JSONEachRow' })
  })
  afterAll(() => store?.dispose())

  it('counts the increase of cumulative counters, across a restart', async () => {
    const metric = (attributes?: Record<string, string>) => ({ metricSource: { type: 'meridian.metrics', spec: { metric: 'http.server.request.count', attributes } } })
    const ratio = doc('payments', { service: 'payment', indicator: { spec: { ratioMetric: { counter: true, good: metric({ 'http.response.status_class': '2xx' }), total: metric() } } } })
    const [status] = await sloStatuses(store, [defined(ratio)], AT)
    // every point adds 100 good and 1 bad (a series' first point counts whole: it starts in range)
    const points = (END - FROM) / MINUTE
    expect(status.indicator.source).toBe('metrics')
    expect(status.events).toEqual({ good: 100 * points, bad: points, total: 101 * points })
    for (const { window, burnRate } of status.burnRates) {
      const n = BURN_WINDOW_MS[window] / MINUTE
      expect(burnRate, window).toBeCloseTo(Math.min(n, points) / (101 * Math.min(n, points)) / 0.01, 9)
    }
  })
})
