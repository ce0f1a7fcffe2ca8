import type { z } from 'zod'
import type { LogHistogramResponse, logHistogramQuery } from '../../api/telemetry.js'
import { severity } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { logConditions, SEVERITY_CLASS_SQL, type Severity } from './logRecords.js'
import { logWindowSql } from './logSearch.js'
import { type RedLevel, redCellsSql } from './redCells.js'
import { SeriesBuckets } from './series.js'
import { SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'
import { MINUTE_MS, type TimeRange } from './timeRange.js'

export type LogHistogram = z.output<typeof logHistogramQuery>

/** Record counts per minute and 30 minutes, service and severity (migration 4). */
const LOG_COUNTS: RedLevel = {
  tiers: [
    { table: 'meridian_log_counts_1m', time: 'Minute', ms: MINUTE_MS },
    { table: 'meridian_log_counts_30m', time: 'Time', ms: 30 * MINUTE_MS },
  ],
}

/**
 * GET /api/v1/logs/histogram: records per time bucket and severity. Filtered by service and
 * severity only, the whole minutes come from the per-minute counts and only the partial minutes
 * at either end from the records; a filter on text, attributes or trace reads records throughout.
 */
export async function logHistogram(store: Store, q: LogHistogram, options: QueryOptions = {}): Promise<LogHistogramResponse> {
  const buckets = new SeriesBuckets(q)
  const p = new SqlParams()
  const db = store.database
  const raw = (window: TimeRange) => `SELECT ${buckets.indexSql(p, 'TimestampTime')} AS bucket, ${SEVERITY_CLASS_SQL} AS severity, 1 AS n
  FROM ${db}.otel_logs WHERE ${[logWindowSql(p, window), ...logConditions(p, q)].join(' AND ')}`
  const parts: string[] = []
  const countable = q.q === undefined && q.attr.length === 0 && q.traceId === undefined
  const minutes = { from: Math.ceil(q.from / MINUTE_MS) * MINUTE_MS, to: Math.floor(q.to / MINUTE_MS) * MINUTE_MS }
  if (countable && minutes.from < minutes.to) {
    const where = [
      q.service === undefined ? '1' : `ServiceName = ${p.add('String', q.service)}`,
      q.severity.length === 0 ? '1' : `Severity IN ${p.add('Array(String)', [...new Set(q.severity)])}`,
    ].join(' AND ')
    const cells = redCellsSql(p, db, LOG_COUNTS, minutes, { columns: 'Severity, Records', where, stepMs: buckets.stepMs })
    parts.push(`SELECT ${buckets.indexSql(p, 'T')} AS bucket, Severity AS severity, Records AS n FROM ${cells}`)
    if (q.from < minutes.from) parts.push(raw({ from: q.from, to: minutes.from }))
    if (minutes.to < q.to) parts.push(raw({ from: minutes.to, to: q.to }))
  } else {
    parts.push(raw(q))
  }
  const rows = await selectRows<{ bucket: number; severity: Severity; count: number }>(
    store,
    `SELECT bucket, severity, sum(n) AS count FROM (${parts.join('\n  UNION ALL\n  ')}) GROUP BY bucket, severity`,
    p.values,
    options,
  )
  const counts = Object.fromEntries(severity.options.map((s) => [s, new Array<number>(buckets.count).fill(0)])) as LogHistogramResponse['counts']
  for (const row of rows) counts[row.severity][Number(row.bucket)] += Number(row.count)
  return { stepMs: buckets.stepMs, t: buckets.starts(), counts }
}
