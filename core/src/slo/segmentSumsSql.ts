import { type SqlParams, secondTime } from '../telemetry/queries/sqlParams.js'
import { cellPieces } from '../telemetry/queries/redCells.js'

/*
 * The shape every SLI query shares. A source (RED cells, raw spans, metric points) yields rows
 * `Cell` (DateTime: a cell's or minute's start), `Good` and `Total` (arrays: one element per SLO
 * of the query); this sums them per history bucket and per segment, where the segments are cut at
 * every moment a figure starts from (the window's start, each burn-rate window's start), so each
 * figure is a sum of whole segments. Timeslices first sum each time slice and count the bad ones.
 */

export interface SegmentPlan {
  /** Where segments start, ascending; reading starts at the first. */
  starts: number[]
  /** Exclusive end of the last segment (a whole minute, or time slice). */
  end: number
  /** History bucket (a whole number of hours, aligned on the epoch), or null for none. */
  bucketMs: number | null
  /** Timeslices: the slice length and each SLO's slice target (a slice is bad when good ÷ total is below it). */
  slice: { minutes: number; targets: number[] } | null
}

export interface SegmentRow {
  /** Start of the history bucket (epoch ms; 0 without history). */
  bucket: number
  /** Index into the plan's starts. */
  seg: number
  good: number[]
  total: number[]
  /** Timeslices: bad slices, and slices with at least one event. */
  bad?: number[]
  withEvents?: number[]
}

/** No history: one bucket. */
const NO_BUCKET_SECONDS = 2 ** 31

/** `bucket` (its start, epoch ms) and `seg` (index into plan.starts) of the rows at `time` (a DateTime column). */
export function segmentKeysSql(p: SqlParams, plan: SegmentPlan, time: string): string {
  const step = p.add('UInt32', plan.bucketMs === null ? NO_BUCKET_SECONDS : plan.bucketMs / 1000)
  // the starts passed, counted with plain comparisons (a lambda over an array costs several times more per row)
  const seconds = `toUnixTimestamp(${time})`
  const passed = plan.starts.slice(1).map((t) => `(${seconds} >= ${p.add('UInt32', Math.floor(t / 1000))})`)
  return `intDiv(${seconds}, ${step}) * ${step} * 1000 AS bucket, toUInt32(${passed.length > 0 ? passed.join(' + ') : '0'}) AS seg`
}

/** The query summing `inner`'s rows per bucket and segment (rows: SegmentRow). */
export function segmentSumsSql(p: SqlParams, inner: string, plan: SegmentPlan): string {
  if (!plan.slice) {
    return `SELECT ${segmentKeysSql(p, plan, 'Cell')}, sumForEach(Good) AS good, sumForEach(Total) AS total
FROM (${inner})
GROUP BY bucket, seg`
  }
  const targets = p.add('Array(Float64)', plan.slice.targets)
  return `SELECT ${segmentKeysSql(p, plan, 'Slice')}, sumForEach(SliceGood) AS good, sumForEach(SliceTotal) AS total,
  sumForEach(arrayMap((g, t, x) -> toUInt64(t > 0 AND g / t < x), SliceGood, SliceTotal, ${targets})) AS bad,
  sumForEach(arrayMap(t -> toUInt64(t > 0), SliceTotal)) AS withEvents
FROM (
  SELECT toStartOfInterval(Cell, INTERVAL ${p.add('UInt32', plan.slice.minutes)} MINUTE) AS Slice, sumForEach(Good) AS SliceGood, sumForEach(Total) AS SliceTotal
  FROM (${inner})
  GROUP BY Slice
)
GROUP BY bucket, seg`
}

/** [from, to) ranges of a tier's cells: each segment cut into aligned cells, adjacent ones merged. */
export function tierRanges(plan: Pick<SegmentPlan, 'starts' | 'end'>, tierMs: number[], maxTier: number): [number, number][][] {
  const byTier: [number, number][][] = tierMs.map(() => [])
  plan.starts.forEach((from, i) => {
    const to = plan.starts[i + 1] ?? plan.end
    for (const piece of cellPieces({ from, to }, tierMs, maxTier)) {
      const runs = byTier[piece.tier]
      const last = runs[runs.length - 1]
      if (last && last[1] === piece.from) last[1] = piece.to
      else runs.push([piece.from, piece.to])
    }
  })
  return byTier
}

/** `(column >= from AND column < to) OR …`, or '0' for no range. */
export function rangesSql(p: SqlParams, column: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return '0'
  return ranges.map(([from, to]) => `(${column} >= ${secondTime(p, from)} AND ${column} < ${secondTime(p, to)})`).join(' OR ')
}
