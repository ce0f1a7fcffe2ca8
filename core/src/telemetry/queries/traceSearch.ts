import type { z } from 'zod'
import type { TraceSearchResponse, traceSearchQuery } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { attributeConditions, msTime, SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'
import type { TimeRange } from './timeRange.js'
import { searchInWindows } from './windowedSearch.js'

export type TraceSearch = z.output<typeof traceSearchQuery>
type Hit = TraceSearchResponse['hits'][number]

/** Conditions of a search, besides its time window. */
function filters(p: SqlParams, q: TraceSearch): string[] {
  const where: string[] = []
  if (q.service !== undefined) where.push(`ServiceName = ${p.add('String', q.service)}`)
  if (q.operation !== undefined) where.push(`SpanName = ${p.add('String', q.operation)}`)
  if (q.minDurationMs !== undefined) where.push(`Duration >= ${p.add('UInt64', Math.ceil(q.minDurationMs * 1e6))}`)
  if (q.maxDurationMs !== undefined) where.push(`Duration <= ${p.add('UInt64', Math.floor(q.maxDurationMs * 1e6))}`)
  if (q.status !== undefined) where.push(`StatusCode = ${p.add('String', q.status)}`)
  where.push(...attributeConditions(p, 'SpanAttributes', q.spanAttr), ...attributeConditions(p, 'ResourceAttributes', q.resourceAttr))
  return where
}

const HIT_COLUMNS = `TraceId AS traceId, SpanId AS spanId, ParentSpanId AS parentSpanId, ServiceName AS service, SpanName AS operation,
  SpanKind AS spanKind, toUnixTimestamp64Milli(Timestamp) AS timestamp, Duration / 1e6 AS durationMs, StatusCode AS statusCode`

/**
 * GET /api/v1/traces: spans that match, newest first by default. Sorted by time, the range is
 * read in windows from its newest (or oldest) end; sorted by duration, in one go.
 */
export async function traceSearch(store: Store, q: TraceSearch, options: QueryOptions = {}): Promise<TraceSearchResponse> {
  const need = q.offset + q.limit + 1
  const direction = q.order === 'asc' ? 'ASC' : 'DESC'
  const read = (window: TimeRange, limit: number, orderBy: string) => {
    const p = new SqlParams()
    const where = [`Timestamp >= ${msTime(p, window.from)}`, `Timestamp < ${msTime(p, window.to)}`, ...filters(p, q)]
    return selectRows<Hit>(
      store,
      `SELECT ${HIT_COLUMNS}
FROM ${store.database}.otel_traces
WHERE ${where.join('\n  AND ')}
ORDER BY ${orderBy}
LIMIT ${p.add('UInt32', limit)}`,
      p.values,
      options,
    )
  }
  const rows =
    q.sort === 'duration'
      ? await read(q, need, `Duration ${direction}, Timestamp ${direction}`)
      : await searchInWindows(q, q.order, need, (window, limit) => read(window, limit, `Timestamp ${direction}, SpanId`))
  const hits = rows.slice(q.offset, q.offset + q.limit).map((h) => ({ ...h, timestamp: Number(h.timestamp), durationMs: Number(h.durationMs) }))
  return { hits, more: rows.length > q.offset + q.limit }
}
