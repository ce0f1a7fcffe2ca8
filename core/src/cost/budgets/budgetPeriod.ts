import type { BudgetPeriod } from '../../api/cost.js'

/** The calendar period (UTC) of a budget that holds `at`: [start, end) in epoch ms. */
export function budgetPeriodOf(period: BudgetPeriod, at: number): { start: number; end: number } {
  const d = new Date(at)
  const year = d.getUTCFullYear()
  if (period === 'year') return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) }
  const month = period === 'quarter' ? d.getUTCMonth() - (d.getUTCMonth() % 3) : d.getUTCMonth()
  const months = period === 'quarter' ? 3 : 1
  return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + months, 1) }
}
