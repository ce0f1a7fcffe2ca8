import { latencyBucketSql } from '../latencyBuckets.js'

/**
 * How long before its child a parent span may have started and still be found. A parent usually
 * starts milliseconds before its child; a child that starts later than this into its parent (a
 * long-running job's late call) is not counted as an edge.
 */
export const PARENT_LOOKBACK_MS = 10 * 60_000
/** Clocks of two services disagree: a parent may seem to start a little after its child. */
export const CLOCK_SKEW_MS = 60_000

/**
 * SQL: per minute and (Source, Target), the calls whose callee span (the child) starts in
 * [`from`, `to`) (SQL time expressions):
 * a span's parent is looked up by (TraceId, ParentSpanId) among the spans that started from
 * PARENT_LOOKBACK_MS before to CLOCK_SKEW_MS after the window, and counts when it belongs to
 * another service. Columns: Minute, Source, Target, Calls, Errors, DurationSumNs, LatencyHistogram
 * (the shape of meridian_edges_1m). Both sides read only columns of the by_service_time projection.
 */
export function rawEdgesSql(database: string, children: { from: string; to: string }): string {
  return `SELECT toStartOfMinute(c.Timestamp) AS Minute, p.ServiceName AS Source, c.ServiceName AS Target,
  count() AS Calls, countIf(c.StatusCode = 'Error') AS Errors, sum(c.Duration) AS DurationSumNs,
  sumMap(map(c.Bucket, toUInt64(1))) AS LatencyHistogram
FROM (
  SELECT TraceId, ParentSpanId, ServiceName, Timestamp, Duration, StatusCode, ${latencyBucketSql} AS Bucket
  FROM ${database}.otel_traces
  WHERE Timestamp >= ${children.from} AND Timestamp < ${children.to} AND ParentSpanId != ''
) AS c
INNER JOIN (
  SELECT TraceId, SpanId, ServiceName
  FROM ${database}.otel_traces
  WHERE Timestamp >= ${children.from} - toIntervalMillisecond(${PARENT_LOOKBACK_MS})
    AND Timestamp < ${children.to} + toIntervalMillisecond(${CLOCK_SKEW_MS})
) AS p ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
WHERE p.ServiceName != c.ServiceName
GROUP BY Minute, Source, Target`
}
