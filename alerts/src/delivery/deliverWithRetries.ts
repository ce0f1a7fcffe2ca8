import type { DeliveryClock } from './deliveryClock.js'
import type { DeliveryChannel, DeliveryListener, DeliveryResult } from './deliveryResult.js'
import { backoffDelayMs, type RetryPolicy } from './retryPolicy.js'

/** What one attempt came to, as the channel judges it. */
export type AttemptOutcome =
  | { ok: true; status: number | null }
  | {
      ok: false
      status: number | null
      error: string
      /** `no`: a permanent failure (bad request, auth); `backoff`: transient; a number: the receiver's Retry-After, in ms. */
      retry: 'no' | 'backoff' | number
    }

export interface RetryRun {
  channel: DeliveryChannel
  target: string
  policy: RetryPolicy
  clock: DeliveryClock
  random?: () => number
  signal?: AbortSignal
  onResult?: DeliveryListener
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the policy's attempts are spent; waits the
 * receiver's Retry-After when it gives one, else backs off exponentially. Never throws: the result
 * says what happened (an aborted signal ends the delivery as failed).
 */
export async function deliverWithRetries(run: RetryRun, attempt: (n: number) => Promise<AttemptOutcome>): Promise<DeliveryResult> {
  const startedAt = run.clock.now()
  let attempts = 0
  let lastStatus: number | null = null
  let error: string | null = null
  let ok = false
  while (attempts < run.policy.maxAttempts) {
    if (run.signal?.aborted) {
      error = `stopped before attempt ${attempts + 1}${error ? ` (last error: ${error})` : ''}`
      break
    }
    attempts++
    let outcome: AttemptOutcome
    try {
      outcome = await attempt(attempts)
    } catch (err) {
      // a channel classifies its own errors; anything else is unexpected and not retried
      outcome = { ok: false, status: null, error: (err as Error).message, retry: 'no' }
    }
    lastStatus = outcome.status
    if (outcome.ok) {
      ok = true
      error = null
      break
    }
    error = outcome.error
    if (outcome.retry === 'no') break
    if (attempts >= run.policy.maxAttempts) {
      error = `${error} (gave up after ${attempts} attempts)`
      break
    }
    if (typeof outcome.retry === 'number' && outcome.retry > run.policy.maxRetryAfterMs) {
      error = `${outcome.error}; the receiver asked to wait ${Math.ceil(outcome.retry / 1000)} s, more than the ${Math.round(run.policy.maxRetryAfterMs / 1000)} s a delivery waits`
      break
    }
    const wait = typeof outcome.retry === 'number' ? outcome.retry : backoffDelayMs(run.policy, attempts, run.random)
    try {
      await run.clock.sleep(wait, run.signal)
    } catch {
      error = `stopped while waiting to retry (last error: ${error})`
      break
    }
  }
  const result: DeliveryResult = { channel: run.channel, target: run.target, ok, attempts, lastStatus, error, startedAt, finishedAt: run.clock.now() }
  try {
    run.onResult?.(result)
  } catch {
    // the listener's failure is its own; the delivery's result stands
  }
  return result
}
