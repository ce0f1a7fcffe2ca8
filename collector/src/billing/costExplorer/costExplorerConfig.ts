import { ConfigError, type Env, envBool, envInt, envOptional, envString } from '@meridian/core'
import { validateDetailed } from 'node-cron'

/** The AWS Cost Explorer sync's settings (docs/billing-aws.md). */
export interface CostExplorerConfig {
  /** MERIDIAN_AWS_CE_SYNC: off by default, as every request costs the account $0.01. */
  enabled: boolean
  /** node-cron expression, evaluated in UTC. */
  schedule: string
  /** How many whole months before the current one the first run fetches. */
  backfillMonths: number
  /** Group by this cost allocation tag instead of LINKED_ACCOUNT. */
  tagKey?: string
  region: string
  /** Another endpoint than AWS's (a proxy, or a local one in tests). */
  endpoint?: string
  /** FOCUS BillingAccountId of the rows; Cost Explorer does not tell it. */
  billingAccountId: string
}

export const DEFAULT_CE_SCHEDULE = '0 6 * * *'

// Cost allocation tag keys: up to 128 Unicode letters, digits, spaces and _ . : / = + - @
const TAG_KEY = /^[\p{L}\p{N} _.:/=+\-@]{1,128}$/u

export function parseCostExplorerConfig(env: Env = process.env): CostExplorerConfig {
  const schedule = envString(env, 'MERIDIAN_AWS_CE_SCHEDULE', DEFAULT_CE_SCHEDULE)
  const checked = validateDetailed(schedule)
  if (!checked.valid) {
    const why = checked.errors.map((e) => `${e.field}: ${e.message}`).join('; ')
    throw new ConfigError(`MERIDIAN_AWS_CE_SCHEDULE must be a cron expression such as "${DEFAULT_CE_SCHEDULE}" (daily at 06:00 UTC), got "${schedule}"${why ? ` (${why})` : ''}`)
  }
  const tagKey = envOptional(env, 'MERIDIAN_AWS_CE_TAG_KEY')
  if (tagKey !== undefined && !TAG_KEY.test(tagKey)) {
    throw new ConfigError(`MERIDIAN_AWS_CE_TAG_KEY must be a cost allocation tag key (1-128 letters, digits, spaces and _ . : / = + - @), got "${tagKey}"`)
  }
  const endpoint = envOptional(env, 'MERIDIAN_AWS_CE_ENDPOINT')
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    throw new ConfigError(`MERIDIAN_AWS_CE_ENDPOINT must be an http:// or https:// URL, got "${endpoint}"`)
  }
  const region = envString(env, 'MERIDIAN_AWS_CE_REGION', 'us-east-1')
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new ConfigError(`MERIDIAN_AWS_CE_REGION must be an AWS region such as us-east-1, got "${region}"`)
  }
  const billingAccountId = envString(env, 'MERIDIAN_AWS_CE_BILLING_ACCOUNT_ID', '')
  if (billingAccountId !== '' && !/^\d{12}$/.test(billingAccountId)) {
    throw new ConfigError(`MERIDIAN_AWS_CE_BILLING_ACCOUNT_ID must be a 12-digit AWS account id, got "${billingAccountId}"`)
  }
  return {
    enabled: envBool(env, 'MERIDIAN_AWS_CE_SYNC', false),
    schedule,
    // Cost Explorer keeps 13 months of history besides the current month.
    backfillMonths: envInt(env, 'MERIDIAN_AWS_CE_BACKFILL_MONTHS', 3, { min: 0, max: 13 }),
    tagKey,
    region,
    endpoint,
    billingAccountId,
  }
}
