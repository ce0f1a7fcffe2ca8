import { afterEach, describe, expect, it } from 'vitest'
import { openTestStore, queryRows, type TestStore } from '../testing/testStore.js'
import { bucketOf, bucketUpperBoundNs, latencyBucketSql } from './latencyBuckets.js'
import { redSummary } from './redSummary.js'

describe('RED per minute, filled by its materialized view', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  it('counts requests and errors and gives percentiles within 5 % of the exact ones', async () => {
    store = await openTestStore()
    // 20,000 spans of "checkout" over 10 minutes with log-uniform latencies 1 ms..2 s, every 25th an error
    await store.client.command({
      query: `INSERT INTO ${store.database}.otel_traces (Timestamp, TraceId, SpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode)
SELECT toDateTime64('2026-11-01 10:00:00', 9, 'UTC') + toIntervalMillisecond(number * 30),
  lower(hex(randomString(16))), lower(hex(randomString(8))), 'POST /checkout', 'Server', 'checkout',
  toUInt64(1e6 * pow(2000, (number * 7919 % 20000) / 20000)), if(number % 25 = 0, 'Error', 'Ok')
FROM numbers(20000)`,
    })
    // a second service in the same minutes must not leak into the first one's figures
    await store.client.command({
      query: `INSERT INTO ${store.database}.otel_traces (Timestamp, TraceId, SpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode)
SELECT toDateTime64('2026-11-01 10:00:00', 9, 'UTC') + toIntervalSecond(number), 'aa', 'bb', 'GET /', 'Server', 'frontend', 5000, 'Unset'
FROM numbers(100)`,
    })
    const [exact] = await queryRows<{ p50: number; p95: number; p99: number }>(
      store,
      `SELECT quantileExact(0.5)(Duration) AS p50, quantileExact(0.95)(Duration) AS p95, quantileExact(0.99)(Duration) AS p99
FROM ${store.database}.otel_traces WHERE ServiceName = 'checkout'`,
    )
    const [summary] = await redSummary(store, { from: new Date('2026-11-01T09:00:00Z'), to: new Date('2026-11-01T11:00:00Z') }, 'checkout')
    expect(summary).toMatchObject({ serviceName: 'checkout', spanName: 'POST /checkout', requests: 20000, errors: 800 })
    for (const [got, want] of [
      [summary.p50Ns, Number(exact.p50)],
      [summary.p95Ns, Number(exact.p95)],
      [summary.p99Ns, Number(exact.p99)],
    ] as const) {
      expect(Math.abs(got! - want) / want).toBeLessThan(0.05)
    }
    const minutes = await queryRows<{ n: string }>(store, `SELECT count() AS n FROM ${store.database}.meridian_red_1m FINAL WHERE ServiceName = 'checkout'`)
    expect(Number(minutes[0].n)).toBe(10)
  })

  it('puts a duration in the bucket whose bounds hold it, in SQL as in TypeScript', async () => {
    store = await openTestStore()
    const durations = [0, 1000, 1001, 1090, 1_000_000, 123_456_789, 10 ** 13]
    const rows = await queryRows<{ d: string; b: number }>(
      store,
      `SELECT toString(Duration) AS d, ${latencyBucketSql} AS b
FROM (SELECT arrayJoin({ds:Array(UInt64)}) AS Duration)`,
      { ds: durations },
    )
    for (const row of rows) {
      const d = Number(row.d)
      expect(Number(row.b), row.d).toBe(bucketOf(d))
      if (bucketOf(d) < 255) expect(d).toBeLessThanOrEqual(bucketUpperBoundNs(bucketOf(d)) * (1 + 1e-12))
    }
  })
})
