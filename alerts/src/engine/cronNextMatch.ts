import { createTask, parse } from 'node-cron'

/** How far ahead a schedule is searched before it is taken to never match again. */
const SEARCH_DAYS = 400

/**
 * The first time after `after` (epoch ms) that a node-cron expression matches, by node-cron's own
 * matcher (so simulated schedules fire exactly when real ones would), or null when none within
 * 400 days. node-cron only gives the next run from the wall clock, so this walks minutes and
 * asks the matcher about the minute's allowed seconds.
 */
export function cronNextMatch(expression: string, after: number): number | null {
  const seconds = [...parse(expression).second].sort((a, b) => a - b)
  const task = createTask(expression, () => {})
  try {
    const minute = Math.floor(after / 60_000) * 60_000
    const end = after + SEARCH_DAYS * 86_400_000
    for (let m = minute; m <= end; m += 60_000) {
      for (const s of seconds) {
        const at = m + s * 1000
        if (at > after && task.match(new Date(at))) return at
      }
    }
    return null
  } finally {
    void task.destroy()
  }
}
