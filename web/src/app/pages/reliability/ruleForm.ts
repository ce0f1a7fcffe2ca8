import type { AlertRuleBody, AlertRuleListItem, SpanMeasure } from '@meridian/core/api'

/*
 * The rule editor's fields and the API body they make (POST/PUT /alerts/rules, and
 * /alerts/rules/preview). The form edits the two kinds most rules are: a threshold on spans (an
 * error rate, a latency percentile) or a log count, and an SLO's burn-rate alerts. Checking is
 * the API's: a number field that is not a number goes as its text, so the 400 names it.
 */

export type RuleFormKind = 'threshold' | 'slo_burn_rate'
export type RuleFormQueryKind = 'spans' | 'logs'

export interface RuleFormState {
  alert: string
  group: string
  kind: RuleFormKind
  severity: 'critical' | 'warning' | 'info'
  queryKind: RuleFormQueryKind
  service: string
  operation: string
  measure: SpanMeasure
  logSeverity: string
  text: string
  window: string
  op: '>' | '>=' | '<' | '<=' | '==' | '!='
  threshold: string
  for: string
  keepFiringFor: string
  summary: string
  slo: string
}

export const EMPTY_RULE: RuleFormState = {
  alert: '',
  group: 'api',
  kind: 'threshold',
  severity: 'warning',
  queryKind: 'spans',
  service: '',
  operation: '',
  measure: 'error_rate',
  logSeverity: 'ERROR',
  text: '',
  window: '5m',
  op: '>',
  threshold: '',
  for: '',
  keepFiringFor: '',
  summary: '',
  slo: '',
}

const opt = (v: string) => (v.trim() === '' ? undefined : v.trim())
/** A duration field: "0" is zero, anything else as written. */
const duration = (v: string): 0 | string | undefined => (v.trim() === '0' ? 0 : opt(v))
/** A number, or the text itself (the API answers "must be a number"). */
const numberOrText = (v: string): number => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : (v as unknown as number))

/** The body of the form's rule; optional fields left empty are left out. */
export function ruleBody(s: RuleFormState): AlertRuleBody {
  const common = {
    alert: s.alert.trim(),
    group: opt(s.group),
    for: duration(s.for),
    keep_firing_for: duration(s.keepFiringFor),
    annotations: opt(s.summary) ? { summary: s.summary.trim() } : undefined,
  }
  const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
  if (s.kind === 'slo_burn_rate') return clean({ ...common, kind: 'slo_burn_rate' as const, slo: s.slo })
  const window = opt(s.window) ?? '5m'
  const query =
    s.queryKind === 'spans'
      ? clean({ kind: 'spans' as const, service: s.service.trim(), operation: opt(s.operation), measure: s.measure, window })
      : clean({
          kind: 'logs' as const,
          service: opt(s.service),
          severity: opt(s.logSeverity) ? [s.logSeverity as 'ERROR'] : undefined,
          text: opt(s.text),
          window,
        })
  return clean({ ...common, kind: 'threshold' as const, severity: s.severity, query, op: s.op, threshold: numberOrText(s.threshold) })
}

/** The form of a stored rule, or null when the form cannot edit its kind (edit it through the API). */
export function ruleFormOf(item: AlertRuleListItem): RuleFormState | null {
  const r = item.rule
  const base: RuleFormState = {
    ...EMPTY_RULE,
    alert: r.alert,
    group: item.group,
    for: r.for === undefined ? '' : String(r.for),
    keepFiringFor: r.keep_firing_for === undefined ? '' : String(r.keep_firing_for),
    summary: r.annotations?.summary ?? '',
  }
  const extra = Object.keys(r).filter((k) => !['alert', 'kind', 'group', 'for', 'keep_firing_for', 'annotations', 'severity', 'query', 'op', 'threshold', 'slo'].includes(k))
  const otherAnnotations = Object.keys(r.annotations ?? {}).some((k) => k !== 'summary')
  // fields the form does not show would be lost on save
  if (extra.length > 0 || otherAnnotations) return null
  if (r.kind === 'slo_burn_rate') return { ...base, kind: 'slo_burn_rate', slo: r.slo }
  if (r.kind !== 'threshold') return null
  const q = r.query
  const common = { ...base, kind: 'threshold' as const, severity: r.severity ?? 'warning', op: r.op, threshold: String(r.threshold), window: String(q.kind === 'sql' ? '5m' : q.window) }
  if (q.kind === 'spans') return { ...common, queryKind: 'spans', service: q.service, operation: q.operation ?? '', measure: q.measure }
  if (q.kind === 'logs') {
    if ((q.severity?.length ?? 0) > 1) return null
    return { ...common, queryKind: 'logs', service: q.service ?? '', logSeverity: q.severity?.[0] ?? '', text: q.text ?? '' }
  }
  return null
}
