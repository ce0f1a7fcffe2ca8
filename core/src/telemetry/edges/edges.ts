import type { Store } from '../../store.js'
import { cellPieces, RED_TOTALS } from '../queries/redCells.js'
import type { RedTotals } from '../queries/redFigures.js'
import { msTime, SqlParams, secondTime } from '../queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../queries/storeQuery.js'
import type { TimeRange } from '../queries/timeRange.js'
import { cachedEdgesWatermark, EDGE_TIERS } from './edgesRollup.js'
import { rawEdgesSql } from './rawEdgesSql.js'

export interface EdgeRow extends RedTotals {
  source: string
  target: string
}

/**
 * Calls between services over `range` (whole minutes), per (source, target): the minutes the
 * rollup has done from meridian_edges_30m and _1m, the minutes after its watermark joined live
 * from raw spans. `service` keeps the edges that start or end at it.
 */
export async function readEdges(store: Store, range: TimeRange, options: QueryOptions & { service?: string } = {}): Promise<EdgeRow[]> {
  const watermark = (await cachedEdgesWatermark(store, options)) ?? Number.NEGATIVE_INFINITY
  const rolled = { from: range.from, to: Math.min(range.to, watermark) }
  const live = { from: Math.max(range.from, watermark), to: range.to }
  const p = new SqlParams()
  const db = store.database
  const parts = EDGE_TIERS.flatMap((tier, i) => {
    const pieces = cellPieces(
      rolled,
      EDGE_TIERS.map((t) => t.ms),
    ).filter((piece) => piece.tier === i)
    if (pieces.length === 0) return []
    const ranges = pieces.map((piece) => `(${tier.time} >= ${secondTime(p, piece.from)} AND ${tier.time} < ${secondTime(p, piece.to)})`)
    return [`SELECT Source, Target, Calls, Errors, LatencyHistogram FROM ${db}.${tier.table} FINAL WHERE ${ranges.join(' OR ')}`]
  })
  if (live.from < live.to) {
    parts.push(`SELECT Source, Target, Calls, Errors, LatencyHistogram FROM (${rawEdgesSql(db, { from: msTime(p, live.from), to: msTime(p, live.to) })})`)
  }
  if (parts.length === 0) return []
  const service = options.service === undefined ? '' : p.add('String', options.service)
  return selectRows<EdgeRow>(
    store,
    `SELECT Source AS source, Target AS target, ${RED_TOTALS}
FROM (SELECT Source, Target, Calls AS Requests, Errors, LatencyHistogram FROM (${parts.join('\n  UNION ALL\n  ')}))
${service ? `WHERE Source = ${service} OR Target = ${service}` : ''}
GROUP BY Source, Target
ORDER BY Source, Target`,
    p.values,
    options,
  )
}
