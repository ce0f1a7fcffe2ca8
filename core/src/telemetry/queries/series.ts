import type { RedSeries } from '../../api/telemetry.js'
import { bucketMs, quantileMs } from './redFigures.js'
import type { SqlParams } from './sqlParams.js'
import { MINUTE_MS, type TimeRange } from './timeRange.js'

/** Series steps (minutes): the smallest that cuts a range into at most ~TARGET_BUCKETS buckets is used. */
const TARGET_BUCKETS = 60
const STEPS_MINUTES = [1, 2, 5, 10, 20, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080]

/**
 * The buckets of a series over `range` (whole minutes): a step from STEPS_MINUTES, buckets aligned
 * on the epoch (so a bucket is made of whole cells of any tier whose length divides the step),
 * the first and last cut to the range.
 */
export class SeriesBuckets {
  readonly stepMs: number
  /** Start of bucket 0 (≤ range.from). */
  readonly origin: number
  readonly count: number

  constructor(
    readonly range: TimeRange,
    /** A step to use instead of choosing one. */
    stepMs?: number,
  ) {
    const minutes = (range.to - range.from) / MINUTE_MS / TARGET_BUCKETS
    this.stepMs = stepMs ?? (STEPS_MINUTES.find((s) => s >= minutes) ?? Math.ceil(minutes / 1440) * 1440) * MINUTE_MS
    this.origin = Math.floor(range.from / this.stepMs) * this.stepMs
    this.count = Math.ceil((range.to - this.origin) / this.stepMs)
  }

  /** SQL: the bucket index of a cell start `t` (DateTime). */
  indexSql(p: SqlParams, t: string): string {
    return `intDiv(toUInt32(${t}) - ${p.add('UInt32', this.origin / 1000)}, ${p.add('UInt32', this.stepMs / 1000)})`
  }

  /** SQL: the bucket index of a DateTime64 `t`, which may lie before the origin (then negative). */
  indexMsSql(p: SqlParams, t: string): string {
    return `intDiv(toUnixTimestamp64Milli(${t}) - ${p.add('Int64', this.origin)}, ${p.add('Int64', this.stepMs)})`
  }

  /** Bucket starts, the first one cut to the range's start. */
  starts(): number[] {
    return Array.from({ length: this.count }, (_, i) => Math.max(this.range.from, this.origin + i * this.stepMs))
  }

  /** Seconds of bucket `i` inside the range. */
  seconds(i: number): number {
    const start = Math.max(this.range.from, this.origin + i * this.stepMs)
    const end = Math.min(this.range.to, this.origin + (i + 1) * this.stepMs)
    return Math.max(1, (end - start) / 1000)
  }
}

/**
 * A RED series from per-bucket rows (bucket index → counts, and the p95 as a bucket read in SQL or
 * from the row's histogram); missing buckets had no spans.
 */
export function redSeries(buckets: SeriesBuckets, rows: Map<number, { requests: number; errors: number; b95: number; histogram?: Record<string, number> }>): RedSeries {
  const series: RedSeries = { stepMs: buckets.stepMs, t: buckets.starts(), requestsPerSecond: [], errorRate: [], p95Ms: [] }
  for (let i = 0; i < buckets.count; i++) {
    const row = rows.get(i)
    const requests = row ? Number(row.requests) : 0
    series.requestsPerSecond.push(requests / buckets.seconds(i))
    series.errorRate.push(requests > 0 ? Number(row!.errors) / requests : null)
    series.p95Ms.push(!row ? null : row.histogram && Object.keys(row.histogram).length > 0 ? quantileMs({ ...row, histogram: row.histogram }, 0.95) : bucketMs(row.b95, requests))
  }
  return series
}
