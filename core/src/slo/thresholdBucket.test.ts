import { describe, expect, it } from 'vitest'
import { bucketOf, bucketUpperBoundNs } from '../telemetry/latencyBuckets.js'
import { THRESHOLD_ROUNDING, thresholdBucket } from './thresholdBucket.js'

describe('thresholdBucket', () => {
  it('rounds a threshold to the nearest histogram bound, within 4.4 %', () => {
    expect(THRESHOLD_ROUNDING).toBeCloseTo(0.0443, 4)
    for (let ms = 0.01; ms < 3_000_000; ms *= 1.013) {
      const { bucket, effectiveMs } = thresholdBucket(ms)
      expect(effectiveMs).toBe(bucketUpperBoundNs(bucket) / 1e6)
      expect(Math.abs(effectiveMs / ms - 1)).toBeLessThanOrEqual(THRESHOLD_ROUNDING + 1e-12)
    }
  })

  it('counts exactly the spans up to the bound: buckets 0..b hold the durations ≤ the bound', () => {
    const { bucket, effectiveMs } = thresholdBucket(300)
    expect(bucketOf(effectiveMs * 1e6)).toBe(bucket)
    expect(bucketOf(effectiveMs * 1e6 * 1.001)).toBe(bucket + 1)
  })
})
