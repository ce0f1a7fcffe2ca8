import type { ServiceResponse } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { readEdges } from '../edges/edges.js'
import { latencyHeatmap } from './latencyHeatmap.js'
import { NO_REQUESTS, previousFigures, quantileMs, type RedTotals, redFigures } from './redFigures.js'
import { redSeries, SeriesBuckets } from './series.js'
import { serviceRed } from './services.js'
import { SqlParams, secondTime } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'
import { minuteRange, rangeSeconds, type TimeRange } from './timeRange.js'

/** How many distinct errors the service page lists. */
export const TOP_ERRORS = 10

/** The most frequent errors of a service: by exception type (or status message), message and operation, from meridian_errors_1m. */
async function topErrors(store: Store, service: string, range: TimeRange, options: QueryOptions): Promise<ServiceResponse['topErrors']> {
  const p = new SqlParams()
  const rows = await selectRows<ServiceResponse['topErrors'][number]>(
    store,
    `SELECT Type AS type, Message AS message, SpanName AS operation, sum(Count) AS count, toUnixTimestamp64Milli(max(LastSeen)) AS lastSeen,
  argMaxMerge(SampleTraceId) AS sampleTraceId
FROM ${store.database}.meridian_errors_1m
WHERE ServiceName = ${p.add('String', service)} AND Minute >= ${secondTime(p, range.from)} AND Minute < ${secondTime(p, range.to)}
GROUP BY type, message, operation
ORDER BY count DESC, lastSeen DESC
LIMIT ${TOP_ERRORS}`,
    p.values,
    options,
  )
  return rows.map((e) => ({ ...e, count: Number(e.count), lastSeen: Number(e.lastSeen) }))
}

/** GET /api/v1/services/:service: figures, series, operations, latency heatmap, top errors, callers and callees. */
export async function serviceDetail(store: Store, service: string, query: TimeRange, options: QueryOptions = {}): Promise<ServiceResponse> {
  const range = minuteRange(query)
  const buckets = new SeriesBuckets(range)
  const seconds = rangeSeconds(range)
  const [{ red: own, operations }, errors, edges] = await Promise.all([
    serviceRed(store, service, range, buckets, options),
    topErrors(store, service, range, options),
    readEdges(store, range, { ...options, service }),
  ])
  const peer = (name: string, row: RedTotals) => ({
    service: name,
    callsPerSecond: Number(row.requests) / seconds,
    errorRate: Number(row.requests) > 0 ? Number(row.errors) / Number(row.requests) : 0,
    p95Ms: quantileMs(row, 0.95),
  })
  return {
    service,
    current: redFigures(own.current ?? NO_REQUESTS, seconds),
    previous: previousFigures(own.previous, seconds),
    series: redSeries(buckets, own.series),
    operations: operations
      .map((op) => ({
        operation: op.operation,
        spanKind: op.spanKind,
        current: redFigures(op.current ?? NO_REQUESTS, seconds),
        previous: previousFigures(op.previous, seconds),
      }))
      .sort((a, b) => b.current.requests - a.current.requests || a.operation.localeCompare(b.operation)),
    latency: latencyHeatmap(buckets, own.series),
    topErrors: errors,
    upstream: edges.filter((e) => e.target === service && e.source !== service).map((e) => peer(e.source, e)),
    downstream: edges.filter((e) => e.source === service && e.target !== service).map((e) => peer(e.target, e)),
  }
}
