import type { RulesResponse, StoredRule } from '../../api/allocation.js'
import type { Store } from '../../store.js'
import type { QueryOptions } from '../../telemetry/queries/storeQuery.js'
import { type AllocationSettings, loadRuleSet, type RuleEntry } from './ruleSet.js'

/** A rule as the API shows it. */
export function describeRule(entry: RuleEntry, position: number): StoredRule {
  const { name, match, service, team, split } = entry.rule
  return {
    id: entry.id,
    source: entry.source,
    position,
    priority: entry.priority,
    name,
    match,
    ...(service !== undefined ? { service } : {}),
    ...(team !== undefined ? { team } : {}),
    ...(split !== undefined ? { split } : {}),
    updatedAt: entry.updatedAt,
  }
}

/** GET /api/v1/allocation/rules: every rule in evaluation order, and the service → team map. */
export async function listRules(store: Store, settings: AllocationSettings, options: QueryOptions = {}): Promise<RulesResponse> {
  const ruleSet = await loadRuleSet(store, settings, options)
  return {
    rules: ruleSet.rules.map(describeRule),
    teams: Object.fromEntries([...ruleSet.teams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    file: settings.file ?? null,
  }
}
