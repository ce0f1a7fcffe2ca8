import type { Retention } from '../storeConfig.js'
import { createMaterializedViewSql, createTableSql, type DdlTarget } from './ddl.js'
import { redMinute, redMinuteMv } from './meridianTables.js'
import type { TableSpec } from './tableSpec.js'
import {
  otelLogs,
  otelMetricsExponentialHistogram,
  otelMetricsGauge,
  otelMetricsHistogram,
  otelMetricsSum,
  otelMetricsSummary,
  otelTraces,
  otelTracesTraceIdTs,
  otelTracesTraceIdTsMv,
} from './telemetryTables.js'

export interface MigrationContext extends DdlTarget {
  retention: Retention
}

/** A numbered schema step. Every statement is idempotent (IF NOT EXISTS), so a rerun is harmless. */
export interface Migration {
  version: number
  name: string
  statements(ctx: MigrationContext): string[]
}

/** Which retention setting a table follows. */
export const retentionOf = new Map<TableSpec, keyof Retention>([
  [otelTraces, 'tracesDays'],
  [otelTracesTraceIdTs, 'tracesDays'],
  [redMinute, 'tracesDays'],
  [otelLogs, 'logsDays'],
  [otelMetricsGauge, 'metricsDays'],
  [otelMetricsSum, 'metricsDays'],
  [otelMetricsHistogram, 'metricsDays'],
  [otelMetricsExponentialHistogram, 'metricsDays'],
  [otelMetricsSummary, 'metricsDays'],
])

const table = (spec: TableSpec, ctx: MigrationContext) => {
  const setting = retentionOf.get(spec)
  return createTableSql(spec, ctx, setting ? ctx.retention[setting] : 0)
}

/** How many recent insert blocks each table remembers, so a replayed batch is not stored twice. */
export const DEDUPLICATION_WINDOW = 1000

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'otel contrib telemetry tables',
    statements: (ctx) => [
      ...table(otelTraces, ctx),
      ...table(otelTracesTraceIdTs, ctx),
      createMaterializedViewSql(otelTracesTraceIdTsMv, ctx),
      ...table(otelLogs, ctx),
      ...table(otelMetricsGauge, ctx),
      ...table(otelMetricsSum, ctx),
      ...table(otelMetricsHistogram, ctx),
      ...table(otelMetricsExponentialHistogram, ctx),
      ...table(otelMetricsSummary, ctx),
    ],
  },
  {
    version: 2,
    name: 'RED per service, operation and minute',
    statements: (ctx) => [...table(redMinute, ctx), createMaterializedViewSql(redMinuteMv, ctx)],
  },
  {
    version: 3,
    name: 'insert deduplication on every table, for replays',
    // Replicated tables deduplicate inserts already; plain MergeTree tables need a window.
    statements: (ctx) =>
      ctx.cluster
        ? []
        : [...retentionOf.keys()].map(
            (spec) => `ALTER TABLE ${ctx.database}.${spec.name} MODIFY SETTING non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW}`,
          ),
  },
]

/** Tables that take a retention TTL, for reconciling it when the setting changes. */
export const retentionTables = [...retentionOf.entries()]
