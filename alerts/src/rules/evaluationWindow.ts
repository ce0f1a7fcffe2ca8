import { parseDuration } from '../engine/duration.js'

export const MINUTE_MS = 60_000

/**
 * The window a query reads: whole minutes ending at the last whole minute before the evaluation
 * (the per-minute aggregates hold whole minutes; the running minute is still filling).
 */
export function evaluationWindow(now: number, window: string | number, field: string): { from: number; to: number } {
  const ms = parseDuration(window, field)
  const minutes = Math.max(1, Math.round(ms / MINUTE_MS))
  const to = Math.floor(now / MINUTE_MS) * MINUTE_MS
  return { from: to - minutes * MINUTE_MS, to }
}
