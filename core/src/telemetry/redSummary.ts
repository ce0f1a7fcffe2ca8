import type { Store } from '../store.js'
import { histogramQuantileNs } from './latencyBuckets.js'

export interface RedSummary {
  serviceName: string
  spanName: string
  requests: number
  errors: number
  p50Ns: number | null
  p95Ns: number | null
  p99Ns: number | null
}

/** Requests, errors and latency percentiles per service and operation, from the per-minute aggregate. */
export async function redSummary(store: Store, range: { from: Date; to: Date }, serviceName?: string): Promise<RedSummary[]> {
  const res = await store.client.query({
    query: `SELECT ServiceName, SpanName, sum(Requests) AS requests, sum(Errors) AS errors, sumMap(LatencyHistogram) AS histogram
FROM ${store.database}.meridian_red_1m
WHERE Minute >= toStartOfMinute({from:DateTime}) AND Minute <= {to:DateTime}
  AND ({service:String} = '' OR ServiceName = {service:String})
GROUP BY ServiceName, SpanName
ORDER BY ServiceName, SpanName`,
    query_params: { from: Math.floor(range.from.getTime() / 1000), to: Math.floor(range.to.getTime() / 1000), service: serviceName ?? '' },
    format: 'JSONEachRow',
  })
  const rows = await res.json<{ ServiceName: string; SpanName: string; requests: string; errors: string; histogram: Record<string, string> }>()
  return rows.map((row) => {
    const histogram = Object.fromEntries(Object.entries(row.histogram).map(([bucket, count]) => [Number(bucket), Number(count)]))
    return {
      serviceName: row.ServiceName,
      spanName: row.SpanName,
      requests: Number(row.requests),
      errors: Number(row.errors),
      p50Ns: histogramQuantileNs(histogram, 0.5),
      p95Ns: histogramQuantileNs(histogram, 0.95),
      p99Ns: histogramQuantileNs(histogram, 0.99),
    }
  })
}
