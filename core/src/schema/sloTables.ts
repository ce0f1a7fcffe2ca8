import type { TableSpec } from './tableSpec.js'

/*
 * SLOs made through the API (files in MERIDIAN_SLO_DIR are read from disk, not stored). Every
 * change is a new row of the SLO with a higher Version; a delete is a row with Deleted = 1 (a
 * tombstone). Readers use FINAL and Deleted = 0, so they see the newest version whether or not
 * the engine has merged; ReplacingMergeTree(Version, Deleted) lets older versions go when it does.
 */
export const slosTable: TableSpec = {
  name: 'meridian_slos',
  columns: [
    "Name String COMMENT 'metadata.name, the id of the SLO'",
    "Version UInt64 COMMENT 'microseconds since the epoch at the change (at least the previous + 1); the highest wins'",
    "Deleted UInt8 COMMENT '1: the SLO was deleted (a tombstone)'",
    "Definition String COMMENT 'the OpenSLO document as JSON (core/src/api/slo.ts, sloDocument)'",
    "CreatedAt DateTime64(3, 'UTC')",
    "UpdatedAt DateTime64(3, 'UTC')",
  ],
  engine: 'ReplacingMergeTree',
  engineArgs: ['Version', 'Deleted'],
  orderBy: 'Name',
  shardingKey: 'cityHash64(Name)',
}
