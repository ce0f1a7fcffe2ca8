import type { Store } from '../store.js'

/**
 * What the process running the AWS Cost Explorer sync tells about its schedule. The sync runs in
 * the collector and the status route in the server; neither imports the other, and in one process
 * (`pnpm start`) they share the store object, so the schedule is announced here, keyed by it.
 * A server in another process finds nothing and reports the runs from the store alone.
 */
export interface AwsSyncSchedule {
  /** cron expression, UTC */
  schedule: string
  nextRunAt(): Date | null
  running(): boolean
}

const schedules = new WeakMap<Store, AwsSyncSchedule>()

/** Announces the sync's schedule on `store`; the returned function withdraws it. */
export function announceAwsSyncSchedule(store: Store, schedule: AwsSyncSchedule): () => void {
  schedules.set(store, schedule)
  return () => {
    if (schedules.get(store) === schedule) schedules.delete(store)
  }
}

export function awsSyncSchedule(store: Store): AwsSyncSchedule | undefined {
  return schedules.get(store)
}
