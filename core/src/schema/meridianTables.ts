import { latencyBucketSql } from '../telemetry/latencyBuckets.js'
import type { MaterializedViewSpec, TableSpec } from './tableSpec.js'

/** Meridian's own tables: what the contrib schema does not have. */

export const migrationsTable: TableSpec = {
  name: 'meridian_migrations',
  columns: ['Version UInt32', 'Name String', 'AppliedAt DateTime64(3) DEFAULT now64(3)'],
  engine: 'ReplacingMergeTree',
  orderBy: 'Version',
  shardingKey: 'Version',
}

/**
 * RED per (service, operation, kind, minute): requests, errors, total and max duration,
 * and a fixed latency histogram (see latencyBuckets.ts) that percentiles are read from,
 * so overview pages never scan raw spans.
 */
export const redMinute: TableSpec = {
  name: 'meridian_red_1m',
  columns: [
    'Minute DateTime CODEC(Delta, ZSTD(1))',
    'ServiceName LowCardinality(String) CODEC(ZSTD(1))',
    'SpanName LowCardinality(String) CODEC(ZSTD(1))',
    'SpanKind LowCardinality(String) CODEC(ZSTD(1))',
    'Requests SimpleAggregateFunction(sum, UInt64)',
    'Errors SimpleAggregateFunction(sum, UInt64)',
    'DurationSumNs SimpleAggregateFunction(sum, UInt64)',
    'DurationMaxNs SimpleAggregateFunction(max, UInt64)',
    'LatencyHistogram SimpleAggregateFunction(sumMap, Map(UInt16, UInt64))',
  ],
  engine: 'AggregatingMergeTree',
  partitionBy: 'toDate(Minute)',
  orderBy: '(ServiceName, SpanName, SpanKind, Minute)',
  ttlColumn: 'Minute',
  shardingKey: 'cityHash64(ServiceName)',
  settings: 'index_granularity = 8192, ttl_only_drop_parts = 1',
}

export const redMinuteMv: MaterializedViewSpec = {
  name: 'meridian_red_1m_mv',
  to: 'meridian_red_1m',
  from: 'otel_traces',
  select: `SELECT
  toStartOfMinute(Timestamp) AS Minute,
  ServiceName,
  SpanName,
  SpanKind,
  count() AS Requests,
  countIf(StatusCode = 'Error') AS Errors,
  sum(Duration) AS DurationSumNs,
  max(Duration) AS DurationMaxNs,
  sumMap(map(${latencyBucketSql}, toUInt64(1))) AS LatencyHistogram
FROM {from}
GROUP BY Minute, ServiceName, SpanName, SpanKind`,
}
