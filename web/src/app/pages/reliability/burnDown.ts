import type { SloDetail } from '@meridian/core/api'

/*
 * The budget burn-down of an SLO page: the budget left at the end of each history bucket, from
 * 100 % at the window's start, and the ideal line that spends the budget evenly over the period
 * (0 % at its end). Points are [epoch ms, percent].
 */

export interface BurnDown {
  /** Budget left: [window start, 100], then each bucket's end (the last one at the evaluation's end). */
  actual: [number, number][]
  /** Even spending over the whole period: [start, 100] to [start + period, 0]. */
  ideal: [number, number][]
  /** The x-axis: the window's start and the period's end (a calendar month's end, or the evaluation time). */
  from: number
  to: number
  /** The evaluation time. */
  now: number
}

export function burnDown(detail: Pick<SloDetail, 'window' | 'history' | 'historyStepMs'>): BurnDown {
  const { from, to: now, periodMs } = detail.window
  const end = from + periodMs
  const actual: [number, number][] = [[from, 100]]
  for (const point of detail.history) {
    // a bucket's figure is the budget at its end; the last bucket ends at the evaluation time
    const bucketEnd = Math.min(Math.floor(point.t / detail.historyStepMs) * detail.historyStepMs + detail.historyStepMs, now)
    actual.push([bucketEnd, point.budgetRemainingPercent])
  }
  return { actual, ideal: [[from, 100], [end, 0]], from, to: Math.max(end, now), now }
}
