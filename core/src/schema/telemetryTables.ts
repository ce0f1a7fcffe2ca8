import type { MaterializedViewSpec, TableSpec } from './tableSpec.js'

/*
 * The OpenTelemetry Collector contrib clickhouseexporter schema, written from its
 * sqltemplates (see docs/schema.md for the version pinned and what differs).
 */

const ATTR_MAP = 'Map(LowCardinality(String), String)'
const SETTINGS = 'index_granularity = 8192, ttl_only_drop_parts = 1'

const mapIndexes = (prefix: string, column: string) => [
  `INDEX idx_${prefix}_key mapKeys(${column}) TYPE bloom_filter(0.01) GRANULARITY 1`,
  `INDEX idx_${prefix}_value mapValues(${column}) TYPE bloom_filter(0.01) GRANULARITY 1`,
]

export const otelTraces: TableSpec = {
  name: 'otel_traces',
  columns: [
    'Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1))',
    'TraceId String CODEC(ZSTD(1))',
    'SpanId String CODEC(ZSTD(1))',
    'ParentSpanId String CODEC(ZSTD(1))',
    'TraceState String CODEC(ZSTD(1))',
    'SpanName LowCardinality(String) CODEC(ZSTD(1))',
    'SpanKind LowCardinality(String) CODEC(ZSTD(1))',
    'ServiceName LowCardinality(String) CODEC(ZSTD(1))',
    `ResourceAttributes ${ATTR_MAP} CODEC(ZSTD(1))`,
    'ScopeName String CODEC(ZSTD(1))',
    'ScopeVersion String CODEC(ZSTD(1))',
    `SpanAttributes ${ATTR_MAP} CODEC(ZSTD(1))`,
    'Duration UInt64 CODEC(ZSTD(1))',
    'StatusCode LowCardinality(String) CODEC(ZSTD(1))',
    'StatusMessage String CODEC(ZSTD(1))',
    `Events Nested (Timestamp DateTime64(9), Name LowCardinality(String), Attributes ${ATTR_MAP}) CODEC(ZSTD(1))`,
    `Links Nested (TraceId String, SpanId String, TraceState String, Attributes ${ATTR_MAP}) CODEC(ZSTD(1))`,
  ],
  indexes: [
    'INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1',
    ...mapIndexes('res_attr', 'ResourceAttributes'),
    ...mapIndexes('span_attr', 'SpanAttributes'),
    'INDEX idx_duration Duration TYPE minmax GRANULARITY 1',
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(Timestamp)',
  orderBy: '(ServiceName, SpanName, toDateTime(Timestamp))',
  ttlColumn: 'toDateTime(Timestamp)',
  shardingKey: 'cityHash64(TraceId)',
  settings: SETTINGS,
}

export const otelTracesTraceIdTs: TableSpec = {
  name: 'otel_traces_trace_id_ts',
  columns: ['TraceId String CODEC(ZSTD(1))', 'Start DateTime CODEC(Delta, ZSTD(1))', 'End DateTime CODEC(Delta, ZSTD(1))'],
  indexes: ['INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toDate(Start)',
  orderBy: '(TraceId, Start)',
  ttlColumn: 'Start',
  shardingKey: 'cityHash64(TraceId)',
  settings: SETTINGS,
}

export const otelTracesTraceIdTsMv: MaterializedViewSpec = {
  name: 'otel_traces_trace_id_ts_mv',
  to: 'otel_traces_trace_id_ts',
  from: 'otel_traces',
  select: `SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End
FROM {from}
WHERE TraceId != ''
GROUP BY TraceId`,
}

export const otelLogs: TableSpec = {
  name: 'otel_logs',
  columns: [
    'Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1))',
    'TimestampTime DateTime DEFAULT toDateTime(Timestamp)',
    'TraceId String CODEC(ZSTD(1))',
    'SpanId String CODEC(ZSTD(1))',
    'TraceFlags UInt8',
    'SeverityText LowCardinality(String) CODEC(ZSTD(1))',
    'SeverityNumber UInt8',
    'ServiceName LowCardinality(String) CODEC(ZSTD(1))',
    'Body String CODEC(ZSTD(1))',
    'ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1))',
    `ResourceAttributes ${ATTR_MAP} CODEC(ZSTD(1))`,
    'ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1))',
    'ScopeName String CODEC(ZSTD(1))',
    'ScopeVersion LowCardinality(String) CODEC(ZSTD(1))',
    `ScopeAttributes ${ATTR_MAP} CODEC(ZSTD(1))`,
    `LogAttributes ${ATTR_MAP} CODEC(ZSTD(1))`,
    'EventName String CODEC(ZSTD(1))',
  ],
  indexes: [
    'INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1',
    ...mapIndexes('res_attr', 'ResourceAttributes'),
    ...mapIndexes('scope_attr', 'ScopeAttributes'),
    ...mapIndexes('log_attr', 'LogAttributes'),
    'INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8',
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(TimestampTime)',
  primaryKey: '(ServiceName, TimestampTime)',
  orderBy: '(ServiceName, TimestampTime, Timestamp)',
  ttlColumn: 'TimestampTime',
  shardingKey: 'rand()',
  settings: SETTINGS,
}

const METRIC_COMMON = [
  `ResourceAttributes ${ATTR_MAP} CODEC(ZSTD(1))`,
  'ResourceSchemaUrl String CODEC(ZSTD(1))',
  'ScopeName String CODEC(ZSTD(1))',
  'ScopeVersion String CODEC(ZSTD(1))',
  `ScopeAttributes ${ATTR_MAP} CODEC(ZSTD(1))`,
  'ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1))',
  'ScopeSchemaUrl String CODEC(ZSTD(1))',
  'ServiceName LowCardinality(String) CODEC(ZSTD(1))',
  'MetricName String CODEC(ZSTD(1))',
  'MetricDescription String CODEC(ZSTD(1))',
  'MetricUnit String CODEC(ZSTD(1))',
  `Attributes ${ATTR_MAP} CODEC(ZSTD(1))`,
  'StartTimeUnix DateTime64(9) CODEC(Delta, ZSTD(1))',
  'TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1))',
]

const EXEMPLARS = `Exemplars Nested (FilteredAttributes ${ATTR_MAP}, TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String) CODEC(ZSTD(1))`

function metricTable(name: string, columns: string[]): TableSpec {
  return {
    name,
    columns: [...METRIC_COMMON, ...columns],
    indexes: [...mapIndexes('res_attr', 'ResourceAttributes'), ...mapIndexes('scope_attr', 'ScopeAttributes'), ...mapIndexes('attr', 'Attributes')],
    engine: 'MergeTree',
    partitionBy: 'toDate(TimeUnix)',
    orderBy: '(ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))',
    ttlColumn: 'toDateTime(TimeUnix)',
    shardingKey: 'rand()',
    settings: SETTINGS,
  }
}

export const otelMetricsGauge = metricTable('otel_metrics_gauge', ['Value Float64 CODEC(ZSTD(1))', 'Flags UInt32 CODEC(ZSTD(1))', EXEMPLARS])

export const otelMetricsSum = metricTable('otel_metrics_sum', [
  'Value Float64 CODEC(ZSTD(1))',
  'Flags UInt32 CODEC(ZSTD(1))',
  EXEMPLARS,
  'AggregationTemporality Int32 CODEC(ZSTD(1))',
  'IsMonotonic Boolean CODEC(Delta, ZSTD(1))',
])

export const otelMetricsHistogram = metricTable('otel_metrics_histogram', [
  'Count UInt64 CODEC(Delta, ZSTD(1))',
  'Sum Float64 CODEC(ZSTD(1))',
  'BucketCounts Array(UInt64) CODEC(ZSTD(1))',
  'ExplicitBounds Array(Float64) CODEC(ZSTD(1))',
  EXEMPLARS,
  'Flags UInt32 CODEC(ZSTD(1))',
  'Min Float64 CODEC(ZSTD(1))',
  'Max Float64 CODEC(ZSTD(1))',
  'AggregationTemporality Int32 CODEC(ZSTD(1))',
])

export const otelMetricsExponentialHistogram = metricTable('otel_metrics_exponential_histogram', [
  'Count UInt64 CODEC(Delta, ZSTD(1))',
  'Sum Float64 CODEC(ZSTD(1))',
  'Scale Int32 CODEC(ZSTD(1))',
  'ZeroCount UInt64 CODEC(ZSTD(1))',
  'PositiveOffset Int32 CODEC(ZSTD(1))',
  'PositiveBucketCounts Array(UInt64) CODEC(ZSTD(1))',
  'NegativeOffset Int32 CODEC(ZSTD(1))',
  'NegativeBucketCounts Array(UInt64) CODEC(ZSTD(1))',
  EXEMPLARS,
  'Flags UInt32 CODEC(ZSTD(1))',
  'Min Float64 CODEC(ZSTD(1))',
  'Max Float64 CODEC(ZSTD(1))',
  'AggregationTemporality Int32 CODEC(ZSTD(1))',
])

export const otelMetricsSummary = metricTable('otel_metrics_summary', [
  'Count UInt64 CODEC(Delta, ZSTD(1))',
  'Sum Float64 CODEC(ZSTD(1))',
  'ValueAtQuantiles Nested(Quantile Float64, Value Float64) CODEC(ZSTD(1))',
  'Flags UInt32 CODEC(ZSTD(1))',
])
