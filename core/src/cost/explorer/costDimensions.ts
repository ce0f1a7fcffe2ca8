import type { CostDimensionsResponse } from '../../api/cost.js'
import { COST_DIMENSIONS } from '../../api/cost.js'
import type { Store } from '../../store.js'
import { SqlParams } from '../../telemetry/queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../../telemetry/queries/storeQuery.js'
import { dayRange } from './costBuckets.js'
import { billingTable, chargeRangeConditions, whereSql } from './costSql.js'

/** The most tag keys listed. */
export const MAX_TAG_KEYS = 1000

/**
 * GET /api/v1/costs/dimensions: for the explorer's pickers, every groupable FOCUS dimension and
 * every tag key present, with how many distinct values each has in the range (all rows without one).
 */
export async function costDimensions(store: Store, q: { from?: number; to?: number }, options: QueryOptions = {}): Promise<CostDimensionsResponse> {
  const range = dayRange({ from: q.from ?? 0, to: q.to ?? 0 })
  const bounds = { from: q.from === undefined ? undefined : range.from, to: q.to === undefined ? undefined : range.to }
  const table = billingTable(store.database)
  const p = new SqlParams()
  const [counts] = await selectRows<Record<string, number>>(
    store,
    `SELECT count() AS rows, ${COST_DIMENSIONS.map((d) => `uniqExact(${d}) AS ${d}`).join(', ')} FROM ${table} WHERE ${whereSql(chargeRangeConditions(p, bounds))}`,
    p.values,
    options,
  )
  const t = new SqlParams()
  const tags = await selectRows<{ key: string; distinctValues: number }>(
    store,
    `SELECT key, uniqExact(Tags[key]) AS distinctValues FROM ${table} ARRAY JOIN mapKeys(Tags) AS key
      WHERE ${whereSql(chargeRangeConditions(t, bounds))} GROUP BY key ORDER BY key LIMIT ${MAX_TAG_KEYS}`,
    t.values,
    options,
  )
  return {
    rows: Number(counts.rows),
    dimensions: COST_DIMENSIONS.map((name) => ({ name, distinctValues: Number(counts[name]) })),
    tags: tags.map((r) => ({ key: r.key, distinctValues: Number(r.distinctValues) })),
  }
}
