import { type BudgetStatusOptions, type DefinedSlo, MeridianError } from '@meridian/core'
import type { AlertRuleQuery, AlertRuleSpec } from '@meridian/core/api'
import { absenceEvaluator } from '../engine/absenceEvaluator.js'
import type { AlertRule } from '../engine/alertRule.js'
import { compileRule } from '../engine/compileRule.js'
import { parseDuration } from '../engine/duration.js'
import type { SeriesSource } from '../engine/series.js'
import { sqlSeries } from '../engine/sqlSeries.js'
import { thresholdEvaluator } from '../engine/thresholdEvaluator.js'
import { anomalyScorer, anomalyScorerNames } from './anomalyScorers.js'
import { budgetSamples } from './budgetSamples.js'
import { logSeries } from './logSeries.js'
import { metricPresent, metricSeries } from './metricSeries.js'
import { type SloLookup, sloBurnRateRules } from './sloBurnRateRules.js'
import { spanSeries, spansPresent } from './spanSeries.js'

/** What building a rule needs besides the rule: SLOs by name (burn-rate rules), budget settings. */
export interface RuleBuildContext {
  slos: SloLookup
  /** Every SLO: burn-rate rules of one tick read them all at once. */
  allSlos?: () => DefinedSlo[]
  budgets?: BudgetStatusOptions
}

const invalid = (message: string) => new MeridianError(400, 'invalid_rule', message)

/** A query's series; `field` names it in errors. */
export function querySeries(query: AlertRuleQuery, field: string): SeriesSource {
  switch (query.kind) {
    case 'spans':
      return spanSeries(query, field)
    case 'logs':
      return logSeries(query, field)
    case 'metric':
      return metricSeries(query, field)
    case 'sql':
      return sqlSeries({ sql: query.sql, params: query.params })
  }
}

function presentSeries(spec: Extract<AlertRuleSpec, { kind: 'absent' }>['absent'], field: string): { series: SeriesSource; expect: Record<string, string>[] | undefined } {
  if (spec.kind === 'metric') {
    if (!spec.metric) throw invalid(`${field}.metric: an absent metric rule names the metric`)
    return { series: metricPresent(spec.metric, spec.service, spec.window, field), expect: undefined }
  }
  if (spec.metric !== undefined) throw invalid(`${field}.metric: only kind metric takes a metric`)
  if (spec.kind === 'spans') return { series: spansPresent(spec.service, spec.window, field), expect: spec.service ? [{ service: spec.service }] : undefined }
  const logs = logSeries({ service: spec.service, window: spec.window }, field)
  // a count of 0 is no record: absent
  return { series: async (ctx) => (await logs(ctx)).filter((s) => (s.value ?? 0) > 0), expect: undefined }
}

/** Seconds of a duration (the engine's interval is seconds). */
const seconds = (d: string | 0, field: string) => {
  const ms = parseDuration(d, field)
  if (ms < 1000) throw invalid(`${field}: must be at least 1s`)
  return ms / 1000
}

/**
 * A rule of a file or the API as the engine's rules (one; an SLO burn-rate rule two: page and
 * ticket), checked with compileRule so a bad template or duration is refused here with its field.
 * `field` names the rule in errors (`groups[0].rules[2]`).
 */
export function buildAlertRules(spec: AlertRuleSpec, meta: { id: string; groupInterval?: string | 0 }, context: RuleBuildContext, field: string): AlertRule[] {
  const interval = spec.interval ?? meta.groupInterval
  const base = {
    for: spec.for,
    keepFiringFor: spec.keep_firing_for,
    labels: spec.labels,
    annotations: spec.annotations,
    runbookUrl: spec.runbook_url,
    dashboardUrl: spec.dashboard_url,
    noData: spec.no_data,
    onError: spec.on_error,
    interval: interval === undefined ? undefined : seconds(interval, `${field}.interval`),
  }
  const one = (evaluate: AlertRule['evaluate']): AlertRule[] => [{ ...base, id: meta.id, name: spec.alert, severity: spec.severity ?? 'warning', evaluate }]
  let rules: AlertRule[]
  switch (spec.kind) {
    case 'threshold':
      rules = one(thresholdEvaluator({ series: querySeries(spec.query, `${field}.query`), comparison: spec.op, threshold: spec.threshold }, field))
      break
    case 'absent': {
      const { series, expect } = presentSeries(spec.absent, `${field}.absent`)
      rules = one(absenceEvaluator({ series, expect }))
      break
    }
    case 'budget': {
      const query = { budget: spec.budget, basis: spec.basis, percent: spec.percent }
      rules = one((ctx) => budgetSamples(ctx.store, query, ctx.now, { ...context.budgets, signal: ctx.signal }))
      break
    }
    case 'slo_burn_rate':
      if (spec.severity !== undefined) throw invalid(`${field}.severity: an SLO burn-rate rule's severities are set by its pairs (page: critical, ticket: warning)`)
      rules = sloBurnRateRules({ id: meta.id, slo: spec.slo, name: spec.alert, lookup: context.slos, all: context.allSlos, base })
      break
    case 'anomaly': {
      const scorer = anomalyScorer(spec.anomaly.scorer)
      if (!scorer) {
        const known = anomalyScorerNames()
        throw invalid(
          `${field}.anomaly.scorer: anomaly rules are not available yet (a later issue brings the models)${known.length ? `; registered scorers: ${known.join(', ')}` : ''}; no scorer "${spec.anomaly.scorer}"`,
        )
      }
      const series = querySeries(spec.anomaly.query, `${field}.anomaly.query`)
      rules = one((ctx) => scorer.score({ series, options: spec.anomaly.options ?? {}, ctx }))
      break
    }
  }
  for (const rule of rules) compileRule(rule, field)
  return rules
}
