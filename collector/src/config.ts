import { type Env, envInt, envString } from '@meridian/core'

export interface CollectorConfig {
  host: string
  httpPort: number
  grpcPort: number
  /** Largest request accepted, before and after decompression. */
  maxBodyBytes: number
  batchMaxRows: number
  batchMaxDelayMs: number
}

export function parseCollectorConfig(env: Env = process.env): CollectorConfig {
  return {
    host: envString(env, 'MERIDIAN_OTLP_HOST', '0.0.0.0'),
    httpPort: envInt(env, 'MERIDIAN_OTLP_HTTP_PORT', 4318, { min: 0, max: 65535 }),
    grpcPort: envInt(env, 'MERIDIAN_OTLP_GRPC_PORT', 4317, { min: 0, max: 65535 }),
    maxBodyBytes: envInt(env, 'MERIDIAN_OTLP_MAX_BODY_BYTES', 16 * 1024 * 1024, { min: 1024, max: 1024 * 1024 * 1024 }),
    batchMaxRows: envInt(env, 'MERIDIAN_BATCH_MAX_ROWS', 10_000, { min: 1, max: 1_000_000 }),
    batchMaxDelayMs: envInt(env, 'MERIDIAN_BATCH_MAX_DELAY_MS', 200, { min: 0, max: 60_000 }),
  }
}
