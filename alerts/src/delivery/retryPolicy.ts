/** How often and how long a delivery is retried. */
export interface RetryPolicy {
  /** Requests in all, the first included. */
  maxAttempts: number
  /** Wait before the second attempt; doubled for each attempt after it. */
  baseDelayMs: number
  /** Longest wait between two attempts when backing off. */
  maxDelayMs: number
  /**
   * Longest Retry-After honoured. A receiver asking for a longer pause gets no more attempts: the
   * delivery fails and says what was asked, rather than holding a report or an alert for hours.
   */
  maxRetryAfterMs: number
}

/** 5 attempts over about 15 s of backoff; Retry-After up to 5 minutes (Slack usually asks for seconds). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 300_000 }

/**
 * The wait before attempt `attempt + 1` after `attempt` failed (1-based): exponential, capped, with
 * "equal jitter" (half fixed, half random) so senders that failed together do not retry together.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(full / 2 + (full / 2) * random())
}
