import { type Env, envInt, envString } from '@meridian/core'

export interface ServerConfig {
  host: string
  port: number
}

export function parseServerConfig(env: Env = process.env): ServerConfig {
  return {
    host: envString(env, 'MERIDIAN_HTTP_HOST', '0.0.0.0'),
    port: envInt(env, 'MERIDIAN_HTTP_PORT', 8080, { min: 0, max: 65535 }),
  }
}
