import { MeridianError } from '@meridian/core'
import { monthRange } from '@meridian/core/api'

export const DAY_MS = 86_400_000
export const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS
export const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The month before `month` (YYYY-MM). */
export const previousMonth = (month: string) => new Date(monthRange(month).start - 1).toISOString().slice(0, 7)
/** The month after `month` (YYYY-MM). */
export const nextMonth = (month: string) => new Date(monthRange(month).end).toISOString().slice(0, 7)

export interface ReportPeriods {
  /** The month has ended by `now`. */
  complete: boolean
  /** The month's complete days: all of them, or those before today. [start, end), epoch ms. */
  period: { start: number; end: number }
  /** The month before: all of it, or as many days as `period` has. */
  previous: { start: number; end: number }
}

/**
 * What a report of `month` covers at `now`. Today is never included (its billing data is still
 * arriving), so a running month is reported to date and compared with as many days of the month
 * before; a month without a complete day yet is refused (422).
 */
export function reportPeriods(month: string, now: number): ReportPeriods {
  const { start, end: monthEnd } = monthRange(month)
  const today = startOfDay(now)
  const end = Math.min(monthEnd, today)
  if (end <= start) {
    throw new MeridianError(422, 'report_not_started', `month: ${month} has no complete day yet (today is ${dayText(today)}, UTC); its report can be made from ${dayText(start + DAY_MS)}`)
  }
  const previous = monthRange(previousMonth(month))
  const complete = end === monthEnd
  // A finished month against the whole month before (however long); a running one against the same days of it.
  return { complete, period: { start, end }, previous: { start: previous.start, end: complete ? previous.end : Math.min(previous.end, previous.start + (end - start)) } }
}
