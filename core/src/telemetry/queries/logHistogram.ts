import type { z } from 'zod'
import type { LogHistogramResponse, logHistogramQuery } from '../../api/telemetry.js'
import { severity } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { logConditions, SEVERITY_CLASS_SQL, type Severity } from './logRecords.js'
import { logWindowSql } from './logSearch.js'
import { SeriesBuckets } from './series.js'
import { SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'

export type LogHistogram = z.output<typeof logHistogramQuery>

/** GET /api/v1/logs/histogram: records per time bucket and severity. */
export async function logHistogram(store: Store, q: LogHistogram, options: QueryOptions = {}): Promise<LogHistogramResponse> {
  const buckets = new SeriesBuckets(q)
  const p = new SqlParams()
  const rows = await selectRows<{ bucket: number; severity: Severity; count: number }>(
    store,
    `SELECT ${buckets.indexSql(p, 'TimestampTime')} AS bucket, ${SEVERITY_CLASS_SQL} AS severity, count() AS count
FROM ${store.database}.otel_logs
WHERE ${[logWindowSql(p, q), ...logConditions(p, q)].join('\n  AND ')}
GROUP BY bucket, severity`,
    p.values,
    options,
  )
  const counts = Object.fromEntries(severity.options.map((s) => [s, new Array<number>(buckets.count).fill(0)])) as LogHistogramResponse['counts']
  for (const row of rows) counts[row.severity][Number(row.bucket)] += Number(row.count)
  return { stepMs: buckets.stepMs, t: buckets.starts(), counts }
}
