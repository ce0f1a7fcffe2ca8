import { describe, expect, it } from 'vitest'
import { monthDays, presetOf, presetRange, wholeDays } from './costRange'

const now = Date.UTC(2026, 10, 28, 18, 25) // Nov 28, 2026, 18:25 UTC
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d)

describe('cost ranges', () => {
  it('gives each preset its UTC days, today included', () => {
    expect(presetRange('mtd', now)).toEqual({ from: day(2026, 11, 1), to: day(2026, 11, 29) })
    expect(presetRange('lastMonth', now)).toEqual({ from: day(2026, 10, 1), to: day(2026, 11, 1) })
    expect(presetRange('30d', now)).toEqual({ from: day(2026, 10, 30), to: day(2026, 11, 29) })
    expect(presetRange('12m', now)).toEqual({ from: day(2025, 12, 1), to: day(2026, 11, 29) })
    // January's last month is December of the year before
    expect(presetRange('lastMonth', Date.UTC(2027, 0, 5))).toEqual({ from: day(2026, 12, 1), to: day(2027, 1, 1) })
  })

  it('tells which preset a range is', () => {
    const r = presetRange('90d', now)
    expect(presetOf(r.from, r.to, now)).toBe('90d')
    expect(presetOf(r.from + 1, r.to, now)).toBeUndefined()
  })

  it('widens a range to whole days, at least one', () => {
    expect(wholeDays(now - 3_600_000, now)).toEqual({ from: day(2026, 11, 28), to: day(2026, 11, 29) })
    expect(wholeDays(day(2024, 9, 1), day(2024, 10, 1))).toEqual({ from: day(2024, 9, 1), to: day(2024, 10, 1) })
    expect(wholeDays(day(2024, 9, 1), day(2024, 9, 1))).toEqual({ from: day(2024, 9, 1), to: day(2024, 9, 2) })
  })

  it('gives a month its days', () => {
    expect(monthDays('2024-09')).toEqual({ from: day(2024, 9, 1), to: day(2024, 10, 1) })
    expect(monthDays('2024-12')).toEqual({ from: day(2024, 12, 1), to: day(2025, 1, 1) })
  })
})
