import type { z } from 'zod'
import type { LogRecord, LogSearchResponse, logSearchQuery } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { LOG_COLUMNS, logConditions, toLogRecord } from './logRecords.js'
import { msTime, SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'
import type { TimeRange } from './timeRange.js'
import { searchInWindows } from './windowedSearch.js'

export type LogSearch = z.output<typeof logSearchQuery>

/**
 * SQL: a time window over otel_logs: on TimestampTime (the key's time, whole seconds, so the
 * engine skips granules) and on Timestamp (exact).
 */
export function logWindowSql(p: SqlParams, window: TimeRange): string {
  const fromS = p.add('UInt32', Math.floor(window.from / 1000))
  const toS = p.add('UInt32', Math.floor(window.to / 1000))
  return `TimestampTime >= toDateTime(${fromS}) AND TimestampTime <= toDateTime(${toS})
  AND Timestamp >= ${msTime(p, window.from)} AND Timestamp < ${msTime(p, window.to)}`
}

/** GET /api/v1/logs: records that match, newest first by default, read in windows from that end. */
export async function logSearch(store: Store, q: LogSearch, options: QueryOptions = {}): Promise<LogSearchResponse> {
  const need = q.offset + q.limit + 1
  const direction = q.order === 'asc' ? 'ASC' : 'DESC'
  const rows = await searchInWindows(q, q.order, need, (window, limit) => {
    const p = new SqlParams()
    return selectRows<LogRecord>(
      store,
      `SELECT ${LOG_COLUMNS}
FROM ${store.database}.otel_logs
WHERE ${[logWindowSql(p, window), ...logConditions(p, q)].join('\n  AND ')}
ORDER BY TimestampTime ${direction}, Timestamp ${direction}
LIMIT ${p.add('UInt32', limit)}`,
      p.values,
      options,
    )
  })
  return { logs: rows.slice(q.offset, q.offset + q.limit).map(toLogRecord), more: rows.length > q.offset + q.limit }
}
