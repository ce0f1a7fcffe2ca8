import {
  type AllocationSettings,
  type CurrencySettings,
  type Env,
  envInt,
  envString,
  type LlmPriceTable,
  parseAllocationSettings,
  parseCurrencySettings,
  parseLlmPrices,
  parseSloDirectory,
} from '@meridian/core'

export interface ServerConfig {
  host: string
  port: number
  /** The allocation rules file (MERIDIAN_ALLOCATION_RULES); none when absent. */
  allocation?: AllocationSettings
  /** LLM prices (MERIDIAN_LLM_PRICES over the defaults); the defaults when absent. */
  llmPrices?: LlmPriceTable
  /** MERIDIAN_REPORTING_CURRENCY and MERIDIAN_EXCHANGE_RATES (docs/finops.md); no conversion when absent. */
  currency?: CurrencySettings
  /** MERIDIAN_BILLING_MAX_UPLOAD_BYTES: largest FOCUS file upload, before and after decompression (1 GiB). */
  maxUploadBytes?: number
  /** MERIDIAN_SLO_DIR: the directory of SLO files (docs/slo.md); none when absent. */
  sloDir?: string | null
}

export function parseServerConfig(env: Env = process.env): ServerConfig {
  return {
    host: envString(env, 'MERIDIAN_HTTP_HOST', '0.0.0.0'),
    port: envInt(env, 'MERIDIAN_HTTP_PORT', 8080, { min: 0, max: 65535 }),
    allocation: parseAllocationSettings(env),
    llmPrices: parseLlmPrices(env),
    currency: parseCurrencySettings(env),
    maxUploadBytes: envInt(env, 'MERIDIAN_BILLING_MAX_UPLOAD_BYTES', 1024 ** 3, { min: 1 }),
    sloDir: parseSloDirectory(env),
  }
}
