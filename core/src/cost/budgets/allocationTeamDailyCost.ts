import { MeridianError } from '../../errors.js'
import type { Store } from '../../store.js'
import { allocateCosts } from '../allocation/allocateCosts.js'
import { type AllocationSettings, loadRuleSet } from '../allocation/ruleSet.js'
import { parseScaled, scaledToString } from '../currency/scaledAmount.js'
import type { DailyCost, TeamDailyCost } from './teamDailyCost.js'

/**
 * Team budgets' costs from cost allocation (core/src/cost/allocation): the cost the rules give to
 * the team's services (a rule's own team, else the `teams` map), per day and currency. The rules
 * are read at each call, so a changed rule counts at once. Allocation spreads a charge over the
 * days of its charge period; its shares come from floating point, exact to far below a cent.
 * Without any rule, a team has no cost to show, and the budget says so (team_scope_unavailable).
 */
export function allocationTeamDailyCost(store: Store, settings: AllocationSettings): TeamDailyCost {
  return async ({ team, from, to, metric }, options) => {
    const ruleSet = await loadRuleSet(store, settings, options)
    if (ruleSet.rules.length === 0) {
      throw new MeridianError(422, 'team_scope_unavailable', `team budgets need cost allocation rules, and there are none (team "${team}"; docs/allocation.md)`)
    }
    const sums = new Map<string, DailyCost & { scaled: bigint }>()
    for (const row of await allocateCosts(store, ruleSet, { from, to }, metric, options)) {
      if (row.team !== team || row.unallocated !== undefined) continue
      const key = `${row.day}\u0000${row.currency}`
      const sum = sums.get(key) ?? { day: Date.parse(`${row.day}T00:00:00Z`), currency: row.currency, amount: '', scaled: 0n }
      sum.scaled += parseScaled(row.cost.toFixed(12))
      sums.set(key, sum)
    }
    return [...sums.values()].map(({ day, currency, scaled }) => ({ day, currency, amount: scaledToString(scaled) })).sort((a, b) => a.day - b.day)
  }
}
