import { type AllocationRuleInput, DEFAULT_CPU_METRIC, type StoredRule } from '@meridian/core/api'
import type { MessageKey } from '../../../i18n/messages.en'

/*
 * The allocation rule form's state (text, as typed) and the API's input made from it. The API
 * checks the rule (allocationRuleInput, core/src/api/allocation.ts): its 400 names each bad field
 * (`name: …; match.tags.team: …; split.shares.checkout: …`) and errorsByField puts each message
 * under its row. The form itself checks only what the API cannot see once the input is made:
 * a service named twice among fixed shares (a JSON object keeps one), and that the shares add up
 * to 100 % (the API also takes less and leaves the rest unallocated; the form asks for a whole
 * split, as the page's users asked).
 */

/** What a condition reads: a tag, a FOCUS column, the Kubernetes tags, or no value (untagged, any). */
export const CONDITION_KINDS = ['tag', 'provider', 'cloudService', 'billingAccountId', 'subAccountId', 'subAccountName', 'resourceId', 'namespace', 'workload', 'untagged', 'any'] as const
export type ConditionKind = (typeof CONDITION_KINDS)[number]
/** Conditions without a value: the row itself is the condition. */
export const hasValue = (kind: ConditionKind) => kind !== 'untagged' && kind !== 'any'

export interface ConditionDraft {
  kind: ConditionKind
  /** The tag key (tag conditions only). */
  key: string
  /** A text, `*` as a wildcard. */
  value: string
}

/** Where the matched cost goes: one service, or split among services by requests, CPU or fixed percentages. */
export const TARGET_KINDS = ['service', 'requests', 'cpu', 'fixed'] as const
export type TargetKind = (typeof TARGET_KINDS)[number]

export interface ShareDraft {
  service: string
  percent: string
}

export interface RuleDraft {
  name: string
  priority: string
  /** All must hold; rows of the same kind (and tag key) are one condition: any of their values. */
  conditions: ConditionDraft[]
  target: TargetKind
  service: string
  team: string
  /** Requests and CPU splits: only these services, separated by commas (empty: every service). */
  among: string
  cpuMetric: string
  shares: ShareDraft[]
}

export const DEFAULT_PRIORITY = 100

export function newDraft(): RuleDraft {
  return {
    name: '',
    priority: String(DEFAULT_PRIORITY),
    conditions: [{ kind: 'tag', key: '', value: '' }],
    target: 'service',
    service: '',
    team: '',
    among: '',
    cpuMetric: DEFAULT_CPU_METRIC,
    shares: [
      { service: '', percent: '' },
      { service: '', percent: '' },
    ],
  }
}

/** A condition's value(s) as texts (the API gives a text or a list). */
const textsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value)])

/** The form's rows of a rule's match, kind by kind in CONDITION_KINDS order (the store does not keep the order they were given in). */
export function conditionsOf(match: Record<string, unknown>): ConditionDraft[] {
  const rows: ConditionDraft[] = []
  for (const [kind, value] of Object.entries(match)) {
    if (value === undefined) continue
    if (kind === 'tags') {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) for (const text of textsOf(v)) rows.push({ kind: 'tag', key, value: text })
    } else if (kind === 'untagged' || kind === 'any') {
      if (value === true) rows.push({ kind, key: '', value: '' })
    } else if ((CONDITION_KINDS as readonly string[]).includes(kind)) {
      for (const text of textsOf(value)) rows.push({ kind: kind as ConditionKind, key: '', value: text })
    }
  }
  const rank = (kind: ConditionKind) => CONDITION_KINDS.indexOf(kind)
  // a stable sort: tags and values keep their order
  return rows.sort((a, b) => rank(a.kind) - rank(b.kind))
}

export function draftOf(rule: StoredRule): RuleDraft {
  const draft: RuleDraft = { ...newDraft(), name: rule.name, priority: String(rule.priority ?? DEFAULT_PRIORITY), conditions: conditionsOf(rule.match) }
  const split = rule.split as { by?: string; among?: string[]; metric?: string; shares?: Record<string, number> } | undefined
  if (!split) return { ...draft, target: 'service', service: rule.service ?? '', team: rule.team ?? '' }
  const among = (split.among ?? []).join(', ')
  if (split.by === 'fixed') return { ...draft, target: 'fixed', shares: Object.entries(split.shares ?? {}).map(([service, percent]) => ({ service, percent: String(percent) })) }
  if (split.by === 'cpu') return { ...draft, target: 'cpu', among, cpuMetric: split.metric ?? DEFAULT_CPU_METRIC }
  return { ...draft, target: 'requests', among }
}

/** A number as typed; what is not one goes as null, for the API to name the field. */
const numberOf = (text: string) => (text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text))

/** `a, b` → ['a', 'b']; empty: none. */
const listOf = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

/** Adds a value to a condition: the first stays a text, more make a list (any of them matches). */
function addValue(into: Record<string, unknown>, key: string, value: string) {
  const had = into[key]
  into[key] = had === undefined ? value : [...textsOf(had), value]
}

export function matchOf(conditions: readonly ConditionDraft[]): Record<string, unknown> {
  const match: Record<string, unknown> = {}
  for (const c of conditions) {
    if (!hasValue(c.kind)) match[c.kind] = true
    else if (c.kind === 'tag') {
      match.tags ??= {}
      addValue(match.tags as Record<string, unknown>, c.key.trim(), c.value.trim())
    } else addValue(match, c.kind, c.value.trim())
  }
  return match
}

/** The body of POST /allocation/rules or PUT /allocation/rules/:id (typed loosely: the API, not the form, says what is wrong). */
export function inputOf(d: RuleDraft): AllocationRuleInput {
  const among = listOf(d.among)
  const target =
    d.target === 'service'
      ? { service: d.service.trim(), ...(d.team.trim() ? { team: d.team.trim() } : {}) }
      : d.target === 'requests'
        ? { split: { by: 'requests', ...(among.length ? { among } : {}) } }
        : d.target === 'cpu'
          ? { split: { by: 'cpu', metric: d.cpuMetric.trim(), ...(among.length ? { among } : {}) } }
          : { split: { by: 'fixed', shares: Object.fromEntries(d.shares.map((s) => [s.service.trim(), numberOf(s.percent)])) } }
  return {
    name: d.name,
    match: matchOf(d.conditions),
    ...target,
    ...(d.priority.trim() === '' ? {} : { priority: numberOf(d.priority) }),
  } as unknown as AllocationRuleInput
}

/** The fixed shares' total, over the rows with a number. */
export const sharesTotal = (shares: readonly ShareDraft[]) => shares.reduce((sum, s) => sum + (numberOf(s.percent) ?? 0), 0)

/** Form fields a message can belong to. */
export type RuleField = 'name' | 'priority' | 'conditions' | `condition.${number}` | 'target' | 'service' | 'team' | 'among' | 'cpuMetric' | 'shares' | `share.${number}` | 'form'

/** What the form refuses before asking the API, as messages of the catalog. */
export interface FormProblem {
  field: RuleField
  message: MessageKey
  vars?: Record<string, string | number>
}

export function formProblems(d: RuleDraft): FormProblem[] {
  if (d.target !== 'fixed') return []
  const problems: FormProblem[] = []
  const seen = new Set<string>()
  d.shares.forEach((s, i) => {
    const service = s.service.trim()
    if (service !== '' && seen.has(service)) problems.push({ field: `share.${i}`, message: 'allocation.form.sharedTwice', vars: { service } })
    seen.add(service)
  })
  const total = sharesTotal(d.shares)
  // percentages typed with decimals add up in floating point (33.3 + 33.3 + 33.4)
  if (Math.abs(total - 100) > 1e-9) problems.push({ field: 'shares', message: 'allocation.form.sharesTotal', vars: { total: Math.round(total * 1e6) / 1e6 } })
  return problems
}

/** The API path of each condition row: `match.provider` for one row of a kind, `match.provider.1` for the second of several. */
function conditionPaths(conditions: readonly ConditionDraft[]): { exact: Map<string, number>; group: Map<string, number> } {
  const groups = new Map<string, number[]>()
  conditions.forEach((c, i) => {
    const path = c.kind === 'tag' ? `match.tags.${c.key.trim()}` : `match.${c.kind}`
    groups.set(path, [...(groups.get(path) ?? []), i])
  })
  const exact = new Map<string, number>()
  const group = new Map<string, number>()
  for (const [path, rows] of groups) {
    group.set(path, rows[0])
    if (rows.length === 1) exact.set(path, rows[0])
    else
      rows.forEach((row, j) => {
        exact.set(`${path}.${j}`, row)
      })
  }
  return { exact, group }
}

/** The API's field paths (match.tags.team, split.shares.checkout, …) → the form's fields. */
export function errorsByField(errors: Record<string, string>, draft: RuleDraft): Partial<Record<RuleField, string>> {
  const out: Partial<Record<RuleField, string>> = {}
  const add = (field: RuleField, message: string) => {
    out[field] = out[field] ? `${out[field]}; ${message}` : message
  }
  const paths = conditionPaths(draft.conditions)
  for (const [path, message] of Object.entries(errors)) {
    if (path === 'name' || path === 'priority' || path === 'service' || path === 'team') add(path, message)
    else if (path === 'match' || path === 'match.tags') add('conditions', message)
    else if (path.startsWith('match.')) {
      const row = paths.exact.get(path) ?? paths.group.get(path) ?? [...paths.group].find(([p]) => path.startsWith(`${p}.`))?.[1]
      add(row === undefined ? 'conditions' : `condition.${row}`, message)
    } else if (path === 'split.metric') add('cpuMetric', message)
    else if (path === 'split.among' || path.startsWith('split.among.')) add('among', message)
    else if (path.startsWith('split.shares.')) {
      const service = path.slice('split.shares.'.length)
      const row = draft.shares.findIndex((s) => s.service.trim() === service)
      add(row < 0 ? 'shares' : `share.${row}`, message)
    } else if (path === 'split.shares') add('shares', message)
    else if (path === 'split' || path === 'split.by') add('target', message)
    else add('form', path ? `${path}: ${message}` : message)
  }
  return out
}
