import type { z } from 'zod'
import type { MetricQueryResponse, metricQuery } from '../../api/telemetry.js'
import { MeridianError } from '../../errors.js'
import type { Store } from '../../store.js'
import {
  addExponential,
  type ExplicitHistogram,
  type ExponentialCounts,
  type ExponentialHistogram,
  exponentialIncrease,
  exponentialQuantile,
  explicitQuantile,
  histogramIncrease,
  increase,
  mergeExponential,
  mergeHistograms,
} from './metricMath.js'
import { METRIC_TABLES, METRIC_TYPES, type MetricType } from './metricTables.js'
import { SeriesBuckets } from './series.js'
import { msTime, SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'

export type MetricQuery = z.output<typeof metricQuery>
type Aggregation = MetricQuery['aggregation']

/** The most buckets a metric query answers with. */
export const MAX_METRIC_BUCKETS = 2000

const QUANTILES: Partial<Record<Aggregation, number>> = { p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 }
const HISTOGRAMS: MetricType[] = ['histogram', 'exponential_histogram']
/** AggregationTemporality (OTLP): 1 delta, 2 cumulative. */
const DELTA = 1

/**
 * GET /api/v1/metrics/query: a metric over time, one series per group of `groupBy` values.
 *
 * Data points are first summed per series (a distinct service, resource, scope and attribute
 * set) and time bucket by the store, then combined across the series of a group here:
 * - gauge: per series the bucket's mean (or min, max); `sum` adds the series' means, `avg`
 *   averages them, `min`/`max` take the extremes;
 * - sum: per series the bucket's total (delta) or last value (cumulative); `rate` is the increase
 *   per second (counter resets handled) summed over the series;
 * - histogram, exponential histogram: bucket counts of the bucket (increases, for cumulative
 *   ones) merged over the series; `p50`..`p99` interpolate within the merged buckets, `avg` is
 *   sum / count of the observations, `sum` their sum, `min`/`max` the recorded extremes;
 * - summary: `avg` and `sum` from the increases of count and sum, `min`/`max` from the 0 and 1
 *   quantiles when reported.
 * Filters and group keys name data point attributes, else resource attributes (so `host.name`
 * or `service.name` work too).
 */
export async function metricQueryRun(store: Store, q: MetricQuery, options: QueryOptions = {}): Promise<MetricQueryResponse> {
  const { type, unit } = await findMetric(store, q, options)
  checkAggregation(q, type)
  const buckets = new SeriesBuckets(q, q.stepMs)
  if (buckets.count > MAX_METRIC_BUCKETS) {
    throw new MeridianError(400, 'bad_request', `stepMs: ${buckets.stepMs} ms cuts the range into ${buckets.count} buckets; at most ${MAX_METRIC_BUCKETS}`)
  }
  const rows = await pointRows(store, q, type, buckets, options)
  const groups = combine(q, type, buckets, rows)
  return {
    name: q.name,
    type,
    unit,
    aggregation: q.aggregation,
    stepMs: buckets.stepMs,
    t: buckets.starts(),
    series: [...groups.values()]
      .map((g) => ({ group: g.group, values: g.values }))
      .sort((a, b) => JSON.stringify(a.group).localeCompare(JSON.stringify(b.group))),
  }
}

async function findMetric(store: Store, q: MetricQuery, options: QueryOptions): Promise<{ type: MetricType; unit: string }> {
  const p = new SqlParams()
  const name = p.add('String', q.name)
  const service = q.service === undefined ? '' : `AND ServiceName = ${p.add('String', q.service)}`
  const parts = METRIC_TYPES.map(
    (type, i) => `SELECT ${i} AS rank, '${type}' AS type, MetricUnit AS unit FROM ${store.database}.${METRIC_TABLES[type]} WHERE MetricName = ${name} ${service} LIMIT 1`,
  )
  const [found] = await selectRows<{ type: MetricType; unit: string }>(store, `SELECT type, unit FROM (${parts.join(' UNION ALL ')}) ORDER BY rank LIMIT 1`, p.values, options)
  if (!found) {
    throw new MeridianError(404, 'not_found', `name: no metric "${q.name}"${q.service === undefined ? '' : ` for service "${q.service}"`}`)
  }
  return found
}

function checkAggregation(q: MetricQuery, type: MetricType): void {
  if (q.aggregation === 'rate' && type !== 'sum') {
    throw new MeridianError(400, 'bad_request', `aggregation: rate applies to sum metrics; "${q.name}" is a ${type}`)
  }
  if (q.aggregation in QUANTILES && !HISTOGRAMS.includes(type)) {
    throw new MeridianError(400, 'bad_request', `aggregation: ${q.aggregation} applies to histograms; "${q.name}" is a ${type}`)
  }
}

/** What the store sums per series and bucket; which fields are set depends on the type. */
interface PointRow {
  series: string
  groupValues: string[]
  bucket: number
  temporality: number
  // gauge, sum
  avg: number
  min: number
  max: number
  total: number
  last: number
  // histograms, summary
  count: number
  sum: number
  lastCount: number
  lastSum: number
  counts: number[]
  lastCounts: number[]
  bounds: number[]
  points: [number, number, number, number[], number, number[]][]
  lastPoint: [number, number, number, number[], number, number[]]
}

const TYPE_COLUMNS: Record<MetricType, string> = {
  gauge: '0 AS temporality, avg(Value) AS avg, min(Value) AS min, max(Value) AS max',
  sum: 'any(AggregationTemporality) AS temporality, sum(Value) AS total, argMax(Value, TimeUnix) AS last',
  histogram: `any(AggregationTemporality) AS temporality, sum(Count) AS count, sum(Sum) AS sum, argMax(Count, TimeUnix) AS lastCount,
    argMax(Sum, TimeUnix) AS lastSum, min(Min) AS min, max(Max) AS max, sumForEach(BucketCounts) AS counts,
    argMax(BucketCounts, TimeUnix) AS lastCounts, argMax(ExplicitBounds, TimeUnix) AS bounds`,
  exponential_histogram: `any(AggregationTemporality) AS temporality, sum(Count) AS count, sum(Sum) AS sum, argMax(Count, TimeUnix) AS lastCount,
    argMax(Sum, TimeUnix) AS lastSum, min(Min) AS min, max(Max) AS max,
    groupArray((Scale, ZeroCount, PositiveOffset, PositiveBucketCounts, NegativeOffset, NegativeBucketCounts)) AS points,
    argMax((Scale, ZeroCount, PositiveOffset, PositiveBucketCounts, NegativeOffset, NegativeBucketCounts), TimeUnix) AS lastPoint`,
  summary: `2 AS temporality, argMax(Count, TimeUnix) AS lastCount, argMax(Sum, TimeUnix) AS lastSum,
    minIf(\`ValueAtQuantiles.Value\`[indexOf(\`ValueAtQuantiles.Quantile\`, 0)], has(\`ValueAtQuantiles.Quantile\`, 0)) AS min,
    maxIf(\`ValueAtQuantiles.Value\`[indexOf(\`ValueAtQuantiles.Quantile\`, 1)], has(\`ValueAtQuantiles.Quantile\`, 1)) AS max`,
}

/** A data point or resource attribute: the data point's when it has the key. */
const attribute = (p: SqlParams, key: string) => {
  const k = p.add('String', key)
  return `if(mapContains(Attributes, ${k}), Attributes[${k}], ResourceAttributes[${k}])`
}

/**
 * Per series and bucket, the points summed. Cumulative values need the bucket before the range
 * (bucket -1) to tell how much the first one grew, so every type but gauge reads one step more.
 */
async function pointRows(store: Store, q: MetricQuery, type: MetricType, buckets: SeriesBuckets, options: QueryOptions): Promise<PointRow[]> {
  const p = new SqlParams()
  const from = type === 'gauge' ? q.from : q.from - buckets.stepMs
  const where = [`MetricName = ${p.add('String', q.name)}`, `TimeUnix >= ${msTime(p, from)}`, `TimeUnix < ${msTime(p, q.to)}`]
  if (q.service !== undefined) where.push(`ServiceName = ${p.add('String', q.service)}`)
  for (const f of q.filter) where.push(`${attribute(p, f.key)} ${f.negated ? '!=' : '='} ${p.add('String', f.value)}`)
  const group = `[${q.groupBy.map((key) => attribute(p, key)).join(', ')}]`
  const start = msTime(p, q.from)
  return selectRows<PointRow>(
    store,
    `SELECT toString(cityHash64(ServiceName, ResourceAttributes, ScopeName, Attributes)) AS series, ${group} AS groupValues,
  if(TimeUnix < ${start}, -1, ${buckets.indexMsSql(p, 'TimeUnix')}) AS bucket, ${TYPE_COLUMNS[type]}
FROM ${store.database}.${METRIC_TABLES[type]}
WHERE ${where.join(' AND ')}
GROUP BY series, groupValues, bucket
ORDER BY series, bucket`,
    p.values,
    options,
  )
}

interface GroupAcc {
  group: Record<string, string>
  values: (number | null)[]
  /** Per bucket, what the group's series contributed. */
  parts: SeriesValue[][]
}

/** What one series contributes to a bucket. */
interface SeriesValue {
  value?: number
  min?: number
  max?: number
  count?: number
  sum?: number
  histogram?: ExplicitHistogram
  exponential?: ExponentialCounts
}

function combine(q: MetricQuery, type: MetricType, buckets: SeriesBuckets, rows: PointRow[]): Map<string, GroupAcc> {
  const groups = new Map<string, GroupAcc>()
  let previous: PointRow | undefined
  for (const row of rows) {
    const before = previous && previous.series === row.series ? previous : undefined
    previous = row
    const bucket = Number(row.bucket)
    if (bucket < 0 || bucket >= buckets.count) continue
    const key = JSON.stringify(row.groupValues)
    let acc = groups.get(key)
    if (!acc) {
      acc = {
        group: Object.fromEntries(q.groupBy.map((k, i) => [k, row.groupValues[i] ?? ''])),
        values: new Array(buckets.count).fill(null),
        parts: Array.from({ length: buckets.count }, () => []),
      }
      groups.set(key, acc)
    }
    acc.parts[bucket].push(seriesValue(q, type, buckets, row, before))
  }
  for (const acc of groups.values()) acc.values = acc.parts.map((parts) => (parts.length === 0 ? null : aggregate(q.aggregation, type, parts)))
  return groups
}

const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v))

/** A series' contribution to a bucket: its own value, or its increase since `before` (its previous bucket) when cumulative. */
function seriesValue(q: MetricQuery, type: MetricType, buckets: SeriesBuckets, row: PointRow, before: PointRow | undefined): SeriesValue {
  const delta = Number(row.temporality) === DELTA
  const seconds = buckets.seconds(Number(row.bucket))
  switch (type) {
    case 'gauge':
      return { value: Number(row.avg), min: Number(row.min), max: Number(row.max) }
    case 'sum': {
      if (q.aggregation === 'rate') return { value: (delta ? Number(row.total) : increase(Number(row.last), num(before?.last))) / seconds }
      const value = delta ? Number(row.total) : Number(row.last)
      return { value, min: value, max: value }
    }
    case 'histogram': {
      const current = { bounds: row.bounds.map(Number), counts: (delta ? row.counts : row.lastCounts).map(Number) }
      const histogram = delta ? current : histogramIncrease(current, before && { bounds: before.bounds.map(Number), counts: before.lastCounts.map(Number) })
      return { ...countAndSum(row, before, delta), histogram, ...extremes(row) }
    }
    case 'exponential_histogram': {
      const point = (t: PointRow['lastPoint']): ExponentialHistogram => ({
        scale: Number(t[0]),
        zeroCount: Number(t[1]),
        positiveOffset: Number(t[2]),
        positive: t[3].map(Number),
        negativeOffset: Number(t[4]),
        negative: t[5].map(Number),
      })
      const exponential = delta ? mergeExponential(row.points.map(point)) : exponentialIncrease(point(row.lastPoint), before && point(before.lastPoint))
      return { ...countAndSum(row, before, delta), exponential, ...extremes(row) }
    }
    case 'summary':
      return { ...countAndSum(row, before, false), min: num(row.min), max: num(row.max) }
  }
}

function countAndSum(row: PointRow, before: PointRow | undefined, delta: boolean): { count: number; sum: number } {
  if (delta) return { count: Number(row.count), sum: Number(row.sum) }
  const count = increase(Number(row.lastCount), num(before?.lastCount))
  // A reset shows in the count; the sum may fall legitimately (negative observations).
  const reset = before !== undefined && Number(row.lastCount) < Number(before.lastCount)
  return { count, sum: before && !reset ? Number(row.lastSum) - Number(before.lastSum) : Number(row.lastSum) }
}

/** Min and max as stored; the exporter writes 0 for both when the SDK recorded neither. */
function extremes(row: PointRow): { min?: number; max?: number } {
  const min = Number(row.min)
  const max = Number(row.max)
  return min === 0 && max === 0 ? {} : { min, max }
}

function aggregate(aggregation: Aggregation, type: MetricType, parts: SeriesValue[]): number | null {
  const q = QUANTILES[aggregation]
  if (q !== undefined) {
    if (type === 'histogram') {
      const histograms = parts.flatMap((x) => (x.histogram ? [x.histogram] : []))
      const mins = parts.flatMap((x) => (x.min === undefined ? [] : [x.min]))
      const maxes = parts.flatMap((x) => (x.max === undefined ? [] : [x.max]))
      return explicitQuantile(
        mergeHistograms(histograms),
        q,
        mins.length === parts.length ? Math.min(...mins) : undefined,
        maxes.length === parts.length ? Math.max(...maxes) : undefined,
      )
    }
    return exponentialQuantile(addExponential(parts.flatMap((x) => (x.exponential ? [x.exponential] : []))), q)
  }
  const values = (pick: (x: SeriesValue) => number | undefined) => parts.map(pick).filter((v): v is number => v !== undefined && Number.isFinite(v))
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  const countBased = type !== 'gauge' && type !== 'sum'
  switch (aggregation) {
    case 'rate':
      return sum(values((x) => x.value))
    case 'sum':
      return countBased ? sum(values((x) => x.sum)) : sum(values((x) => x.value))
    case 'avg': {
      if (countBased) {
        const count = sum(values((x) => x.count))
        return count > 0 ? sum(values((x) => x.sum)) / count : null
      }
      const xs = values((x) => x.value)
      return xs.length > 0 ? sum(xs) / xs.length : null
    }
    case 'min': {
      const xs = values((x) => x.min)
      return xs.length > 0 ? Math.min(...xs) : null
    }
    case 'max': {
      const xs = values((x) => x.max)
      return xs.length > 0 ? Math.max(...xs) : null
    }
    default:
      return null
  }
}
