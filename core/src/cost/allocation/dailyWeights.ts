import type { Store } from '../../store.js'
import { SqlParams, secondTime } from '../../telemetry/queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../../telemetry/queries/storeQuery.js'
import type { TimeRange } from '../../telemetry/queries/timeRange.js'
import { entryOf } from './entryOf.js'

/** Day (YYYY-MM-DD, UTC) → service → weight. */
export type DailyWeights = Map<string, Map<string, number>>

function collect(rows: { day: string; service: string; weight: number }[]): DailyWeights {
  const weights: DailyWeights = new Map()
  for (const row of rows) {
    entryOf(weights, row.day, () => new Map<string, number>()).set(row.service, Number(row.weight))
  }
  return weights
}

/**
 * Requests per service and UTC day, from the per-service RED aggregate (30-minute cells, which
 * tile a day): a service's entry spans (Server, Consumer), or all its spans on a day it has none,
 * as the explorer counts a service's requests.
 */
export async function dailyRequests(store: Store, range: TimeRange, options: QueryOptions = {}): Promise<DailyWeights> {
  const p = new SqlParams()
  const rows = await selectRows<{ day: string; service: string; weight: number }>(
    store,
    `SELECT toString(toDate(Time, 'UTC')) AS day, ServiceName AS service,
  if(sumIf(Requests, Entry = 1) > 0, sumIf(Requests, Entry = 1), sum(Requests)) AS weight
FROM ${store.database}.meridian_red_service_30m
WHERE Time >= ${secondTime(p, range.from)} AND Time < ${secondTime(p, range.to)}
GROUP BY day, service`,
    p.values,
    options,
  )
  return collect(rows)
}

/**
 * CPU seconds per service and UTC day from a sum metric (e.g. process.cpu.time, reported with
 * the service's service.name): per series (resource, attributes, start time) a delta series adds
 * its points; a cumulative one counts its growth within the day (from 0 when it started that
 * day). The growth between a day's last point and the next day's first is not counted, nor is
 * what a counter reset in the middle of a series hides; shares are what matters here.
 */
export async function dailyCpuSeconds(store: Store, range: TimeRange, metric: string, options: QueryOptions = {}): Promise<DailyWeights> {
  const p = new SqlParams()
  const rows = await selectRows<{ day: string; service: string; weight: number }>(
    store,
    `SELECT day, service, sum(growth) AS weight
FROM (
  SELECT toString(toDate(TimeUnix, 'UTC')) AS day, ServiceName AS service,
    if(any(AggregationTemporality) = 1, sum(Value),
      if(StartTimeUnix >= toStartOfDay(min(TimeUnix), 'UTC'), max(Value), max(Value) - min(Value))) AS growth
  FROM ${store.database}.otel_metrics_sum
  WHERE MetricName = ${p.add('String', metric)} AND ServiceName != ''
    AND TimeUnix >= fromUnixTimestamp64Milli(${p.add('Int64', range.from)}) AND TimeUnix < fromUnixTimestamp64Milli(${p.add('Int64', range.to)})
  GROUP BY day, service, ResourceAttributes, Attributes, StartTimeUnix
)
GROUP BY day, service
HAVING weight > 0`,
    p.values,
    options,
  )
  return collect(rows)
}
