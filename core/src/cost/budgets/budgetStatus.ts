import type { Budget, BudgetStatus, BudgetStatusResponse } from '../../api/cost.js'
import { MeridianError } from '../../errors.js'
import type { Store } from '../../store.js'
import type { QueryOptions } from '../../telemetry/queries/storeQuery.js'
import { currencyConversion } from '../currency/currencyConversion.js'
import { type CurrencySettings, NO_CONVERSION } from '../currency/currencySettings.js'
import { dayText } from '../explorer/costBuckets.js'
import type { TeamDailyCost } from './teamDailyCost.js'
import { budgetFigures, FORECAST_FIT_DAYS, type ForecastWindow, forecastWindow } from './budgetFigures.js'
import { budgetPeriodOf } from './budgetPeriod.js'
import { listBudgets } from './budgetStore.js'
import { billingDataDays, scopeDailyCost } from './scopeDailyCost.js'

export interface BudgetStatusOptions extends QueryOptions {
  /** Rates for budgets in another currency than the costs (default: none). */
  currency?: CurrencySettings
  /** Team budgets' costs, from cost allocation; without it they report `team_scope_unavailable`. */
  teamDailyCost?: TeamDailyCost
  /** Days of history the forecast is fitted on (default 28). */
  fitDays?: number
}

/**
 * GET /api/v1/budgets/status: every budget at `at` (its current period): actual, forecast with
 * interval, run-out day, thresholds. The costs are converted into each budget's currency; a budget
 * that cannot be evaluated (no exchange rate, a team budget without allocation) carries an error
 * and no figures, and the others are still evaluated. A failing store fails the whole request.
 */
export async function budgetStatuses(store: Store, at: number, options: BudgetStatusOptions = {}): Promise<BudgetStatusResponse> {
  const budgets = await listBudgets(store, options)
  const data = budgets.length ? await billingDataDays(store, at, options) : null
  const window = forecastWindow(at, data, options.fitDays ?? FORECAST_FIT_DAYS)
  const statuses: BudgetStatus[] = []
  for (const budget of budgets) statuses.push(await statusOf(store, budget, at, window, options))
  return { at, budgets: statuses }
}

async function statusOf(store: Store, budget: Budget, at: number, window: ForecastWindow | null, options: BudgetStatusOptions): Promise<BudgetStatus> {
  const period = budgetPeriodOf(budget.period, at)
  const base = {
    budget,
    period: { start: dayText(period.start), end: dayText(period.end) },
    currency: budget.currency,
    dataThrough: window ? dayText(window.dataThrough) : null,
  }
  try {
    const from = Math.min(period.start, window?.historyStart ?? period.start)
    const rows = await scopeDailyCost(store, budget.scope, budget.metric, { from, to: at }, options.teamDailyCost, options)
    const conversion = currencyConversion(
      options.currency ?? NO_CONVERSION,
      rows.map((r) => r.currency),
      budget.currency,
    )
    const daily = new Map<number, bigint>()
    for (const row of rows) daily.set(row.day, (daily.get(row.day) ?? 0n) + conversion.convertText(row.currency, row.amount))
    const figures = budgetFigures({ amount: budget.amount, thresholds: budget.thresholds, at, period, daily, window })
    return {
      ...base,
      exchangeRates: conversion.rates,
      actual: figures.actual,
      percent: figures.percent,
      forecast: figures.forecast,
      runOut: figures.runOut && { date: dayText(figures.runOut.date), projected: figures.runOut.projected },
      thresholds: figures.thresholds,
      error: null,
    }
  } catch (err) {
    // what is wrong with this budget's settings (a missing rate, no allocation) is told with it; the store failing is not
    if (!(err instanceof MeridianError) || err.status !== 422) throw err
    return {
      ...base,
      exchangeRates: [],
      actual: null,
      percent: null,
      forecast: null,
      runOut: null,
      thresholds: budget.thresholds.map((t) => ({ ...t, holds: false, value: null, limit: (budget.amount * t.percent) / 100 })),
      error: { code: err.code, message: err.message },
    }
  }
}
