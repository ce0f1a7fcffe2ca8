import type { BudgetScope, BudgetStatus } from '@meridian/core/api'
import { useMemo } from 'react'
import { useAllocationCosts, useCosts } from '../../api/costQueries'
import { BudgetForecastChart } from '../../charts/BudgetForecastChart'
import { Loading } from '../../feedback/Loading'
import { ErrorState } from '../../feedback/ErrorState'
import { parseIsoDay } from '../../i18n/dayFormat'
import { useI18n } from '../../i18n/I18n'
import { useMoney } from '../../i18n/useMoney'
import { budgetPath } from './budgetPath'
import { floorDay } from './costRange'
import { filterText } from './explorerParams'

const DAY = 86_400_000

/** The cost explorer's filters that select a scope's billing rows (a team's cost comes from allocation instead). */
export function scopeFilters(scope: BudgetScope): string[] {
  switch (scope.kind) {
    case 'total':
    case 'team':
      return []
    case 'provider':
      return [filterText('ProviderName', scope.provider)]
    case 'service':
      return [filterText('ServiceName', scope.service)]
    case 'tag':
      return [filterText(`tag:${scope.key}`, scope.value)]
  }
}

/** A budget's period day by day: the scope's daily cost (explorer, or allocation for a team) summed up, the forecast and the budget. */
export function BudgetChart({ status, at }: { status: BudgetStatus; at: number }) {
  const { t } = useI18n()
  const m = useMoney()
  const b = status.budget
  const start = parseIsoDay(status.period.start)
  const end = parseIsoDay(status.period.end)
  const until = Math.min(end, floorDay(at) + DAY)
  const range = { from: start, to: Math.max(until, start + DAY) }
  const team = b.scope.kind === 'team'
  const costs = useCosts(range, { metric: b.metric, currency: b.currency, filter: scopeFilters(b.scope), granularity: 'day' }, !team)
  const allocation = useAllocationCosts(range, 'team', team)
  const query = team ? allocation : costs
  const daily = useMemo(() => {
    const map = new Map<number, number>()
    if (!team && costs.data) {
      const { t: buckets, groups } = costs.data.series
      for (const [i, day] of buckets.entries()) map.set(day, groups.reduce((sum, g) => sum + (g.values[i] ?? 0), 0))
    }
    if (team && allocation.data && b.scope.kind === 'team') {
      const name = b.scope.team
      for (const row of allocation.data.days) if (row.name === name && row.currency === b.currency) map.set(row.day, (map.get(row.day) ?? 0) + row.cost)
    }
    return map
  }, [team, costs.data, allocation.data, b.scope, b.currency])
  const path = useMemo(
    () => budgetPath({ start, end, daily, actualUntil: until, dataThrough: status.dataThrough ? parseIsoDay(status.dataThrough) : null, forecast: status.forecast }),
    [start, end, daily, until, status.dataThrough, status.forecast],
  )
  const labels = useMemo(
    () => ({ actual: t('budgets.chartActual'), forecast: t('budgets.chartForecast'), interval: t('budgets.chartInterval'), budget: t('budgets.chartBudget'), chart: t('budgets.chartOf', { name: b.name }) }),
    [t, b.name],
  )
  const format = useMemo(() => (v: number) => m.money(v, b.currency), [m, b.currency])
  const axisFormat = useMemo(() => (v: number) => m.compact(v, b.currency), [m, b.currency])
  if (query.isError && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} compact />
  if (!query.data) return <Loading height={260} />
  return (
    <BudgetForecastChart
      {...path}
      amount={b.amount}
      runOut={status.runOut ? parseIsoDay(status.runOut.date) : null}
      labels={labels}
      format={format}
      axisFormat={axisFormat}
    />
  )
}
