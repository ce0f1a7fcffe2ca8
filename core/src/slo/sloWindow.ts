import type { SloWindow } from './slo.js'

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

/** How far `t` is ahead of UTC in `timeZone` at that moment (ms). */
function zoneOffset(timeZone: string, t: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(t))
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(t / 1000) * 1000
}

/** The moment a local wall-clock time (given as if UTC) happens in `timeZone`. */
function localToUtc(timeZone: string, wall: number): number {
  const first = wall - zoneOffset(timeZone, wall)
  return wall - zoneOffset(timeZone, first)
}

/** The calendar month (in `timeZone`) holding `t`: [start, end). */
export function calendarMonth(timeZone: string, t: number): { from: number; to: number } {
  const local = new Date(t + zoneOffset(timeZone, t))
  const year = local.getUTCFullYear()
  const month = local.getUTCMonth()
  return { from: localToUtc(timeZone, Date.UTC(year, month, 1)), to: localToUtc(timeZone, Date.UTC(year, month + 1, 1)) }
}

/** The SLO's window ending at `end`: what counts now, and the whole period the budget is for. */
export function windowAt(window: SloWindow, end: number): { from: number; to: number; periodMs: number } {
  if (window.kind === 'rolling') return { from: end - window.days * DAY_MS, to: end, periodMs: window.days * DAY_MS }
  // a window ending exactly at a month's start is the whole month before it
  const month = calendarMonth(window.timeZone, end - 1)
  return { from: month.from, to: end, periodMs: month.to - month.from }
}

/**
 * The period burn-rate alert factors are derived from: the rolling window, or 30 days for a
 * calendar month (so the factors do not change from month to month).
 */
export const nominalPeriodMs = (window: SloWindow) => (window.kind === 'rolling' ? window.days : 30) * DAY_MS

export const windowDuration = (window: SloWindow) => (window.kind === 'rolling' ? `${window.days}d` : '1M')
