import type { AllocationCostsResponse } from '../../api/allocation.js'
import type { Store } from '../../store.js'
import type { QueryOptions } from '../../telemetry/queries/storeQuery.js'
import type { TimeRange } from '../../telemetry/queries/timeRange.js'
import { allocateCosts, type CostMetric, dayMs, type UnallocatedReason, wholeDays } from './allocateCosts.js'
import { roundMoney } from './roundMoney.js'
import { type AllocationSettings, loadRuleSet } from './ruleSet.js'

export interface AllocationCostsQuery extends TimeRange {
  by: 'service' | 'team'
  metric: CostMetric
}

/** The name of the unallocated row (flagged `unallocated: true`, so a service of that name stays apart). */
export const UNALLOCATED = 'unallocated'

type Row = { name: string; unallocated: boolean; currency: string; cost: number }

const byCostUnallocatedLast = (a: Row, b: Row) => Number(a.unallocated) - Number(b.unallocated) || b.cost - a.cost || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** GET /api/v1/allocation/costs: cost per service or team per UTC day, with the unallocated cost as its own row. */
export async function allocationCosts(store: Store, settings: AllocationSettings, query: AllocationCostsQuery, options: QueryOptions = {}): Promise<AllocationCostsResponse> {
  const range = wholeDays(query)
  const ruleSet = await loadRuleSet(store, settings, options)
  const entries = await allocateCosts(store, ruleSet, range, query.metric, options)

  const days = new Map<string, Row & { day: number }>()
  const totals = new Map<string, Row>()
  const unallocated = new Map<string, { reason: UnallocatedReason; currency: string; cost: number }>()
  for (const e of entries) {
    const isUnallocated = e.unallocated !== undefined
    // by team: a service without a team is '' (its cost is allocated, to nobody's team yet)
    const name = isUnallocated ? UNALLOCATED : query.by === 'service' ? (e.service as string) : (e.team ?? '')
    const key = `${name}\u0000${isUnallocated}\u0000${e.currency}`
    const day = days.get(`${e.day}\u0000${key}`) ?? { day: dayMs(e.day), name, unallocated: isUnallocated, currency: e.currency, cost: 0 }
    day.cost += e.cost
    days.set(`${e.day}\u0000${key}`, day)
    const total = totals.get(key) ?? { name, unallocated: isUnallocated, currency: e.currency, cost: 0 }
    total.cost += e.cost
    totals.set(key, total)
    if (e.unallocated) {
      const reason = unallocated.get(`${e.unallocated}\u0000${e.currency}`) ?? { reason: e.unallocated, currency: e.currency, cost: 0 }
      reason.cost += e.cost
      unallocated.set(`${e.unallocated}\u0000${e.currency}`, reason)
    }
  }
  const money = <T extends { cost: number }>(row: T): T => ({ ...row, cost: roundMoney(row.cost) })
  return {
    from: range.from,
    to: range.to,
    by: query.by,
    metric: query.metric,
    days: [...days.values()].sort((a, b) => a.day - b.day || byCostUnallocatedLast(a, b)).map(money),
    totals: [...totals.values()].sort(byCostUnallocatedLast).map(money),
    unallocated: [...unallocated.values()].sort((a, b) => b.cost - a.cost).map(money),
  }
}
