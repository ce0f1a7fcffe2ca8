import type { BudgetScope, CostMetric } from '../../api/cost.js'
import { MeridianError } from '../../errors.js'
import type { Store } from '../../store.js'
import { SqlParams } from '../../telemetry/queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../../telemetry/queries/storeQuery.js'
import { billingTable, chargeRangeConditions, metricSql, whereSql } from '../explorer/costSql.js'
import type { DailyCost, TeamDailyCost } from './teamDailyCost.js'

/**
 * Daily cost of a budget's scope over [from, to), per currency, exact: total, a provider
 * (ProviderName), a service (FOCUS ServiceName: the cloud service, e.g. Amazon EC2), a tag value
 * (Tags[key] = value), or a team through the allocation hook.
 */
export async function scopeDailyCost(
  store: Store,
  scope: BudgetScope,
  metric: CostMetric,
  range: { from: number; to: number },
  teamDailyCost: TeamDailyCost | undefined,
  options: QueryOptions = {},
): Promise<DailyCost[]> {
  if (scope.kind === 'team') {
    if (!teamDailyCost) {
      throw new MeridianError(422, 'team_scope_unavailable', `team budgets need cost allocation, which this server does not have configured (team "${scope.team}")`)
    }
    return teamDailyCost({ team: scope.team, from: range.from, to: range.to, metric }, options)
  }
  const p = new SqlParams()
  const conditions = chargeRangeConditions(p, range)
  if (scope.kind === 'provider') conditions.push(`ProviderName = ${p.add('String', scope.provider)}`)
  if (scope.kind === 'service') conditions.push(`ServiceName = ${p.add('String', scope.service)}`)
  if (scope.kind === 'tag') conditions.push(`Tags[${p.add('String', scope.key)}] = ${p.add('String', scope.value)}`)
  const rows = await selectRows<{ day: number; currency: string; amount: string }>(
    store,
    `SELECT toUnixTimestamp(toStartOfDay(ChargePeriodStart)) AS day, BillingCurrency AS currency, toString(sum(${metricSql(metric)})) AS amount
       FROM ${billingTable(store.database)} WHERE ${whereSql(conditions)} GROUP BY day, currency ORDER BY day`,
    p.values,
    options,
  )
  return rows.map((r) => ({ day: r.day * 1000, currency: r.currency, amount: r.amount }))
}

/** The first and last day (UTC midnight, epoch ms) with any billing row before `before`; null when there is none. */
export async function billingDataDays(store: Store, before: number, options: QueryOptions = {}): Promise<{ first: number; last: number } | null> {
  const p = new SqlParams()
  const [row] = await selectRows<{ rows: number; first: number; last: number }>(
    store,
    `SELECT count() AS rows, toUnixTimestamp(toStartOfDay(min(ChargePeriodStart))) AS first, toUnixTimestamp(toStartOfDay(max(ChargePeriodStart))) AS last
       FROM ${billingTable(store.database)} WHERE ${whereSql(chargeRangeConditions(p, { to: before }))}`,
    p.values,
    options,
  )
  return Number(row.rows) === 0 ? null : { first: row.first * 1000, last: row.last * 1000 }
}
