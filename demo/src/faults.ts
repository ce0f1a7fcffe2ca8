/**
 * What goes wrong in the demo shop, and how often. The services read one FaultModel (passed down
 * by startDemo), so a test can turn a fault up to see it at a small volume.
 */

export interface FaultModel {
  /** Share of card charges the payment provider declines (HTTP 402, an error on payment). */
  paymentDeclineRate: number
  /** Share of inventory reservations stuck on a row lock past checkout's timeout (checkout retries once). */
  inventoryTimeoutRate: number
  /** Share of LLM calls answered 429 by the provider (recommendation retries, then falls back). */
  llmRateLimitRate: number
  /** Share of database-ish queries that are slow (lock waits, cold cache): 5-30 times their usual time. */
  slowQueryRate: number
  /**
   * A recurring incident: every `errorBurstEveryMs` the payment provider fails a share
   * (`errorBurstFailureRate`) of charges for `errorBurstDurationMs`, so error rates and SLOs
   * move. The burst closes each period: with 180 s / 40 s, bursts run 140-180 s, 320-360 s, ...
   * after the demo starts. `errorBurstEveryMs: 0` turns it off.
   */
  errorBurstEveryMs: number
  errorBurstDurationMs: number
  errorBurstFailureRate: number
}

export const DEFAULT_FAULTS: FaultModel = {
  paymentDeclineRate: 0.02,
  inventoryTimeoutRate: 0.01,
  llmRateLimitRate: 0.015,
  slowQueryRate: 0.02,
  errorBurstEveryMs: 180_000,
  errorBurstDurationMs: 40_000,
  errorBurstFailureRate: 0.6,
}

/** Whether the recurring incident is on at `now`, for a demo that started at `epochMs`. */
export function inErrorBurst(faults: FaultModel, epochMs: number, now = Date.now()): boolean {
  if (faults.errorBurstEveryMs <= 0 || faults.errorBurstDurationMs <= 0) return false
  const phase = (now - epochMs) % faults.errorBurstEveryMs
  return phase >= faults.errorBurstEveryMs - faults.errorBurstDurationMs
}
