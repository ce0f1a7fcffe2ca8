/*
 * The fixed latency histogram of Meridian's RED aggregate: bucket 0 holds spans up to 1 µs,
 * bucket i > 0 holds durations in (1 µs · 2^((i-1)/8), 1 µs · 2^(i/8)], so each bucket is 9 %
 * wider than the one before and a percentile read from it is within about 4.5 % of the
 * exact value. 256 buckets reach 1 µs · 2^(255/8), about 66 minutes; longer spans land in
 * the last bucket.
 */

export const BUCKETS_PER_DOUBLING = 8
export const BUCKET_COUNT = 256
const FIRST_BOUND_NS = 1000

/** The SQL expression (over `Duration`, in ns) that gives a span's bucket; the MV uses it. */
export const latencyBucketSql = `if(Duration <= ${FIRST_BOUND_NS}, 0, toUInt16(least(${BUCKET_COUNT - 1}, ceil(log2(Duration / ${FIRST_BOUND_NS}) * ${BUCKETS_PER_DOUBLING}))))`

export function bucketOf(durationNs: number): number {
  if (durationNs <= FIRST_BOUND_NS) return 0
  return Math.min(BUCKET_COUNT - 1, Math.ceil(Math.log2(durationNs / FIRST_BOUND_NS) * BUCKETS_PER_DOUBLING))
}

export function bucketUpperBoundNs(bucket: number): number {
  return FIRST_BOUND_NS * 2 ** (bucket / BUCKETS_PER_DOUBLING)
}

/** The representative value of a bucket: the geometric middle of its bounds. */
export function bucketMidpointNs(bucket: number): number {
  if (bucket === 0) return FIRST_BOUND_NS
  return FIRST_BOUND_NS * 2 ** ((bucket - 0.5) / BUCKETS_PER_DOUBLING)
}

/**
 * The q-quantile (0..1) of a histogram given as bucket → count, in nanoseconds,
 * or null when it holds no span.
 */
export function histogramQuantileNs(histogram: Record<number, number> | Map<number, number>, q: number): number | null {
  const entries = (histogram instanceof Map ? [...histogram.entries()] : Object.entries(histogram).map(([k, v]) => [Number(k), Number(v)] as const))
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0])
  const total = entries.reduce((sum, [, count]) => sum + count, 0)
  if (total === 0) return null
  const rank = Math.max(1, Math.ceil(q * total))
  let seen = 0
  for (const [bucket, count] of entries) {
    seen += count
    if (seen >= rank) return bucketMidpointNs(bucket)
  }
  return bucketMidpointNs(entries[entries.length - 1][0])
}

/**
 * SQL: the bucket (UInt16) holding the q-quantile of a summed histogram `histogram`
 * (Map(UInt16, UInt64)), picked exactly as histogramQuantileNs picks it (the first bucket whose
 * running count reaches max(1, ceil(q · total))); 0 for an empty histogram. Take bucketMidpointNs
 * of it. Reading the bucket in SQL spares shipping a histogram per row when only a percentile is
 * wanted (a services overview has thousands of rows).
 */
export function histogramQuantileBucketSql(histogram: string, q: number): string {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within 0..1, got ${q}`)
  const sorted = `mapSort(${histogram})`
  return `mapKeys(${sorted})[arrayFirstIndex(c -> c >= greatest(1, ceil(${q} * arraySum(mapValues(${sorted})))), arrayCumSum(mapValues(${sorted})))]`
}
