import type { BudgetThreshold } from '../../api/cost.js'
import { parseScaled, scaledToNumber } from '../currency/scaledAmount.js'
import { DAY_MS, startOfDay } from '../explorer/costBuckets.js'
import { type ForecastModel, forecastDaily } from '../forecast/dailyForecast.js'

/** Days of history the forecast is fitted on (four weeks: each weekday four times). */
export const FORECAST_FIT_DAYS = 28
/** Billing data that ends longer ago than this is not forecast from: a provider's lag is days, not weeks. */
export const MAX_BILLING_LAG_DAYS = 14

/** Which days of billing data can be trusted as complete at `at`, and which of them the forecast is fitted on. */
export interface ForecastWindow {
  /** The last complete day: the last day with billing data, and never today (still filling). */
  dataThrough: number
  /** First day of the fit. */
  historyStart: number
}

/**
 * Billing data arrives late (a provider revises the last days, an export runs daily), so the
 * last complete day is the last day with any billing row before today; the days after it are
 * forecast even if some rows for them are in. Null when there is no complete day, or when the
 * data ends more than MAX_BILLING_LAG_DAYS before `at`.
 */
export function forecastWindow(at: number, data: { first: number; last: number } | null, fitDays = FORECAST_FIT_DAYS): ForecastWindow | null {
  if (!data) return null
  const dataThrough = Math.min(data.last, startOfDay(at) - DAY_MS)
  if (dataThrough < data.first) return null
  // Old data (an import of a past year, a sync that stopped) says nothing about the days to come.
  if (startOfDay(at) - dataThrough > MAX_BILLING_LAG_DAYS * DAY_MS) return null
  return { dataThrough, historyStart: Math.max(data.first, dataThrough - (fitDays - 1) * DAY_MS) }
}

export interface BudgetFiguresInput {
  amount: number
  thresholds: BudgetThreshold[]
  at: number
  period: { start: number; end: number }
  /** Cost per day (UTC midnight, epoch ms) in the budget's currency, scaled; days without cost may be absent. Covers the fit window and the period until `at`. */
  daily: ReadonlyMap<number, bigint>
  window: ForecastWindow | null
}

export interface BudgetFigures {
  actual: number
  percent: number
  forecast: { point: number; low: number; high: number; percent: number; model: ForecastModel } | null
  runOut: { date: number; projected: boolean } | null
  thresholds: (BudgetThreshold & { holds: boolean; value: number | null; limit: number })[]
}

const days = (from: number, to: number) => Array.from({ length: Math.max(0, Math.round((to - from) / DAY_MS)) }, (_, i) => from + i * DAY_MS)

/**
 * A budget's figures for the period holding `at`:
 * - actual: the cost from the period's start until `at` (today's rows too);
 * - forecast: the complete days of the period plus a forecast of every later day (fitted on the
 *   window's days), never below the actual; null without a forecast window of 2 days or more;
 * - run-out: the day the cost reaches the amount: from the actual days when it already has, else
 *   from the complete days and the forecast (a forecast day counts at least the cost already in
 *   for it);
 * - thresholds: `actual` ones compare the actual, `forecast` ones the forecast's point.
 */
export function budgetFigures(input: BudgetFiguresInput): BudgetFigures {
  const { amount, period, daily, window } = input
  const cost = (day: number) => daily.get(day) ?? 0n
  const periodDays = days(period.start, period.end)
  const actualScaled = periodDays.filter((d) => d < input.at).reduce((sum, d) => sum + cost(d), 0n)
  const actual = scaledToNumber(actualScaled)

  let forecast: BudgetFigures['forecast'] = null
  let remaining: { day: number; value: number }[] = []
  let completeActual = 0
  if (window) {
    const next = window.dataThrough + DAY_MS
    const remainingStart = Math.max(period.start, next)
    const f = forecastDaily({
      history: days(window.historyStart, next).map((d) => scaledToNumber(cost(d))),
      firstWeekday: new Date(window.historyStart).getUTCDay(),
      horizon: Math.round((period.end - remainingStart) / DAY_MS),
      skip: Math.round((remainingStart - next) / DAY_MS),
    })
    if (f) {
      completeActual = scaledToNumber(periodDays.filter((d) => d <= window.dataThrough).reduce((sum, d) => sum + cost(d), 0n))
      const point = Math.max(actual, completeActual + f.total.point)
      forecast = {
        point,
        low: Math.max(actual, completeActual + f.total.low),
        high: Math.max(actual, completeActual + f.total.high),
        percent: (point / amount) * 100,
        model: f.model,
      }
      remaining = days(remainingStart, period.end).map((day, k) => ({ day, value: Math.max(f.daily[k], scaledToNumber(cost(day))) }))
    }
  }

  let runOut: BudgetFigures['runOut'] = null
  const amountScaled = parseScaled(amount.toFixed(12))
  if (actualScaled >= amountScaled) {
    let sum = 0n
    const day = periodDays.find((d) => {
      sum += cost(d)
      return sum >= amountScaled
    })
    runOut = { date: day!, projected: false }
  } else if (forecast) {
    let sum = completeActual
    const hit = remaining.find((r) => {
      sum += r.value
      return sum >= amount
    })
    if (hit) runOut = { date: hit.day, projected: true }
  }

  return {
    actual,
    percent: (actual / amount) * 100,
    forecast,
    runOut,
    thresholds: input.thresholds.map((t) => {
      const value = t.basis === 'actual' ? actual : (forecast?.point ?? null)
      const limit = (amount * t.percent) / 100
      return { ...t, holds: value !== null && value >= limit, value, limit }
    }),
  }
}
