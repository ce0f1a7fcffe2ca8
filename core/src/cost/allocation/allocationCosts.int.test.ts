import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStore, type TestStore } from '../../testing/testStore.js'
import { allocationCosts } from './allocationCosts.js'
import { insertBillingRows, insertSpanBatch } from './costTestRows.js'
import { parseAllocationText } from './allocationSettings.js'
import type { AllocationSettings } from './ruleSet.js'
import { createApiRule, deleteApiRule } from './ruleStore.js'

/*
 * Two days of billing rows and one day of spans, every expected figure worked out by hand:
 *
 * 2026-11-02 (D1), EffectiveCost
 *   100  app=checkout                     → checkout (rule 1)
 *    40  app=checkout, team=web           → checkout: rule 1 comes before rule 2 (first match wins)
 *    30  team=web                         → frontend (rule 2)
 *    50  sub-account 012345678901         → payment (rule 3; the leading zero kept from the YAML)
 *    20  resource arn:…:db:orders-prod    → inventory (rule 4, a glob)
 *    12  k8s namespace shop, deployment recommendation → recommendation (rule 5)
 *    90  shared=platform                  → split by requests (rule 6): frontend 600, checkout 300
 *                                           (its 100 client spans do not count: it has entry spans),
 *                                           batch 100 (internal spans only: all count) → 54 / 27 / 9
 *    60  AWS Support                      → fixed (rule 7): checkout 50 % = 30, frontend 30 % = 18,
 *                                           the other 20 % = 12 stays unallocated (fixed_remainder)
 *    25  no tags                          → no rule: unallocated (no_rule)
 *    10  app=checkout, charge period D1..D3 (two days) → 5 on D1, 5 on D2
 * 2026-11-03 (D2)
 *    33  shared=platform                  → no requests that day: unallocated (no_weights)
 *
 * D1: checkout 100+40+27+30+5 = 202, frontend 30+54+18 = 102, payment 50, inventory 20,
 *     recommendation 12, batch 9, unallocated 12+25 = 37.   D2: checkout 5, unallocated 33.
 */

const D1 = Date.UTC(2026, 10, 2)
const D2 = Date.UTC(2026, 10, 3)
const DAY = 86_400_000

const RULES = `
version: 1
teams:
  frontend: web
  payment: payments
  inventory: core
  batch: data
rules:
  - name: checkout by app tag
    match: { tags: { app: checkout } }
    service: checkout
    team: payments
  - name: web team tag
    match: { tags: { team: web } }
    service: frontend
  - name: payments account
    match: { subAccountId: 012345678901 }
    service: payment
  - name: orders database
    match: { resourceId: "arn:aws:rds:*:db:orders-*" }
    service: inventory
  - name: recommendation workload
    match: { namespace: shop, workload: recommendation }
    service: recommendation
  - name: shared platform
    match: { tags: { shared: platform } }
    split: { by: requests }
  - name: support plan
    match: { cloudService: AWS Support }
    split: { by: fixed, shares: { checkout: 50, frontend: 30 } }
`

describe('allocation of billing rows to services and teams', () => {
  let store: TestStore
  const settings = parseAllocationText(RULES, 'rules.yaml')

  beforeAll(async () => {
    store = await openTestStore()
    await insertBillingRows(store, [
      { start: '2026-11-02', cost: 100, tags: { app: 'checkout' } },
      { start: '2026-11-02', cost: 40, tags: { app: 'checkout', team: 'web' } },
      { start: '2026-11-02', cost: 30, tags: { team: 'web' } },
      { start: '2026-11-02', cost: 50, subAccountId: '012345678901' },
      { start: '2026-11-02', cost: 20, resourceId: 'arn:aws:rds:eu-west-1:123:db:orders-prod', service: 'Amazon RDS' },
      { start: '2026-11-02', cost: 12, tags: { 'k8s.namespace.name': 'shop', 'k8s.deployment.name': 'recommendation' } },
      { start: '2026-11-02', cost: 90, tags: { shared: 'platform' } },
      { start: '2026-11-02', cost: 60, service: 'AWS Support' },
      { start: '2026-11-02', cost: 25 },
      { start: '2026-11-02', end: '2026-11-04', cost: 10, tags: { app: 'checkout' } },
      { start: '2026-11-03', cost: 33, tags: { shared: 'platform' } },
      // outside the range asked for: must not count
      { start: '2026-11-05', cost: 1000, tags: { app: 'checkout' } },
    ])
    await insertSpanBatch(store, { service: 'frontend', operation: 'GET /', start: D1 + 3_600_000, count: 600, durationMs: 10 })
    await insertSpanBatch(store, { service: 'checkout', operation: 'POST /checkout', start: D1 + 7_200_000, count: 300, durationMs: 20 })
    await insertSpanBatch(store, { service: 'checkout', operation: 'call payment', kind: 'Client', start: D1 + 7_200_000, count: 100, durationMs: 5 })
    await insertSpanBatch(store, { service: 'batch', operation: 'nightly', kind: 'Internal', start: D1 + 10_800_000, count: 100, durationMs: 100 })
  })
  afterAll(() => store?.dispose())

  const totalsOf = (rows: { name: string; unallocated: boolean; cost: number }[]) =>
    Object.fromEntries(rows.map((r) => [r.unallocated ? '(unallocated)' : r.name, r.cost]))

  it('gives each day its services, the first matching rule winning, splits by requests and fixed shares, and the unallocated cost as its own row', async () => {
    const res = await allocationCosts(store, settings, { from: D1, to: D2 + DAY, by: 'service', metric: 'EffectiveCost' })
    expect(res.from).toBe(D1)
    expect(res.to).toBe(D2 + DAY)
    const d1 = totalsOf(res.days.filter((d) => d.day === D1))
    const d2 = totalsOf(res.days.filter((d) => d.day === D2))
    for (const [name, cost] of Object.entries({ checkout: 202, frontend: 102, payment: 50, inventory: 20, recommendation: 12, batch: 9, '(unallocated)': 37 })) {
      expect(d1[name], name).toBeCloseTo(cost, 9)
    }
    expect(Object.keys(d1)).toHaveLength(7)
    expect(d2.checkout).toBeCloseTo(5, 9)
    expect(d2['(unallocated)']).toBeCloseTo(33, 9)
    expect(Object.keys(d2)).toHaveLength(2)
    // totals: most expensive first, unallocated last, named as such
    expect(res.totals.map((t) => t.name)).toEqual(['checkout', 'frontend', 'payment', 'inventory', 'recommendation', 'batch', 'unallocated'])
    expect(res.totals.at(-1)).toMatchObject({ unallocated: true, currency: 'USD' })
    expect(res.totals.at(-1)?.cost).toBeCloseTo(70, 9)
    expect(res.totals.reduce((s, t) => s + t.cost, 0)).toBeCloseTo(470, 9)
    const reasons = Object.fromEntries(res.unallocated.map((u) => [u.reason, u.cost]))
    expect(reasons.no_rule).toBeCloseTo(25, 9)
    expect(reasons.fixed_remainder).toBeCloseTo(12, 9)
    expect(reasons.no_weights).toBeCloseTo(33, 9)
  })

  it('rolls services up to their teams (rule team, then the teams map; none is "")', async () => {
    const res = await allocationCosts(store, settings, { from: D1, to: D1 + DAY, by: 'team', metric: 'EffectiveCost' })
    const t = totalsOf(res.totals)
    expect(t.payments).toBeCloseTo(252, 9)
    expect(t.web).toBeCloseTo(102, 9)
    expect(t.core).toBeCloseTo(20, 9)
    expect(t.data).toBeCloseTo(9, 9)
    expect(t['']).toBeCloseTo(12, 9)
    expect(t['(unallocated)']).toBeCloseTo(37, 9)
  })

  it('evaluates stored rules after the file’s, by priority, and applies a change at once', async () => {
    const later = await createApiRule(store, { name: 'leftovers to ops', match: { any: true }, service: 'ops', priority: 50 })
    const first = await createApiRule(store, { name: 'untagged to misc', match: { untagged: true }, service: 'misc', priority: 10 })
    const res = await allocationCosts(store, settings, { from: D1, to: D1 + DAY, by: 'service', metric: 'EffectiveCost' })
    const t = totalsOf(res.totals)
    // the untagged row (25) reaches "untagged to misc" before the catch-all; nothing else is left for "ops"
    expect(t.misc).toBeCloseTo(25, 9)
    expect(t.ops).toBeUndefined()
    expect(t['(unallocated)']).toBeCloseTo(12, 9)
    await deleteApiRule(store, first.id)
    await deleteApiRule(store, later.id)
    const after = totalsOf((await allocationCosts(store, settings, { from: D1, to: D1 + DAY, by: 'service', metric: 'EffectiveCost' })).totals)
    expect(after.misc).toBeUndefined()
    expect(after['(unallocated)']).toBeCloseTo(37, 9)
  })
})

describe('splitting by CPU seconds', () => {
  let store: TestStore
  beforeAll(async () => {
    store = await openTestStore()
  })
  afterAll(() => store?.dispose())

  it('divides a shared cost by each service’s CPU seconds that day (cumulative counters counted by their growth)', async () => {
    const point = (service: string, startMs: number, timeMs: number, value: number, temporality = 2) => ({
      ServiceName: service,
      MetricName: 'process.cpu.time',
      ResourceAttributes: { 'service.name': service },
      Attributes: { 'cpu.mode': 'user' },
      StartTimeUnix: String(BigInt(startMs) * 1_000_000n),
      TimeUnix: String(BigInt(timeMs) * 1_000_000n),
      Value: value,
      AggregationTemporality: temporality,
      IsMonotonic: true,
    })
    // api: a counter started the day before, 100 → 130 s during D1: 30 s; worker: started on D1, reaches 90 s: 90 s;
    // cron: delta points 5 + 5: 10 s. Shares of 130 s: 30 / 90 / 10.
    await store.client.insert({
      table: `${store.database}.otel_metrics_sum`,
      format: 'JSONEachRow',
      values: [
        point('api', D1 - DAY, D1 + 60_000, 100),
        point('api', D1 - DAY, D1 + 7_200_000, 130),
        point('worker', D1 + 1000, D1 + 60_000, 10),
        point('worker', D1 + 1000, D1 + 7_200_000, 90),
        point('cron', D1, D1 + 60_000, 5, 1),
        point('cron', D1, D1 + 120_000, 5, 1),
      ],
    })
    await insertBillingRows(store, [{ start: '2026-11-02', cost: 260, tags: { shared: 'cluster' } }])
    const settings: AllocationSettings = {
      fileContent: { rules: [{ name: 'cluster by cpu', match: { tags: { shared: 'cluster' } }, split: { by: 'cpu', metric: 'process.cpu.time' } }] },
    }
    const t = totalsOf((await allocationCosts(store, settings, { from: D1, to: D1 + DAY, by: 'service', metric: 'BilledCost' })).totals)
    expect(t.api).toBeCloseTo(60, 9)
    expect(t.worker).toBeCloseTo(180, 9)
    expect(t.cron).toBeCloseTo(20, 9)
  })

  const totalsOf = (rows: { name: string; unallocated: boolean; cost: number }[]) =>
    Object.fromEntries(rows.map((r) => [r.unallocated ? '(unallocated)' : r.name, r.cost]))
})
