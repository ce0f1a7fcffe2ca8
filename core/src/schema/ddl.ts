import type { MaterializedViewSpec, TableSpec } from './tableSpec.js'

export interface DdlTarget {
  database: string
  /** With a cluster: ON CLUSTER, Replicated*MergeTree `<name>_local` tables and a Distributed `<name>`. */
  cluster?: string
}

const onCluster = (t: DdlTarget) => (t.cluster ? ` ON CLUSTER ${t.cluster}` : '')

/** The table that holds the rows: the table itself, or its `_local` shard table on a cluster. */
export function storageTableName(name: string, target: DdlTarget): string {
  return target.cluster ? `${name}_local` : name
}

export function ttlClause(spec: TableSpec, ttlDays: number): string | undefined {
  if (!spec.ttlColumn || ttlDays <= 0) return undefined
  return `TTL ${spec.ttlColumn} + toIntervalDay(${ttlDays})`
}

export function createDatabaseSql(target: DdlTarget): string {
  return `CREATE DATABASE IF NOT EXISTS ${target.database}${onCluster(target)}`
}

function engineSql(spec: TableSpec, target: DdlTarget): string {
  const args = spec.engineArgs ?? []
  if (!target.cluster) return `${spec.engine}(${args.join(', ')})`
  const local = storageTableName(spec.name, target)
  return `Replicated${spec.engine}(${[`'/clickhouse/tables/{shard}/${target.database}/${local}'`, "'{replica}'", ...args].join(', ')})`
}

/** CREATE statements for one table: one on a single node, the shard table plus a Distributed on a cluster. */
export function createTableSql(spec: TableSpec, target: DdlTarget, ttlDays = 0): string[] {
  const db = target.database
  const local = storageTableName(spec.name, target)
  const body = [...spec.columns, ...(spec.indexes ?? [])].map((line) => `    ${line}`).join(',\n')
  const clauses = [
    `ENGINE = ${engineSql(spec, target)}`,
    spec.partitionBy && `PARTITION BY ${spec.partitionBy}`,
    spec.primaryKey && `PRIMARY KEY ${spec.primaryKey}`,
    `ORDER BY ${spec.orderBy}`,
    ttlClause(spec, ttlDays),
    spec.settings && `SETTINGS ${spec.settings}`,
  ].filter(Boolean)
  const statements = [`CREATE TABLE IF NOT EXISTS ${db}.${local}${onCluster(target)} (\n${body}\n) ${clauses.join('\n')}`]
  if (target.cluster) {
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${db}.${spec.name}${onCluster(target)} AS ${db}.${local}\n` +
        `ENGINE = Distributed(${target.cluster}, ${db}, ${local}, ${spec.shardingKey})`,
    )
  }
  return statements
}

/** A materialized view reads and writes shard tables, so on a cluster each shard aggregates what it stores. */
export function createMaterializedViewSql(view: MaterializedViewSpec, target: DdlTarget): string {
  const db = target.database
  const select = view.select.replaceAll('{from}', `${db}.${storageTableName(view.from, target)}`)
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.${view.name}${onCluster(target)} TO ${db}.${storageTableName(view.to, target)}\nAS ${select}`
}

/** Builds a projection for the parts written before it was added: a mutation, run in the background. */
export function materializeProjectionSql(projection: { table: string; name: string }, target: DdlTarget): string {
  return `ALTER TABLE ${target.database}.${storageTableName(projection.table, target)}${onCluster(target)} MATERIALIZE PROJECTION ${projection.name}`
}

/** Adds a projection to a table (its shard table on a cluster); parts written before it have none until `MATERIALIZE PROJECTION`. */
export function addProjectionSql(projection: { table: string; name: string; select: string; settings?: string }, target: DdlTarget): string {
  const settings = projection.settings ? ` WITH SETTINGS (${projection.settings})` : ''
  return `ALTER TABLE ${target.database}.${storageTableName(projection.table, target)}${onCluster(target)} ADD PROJECTION IF NOT EXISTS ${projection.name} (${projection.select})${settings}`
}
