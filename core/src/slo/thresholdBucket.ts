import { BUCKET_COUNT, BUCKETS_PER_DOUBLING, bucketUpperBoundNs } from '../telemetry/latencyBuckets.js'

/*
 * A latency threshold read from the RED aggregates' histogram: the spans of buckets 0..b are
 * exactly the spans at most bucketUpperBoundNs(b) long, so the threshold is rounded to the
 * nearest bucket bound (nearest on the log scale, up or down). Bounds are 2^(1/8) ≈ 9.05 % apart,
 * so the threshold used is within 2^(1/16) − 1 ≈ 4.4 % of the one asked for. Raw spans
 * (an SLO with attribute filters) use the threshold as written.
 */

const FIRST_BOUND_MS = bucketUpperBoundNs(0) / 1e6

/** The last bucket counted as good for a threshold of `ms`, and the bound that threshold became. */
export function thresholdBucket(ms: number): { bucket: number; effectiveMs: number } {
  const bucket = ms <= FIRST_BOUND_MS ? 0 : Math.min(BUCKET_COUNT - 1, Math.round(Math.log2(ms / FIRST_BOUND_MS) * BUCKETS_PER_DOUBLING))
  return { bucket, effectiveMs: bucketUpperBoundNs(bucket) / 1e6 }
}

/** The most a rounded threshold can be off, relative: 2^(1/16) − 1. */
export const THRESHOLD_ROUNDING = 2 ** (1 / (2 * BUCKETS_PER_DOUBLING)) - 1
