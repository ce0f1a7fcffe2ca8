import { type BudgetStatusOptions, evaluateBudgetConditions, MeridianError, type Store } from '@meridian/core'
import type { Sample } from '../engine/alertRule.js'
import { windowMemo } from './windowMemo.js'

export interface BudgetRuleQuery {
  /** The budget's id or name. */
  budget: string
  basis?: 'actual' | 'forecast'
  percent?: number
}

/**
 * A budget rule's samples (core's evaluateBudgetConditions): one per threshold of the budget
 * (labels budget, basis, percent), value the compared cost (actual or forecast), threshold the
 * limit, firing when it holds. A threshold without a figure (no forecast yet) is left out. A
 * budget that does not exist, or whose figures failed, is an error (the rule's error handling).
 */
export async function budgetSamples(store: Store, query: BudgetRuleQuery, now: number, options: BudgetStatusOptions): Promise<Sample[]> {
  // budgets move by the day: every budget rule of a tick shares one evaluation
  const conditions = await windowMemo(`budget:${store.database}:${Math.floor(now / 60_000)}`, () => evaluateBudgetConditions(store, now, options))
  const mine = conditions.filter((c) => c.budgetId === query.budget || c.budgetName === query.budget)
  if (mine.length === 0) throw new MeridianError(404, 'unknown_budget', `budget: no budget with the id or name "${query.budget}"`)
  const failed = mine.find((c) => c.error)
  if (failed?.error) throw new MeridianError(422, failed.error.code, `budget ${failed.budgetName}: ${failed.error.message}`)
  return mine
    .filter((c) => (query.basis === undefined || c.threshold.basis === query.basis) && (query.percent === undefined || c.threshold.percent === query.percent))
    .filter((c) => c.value !== null)
    .map((c) => ({
      labels: { budget: c.budgetName, basis: c.threshold.basis, percent: String(c.threshold.percent) },
      value: c.value,
      threshold: c.limit,
      comparison: '>=' as const,
      firing: c.holds,
      values: {
        budget_id: c.budgetId,
        amount: c.amount,
        currency: c.currency,
        actual: c.actual ?? 0,
        forecast: c.forecast ?? 0,
        period_start: c.period.start,
        period_end: c.period.end,
      },
    }))
}
