import type { AllocationFile, AllocationRule } from '../../api/allocation.js'
import type { Store } from '../../store.js'
import type { QueryOptions } from '../../telemetry/queries/storeQuery.js'
import { listApiRules } from './ruleStore.js'

/** What the server knows of allocation besides the stored rules: the rules file, read at start. */
export interface AllocationSettings {
  /** The rules file (MERIDIAN_ALLOCATION_RULES), if one is used. */
  file?: string
  /** Its content; an empty file set when there is none. */
  fileContent: AllocationFile
}

export const NO_ALLOCATION_FILE: AllocationSettings = { fileContent: { rules: [] } }

/** A rule in evaluation order. */
export interface RuleEntry {
  /** `file:<n>` (n from 1, the file's order) or the stored rule's UUID. */
  id: string
  source: 'file' | 'api'
  priority: number | null
  updatedAt: number | null
  rule: AllocationRule
}

export interface RuleSet {
  /** The file's rules in file order, then the stored ones by priority; the first that matches a row takes it. */
  rules: RuleEntry[]
  /** Service → team: the file's `teams`, then the first rule that names the service with a team. */
  teams: Map<string, string>
}

/** The rules in force: the file's and the stored ones, read now (so an API change counts at once). */
export async function loadRuleSet(store: Store, settings: AllocationSettings, options: QueryOptions = {}): Promise<RuleSet> {
  const fileRules: RuleEntry[] = settings.fileContent.rules.map((rule, i) => ({ id: `file:${i + 1}`, source: 'file', priority: null, updatedAt: null, rule }))
  const apiRules: RuleEntry[] = (await listApiRules(store, options)).map((r) => ({ id: r.id, source: 'api', priority: r.priority, updatedAt: r.updatedAt, rule: r.rule }))
  const rules = [...fileRules, ...apiRules]
  const teams = new Map(Object.entries(settings.fileContent.teams ?? {}))
  for (const { rule } of rules) {
    if (rule.service !== undefined && rule.team !== undefined && !teams.has(rule.service)) teams.set(rule.service, rule.team)
  }
  return { rules, teams }
}
