import { type Env, envString } from '@meridian/core'
import { validate } from 'node-cron'
import { ConfigError } from '@meridian/core'

export interface AlertsConfig {
  /** node-cron expression for rule evaluation. */
  evaluationSchedule: string
}

export function parseAlertsConfig(env: Env = process.env): AlertsConfig {
  const evaluationSchedule = envString(env, 'MERIDIAN_ALERTS_SCHEDULE', '*/30 * * * * *')
  if (!validate(evaluationSchedule)) {
    throw new ConfigError(`MERIDIAN_ALERTS_SCHEDULE must be a cron expression such as "*/30 * * * * *", got "${evaluationSchedule}"`)
  }
  return { evaluationSchedule }
}
