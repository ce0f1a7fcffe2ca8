/**
 * The days cost pages show. Billing data is daily (UTC), so cost pages read the app's time range
 * widened to whole UTC days, and offer ranges of days (month to date, last month, …) that the
 * telemetry picker's last-15-minutes-to-7-days does not.
 */

const DAY = 86_400_000

export const COST_PRESETS = ['mtd', 'lastMonth', '30d', '90d', '12m'] as const
export type CostPreset = (typeof COST_PRESETS)[number]

export const floorDay = (ms: number) => Math.floor(ms / DAY) * DAY
export const ceilDay = (ms: number) => Math.ceil(ms / DAY) * DAY

/** A preset's days [from, to), as of `now`; ranges ending today include today. */
export function presetRange(preset: CostPreset, now: number): { from: number; to: number } {
  const d = new Date(now)
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()]
  const tomorrow = floorDay(now) + DAY
  switch (preset) {
    case 'mtd':
      return { from: Date.UTC(y, m, 1), to: tomorrow }
    case 'lastMonth':
      return { from: Date.UTC(y, m - 1, 1), to: Date.UTC(y, m, 1) }
    case '30d':
      return { from: tomorrow - 30 * DAY, to: tomorrow }
    case '90d':
      return { from: tomorrow - 90 * DAY, to: tomorrow }
    case '12m':
      return { from: Date.UTC(y, m - 11, 1), to: tomorrow }
  }
}

/** The preset a range is, as of `now` (to mark it as chosen). */
export function presetOf(from: number, to: number, now: number): CostPreset | undefined {
  return COST_PRESETS.find((p) => {
    const r = presetRange(p, now)
    return r.from === from && r.to === to
  })
}

/** A range widened to whole UTC days, as the cost API reads it. */
export function wholeDays(from: number, to: number): { from: number; to: number } {
  const start = floorDay(from)
  return { from: start, to: Math.max(ceilDay(to), start + DAY) }
}

/** The month (`YYYY-MM`, UTC) holding a billing period's start (`2024-09-01 00:00:00`) → its days. */
export function monthDays(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number)
  return { from: Date.UTC(y, m - 1, 1), to: Date.UTC(y, m, 1) }
}
