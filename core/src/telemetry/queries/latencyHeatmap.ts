import type { ServiceResponse } from '../../api/telemetry.js'
import { BUCKETS_PER_DOUBLING, bucketUpperBoundNs } from '../latencyBuckets.js'
import type { SeriesBuckets } from './series.js'

/**
 * The latency heatmap of a series: x = series buckets, y = latency by doubling (1 µs · 2^y; the
 * aggregate's 8 buckets per doubling merged, which is plenty for a picture), from the shortest to
 * the longest latency seen.
 */
export function latencyHeatmap(buckets: SeriesBuckets, rows: Map<number, { histogram?: Record<string, number> }>): ServiceResponse['latency'] {
  const counts = new Map<string, number>()
  let low = Number.POSITIVE_INFINITY
  let high = Number.NEGATIVE_INFINITY
  for (const [x, row] of rows) {
    for (const [bucket, count] of Object.entries(row.histogram ?? {})) {
      const y = Math.ceil(Number(bucket) / BUCKETS_PER_DOUBLING)
      low = Math.min(low, y)
      high = Math.max(high, y)
      const key = `${x}:${y}`
      counts.set(key, (counts.get(key) ?? 0) + Number(count))
    }
  }
  if (low > high) return { t: buckets.starts(), bucketsMs: [], cells: [] }
  const cells: [number, number, number][] = []
  for (const [key, count] of counts) {
    const [x, y] = key.split(':').map(Number)
    if (count > 0) cells.push([x, y - low, count])
  }
  cells.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const bucketsMs = Array.from({ length: high - low + 1 }, (_, i) => bucketUpperBoundNs((low + i) * BUCKETS_PER_DOUBLING) / 1e6)
  return { t: buckets.starts(), bucketsMs, cells }
}
