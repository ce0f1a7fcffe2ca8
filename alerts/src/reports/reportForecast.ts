import { type CurrencySettings, costExplorer, forecastDaily, type Store } from '@meridian/core'
import { type CostMetric, monthRange, type ReportForecast } from '@meridian/core/api'
import { DAY_MS, dayText, nextMonth, startOfDay } from './reportPeriod.js'
import { money } from './spendLines.js'

/** Days of history the forecast is fitted on (as budgets do: each weekday four times). */
export const FIT_DAYS = 28

export interface ForecastInput {
  month: string
  complete: boolean
  now: number
  metric: CostMetric
  currency: string | null
  settings: CurrencySettings
  signal?: AbortSignal
}

/**
 * The month still running when the report is made: the report's own month to date, or, for a
 * finished month reported during the next one, that next month. Its total is the cost of its
 * complete days plus a forecast of the rest (core's forecastDaily: trend and weekdays fitted on up
 * to 28 days, 95 % interval). The last complete day is the last day before today with any cost.
 * Null for an older month, or with fewer than two days of history.
 */
export async function monthForecast(store: Store, input: ForecastInput): Promise<ReportForecast | null> {
  const target = input.complete ? nextMonth(input.month) : input.month
  const today = startOfDay(input.now)
  const range = monthRange(target)
  if (today < range.start || today >= range.end) return null
  const from = Math.min(range.start, today - FIT_DAYS * DAY_MS)
  const daily = await costExplorer(
    store,
    { from, to: today, metric: input.metric, filter: [], granularity: 'day', top: 1, limit: 1, currency: input.currency ?? undefined },
    input.settings,
    { signal: input.signal },
  )
  const values = daily.series.groups[0]?.values ?? []
  const days = daily.series.t
  let last = values.length - 1
  while (last >= 0 && values[last] === 0) last--
  if (last < 0) return null
  let first = Math.max(0, last - (FIT_DAYS - 1))
  while (first < last && values[first] === 0) first++
  const dataThrough = days[last]
  const forecast = forecastDaily({
    history: values.slice(first, last + 1),
    firstWeekday: new Date(days[first]).getUTCDay(),
    horizon: Math.round((range.end - Math.max(range.start, dataThrough + DAY_MS)) / DAY_MS),
    skip: Math.max(0, Math.round((range.start - (dataThrough + DAY_MS)) / DAY_MS)),
  })
  if (!forecast) return null
  const actual = values.reduce((sum, v, i) => (days[i] >= range.start && days[i] <= dataThrough ? sum + v : sum), 0)
  return {
    month: target,
    actual: money(actual),
    point: money(actual + forecast.total.point),
    low: money(actual + forecast.total.low),
    high: money(actual + forecast.total.high),
    model: forecast.model,
    dataThrough: dayText(dataThrough),
  }
}
