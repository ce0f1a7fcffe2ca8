import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestStore, queryRows, type TestStore } from '../testing/testStore.js'
import { recordBillingImport } from './recordBillingImport.js'
import { replaceBillingPeriods } from './replaceBillingPeriods.js'

interface Row {
  provider: string
  period: string
  chargeStart: string
  cost: string
  service?: string
}

/** Fills a staging table with rows built in the test (the other mandatory columns get their defaults). */
function fillWith(store: TestStore, rows: Row[], source = 'focus-file') {
  return async (staging: string) => {
    await store.client.insert({
      table: staging,
      format: 'JSONEachRow',
      values: rows.map((r) => ({
        ProviderName: r.provider,
        BillingPeriodStart: `${r.period} 00:00:00`,
        ChargePeriodStart: r.chargeStart,
        BilledCost: r.cost,
        EffectiveCost: r.cost,
        ServiceName: r.service ?? 'svc',
        x_Source: source,
      })),
    })
  }
}

async function totals(store: TestStore) {
  return queryRows<{ provider: string; period: string; rows: string; cost: string }>(
    store,
    `SELECT ProviderName AS provider, toString(toDate(BillingPeriodStart)) AS period, toString(count()) AS rows, toString(sum(BilledCost)) AS cost
       FROM ${store.database}.meridian_billing GROUP BY provider, period ORDER BY provider, period`,
  )
}

async function tableNames(store: TestStore) {
  const rows = await queryRows<{ name: string }>(store, 'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name', { db: store.database })
  return rows.map((r) => r.name)
}

describe('replaceBillingPeriods', () => {
  let store: TestStore
  beforeEach(async () => {
    store = await openTestStore()
  })
  afterEach(async () => {
    await store.dispose()
  })

  const septemberAws: Row[] = [
    { provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-01 00:00:00', cost: '1.25' },
    { provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-02 00:00:00', cost: '2.50' },
  ]
  const octoberAws: Row[] = [{ provider: 'AWS', period: '2024-10-01', chargeStart: '2024-10-03 00:00:00', cost: '10' }]
  const septemberAzure: Row[] = [{ provider: 'Microsoft', period: '2024-09-01', chargeStart: '2024-09-05 00:00:00', cost: '7.125' }]

  it('importing the same rows twice gives the same totals, and drops its staging table', async () => {
    const rows = [...septemberAws, ...octoberAws, ...septemberAzure]
    const first = await replaceBillingPeriods(store, { source: 'focus-file', fill: fillWith(store, rows) })
    expect(first.rows).toBe(4)
    expect(first.periods).toEqual([
      { provider: 'AWS', periodStart: '2024-09-01 00:00:00' },
      { provider: 'AWS', periodStart: '2024-10-01 00:00:00' },
      { provider: 'Microsoft', periodStart: '2024-09-01 00:00:00' },
    ])
    const once = await totals(store)
    await replaceBillingPeriods(store, { source: 'focus-file', fill: fillWith(store, rows) })
    expect(await totals(store)).toEqual(once)
    expect(once).toEqual([
      { provider: 'AWS', period: '2024-09-01', rows: '2', cost: '3.75' },
      { provider: 'AWS', period: '2024-10-01', rows: '1', cost: '10' },
      { provider: 'Microsoft', period: '2024-09-01', rows: '1', cost: '7.125' },
    ])
    expect((await tableNames(store)).filter((n) => n.includes('staging'))).toEqual([])
  })

  it('a second import of one period leaves the other periods and providers alone', async () => {
    await replaceBillingPeriods(store, { source: 'focus-file', fill: fillWith(store, [...septemberAws, ...octoberAws, ...septemberAzure]) })
    const result = await replaceBillingPeriods(store, {
      source: 'focus-file',
      fill: fillWith(store, [{ provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-10 00:00:00', cost: '100' }]),
    })
    expect(result).toEqual({ periods: [{ provider: 'AWS', periodStart: '2024-09-01 00:00:00' }], rows: 1 })
    expect(await totals(store)).toEqual([
      { provider: 'AWS', period: '2024-09-01', rows: '1', cost: '100' },
      { provider: 'AWS', period: '2024-10-01', rows: '1', cost: '10' },
      { provider: 'Microsoft', period: '2024-09-01', rows: '1', cost: '7.125' },
    ])
  })

  it('keeps the same period of another source apart', async () => {
    await replaceBillingPeriods(store, { source: 'focus-file', fill: fillWith(store, septemberAws) })
    await replaceBillingPeriods(store, { source: 'aws-cost-explorer', fill: fillWith(store, septemberAws.slice(0, 1), 'aws-cost-explorer') })
    const bySource = await queryRows(store, `SELECT x_Source, toString(count()) AS n FROM ${store.database}.meridian_billing GROUP BY x_Source ORDER BY x_Source`)
    expect(bySource).toEqual([
      { x_Source: 'aws-cost-explorer', n: '1' },
      { x_Source: 'focus-file', n: '2' },
    ])
  })

  it('keepBefore keeps the stored rows of a replaced partition that start before it', async () => {
    const stored: Row[] = [
      { provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-01 00:00:00', cost: '1' },
      { provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-02 00:00:00', cost: '2' },
      { provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-03 00:00:00', cost: '4' },
      { provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-04 00:00:00', cost: '8' },
      ...octoberAws,
    ]
    await replaceBillingPeriods(store, { source: 'aws-cost-explorer', fill: fillWith(store, stored, 'aws-cost-explorer') })
    // A sync that re-fetches from 2024-09-03: days 3 and 4 revised, day 5 new.
    const result = await replaceBillingPeriods(store, {
      source: 'aws-cost-explorer',
      keepBefore: new Date('2024-09-03T00:00:00Z'),
      fill: fillWith(
        store,
        [
          { provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-03 00:00:00', cost: '16' },
          { provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-04 00:00:00', cost: '32' },
          { provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-05 00:00:00', cost: '64' },
        ],
        'aws-cost-explorer',
      ),
    })
    expect(result.rows).toBe(3)
    const september = await queryRows(
      store,
      `SELECT toString(ChargePeriodStart) AS start, toString(BilledCost) AS cost FROM ${store.database}.meridian_billing
        WHERE toDate(BillingPeriodStart) = '2024-09-01' ORDER BY start`,
    )
    expect(september).toEqual([
      { start: '2024-09-01 00:00:00', cost: '1' },
      { start: '2024-09-02 00:00:00', cost: '2' },
      { start: '2024-09-03 00:00:00', cost: '16' },
      { start: '2024-09-04 00:00:00', cost: '32' },
      { start: '2024-09-05 00:00:00', cost: '64' },
    ])
    expect((await totals(store)).find((t) => t.period === '2024-10-01')).toEqual({ provider: 'AWS', period: '2024-10-01', rows: '1', cost: '10' })
  })

  it('stores nothing and drops the staging table when fill fails', async () => {
    await replaceBillingPeriods(store, { source: 'focus-file', fill: fillWith(store, septemberAws) })
    const failing = replaceBillingPeriods(store, {
      source: 'focus-file',
      fill: async (staging) => {
        await fillWith(store, [{ provider: 'AWS', period: '2024-09-01', chargeStart: '2024-09-09 00:00:00', cost: '5' }])(staging)
        throw new Error('the file ended early')
      },
    })
    await expect(failing).rejects.toThrow('the file ended early')
    expect(await totals(store)).toEqual([{ provider: 'AWS', period: '2024-09-01', rows: '2', cost: '3.75' }])
    expect((await tableNames(store)).filter((n) => n.includes('staging'))).toEqual([])
  })

  it('refuses staged rows of another source', async () => {
    const wrong = replaceBillingPeriods(store, { source: 'focus-file', fill: fillWith(store, septemberAws, 'aws-cost-explorer') })
    await expect(wrong).rejects.toThrow(/x_Source other than "focus-file"/)
    expect(await totals(store)).toEqual([])
  })

  it('recordBillingImport appends a row to the imports table', async () => {
    await recordBillingImport(store, {
      importId: 'imp-1',
      source: 'focus-file',
      startedAt: new Date('2024-10-02T10:00:00.123Z'),
      finishedAt: new Date('2024-10-02T10:00:05Z'),
      status: 'imported',
      origin: 'bill.csv',
      focusVersion: '1.0',
      rowsRead: 10,
      rowsImported: 9,
      rowsSetAside: 1,
      problems: [{ line: 3, column: 'BilledCost', reason: 'not a number' }],
      periods: [{ provider: 'AWS', periodStart: '2024-09-01 00:00:00' }],
      apiRequests: 0,
    })
    const [row] = await queryRows(store, `SELECT * FROM ${store.database}.meridian_billing_imports`)
    expect(row).toMatchObject({
      ImportId: 'imp-1',
      Source: 'focus-file',
      StartedAt: '2024-10-02 10:00:00.123',
      Status: 'imported',
      RowsImported: '9',
      RowsSetAside: '1',
      Periods: [{ provider: 'AWS', periodStart: '2024-09-01 00:00:00' }],
    })
    expect(JSON.parse((row as { Problems: string }).Problems)).toEqual([{ line: 3, column: 'BilledCost', reason: 'not a number' }])
  })
})
