import type { LogRecord, TraceResponse } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { LOG_COLUMNS, toLogRecord } from './logRecords.js'
import { SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'

/** Log records of a trace are looked for from this long before its first span to this long after its last one starts. */
const LOGS_BEFORE_S = 60
const LOGS_AFTER_S = 3600

interface SpanRow extends Omit<TraceResponse['spans'][number], 'events' | 'links'> {
  eventTimes: string[]
  eventNames: string[]
  eventAttributes: Record<string, string>[]
  linkTraceIds: string[]
  linkSpanIds: string[]
  linkTraceStates: string[]
  linkAttributes: Record<string, string>[]
}

const SPAN_COLUMNS = `SpanId AS spanId, ParentSpanId AS parentSpanId, ServiceName AS service, SpanName AS operation, SpanKind AS spanKind,
  toString(toUnixTimestamp64Nano(Timestamp)) AS startNs, toString(Duration) AS durationNs, StatusCode AS statusCode,
  StatusMessage AS statusMessage, TraceState AS traceState, ScopeName AS scopeName, ScopeVersion AS scopeVersion,
  SpanAttributes AS attributes, ResourceAttributes AS resourceAttributes,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), \`Events.Timestamp\`) AS eventTimes, \`Events.Name\` AS eventNames,
  \`Events.Attributes\` AS eventAttributes, \`Links.TraceId\` AS linkTraceIds, \`Links.SpanId\` AS linkSpanIds,
  \`Links.TraceState\` AS linkTraceStates, \`Links.Attributes\` AS linkAttributes`

/**
 * GET /api/v1/traces/:traceId: every span with its events and links, and the trace's log records;
 * null when the trace is not stored. One round trip: otel_traces_trace_id_ts gives the trace's
 * time window (a scalar subquery, a constant by the time the engine picks parts), the spans and
 * the records come back together, each row as JSON text. By trace id, the by_trace projections
 * hold a trace's spans and records next to one another.
 */
export async function traceById(
  store: Store,
  traceId: string,
  range: { from?: number; to?: number } = {},
  options: QueryOptions = {},
): Promise<TraceResponse | null> {
  const db = store.database
  const p = new SqlParams()
  const id = p.add('String', traceId)
  const narrow = [
    range.from === undefined ? '' : `AND End >= toDateTime(${p.add('UInt32', Math.floor(range.from / 1000))})`,
    range.to === undefined ? '' : `AND Start < toDateTime(${p.add('UInt32', Math.ceil(range.to / 1000))})`,
  ].join(' ')
  // DateTime64 bounds: compared with a DateTime constant, Timestamp misses rows when the engine
  // reads a projection (chDB 26.7: `Timestamp < toDateTime(x) + 1` dropped a span of a second part).
  const window = `(SELECT (toDateTime64(min(Start), 9), toDateTime64(max(End), 9) + toIntervalSecond(1)) FROM ${db}.otel_traces_trace_id_ts WHERE TraceId = ${id} ${narrow})`
  const rows = await selectRows<{ kind: 'span' | 'log'; row: string }>(
    store,
    `SELECT 'span' AS kind, formatRowNoNewline('JSONEachRow', ${SPAN_COLUMNS}) AS row, Timestamp AS t
FROM ${db}.otel_traces
WHERE TraceId = ${id} AND Timestamp >= ${window}.1 AND Timestamp < ${window}.2
UNION ALL
SELECT 'log' AS kind, formatRowNoNewline('JSONEachRow', ${LOG_COLUMNS}) AS row, Timestamp AS t
FROM ${db}.otel_logs
WHERE TraceId = ${id} AND Timestamp >= ${window}.1 - toIntervalSecond(${LOGS_BEFORE_S}) AND Timestamp < ${window}.2 + toIntervalSecond(${LOGS_AFTER_S})
ORDER BY kind DESC, t`,
    p.values,
    options,
  )
  const spans = rows.filter((r) => r.kind === 'span').map((r) => JSON.parse(r.row) as SpanRow)
  if (spans.length === 0) return null
  return {
    traceId,
    spans: spans
      .sort((a, b) => compareNs(a.startNs, b.startNs) || a.spanId.localeCompare(b.spanId))
      .map(({ eventTimes, eventNames, eventAttributes, linkTraceIds, linkSpanIds, linkTraceStates, linkAttributes, ...span }) => ({
        ...span,
        events: eventTimes.map((timeNs, i) => ({ timeNs, name: eventNames[i], attributes: eventAttributes[i] })),
        links: linkTraceIds.map((linkTraceId, i) => ({ traceId: linkTraceId, spanId: linkSpanIds[i], traceState: linkTraceStates[i], attributes: linkAttributes[i] })),
      })),
    logs: rows.filter((r) => r.kind === 'log').map((r) => toLogRecord(JSON.parse(r.row) as LogRecord)),
  }
}

/** Orders decimal nanosecond strings (longer is later; same length compares as text). */
const compareNs = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
