import { type SqlParams, secondTime } from './sqlParams.js'
import { MINUTE_MS, type TimeRange } from './timeRange.js'

/*
 * RED aggregates come in tiers: cells of 1, 10 and 30 minutes (migration 4). A range is read as
 * the coarsest cells that fit in its aligned middle and finer ones towards its ragged ends, so a
 * day costs 48 cells per key instead of 1,440, while every minute still counts exactly once.
 */

export interface Tier {
  table: string
  /** The table's time column (a cell's start). */
  time: string
  /** Cell length. */
  ms: number
}

/** Tiers of one aggregate, finest first; the first is per minute. */
export interface RedLevel {
  tiers: Tier[]
}

const tiers = (names: [string, string, string]): RedLevel => ({
  tiers: [
    { table: names[0], time: 'Minute', ms: MINUTE_MS },
    { table: names[1], time: 'Time', ms: 10 * MINUTE_MS },
    { table: names[2], time: 'Time', ms: 30 * MINUTE_MS },
  ],
})

/** Per service (`Entry` tells Server/Consumer spans from the rest). */
export const SERVICE_LEVEL = tiers(['meridian_red_service_1m', 'meridian_red_service_10m', 'meridian_red_service_30m'])

/** Per service, operation (SpanName) and span kind. */
export const OPERATION_LEVEL = tiers(['meridian_red_1m', 'meridian_red_10m', 'meridian_red_30m'])

export interface Piece {
  /** Index into the tiers. */
  tier: number
  from: number
  to: number
}

/**
 * Cuts `range` (whole minutes) into pieces, each aligned on its tier's cells: the coarsest tier
 * up to `maxTier` in the middle, finer ones at both ends.
 */
export function cellPieces(range: { from: number; to: number }, tierMs: number[], maxTier = tierMs.length - 1): Piece[] {
  if (range.from >= range.to) return []
  for (let tier = maxTier; tier > 0; tier--) {
    const ms = tierMs[tier]
    const from = Math.ceil(range.from / ms) * ms
    const to = Math.floor(range.to / ms) * ms
    if (from < to) {
      return [...cellPieces({ from: range.from, to: from }, tierMs, tier - 1), { tier, from, to }, ...cellPieces({ from: to, to: range.to }, tierMs, tier - 1)]
    }
  }
  return [{ tier: 0, from: range.from, to: range.to }]
}

/**
 * Cells per key a read aims at: each table a query reads costs a few milliseconds whatever its
 * size, each cell a few microseconds (summing its histogram), so a range is read from the finest
 * tier that covers it in at most this many cells.
 */
const TARGET_CELLS = 72

/**
 * The tier a range is read up to: the finest that covers it in TARGET_CELLS cells (else the
 * coarsest), no coarser than one whose cells each lie within one bucket of a series of `stepMs`
 * (buckets aligned on the epoch).
 */
export function maxTierFor(level: { tiers: { ms: number }[] }, range: TimeRange, stepMs?: number): number {
  let max = 0
  for (let i = 1; i < level.tiers.length; i++) {
    if (stepMs !== undefined && stepMs % level.tiers[i].ms !== 0) break
    if ((range.to - range.from) / level.tiers[i - 1].ms <= TARGET_CELLS) break
    max = i
  }
  return max
}

export interface CellsOptions {
  /** Columns to select besides `T` (the cell's start, DateTime). */
  columns: string
  /** A condition on the aggregate's key columns (e.g. the service); '1' for none. */
  where: string
  /** The series step the cells are bucketed by; absent for totals (any tier fits). */
  stepMs?: number
}

/** A subquery (in parentheses) over the cells of `range` (whole minutes). */
export function redCellsSql(p: SqlParams, database: string, level: RedLevel, range: TimeRange, options: CellsOptions): string {
  const pieces = cellPieces(
    range,
    level.tiers.map((t) => t.ms),
    maxTierFor(level, range, options.stepMs),
  )
  if (pieces.length === 0) pieces.push({ tier: 0, from: range.from, to: range.from })
  const selects = level.tiers.flatMap((tier, i) => {
    const mine = pieces.filter((piece) => piece.tier === i)
    if (mine.length === 0) return []
    const ranges = mine.map((piece) => `(${tier.time} >= ${secondTime(p, piece.from)} AND ${tier.time} < ${secondTime(p, piece.to)})`)
    return [`SELECT ${tier.time} AS T, ${options.columns} FROM ${database}.${tier.table} WHERE (${options.where}) AND (${ranges.join(' OR ')})`]
  })
  return `(${selects.join('\n  UNION ALL\n  ')})`
}
