import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { costQuery } from '../../api/cost.js'
import { replaceBillingPeriods } from '../../billing/replaceBillingPeriods.js'
import type { Store } from '../../store.js'
import { openTestStore, type TestStore } from '../../testing/testStore.js'
import { NO_CONVERSION } from '../currency/currencySettings.js'
import { type BillingRowInput, billingRow } from './billingRows.js'
import { costExplorer } from './costExplorer.js'

/*
 * The cost explorer answers from meridian_billing's `daily` projection (migration 11) whenever its
 * grouping and filters are among the projection's columns, and its answers are the table's.
 * `force_optimize_projection` makes the engine refuse a query it cannot answer from a projection,
 * so a query that stopped matching it (a changed expression, a setting) fails here; the same
 * questions asked with projections turned off give the answers read from the table.
 */

/**
 * The store with extra settings on every query, in the query's SETTINGS clause: settings given to
 * the embedded engine as `clickhouse_settings` stay set on its session for later queries.
 */
function withSettings(store: Store, settings: Record<string, number>): Store {
  const extra = Object.entries(settings)
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ')
  const client = new Proxy(store.client, {
    get(target, key) {
      if (key === 'query') {
        return (params: Parameters<typeof target.query>[0]) =>
          target.query({ ...params, query: /\bSETTINGS\b[^)]*$/.test(params.query) ? `${params.query}, ${extra}` : `${params.query} SETTINGS ${extra}` })
      }
      const value = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { ...store, client }
}

// Three days of hourly rows: two resources of EC2 (tagged), one of S3 (one tag), BigQuery untagged
// without a sub-account; a credit; rows at 23:00 and 00:00 on either side of a day's end.
const rows: BillingRowInput[] = []
for (let day = 2; day <= 4; day++) {
  for (let hour = 0; hour < 24; hour++) {
    const at = `2024-09-0${day} ${String(hour).padStart(2, '0')}:00:00`
    rows.push({ chargeStart: at, provider: 'AWS', service: 'Amazon EC2', billed: '0.192', effective: '0.119', subAccount: '111', region: 'us-east-1', tags: { team: 'shop', env: 'prod' } })
    rows.push({ chargeStart: at, provider: 'AWS', service: 'Amazon EC2', billed: '0.096', subAccount: '222', region: 'eu-west-1', tags: { team: 'data', env: 'dev' } })
    rows.push({ chargeStart: at, provider: 'AWS', service: 'Amazon S3', billed: '0.0031', subAccount: '222', tags: { team: 'data' } })
    if (hour % 6 === 0) rows.push({ chargeStart: at, provider: 'Google Cloud', service: 'BigQuery', billed: '1.25', effective: '1.1' })
  }
}
rows.push({ chargeStart: '2024-09-03 12:00:00', provider: 'AWS', service: 'Amazon EC2', billed: '-5', subAccount: '111', tags: { team: 'shop', env: 'prod' } })

const QUESTIONS: Record<string, string | string[]>[] = [
  {},
  { groupBy: 'ServiceName' },
  { groupBy: 'ProviderName', granularity: 'month' },
  { groupBy: 'SubAccountId', filter: 'ProviderName=AWS', granularity: 'week' },
  { groupBy: 'tag:team', metric: 'BilledCost' },
  { groupBy: 'tag:team', filter: 'tag:env=prod' },
  { groupBy: 'tag:env', filter: ['ServiceName!=Amazon S3', 'RegionId=us-east-1', 'RegionId='], top: '1' },
  { groupBy: 'RegionId', metric: 'ListCost', from: '2024-09-03', to: '2024-09-04' },
]

async function answers(store: Store) {
  const out = []
  for (const q of QUESTIONS) out.push(await costExplorer(store, costQuery.parse({ from: '2024-09-01', to: '2024-09-08', ...q }), NO_CONVERSION))
  return out
}

describe('cost explorer and the daily projection (embedded engine)', () => {
  let direct: TestStore
  let replaced: TestStore
  beforeAll(async () => {
    direct = await openTestStore()
    await direct.client.insert({ table: `${direct.database}.meridian_billing`, values: rows.map(billingRow), format: 'JSONEachRow' })
    // through an import's path: a staging table made AS meridian_billing, then REPLACE PARTITION
    replaced = await openTestStore()
    await replaceBillingPeriods(replaced, {
      source: 'focus-file',
      fill: (staging) => replaced.client.insert({ table: staging, values: rows.map(billingRow), format: 'JSONEachRow' }).then(() => undefined),
    })
  })
  afterAll(async () => {
    await direct?.dispose()
    await replaced?.dispose()
  })

  it('answers every question from the projection, with the table’s answers', async () => {
    const fromProjection = await answers(withSettings(direct, { force_optimize_projection: 1 }))
    const fromTable = await answers(withSettings(direct, { optimize_use_projections: 0 }))
    expect(fromProjection).toEqual(fromTable)
    expect(fromTable[0]!.total).toBeCloseTo(3 * 24 * (0.119 + 0.096 + 0.0031) + 3 * 4 * 1.1 - 5, 9)
  })

  it('reads the table for a column the projection does not keep (the check above is real)', async () => {
    const q = costQuery.parse({ from: '2024-09-01', to: '2024-09-08', groupBy: 'ResourceId' })
    await expect(costExplorer(withSettings(direct, { force_optimize_projection: 1 }), q, NO_CONVERSION)).rejects.toThrow(/projection/i)
    expect((await costExplorer(direct, q, NO_CONVERSION)).groups).toHaveLength(1) // no resource ids: one '' group
  })

  it('has the projection on billing periods an import swapped in', async () => {
    expect(await answers(withSettings(replaced, { force_optimize_projection: 1 }))).toEqual(await answers(withSettings(direct, { optimize_use_projections: 0 })))
  })
})
