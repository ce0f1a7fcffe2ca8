import type { Comparison } from './alertRule.js'
import type { Labels } from './labels.js'

/** `inactive`: no instance (never active, or gone); it appears in the history, never as a stored state. */
export const ALERT_STATES = ['inactive', 'pending', 'firing', 'no_data', 'error', 'resolved'] as const
export type AlertState = (typeof ALERT_STATES)[number]

/** The states that notify: firing, and the no-data and error states a rule chose to have. */
export type ActiveState = 'firing' | 'no_data' | 'error'

/** One alert of one rule (one label set), as the engine keeps and stores it. */
export interface AlertInstance {
  ruleId: string
  ruleName: string
  fingerprint: string
  labels: Labels
  annotations: Record<string, string>
  state: Exclude<AlertState, 'inactive'>
  /** While pending: the state it enters when `for` has passed (the condition, no data, an error). */
  pendingFor: ActiveState | null
  /** When resolved: the state it left (its notification carried that state's labels). */
  resolvedFrom: ActiveState | null
  /** When the current activation began (pending started); epoch ms. */
  activeAt: number | null
  /** When it entered its active state (firing, no_data or error). */
  firedAt: number | null
  resolvedAt: number | null
  /** Since when a firing alert's condition is clear (it keeps firing for keepFiringFor). */
  keepFiringSince: number | null
  lastEvaluation: number
  value: number | null
  threshold: number | null
  comparison: Comparison | null
  values: Record<string, number | string>
  /** The evaluation error, in the error state (or pending towards it). */
  error: string
}

/** A change of state, for the alert history. */
export interface AlertTransition {
  at: number
  ruleId: string
  ruleName: string
  fingerprint: string
  labels: Labels
  from: AlertState
  to: AlertState
  value: number | null
  threshold: number | null
}
