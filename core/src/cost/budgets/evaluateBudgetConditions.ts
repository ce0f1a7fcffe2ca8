import type { BudgetScope, BudgetThreshold } from '../../api/cost.js'
import type { Store } from '../../store.js'
import { type BudgetStatusOptions, budgetStatuses } from './budgetStatus.js'

/** One threshold of one budget, evaluated: what an alert rule fires on. */
export interface BudgetCondition {
  budgetId: string
  budgetName: string
  scope: BudgetScope
  /** The period evaluated, UTC days, end exclusive. */
  period: { start: string; end: string }
  threshold: BudgetThreshold
  /** Whether the cost (actual or forecast, per the threshold's basis) has reached the limit. */
  holds: boolean
  /** The cost compared (null without a forecast, or with an error). */
  value: number | null
  /** amount × percent / 100. */
  limit: number
  amount: number
  currency: string
  actual: number | null
  forecast: number | null
  /** Why the budget could not be evaluated (its conditions then do not hold). */
  error: { code: string; message: string } | null
}

/**
 * Budget thresholds as conditions for the alert engine: per budget and threshold, whether it
 * holds at `now`, with the figures an alert message needs. It reads the store (budgets and costs)
 * and nothing else; pass the server's currency settings (parseCurrencySettings(env)) and, for team
 * budgets, the allocation hook. A condition's identity is (budgetId, threshold.basis,
 * threshold.percent); the alert engine keeps the state (firing since, notified) itself.
 */
export async function evaluateBudgetConditions(store: Store, now: number, options: BudgetStatusOptions = {}): Promise<BudgetCondition[]> {
  const { budgets } = await budgetStatuses(store, now, options)
  return budgets.flatMap((status) =>
    status.thresholds.map((t) => ({
      budgetId: status.budget.id,
      budgetName: status.budget.name,
      scope: status.budget.scope,
      period: status.period,
      threshold: { percent: t.percent, basis: t.basis },
      holds: t.holds,
      value: t.value,
      limit: t.limit,
      amount: status.budget.amount,
      currency: status.budget.currency,
      actual: status.actual,
      forecast: status.forecast?.point ?? null,
      error: status.error,
    })),
  )
}
