/** A MergeTree table as data, so one description renders single-node and cluster DDL. */
export interface TableSpec {
  name: string
  /** Column definitions, one per entry, in order. */
  columns: string[]
  /** Skip index definitions (`INDEX name expr TYPE ... GRANULARITY n`). */
  indexes?: string[]
  /** MergeTree flavour without the Replicated prefix, with its arguments if any. */
  engine: 'MergeTree' | 'AggregatingMergeTree' | 'ReplacingMergeTree'
  /** Arguments of the engine (a ReplacingMergeTree's version and is-deleted columns), after a replicated table's path and replica. */
  engineArgs?: string[]
  partitionBy?: string
  primaryKey?: string
  orderBy: string
  /** The DateTime expression a retention TTL is counted from; absent means the table takes no TTL. */
  ttlColumn?: string
  /** Sharding key of the Distributed table in cluster mode. */
  shardingKey: string
  settings?: string
}

export interface MaterializedViewSpec {
  name: string
  /** Target table name (a TableSpec name). */
  to: string
  /** Source table name (a TableSpec name). */
  from: string
  /** The SELECT, with `{from}` where the source table goes. */
  select: string
}
