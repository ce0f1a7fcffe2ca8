import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type BudgetInput, budgetInput } from '../../api/cost.js'
import { MeridianError } from '../../errors.js'
import { openTestStore, queryRows, type TestStore } from '../../testing/testStore.js'
import { createBudget, deleteBudget, getBudget, listBudgets, updateBudget } from './budgetStore.js'

const input = (over: Partial<BudgetInput> & Record<string, unknown> = {}): BudgetInput =>
  budgetInput.parse({ name: 'Cloud', scope: { kind: 'total' }, period: 'month', amount: 1000, currency: 'USD', ...over })

const notFound = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(MeridianError)
  expect((err as MeridianError).status).toBe(404)
  expect((err as MeridianError).message).toMatch(/^id: no budget /)
}

describe('budget storage (embedded engine)', () => {
  let store: TestStore
  beforeEach(async () => {
    store = await openTestStore()
  })
  afterEach(() => store?.dispose())

  it('creates budgets with defaults and lists them by name', async () => {
    const b = await createBudget(store, input({ name: 'Zeta', scope: { kind: 'tag', key: 'team', value: 'shop' }, amount: 1234.56 }))
    const a = await createBudget(store, input({ name: 'Alpha', scope: { kind: 'provider', provider: 'AWS' }, period: 'quarter', currency: 'CNY', metric: 'BilledCost' }))
    expect(b.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(b.thresholds).toEqual([
      { percent: 80, basis: 'actual' },
      { percent: 100, basis: 'forecast' },
    ])
    expect(b.metric).toBe('EffectiveCost')
    expect(await listBudgets(store)).toEqual([a, b])
    expect(await getBudget(store, b.id)).toEqual(b)
  })

  it('keeps every scope kind and exact amounts', async () => {
    const scopes = [
      { kind: 'total' },
      { kind: 'provider', provider: 'Microsoft' },
      { kind: 'service', service: 'Amazon Elastic Compute Cloud' },
      { kind: 'team', team: 'payments' },
      { kind: 'tag', key: 'cost-center', value: '' },
    ] as const
    for (const [i, scope] of scopes.entries()) await createBudget(store, input({ name: `b${i}`, scope, amount: 0.1 + i }))
    const listed = await listBudgets(store)
    expect(listed.map((b) => b.scope)).toEqual(scopes)
    expect(listed.map((b) => b.amount)).toEqual([0.1, 1.1, 2.1, 3.1, 4.1])
    const [amount] = await queryRows<{ a: string }>(store, `SELECT toString(Amount) AS a FROM ${store.database}.meridian_budgets WHERE Name = 'b0'`)
    expect(amount.a).toBe('0.1')
  })

  it('replaces a budget with a new version, however quickly, keeping its id and creation time', async () => {
    const created = await createBudget(store, input())
    let last = created
    for (let i = 1; i <= 5; i++) last = await updateBudget(store, created.id, input({ name: `Cloud v${i}`, amount: 1000 + i }))
    expect(last).toMatchObject({ id: created.id, name: 'Cloud v5', amount: 1005, createdAt: created.createdAt })
    expect(last.updatedAt).toBeGreaterThanOrEqual(created.updatedAt)
    expect(await listBudgets(store)).toEqual([last])
    // the engine may have merged the versions already; either way one row remains per budget, the newest
    const rows = await queryRows<{ Name: string }>(store, `SELECT Name FROM ${store.database}.meridian_budgets FINAL`)
    expect(rows).toEqual([{ Name: 'Cloud v5' }])
  })

  it('deletes with a tombstone, before and after the engine merges', async () => {
    await store.client.command({ query: `SYSTEM STOP MERGES ${store.database}.meridian_budgets` })
    const keep = await createBudget(store, input({ name: 'Keep' }))
    const gone = await createBudget(store, input({ name: 'Gone' }))
    await updateBudget(store, gone.id, input({ name: 'Gone v2' }))
    expect(await deleteBudget(store, gone.id)).toEqual({ id: gone.id, deleted: true })
    expect(await listBudgets(store)).toEqual([keep])
    await notFound(getBudget(store, gone.id))
    await notFound(updateBudget(store, gone.id, input()))
    await notFound(deleteBudget(store, gone.id))
    const [parts] = await queryRows<{ n: string }>(store, `SELECT count() AS n FROM ${store.database}.meridian_budgets`)
    expect(Number(parts.n)).toBe(4) // every version and the tombstone are still there, unmerged
    await store.client.command({ query: `SYSTEM START MERGES ${store.database}.meridian_budgets` })
    await store.client.command({ query: `OPTIMIZE TABLE ${store.database}.meridian_budgets FINAL` })
    expect(await listBudgets(store)).toEqual([keep])
    await notFound(getBudget(store, gone.id))
  })

  it('answers 404 for an id it never had', async () => {
    await notFound(getBudget(store, '00000000-0000-4000-8000-000000000000'))
  })
})
