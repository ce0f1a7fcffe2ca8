import type { Store } from '../../store.js'
import { type CellRow, type CellSource, cellRow, RedSum, readCells } from '../queries/redCellCache.js'
import type { RedTotals } from '../queries/redFigures.js'
import { msTime, SqlParams } from '../queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../queries/storeQuery.js'
import type { TimeRange } from '../queries/timeRange.js'
import { cachedEdgesWatermark, EDGE_TIERS } from './edgesRollup.js'
import { rawEdgesSql } from './rawEdgesSql.js'

export interface EdgeRow extends RedTotals {
  source: string
  target: string
}

const EDGES: CellSource = {
  level: { tiers: EDGE_TIERS },
  key: ['Source', 'Target'],
  measures: { requests: 'Calls', errors: 'Errors', histogram: 'LatencyHistogram' },
  final: true,
}

/**
 * Calls between services over `range` (whole minutes), per (source, target): the minutes the
 * rollup has done from meridian_edges_30m and _1m (through the cell cache, redCellCache.ts), the
 * minutes after its watermark joined live from raw spans. `service` keeps the edges that start
 * or end at it.
 */
export async function readEdges(store: Store, range: TimeRange, options: QueryOptions & { service?: string } = {}): Promise<EdgeRow[]> {
  const watermark = (await cachedEdgesWatermark(store, options)) ?? Number.NEGATIVE_INFINITY
  const rolled = { from: range.from, to: Math.min(range.to, watermark) }
  const live = { from: Math.max(range.from, watermark), to: range.to }
  const service = options.service
  const [cells, liveRows] = await Promise.all([
    // every edge's cells, cached once, whichever service asks
    rolled.from < rolled.to ? readCells(store, EDGES, [{ range: rolled }], options) : [[]],
    live.from < live.to ? liveEdges(store, live, service, options) : [],
  ])
  const sums = new Map<string, { source: string; target: string; sum: RedSum }>()
  const add = (source: string, target: string, row: CellRow) => {
    const id = `${source}\u0000${target}`
    const edge = sums.get(id) ?? { source, target, sum: new RedSum() }
    sums.set(id, edge)
    edge.sum.add(row)
  }
  const touches = (row: CellRow) => service === undefined || row.key[0] === service || row.key[1] === service
  for (const cell of cells[0]) for (const row of cell.rows) if (touches(row)) add(row.key[0], row.key[1], row)
  for (const row of liveRows) add(row.key[0], row.key[1], row)
  return [...sums.values()]
    .sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target))
    .map(({ source, target, sum }) => ({ source, target, requests: sum.requests, errors: sum.errors, histogram: sum.histogramRecord() }))
}

/** Edges of the minutes the rollup has not done yet, joined from raw spans, as cell rows. */
async function liveEdges(store: Store, live: TimeRange, service: string | undefined, options: QueryOptions): Promise<CellRow[]> {
  const p = new SqlParams()
  const where = service === undefined ? '' : `WHERE Source = ${p.add('String', service)} OR Target = ${p.add('String', service)}`
  const rows = await selectRows<{ source: string; target: string; requests: number; errors: number; histogram: Record<string, number> }>(
    store,
    `SELECT Source AS source, Target AS target, sum(Calls) AS requests, sum(Errors) AS errors, sumMap(LatencyHistogram) AS histogram
FROM (${rawEdgesSql(store.database, { from: msTime(p, live.from), to: msTime(p, live.to) })})
${where}
GROUP BY Source, Target`,
    p.values,
    options,
  )
  return rows.map((row) => cellRow([row.source, row.target], row))
}
