import { createBudget, DEFAULT_PRICE_TABLE, insertBillingRows, parseAllocationText, parseCurrencySettings, priceOf, type Store } from '@meridian/core'
import { financeReport } from '@meridian/core/api'
import { openTestStore, type TestStore } from '@meridian/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFinanceReport, type FinanceReportDeps } from './buildFinanceReport.js'
import { reportCsv } from './reportCsv.js'
import { reportXlsx } from './reportXlsx.js'
import { readCsv, readXlsx } from './testing/readExports.js'

/*
 * A dataset whose every figure is worked out by hand. Reporting currency USD, EUR:USD=1.1.
 *
 * December 2024 (the previous period)
 *   AWS / Amazon EC2   80 USD a day × 31 = 2,480   app=checkout → service checkout, team payments
 *   AWS / Amazon S3    40 USD on the 5th          app=search   → service search, team discovery
 *   total 2,520
 * January 2025 (the month reported)
 *   AWS / Amazon EC2  100 USD a day × 31 = 3,100   app=checkout
 *   AWS / Amazon S3    20 USD on the 10th          app=search
 *   GCP / Cloud Run    50 EUR on the 5th = 55 USD  no tags → unallocated
 *   total 3,175: AWS 3,120 (+600), GCP 55 (new); EC2 3,100 (+620), S3 20 (−20), Cloud Run 55;
 *   teams payments 3,100 (+620), discovery 20 (−20), unallocated 55
 * February 2025, the 1st to the 9th: EC2 100 USD a day. The report is made on 10 February, so
 *   February is forecast: 28 days of 100 (13 January to 9 February) fit exactly, so the rest
 *   of the month (the 10th to the 28th, 19 days) is 1,900 more: 900 + 1,900 = 2,800.
 * Spans: checkout 1,000 server spans on 20 January, search 500 on the 10th → checkout 3,100 /
 *   1,000 = 3.10 a request (cost of every day with cost, requests of those days); search 20 /
 *   500 = 0.04. Two gpt-4o calls of checkout (client spans: not requests), 1,000 input and 500
 *   output tokens each.
 */
const NOW = Date.UTC(2025, 1, 10, 12)
const RULES = `
teams:
  search: discovery
rules:
  - name: checkout
    match: { tags: { app: checkout } }
    service: checkout
    team: payments
  - name: search
    match: { tags: { app: search } }
    service: search
`

const days = (month: string, count: number) => Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`)

async function insertSpans(store: Store, rows: { service: string; operation: string; kind?: string; start: number; count: number; attributes?: Record<string, string> }[]) {
  for (const r of rows) {
    await store.client.command({
      query: `INSERT INTO ${store.database}.otel_traces (Timestamp, TraceId, SpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode, SpanAttributes)
SELECT fromUnixTimestamp64Milli({start:Int64} + toInt64(number) * 1000), lower(hex(randomString(16))), lower(hex(randomString(8))),
  {operation:String}, {kind:String}, {service:String}, 20000000, 'Ok', {attributes:Map(String, String)}
FROM numbers({count:UInt64})`,
      query_params: { start: r.start, operation: r.operation, kind: r.kind ?? 'Server', service: r.service, count: r.count, attributes: r.attributes ?? {} },
    })
  }
}

describe('buildFinanceReport on the engine', () => {
  let store: TestStore
  const deps: FinanceReportDeps = {
    currency: parseCurrencySettings({ MERIDIAN_REPORTING_CURRENCY: 'USD', MERIDIAN_EXCHANGE_RATES: 'EUR:USD=1.1' }),
    allocation: parseAllocationText(RULES, 'rules.yaml'),
    llmPrices: DEFAULT_PRICE_TABLE,
    now: NOW,
  }

  beforeAll(async () => {
    store = await openTestStore()
    await insertBillingRows(store, [
      ...days('2024-12', 31).map((d) => ({ chargeStart: d, provider: 'AWS', service: 'Amazon EC2', billed: 999, effective: 80, tags: { app: 'checkout' } })),
      { chargeStart: '2024-12-05', provider: 'AWS', service: 'Amazon S3', billed: 999, effective: 40, tags: { app: 'search' } },
      ...days('2025-01', 31).map((d) => ({ chargeStart: d, provider: 'AWS', service: 'Amazon EC2', billed: 999, effective: 100, tags: { app: 'checkout' } })),
      { chargeStart: '2025-01-10', provider: 'AWS', service: 'Amazon S3', billed: 999, effective: 20, tags: { app: 'search' } },
      { chargeStart: '2025-01-05', provider: 'GCP', service: 'Cloud Run', billed: 999, effective: 50, currency: 'EUR' },
      ...days('2025-02', 9).map((d) => ({ chargeStart: d, provider: 'AWS', service: 'Amazon EC2', billed: 999, effective: 100, tags: { app: 'checkout' } })),
    ])
    const budget = { metric: 'EffectiveCost' as const, thresholds: [{ percent: 100, basis: 'actual' as const }] }
    await createBudget(store, { ...budget, name: 'Cloud total', scope: { kind: 'total' }, period: 'month', amount: 3000, currency: 'USD' })
    await createBudget(store, { ...budget, name: 'AWS', scope: { kind: 'provider', provider: 'AWS' }, period: 'month', amount: 4000, currency: 'USD' })
    await createBudget(store, { ...budget, name: 'Payments', scope: { kind: 'team', team: 'payments' }, period: 'month', amount: 3500, currency: 'USD' })
    await createBudget(store, { ...budget, name: 'Year in EUR', scope: { kind: 'total' }, period: 'year', amount: 50000, currency: 'EUR' })
    await createBudget(store, { ...budget, name: 'Quarter in GBP', scope: { kind: 'total' }, period: 'quarter', amount: 9000, currency: 'GBP' })
    await insertSpans(store, [
      { service: 'checkout', operation: 'POST /checkout', start: Date.UTC(2025, 0, 20, 10), count: 1000 },
      { service: 'search', operation: 'GET /search', start: Date.UTC(2025, 0, 10, 10), count: 500 },
      {
        service: 'checkout',
        operation: 'chat gpt-4o',
        kind: 'Client',
        start: Date.UTC(2025, 0, 20, 11),
        count: 2,
        attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': '1000', 'gen_ai.usage.output_tokens': '500' },
      },
    ])
  })
  afterAll(() => store?.dispose())

  it('reports a finished month against the month before, its budgets, teams, unit costs and the forecast', async () => {
    const report = financeReport.parse(await buildFinanceReport(store, '2025-01', deps))
    expect(report).toMatchObject({
      month: '2025-01',
      complete: true,
      period: { start: '2025-01-01', end: '2025-02-01' },
      previousPeriod: { start: '2024-12-01', end: '2025-01-01' },
      generatedAt: NOW,
      metric: 'EffectiveCost',
      currency: 'USD',
      exchangeRates: [{ from: 'EUR', to: 'USD', rate: 1.1, configured: 'EUR:USD=1.1' }],
    })
    expect(report.total).toEqual({
      amount: 3175,
      previous: 2520,
      change: 655,
      changePercent: expect.closeTo((655 / 2520) * 100, 9),
      budget: { name: 'Cloud total', amount: 3000, currency: 'USD', actual: 3175, percent: expect.closeTo((3175 / 3000) * 100, 9) },
    })
    expect(report.providers).toEqual([
      { key: 'AWS', amount: 3120, previous: 2520, change: 600, changePercent: expect.closeTo((600 / 2520) * 100, 9), budget: { name: 'AWS', amount: 4000, currency: 'USD', actual: 3120, percent: 78 } },
      { key: 'GCP', amount: 55, previous: 0, change: 55, changePercent: null, budget: null },
    ])
    expect(report.services.map((s) => [s.key, s.amount, s.previous, s.change])).toEqual([
      ['Amazon EC2', 3100, 2480, 620],
      ['Cloud Run', 55, 0, 55],
      ['Amazon S3', 20, 40, -20],
    ])
    expect(report.otherServices).toEqual({ count: 0, amount: 0, previous: 0 })
    expect(report.teams.map((t) => [t.key, t.unallocated, t.amount, t.previous, t.budget?.name ?? null])).toEqual([
      ['payments', false, 3100, 2480, 'Payments'],
      ['unallocated', true, 55, 0, null],
      ['discovery', false, 20, 40, null],
    ])
    expect(report.teams[0].budget).toMatchObject({ actual: 3100, percent: expect.closeTo((3100 / 3500) * 100, 9) })
    // largest absolute changes first; unallocated cost is no team's mover
    expect(report.movers.map((m) => [m.dimension, m.key, m.change])).toEqual([
      ['service', 'Amazon EC2', 620],
      ['team', 'payments', 620],
      ['provider', 'AWS', 600],
      ['service', 'Cloud Run', 55],
      ['provider', 'GCP', 55],
      ['service', 'Amazon S3', -20],
      ['team', 'discovery', -20],
    ])

    const budgets = Object.fromEntries(report.budgets.map((b) => [b.name, b]))
    expect(budgets['Cloud total']).toMatchObject({ scope: 'total', period: 'month', actual: 3175, state: 'over', forecast: null, runOut: '2025-01-30', error: null })
    expect(budgets.AWS).toMatchObject({ scope: 'provider: AWS', actual: 3120, percent: 78, state: 'on_track', forecast: null, runOut: null })
    expect(budgets.Payments).toMatchObject({ scope: 'team: payments', actual: 3100, state: 'on_track' })
    // 3,120 USD ÷ 1.1 + 50 EUR; its year is not over, so it has a forecast
    expect(budgets['Year in EUR']).toMatchObject({ period: 'year', periodStart: '2025-01-01', periodEnd: '2026-01-01', currency: 'EUR', state: 'on_track' })
    expect(budgets['Year in EUR'].actual).toBeCloseTo(3120 / 1.1 + 50, 2)
    expect(budgets['Year in EUR'].forecast).not.toBeNull()
    expect(budgets['Quarter in GBP']).toMatchObject({ state: 'unavailable', actual: null })
    expect(budgets['Quarter in GBP'].error).toContain('no exchange rate')

    expect(report.forecast).toMatchObject({ month: '2025-02', actual: 900, dataThrough: '2025-02-09' })
    expect(report.forecast!.point).toBeCloseTo(2800, 6)

    expect(report.unitCosts).toEqual([
      { service: 'checkout', team: 'payments', cost: 3100, requests: 1000, costPerRequest: 3.1, costPer1000Requests: 3100 },
      { service: 'search', team: 'discovery', cost: 20, requests: 500, costPerRequest: 0.04, costPer1000Requests: 40 },
    ])
    const price = priceOf(DEFAULT_PRICE_TABLE, 'gpt-4o')!.price
    const llmCost = (2 * (1000 * price.inputPerMillion + 500 * price.outputPerMillion)) / 1e6
    expect(report.llm).toEqual({ currency: 'USD', calls: 2, cost: expect.closeTo(llmCost, 12), unpricedCalls: 0, models: [{ model: 'gpt-4o', calls: 2, cost: expect.closeTo(llmCost, 12) }] })
    expect(report.notes).toEqual([])

    // the exports carry the same figures
    const csv = await readCsv(reportCsv(report))
    expect(csv.filter((r) => r.section === 'provider').map((r) => [r.key, Number(r.amount), Number(r.previous)])).toEqual([
      ['AWS', 3120, 2520],
      ['GCP', 55, 0],
    ])
    expect(csv.find((r) => r.section === 'exchange_rate')).toMatchObject({ key: 'EUR:USD=1.1', amount: '1.1' })
    const xlsx = await readXlsx(await reportXlsx(report))
    expect(xlsx.Services.map((r) => [r.Service, r['Amount (USD)']])).toEqual([
      ['Amazon EC2', 3100],
      ['Cloud Run', 55],
      ['Amazon S3', 20],
    ])
    expect(xlsx.Teams.find((r) => r.Team === 'payments')).toMatchObject({ 'Amount (USD)': 3100, 'Monthly budget': 'Payments', 'Budget amount': 3500 })
  })

  it('reports a running month to date against as many days of the month before', async () => {
    const report = await buildFinanceReport(store, '2025-02', deps)
    expect(report).toMatchObject({ complete: false, period: { start: '2025-02-01', end: '2025-02-10' }, previousPeriod: { start: '2025-01-01', end: '2025-01-10' } })
    // February 1-9: 900; January 1-9: 900 of EC2 and the 55 of Cloud Run on the 5th (S3 was on the 10th)
    expect(report.total).toMatchObject({ amount: 900, previous: 955, change: -55 })
    expect(report.forecast).toMatchObject({ month: '2025-02', actual: 900 })
    expect(report.budgets.find((b) => b.name === 'Cloud total')).toMatchObject({ actual: 900, state: 'on_track' })
    expect(report.budgets.find((b) => b.name === 'Cloud total')!.forecast!.point).toBeCloseTo(2800, 6)
  })

  it('reports an older month without a forecast, and refuses a month without a complete day', async () => {
    const report = await buildFinanceReport(store, '2024-12', deps)
    expect(report.total).toMatchObject({ amount: 2520, previous: 0, changePercent: null })
    expect(report.forecast).toBeNull()
    await expect(buildFinanceReport(store, '2025-03', deps)).rejects.toMatchObject({ status: 422, code: 'report_not_started' })
  })

  it('says what it cannot show without allocation rules', async () => {
    const report = await buildFinanceReport(store, '2025-01', { ...deps, allocation: { fileContent: { rules: [] } } })
    expect(report.teams).toEqual([])
    expect(report.unitCosts).toEqual([])
    expect(report.notes[0]).toMatch(/^Teams and cost per request need cost allocation rules/)
    expect(report.total.amount).toBe(3175)
  })
})
