import { type BillingRowInput, insertBillingRows, parseCurrencySettings } from '@meridian/core'
import type { CostDimensionsResponse, CostResponse } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'

type Problem = { error: { code: string; message: string } }

const rows: BillingRowInput[] = [
  { chargeStart: '2024-09-01', provider: 'AWS', service: 'Amazon EC2', billed: '10.25', tags: { team: 'shop' } },
  { chargeStart: '2024-09-02 13:00:00', provider: 'AWS', service: 'Amazon S3', billed: '1.75', tags: { team: 'data' } },
  { chargeStart: '2024-09-02', provider: 'Microsoft', service: 'Virtual Machines', billed: '2', currency: 'EUR' },
]

describe('GET /api/v1/costs and /costs/dimensions (HTTP)', () => {
  let plain: TestApi
  let cny: TestApi
  beforeAll(async () => {
    plain = await startTestApi()
    await insertBillingRows(plain.store, rows)
    const currency = parseCurrencySettings({ MERIDIAN_REPORTING_CURRENCY: 'CNY', MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7.12,EUR:CNY=7.70' })
    cny = await startTestApi({ api: { costs: { currency } } })
    await insertBillingRows(cny.store, rows)
  })
  afterAll(async () => {
    await plain?.dispose()
    await cny?.dispose()
  })

  it('answers a grouped, filtered query with its series, in the rows’ currency', async () => {
    const { status, body } = await plain.get<CostResponse>('/api/v1/costs', {
      from: '2024-09-01',
      to: '2024-09-03',
      metric: 'BilledCost',
      groupBy: 'tag:team',
      filter: ['ProviderName=AWS'],
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({ from: '2024-09-01', to: '2024-09-03', groupBy: 'tag:team', currency: 'USD', exchangeRates: [], total: 12 })
    expect(body.groups).toEqual([
      { key: 'shop', total: 10.25 },
      { key: 'data', total: 1.75 },
    ])
    expect(body.series).toEqual({
      t: [Date.UTC(2024, 8, 1), Date.UTC(2024, 8, 2)],
      groups: [
        { key: 'shop', values: [10.25, 0] },
        { key: 'data', values: [0, 1.75] },
      ],
    })
  })

  it('answers 422 for mixed currencies without a reporting currency, and converts with one', async () => {
    const mixed = await plain.get<Problem>('/api/v1/costs', { from: '2024-09-01', to: '2024-09-03' })
    expect(mixed.status).toBe(422)
    expect(mixed.body.error.code).toBe('mixed_currencies')
    const converted = await cny.get<CostResponse>('/api/v1/costs', { from: '2024-09-01', to: '2024-09-03', metric: 'BilledCost', groupBy: 'ProviderName' })
    expect(converted.status).toBe(200)
    expect(converted.body.currency).toBe('CNY')
    expect(converted.body.total).toBe(100.84) // 12 × 7.12 + 2 × 7.70
    expect(converted.body.exchangeRates.map((r) => r.configured)).toEqual(['EUR:CNY=7.70', 'USD:CNY=7.12'])
    const missing = await cny.get<Problem>('/api/v1/costs', { from: '2024-09-01', to: '2024-09-03', currency: 'JPY' })
    expect(missing.status).toBe(422)
    expect(missing.body.error).toEqual({ code: 'missing_exchange_rate', message: expect.stringMatching(/^no exchange rate from EUR to JPY: add EUR:JPY=<rate> to MERIDIAN_EXCHANGE_RATES/) })
  })

  it('lists the dimensions and tag keys', async () => {
    const { status, body } = await plain.get<CostDimensionsResponse>('/api/v1/costs/dimensions')
    expect(status).toBe(200)
    expect(body.rows).toBe(3)
    expect(body.dimensions.find((d) => d.name === 'ProviderName')).toEqual({ name: 'ProviderName', distinctValues: 2 })
    expect(body.tags).toEqual([{ key: 'team', distinctValues: 2 }])
  })

  it.each([
    [{ from: '2024-09-01' }, ['to: ']],
    [{ from: '2024-09-03', to: '2024-09-01' }, ['to: must be after from']],
    [{ from: '2024-02-30', to: '2024-03-02' }, ['from: must be a day (YYYY-MM-DD), epoch milliseconds or an ISO 8601 date-time']],
    [{ from: '2024-09-01', to: '2024-09-03', groupBy: 'Colour' }, ['groupBy: "Colour" is not a FOCUS dimension (AvailabilityZone, ']],
    [{ from: '2024-09-01', to: '2024-09-03', groupBy: 'tag:' }, ['groupBy: "tag:" is not']],
    [{ from: '2024-09-01', to: '2024-09-03', filter: ['ProviderName=AWS', 'Nope=1', 'tag:=x'] }, ['filter.1: "Nope=1" must be KEY=value or KEY!=value', 'filter.2: ']],
    [{ from: '2024-09-01', to: '2024-09-03', metric: 'Cost', granularity: 'hour' }, ['metric: ', 'granularity: ']],
    [{ from: '2024-09-01', to: '2024-09-03', top: '0', limit: '5000', currency: 'usd' }, ['top: ', 'limit: ', 'currency: must be a currency code']],
    [{ from: '2020-01-01', to: '2024-01-01' }, ['granularity: day cuts the range into more than 1000 buckets']],
  ])('answers 400 naming the bad fields: %j', async (query, fields) => {
    const { status, body } = await plain.get<Problem>('/api/v1/costs', query)
    expect(status).toBe(400)
    expect(body.error.code).toBe('bad_request')
    for (const field of fields) expect(body.error.message).toContain(field)
  })

  it('answers 400 for a bad dimensions range', async () => {
    const { status, body } = await plain.get<Problem>('/api/v1/costs/dimensions', { from: '2024-09-03', to: '2024-09-01' })
    expect(status).toBe(400)
    expect(body.error.message).toContain('to: must be after from')
  })
})
