import { SEVERITY_CLASS_SQL } from '../telemetry/queries/severityClass.js'
import type { MaterializedViewSpec, TableSpec } from './tableSpec.js'

/*
 * What the explorer API reads besides the contrib tables and meridian_red_1m (migration 4; see
 * docs/schema.md, "Explorer aggregates"):
 *
 * - coarser RED aggregates, so a 24-hour page sums a few thousand rows instead of half a million
 *   (summing the latency histograms costs about 0.1 µs an entry, and a row has ~50): per operation
 *   at 10 and 30 minutes, per service (entry spans apart) at 1, 10 and 30 minutes; all are filled
 *   from meridian_red_1m by materialized views (a view on the target of another view fires on
 *   that view's inserts, so nothing reads raw spans twice);
 * - service-to-service edges per minute, which need a join of a span with its parent: a view sees
 *   one insert at a time while a parent and its child may arrive in different inserts, so a
 *   rollup (telemetry/edges/edgesRollup.ts) computes them once both have had time to arrive, and
 *   the query side joins raw spans live for the minutes it has not rolled up yet;
 * - projections on the raw tables: spans and logs ordered by trace id (a trace's spans otherwise
 *   lie in as many granules as it has operations, and every one of them is decompressed whole),
 *   and the search columns of spans ordered by (service, time).
 */

const RED_MEASURES = [
  'Requests SimpleAggregateFunction(sum, UInt64)',
  'Errors SimpleAggregateFunction(sum, UInt64)',
  'DurationSumNs SimpleAggregateFunction(sum, UInt64)',
  'DurationMaxNs SimpleAggregateFunction(max, UInt64)',
  'LatencyHistogram SimpleAggregateFunction(sumMap, Map(UInt16, UInt64))',
]
const RED_SUMS = `sum(Requests) AS Requests,
  sum(Errors) AS Errors,
  sum(DurationSumNs) AS DurationSumNs,
  max(DurationMaxNs) AS DurationMaxNs,
  sumMap(LatencyHistogram) AS LatencyHistogram`
const SETTINGS = 'index_granularity = 8192, ttl_only_drop_parts = 1'
const LC = 'LowCardinality(String) CODEC(ZSTD(1))'

/** Span kinds that are work a service is asked to do; a service's RED figures count these. */
export const ENTRY_SPAN_KINDS = ['Server', 'Consumer'] as const
const ENTRY_SQL = `toUInt8(CAST(SpanKind, 'String') IN (${ENTRY_SPAN_KINDS.map((k) => `'${k}'`).join(', ')}))`

/** A RED aggregate of `time`-long cells, filled from meridian_red_1m. */
function redTier(name: string, interval: string, perOperation: boolean): { table: TableSpec; view: MaterializedViewSpec } {
  const keys = perOperation ? ['ServiceName', 'SpanName', 'SpanKind'] : ['ServiceName', 'Entry']
  // Per operation, read one service at a time (its page): service first. Per service, read all
  // services at once (the overview): time first, so a few minutes at a range's ends are a few
  // contiguous rows rather than a granule per service.
  const keyColumns = perOperation ? [`ServiceName ${LC}`, `SpanName ${LC}`, `SpanKind ${LC}`] : [`ServiceName ${LC}`, 'Entry UInt8']
  const time = interval === '1 MINUTE' ? 'Minute' : `toStartOfInterval(Minute, INTERVAL ${interval})`
  const column = interval === '1 MINUTE' ? 'Minute' : 'Time'
  return {
    table: {
      name,
      columns: [`${column} DateTime CODEC(Delta, ZSTD(1))`, ...keyColumns, ...RED_MEASURES],
      engine: 'AggregatingMergeTree',
      partitionBy: `toDate(${column})`,
      orderBy: perOperation ? `(${keys.join(', ')}, ${column})` : `(${column}, ${keys.join(', ')})`,
      ttlColumn: column,
      shardingKey: 'cityHash64(ServiceName)',
      settings: SETTINGS,
    },
    view: {
      name: `${name}_mv`,
      to: name,
      from: 'meridian_red_1m',
      select: `SELECT ${time === column ? column : `${time} AS ${column}`}, ServiceName, ${perOperation ? 'SpanName, SpanKind' : `${ENTRY_SQL} AS Entry`},
  ${RED_SUMS}
FROM {from}
GROUP BY ${column}, ${keys.join(', ')}`,
    },
  }
}

/** Per operation and kind, 10 and 30 minutes: the service page over hours and days (with meridian_red_1m). */
export const redTenMinutes = redTier('meridian_red_10m', '10 MINUTE', true)
export const redThirtyMinutes = redTier('meridian_red_30m', '30 MINUTE', true)

/** Per service, `Entry` = 1 for Server and Consumer spans: the services overview, the service map, a service's own figures. */
export const redServiceMinute = redTier('meridian_red_service_1m', '1 MINUTE', false)
export const redServiceTenMinutes = redTier('meridian_red_service_10m', '10 MINUTE', false)
export const redServiceThirtyMinutes = redTier('meridian_red_service_30m', '30 MINUTE', false)

/** The RED aggregates migration 4 adds, each with the view that fills it. */
export const redTiers = [redTenMinutes, redThirtyMinutes, redServiceMinute, redServiceTenMinutes, redServiceThirtyMinutes]

const logCountsTier = (name: string, time: string, from: string, select: string): { table: TableSpec; view: MaterializedViewSpec } => ({
  table: {
    name,
    columns: [`${time} DateTime CODEC(Delta, ZSTD(1))`, `ServiceName ${LC}`, `Severity ${LC}`, 'Records SimpleAggregateFunction(sum, UInt64)'],
    engine: 'AggregatingMergeTree',
    partitionBy: `toDate(${time})`,
    orderBy: `(${time}, ServiceName, Severity)`,
    ttlColumn: time,
    shardingKey: 'cityHash64(ServiceName)',
    settings: SETTINGS,
  },
  view: { name: `${name}_mv`, to: name, from, select },
})

/**
 * Log records per minute (and 30 minutes), service and severity class (TRACE … FATAL, as the API
 * classes them): the log histogram over hours without reading every record, when it filters by
 * service and severity only.
 */
export const logCountsMinute = logCountsTier(
  'meridian_log_counts_1m',
  'Minute',
  'otel_logs',
  `SELECT toStartOfMinute(Timestamp) AS Minute, ServiceName, ${SEVERITY_CLASS_SQL} AS Severity, count() AS Records
FROM {from}
GROUP BY Minute, ServiceName, Severity`,
)
export const logCountsThirtyMinutes = logCountsTier(
  'meridian_log_counts_30m',
  'Time',
  'meridian_log_counts_1m',
  `SELECT toStartOfInterval(Minute, INTERVAL 30 MINUTE) AS Time, ServiceName, Severity, sum(Records) AS Records
FROM {from}
GROUP BY Time, ServiceName, Severity`,
)

const edgesTier = (name: string, time: string): TableSpec => ({
  name,
  columns: [
    `${time} DateTime CODEC(Delta, ZSTD(1))`,
    `Source ${LC}`,
    `Target ${LC}`,
    'Calls UInt64',
    'Errors UInt64',
    'DurationSumNs UInt64',
    'LatencyHistogram Map(UInt16, UInt64)',
  ],
  engine: 'ReplacingMergeTree',
  partitionBy: `toDate(${time})`,
  orderBy: `(${time}, Source, Target)`,
  ttlColumn: time,
  shardingKey: `cityHash64(${time})`,
  settings: SETTINGS,
})

/**
 * Calls from one service to another per minute: a span whose parent span belongs to another
 * service is a call from the parent's service (Source) to its own (Target); its duration and
 * status are the callee's. Written by the edges rollup, which recomputes recent minutes: the
 * newest row of a (Minute, Source, Target) replaces older ones, so read it with FINAL.
 */
export const edgesMinute = edgesTier('meridian_edges_1m', 'Minute')

/** meridian_edges_1m summed per 30 minutes, rewritten by the rollup whenever it rewrites one of their minutes. */
export const edgesThirtyMinutes = edgesTier('meridian_edges_30m', 'Time')

/** How far each rollup has got: minutes before `DoneUntil` are rolled up. The newest row per name wins. */
export const rollupState: TableSpec = {
  name: 'meridian_rollups',
  columns: ['Name LowCardinality(String)', 'DoneUntil DateTime', 'UpdatedAt DateTime64(3) DEFAULT now64(3)'],
  engine: 'ReplacingMergeTree',
  orderBy: 'Name',
  shardingKey: 'cityHash64(Name)',
}

export interface ProjectionSpec {
  table: string
  name: string
  select: string
  /** The projection's own MergeTree settings (`WITH SETTINGS (…)`). */
  settings?: string
}

/**
 * A trace's spans next to one another: trace by id reads one granule per part instead of one per
 * operation. Small granules (256 rows) so that the granule read holds little besides the trace.
 */
export const tracesByTrace: ProjectionSpec = {
  table: 'otel_traces',
  name: 'by_trace',
  select: 'SELECT * ORDER BY TraceId, Timestamp',
  settings: 'index_granularity = 256',
}

/** A trace's log records next to one another, for the trace view and a log search by trace id. */
export const logsByTrace: ProjectionSpec = {
  table: 'otel_logs',
  name: 'by_trace',
  select: 'SELECT * ORDER BY TraceId, Timestamp',
  settings: 'index_granularity = 256',
}

/**
 * The columns of a span search hit, ordered by (service, time): the newest spans of a service (or
 * of a time window) are contiguous, so a search reads a few narrow granules; the edges rollup
 * reads its time windows from here too.
 */
export const tracesByServiceTime: ProjectionSpec = {
  table: 'otel_traces',
  name: 'by_service_time',
  select: 'SELECT Timestamp, TraceId, SpanId, ParentSpanId, ServiceName, SpanName, SpanKind, Duration, StatusCode ORDER BY ServiceName, Timestamp',
  // Default granules on purpose: the engine picks a projection by the number of marks it reads, and
  // with 1024-row granules a time window costs as many marks as the table's 8192-row ones, so the
  // table was read instead (measured: a day's unfiltered search went from 23 to 123 ms of CPU).
}
