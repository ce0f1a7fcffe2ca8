import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStore, type TestStore } from '../../testing/testStore.js'
import { insertBillingRows, insertSpanBatch } from '../allocation/costTestRows.js'
import type { AllocationSettings } from '../allocation/ruleSet.js'
import { unitCosts } from './unitCosts.js'

/*
 * checkout, D1: cost 30 (three rows of 10); Server spans POST /checkout 200 × 40 ms and GET /cart
 *   400 × 10 ms, and 300 Client spans (not requests: checkout has entry spans) → 600 requests,
 *   0.05 a request, 50 per 1,000. Span time 8,000 : 4,000 ms → POST 20 (0.10 a request),
 *   GET 10 (0.025); by requests instead: POST 10, GET 20, both 0.05 a request.
 * checkout, D2: cost 20; POST 100 × 40 ms, GET 300 × 10 ms → 400 requests, 0.05 a request;
 *   span time 4,000 : 3,000 → POST 80/7, GET 60/7.
 * checkout, D3: 1,000 requests but no cost yet (billing lags): left out of the range's figures.
 * frontend, D1: cost 12, only Internal spans (300, all counted) → 0.04 a request.
 * Range D1-D3, checkout: 50 over 1,000 requests = 0.05; POST (20 + 80/7) / 300, GET (10 + 60/7) / 700.
 */

const DAY = 86_400_000
const D1 = Date.UTC(2026, 10, 2)
const D2 = D1 + DAY
const D3 = D2 + DAY
const HOUR = 3_600_000

const settings: AllocationSettings = {
  fileContent: {
    teams: { checkout: 'payments' },
    rules: [
      { name: 'checkout', match: { tags: { app: 'checkout' } }, service: 'checkout' },
      { name: 'frontend', match: { tags: { app: 'frontend' } }, service: 'frontend' },
    ],
  },
}

describe('unit costs', () => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore()
    await insertBillingRows(store, [
      ...[1, 2, 3].map(() => ({ start: '2026-11-02', cost: 10, tags: { app: 'checkout' } })),
      { start: '2026-11-03', cost: 20, tags: { app: 'checkout' } },
      { start: '2026-11-02', cost: 12, tags: { app: 'frontend' } },
    ])
    const batches = [
      { service: 'checkout', operation: 'POST /checkout', start: D1 + HOUR, count: 200, durationMs: 40 },
      { service: 'checkout', operation: 'GET /cart', start: D1 + 2 * HOUR, count: 400, durationMs: 10 },
      { service: 'checkout', operation: 'call payment', kind: 'Client' as const, start: D1 + 3 * HOUR, count: 300, durationMs: 5 },
      { service: 'checkout', operation: 'POST /checkout', start: D2 + HOUR, count: 100, durationMs: 40 },
      { service: 'checkout', operation: 'GET /cart', start: D2 + 2 * HOUR, count: 300, durationMs: 10 },
      { service: 'checkout', operation: 'GET /cart', start: D3 + HOUR, count: 1000, durationMs: 10 },
      { service: 'frontend', operation: 'render', kind: 'Internal' as const, start: D1 + HOUR, count: 300, durationMs: 5 },
    ]
    for (const batch of batches) await insertSpanBatch(store, batch)
  })
  afterAll(() => store?.dispose())

  it('gives cost per request and per 1,000 requests per service, per day and over the range, endpoints by span time', async () => {
    const res = await unitCosts(store, settings, { from: D1, to: D3 + DAY, metric: 'EffectiveCost', endpointSplit: 'duration' })
    expect(res.services.map((s) => s.service)).toEqual(['checkout', 'frontend'])
    const [checkout, frontend] = res.services
    expect(checkout).toMatchObject({ team: 'payments', currency: 'USD', requests: 1000 })
    expect(checkout.cost).toBeCloseTo(50, 9)
    expect(checkout.costPerRequest).toBeCloseTo(0.05, 12)
    expect(checkout.costPer1000Requests).toBeCloseTo(50, 9)
    expect(checkout.days.map((d) => [d.day, d.requests])).toEqual([
      [D1, 600],
      [D2, 400],
    ])
    expect(checkout.days[0].cost).toBeCloseTo(30, 9)
    expect(checkout.days[0].costPerRequest).toBeCloseTo(0.05, 12)
    expect(checkout.days[1].costPer1000Requests).toBeCloseTo(50, 9)

    const endpoints = Object.fromEntries(checkout.endpoints.map((e) => [e.operation, e]))
    expect(Object.keys(endpoints)).toEqual(['POST /checkout', 'GET /cart'])
    expect(endpoints['POST /checkout']).toMatchObject({ spanKind: 'Server', requests: 300 })
    expect(endpoints['POST /checkout'].cost).toBeCloseTo(20 + 80 / 7, 9)
    expect(endpoints['POST /checkout'].costPerRequest).toBeCloseTo((20 + 80 / 7) / 300, 12)
    expect(endpoints['GET /cart'].requests).toBe(700)
    expect(endpoints['GET /cart'].costPerRequest).toBeCloseTo((10 + 60 / 7) / 700, 12)
    expect(endpoints['GET /cart'].costPer1000Requests).toBeCloseTo(((10 + 60 / 7) / 700) * 1000, 9)
    expect(endpoints['POST /checkout'].share + endpoints['GET /cart'].share).toBeCloseTo(1, 12)

    expect(frontend).toMatchObject({ requests: 300, team: null })
    expect(frontend.costPerRequest).toBeCloseTo(0.04, 12)
    expect(frontend.endpoints).toHaveLength(1)
    expect(frontend.endpoints[0]).toMatchObject({ operation: 'render', spanKind: 'Internal', requests: 300 })
  })

  it('splits among endpoints by requests when asked, and answers for one service', async () => {
    const res = await unitCosts(store, settings, { from: D1, to: D1 + DAY, metric: 'BilledCost', endpointSplit: 'requests', service: 'checkout' })
    expect(res.services).toHaveLength(1)
    const endpoints = Object.fromEntries(res.services[0].endpoints.map((e) => [e.operation, e]))
    expect(endpoints['POST /checkout'].cost).toBeCloseTo(10, 9)
    expect(endpoints['GET /cart'].cost).toBeCloseTo(20, 9)
    expect(endpoints['POST /checkout'].costPerRequest).toBeCloseTo(0.05, 12)
    expect(endpoints['GET /cart'].costPerRequest).toBeCloseTo(0.05, 12)
  })

  it('has a service with cost but no requests say so (no cost per request), and leaves out services without cost', async () => {
    const res = await unitCosts(store, settings, { from: D3, to: D3 + DAY, metric: 'EffectiveCost', endpointSplit: 'duration' })
    expect(res.services).toEqual([])
    await insertBillingRows(store, [{ start: '2026-11-06', cost: 7, tags: { app: 'frontend' } }])
    const later = await unitCosts(store, settings, { from: D3 + 2 * DAY, to: D3 + 3 * DAY, metric: 'EffectiveCost', endpointSplit: 'duration' })
    expect(later.services).toEqual([
      {
        service: 'frontend',
        team: null,
        currency: 'USD',
        cost: 7,
        requests: 0,
        costPerRequest: null,
        costPer1000Requests: null,
        days: [{ day: D3 + 2 * DAY, cost: 7, requests: 0, costPerRequest: null, costPer1000Requests: null }],
        endpoints: [],
      },
    ])
  })
})
