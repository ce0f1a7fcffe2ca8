import { openTestStore, type TestStore } from '@meridian/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertEngine } from './alertEngine.js'
import { absenceEvaluator } from './absenceEvaluator.js'
import type { EvaluationContext } from './alertRule.js'
import { memoryNotifier } from './memoryNotifier.js'
import { SimulatedClock } from './simulatedClock.js'
import { sqlSeries } from './sqlSeries.js'
import { thresholdEvaluator } from './thresholdEvaluator.js'

const NOW = Date.UTC(2025, 0, 1, 12)
const MIN = 60_000
const ERROR_RATE = {
  sql: `SELECT ServiceName AS service, countIf(StatusCode = 'Error') / count() AS value
          FROM {db}.otel_traces
         WHERE Timestamp > {now:DateTime64(3)} - INTERVAL 5 MINUTE AND Timestamp <= {now:DateTime64(3)} AND SpanKind = {kind:String}
         GROUP BY service ORDER BY service`,
  params: { kind: 'Server' },
}

// Rules over spans stored in the engine: checkout fails 3 of 10 requests in the last 5 minutes,
// payment none; an older failure of payment is outside the window.
describe('rules over SQL series (spans in the store)', () => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore()
    const span = (service: string, minutesAgo: number, error: boolean, i: number) => ({
      Timestamp: new Date(NOW - minutesAgo * MIN).toISOString().replace('T', ' ').replace('Z', ''),
      TraceId: `${service}${minutesAgo}${i}`,
      SpanId: `${i}`,
      SpanName: 'GET /',
      SpanKind: 'Server',
      ServiceName: service,
      StatusCode: error ? 'Error' : 'Ok',
    })
    await store.client.insert({
      table: `${store.database}.otel_traces`,
      format: 'JSONEachRow',
      values: [
        ...Array.from({ length: 10 }, (_, i) => span('checkout', 1 + (i % 4), i < 3, i)),
        ...Array.from({ length: 4 }, (_, i) => span('payment', 2, false, i)),
        span('payment', 30, true, 99),
      ],
    })
  })
  afterAll(() => store?.dispose())

  const ctx = (): EvaluationContext => ({ store, now: NOW, signal: new AbortController().signal, rule: { id: 'r', name: 'R' } })

  it('reads one series per row: `value` the figure, other columns labels', async () => {
    expect(await sqlSeries(ERROR_RATE)(ctx())).toEqual([
      { labels: { service: 'checkout' }, value: 0.3 },
      { labels: { service: 'payment' }, value: 0 },
    ])
    await expect(sqlSeries({ sql: 'SELECT 1 AS x' })(ctx())).rejects.toThrow('the query of rule r returned a row without a value column (row 1)')
    await expect(sqlSeries({ sql: 'SELECT * FROM {db}.no_such_table' })(ctx())).rejects.toMatchObject({ status: 503, code: 'store_unavailable' })
  })

  it('drives a threshold rule and an absence rule on the engine', async () => {
    const clock = new SimulatedClock(NOW)
    const notifier = memoryNotifier()
    const engine = await AlertEngine.start({
      store,
      clock,
      policy: { route: { receiver: 'r', groupWait: 0 }, receivers: [{ name: 'r', notifiers: [notifier] }] },
      rules: [
        { id: 'errors', name: 'HighErrorRate', severity: 'critical', interval: 60, evaluate: thresholdEvaluator({ series: sqlSeries(ERROR_RATE), comparison: '>', threshold: 0.1 }) },
        {
          id: 'silent',
          name: 'ServiceSilent',
          severity: 'warning',
          interval: 60,
          evaluate: absenceEvaluator({ series: sqlSeries(ERROR_RATE), expect: [{ service: 'checkout' }, { service: 'inventory' }] }),
        },
      ],
    })
    try {
      await clock.settle()
      expect(engine.alertInstances().map((i) => [i.labels.alertname, i.labels.service, i.state, i.value])).toEqual([
        ['HighErrorRate', 'checkout', 'firing', 0.3],
        ['ServiceSilent', 'inventory', 'firing', 0],
      ])
      expect(notifier.received.flatMap((n) => n.alerts.map((a) => `${a.labels.alertname}/${a.labels.service}`))).toEqual(['HighErrorRate/checkout', 'ServiceSilent/inventory'])
    } finally {
      await engine.stop()
    }
  })
})
