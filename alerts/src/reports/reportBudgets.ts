import type { BudgetScope, BudgetStatus, LineBudget, ReportBudget } from '@meridian/core/api'

/** A budget's scope as one line of text: `total`, `provider: AWS`, `tag: env=prod`. */
export function scopeText(scope: BudgetScope): string {
  switch (scope.kind) {
    case 'total':
      return 'total'
    case 'provider':
      return `provider: ${scope.provider}`
    case 'service':
      return `service: ${scope.service}`
    case 'team':
      return `team: ${scope.team}`
    case 'tag':
      return `tag: ${scope.key}=${scope.value}`
  }
}

/**
 * A budget's status as the report shows it, evaluated at the end of the reported period. Once its
 * own period is over by then, the forecast is dropped: the actual is the whole story.
 */
export function reportBudget(status: BudgetStatus, periodEnd: number): ReportBudget {
  const { budget } = status
  const over = Date.parse(`${status.period.end}T00:00:00Z`) <= periodEnd
  const forecast = over || !status.forecast ? null : { point: status.forecast.point, low: status.forecast.low, high: status.forecast.high, percent: status.forecast.percent }
  const state: ReportBudget['state'] = status.error
    ? 'unavailable'
    : (status.actual ?? 0) >= budget.amount
      ? 'over'
      : forecast && forecast.point >= budget.amount
        ? 'forecast_over'
        : 'on_track'
  return {
    id: budget.id,
    name: budget.name,
    scope: scopeText(budget.scope),
    period: budget.period,
    periodStart: status.period.start,
    periodEnd: status.period.end,
    amount: budget.amount,
    currency: budget.currency,
    actual: status.actual,
    percent: status.percent,
    forecast,
    runOut: status.runOut?.date ?? null,
    state,
    error: status.error?.message ?? null,
  }
}

/** Finds the monthly budget of a line (the first of its scope), for the "against budget" columns. */
export function lineBudgets(statuses: BudgetStatus[]) {
  const monthly = statuses.filter((s) => s.budget.period === 'month')
  const find = (match: (scope: BudgetScope) => boolean): LineBudget | null => {
    const s = monthly.find((status) => match(status.budget.scope))
    return s ? { name: s.budget.name, amount: s.budget.amount, currency: s.budget.currency, actual: s.actual, percent: s.percent } : null
  }
  return {
    total: () => find((scope) => scope.kind === 'total'),
    provider: (key: string) => find((scope) => scope.kind === 'provider' && scope.provider === key),
    service: (key: string) => find((scope) => scope.kind === 'service' && scope.service === key),
    team: (key: string) => find((scope) => scope.kind === 'team' && scope.team === key),
  }
}
