import type { Logger, Store } from '@meridian/core'
import type { AlertsConfig } from './config.js'
import type { AlertRule } from './engine/alertRule.js'
import { AlertEngine, type AlertEngineOptions } from './engine/alertEngine.js'
import type { Clock } from './engine/clock.js'
import { defaultNotificationPolicy } from './engine/defaultNotificationPolicy.js'
import type { NotificationPolicy } from './engine/notificationPolicy.js'

export interface RunningAlerts {
  /** Settles once the stored state is loaded and the schedules run; rejects when the rules, the policy or the store are unusable. */
  ready: Promise<AlertEngine>
  /** Runs one evaluation of every rule now (what the schedules do); the number of rules. */
  evaluateOnce(): Promise<number>
  /** Runs another rule set (AlertEngine.replaceRules); waits for the engine to be ready first. */
  replaceRules(rules: AlertRule[]): Promise<void>
  stop(): Promise<void>
}

export interface StartAlertsOptions extends Partial<Pick<AlertEngineOptions, 'evaluationTimeoutMs' | 'concurrency' | 'silenceRefreshMs' | 'forOutageToleranceMs'>> {
  /** Routing, receivers and inhibition; default: defaultNotificationPolicy(config.notifications). */
  policy?: NotificationPolicy
  clock?: Clock
}

/**
 * Starts the alert engine (alerts/src/engine, docs/alerting.md) on the store: the rules run on
 * their own intervals or MERIDIAN_ALERTS_SCHEDULE, alerts go to the notification policy. The
 * engine loads its stored state first; `ready` says when it has (or why it could not: the
 * failure is logged too). Rules come from their sources (files, the API, SLOs) in later work.
 */
export function startAlerts(store: Store, config: AlertsConfig, rules: AlertRule[] = [], logger?: Logger, options: StartAlertsOptions = {}): RunningAlerts {
  const { policy, ...rest } = options
  const ready = AlertEngine.start({
    ...rest,
    store,
    rules,
    policy: policy ?? defaultNotificationPolicy(config.notifications),
    defaultSchedule: config.evaluationSchedule,
    logger,
  })
  ready.catch((err: unknown) => logger?.error({ err }, 'the alert engine could not start'))
  return {
    ready,
    evaluateOnce: async () => (await ready).evaluateAll(),
    replaceRules: async (next) => (await ready).replaceRules(next),
    async stop() {
      const engine = await ready.catch(() => undefined)
      await engine?.stop()
    },
  }
}
