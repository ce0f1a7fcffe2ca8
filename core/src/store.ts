import { mkdirSync } from 'node:fs'
import { Readable } from 'node:stream'
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client'
import { scopeSettingsToCalls } from './callScopedSettings.js'
import { MeridianError } from './errors.js'
import { stringifyJson } from './json/stringifyJson.js'
import type { StoreConfig } from './storeConfig.js'

/** The one way Meridian reaches ClickHouse: a @clickhouse/client, embedded (chDB) or remote. */
export interface Store {
  client: ClickHouseClient
  /** Database every table lives in; SQL names tables as `${database}.table`. */
  database: string
  kind: 'embedded' | 'remote'
  /** Where the data is: a directory for embedded, the URL (without credentials) for remote. */
  location: string
  /**
   * Inserts rows already written as JSONEachRow bytes, without turning them into a JS string:
   * the embedded engine takes the Buffer as it is (chdb/connection's rawInsert), a server gets it
   * as the request body (@clickhouse/client exec). The collector's hot path.
   */
  insertJsonRows(table: string, body: Buffer, options?: InsertOptions): Promise<void>
  close(): Promise<void>
}

/** The format the collector's rows reach ClickHouse in (store.insertJsonRows). */
export const INSERT_FORMAT = 'JSONEachRow'

export interface InsertOptions {
  settings?: Record<string, string | number>
  signal?: AbortSignal
}

export async function openStore(config: StoreConfig): Promise<Store> {
  const common = {
    request_timeout: 60_000,
    // Rows carry nanosecond times and UInt64 counts as bigint; see stringifyJson.
    json: { parse: JSON.parse, stringify: stringifyJson },
    // Failures reach Meridian's code as errors, which it logs (pino) with context; the client's
    // own console logging would only say it twice.
    log: { level: ClickHouseLogLevel.OFF },
  }
  if (config.url) {
    const client = createClient({
      ...common,
      url: config.url,
      username: config.username,
      password: config.password,
      tls: config.tls
        ? { ca_cert: config.tls.caCert, ...(config.tls.cert ? { cert: config.tls.cert, key: config.tls.key! } : {}) }
        : undefined,
    })
    const location = new URL(config.url)
    location.username = ''
    location.password = ''
    const database = config.database
    return {
      client,
      database,
      kind: 'remote',
      location: location.toString(),
      async insertJsonRows(table, body, options = {}) {
        const result = await client.exec({
          query: `INSERT INTO ${database}.${table} FORMAT ${INSERT_FORMAT}`,
          values: Readable.from([body]),
          clickhouse_settings: options.settings,
          abort_signal: options.signal,
        })
        result.stream.resume() // nothing to read; let the connection go back to the pool
      },
      close: () => client.close(),
    }
  }
  mkdirSync(config.dataDir, { recursive: true })
  // Loaded lazily: a remote deployment never loads the ~280 MB engine.
  const { createChdbConnection } = await import('chdb/connection')
  let connection: ReturnType<typeof createChdbConnection>
  try {
    connection = createChdbConnection({ path: config.dataDir })
  } catch (err) {
    throw new MeridianError(
      503,
      'store_unavailable',
      `cannot open the embedded store in ${config.dataDir}: another process may be using it (one process owns a data directory at a time; stop it or set MERIDIAN_DATA_DIR), or it is not writable (${(err as Error).message})`,
    )
  }
  // chDB applies a call's settings with SET, which would outlive the call: keep them to it.
  const client = scopeSettingsToCalls(createClient({ ...common, connection } as Parameters<typeof createClient>[0]))
  const database = config.database
  return {
    client,
    database,
    kind: 'embedded',
    location: config.dataDir,
    async insertJsonRows(table, body, options = {}) {
      await connection.chdb.rawInsert({ table: `${database}.${table}`, values: body, format: INSERT_FORMAT, settings: options.settings, signal: options.signal })
    },
    close: () => client.close(),
  }
}
