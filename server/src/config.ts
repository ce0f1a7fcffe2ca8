import { type AllocationSettings, type Env, envInt, envString, type LlmPriceTable, parseAllocationSettings, parseLlmPrices } from '@meridian/core'

export interface ServerConfig {
  host: string
  port: number
  /** The allocation rules file (MERIDIAN_ALLOCATION_RULES); none when absent. */
  allocation?: AllocationSettings
  /** LLM prices (MERIDIAN_LLM_PRICES over the defaults); the defaults when absent. */
  llmPrices?: LlmPriceTable
}

export function parseServerConfig(env: Env = process.env): ServerConfig {
  return {
    host: envString(env, 'MERIDIAN_HTTP_HOST', '0.0.0.0'),
    port: envInt(env, 'MERIDIAN_HTTP_PORT', 8080, { min: 0, max: 65535 }),
    allocation: parseAllocationSettings(env),
    llmPrices: parseLlmPrices(env),
  }
}
