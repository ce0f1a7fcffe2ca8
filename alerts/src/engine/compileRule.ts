import { MeridianError } from '@meridian/core'
import { validate } from 'node-cron'
import { type AlertRule, ERROR_CHOICES, type ErrorChoice, NO_DATA_CHOICES, type NoDataChoice, SEVERITIES, type Severity } from './alertRule.js'
import { parseDuration } from './duration.js'
import { LABEL_NAME } from './labels.js'
import { compileTemplate, type Template } from './template.js'

/** When a rule is evaluated: every `ms`, on a cron expression, or on the engine's schedule. */
export type RuleSchedule = { kind: 'every'; ms: number } | { kind: 'cron'; expression: string } | { kind: 'default' }

/** A rule checked once, with its templates compiled and durations in ms. */
export interface CompiledRule {
  rule: AlertRule
  id: string
  name: string
  severity: Severity
  forMs: number
  keepFiringForMs: number
  schedule: RuleSchedule
  noData: NoDataChoice
  onError: ErrorChoice
  labels: [string, Template][]
  annotations: [string, Template][]
}

/** Labels the engine sets itself. */
const RESERVED_LABELS = ['alertname', 'severity', 'rulename']
const RULE_ID = /^[A-Za-z0-9_.:/-]{1,200}$/

const invalid = (message: string) => new MeridianError(400, 'invalid_rule', message)

/** Checks a rule; the error names the field (`rules[3].for: …`). */
export function compileRule(rule: AlertRule, field = 'rule'): CompiledRule {
  if (typeof rule !== 'object' || rule === null) throw invalid(`${field}: must be an object`)
  if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id)) throw invalid(`${field}.id: must be 1-200 letters, digits or _ . : / -, got ${JSON.stringify(rule.id)}`)
  const at = `${field} (${rule.id})`
  if (typeof rule.name !== 'string' || rule.name.trim() === '') throw invalid(`${at}.name: must be a non-empty text`)
  if (!SEVERITIES.includes(rule.severity)) throw invalid(`${at}.severity: must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(rule.severity)}`)
  if (typeof rule.evaluate !== 'function') throw invalid(`${at}.evaluate: must be a function that returns the samples`)
  const noData = rule.noData ?? 'no_data'
  if (!NO_DATA_CHOICES.includes(noData)) throw invalid(`${at}.noData: must be one of ${NO_DATA_CHOICES.join(', ')}, got ${JSON.stringify(noData)}`)
  const onError = rule.onError ?? 'error'
  if (!ERROR_CHOICES.includes(onError)) throw invalid(`${at}.onError: must be one of ${ERROR_CHOICES.join(', ')}, got ${JSON.stringify(onError)}`)

  const labels = Object.entries(rule.labels ?? {}).map(([name, value]): [string, Template] => {
    if (!LABEL_NAME.test(name)) throw invalid(`${at}.labels.${name}: not a label name (letters, digits and _, not starting with a digit)`)
    if (RESERVED_LABELS.includes(name)) throw invalid(`${at}.labels.${name}: set by the engine (alertname is the rule's name, severity its severity)`)
    return [name, compileTemplate(value, `${at}.labels.${name}`)]
  })
  const annotationSources = { ...rule.annotations }
  if (rule.runbookUrl !== undefined) annotationSources.runbook_url = rule.runbookUrl
  if (rule.dashboardUrl !== undefined) annotationSources.dashboard_url = rule.dashboardUrl
  const annotations = Object.entries(annotationSources).map(([name, value]): [string, Template] => [name, compileTemplate(value, `${at}.annotations.${name}`)])

  return {
    rule,
    id: rule.id,
    name: rule.name,
    severity: rule.severity,
    forMs: parseDuration(rule.for ?? 0, `${at}.for`),
    keepFiringForMs: parseDuration(rule.keepFiringFor ?? 0, `${at}.keepFiringFor`),
    schedule: scheduleOf(rule.interval, `${at}.interval`),
    noData,
    onError,
    labels,
    annotations,
  }
}

function scheduleOf(interval: number | string | undefined, field: string): RuleSchedule {
  if (interval === undefined) return { kind: 'default' }
  if (typeof interval === 'number') {
    if (!Number.isFinite(interval) || interval < 1) throw invalid(`${field}: seconds between evaluations must be at least 1, got ${interval}`)
    return { kind: 'every', ms: Math.round(interval * 1000) }
  }
  if (typeof interval !== 'string' || !validate(interval)) throw invalid(`${field}: must be seconds or a cron expression such as "*/30 * * * * *", got ${JSON.stringify(interval)}`)
  return { kind: 'cron', expression: interval }
}

/** Checks every rule and that their ids are distinct. */
export function compileRules(rules: AlertRule[]): CompiledRule[] {
  const seen = new Map<string, number>()
  return rules.map((rule, i) => {
    const compiled = compileRule(rule, `rules[${i}]`)
    const before = seen.get(compiled.id)
    if (before !== undefined) throw invalid(`rules[${i}].id: "${compiled.id}" is also the id of rules[${before}]`)
    seen.set(compiled.id, i)
    return compiled
  })
}
