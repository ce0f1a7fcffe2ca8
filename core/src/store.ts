import { mkdirSync } from 'node:fs'
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client'
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
  close(): Promise<void>
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
    return { client, database: config.database, kind: 'remote', location: location.toString(), close: () => client.close() }
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
  const client = createClient({ ...common, connection } as Parameters<typeof createClient>[0])
  return { client, database: config.database, kind: 'embedded', location: config.dataDir, close: () => client.close() }
}
