import type { ServicesResponse } from '../../api/telemetry.js'
import { ENTRY_SPAN_KINDS } from '../../schema/explorerTables.js'
import type { Store } from '../../store.js'
import { OPERATION_LEVEL, SERVICE_LEVEL } from './redCells.js'
import { NO_REQUESTS, previousFigures, type RedTotals, redFigures } from './redFigures.js'
import { redSeries, SeriesBuckets } from './series.js'
import { type CellRow, RedSum, readCells } from './redCellCache.js'
import type { QueryOptions } from './storeQuery.js'
import { minuteRange, previousRange, rangeSeconds, type TimeRange } from './timeRange.js'

/*
 * RED figures are summed in TypeScript from cells (redCellCache.ts): cells no insert has touched
 * since they were read come from memory, the rest from the store, so a page asked for again costs
 * the engine a look at its parts and a small read of the newest minutes.
 */

export interface SeriesRow {
  requests: number
  errors: number
  /** Bucket of the p95 latency (bucketMs). */
  b95: number
  /** Latency bucket → spans, when the caller wants histograms (the latency heatmap). */
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

const ENTRY_KINDS: ReadonlySet<string> = new Set(ENTRY_SPAN_KINDS)

const totalsOf = (sum: RedSum): RedTotals => ({ requests: sum.requests, errors: sum.errors, histogram: sum.histogramRecord() })

const sumIn = <K>(sums: Map<K, RedSum>, key: K): RedSum => {
  const sum = sums.get(key) ?? new RedSum()
  sums.set(key, sum)
  return sum
}

/**
 * Sums cell rows into one service's figures: its current and previous totals and its series, on
 * the rows that count for it (`counts`), and with histograms per series bucket when asked.
 */
class ServiceSums {
  readonly current = new RedSum()
  readonly previous = new RedSum()
  readonly series = new Map<number, RedSum>()
  seenCurrent = false
  seenPrevious = false

  result(entry: 0 | 1, withHistograms: boolean): ServiceRed {
    const series = new Map<number, SeriesRow>()
    for (const [bucket, sum] of this.series) {
      series.set(bucket, { requests: sum.requests, errors: sum.errors, b95: sum.quantileBucket(0.95), ...(withHistograms ? { histogram: sum.histogramRecord() } : {}) })
    }
    return {
      entry,
      ...(this.seenCurrent ? { current: totalsOf(this.current) } : {}),
      ...(this.seenPrevious ? { previous: totalsOf(this.previous) } : {}),
      series,
    }
  }
}

const bucketOfCell = (buckets: SeriesBuckets | undefined, t: number) => (buckets ? Math.floor((t - buckets.origin) / buckets.stepMs) : 0)

/**
 * RED of every service over `range` (whole minutes), from the service-level aggregates: totals
 * per period, and, given `buckets`, the series. A service's figures count its entry spans
 * (Server, Consumer) if it had any in either period, else all of its spans.
 */
export async function servicesRed(
  store: Store,
  range: TimeRange,
  options: QueryOptions & { buckets?: SeriesBuckets; previous?: boolean } = {},
): Promise<Map<string, ServiceRed>> {
  const ranges = [{ range, stepMs: options.buckets?.stepMs }, ...(options.previous === false ? [] : [{ range: previousRange(range) }])]
  const [current, previous = []] = await readCells(store, { level: SERVICE_LEVEL, key: ['ServiceName', 'toString(Entry)'] }, ranges, options)
  const entry = new Map<string, 0 | 1>()
  for (const cell of [...current, ...previous]) {
    for (const { key, requests } of cell.rows) {
      if (key[1] === '1' && requests > 0) entry.set(key[0], 1)
      else if (!entry.has(key[0])) entry.set(key[0], 0)
    }
  }
  const sums = new Map<string, ServiceSums>()
  for (const [cells, period] of [
    [current, 'current'],
    [previous, 'previous'],
  ] as const) {
    for (const cell of cells) {
      const bucket = bucketOfCell(options.buckets, cell.t)
      for (const row of cell.rows) {
        if (Number(row.key[1]) !== entry.get(row.key[0])) continue
        const service = sums.get(row.key[0]) ?? new ServiceSums()
        sums.set(row.key[0], service)
        if (period === 'current') {
          service.current.add(row)
          service.seenCurrent = true
          if (options.buckets) sumIn(service.series, bucket).add(row)
        } else {
          service.previous.add(row)
          service.seenPrevious = true
        }
      }
    }
  }
  return new Map([...entry].map(([service, flag]) => [service, (sums.get(service) ?? new ServiceSums()).result(flag, false)]))
}

/** A service's rows of a cell, keyed by operation and kind. */
const rowsOf = (rows: CellRow[], service: string): CellRow[] => rows.filter((row) => row.key[0] === service).map((row) => ({ ...row, key: row.key.slice(1) }))

/**
 * RED of one service from the operation-level aggregates: per operation and kind and period, and
 * the service's own totals and series (with histograms, for the latency heatmap), on its entry
 * spans if it had any, else all of its spans.
 */
export async function serviceRed(
  store: Store,
  service: string,
  range: TimeRange,
  buckets: SeriesBuckets,
  options: QueryOptions = {},
): Promise<{ red: ServiceRed; operations: OperationRed[] }> {
  // Every service's cells, cached once: any service's page then reads only what changed.
  const [allCurrent, allPrevious] = await readCells(
    store,
    { level: OPERATION_LEVEL, key: ['ServiceName', 'SpanName', 'SpanKind'] },
    [{ range, stepMs: buckets.stepMs }, { range: previousRange(range) }],
    options,
  )
  const [current, previous] = [allCurrent, allPrevious].map((cells) => cells.map((cell) => ({ t: cell.t, rows: rowsOf(cell.rows, service) })))
  const isEntry = (row: CellRow) => ENTRY_KINDS.has(row.key[1])
  const entry: 0 | 1 = [...current, ...previous].some((cell) => cell.rows.some((row) => isEntry(row) && row.requests > 0)) ? 1 : 0
  const own = new ServiceSums()
  const operations = new Map<string, { operation: string; spanKind: string; current: RedSum; previous: RedSum; seen: Set<string> }>()
  for (const [cells, period] of [
    [current, 'current'],
    [previous, 'previous'],
  ] as const) {
    for (const cell of cells) {
      const bucket = bucketOfCell(buckets, cell.t)
      for (const row of cell.rows) {
        const id = `${row.key[0]}\u0000${row.key[1]}`
        const op = operations.get(id) ?? { operation: row.key[0], spanKind: row.key[1], current: new RedSum(), previous: new RedSum(), seen: new Set<string>() }
        operations.set(id, op)
        op[period].add(row)
        op.seen.add(period)
        if (Number(isEntry(row)) !== entry) continue
        own[period].add(row)
        if (period === 'current') {
          own.seenCurrent = true
          sumIn(own.series, bucket).add(row)
        } else own.seenPrevious = true
      }
    }
  }
  return {
    red: own.result(entry, true),
    operations: [...operations.values()].map((op) => ({
      operation: op.operation,
      spanKind: op.spanKind,
      ...(op.seen.has('current') ? { current: totalsOf(op.current) } : {}),
      ...(op.seen.has('previous') ? { previous: totalsOf(op.previous) } : {}),
    })),
  }
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
