/*
 * Nothing acknowledged is lost when ClickHouse goes away: the store here is remote, a real HTTP
 * server speaking ClickHouse's interface (on chDB). It is stopped while clients keep sending, then
 * started again on the same port; every acknowledged span, log record and data point must then be
 * in ClickHouse exactly once.
 */
import { type ClickHouseHttpServer, startClickHouseHttpServer } from '@meridian/core/testing/clickhouseHttpServer'
import { queryRows } from '@meridian/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCollector, type TestCollector } from './testing/testCollector.js'
import { metricsBody, logsBody, tracesBody, waitFor } from './testing/loadBodies.js'

describe('store outage', () => {
  let chServer: ClickHouseHttpServer
  let tc: TestCollector

  beforeAll(async () => {
    chServer = await startClickHouseHttpServer()
    // the collector writes over HTTP; the test reads the same data through the embedded engine
    tc = await startTestCollector({ MERIDIAN_SELF_TELEMETRY_INTERVAL_MS: '200' }, chServer.url)
  })
  afterAll(async () => {
    await tc.dispose()
    await chServer.close()
  })

  it('keeps every acknowledged item, exactly once, across a ClickHouse outage', async () => {
    const acked = { traces: [] as number[], logs: [] as number[], metrics: [] as number[] }
    let seq = 0
    let refused = 0
    const send = async (signal: keyof typeof acked, body: string) => {
      const id = seq++
      try {
        const res = await fetch(`${tc.httpUrl}/v1/${signal}`, { method: 'POST', body: body.replaceAll('SEQ', String(id)), headers: { 'Content-Type': 'application/json' } })
        if (res.status === 200 && Object.keys((await res.json()) as object).length === 0) acked[signal].push(id)
        else refused++
      } catch {
        refused++
      }
    }
    const round = () => Promise.all([send('traces', tracesBody('SEQ', 20)), send('logs', logsBody('SEQ', 20)), send('metrics', metricsBody('SEQ'))])

    for (let i = 0; i < 10; i++) await round()
    const port = Number(new URL(chServer.url).port)
    await chServer.close()
    for (let i = 0; i < 20; i++) await round()
    expect(tc.collector.spoolStatus().batches).toBeGreaterThan(0)
    expect(tc.collector.health.ready().ready).toBe(true) // the spool still has room
    chServer = await startClickHouseHttpServer({ port })
    for (let i = 0; i < 10; i++) await round()
    await waitFor(() => tc.collector.spoolStatus().batches === 0, 30_000)

    expect(refused).toBe(0)
    const db = tc.store.database
    const spans = await queryRows<{ seq: string; n: string }>(tc.store, `SELECT SpanAttributes['seq'] AS seq, count() AS n FROM ${db}.otel_traces GROUP BY seq`)
    const logs = await queryRows<{ seq: string; n: string }>(tc.store, `SELECT LogAttributes['seq'] AS seq, count() AS n FROM ${db}.otel_logs GROUP BY seq`)
    const points = await queryRows<{ seq: string; n: string }>(tc.store, `SELECT Attributes['seq'] AS seq, count() AS n FROM ${db}.otel_metrics_sum GROUP BY seq`)
    const perRequest = (rows: { seq: string; n: string }[]) => new Map(rows.map((r) => [Number(r.seq), Number(r.n)]))
    const spanCounts = perRequest(spans)
    const logCounts = perRequest(logs)
    const pointCounts = perRequest(points)
    for (const id of acked.traces) expect(spanCounts.get(id), `spans of request ${id}`).toBe(20)
    for (const id of acked.logs) expect(logCounts.get(id), `logs of request ${id}`).toBe(20)
    for (const id of acked.metrics) expect(pointCounts.get(id), `points of request ${id}`).toBe(1)
    expect(spanCounts.size).toBe(acked.traces.length)
    // the RED aggregate, filled by a materialized view, counts each span once too
    const [red] = await queryRows<{ n: string }>(tc.store, `SELECT sum(Requests) AS n FROM ${db}.meridian_red_1m`)
    expect(Number(red.n)).toBe(acked.traces.length * 20)

    // and the collector told all this about itself, in the same store, while running
    const selfMetric = async (name: string) => {
      const rows = await queryRows<{ v: number }>(
        tc.store,
        `SELECT argMax(Value, TimeUnix) AS v FROM ${db}.otel_metrics_sum
         WHERE ServiceName = 'meridian-collector' AND MetricName = {name:String} AND Attributes['signal'] = 'traces'`,
        { name },
      )
      return Number(rows[0]?.v ?? 0)
    }
    // exports run every 200 ms: wait for one that saw the replay through
    const deadline = Date.now() + 10_000
    let seen = { accepted: 0, spooled: 0, replayed: -1 }
    while (Date.now() < deadline && (seen.accepted < acked.traces.length * 20 || seen.replayed !== seen.spooled)) {
      await new Promise((r) => setTimeout(r, 100))
      seen = {
        accepted: await selfMetric('meridian.collector.accepted'),
        spooled: await selfMetric('meridian.collector.spooled'),
        replayed: await selfMetric('meridian.collector.replayed'),
      }
    }
    expect(seen.accepted).toBe(acked.traces.length * 20)
    expect(seen.spooled).toBeGreaterThan(0)
    expect(seen.replayed).toBe(seen.spooled)
  })
})
