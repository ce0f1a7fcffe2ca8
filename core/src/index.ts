export { ConfigError, MeridianError } from './errors.js'
export { type Env, envBool, envIdentifier, envInt, envOptional, envString } from './env.js'
export { createLogger, type Logger } from './logger.js'
export { INSERT_FORMAT, type InsertOptions, openStore, type Store } from './store.js'
export { parseStoreConfig, type Retention, type StoreConfig } from './storeConfig.js'
export { migrate, type MigrateOptions, type MigrateResult } from './schema/migrate.js'
export { migrations, type Migration } from './schema/migrations.js'
export { createTableSql, createMaterializedViewSql, createDatabaseSql, storageTableName, type DdlTarget } from './schema/ddl.js'
export * as tables from './schema/telemetryTables.js'
export { redMinute, redMinuteMv } from './schema/meridianTables.js'
export {
  BUCKET_COUNT,
  bucketOf,
  bucketUpperBoundNs,
  bucketMidpointNs,
  histogramQuantileNs,
} from './telemetry/latencyBuckets.js'
export { type RedSummary, redSummary } from './telemetry/redSummary.js'
export { closeServer } from './http/closeServer.js'
export { stringifyJson, toJsonRowsText } from './json/stringifyJson.js'
export { ClickHouseError } from '@clickhouse/client'
