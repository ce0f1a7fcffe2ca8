import type { ServicesResponse } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { RED_SERIES_AGGREGATES, RED_TOTALS, redCellsSql, SERVICE_LEVEL } from './redCells.js'
import { NO_REQUESTS, previousFigures, type RedTotals, redFigures } from './redFigures.js'
import { redSeries, SeriesBuckets } from './series.js'
import { SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'
import { minuteRange, previousRange, rangeSeconds, type TimeRange } from './timeRange.js'

/** A service's totals over the range and the period before, on the spans that count for it. */
export interface ServiceTotals {
  /** 1: its figures count entry spans (Server, Consumer); 0: it has none, so all of its spans. */
  entry: 0 | 1
  current?: RedTotals
  previous?: RedTotals
}

/**
 * Totals per service (or of `service`) over `range` (whole minutes) and the period before it, from
 * the service-level aggregates, with the choice of spans that count (entry spans, else all).
 */
export async function serviceTotals(
  store: Store,
  range: TimeRange,
  options: QueryOptions & { service?: string; previous?: boolean } = {},
): Promise<Map<string, ServiceTotals>> {
  const p = new SqlParams()
  const db = store.database
  const columns = 'ServiceName, Entry, Requests, Errors, LatencyHistogram'
  const where = options.service === undefined ? '1' : `ServiceName = ${p.add('String', options.service)}`
  const current = redCellsSql(p, db, SERVICE_LEVEL, range, { columns, where })
  const before = options.previous === false ? undefined : redCellsSql(p, db, SERVICE_LEVEL, previousRange(range), { columns, where })
  const rows = await selectRows<RedTotals & { service: string; entry: number; period: 'current' | 'previous' }>(
    store,
    `SELECT ServiceName AS service, Entry AS entry, period, ${RED_TOTALS}
FROM (
  SELECT ServiceName, Entry, 'current' AS period, Requests, Errors, LatencyHistogram FROM ${current}${
    before ? `\n  UNION ALL\n  SELECT ServiceName, Entry, 'previous' AS period, Requests, Errors, LatencyHistogram FROM ${before}` : ''
  }
)
GROUP BY service, entry, period`,
    p.values,
    options,
  )
  const totals = new Map<string, ServiceTotals>()
  for (const row of rows) {
    if (!totals.has(row.service)) totals.set(row.service, { entry: 0 })
    if (Number(row.entry) === 1 && Number(row.requests) > 0) totals.get(row.service)!.entry = 1
  }
  for (const row of rows) {
    const service = totals.get(row.service)!
    if (Number(row.entry) === service.entry) service[row.period] = row
  }
  return totals
}

export interface SeriesRow {
  requests: number
  errors: number
  /** Bucket of the p95 latency (bucketMs). */
  b95: number
  /** Latency bucket → spans, when asked for. */
  histogram?: Record<string, number>
}

/**
 * Per service and series bucket of `range`, on the spans that count for each service (`entry`,
 * from serviceTotals): counts and the p95 bucket, with `histograms` the histograms too.
 */
export async function serviceSeries(
  store: Store,
  range: TimeRange,
  buckets: SeriesBuckets,
  entry: Map<string, 0 | 1>,
  options: QueryOptions & { histograms?: boolean } = {},
): Promise<Map<string, Map<number, SeriesRow>>> {
  const series = new Map<string, Map<number, SeriesRow>>()
  if (entry.size === 0) return series
  const p = new SqlParams()
  const all = [...entry.keys()]
  const fallback = all.filter((service) => entry.get(service) === 0)
  const where =
    all.length === 1
      ? `ServiceName = ${p.add('String', all[0])} AND Entry = ${entry.get(all[0])}`
      : `Entry = if(ServiceName IN ${p.add('Array(String)', fallback)}, 0, 1)`
  const cells = redCellsSql(p, store.database, SERVICE_LEVEL, range, { columns: 'ServiceName, Entry, Requests, Errors, LatencyHistogram', where, stepMs: buckets.stepMs })
  const rows = await selectRows<SeriesRow & { service: string; bucket: number }>(
    store,
    `SELECT ServiceName AS service, ${buckets.indexSql(p, 'T')} AS bucket, ${RED_SERIES_AGGREGATES}${options.histograms ? ', sumMap(LatencyHistogram) AS histogram' : ''}
FROM ${cells}
GROUP BY service, bucket`,
    p.values,
    options,
  )
  for (const row of rows) {
    if (!series.has(row.service)) series.set(row.service, new Map())
    series.get(row.service)!.set(Number(row.bucket), row)
  }
  return series
}

/** GET /api/v1/services: every service with spans in the range or the one before, with its RED figures and series. */
export async function servicesOverview(store: Store, query: TimeRange, options: QueryOptions = {}): Promise<ServicesResponse> {
  const range = minuteRange(query)
  const buckets = new SeriesBuckets(range)
  const seconds = rangeSeconds(range)
  const totals = await serviceTotals(store, range, options)
  const series = await serviceSeries(store, range, buckets, new Map([...totals].map(([service, t]) => [service, t.entry])), options)
  const services = [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, t]) => ({
      service,
      current: redFigures(t.current ?? NO_REQUESTS, seconds),
      previous: previousFigures(t.previous, seconds),
      series: redSeries(buckets, series.get(service) ?? new Map()),
    }))
  return { services }
}
