import { describe, expect, it } from 'vitest'
import { retryAfterMs } from './retryAfter.js'
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from './retryPolicy.js'

describe('Retry-After and backoff', () => {
  const now = Date.UTC(2025, 0, 1, 12)
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('30', now)).toBe(30_000)
    expect(retryAfterMs(' 0 ', now)).toBe(0)
    expect(retryAfterMs(new Date(now + 90_000).toUTCString(), now)).toBe(90_000)
    expect(retryAfterMs(new Date(now - 90_000).toUTCString(), now)).toBe(0)
    expect(retryAfterMs('soon', now)).toBeUndefined()
    expect(retryAfterMs('-5', now)).toBeUndefined()
    expect(retryAfterMs(null, now)).toBeUndefined()
  })

  it('backs off exponentially within half and all of the capped delay', () => {
    expect([1, 2, 3].map((a) => backoffDelayMs(DEFAULT_RETRY_POLICY, a, () => 0))).toEqual([500, 1000, 2000])
    expect([1, 2, 3].map((a) => backoffDelayMs(DEFAULT_RETRY_POLICY, a, () => 1))).toEqual([1000, 2000, 4000])
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 20, () => 1)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs)
  })
})
