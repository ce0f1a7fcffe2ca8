import { schedule } from 'node-cron'
import type { DeliveryClock } from '../delivery/deliveryClock.js'
import { systemClock } from '../delivery/deliveryClock.js'

/** A timer or schedule set on a clock; cancelling twice is harmless. */
export interface TimerHandle {
  cancel(): void
}

/** What a timer runs. It handles its own errors: a rejection is a bug in the caller. */
export type TimerCallback = () => void | Promise<void>

/**
 * Time as the alert engine sees it: now, one-off timers, node-cron schedules and sleeps (the
 * deliveries' retries). Everything in the engine takes its time from here, so tests run it on
 * a SimulatedClock and walk through hours of rule evaluations and notifications in milliseconds.
 */
export interface Clock extends DeliveryClock {
  setTimer(ms: number, fn: TimerCallback): TimerHandle
  /** Runs `fn` at every time the node-cron expression matches (6 fields with seconds, or 5). */
  cron(expression: string, fn: TimerCallback): TimerHandle
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1

/** Wall-clock time: setTimeout, and node-cron for schedules (a run still going when the next is due is skipped). */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: systemClock.sleep,
  setTimer(ms, fn) {
    // setTimeout fires at once beyond 2^31-1 ms (24.8 days): wait in steps
    const due = Date.now() + Math.max(0, ms)
    let timer: NodeJS.Timeout
    const arm = () => {
      const left = due - Date.now()
      timer = setTimeout(() => (left > MAX_TIMEOUT_MS ? arm() : void fn()), Math.min(Math.max(0, left), MAX_TIMEOUT_MS))
    }
    arm()
    return { cancel: () => clearTimeout(timer) }
  },
  cron(expression, fn) {
    const task = schedule(expression, () => fn(), { noOverlap: true })
    return { cancel: () => void task.destroy() }
  },
}
