import type { Logger } from 'pino'
import type { Store } from '../store.js'
import type { Retention } from '../storeConfig.js'
import { createDatabaseSql, createTableSql, storageTableName, ttlClause } from './ddl.js'
import { migrationsTable } from './meridianTables.js'
import { type Migration, type MigrationContext, migrations, retentionTables } from './migrations.js'

export interface MigrateOptions {
  cluster?: string
  retention: Retention
  logger?: Logger
  /** For tests: a different list of migrations. */
  migrations?: Migration[]
}

export interface MigrateResult {
  applied: number[]
  alreadyApplied: number[]
}

/** Brings the schema up to date: creates the database, runs each migration not yet recorded, records it. */
export async function migrate(store: Store, options: MigrateOptions): Promise<MigrateResult> {
  const ctx: MigrationContext = { database: store.database, cluster: options.cluster, retention: options.retention }
  const { client } = store
  await client.command({ query: createDatabaseSql(ctx) })
  for (const sql of createTableSql(migrationsTable, ctx)) await client.command({ query: sql })

  const done = await client.query({
    query: `SELECT DISTINCT Version FROM ${ctx.database}.${migrationsTable.name}`,
    format: 'JSONEachRow',
  })
  const applied = new Set((await done.json<{ Version: number }>()).map((row) => Number(row.Version)))
  const result: MigrateResult = { applied: [], alreadyApplied: [] }

  for (const migration of options.migrations ?? migrations) {
    if (applied.has(migration.version)) {
      result.alreadyApplied.push(migration.version)
      continue
    }
    for (const sql of migration.statements(ctx)) await client.command({ query: sql })
    await client.insert({
      table: `${ctx.database}.${migrationsTable.name}`,
      values: [{ Version: migration.version, Name: migration.name }],
      format: 'JSONEachRow',
    })
    options.logger?.info({ version: migration.version, name: migration.name }, 'migration applied')
    result.applied.push(migration.version)
  }
  if (!options.migrations) await reconcileRetention(store, ctx, options.logger)
  return result
}

/** Applies a changed retention setting to tables created under an earlier one. */
async function reconcileRetention(store: Store, ctx: MigrationContext, logger?: Logger): Promise<void> {
  for (const [spec, setting] of retentionTables) {
    const name = storageTableName(spec.name, ctx)
    const res = await store.client.query({
      query: 'SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = {name:String}',
      query_params: { db: ctx.database, name },
      format: 'JSONEachRow',
    })
    const [row] = await res.json<{ engine_full: string }>()
    if (!row) continue
    const wanted = ttlClause(spec, ctx.retention[setting])
    const current = /\bTTL\s+(.+?)(?:\s+SETTINGS\b|$)/s.exec(row.engine_full)?.[1]
    const cluster = ctx.cluster ? ` ON CLUSTER ${ctx.cluster}` : ''
    if (wanted && !(current && current.replace(/\s+/g, '') === wanted.slice(4).replace(/\s+/g, ''))) {
      await store.client.command({
        query: `ALTER TABLE ${ctx.database}.${name}${cluster} MODIFY ${wanted}`,
        clickhouse_settings: { materialize_ttl_after_modify: 0 },
      })
      logger?.info({ table: name, ttl: wanted }, 'retention changed')
    } else if (!wanted && current) {
      await store.client.command({ query: `ALTER TABLE ${ctx.database}.${name}${cluster} REMOVE TTL` })
      logger?.info({ table: name }, 'retention removed')
    }
  }
}
