import type { TableSpec } from './tableSpec.js'

/*
 * Alert rules made through the API (rule files in MERIDIAN_ALERT_RULES_DIR are read from disk,
 * not stored). As meridian_slos: every change is a new row of the rule with a higher Version, a
 * delete a row with Deleted = 1; readers use FINAL and Deleted = 0.
 */
export const alertRulesTable: TableSpec = {
  name: 'meridian_alert_rules',
  columns: [
    "Id String COMMENT 'api/<uuid>: the rule id the engine keys its alerts by'",
    "Version UInt64 COMMENT 'microseconds since the epoch at the change (at least the previous + 1); the highest wins'",
    "Deleted UInt8 COMMENT '1: the rule was deleted (a tombstone)'",
    "GroupName String COMMENT 'the group the rule is listed under'",
    "Alert String COMMENT 'the alertname'",
    "Definition String COMMENT 'the rule as JSON (core/src/api/alerts.ts, alertRuleSpec)'",
    "CreatedAt DateTime64(3, 'UTC')",
    "UpdatedAt DateTime64(3, 'UTC')",
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version', 'Deleted'],
  orderBy: 'Id',
  shardingKey: 'cityHash64(Id)',
}
