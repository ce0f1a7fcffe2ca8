import type { ServicesResponse } from '../../api/telemetry.js'
import { ENTRY_SPAN_KINDS } from '../../schema/explorerTables.js'
import type { Store } from '../../store.js'
import { histogramQuantileBucketSql } from '../latencyBuckets.js'
import { OPERATION_LEVEL, redCellsSql, SERVICE_LEVEL } from './redCells.js'
import { NO_REQUESTS, previousFigures, type RedTotals, redFigures } from './redFigures.js'
import { redSeries, SeriesBuckets } from './series.js'
import { SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'
import { minuteRange, previousRange, rangeSeconds, type TimeRange } from './timeRange.js'

/*
 * RED queries read each period's cells once: every table a query reads costs the engine a few
 * milliseconds of planning and index analysis whatever its size, so totals, series (and
 * operations) come out of one aggregation with GROUPING SETS rather than one read each.
 */

export interface SeriesRow {
  requests: number
  errors: number
  /** Bucket of the p95 latency (bucketMs). */
  b95: number
  /** Latency bucket → spans, when the query ships histograms. */
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
  operation: string
  spanKind: string
  current?: RedTotals
  previous?: RedTotals
}

interface Row extends RedTotals {
  service: string | null
  operation: string | null
  spanKind: string | null
  entry: number | null
  period: 'current' | 'previous'
  /** Null on totals rows (the second grouping set). */
  bucket: number | null
  b95: number
}

/** The cells of `range` and the period before, with `period` and the series bucket of each current cell (0 before). */
function periodsSql(p: SqlParams, database: string, level: typeof SERVICE_LEVEL, range: TimeRange, columns: string, where: string, buckets?: SeriesBuckets, previous = true): string {
  const current = `SELECT ${columns}, 'current' AS period, ${buckets ? buckets.indexSql(p, 'T') : '0'} AS bucket
  FROM ${redCellsSql(p, database, level, range, { columns, where, stepMs: buckets?.stepMs })}`
  if (!previous) return `(${current})`
  return `(${current}
  UNION ALL
  SELECT ${columns}, 'previous' AS period, 0 AS bucket FROM ${redCellsSql(p, database, level, previousRange(range), { columns, where })})`
}

/**
 * Services seen without entry spans lately, per store: their non-entry cells must be read, while
 * every other service's can be skipped before their histograms are summed. A guess that the
 * result corrects (servicesRed): a service listed here that has entry spans after all still
 * gets them (both kinds of cells are read), and one missing here that turns out to have none is
 * read again.
 */
const NO_ENTRY_CACHE_MS = 60_000
const noEntryGuess = new WeakMap<Store, { services: Set<string>; at: number }>()

/**
 * RED of every service over `range` (whole minutes), from the service-level aggregates: totals
 * per service, entry flag and period (with their histograms), and, given `buckets`, the series
 * per service and entry flag (the p95 read in SQL: a day of 30 services is ~1,500 groups).
 */
export async function servicesRed(
  store: Store,
  range: TimeRange,
  options: QueryOptions & { buckets?: SeriesBuckets; previous?: boolean } = {},
): Promise<Map<string, ServiceRed>> {
  const guess = noEntryGuess.get(store)
  const known = guess && Date.now() - guess.at < NO_ENTRY_CACHE_MS ? guess.services : undefined
  const first = await servicesRedRead(store, range, options, known ? { services: [...known], readAll: false } : undefined)
  // Services whose non-entry cells were skipped but that had no entry span: read them whole.
  const missed = [...first.entries()].filter(([service, red]) => red.entry === 0 && !known?.has(service)).map(([service]) => service)
  const fallback = known && missed.length > 0 ? await servicesRedRead(store, range, options, { services: missed, readAll: true }) : new Map<string, ServiceRed>()
  const result = new Map([...first, ...fallback])
  noEntryGuess.set(store, { services: new Set([...result].filter(([, red]) => red.entry === 0).map(([service]) => service)), at: Date.now() })
  return result
}

/**
 * One read. Without `scope`, every cell, the rows that do not count dropped by a window function
 * before their histograms are summed. With `scope.readAll` false, every cell, but only the entry
 * cells' histograms and those of `scope.services` summed (the others' counts still show which
 * services had spans); with `readAll` true, only `scope.services`, as without a scope.
 */
async function servicesRedRead(
  store: Store,
  range: TimeRange,
  options: QueryOptions & { buckets?: SeriesBuckets; previous?: boolean },
  scope?: { services: string[]; readAll: boolean },
): Promise<Map<string, ServiceRed>> {
  const p = new SqlParams()
  const where = scope?.readAll ? `ServiceName IN ${p.add('Array(String)', scope.services)}` : '1'
  const cells = periodsSql(p, store.database, SERVICE_LEVEL, range, 'ServiceName, Entry, Requests, Errors, LatencyHistogram', where, options.buckets, options.previous)
  const skipping = scope !== undefined && !scope.readAll
  // Only the rows that count reach the histograms: a service's entry spans, or all of its spans when it has none.
  const rowsRead = skipping ? cells : `(SELECT * FROM (SELECT *, max(Entry) OVER (PARTITION BY ServiceName) AS Counted FROM ${cells}) WHERE Entry = Counted)`
  const histogram = skipping ? `sumMapIf(LatencyHistogram, Entry = 1 OR ServiceName IN ${p.add('Array(String)', scope.services)})` : 'sumMap(LatencyHistogram)'
  // Histograms are summed once per bucket; the totals then sum those few thousand rows, not every cell again.
  const perBucket = `(SELECT ServiceName AS service, Entry AS entry, period, bucket, sum(Requests) AS requests, sum(Errors) AS errors, ${histogram} AS h
  FROM ${rowsRead} GROUP BY service, entry, period, bucket)`
  const rows = await selectRows<Row>(
    store,
    options.buckets
      ? `SELECT service, entry, period, bucket, sum(requests) AS requests, sum(errors) AS errors,
  ${histogramQuantileBucketSql('sumMap(h)', 0.95)} AS b95,
  if(bucket IS NULL, sumMap(h), CAST(map(), 'Map(UInt16, UInt64)')) AS histogram
FROM ${perBucket}
GROUP BY GROUPING SETS ((service, entry, period, bucket), (service, entry, period))
SETTINGS group_by_use_nulls = 1`
      : `SELECT service, entry, period, NULL AS bucket, sum(requests) AS requests, sum(errors) AS errors, 0 AS b95, sumMap(h) AS histogram
FROM ${perBucket}
GROUP BY service, entry, period`,
    p.values,
    options,
  )
  return collect(rows, (row) => row.service ?? '')
}

/** Sorts rows into services: the entry flag that counts (entry spans if any), its totals and its series. */
function collect(rows: Row[], serviceOf: (row: Row) => string): Map<string, ServiceRed> {
  const services = new Map<string, ServiceRed>()
  for (const row of rows) {
    const name = serviceOf(row)
    if (!services.has(name)) services.set(name, { entry: 0, series: new Map() })
    if (Number(row.entry) === 1 && Number(row.requests) > 0) services.get(name)!.entry = 1
  }
  for (const row of rows) {
    const service = services.get(serviceOf(row))!
    if (Number(row.entry) !== service.entry) continue
    if (row.bucket === null) service[row.period] = row
    else if (row.period === 'current') service.series.set(Number(row.bucket), row)
  }
  return services
}

/**
 * RED of one service from the operation-level aggregates, in one aggregation over each period's
 * cells: per operation and kind; per entry flag, period and series bucket; per entry flag and
 * period. Few rows, so every one ships its histogram and TypeScript reads the percentiles.
 */
export async function serviceRed(
  store: Store,
  service: string,
  range: TimeRange,
  buckets: SeriesBuckets,
  options: QueryOptions = {},
): Promise<{ red: ServiceRed; operations: OperationRed[] }> {
  const p = new SqlParams()
  const columns = 'SpanName, SpanKind, Requests, Errors, LatencyHistogram'
  const cells = periodsSql(p, store.database, OPERATION_LEVEL, range, columns, `ServiceName = ${p.add('String', service)}`, buckets)
  const perBucket = `(SELECT SpanName AS operation, SpanKind AS spanKind,
    toUInt8(CAST(SpanKind, 'String') IN (${ENTRY_SPAN_KINDS.map((k) => `'${k}'`).join(', ')})) AS entry,
    period, bucket, sum(Requests) AS requests, sum(Errors) AS errors, sumMap(LatencyHistogram) AS h
  FROM ${cells} GROUP BY operation, spanKind, entry, period, bucket)`
  const rows = await selectRows<Row>(
    store,
    `SELECT operation, spanKind, entry, period, bucket, sum(requests) AS requests, sum(errors) AS errors, 0 AS b95, sumMap(h) AS histogram
FROM ${perBucket}
GROUP BY GROUPING SETS ((operation, spanKind, period), (entry, period, bucket), (entry, period))
SETTINGS group_by_use_nulls = 1`,
    p.values,
    options,
  )
  const operations = new Map<string, OperationRed>()
  for (const row of rows.filter((r) => r.operation !== null)) {
    const key = `${row.operation}\u0000${row.spanKind}`
    const op = operations.get(key) ?? { operation: row.operation!, spanKind: row.spanKind ?? '' }
    op[row.period] = row
    operations.set(key, op)
  }
  const red = collect(
    rows.filter((r) => r.operation === null),
    () => service,
  ).get(service) ?? { entry: 0, series: new Map() }
  return { red, operations: [...operations.values()] }
}

/** GET /api/v1/services: every service with spans in the range or the one before, with its RED figures and series. */
export async function servicesOverview(store: Store, query: TimeRange, options: QueryOptions = {}): Promise<ServicesResponse> {
  const range = minuteRange(query)
  const buckets = new SeriesBuckets(range)
  const seconds = rangeSeconds(range)
  const services = await servicesRed(store, range, { ...options, buckets })
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
