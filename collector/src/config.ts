import { join, resolve } from 'node:path'
import { ConfigError, type Env, envInt, envOptional, envString } from '@meridian/core'
import { type CostExplorerConfig, parseCostExplorerConfig } from './billing/costExplorer/costExplorerConfig.js'

export interface CollectorConfig {
  host: string
  httpPort: number
  grpcPort: number
  /** Largest request accepted, before and after decompression. */
  maxBodyBytes: number
  /** Request bytes held in memory at once (received, not yet stored or spooled); over it, senders are told to retry. */
  queueMaxBytes: number
  batchMaxRows: number
  batchMaxDelayMs: number
  /** Batches the store did not take wait here, on disk. */
  spoolDir: string
  spoolMaxBytes: number
  insertTimeoutMs: number
  /** How often the collector stores its own metrics; 0 turns self-telemetry off. */
  selfTelemetryIntervalMs: number
  /** The AWS Cost Explorer sync (MERIDIAN_AWS_CE_*); scripts/start.ts runs it when enabled. */
  awsCostExplorer?: CostExplorerConfig
}

export function parseCollectorConfig(env: Env = process.env): CollectorConfig {
  const dataDir = resolve(envString(env, 'MERIDIAN_DATA_DIR', './data'))
  const config: CollectorConfig = {
    host: envString(env, 'MERIDIAN_OTLP_HOST', '0.0.0.0'),
    httpPort: envInt(env, 'MERIDIAN_OTLP_HTTP_PORT', 4318, { min: 0, max: 65535 }),
    grpcPort: envInt(env, 'MERIDIAN_OTLP_GRPC_PORT', 4317, { min: 0, max: 65535 }),
    maxBodyBytes: envInt(env, 'MERIDIAN_OTLP_MAX_BODY_BYTES', 16 * 1024 * 1024, { min: 1024, max: 1024 * 1024 * 1024 }),
    queueMaxBytes: envInt(env, 'MERIDIAN_QUEUE_MAX_BYTES', 128 * 1024 * 1024, { min: 1024, max: 64 * 1024 * 1024 * 1024 }),
    batchMaxRows: envInt(env, 'MERIDIAN_BATCH_MAX_ROWS', 10_000, { min: 1, max: 1_000_000 }),
    batchMaxDelayMs: envInt(env, 'MERIDIAN_BATCH_MAX_DELAY_MS', 200, { min: 0, max: 60_000 }),
    spoolDir: resolve(envOptional(env, 'MERIDIAN_SPOOL_DIR') ?? join(dataDir, 'spool')),
    spoolMaxBytes: envInt(env, 'MERIDIAN_SPOOL_MAX_BYTES', 1024 * 1024 * 1024, { min: 0, max: Number.MAX_SAFE_INTEGER }),
    insertTimeoutMs: envInt(env, 'MERIDIAN_INSERT_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }),
    selfTelemetryIntervalMs: envInt(env, 'MERIDIAN_SELF_TELEMETRY_INTERVAL_MS', 10_000, { min: 0, max: 3_600_000 }),
    awsCostExplorer: parseCostExplorerConfig(env),
  }
  if (config.queueMaxBytes < config.maxBodyBytes) {
    throw new ConfigError(
      `MERIDIAN_QUEUE_MAX_BYTES (${config.queueMaxBytes}) must be at least MERIDIAN_OTLP_MAX_BODY_BYTES (${config.maxBodyBytes}), or the largest request could never be taken`,
    )
  }
  return config
}
