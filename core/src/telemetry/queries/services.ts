import type { ServicesResponse } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { histogramQuantileBucketSql } from '../latencyBuckets.js'
import { OPERATION_LEVEL, redCellsSql, SERVICE_LEVEL } from './redCells.js'
import { NO_REQUESTS, previousFigures, type RedTotals, redFigures } from './redFigures.js'
import { redSeries, SeriesBuckets } from './series.js'
import { SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'
import { minuteRange, previousRange, rangeSeconds, type TimeRange } from './timeRange.js'

/** What the RED query reads besides the current period's totals per service. */
export interface RedReadOptions extends QueryOptions {
  /** Only this service. */
  service?: string
  /** Totals of the period before too (default true). */
  previous?: boolean
  /** A series over the range: counts and the p95 bucket per bucket (with `histograms`, the buckets' histograms too). */
  series?: SeriesBuckets
  histograms?: boolean
  /** Per operation and span kind, both periods. */
  operations?: boolean
}

export interface SeriesRow {
  requests: number
  errors: number
  /** Bucket of the p95 latency (bucketMs). */
  b95: number
  /** Latency bucket → spans, when asked for. */
  histogram?: Record<string, number>
}

/** A service's figures over the range and the period before, on the spans that count for it. */
export interface ServiceRed {
  /** 1: its figures count entry spans (Server, Consumer); 0: it has none, so all of its spans. */
  entry: 0 | 1
  current?: RedTotals
  previous?: RedTotals
  series: Map<number, SeriesRow>
}

export interface OperationRed {
  service: string
  operation: string
  spanKind: string
  current?: RedTotals
  previous?: RedTotals
}

interface Row extends RedTotals {
  part: 'total' | 'series' | 'operation'
  service: string
  operation: string
  spanKind: string
  entry: number
  period: 'current' | 'previous'
  bucket: number
  b95: number
}

const NO_HISTOGRAM = "CAST(map(), 'Map(UInt16, UInt64)')"

/**
 * RED of every service (or of one) over `range` (whole minutes), in one query of up to three parts
 * (UNION ALL): totals per service, entry flag and period, with their histograms; the series of
 * the spans that count for each service (a service's entry spans, or all of its spans when it has
 * none in either period), its p95 read in SQL; and per operation and kind.
 */
export async function readRed(store: Store, range: TimeRange, options: RedReadOptions = {}): Promise<{ services: Map<string, ServiceRed>; operations: OperationRed[] }> {
  const p = new SqlParams()
  const db = store.database
  const service = options.service === undefined ? undefined : p.add('String', options.service)
  const where = service ? `ServiceName = ${service}` : '1'
  const columns = 'ServiceName, Entry, Requests, Errors, LatencyHistogram'
  const stepMs = options.series?.stepMs
  const periods = (level: typeof SERVICE_LEVEL, cols: string, step?: number) => {
    const current = `SELECT ${cols}, 'current' AS period, T FROM ${redCellsSql(p, db, level, range, { columns: cols, where, stepMs: step })}`
    if (options.previous === false) return `(${current})`
    return `(${current}\n  UNION ALL\n  SELECT ${cols}, 'previous' AS period, T FROM ${redCellsSql(p, db, level, previousRange(range), { columns: cols, where })})`
  }
  const parts = [
    `SELECT 'total' AS part, ServiceName AS service, '' AS operation, '' AS spanKind, Entry AS entry, period, -1 AS bucket,
  sum(Requests) AS requests, sum(Errors) AS errors, 0 AS b95, sumMap(LatencyHistogram) AS histogram
FROM ${periods(SERVICE_LEVEL, columns, stepMs)}
GROUP BY service, entry, period`,
  ]
  if (options.series) {
    // the same cells (and periods) the totals read, so the choice of spans is the same
    const noEntry = `SELECT ServiceName FROM ${periods(SERVICE_LEVEL, 'ServiceName, Entry', stepMs)} GROUP BY ServiceName HAVING max(Entry) = 0`
    parts.push(`SELECT 'series' AS part, ServiceName AS service, '' AS operation, '' AS spanKind, 0 AS entry, 'current' AS period,
  ${options.series.indexSql(p, 'T')} AS bucket, sum(Requests) AS requests, sum(Errors) AS errors,
  ${histogramQuantileBucketSql('sumMap(LatencyHistogram)', 0.95)} AS b95, ${options.histograms ? 'sumMap(LatencyHistogram)' : NO_HISTOGRAM} AS histogram
FROM ${redCellsSql(p, db, SERVICE_LEVEL, range, { columns, where, stepMs })}
WHERE Entry = 1 OR ServiceName IN (${noEntry})
GROUP BY service, bucket`)
  }
  if (options.operations) {
    parts.push(`SELECT 'operation' AS part, ServiceName AS service, SpanName AS operation, SpanKind AS spanKind, 0 AS entry, period, -1 AS bucket,
  sum(Requests) AS requests, sum(Errors) AS errors, 0 AS b95, sumMap(LatencyHistogram) AS histogram
FROM ${periods(OPERATION_LEVEL, 'ServiceName, SpanName, SpanKind, Requests, Errors, LatencyHistogram')}
GROUP BY service, operation, spanKind, period`)
  }
  const rows = await selectRows<Row>(store, parts.join('\nUNION ALL\n'), p.values, options)

  const services = new Map<string, ServiceRed>()
  const operations = new Map<string, OperationRed>()
  const serviceOf = (name: string) => {
    const known = services.get(name)
    if (known) return known
    const s: ServiceRed = { entry: 0, series: new Map() }
    services.set(name, s)
    return s
  }
  for (const row of rows) if (row.part === 'total' && Number(row.entry) === 1 && Number(row.requests) > 0) serviceOf(row.service).entry = 1
  for (const row of rows) {
    if (row.part === 'total') {
      const s = serviceOf(row.service)
      if (Number(row.entry) === s.entry) s[row.period] = row
    } else if (row.part === 'series') {
      serviceOf(row.service).series.set(Number(row.bucket), { ...row, histogram: options.histograms ? row.histogram : undefined })
    } else {
      const key = `${row.service}\u0000${row.operation}\u0000${row.spanKind}`
      const op = operations.get(key) ?? { service: row.service, operation: row.operation, spanKind: row.spanKind }
      op[row.period] = row
      operations.set(key, op)
    }
  }
  return { services, operations: [...operations.values()] }
}

/** GET /api/v1/services: every service with spans in the range or the one before, with its RED figures and series. */
export async function servicesOverview(store: Store, query: TimeRange, options: QueryOptions = {}): Promise<ServicesResponse> {
  const range = minuteRange(query)
  const buckets = new SeriesBuckets(range)
  const seconds = rangeSeconds(range)
  const { services } = await readRed(store, range, { ...options, series: buckets })
  return {
    services: [...services.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, s]) => ({
        service,
        current: redFigures(s.current ?? NO_REQUESTS, seconds),
        previous: previousFigures(s.previous, seconds),
        series: redSeries(buckets, s.series),
      })),
  }
}
