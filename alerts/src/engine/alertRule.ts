import type { Store } from '@meridian/core'
import type { DurationInput } from './duration.js'
import type { Labels } from './labels.js'

export const SEVERITIES = ['critical', 'warning', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** What an evaluation that returns no samples does (Grafana's "alert state if no data"). */
export const NO_DATA_CHOICES = ['no_data', 'alerting', 'ok', 'keep_last_state'] as const
export type NoDataChoice = (typeof NO_DATA_CHOICES)[number]

/** What a failed evaluation does (Grafana's "alert state if execution error or timeout"). */
export const ERROR_CHOICES = ['error', 'alerting', 'ok', 'keep_last_state'] as const
export type ErrorChoice = (typeof ERROR_CHOICES)[number]

export const COMPARISONS = ['>', '>=', '<', '<=', '==', '!='] as const
export type Comparison = (typeof COMPARISONS)[number]

/**
 * One series of an evaluation: one alert instance per label set. The evaluator decides whether
 * it fires; a threshold rule compares value with threshold, an SLO burn-rate rule fires when both
 * of its windows burn faster than the factor (value: the long window's rate, threshold: the
 * factor, values: both rates and the budget left), an absence rule fires when its series is
 * missing, a budget rule when spend passes its share.
 */
export interface Sample {
  labels: Labels
  /** The figure the condition is about; null when there is none. */
  value: number | null
  firing: boolean
  /** Shown against the value in messages ("7.3 > 5"). */
  threshold?: number | null
  comparison?: Comparison
  /** Further figures, readable in templates as `$values.<name>`. */
  values?: Record<string, number | string>
}

export interface EvaluationContext {
  store: Store
  /** The evaluation's time (epoch ms, from the engine's clock): query up to here. */
  now: number
  /** Aborted when the evaluation times out or the engine stops. */
  signal: AbortSignal
  rule: { id: string; name: string }
}

/**
 * An alerting rule as the engine runs it. Where rules come from (files, the API, SLOs, budgets)
 * is up to their sources: each builds one of these, with an `evaluate` that returns the samples
 * (thresholdEvaluator, absenceEvaluator, or its own: burn rates, budget conditions, anomalies).
 */
export interface AlertRule {
  /** Stable across restarts: the alert state of the rule is stored under it. */
  id: string
  /** The `alertname` label of its alerts. */
  name: string
  severity: Severity
  /** Added to every alert of the rule; values are templates (`{{ $labels.service }}`). */
  labels?: Record<string, string>
  /** Templates: `summary` (one line), `description`, anything else. */
  annotations?: Record<string, string>
  /** Templates, stored as the annotations `runbook_url` and `dashboard_url` (a path is taken relative to Meridian's URL). */
  runbookUrl?: string
  dashboardUrl?: string
  /** How long the condition must hold before the alert fires (pending until then). Default 0. */
  for?: DurationInput
  /** How long a firing alert keeps firing after its condition clears. Default 0. */
  keepFiringFor?: DurationInput
  /** Evaluate every N seconds, or on a node-cron schedule; default: the engine's schedule. */
  interval?: number | string
  noData?: NoDataChoice
  onError?: ErrorChoice
  evaluate(ctx: EvaluationContext): Promise<Sample[]>
}
