/**
 * UTC days for a locale. Billing data is counted by UTC day (docs/finops.md), so cost pages
 * show days in UTC whatever the browser's time zone: a cost of "Sep 1" is the cost of the UTC
 * day Sep 1 everywhere.
 */
export interface DayFormatters {
  /** Sep 1, 2024 */
  day(epochMs: number): string
  /** Sep 1 */
  shortDay(epochMs: number): string
  /** September 2024 */
  month(epochMs: number): string
  /** Days [from, to): Sep 1 – 30, 2024 (the last day shown is the one before `to`). */
  range(fromMs: number, toExclusiveMs: number): string
}

const DAY_MS = 86_400_000
const cache = new Map<string, DayFormatters>()

export function dayFormattersFor(locale: string): DayFormatters {
  const cached = cache.get(locale)
  if (cached) return cached
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
  const shortDay = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' })
  const month = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' })
  const f: DayFormatters = {
    day: (t) => day.format(t),
    shortDay: (t) => shortDay.format(t),
    month: (t) => month.format(t),
    range: (from, to) => {
      const last = Math.max(from, to - DAY_MS)
      return last === from ? day.format(from) : day.formatRange(from, last)
    },
  }
  cache.set(locale, f)
  return f
}

/** `YYYY-MM-DD` (UTC) ↔ epoch ms of its midnight. */
export const isoDay = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10)
export const parseIsoDay = (day: string) => Date.parse(`${day}T00:00:00Z`)
