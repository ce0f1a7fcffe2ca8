/** Times in the API are epoch milliseconds; the per-minute aggregates work in whole minutes. */

export const MINUTE_MS = 60_000

export interface TimeRange {
  /** Inclusive, epoch ms. */
  from: number
  /** Exclusive, epoch ms. */
  to: number
}

/** The range widened to whole minutes, as the per-minute aggregates can answer it. */
export function minuteRange(range: TimeRange): TimeRange {
  return { from: Math.floor(range.from / MINUTE_MS) * MINUTE_MS, to: Math.ceil(range.to / MINUTE_MS) * MINUTE_MS }
}

/** The period of the same length just before `range`. */
export function previousRange(range: TimeRange): TimeRange {
  return { from: range.from - (range.to - range.from), to: range.from }
}

export const rangeSeconds = (range: TimeRange) => (range.to - range.from) / 1000
