import type { TableSpec } from './tableSpec.js'

/*
 * Allocation rules made through the API (the rules file's are not stored: the file is read at
 * start). Every change is a new row of the rule with a higher Version; a delete is a row with
 * Deleted = 1. Readers take each rule's row of highest Version (argMax), so they never depend on
 * when the engine merges; ReplacingMergeTree(Version) only lets older versions go in the background.
 */
export const allocationRules: TableSpec = {
  name: 'meridian_allocation_rules',
  columns: [
    'RuleId String',
    "Version UInt64 COMMENT 'microseconds since the epoch at the change; the highest wins'",
    "Deleted UInt8 COMMENT '1: the rule was deleted (a tombstone)'",
    'Priority Int32',
    "Rule String COMMENT 'the rule as JSON (core/src/api/allocation.ts, allocationRule)'",
    "CreatedAt DateTime64(3, 'UTC')",
    "UpdatedAt DateTime64(3, 'UTC')",
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version'],
  orderBy: 'RuleId',
  shardingKey: 'cityHash64(RuleId)',
}
