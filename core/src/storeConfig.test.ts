import { describe, expect, it } from 'vitest'
import { ConfigError } from './errors.js'
import { parseStoreConfig } from './storeConfig.js'

describe('parseStoreConfig', () => {
  it('defaults to the embedded store in ./data, database otel, no retention', () => {
    const config = parseStoreConfig({})
    expect(config.url).toBeUndefined()
    expect(config.dataDir).toBe(`${process.cwd()}/data`)
    expect(config.database).toBe('otel')
    expect(config.retention).toEqual({ tracesDays: 0, logsDays: 0, metricsDays: 0 })
  })

  it('reads a server URL, credentials, cluster and retention', () => {
    const config = parseStoreConfig({
      MERIDIAN_CLICKHOUSE_URL: 'https://ch.example:8443',
      MERIDIAN_CLICKHOUSE_USER: 'meridian',
      MERIDIAN_CLICKHOUSE_PASSWORD: 's3cret',
      MERIDIAN_CLICKHOUSE_DATABASE: 'telemetry',
      MERIDIAN_CLICKHOUSE_CLUSTER: 'prod',
      MERIDIAN_RETENTION_LOGS_DAYS: '14',
    })
    expect(config).toMatchObject({ url: 'https://ch.example:8443', username: 'meridian', password: 's3cret', database: 'telemetry', cluster: 'prod' })
    expect(config.retention.logsDays).toBe(14)
  })

  it.each([
    [{ MERIDIAN_CLICKHOUSE_URL: 'not a url' }, /MERIDIAN_CLICKHOUSE_URL must be a URL/],
    [{ MERIDIAN_CLICKHOUSE_URL: 'ftp://ch' }, /MERIDIAN_CLICKHOUSE_URL must start with http:\/\/ or https:\/\//],
    [{ MERIDIAN_CLICKHOUSE_DATABASE: 'otel; DROP' }, /MERIDIAN_CLICKHOUSE_DATABASE must be a plain identifier/],
    [{ MERIDIAN_RETENTION_TRACES_DAYS: '-1' }, /MERIDIAN_RETENTION_TRACES_DAYS must be a whole number from 0 to 36500, got "-1"/],
    [{ MERIDIAN_RETENTION_METRICS_DAYS: '7.5' }, /MERIDIAN_RETENTION_METRICS_DAYS must be a whole number/],
    [{ MERIDIAN_CLICKHOUSE_TLS_CA_FILE: '/nonexistent/ca.pem' }, /MERIDIAN_CLICKHOUSE_TLS_CA_FILE points to "\/nonexistent\/ca.pem", which cannot be read/],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => parseStoreConfig(env)).toThrowError(ConfigError)
    expect(() => parseStoreConfig(env)).toThrowError(message)
  })
})
