import {
  type AllocationSettings,
  ConfigError,
  type CurrencySettings,
  type Env,
  envOptional,
  type LlmPriceTable,
  parseAllocationSettings,
  parseCurrencySettings,
  parseLlmPrices,
} from '@meridian/core'
import { COST_METRICS, type CostMetric } from '@meridian/core/api'
import { validateDetailed } from 'node-cron'
import { parseAddresses } from '../delivery/emailAddresses.js'
import { httpUrl, type NotificationSettings } from '../delivery/notificationSettings.js'
import type { ReportDestinations } from './deliverFinanceReport.js'

/** 09:00 UTC on the 1st: the month before, once its last day is in. */
export const DEFAULT_MONTHLY_SCHEDULE = '0 9 1 * *'

export interface ReportSettings {
  /** node-cron expression (UTC) of the monthly report of the month before; null: off. */
  monthlySchedule: string | null
  /** node-cron expression (UTC) of the month-to-date report; null: off (the default). */
  weeklySchedule: string | null
  destinations: ReportDestinations
  metric: CostMetric
  currency: CurrencySettings
  allocation: AllocationSettings
  llmPrices: LlmPriceTable
}

/** A cron expression setting: `off` turns it off; an invalid one is refused with node-cron's reason. */
function schedule(env: Env, variable: string, fallback: string | null): string | null {
  const text = envOptional(env, variable)?.trim() ?? fallback
  if (text === null || text === 'off') return null
  const check = validateDetailed(text)
  if (!check.valid) {
    const why = check.errors.map((e) => `${e.field}: ${e.message}`).join('; ')
    throw new ConfigError(`${variable} must be a cron expression such as "${DEFAULT_MONTHLY_SCHEDULE}" (minute hour day-of-month month day-of-week, UTC) or "off", got "${text}"${why ? ` (${why})` : ''}`)
  }
  return text
}

/**
 * The scheduled finance reports (docs/reports.md): MERIDIAN_REPORT_SCHEDULE (default 09:00 UTC on
 * the 1st), MERIDIAN_REPORT_WEEKLY_SCHEDULE (month to date, off by default), where they go
 * (MERIDIAN_REPORT_SLACK_WEBHOOK_URL, else MERIDIAN_SLACK_WEBHOOK_URL; MERIDIAN_REPORT_EMAIL_TO with
 * the SMTP settings), MERIDIAN_REPORT_METRIC (EffectiveCost), and the cost settings the reports
 * are computed with (currency, allocation rules, LLM prices: the server's variables). Undefined
 * when no destination is set: then nothing is scheduled.
 */
export function parseReportSettings(env: Env, notifications: NotificationSettings): ReportSettings | undefined {
  const monthlySchedule = schedule(env, 'MERIDIAN_REPORT_SCHEDULE', DEFAULT_MONTHLY_SCHEDULE)
  const weeklySchedule = schedule(env, 'MERIDIAN_REPORT_WEEKLY_SCHEDULE', null)
  const metricText = envOptional(env, 'MERIDIAN_REPORT_METRIC') ?? 'EffectiveCost'
  if (!(COST_METRICS as readonly string[]).includes(metricText)) throw new ConfigError(`MERIDIAN_REPORT_METRIC must be one of ${COST_METRICS.join(', ')}, got "${metricText}"`)
  const slackWebhookUrl = httpUrl(env, 'MERIDIAN_REPORT_SLACK_WEBHOOK_URL') ?? notifications.slackWebhookUrl
  const toText = envOptional(env, 'MERIDIAN_REPORT_EMAIL_TO')
  const to = toText ? parseAddresses(toText, 'MERIDIAN_REPORT_EMAIL_TO') : []
  if (to.length > 0 && !notifications.email) throw new ConfigError('MERIDIAN_REPORT_EMAIL_TO is set but no SMTP server is: set MERIDIAN_SMTP_URL (or MERIDIAN_SMTP_HOST) and MERIDIAN_MAIL_FROM')
  if (!slackWebhookUrl && to.length === 0) return undefined
  return {
    monthlySchedule,
    weeklySchedule,
    destinations: {
      slackWebhookUrl,
      email: notifications.email && to.length > 0 ? { settings: notifications.email, to } : undefined,
      publicUrl: notifications.publicUrl,
    },
    metric: metricText as CostMetric,
    currency: parseCurrencySettings(env),
    allocation: parseAllocationSettings(env),
    llmPrices: parseLlmPrices(env),
  }
}
