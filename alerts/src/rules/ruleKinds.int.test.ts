import { compileSlo, createBudget, type DefinedSlo, insertBillingRows, type BillingRowInput } from '@meridian/core'
import { sloDocument } from '@meridian/core/api'
import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EvaluationContext, Sample } from '../engine/alertRule.js'
import { AlertEngine } from '../engine/alertEngine.js'
import { defaultNotificationPolicy } from '../engine/defaultNotificationPolicy.js'
import { alertHistory, loadAlertInstances } from '../engine/alertStateStore.js'
import { SimulatedClock } from '../engine/simulatedClock.js'
import { buildAlertRules, type RuleBuildContext } from './buildAlertRules.js'
import { parseRuleYaml } from './parseRuleYaml.js'

/*
 * checkout's `GET /pay` Server spans, 10 a minute from 11:00 to 12:30 on 4 June 2024: before
 * 12:00 one fails every 10 minutes, from 12:00 three of every ten fail. `POST /refund` spans never
 * fail. Log records of checkout between 12:26 and 12:29. AWS billing of 10 USD a day from
 * 1 October to 15 November 2024. Every expected figure is computed here from the raw rows.
 */
const AT = Date.UTC(2024, 5, 4, 12, 30, 10)
const START = Date.UTC(2024, 5, 4, 11, 0)
const MIN = 60_000
const SPANS = `INSERT INTO {db:Identifier}.otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, SpanKind, Duration, StatusCode)
SELECT fromUnixTimestamp64Milli(toInt64({start:Int64} + m * 60000 + i * 6000)), lower(hex(number)), lower(hex(number)), 'checkout', 'GET /pay', 'Server',
  toUInt64((20 + i * 7) * 1000000), if(if(m >= 60, i < 3, m % 10 = 0 AND i = 0), 'Error', 'Ok')
FROM (SELECT number, intDiv(number, 10) AS m, number % 10 AS i FROM numbers(900))`
const REFUNDS = `INSERT INTO {db:Identifier}.otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, SpanKind, Duration, StatusCode)
SELECT fromUnixTimestamp64Milli(toInt64({start:Int64} + number * 30000)), lower(hex(number + 100000)), lower(hex(number + 100000)), 'checkout', 'POST /refund', 'Server', 5000000, 'Ok'
FROM numbers(180)`
const LOGS = `INSERT INTO {db:Identifier}.otel_logs (Timestamp, ServiceName, SeverityText, SeverityNumber, Body)
SELECT fromUnixTimestamp64Milli(toInt64({from:Int64} + number * 15000)), 'checkout', if(number % 3 = 0, 'INFO', 'ERROR'), if(number % 3 = 0, 9, 17),
  if(number % 4 = 1, 'card declined by issuer', 'payment failed')
FROM numbers(12)`

const sloDoc = sloDocument.parse({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name: 'checkout-availability' },
  spec: {
    service: 'checkout',
    indicator: { spec: { ratioMetric: { good: { metricSource: { type: 'meridian.spans', spec: {} } }, total: { metricSource: { type: 'meridian.spans', spec: { operations: ['GET /pay'] } } } } } },
    timeWindow: [{ duration: '7d', isRolling: true }],
    budgetingMethod: 'Occurrences',
    objectives: [{ target: 0.99 }],
  },
})

describe('rule kinds on stored data', () => {
  let store: TestStore
  const slo: DefinedSlo = { slo: compileSlo(sloDoc), document: sloDoc, origin: 'api', file: null }
  const context: RuleBuildContext = { slos: (name) => (name === slo.slo.name ? slo : undefined) }
  const evaluate = async (yamlRule: string, now = AT): Promise<Sample[][]> => {
    const { rules, problems } = parseRuleYaml(`groups:\n  - name: t\n    rules:\n${yamlRule.replace(/^/gm, '      ')}`, context)
    expect(problems).toEqual([])
    const built = buildAlertRules(rules[0].spec, { id: 'test' }, context, 'rule')
    return Promise.all(built.map((r) => r.evaluate({ store, now, signal: new AbortController().signal, rule: { id: r.id, name: r.name } } satisfies EvaluationContext)))
  }
  /** Errors and spans of GET /pay in [from, to), from raw spans. */
  const raw = async (from: number, to: number, spanName = 'GET /pay') => {
    const [row] = await queryRows<{ bad: string; total: string }>(
      store,
      `SELECT countIf(StatusCode = 'Error') AS bad, count() AS total FROM ${store.database}.otel_traces
        WHERE SpanName = {spanName:String} AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})`,
      { from, to, spanName },
    )
    return { bad: Number(row.bad), total: Number(row.total) }
  }

  beforeAll(async () => {
    store = await openTestStore()
    await store.client.command({ query: SPANS, query_params: { db: store.database, start: START } })
    await store.client.command({ query: REFUNDS, query_params: { db: store.database, start: START } })
    await store.client.command({ query: LOGS, query_params: { db: store.database, from: AT - 4 * MIN } })
    const rows: BillingRowInput[] = []
    for (let d = Date.UTC(2024, 9, 1); d <= Date.UTC(2024, 10, 15); d += 86_400_000) rows.push({ chargeStart: new Date(d).toISOString().slice(0, 10), provider: 'AWS', service: 'Amazon EC2', billed: '10' })
    await insertBillingRows(store, rows)
    await createBudget(store, { name: 'aws-monthly', scope: { kind: 'provider', provider: 'AWS' }, period: 'month', amount: 200, currency: 'USD', metric: 'EffectiveCost', thresholds: [{ percent: 80, basis: 'actual' }, { percent: 100, basis: 'forecast' }] })
  })
  afterAll(() => store?.dispose())

  it('threshold on a service’s error rate: the rate of its spans over the last whole 5 minutes, firing above the threshold', async () => {
    const to = Math.floor(AT / MIN) * MIN
    const pay = await raw(to - 5 * MIN, to)
    const refunds = await raw(to - 5 * MIN, to, 'POST /refund')
    const rate = (pay.bad + refunds.bad) / (pay.total + refunds.total)
    expect(rate).toBeGreaterThan(0.1)
    const [[sample]] = await evaluate("- alert: E\n  kind: threshold\n  query: { kind: spans, service: checkout, measure: error_rate }\n  op: '>'\n  threshold: 0.1")
    expect(sample).toMatchObject({ labels: { service: 'checkout' }, firing: true, threshold: 0.1, comparison: '>' })
    expect(sample.value).toBeCloseTo(rate, 12)
    // above the hand-computed rate it does not fire
    const [[calm]] = await evaluate(`- alert: E\n  kind: threshold\n  query: { kind: spans, service: checkout, measure: error_rate }\n  op: '>'\n  threshold: ${rate + 0.001}`)
    expect(calm.firing).toBe(false)
    // before 12:00 (one failure in 50 spans + 10 refunds over 11:10-11:15) it is calm too
    const early = await raw(Date.UTC(2024, 5, 4, 11, 10), Date.UTC(2024, 5, 4, 11, 15))
    const [[before]] = await evaluate("- alert: E\n  kind: threshold\n  query: { kind: spans, service: checkout, operation: 'GET /pay', measure: error_rate }\n  op: '>'\n  threshold: 0.1", Date.UTC(2024, 5, 4, 11, 15, 30))
    expect(before).toMatchObject({ labels: { service: 'checkout', operation: 'GET /pay' }, firing: false })
    expect(before.value).toBeCloseTo(early.bad / early.total, 12)
    // request rate per second, and no data for a service without spans
    const [[perSecond]] = await evaluate("- alert: R\n  kind: threshold\n  query: { kind: spans, service: checkout, measure: request_rate, window: 10m }\n  op: '<'\n  threshold: 1")
    const tenMinutes = await raw(to - 10 * MIN, to)
    const tenRefunds = await raw(to - 10 * MIN, to, 'POST /refund')
    expect(perSecond.value).toBeCloseTo((tenMinutes.total + tenRefunds.total) / 600, 12)
    expect(await evaluate("- alert: G\n  kind: threshold\n  query: { kind: spans, service: ghost, measure: p99 }\n  op: '>'\n  threshold: 1")).toEqual([[]])
  })

  it('threshold on a log count (service, severity, text)', async () => {
    const to = Math.floor(AT / MIN) * MIN
    const [counts] = await queryRows<{ errors: string; declined: string }>(
      store,
      `SELECT countIf(SeverityText = 'ERROR') AS errors, countIf(positionCaseInsensitive(Body, 'DECLINED') > 0) AS declined FROM ${store.database}.otel_logs
        WHERE Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})`,
      { from: to - 5 * MIN, to },
    )
    const [[errors]] = await evaluate("- alert: L\n  kind: threshold\n  query: { kind: logs, service: checkout, severity: [ERROR] }\n  op: '>='\n  threshold: 5")
    expect(errors).toMatchObject({ value: Number(counts.errors), firing: Number(counts.errors) >= 5 })
    expect(Number(counts.errors)).toBeGreaterThanOrEqual(5)
    const [[declined]] = await evaluate("- alert: D\n  kind: threshold\n  query: { kind: logs, text: declined }\n  op: '>'\n  threshold: 0")
    expect(declined).toMatchObject({ value: Number(counts.declined), firing: true })
  })

  it('an SLO burn-rate rule: page and ticket rules whose burn rates match the raw spans, the page firing', async () => {
    const [page, ticket] = await evaluate('- alert: Burn\n  kind: slo_burn_rate\n  slo: checkout-availability')
    const end = Math.floor(AT / MIN) * MIN
    const hour = await raw(end - 60 * MIN, end)
    const fiveMinutes = await raw(end - 5 * MIN, end)
    const oneHour = page.find((s) => s.labels.window === '1h/5m')
    expect(oneHour).toMatchObject({ labels: { slo: 'checkout-availability', service: 'checkout' }, firing: true, comparison: '>' })
    expect(oneHour?.threshold).toBeCloseTo(0.02 * 7 * 24, 9)
    expect(oneHour?.value).toBeCloseTo(hour.bad / hour.total / 0.01, 9)
    expect(oneHour?.values?.burn_rate_short).toBeCloseTo(fiveMinutes.bad / fiveMinutes.total / 0.01, 9)
    // budget left over the 7 days: all spans so far
    const all = await raw(end - 7 * 86_400_000, end)
    expect(oneHour?.values?.budget_remaining).toBeCloseTo(100 * (1 - all.bad / (0.01 * all.total)), 6)
    expect(page.map((s) => s.labels.window)).toEqual(['1h/5m', '6h/30m'])
    expect(ticket.map((s) => s.labels.window)).toEqual(['1d/2h', '3d/6h'])
    // an SLO nobody defined is an evaluation error
    await expect(evaluate('- alert: Burn\n  kind: slo_burn_rate\n  slo: nope')).rejects.toThrow('no SLO named "nope"')
  })

  it('a budget rule: one sample per threshold, the forecast one firing', async () => {
    const [samples] = await evaluate('- alert: B\n  kind: budget\n  budget: aws-monthly', Date.UTC(2024, 10, 16, 12))
    expect(samples.map((s) => [s.labels.basis, s.labels.percent, s.value, s.threshold, s.firing])).toEqual([
      ['actual', '80', 150, 160, false],
      ['forecast', '100', expect.closeTo(300, 6), 200, true],
    ])
    const [forecastOnly] = await evaluate('- alert: B\n  kind: budget\n  budget: aws-monthly\n  basis: forecast', Date.UTC(2024, 10, 16, 12))
    expect(forecastOnly).toHaveLength(1)
    await expect(evaluate('- alert: B\n  kind: budget\n  budget: gcp', Date.UTC(2024, 10, 16, 12))).rejects.toThrow('no budget with the id or name "gcp"')
  })

  it('absent: fires for a service without spans or logs, not for one with them', async () => {
    expect((await evaluate('- alert: A\n  kind: absent\n  absent: { kind: spans, service: ghost }'))[0]).toEqual([{ labels: { service: 'ghost' }, value: 0, firing: true }])
    expect((await evaluate('- alert: A\n  kind: absent\n  absent: { kind: spans, service: checkout }'))[0][0]).toMatchObject({ firing: false })
    expect((await evaluate('- alert: A\n  kind: absent\n  absent: { kind: logs, service: checkout, window: 5m }'))[0][0]).toMatchObject({ firing: false })
    expect((await evaluate('- alert: A\n  kind: absent\n  absent: { kind: logs, service: checkout, window: 5m }', AT + 3 * 3_600_000))[0][0]).toMatchObject({ firing: true })
    expect((await evaluate('- alert: A\n  kind: absent\n  absent: { kind: metric, metric: queue.depth }'))[0][0]).toMatchObject({ firing: true })
  })

  it('runs file rules in the engine and resolves the alerts of a rule taken away by replaceRules', async () => {
    const { rules } = parseRuleYaml(
      "groups:\n  - name: checkout\n    rules:\n      - alert: CheckoutErrors\n        kind: threshold\n        query: { kind: spans, service: checkout, measure: error_rate }\n        op: '>'\n        threshold: 0.1\n        severity: critical\n",
      context,
    )
    const clock = new SimulatedClock(AT)
    const engine = await AlertEngine.start({
      store,
      rules: buildAlertRules(rules[0].spec, { id: 'file/t/checkout/CheckoutErrors' }, context, 'rule'),
      policy: defaultNotificationPolicy({} as never),
      clock,
    })
    try {
      await engine.evaluateAll()
      expect(engine.alertInstances().map((i) => [i.ruleId, i.state, i.labels.severity])).toEqual([['file/t/checkout/CheckoutErrors', 'firing', 'critical']])
      await engine.replaceRules([])
      expect(engine.ruleIds()).toEqual([])
      expect((await loadAlertInstances(store)).instances.filter((i) => i.ruleId === 'file/t/checkout/CheckoutErrors')).toEqual([])
      const history = await alertHistory(store, { from: AT - MIN, to: AT + MIN, ruleId: 'file/t/checkout/CheckoutErrors' })
      expect(history.map((h) => [h.from, h.to])).toEqual([
        ['firing', 'resolved'],
        ['inactive', 'firing'],
      ])
    } finally {
      await engine.stop()
    }
  })
})
