import type { DeliveryClock } from '../deliveryClock.js'

/** A clock for tests: sleeping moves simulated time on at once and is recorded, so waits can be checked without waiting. */
export interface FakeClock extends DeliveryClock {
  /** Every sleep asked for, in ms, in order. */
  sleeps: number[]
}

export function fakeClock(start = Date.UTC(2025, 0, 1)): FakeClock {
  let now = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason
      sleeps.push(ms)
      now += ms
    },
  }
}
