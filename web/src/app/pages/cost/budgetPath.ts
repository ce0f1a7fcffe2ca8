/**
 * A budget period day by day, for its chart: the actual cost summed up day after day, and the
 * forecast from the last complete day to the period's end with its interval.
 *
 * The API gives the forecast for the whole period only (its point and 95 % interval at the end,
 * docs/finops.md), not per day, so the line and the band between the last complete day and the
 * end are drawn straight: their ends are the API's figures, the days between are interpolated.
 */

const DAY = 86_400_000

export interface BudgetPathInput {
  /** Period [start, end), epoch ms of UTC midnights. */
  start: number
  end: number
  /** Cost per day (epoch ms of the day → amount); days without cost may be missing. */
  daily: ReadonlyMap<number, number>
  /** Days before this one have actual cost to show (the day after `at`, or the period's end). */
  actualUntil: number
  /** Last complete day of billing data (epoch ms), where the forecast starts. */
  dataThrough: number | null
  forecast: { point: number; low: number; high: number } | null
}

export interface BudgetPath {
  days: number[]
  /** Cumulative actual cost; null after the days with data. */
  actual: (number | null)[]
  /** Forecast point, low and high; null before the forecast starts. */
  forecast: (number | null)[]
  low: (number | null)[]
  high: (number | null)[]
}

export function budgetPath(input: BudgetPathInput): BudgetPath {
  const days: number[] = []
  for (let d = input.start; d < input.end; d += DAY) days.push(d)
  const cumulative: number[] = []
  let sum = 0
  for (const d of days) {
    sum += input.daily.get(d) ?? 0
    cumulative.push(sum)
  }
  const actual = days.map((d, i) => (d < input.actualUntil ? cumulative[i] : null))
  const none = days.map(() => null)
  const { forecast, dataThrough } = input
  const k = dataThrough === null ? -1 : days.indexOf(dataThrough)
  if (!forecast || k < 0) return { days, actual, forecast: none, low: none, high: none }
  const last = days.length - 1
  const base = cumulative[k]
  const along = (target: number) => days.map((_, i) => (i < k ? null : i === last || last === k ? target : base + ((target - base) * (i - k)) / (last - k)))
  return { days, actual, forecast: along(forecast.point), low: along(forecast.low), high: along(forecast.high) }
}
