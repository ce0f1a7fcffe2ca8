import type { CostMetric } from '../../api/cost.js'
import type { QueryOptions } from '../../telemetry/queries/storeQuery.js'

/** Cost of one day (UTC midnight, epoch ms) in one currency, as exact decimal text. */
export interface DailyCost {
  day: number
  currency: string
  amount: string
}

/**
 * The hook team budgets need from cost allocation (core/src/cost/allocation): the daily cost
 * allocated to a team over [from, to) (epoch ms, whole UTC days), in `metric`. The allocation
 * slice provides it and the server passes it in (ApiOptions.costs.teamDailyCost); without it a
 * team budget reports the error `team_scope_unavailable`.
 */
export type TeamDailyCost = (request: { team: string; from: number; to: number; metric: CostMetric }, options: QueryOptions) => Promise<DailyCost[]>
