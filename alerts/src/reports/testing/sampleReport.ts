import { type FinanceReport, financeReport } from '@meridian/core/api'

/**
 * A report as buildFinanceReport makes it, written out by hand for the tests of the exports and
 * messages (its figures are consistent: lines add up to the total). Names carry what breaks naive
 * writers: commas, quotes, a formula, markup.
 */
export function sampleReport(overrides: Partial<FinanceReport> = {}): FinanceReport {
  return financeReport.parse({
    month: '2025-01',
    complete: true,
    period: { start: '2025-01-01', end: '2025-02-01' },
    previousPeriod: { start: '2024-12-01', end: '2025-01-01' },
    generatedAt: Date.UTC(2025, 1, 1, 9),
    metric: 'EffectiveCost',
    currency: 'CNY',
    exchangeRates: [{ from: 'USD', to: 'CNY', rate: 7.12, configured: 'USD:CNY=7.12' }],
    total: { amount: 12345.67, previous: 11000, change: 1345.67, changePercent: 12.233363636363636, budget: { name: 'All cloud', amount: 15000, currency: 'CNY', actual: 12345.67, percent: 82.30446666666667 } },
    providers: [
      { key: 'AWS', amount: 10000.5, previous: 9000, change: 1000.5, changePercent: 11.12, budget: { name: 'AWS monthly', amount: 9500, currency: 'CNY', actual: 10000.5, percent: 105.26842105263158 } },
      { key: 'Microsoft', amount: 2345.17, previous: 2000, change: 345.17, changePercent: 17.2585, budget: null },
    ],
    services: [
      { key: 'Amazon Elastic Compute Cloud', amount: 8000.25, previous: 7000, change: 1000.25, changePercent: 14.29, budget: null },
      { key: 'Storage, "hot" tier', amount: 3000.42, previous: 3000, change: 0.42, changePercent: 0.014, budget: null },
      { key: '=HYPERLINK("http://evil.example")', amount: 1345, previous: 1000, change: 345, changePercent: 34.5, budget: null },
    ],
    otherServices: { count: 0, amount: 0, previous: 0 },
    teams: [
      { key: 'payments', unallocated: false, amount: 7000, previous: 6000, change: 1000, changePercent: 16.666666666666668, budget: { name: 'Payments', amount: 8000, currency: 'CNY', actual: 7000, percent: 87.5 } },
      { key: 'R&D <platform>', unallocated: false, amount: 4000, previous: 4500, change: -500, changePercent: -11.11111111111111, budget: null },
      { key: 'unallocated', unallocated: true, amount: 1345.67, previous: 500, change: 845.67, changePercent: 169.134, budget: null },
    ],
    movers: [
      { dimension: 'provider', key: 'AWS', amount: 10000.5, previous: 9000, change: 1000.5, changePercent: 11.12 },
      { dimension: 'service', key: 'Amazon Elastic Compute Cloud', amount: 8000.25, previous: 7000, change: 1000.25, changePercent: 14.29 },
      { dimension: 'team', key: 'R&D <platform>', amount: 4000, previous: 4500, change: -500, changePercent: -11.11111111111111 },
    ],
    budgets: [
      {
        id: '00000000-0000-4000-8000-000000000001',
        name: 'AWS monthly',
        scope: 'provider: AWS',
        period: 'month',
        periodStart: '2025-01-01',
        periodEnd: '2025-02-01',
        amount: 9500,
        currency: 'CNY',
        actual: 10000.5,
        percent: 105.26842105263158,
        forecast: null,
        runOut: '2025-01-29',
        state: 'over',
        error: null,
      },
      {
        id: '00000000-0000-4000-8000-000000000002',
        name: 'Payments quarter',
        scope: 'team: payments',
        period: 'quarter',
        periodStart: '2025-01-01',
        periodEnd: '2025-04-01',
        amount: 20000,
        currency: 'CNY',
        actual: 7000,
        percent: 35,
        forecast: { point: 21000, low: 19000, high: 23000, percent: 105 },
        runOut: '2025-03-25',
        state: 'forecast_over',
        error: null,
      },
      {
        id: '00000000-0000-4000-8000-000000000003',
        name: 'EUR budget',
        scope: 'total',
        period: 'month',
        periodStart: '2025-01-01',
        periodEnd: '2025-02-01',
        amount: 1000,
        currency: 'EUR',
        actual: null,
        percent: null,
        forecast: null,
        runOut: null,
        state: 'unavailable',
        error: 'no exchange rate from CNY to EUR',
      },
    ],
    forecast: { month: '2025-02', actual: 0, point: 12800.4, low: 11000.2, high: 14600.6, model: 'trend+weekday', dataThrough: '2025-01-31' },
    unitCosts: [
      { service: 'checkout', team: 'payments', cost: 5000, requests: 2_000_000, costPerRequest: 0.0025, costPer1000Requests: 2.5 },
      { service: 'search', team: null, cost: 1200, requests: 0, costPerRequest: null, costPer1000Requests: null },
    ],
    llm: { currency: 'USD', calls: 12000, cost: 345.6, unpricedCalls: 10, models: [{ model: 'gpt-4o', calls: 11990, cost: 345.6 }, { model: 'in-house-7b', calls: 10, cost: null }] },
    notes: ['LLM costs are in USD, the currency of the price table, and are not converted.'],
    ...overrides,
  })
}
