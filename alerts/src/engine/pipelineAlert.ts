import type { Comparison } from './alertRule.js'
import type { ActiveState, AlertInstance } from './alertInstance.js'
import { type Labels, labelsFingerprint } from './labels.js'

/** An alert as the notification pipeline sees it (what Prometheus sends to Alertmanager). */
export interface PipelineAlert {
  /** Of `labels`: the alert's identity in groups, silences, inhibition and the notification log. */
  fingerprint: string
  labels: Labels
  annotations: Record<string, string>
  /** What the alert is about: its condition, or the rule's no data or error. */
  state: ActiveState
  startsAt: number
  /** When it resolved; null while it fires. */
  endsAt: number | null
  ruleId: string
  /** The alert instance it stands for. */
  instance: string
  value: number | null
  threshold: number | null
  comparison: Comparison | null
  values: Record<string, number | string>
  /** The evaluation error of an error-state alert; '' otherwise. */
  error: string
}

/** Names of the alerts a rule's no-data and error states raise (Grafana's). */
export const NO_DATA_ALERTNAME = 'DatasourceNoData'
export const ERROR_ALERTNAME = 'DatasourceError'

/**
 * The alert an instance shows the pipeline: none while pending; in the no-data and error states a
 * separate alert (alertname DatasourceNoData / DatasourceError, the rule's name as `rulename`), as
 * Grafana raises one; a resolved instance shows the alert of the state it left, ended.
 */
export function alertOf(instance: AlertInstance): PipelineAlert | undefined {
  const state = instance.state === 'resolved' ? instance.resolvedFrom : instance.state === 'pending' ? null : instance.state
  if (state === null) return undefined
  const labels =
    state === 'firing' ? instance.labels : { ...instance.labels, alertname: state === 'no_data' ? NO_DATA_ALERTNAME : ERROR_ALERTNAME, rulename: instance.ruleName }
  return {
    fingerprint: labelsFingerprint(labels),
    labels,
    annotations: instance.annotations,
    state,
    startsAt: instance.firedAt ?? instance.lastEvaluation,
    endsAt: instance.state === 'resolved' ? (instance.resolvedAt ?? instance.lastEvaluation) : null,
    ruleId: instance.ruleId,
    instance: instance.fingerprint,
    value: instance.value,
    threshold: instance.threshold,
    comparison: instance.comparison,
    values: instance.values,
    error: state === 'error' ? instance.error : '',
  }
}

/**
 * What an evaluation tells the pipeline: every active alert (refreshed values and annotations),
 * each alert that ended (resolved, or replaced by another state's alert, e.g. firing → no data),
 * once, ended at `now`.
 */
export function alertChanges(before: AlertInstance[], after: AlertInstance[], now: number): PipelineAlert[] {
  const prev = new Map(before.map((i) => [i.fingerprint, i]))
  const out: PipelineAlert[] = []
  const seen = new Set<string>()
  for (const instance of after) {
    seen.add(instance.fingerprint)
    const a = prev.get(instance.fingerprint)
    const was = a ? alertOf(a) : undefined
    const is = alertOf(instance)
    if (is && is.endsAt === null) out.push(is)
    else if (is && was && was.endsAt === null && was.fingerprint === is.fingerprint) out.push(is)
    if (was && was.endsAt === null && (!is || is.fingerprint !== was.fingerprint)) out.push({ ...was, endsAt: now })
  }
  for (const [fingerprint, instance] of prev) {
    if (seen.has(fingerprint)) continue
    const was = alertOf(instance)
    if (was && was.endsAt === null) out.push({ ...was, endsAt: now })
  }
  return out
}
