import type { Retention } from '../storeConfig.js'
import { alertRulesTable } from './alertRuleTables.js'
import { alertTables } from './alertTables.js'
import { allocationRules } from './allocationTables.js'
import { billingDaily, billingImports, billingRows } from './billingTables.js'
import { budgetsTable } from './costTables.js'
import { addProjectionSql, createMaterializedViewSql, createTableSql, type DdlTarget, materializeProjectionSql } from './ddl.js'
import { errorsBackfillSql, errorsMinute, errorsMinuteMv } from './errorTables.js'
import {
  edgesMinute,
  edgesThirtyMinutes,
  logCountsMinute,
  logCountsThirtyMinutes,
  logsByTrace,
  redTiers,
  rollupState,
  tracesByServiceTime,
  tracesByTrace,
} from './explorerTables.js'
import { redMinute, redMinuteMv } from './meridianTables.js'
import { slosTable } from './sloTables.js'
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

/** Retention of the tables added after migration 3 (which set the deduplication window of those above). */
export const laterRetentionOf = new Map<TableSpec, keyof Retention>([
  ...redTiers.map((tier) => [tier.table, 'tracesDays'] as const),
  [edgesMinute, 'tracesDays'],
  [edgesThirtyMinutes, 'tracesDays'],
  [logCountsMinute.table, 'logsDays'],
  [logCountsThirtyMinutes.table, 'logsDays'],
  [errorsMinute, 'tracesDays'],
])

const table = (spec: TableSpec, ctx: MigrationContext) => {
  const setting = retentionOf.get(spec) ?? laterRetentionOf.get(spec)
  return createTableSql(spec, ctx, setting ? ctx.retention[setting] : 0)
}

/** How many recent insert blocks each table remembers, so a replayed batch is not stored twice. */
export const DEDUPLICATION_WINDOW = 1000

/** Budgets (core/src/cost/budgets): versioned rows with tombstones. */
export const costTablesMigration: Migration = {
  version: 6,
  name: 'budgets',
  statements: (ctx) => [...table(budgetsTable, ctx)],
}

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
  {
    version: 4,
    name: 'explorer: coarser RED aggregates, log counts, service edges, trace and search projections',
    statements: (ctx) => [
      ...redTiers.flatMap((tier) => [...table(tier.table, ctx), createMaterializedViewSql(tier.view, ctx)]),
      ...[logCountsMinute, logCountsThirtyMinutes].flatMap((tier) => [...table(tier.table, ctx), createMaterializedViewSql(tier.view, ctx)]),
      ...table(edgesMinute, ctx),
      ...table(edgesThirtyMinutes, ctx),
      ...table(rollupState, ctx),
      addProjectionSql(tracesByTrace, ctx),
      addProjectionSql(tracesByServiceTime, ctx),
      addProjectionSql(logsByTrace, ctx),
      // as migration 3 did for the tables before: replayed batches are not counted twice by the views
      ...(ctx.cluster
        ? []
        : [...redTiers, logCountsMinute, logCountsThirtyMinutes].map(
            ({ table: spec }) => `ALTER TABLE ${ctx.database}.${spec.name} MODIFY SETTING non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW}`,
          )),
    ],
  },
  {
    version: 5,
    name: 'billing rows in FOCUS columns, and the imports that wrote them',
    statements: (ctx) => [...table(billingRows, ctx), ...table(billingImports, ctx)],
  },
  costTablesMigration,
  {
    version: 7,
    name: 'allocation rules made through the API',
    statements: (ctx) => table(allocationRules, ctx),
  },
  {
    version: 8,
    name: 'failed spans per minute, service, operation and error, for the top errors',
    statements: (ctx) => [
      ...table(errorsMinute, ctx),
      createMaterializedViewSql(errorsMinuteMv, ctx),
      errorsBackfillSql(ctx.database, 'otel_traces', errorsMinute.name),
      ...(ctx.cluster ? [] : [`ALTER TABLE ${ctx.database}.${errorsMinute.name} MODIFY SETTING non_replicated_deduplication_window = ${DEDUPLICATION_WINDOW}`]),
    ],
  },
  {
    version: 9,
    name: 'alert engine: instances, history, silences, notification log',
    statements: (ctx) => alertTables.flatMap((spec) => table(spec, ctx)),
  },
  {
    version: 10,
    name: 'SLOs made through the API',
    statements: (ctx) => table(slosTable, ctx),
  },
  {
    version: 11,
    name: 'billing: cost per day projection for the cost explorer',
    // stored rows get it in the background (a mutation); until then the explorer reads them as before
    statements: (ctx) => [addProjectionSql(billingDaily, ctx), materializeProjectionSql(billingDaily, ctx)],
  },
  {
    version: 12,
    name: 'alert rules made through the API',
    statements: (ctx) => table(alertRulesTable, ctx),
  },
]

/** Tables that take a retention TTL, for reconciling it when the setting changes. */
export const retentionTables = [...retentionOf.entries(), ...laterRetentionOf.entries()]
