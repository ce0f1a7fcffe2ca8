import { describe, expect, it } from 'vitest'
import { costTablesMigration } from './migrations.js'
import { createTableSql } from './ddl.js'
import { budgetsTable } from './costTables.js'

describe('budgets table DDL', () => {
  it('is a ReplacingMergeTree on the version and tombstone columns', () => {
    const [single] = createTableSql(budgetsTable, { database: 'otel' })
    expect(single).toContain('ENGINE = ReplacingMergeTree(Version, Deleted)')
    expect(single).toContain('ORDER BY Id')
  })

  it('passes the same columns after the path and replica on a cluster, sharded by id', () => {
    const [local, distributed] = createTableSql(budgetsTable, { database: 'otel', cluster: 'c1' })
    expect(local).toContain("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/otel/meridian_budgets_local', '{replica}', Version, Deleted)")
    expect(distributed).toContain('ENGINE = Distributed(c1, otel, meridian_budgets_local, cityHash64(Id))')
  })

  it('is created by migration 6', () => {
    expect(costTablesMigration.version).toBe(6)
    expect(costTablesMigration.statements({ database: 'otel', retention: { tracesDays: 0, logsDays: 0, metricsDays: 0 } }).join('\n')).toContain('otel.meridian_budgets')
  })
})
