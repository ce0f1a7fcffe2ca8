import type { Logger, Store } from '@meridian/core'
import { schedule } from 'node-cron'
import type { AlertsConfig } from './config.js'

/** A rule the engine evaluates; rule files and the API fill this in a later issue. */
export interface Rule {
  name: string
  evaluate(store: Store): Promise<void>
}

export interface RunningAlerts {
  /** Runs one evaluation of every rule now (what the schedule does on each tick). */
  evaluateOnce(): Promise<number>
  stop(): Promise<void>
}

/** Evaluates the rules on a node-cron schedule, one evaluation at a time. */
export function startAlerts(store: Store, config: AlertsConfig, rules: Rule[] = [], logger?: Logger): RunningAlerts {
  let running: Promise<number> | undefined
  const evaluateOnce = async () => {
    for (const rule of rules) {
      try {
        await rule.evaluate(store)
      } catch (err) {
        logger?.error({ err, rule: rule.name }, 'rule evaluation failed')
      }
    }
    return rules.length
  }
  const task = schedule(config.evaluationSchedule, async () => {
    if (running) return
    running = evaluateOnce()
    await running.finally(() => {
      running = undefined
    })
  })
  logger?.info({ rules: rules.length, schedule: config.evaluationSchedule }, 'alerts engine started')
  return {
    evaluateOnce,
    async stop() {
      await task.stop()
      await running
    },
  }
}
