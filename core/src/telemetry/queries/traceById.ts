import type { LogRecord, TraceResponse } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { LOG_COLUMNS, toLogRecord } from './logRecords.js'
import { msTime, SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'

/** Log records of a trace are looked for from this long before its first span to this long after its last one starts. */
const LOGS_BEFORE_MS = 60_000
const LOGS_AFTER_MS = 3_600_000

interface SpanRow extends Omit<TraceResponse['spans'][number], 'events' | 'links'> {
  eventTimes: string[]
  eventNames: string[]
  eventAttributes: Record<string, string>[]
  linkTraceIds: string[]
  linkSpanIds: string[]
  linkTraceStates: string[]
  linkAttributes: Record<string, string>[]
}

/**
 * GET /api/v1/traces/:traceId: every span with its events and links, and the trace's log records;
 * null when the trace is not stored. otel_traces_trace_id_ts gives the trace's time window first,
 * so the reads below look at the parts (and day partitions) of that window only; by trace id, the
 * by_trace projections hold a trace's spans and records next to one another.
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
  const [window] = await selectRows<{ start: number; end: number; n: number }>(
    store,
    `SELECT toUInt32(min(Start)) AS start, toUInt32(max(End)) AS end, count() AS n
FROM ${db}.otel_traces_trace_id_ts WHERE TraceId = ${id} ${narrow}`,
    p.values,
    options,
  )
  if (!window || Number(window.n) === 0) return null
  // DateTime64 bounds: compared with a DateTime constant, Timestamp misses rows when the engine
  // reads a projection (chDB 26.7: `Timestamp < toDateTime(x) + 1` dropped a span of a second part).
  const start = Number(window.start) * 1000
  const end = (Number(window.end) + 1) * 1000
  const [spans, logs] = await Promise.all([
    selectRows<SpanRow>(
      store,
      `SELECT SpanId AS spanId, ParentSpanId AS parentSpanId, ServiceName AS service, SpanName AS operation, SpanKind AS spanKind,
  toString(toUnixTimestamp64Nano(Timestamp)) AS startNs, toString(Duration) AS durationNs, StatusCode AS statusCode,
  StatusMessage AS statusMessage, TraceState AS traceState, ScopeName AS scopeName, ScopeVersion AS scopeVersion,
  SpanAttributes AS attributes, ResourceAttributes AS resourceAttributes,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), \`Events.Timestamp\`) AS eventTimes, \`Events.Name\` AS eventNames,
  \`Events.Attributes\` AS eventAttributes, \`Links.TraceId\` AS linkTraceIds, \`Links.SpanId\` AS linkSpanIds,
  \`Links.TraceState\` AS linkTraceStates, \`Links.Attributes\` AS linkAttributes
FROM ${db}.otel_traces
WHERE TraceId = ${id} AND Timestamp >= ${msTime(p, start)} AND Timestamp < ${msTime(p, end)}
ORDER BY Timestamp, SpanId`,
      p.values,
      options,
    ),
    selectRows<LogRecord>(
      store,
      `SELECT ${LOG_COLUMNS}
FROM ${db}.otel_logs
WHERE TraceId = ${id} AND Timestamp >= ${msTime(p, start - LOGS_BEFORE_MS)} AND Timestamp < ${msTime(p, end + LOGS_AFTER_MS)}
ORDER BY Timestamp`,
      p.values,
      options,
    ),
  ])
  if (spans.length === 0) return null
  return {
    traceId,
    spans: spans.map(({ eventTimes, eventNames, eventAttributes, linkTraceIds, linkSpanIds, linkTraceStates, linkAttributes, ...span }) => ({
      ...span,
      events: eventTimes.map((timeNs, i) => ({ timeNs, name: eventNames[i], attributes: eventAttributes[i] })),
      links: linkTraceIds.map((linkTraceId, i) => ({ traceId: linkTraceId, spanId: linkSpanIds[i], traceState: linkTraceStates[i], attributes: linkAttributes[i] })),
    })),
    logs: logs.map(toLogRecord),
  }
}
