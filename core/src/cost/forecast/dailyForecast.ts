import { dot, leastSquares } from './leastSquares.js'
import { tCritical95 } from './tCritical.js'

/**
 * A forecast of daily costs: a linear trend plus day-of-week effects, fitted by least squares on
 * the recent days, with a 95 % prediction interval for the total of the forecast days from the
 * residuals (OLS theory: residual variance plus the uncertainty of the fitted coefficients,
 * Student's t for short fits). Small on purpose: costs are mostly a level, a drift and a weekly
 * shape; anything fancier needs more history than a billing table usually has.
 *
 * The model shrinks with the history: 14+ days fit trend and weekdays, 3-13 days a trend, 2 days
 * a mean; fewer gives no forecast. Daily predictions below zero are taken as zero (costs do not
 * go negative on trend alone). Residuals are treated as independent; cost series are often
 * autocorrelated, so over long horizons the interval is optimistic.
 */

export type ForecastModel = 'mean' | 'trend' | 'trend+weekday'

export interface DailyForecastInput {
  /** One value per day, oldest first, no gaps (a day without cost is 0). */
  history: readonly number[]
  /** Day of the week of history[0]: 0 Sunday … 6 Saturday. */
  firstWeekday: number
  /** Days to forecast, starting the day after the last of the history (after `skip` days). */
  horizon: number
  /** Days right after the history to leave out (e.g. the days before a budget period begins); default 0. */
  skip?: number
}

export interface DailyForecast {
  model: ForecastModel
  /** Predicted value per forecast day (never below 0). */
  daily: number[]
  /** The sum of `daily`, and its 95 % prediction interval (low never below 0). */
  total: { point: number; low: number; high: number }
  /** Standard deviation of the residuals (per day). */
  residualSd: number
}

/** Days of history below which no forecast is made, and from which the trend and the weekday effects are fitted. */
export const MIN_HISTORY_DAYS = 2
export const TREND_FROM_DAYS = 3
export const WEEKDAYS_FROM_DAYS = 14

/** The design row of day `t` (0 = first day of the history); t is centred for a well-conditioned fit. */
function designRow(model: ForecastModel, t: number, centre: number, weekday: number): number[] {
  if (model === 'mean') return [1]
  const row = [1, t - centre]
  // six weekday indicators; Sunday is the baseline
  if (model === 'trend+weekday') for (let d = 1; d <= 6; d++) row.push(weekday === d ? 1 : 0)
  return row
}

const modelFor = (days: number): ForecastModel | null =>
  days >= WEEKDAYS_FROM_DAYS ? 'trend+weekday' : days >= TREND_FROM_DAYS ? 'trend' : days >= MIN_HISTORY_DAYS ? 'mean' : null

export function forecastDaily(input: DailyForecastInput): DailyForecast | null {
  const { history, horizon } = input
  const skip = input.skip ?? 0
  const n = history.length
  const preferred = modelFor(n)
  if (!preferred) return null
  const centre = (n - 1) / 2
  const weekdayOf = (t: number) => (((input.firstWeekday + t) % 7) + 7) % 7
  // a degenerate history (e.g. 14 days with one weekday missing cannot happen, but keep it safe): fall back to a smaller model
  for (const model of [preferred, 'trend', 'mean'] as ForecastModel[]) {
    const rows = history.map((_, t) => designRow(model, t, centre, weekdayOf(t)))
    const fit = leastSquares(rows, history)
    if (!fit) continue
    const p = rows[0].length
    const df = n - p
    const variance = df > 0 ? fit.rss / df : 0
    const future = Array.from({ length: horizon }, (_, k) => designRow(model, n + skip + k, centre, weekdayOf(n + skip + k)))
    const daily = future.map((row) => Math.max(0, dot(row, fit.coefficients)))
    const point = daily.reduce((s, v) => s + v, 0)
    // Var(sum of errors) = σ²·(h + sᵀ(XᵀX)⁻¹s), s the sum of the future design rows
    const s = Array.from({ length: p }, (_, j) => future.reduce((acc, row) => acc + row[j], 0))
    const spread = fit.inverse.reduce((acc, row, i) => acc + s[i] * dot(row, s), 0)
    const margin = horizon > 0 && df > 0 ? tCritical95(df) * Math.sqrt(variance * (horizon + spread)) : 0
    return { model, daily, total: { point, low: Math.max(0, point - margin), high: point + margin }, residualSd: Math.sqrt(variance) }
  }
  return null
}
