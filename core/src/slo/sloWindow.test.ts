import { describe, expect, it } from 'vitest'
import { calendarMonth, DAY_MS, windowAt } from './sloWindow.js'

const iso = (t: number) => new Date(t).toISOString()

describe('SLO windows', () => {
  it('ends a rolling window where asked and starts it its length before', () => {
    const end = Date.UTC(2024, 10, 15, 13, 7)
    expect(windowAt({ kind: 'rolling', days: 28 }, end)).toEqual({ from: end - 28 * DAY_MS, to: end, periodMs: 28 * DAY_MS })
  })

  it('finds the calendar month in UTC, with its whole length as the period', () => {
    const w = windowAt({ kind: 'calendar', timeZone: 'UTC' }, Date.UTC(2024, 1, 10, 8))
    expect([iso(w.from), w.periodMs / DAY_MS]).toEqual(['2024-02-01T00:00:00.000Z', 29])
    // a window ending exactly at midnight on the 1st is the month before, whole
    const whole = windowAt({ kind: 'calendar', timeZone: 'UTC' }, Date.UTC(2024, 2, 1))
    expect([iso(whole.from), iso(whole.to)]).toEqual(['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'])
  })

  it('finds month starts in a time zone, across daylight saving time', () => {
    // New York: November starts in EDT (UTC−4), December in EST (UTC−5)
    expect(calendarMonth('America/New_York', Date.UTC(2024, 10, 15)).from).toBe(Date.UTC(2024, 10, 1, 4))
    expect(calendarMonth('America/New_York', Date.UTC(2024, 10, 15)).to).toBe(Date.UTC(2024, 11, 1, 5))
    // 1 November 02:00 UTC is still October in New York
    expect(iso(calendarMonth('America/New_York', Date.UTC(2024, 10, 1, 2)).from)).toBe('2024-10-01T04:00:00.000Z')
    // Kathmandu is UTC+05:45
    expect(iso(calendarMonth('Asia/Kathmandu', Date.UTC(2024, 5, 10)).from)).toBe('2024-05-31T18:15:00.000Z')
  })
})
