import { describe, expect, it } from 'vitest'
import { addProjectionSql, createMaterializedViewSql, createTableSql } from './ddl.js'
import { tracesByTrace } from './explorerTables.js'
import { redMinute, redMinuteMv } from './meridianTables.js'
import { migrations } from './migrations.js'
import { otelLogs, otelTraces } from './telemetryTables.js'

const cluster = { database: 'otel', cluster: 'prod' }
const retention = { tracesDays: 0, logsDays: 0, metricsDays: 0 }

describe('DDL on a single node', () => {
  it('creates a MergeTree table with the contrib keys, indexes and settings, and no TTL by default', () => {
    const [sql, ...rest] = createTableSql(otelTraces, { database: 'otel' })
    expect(rest).toEqual([])
    expect(sql).toMatch(/^CREATE TABLE IF NOT EXISTS otel\.otel_traces \(/)
    expect(sql).toContain('ENGINE = MergeTree()')
    expect(sql).toContain('PARTITION BY toDate(Timestamp)')
    expect(sql).toContain('ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))')
    expect(sql).toContain('INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1')
    expect(sql).toContain('SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1')
    expect(sql).not.toContain('TTL ')
    expect(sql).not.toContain('ON CLUSTER')
  })

  it('adds the retention TTL when one is set', () => {
    const [sql] = createTableSql(otelLogs, { database: 'otel' }, 14)
    expect(sql).toContain('TTL TimestampTime + toIntervalDay(14)')
  })
})

describe('DDL on a cluster', () => {
  it('creates a replicated shard table and a Distributed table over it, both ON CLUSTER', () => {
    const [local, distributed] = createTableSql(otelTraces, cluster, 30)
    expect(local).toMatch(/^CREATE TABLE IF NOT EXISTS otel\.otel_traces_local ON CLUSTER prod \(/)
    expect(local).toContain("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/otel/otel_traces_local', '{replica}')")
    expect(local).toContain('TTL toDateTime(Timestamp) + toIntervalDay(30)')
    expect(distributed).toBe(
      'CREATE TABLE IF NOT EXISTS otel.otel_traces ON CLUSTER prod AS otel.otel_traces_local\n' +
        'ENGINE = Distributed(prod, otel, otel_traces_local, cityHash64(TraceId))',
    )
  })

  it('keeps the engine flavour: AggregatingMergeTree becomes ReplicatedAggregatingMergeTree', () => {
    const [local] = createTableSql(redMinute, cluster)
    expect(local).toContain("ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/otel/meridian_red_1m_local', '{replica}')")
  })

  it('points materialized views from shard table to shard table', () => {
    const sql = createMaterializedViewSql(redMinuteMv, cluster)
    expect(sql).toMatch(/^CREATE MATERIALIZED VIEW IF NOT EXISTS otel\.meridian_red_1m_mv ON CLUSTER prod TO otel\.meridian_red_1m_local\nAS SELECT/)
    expect(sql).toContain('FROM otel.otel_traces_local')
  })

  it('emits ON CLUSTER for every statement of every migration', () => {
    for (const migration of migrations) {
      for (const sql of migration.statements({ ...cluster, retention })) {
        // (migration 3 has nothing to do on a cluster: replicated tables deduplicate already)
        // A backfill is data, not DDL: it runs once, through the Distributed tables.
        if (sql.startsWith('INSERT INTO')) {
          expect(sql).not.toContain('_local')
          continue
        }
        expect(sql, sql.slice(0, 80)).toContain(' ON CLUSTER prod')
        expect(sql).not.toMatch(/ENGINE = (MergeTree|AggregatingMergeTree|ReplacingMergeTree)\(/)
      }
    }
  })
})

describe('projections', () => {
  it('go on the table itself, or on the shard table ON CLUSTER', () => {
    expect(addProjectionSql(tracesByTrace, { database: 'otel' })).toBe(
      'ALTER TABLE otel.otel_traces ADD PROJECTION IF NOT EXISTS by_trace (SELECT * ORDER BY TraceId, Timestamp) WITH SETTINGS (index_granularity = 256)',
    )
    expect(addProjectionSql(tracesByTrace, cluster)).toBe(
      'ALTER TABLE otel.otel_traces_local ON CLUSTER prod ADD PROJECTION IF NOT EXISTS by_trace (SELECT * ORDER BY TraceId, Timestamp) WITH SETTINGS (index_granularity = 256)',
    )
  })
})
