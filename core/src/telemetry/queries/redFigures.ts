import type { RedFigures } from '../../api/telemetry.js'
import { bucketMidpointNs, histogramQuantileNs } from '../latencyBuckets.js'

/** Summed RED measures as a query returns them: counts, and the latency histogram (bucket → spans) as a JSON object. */
export interface RedTotals {
  requests: number
  errors: number
  histogram: Record<string, number>
}

export const NO_REQUESTS: RedTotals = { requests: 0, errors: 0, histogram: {} }

/** A percentile bucket read in SQL (histogramQuantileBucketSql), in milliseconds; null when nothing was counted. */
export const bucketMs = (bucket: number, count: number): number | null => (count > 0 ? bucketMidpointNs(Number(bucket)) / 1e6 : null)

/** The q-quantile of summed measures, in milliseconds (null when they count nothing). */
export function quantileMs(totals: RedTotals, q: number): number | null {
  const ns = histogramQuantileNs(totals.histogram, q)
  return ns === null ? null : ns / 1e6
}

/** RED figures of summed measures; the rate is over `seconds`. */
export function redFigures(totals: RedTotals, seconds: number): RedFigures {
  const requests = Number(totals.requests)
  return {
    requests,
    requestsPerSecond: requests / seconds,
    errorRate: requests > 0 ? Number(totals.errors) / requests : 0,
    p50Ms: quantileMs(totals, 0.5),
    p95Ms: quantileMs(totals, 0.95),
    p99Ms: quantileMs(totals, 0.99),
  }
}

/** The previous period's figures, or null when it had no spans. */
export function previousFigures(totals: RedTotals | undefined, seconds: number): RedFigures | null {
  return totals && Number(totals.requests) > 0 ? redFigures(totals, seconds) : null
}
