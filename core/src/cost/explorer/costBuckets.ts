import type { CostGranularity } from '../../api/cost.js'
import { MeridianError } from '../../errors.js'

export const DAY_MS = 86_400_000

/** The most buckets a cost series has (e.g. about 2.7 years by day). */
export const MAX_COST_BUCKETS = 1000

export const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS
/** A range widened to whole UTC days. */
export const dayRange = (range: { from: number; to: number }) => ({ from: startOfDay(range.from), to: Math.ceil(range.to / DAY_MS) * DAY_MS })
export const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The start (UTC midnight) of the bucket holding `ms`: its day, its ISO week's Monday, or its month's first day. */
export function bucketStart(ms: number, granularity: CostGranularity): number {
  const day = startOfDay(ms)
  if (granularity === 'day') return day
  if (granularity === 'week') return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS
  const d = new Date(day)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

function nextBucket(start: number, granularity: CostGranularity): number {
  if (granularity === 'day') return start + DAY_MS
  if (granularity === 'week') return start + 7 * DAY_MS
  const d = new Date(start)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
}

/** Bucket starts covering [from, to): the first may begin before `from` (a week from its Monday, a month from its first). */
export function costBucketStarts(range: { from: number; to: number }, granularity: CostGranularity): number[] {
  const starts: number[] = []
  for (let t = bucketStart(range.from, granularity); t < range.to; t = nextBucket(t, granularity)) {
    if (starts.length === MAX_COST_BUCKETS) {
      throw new MeridianError(400, 'bad_request', `granularity: ${granularity} cuts the range into more than ${MAX_COST_BUCKETS} buckets; choose a coarser one or a shorter range`)
    }
    starts.push(t)
  }
  return starts
}

/**
 * The same bucket start in SQL, as epoch seconds, from a row's ChargePeriodStart (DateTime('UTC')),
 * through its day (`toStartOfDay`), the key the `daily` projection of meridian_billing has.
 */
export function bucketSql(granularity: CostGranularity): string {
  const day = 'toStartOfDay(ChargePeriodStart)'
  if (granularity === 'day') return `toUnixTimestamp(${day})`
  if (granularity === 'week') return `toUnixTimestamp(toDateTime(toMonday(${day}), 'UTC'))`
  return `toUnixTimestamp(toDateTime(toStartOfMonth(${day}), 'UTC'))`
}
