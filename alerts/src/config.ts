import { type Env, envString } from '@meridian/core'
import { validate } from 'node-cron'
import { ConfigError } from '@meridian/core'
import { type NotificationSettings, parseNotificationSettings } from './delivery/notificationSettings.js'
import { parseReportSettings, type ReportSettings } from './reports/reportSettings.js'

export interface AlertsConfig {
  /** node-cron expression for rule evaluation. */
  evaluationSchedule: string
  /** Where notifications can go (Slack, e-mail, webhook): docs/notifications.md. */
  notifications: NotificationSettings
  /** The scheduled finance reports; absent when no destination is configured (docs/reports.md). */
  reports?: ReportSettings
}

export function parseAlertsConfig(env: Env = process.env): AlertsConfig {
  const evaluationSchedule = envString(env, 'MERIDIAN_ALERTS_SCHEDULE', '*/30 * * * * *')
  if (!validate(evaluationSchedule)) {
    throw new ConfigError(`MERIDIAN_ALERTS_SCHEDULE must be a cron expression such as "*/30 * * * * *", got "${evaluationSchedule}"`)
  }
  const notifications = parseNotificationSettings(env)
  return { evaluationSchedule, notifications, reports: parseReportSettings(env, notifications) }
}
