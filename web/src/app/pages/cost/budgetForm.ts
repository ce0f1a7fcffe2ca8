import { type Budget, type BudgetInput, type BudgetScope, COST_METRICS, type CostMetric, DEFAULT_COST_METRIC, DEFAULT_THRESHOLDS } from '@meridian/core/api'

/*
 * The budget form's state (text, as typed) and the API's input made from it. The form leaves
 * the checking to the API (budgetInput, core/src/api/cost.ts): its 400 names each bad field
 * (`amount: …; scope.provider: …`), and errorsByField puts each message under its field.
 */

export const SCOPE_KINDS = ['total', 'provider', 'service', 'team', 'tag'] as const
export type ScopeKind = BudgetScope['kind']

export interface BudgetDraft {
  name: string
  scopeKind: ScopeKind
  /** The scope's value: provider, service or team; the tag's value for a tag scope. */
  scopeValue: string
  tagKey: string
  period: Budget['period']
  amount: string
  currency: string
  metric: CostMetric
  thresholds: { percent: string; basis: 'actual' | 'forecast' }[]
}

export function newDraft(currency: string): BudgetDraft {
  return {
    name: '',
    scopeKind: 'total',
    scopeValue: '',
    tagKey: '',
    period: 'month',
    amount: '',
    currency,
    metric: DEFAULT_COST_METRIC,
    thresholds: DEFAULT_THRESHOLDS.map((th) => ({ percent: String(th.percent), basis: th.basis })),
  }
}

export function draftOf(budget: Budget): BudgetDraft {
  const s = budget.scope
  return {
    name: budget.name,
    scopeKind: s.kind,
    scopeValue: s.kind === 'provider' ? s.provider : s.kind === 'service' ? s.service : s.kind === 'team' ? s.team : s.kind === 'tag' ? s.value : '',
    tagKey: s.kind === 'tag' ? s.key : '',
    period: budget.period,
    amount: String(budget.amount),
    currency: budget.currency,
    metric: COST_METRICS.includes(budget.metric) ? budget.metric : DEFAULT_COST_METRIC,
    thresholds: budget.thresholds.map((th) => ({ percent: String(th.percent), basis: th.basis })),
  }
}

function scopeOf(d: BudgetDraft): BudgetScope {
  switch (d.scopeKind) {
    case 'total':
      return { kind: 'total' }
    case 'provider':
      return { kind: 'provider', provider: d.scopeValue.trim() }
    case 'service':
      return { kind: 'service', service: d.scopeValue.trim() }
    case 'team':
      return { kind: 'team', team: d.scopeValue.trim() }
    case 'tag':
      return { kind: 'tag', key: d.tagKey.trim(), value: d.scopeValue }
  }
}

/** A number as typed; what is not one goes as null, for the API to name the field. */
const numberOf = (text: string) => (text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text))

/** The body of POST /budgets or PUT /budgets/:id (typed loosely: the API, not the form, says what is wrong). */
export function inputOf(d: BudgetDraft): BudgetInput {
  return {
    name: d.name,
    scope: scopeOf(d),
    period: d.period,
    amount: numberOf(d.amount),
    currency: d.currency.trim().toUpperCase(),
    metric: d.metric,
    thresholds: d.thresholds.map((th) => ({ percent: numberOf(th.percent), basis: th.basis })),
  } as unknown as BudgetInput
}

/** Form fields a message of the API can belong to. */
export type BudgetField = 'name' | 'scope' | 'tagKey' | 'period' | 'amount' | 'currency' | 'metric' | 'thresholds' | `threshold.${number}` | 'form'

/** The API's field paths (scope.provider, thresholds.1.percent, …) → the form's fields. */
export function errorsByField(errors: Record<string, string>, draft: BudgetDraft): Partial<Record<BudgetField, string>> {
  const out: Partial<Record<BudgetField, string>> = {}
  const add = (field: BudgetField, message: string) => {
    out[field] = out[field] ? `${out[field]}; ${message}` : message
  }
  for (const [path, message] of Object.entries(errors)) {
    const [head, second] = path.split('.')
    if (head === 'scope') add(draft.scopeKind === 'tag' && second === 'key' ? 'tagKey' : 'scope', message)
    else if (head === 'thresholds' && second !== undefined && /^\d+$/.test(second)) add(`threshold.${Number(second)}`, message)
    else if (['name', 'period', 'amount', 'currency', 'metric', 'thresholds'].includes(head)) add(head as BudgetField, message)
    else add('form', path ? `${path}: ${message}` : message)
  }
  return out
}
