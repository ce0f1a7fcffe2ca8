import type { TableSpec } from './tableSpec.js'

/*
 * Budgets made through the API (core/src/cost/budgets). Every change is a new row of the budget
 * with a higher Version; a delete is a row with Deleted = 1 (a tombstone). The engine keeps the
 * highest Version of each Id when it merges and drops tombstones there; readers use FINAL (and
 * Deleted = 0), so they see the newest version whether or not a merge has happened. Sharded by Id
 * on a cluster, so every version of a budget is on one shard.
 */
export const budgetsTable: TableSpec = {
  name: 'meridian_budgets',
  columns: [
    'Id String',
    "Version UInt64 COMMENT 'microseconds since the epoch at the change (at least the previous + 1); the highest wins'",
    "Deleted UInt8 COMMENT '1: the budget was deleted (a tombstone)'",
    'Name String',
    "ScopeKind LowCardinality(String) COMMENT 'total, provider, service, team or tag'",
    "ScopeKey String COMMENT 'the tag key of a tag scope; empty otherwise'",
    "ScopeValue String COMMENT 'provider, service (FOCUS ServiceName), team or tag value; empty for total'",
    "Period LowCardinality(String) COMMENT 'month, quarter or year (UTC calendar)'",
    'Amount Decimal(38, 12)',
    'Currency LowCardinality(String)',
    "Metric LowCardinality(String) COMMENT 'BilledCost, EffectiveCost, ListCost or ContractedCost'",
    "Thresholds String COMMENT 'JSON: [{percent, basis: actual or forecast}]'",
    "CreatedAt DateTime64(3, 'UTC')",
    "UpdatedAt DateTime64(3, 'UTC')",
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version', 'Deleted'],
  orderBy: 'Id',
  shardingKey: 'cityHash64(Id)',
}
