import { statSync } from 'node:fs'
import {
  type AllocationSettings,
  ConfigError,
  envOptional,
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
  /** MERIDIAN_ALERT_RULES_DIR: the directory of alert rule files (docs/alerting.md); none when absent. */
  alertRulesDir?: string | null
}

/** MERIDIAN_ALERT_RULES_DIR, or null; a path that is not a directory stops the start. */
function parseAlertRulesDir(env: Env): string | null {
  const directory = envOptional(env, 'MERIDIAN_ALERT_RULES_DIR')
  if (directory === undefined) return null
  let isDirectory = false
  try {
    isDirectory = statSync(directory).isDirectory()
  } catch {}
  if (!isDirectory) throw new ConfigError(`MERIDIAN_ALERT_RULES_DIR: "${directory}" is not a directory`)
  return directory
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
    alertRulesDir: parseAlertRulesDir(env),
  }
}
