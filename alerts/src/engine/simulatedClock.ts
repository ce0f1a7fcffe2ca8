import { AsyncLocalStorage } from 'node:async_hooks'
import type { Clock, TimerCallback, TimerHandle } from './clock.js'
import { cronNextMatch } from './cronNextMatch.js'

interface SimTimer {
  at: number
  seq: number
  fn: () => void
  /** A sleep wakes the task that sleeps; a timer starts a new task. */
  kind: 'timer' | 'sleep'
}

/** A timer callback in progress; `sleeping` counts the clock sleeps it waits on. */
interface Task {
  sleeping: number
}

/**
 * Simulated time for tests. Time moves only through advance()/advanceTo(); due timers then fire
 * in time order (ties in the order they were set), each callback running as a task. Before the
 * next timer fires, the clock waits until every running task has finished or is asleep on this
 * clock: real I/O (the engine's queries, HTTP to a local receiver) completes, while a retry that
 * sleeps 30 s sleeps 30 simulated seconds. Which task sleeps is known through AsyncLocalStorage.
 * A callback's error is kept and thrown by the advance that ran it.
 */
export class SimulatedClock implements Clock {
  private time: number
  private seq = 0
  private timers: SimTimer[] = []
  private readonly tasks = new Set<Task>()
  private readonly current = new AsyncLocalStorage<Task>()
  private waiters: (() => void)[] = []
  private errors: unknown[] = []

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimer(ms: number, fn: TimerCallback): TimerHandle {
    const timer = this.add(this.time + Math.max(0, ms), 'timer', () => this.run(fn))
    return { cancel: () => this.remove(timer) }
  }

  cron(expression: string, fn: TimerCallback): TimerHandle {
    let handle: TimerHandle | undefined
    let cancelled = false
    const plan = (after: number) => {
      const next = cronNextMatch(expression, after)
      if (next === null || cancelled) return
      handle = this.setTimer(next - this.time, async () => {
        plan(next)
        await fn()
      })
    }
    plan(this.time)
    return {
      cancel: () => {
        cancelled = true
        handle?.cancel()
      },
    }
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const task = this.current.getStore()
      if (task) {
        task.sleeping++
        this.changed()
      }
      const wake = () => {
        if (task) task.sleeping--
        signal?.removeEventListener('abort', onAbort)
        this.changed()
      }
      const timer = this.add(this.time + Math.max(0, ms), 'sleep', () => {
        wake()
        resolve()
      })
      const onAbort = () => {
        this.remove(timer)
        wake()
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Moves time on by `ms`, firing every timer due on the way. */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.time + ms)
  }

  /** Moves time on to `target` (never back), firing every timer due on the way. */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      await this.idle()
      const next = this.timers[0]
      if (!next || next.at > target) break
      this.timers.shift()
      this.time = Math.max(this.time, next.at)
      next.fn()
    }
    this.time = Math.max(this.time, target)
    const [error] = this.errors
    this.errors = []
    if (error !== undefined) throw error
  }

  /** Runs what is due now and waits for it (advance by 0). */
  settle(): Promise<void> {
    return this.advanceTo(this.time)
  }

  /** Timers still set (sleeps included), for tests that check nothing is left behind. */
  pendingTimers(): number {
    return this.timers.length
  }

  private add(at: number, kind: SimTimer['kind'], fn: () => void): SimTimer {
    const timer: SimTimer = { at, seq: this.seq++, fn, kind }
    const i = this.timers.findIndex((t) => t.at > at)
    this.timers.splice(i < 0 ? this.timers.length : i, 0, timer)
    return timer
  }

  private remove(timer: SimTimer): void {
    const i = this.timers.indexOf(timer)
    if (i >= 0) this.timers.splice(i, 1)
  }

  private run(fn: TimerCallback): void {
    const task: Task = { sleeping: 0 }
    this.tasks.add(task)
    this.current
      .run(task, () => Promise.resolve().then(fn))
      .catch((err: unknown) => void this.errors.push(err))
      .finally(() => {
        this.tasks.delete(task)
        this.changed()
      })
  }

  /** Until every task has finished or sleeps on this clock. */
  private async idle(): Promise<void> {
    while ([...this.tasks].some((t) => t.sleeping === 0)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  private changed(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}
