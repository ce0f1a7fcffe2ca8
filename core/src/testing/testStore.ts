import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate } from '../schema/migrate.js'
import { openStore, type Store } from '../store.js'
import type { Retention, StoreConfig } from '../storeConfig.js'
import { ensureRemoteTestServer } from './remoteSetup.js'

const NO_RETENTION: Retention = { tracesDays: 0, logsDays: 0, metricsDays: 0 }

/**
 * The store a test runs on: its own database, on the real engine. Embedded chDB in a data
 * directory per test process by default; a ClickHouse server when MERIDIAN_TEST_CLICKHOUSE_URL is set.
 */
export function testStoreConfig(overrides: Partial<StoreConfig> = {}): StoreConfig {
  return {
    url: process.env.MERIDIAN_TEST_CLICKHOUSE_URL || undefined,
    username: process.env.MERIDIAN_TEST_CLICKHOUSE_USER ?? 'default',
    password: process.env.MERIDIAN_TEST_CLICKHOUSE_PASSWORD ?? '',
    database: `test_${randomBytes(6).toString('hex')}`,
    dataDir: join(tmpdir(), `meridian-test-${process.pid}`),
    retention: NO_RETENTION,
    ...overrides,
  }
}

export interface TestStore extends Store {
  config: StoreConfig
  /** Drops the test's database and closes the client. */
  dispose(): Promise<void>
}

export async function openTestStore(overrides: Partial<StoreConfig> = {}, options: { migrate?: boolean } = {}): Promise<TestStore> {
  // MERIDIAN_TEST_REMOTE=1: serve this process's tests over HTTP from an in-process ClickHouse-speaking server.
  await ensureRemoteTestServer()
  const config = testStoreConfig(overrides)
  const store = await openStore(config)
  if (options.migrate !== false) await migrate(store, { retention: config.retention })
  return {
    ...store,
    config,
    async dispose() {
      await store.client.command({ query: `DROP DATABASE IF EXISTS ${store.database}` })
      await store.close()
    },
  }
}

/** Rows of a query as plain objects, 64-bit integers as strings so nothing loses precision. */
export async function queryRows<T = Record<string, unknown>>(store: Store, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const res = await store.client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
  })
  return res.json<T>()
}
