/*
 * Waits between attempts when Cost Explorer throttles (LimitExceededException) or fails
 * transiently: exponential, with jitter so that several syncs do not retry in step, capped,
 * and a bounded number of attempts, after which the run fails. The clock (sleep) and the
 * randomness are injectable, so tests observe the delays without waiting for them.
 */

export interface BackoffSettings {
  /** Attempts of one request in all, the first included. */
  maxAttempts: number
  /** Delay before the second attempt, before jitter. */
  baseMs: number
  /** Longest delay. */
  capMs: number
}

export const DEFAULT_BACKOFF: BackoffSettings = { maxAttempts: 6, baseMs: 1_000, capMs: 30_000 }

/**
 * Delay after failed attempt `attempt` (1-based): half of base·2^(attempt−1), capped, plus a
 * random part of up to that half again ("equal jitter": never less than half the step).
 */
export function backoffDelay(attempt: number, settings: BackoffSettings, random: () => number): number {
  const step = Math.min(settings.capMs, settings.baseMs * 2 ** (attempt - 1))
  return Math.round(step / 2 + random() * (step / 2))
}

/** setTimeout as a promise, ended early (rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
