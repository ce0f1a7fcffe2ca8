import { afterEach, describe, expect, it } from 'vitest'
import { openTestStore, queryRows, type TestStore } from '../testing/testStore.js'
import { migrate } from './migrate.js'
import { migrations } from './migrations.js'

describe('migrate (embedded engine)', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  it('creates every contrib table and Meridian table, and records each migration once', async () => {
    store = await openTestStore()
    const tables = await queryRows<{ name: string }>(store, 'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name', { db: store.database })
    expect(tables.map((t) => t.name)).toEqual([
      'meridian_alert_history',
      'meridian_alert_instances',
      'meridian_alert_notifications',
      'meridian_alert_rules',
      'meridian_alert_silences',
      'meridian_allocation_rules',
      'meridian_billing',
      'meridian_billing_imports',
      'meridian_budgets',
      'meridian_edges_1m',
      'meridian_edges_30m',
      'meridian_errors_1m',
      'meridian_errors_1m_mv',
      'meridian_log_counts_1m',
      'meridian_log_counts_1m_mv',
      'meridian_log_counts_30m',
      'meridian_log_counts_30m_mv',
      'meridian_migrations',
      'meridian_red_10m',
      'meridian_red_10m_mv',
      'meridian_red_1m',
      'meridian_red_1m_mv',
      'meridian_red_30m',
      'meridian_red_30m_mv',
      'meridian_red_service_10m',
      'meridian_red_service_10m_mv',
      'meridian_red_service_1m',
      'meridian_red_service_1m_mv',
      'meridian_red_service_30m',
      'meridian_red_service_30m_mv',
      'meridian_rollups',
      'meridian_slos',
      'otel_logs',
      'otel_metrics_exponential_histogram',
      'otel_metrics_gauge',
      'otel_metrics_histogram',
      'otel_metrics_sum',
      'otel_metrics_summary',
      'otel_traces',
      'otel_traces_trace_id_ts',
      'otel_traces_trace_id_ts_mv',
    ])
    const again = await migrate(store, { retention: store.config.retention })
    expect(again.applied).toEqual([])
    expect(again.alreadyApplied).toEqual(migrations.map((m) => m.version))
    const recorded = await queryRows<{ Version: number }>(store, `SELECT Version FROM ${store.database}.meridian_migrations FINAL ORDER BY Version`)
    expect(recorded.map((r) => Number(r.Version))).toEqual(migrations.map((m) => m.version))
    const projections = await queryRows<{ table: string; name: string }>(
      store,
      'SELECT table, name FROM system.projections WHERE database = {db:String} ORDER BY table, name',
      { db: store.database },
    )
    expect(projections).toEqual([
      { table: 'meridian_billing', name: 'daily' },
      { table: 'otel_logs', name: 'by_trace' },
      { table: 'otel_traces', name: 'by_service_time' },
      { table: 'otel_traces', name: 'by_trace' },
    ])
  })

  it('keeps the contrib column names and types for otel_traces', async () => {
    store = await openTestStore()
    const cols = await queryRows<{ name: string; type: string }>(
      store,
      "SELECT name, type FROM system.columns WHERE database = {db:String} AND table = 'otel_traces' ORDER BY position",
      { db: store.database },
    )
    expect(cols.slice(0, 5)).toEqual([
      { name: 'Timestamp', type: 'DateTime64(9)' },
      { name: 'TraceId', type: 'String' },
      { name: 'SpanId', type: 'String' },
      { name: 'ParentSpanId', type: 'String' },
      { name: 'TraceState', type: 'String' },
    ])
    expect(cols.find((c) => c.name === 'Events.Attributes')?.type).toBe('Array(Map(LowCardinality(String), String))')
    expect(cols.find((c) => c.name === 'Links.TraceState')?.type).toBe('Array(String)')
    const [idx] = await queryRows<{ n: string }>(store, "SELECT count() AS n FROM system.data_skipping_indices WHERE database = {db:String} AND table = 'otel_traces'", { db: store.database })
    expect(Number(idx.n)).toBe(6)
  })

  it('applies a retention change to existing tables, and removes it again', async () => {
    store = await openTestStore()
    const engineOf = async (table: string) =>
      (await queryRows<{ e: string }>(store, 'SELECT engine_full AS e FROM system.tables WHERE database = {db:String} AND name = {t:String}', { db: store.database, t: table }))[0].e
    expect(await engineOf('otel_logs')).not.toContain('TTL')
    await migrate(store, { retention: { tracesDays: 0, logsDays: 7, metricsDays: 30 } })
    expect(await engineOf('otel_logs')).toContain('toIntervalDay(7)')
    expect(await engineOf('otel_metrics_sum')).toContain('toIntervalDay(30)')
    expect(await engineOf('otel_traces')).not.toContain('TTL')
    await migrate(store, { retention: { tracesDays: 0, logsDays: 0, metricsDays: 30 } })
    expect(await engineOf('otel_logs')).not.toContain('TTL')
  })
})
