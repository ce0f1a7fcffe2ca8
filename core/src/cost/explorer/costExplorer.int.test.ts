import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CostResponse, costDimensionsQuery, costQuery } from '../../api/cost.js'
import { MeridianError } from '../../errors.js'
import { openTestStore, type TestStore } from '../../testing/testStore.js'
import { NO_CONVERSION, parseCurrencySettings } from '../currency/currencySettings.js'
import { type BillingRowInput, insertBillingRows } from './billingRows.js'
import { costDimensions } from './costDimensions.js'
import { costExplorer } from './costExplorer.js'

/*
 * Rows for September 2024 (1 September is a Sunday): EC2 every day, S3 every day at 05:00 (0.1,
 * which doubles cannot add exactly), BigQuery every seventh day without a sub-account or tags.
 * Expectations are computed from these inputs in units of 10^-4, independently of the code.
 */
const pad = (n: number) => String(n).padStart(2, '0')
const usd: BillingRowInput[] = []
for (let day = 1; day <= 30; day++) {
  const date = `2024-09-${pad(day)}`
  usd.push({ chargeStart: date, provider: 'AWS', service: 'Amazon EC2', billed: '10.10', effective: '9.05', subAccount: '111', tags: { team: 'shop', env: 'prod' } })
  usd.push({ chargeStart: `${date} 05:00:00`, provider: 'AWS', service: 'Amazon S3', billed: '0.1', subAccount: '222', region: 'us-east-1', tags: { team: 'data' } })
  if (day % 7 === 0) usd.push({ chargeStart: date, provider: 'Google Cloud', service: 'BigQuery', billed: '25', effective: '20' })
}
// outside the month: never in September's figures
usd.push({ chargeStart: '2024-08-31 23:59:59', provider: 'AWS', service: 'Amazon EC2', billed: '1000' })
usd.push({ chargeStart: '2024-10-01', provider: 'AWS', service: 'Amazon EC2', billed: '1000' })

type Metric = 'billed' | 'effective'
const units = (v: string | number | undefined) => Math.round(Number(v) * 1e4)
const inRange = (r: BillingRowInput, from: string, to: string) => r.chargeStart.slice(0, 10) >= from && r.chargeStart.slice(0, 10) < to
function expected(rows: BillingRowInput[], from: string, to: string, key: (r: BillingRowInput) => string, metric: Metric = 'billed') {
  const sums = new Map<string, number>()
  for (const r of rows.filter((r) => inRange(r, from, to))) sums.set(key(r), (sums.get(key(r)) ?? 0) + units(metric === 'billed' ? r.billed : (r.effective ?? r.billed)))
  return new Map([...sums].map(([k, v]) => [k, v / 1e4]))
}
const totalsOf = (res: CostResponse) => new Map(res.groups.map((g) => [g.key, g.total]))
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

describe('cost explorer (embedded engine)', () => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore()
    await insertBillingRows(store, usd)
  })
  afterAll(() => store?.dispose())

  const run = (query: Record<string, unknown>, settings = NO_CONVERSION) => costExplorer(store, costQuery.parse({ from: '2024-09-01', to: '2024-10-01', ...query }), settings)

  it('sums a metric by service to the cent, largest first, exactly where doubles would not', async () => {
    const res = await run({ metric: 'BilledCost', groupBy: 'ServiceName', granularity: 'month' })
    const want = expected(usd, '2024-09-01', '2024-10-01', (r) => r.service)
    expect(res.groups.map((g) => g.key)).toEqual(['Amazon EC2', 'BigQuery', 'Amazon S3'])
    expect(totalsOf(res)).toEqual(want)
    expect(res.total).toBe(sum([...want.values()]))
    expect(res.groups.find((g) => g.key === 'Amazon S3')!.total).toBe(3) // 30 × 0.1; in doubles 3.0000000000000013
    expect(res).toMatchObject({ from: '2024-09-01', to: '2024-10-01', metric: 'BilledCost', groupBy: 'ServiceName', currency: 'USD', exchangeRates: [] })
    expect(res.otherGroups).toEqual({ count: 0, total: 0 })
    expect(res.series.t).toEqual([Date.UTC(2024, 8, 1)])
    expect(res.series.groups.map((g) => [g.key, g.values])).toEqual(res.groups.map((g) => [g.key, [g.total]]))
  })

  it('uses EffectiveCost by default', async () => {
    const res = await run({ groupBy: 'ProviderName' })
    expect(res.metric).toBe('EffectiveCost')
    expect(totalsOf(res)).toEqual(expected(usd, '2024-09-01', '2024-10-01', (r) => r.provider, 'effective'))
  })

  it("groups rows without a value under ''", async () => {
    const bySub = await run({ groupBy: 'SubAccountId' })
    expect(totalsOf(bySub)).toEqual(expected(usd, '2024-09-01', '2024-10-01', (r) => r.subAccount ?? '', 'effective'))
    expect(totalsOf(bySub).get('')).toBe(80)
    const byTeam = await run({ groupBy: 'tag:team', metric: 'BilledCost' })
    expect(byTeam.groupBy).toBe('tag:team')
    expect(totalsOf(byTeam)).toEqual(expected(usd, '2024-09-01', '2024-10-01', (r) => r.tags?.team ?? ''))
  })

  it('filters by dimension and tag: values of one key are alternatives, keys combine', async () => {
    const total = async (filter: string[]) => (await run({ metric: 'BilledCost', filter })).total
    const want = (pred: (r: BillingRowInput) => boolean) => sum([...expected(usd.filter(pred), '2024-09-01', '2024-10-01', () => '').values()])
    expect(await total(['ProviderName=AWS'])).toBe(want((r) => r.provider === 'AWS'))
    expect(await total(['ProviderName!=AWS'])).toBe(want((r) => r.provider !== 'AWS'))
    expect(await total(['ServiceName=Amazon S3', 'ServiceName=BigQuery'])).toBe(want((r) => r.service === 'Amazon S3' || r.service === 'BigQuery'))
    expect(await total(['tag:team=shop'])).toBe(want((r) => r.tags?.team === 'shop'))
    expect(await total(['ProviderName=AWS', 'tag:team!=shop'])).toBe(want((r) => r.provider === 'AWS' && r.tags?.team !== 'shop'))
    expect(await total(['SubAccountId='])).toBe(want((r) => !r.subAccount))
    expect(await total(['RegionId=us-east-1', 'tag:env=prod'])).toBe(0)
  })

  it('answers an empty selection with zeros and no currency', async () => {
    const res = await run({ groupBy: 'ServiceName', filter: ['ProviderName=Nobody'] })
    expect(res).toMatchObject({ total: 0, groups: [], otherGroups: { count: 0, total: 0 }, currency: null })
    expect(res.series.groups).toEqual([])
  })

  it('gives the top groups a series each and sums the rest into key null, per day', async () => {
    const res = await run({ metric: 'BilledCost', groupBy: 'ServiceName', from: '2024-09-05', to: '2024-09-09', top: 1 })
    expect(res.series.t).toEqual([5, 6, 7, 8].map((d) => Date.UTC(2024, 8, d)))
    expect(res.series.groups).toEqual([
      { key: 'Amazon EC2', values: [10.1, 10.1, 10.1, 10.1] },
      { key: null, values: [0.1, 0.1, 25.1, 0.1] },
    ])
    expect(res.groups).toEqual([
      { key: 'Amazon EC2', total: 40.4 },
      { key: 'BigQuery', total: 25 },
      { key: 'Amazon S3', total: 0.4 },
    ])
  })

  it('cuts the series by ISO week (from Monday) and month, and the buckets add up to the totals', async () => {
    const weekly = await run({ metric: 'BilledCost', groupBy: 'ProviderName', granularity: 'week' })
    expect(weekly.series.t[0]).toBe(Date.UTC(2024, 7, 26)) // the Monday before Sunday 1 September
    expect(weekly.series.t).toHaveLength(6)
    const aws = weekly.series.groups.find((g) => g.key === 'AWS')!
    expect(aws.values[0]).toBeCloseTo(10.2, 9) // Sunday 1 September alone
    expect(aws.values[1]).toBeCloseTo(7 * 10.2, 9)
    for (const g of weekly.series.groups) expect(sum(g.values)).toBeCloseTo(totalsOf(weekly).get(g.key!)!, 9)
    const everything = await run({ metric: 'BilledCost', granularity: 'month', from: '2024-08-01', to: '2024-11-01' })
    expect(everything.series.t).toEqual([Date.UTC(2024, 7, 1), Date.UTC(2024, 8, 1), Date.UTC(2024, 9, 1)])
    expect(everything.series.groups).toEqual([{ key: null, values: [1000, weekly.total, 1000] }])
    expect(everything.groups).toEqual([])
  })

  it('lists `limit` groups and counts the others', async () => {
    const res = await run({ metric: 'BilledCost', groupBy: 'ServiceName', limit: 1, top: 2 })
    expect(res.groups.map((g) => g.key)).toEqual(['Amazon EC2'])
    expect(res.otherGroups.count).toBe(2)
    expect(res.otherGroups.total).toBeCloseTo(res.total - 303, 9)
    expect(res.series.groups.map((g) => g.key)).toEqual(['Amazon EC2', 'BigQuery', null])
  })

  it('takes instants and widens them to whole days', async () => {
    const res = await run({ from: Date.UTC(2024, 8, 10, 13), to: '2024-09-11T08:00:00Z', metric: 'BilledCost' })
    expect([res.from, res.to]).toEqual(['2024-09-10', '2024-09-12'])
    expect(res.total).toBeCloseTo(2 * 10.2, 9)
  })

  it('lists the dimensions and tag keys with their distinct values', async () => {
    const all = await costDimensions(store, costDimensionsQuery.parse({}))
    expect(all.rows).toBe(usd.length)
    const count = (name: string) => all.dimensions.find((d) => d.name === name)?.distinctValues
    expect(count('ProviderName')).toBe(2)
    expect(count('ServiceName')).toBe(3)
    expect(count('SubAccountId')).toBe(2) // NULL is not a value
    expect(count('ResourceId')).toBe(0)
    expect(all.tags).toEqual([
      { key: 'env', distinctValues: 1 },
      { key: 'team', distinctValues: 2 },
    ])
    const oneDay = await costDimensions(store, costDimensionsQuery.parse({ from: '2024-09-07', to: '2024-09-08' }))
    expect(oneDay.rows).toBe(3)
  })
})

describe('cost explorer across currencies (embedded engine)', () => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore()
    await insertBillingRows(store, [
      { chargeStart: '2024-09-01', provider: 'AWS', service: 'Amazon EC2', billed: '10.25', currency: 'USD' },
      { chargeStart: '2024-09-02', provider: 'AWS', service: 'Amazon EC2', billed: '1.75', currency: 'USD' },
      { chargeStart: '2024-09-01', provider: 'Microsoft', service: 'Virtual Machines', billed: '2', currency: 'EUR' },
      { chargeStart: '2024-09-02', provider: 'Alibaba Cloud', service: 'ECS', billed: '100', currency: 'CNY' },
    ])
  })
  afterAll(() => store?.dispose())

  const run = (query: Record<string, unknown>, settings = NO_CONVERSION) =>
    costExplorer(store, costQuery.parse({ from: '2024-09-01', to: '2024-09-03', metric: 'BilledCost', groupBy: 'ProviderName', ...query }), settings)
  const failure = async (promise: Promise<unknown>) => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(MeridianError)
    return err as MeridianError
  }
  const cny = parseCurrencySettings({ MERIDIAN_REPORTING_CURRENCY: 'CNY', MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7.12,EUR:CNY=7.70' })

  it('refuses to add currencies without a reporting currency (422)', async () => {
    const err = await failure(run({}))
    expect([err.status, err.code]).toEqual([422, 'mixed_currencies'])
    expect(err.message).toContain('CNY, EUR, USD')
  })

  it('reports one currency as it is when filtered to it', async () => {
    const res = await run({ filter: ['BillingCurrency=USD'] })
    expect(res).toMatchObject({ currency: 'USD', exchangeRates: [], total: 12 })
  })

  it('converts into the reporting currency and tells the rates used', async () => {
    const res = await run({}, cny)
    expect(res.currency).toBe('CNY')
    expect(res.exchangeRates).toEqual([
      { from: 'EUR', to: 'CNY', rate: 7.7, configured: 'EUR:CNY=7.70' },
      { from: 'USD', to: 'CNY', rate: 7.12, configured: 'USD:CNY=7.12' },
    ])
    // 12 USD × 7.12 = 85.44; 2 EUR × 7.70 = 15.40; 100 CNY
    expect(res.groups).toEqual([
      { key: 'Alibaba Cloud', total: 100 },
      { key: 'AWS', total: 85.44 },
      { key: 'Microsoft', total: 15.4 },
    ])
    expect(res.total).toBe(200.84)
    expect(res.series.groups.find((g) => g.key === 'AWS')!.values).toEqual([72.98, 12.46])
  })

  it('ranks groups by their converted totals', async () => {
    // in USD (inverse of USD:CNY): Alibaba 100 CNY ≈ 14.04 USD ranks above AWS 12 USD
    const res = await run({ currency: 'USD', filter: ['BillingCurrency!=EUR'] }, cny)
    expect(res.groups.map((g) => g.key)).toEqual(['Alibaba Cloud', 'AWS'])
    expect(res.groups[0].total).toBe(14.044943820225) // 100 / 7.12, to 12 decimals
    expect(res.exchangeRates).toEqual([{ from: 'CNY', to: 'USD', rate: 1 / 7.12, configured: 'USD:CNY=7.12' }])
  })

  it('answers 422 naming the rate that is missing', async () => {
    const err = await failure(run({ currency: 'JPY' }, cny))
    expect([err.status, err.code]).toEqual([422, 'missing_exchange_rate'])
    expect(err.message).toMatch(/^no exchange rate from CNY to JPY: add CNY:JPY=<rate> to MERIDIAN_EXCHANGE_RATES/)
  })
})
