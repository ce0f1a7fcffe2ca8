import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Env, envIdentifier, envInt, envOptional, envString } from './env.js'
import { ConfigError } from './errors.js'

/** Retention per signal in days; 0 keeps data forever (the contrib exporter's default). */
export interface Retention {
  tracesDays: number
  logsDays: number
  metricsDays: number
}

export interface StoreConfig {
  /** ClickHouse server URL; absent means the embedded chDB engine. */
  url?: string
  username: string
  password: string
  database: string
  /** Cluster name: migrations then emit ON CLUSTER, Replicated*MergeTree and Distributed tables. */
  cluster?: string
  dataDir: string
  tls?: { caCert: Buffer; cert?: Buffer; key?: Buffer }
  retention: Retention
}

function readTlsFile(env: Env, name: string): Buffer | undefined {
  const path = envOptional(env, name)
  if (!path) return undefined
  try {
    return readFileSync(path)
  } catch (err) {
    throw new ConfigError(`${name} points to "${path}", which cannot be read: ${(err as Error).message}`)
  }
}

export function parseStoreConfig(env: Env = process.env): StoreConfig {
  const url = envOptional(env, 'MERIDIAN_CLICKHOUSE_URL')
  if (url !== undefined) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new ConfigError(`MERIDIAN_CLICKHOUSE_URL must be a URL such as http://clickhouse:8123, got "${url}"`)
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ConfigError(`MERIDIAN_CLICKHOUSE_URL must start with http:// or https://, got "${url}"`)
    }
  }
  const caCert = readTlsFile(env, 'MERIDIAN_CLICKHOUSE_TLS_CA_FILE')
  const cert = readTlsFile(env, 'MERIDIAN_CLICKHOUSE_TLS_CERT_FILE')
  const key = readTlsFile(env, 'MERIDIAN_CLICKHOUSE_TLS_KEY_FILE')
  if ((cert || key) && !caCert) {
    throw new ConfigError('MERIDIAN_CLICKHOUSE_TLS_CERT_FILE and _KEY_FILE need MERIDIAN_CLICKHOUSE_TLS_CA_FILE too')
  }
  if (Boolean(cert) !== Boolean(key)) {
    throw new ConfigError('MERIDIAN_CLICKHOUSE_TLS_CERT_FILE and MERIDIAN_CLICKHOUSE_TLS_KEY_FILE go together')
  }
  const days = (name: string) => envInt(env, name, 0, { min: 0, max: 36_500 })
  return {
    url,
    username: envString(env, 'MERIDIAN_CLICKHOUSE_USER', 'default'),
    password: envString(env, 'MERIDIAN_CLICKHOUSE_PASSWORD', ''),
    database: envIdentifier(env, 'MERIDIAN_CLICKHOUSE_DATABASE', 'otel'),
    cluster: envIdentifier(env, 'MERIDIAN_CLICKHOUSE_CLUSTER', undefined),
    dataDir: resolve(envString(env, 'MERIDIAN_DATA_DIR', './data')),
    tls: caCert ? { caCert, cert, key } : undefined,
    retention: {
      tracesDays: days('MERIDIAN_RETENTION_TRACES_DAYS'),
      logsDays: days('MERIDIAN_RETENTION_LOGS_DAYS'),
      metricsDays: days('MERIDIAN_RETENTION_METRICS_DAYS'),
    },
  }
}
