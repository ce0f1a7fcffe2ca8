import { describe, expect, it } from 'vitest'
import { dayFormattersFor, isoDay, parseIsoDay } from './dayFormat'

describe('UTC days', () => {
  const en = dayFormattersFor('en')
  const zh = dayFormattersFor('zh-CN')
  const sep1 = Date.UTC(2024, 8, 1)
  const oct1 = Date.UTC(2024, 9, 1)

  it('formats a day in UTC, whatever the time zone', () => {
    expect(en.day(sep1)).toBe('Sep 1, 2024')
    expect(en.day(oct1 - 1)).toBe('Sep 30, 2024')
    expect(zh.day(sep1)).toBe('2024年9月1日')
    expect(en.month(sep1)).toBe('September 2024')
    expect(zh.month(sep1)).toBe('2024年9月')
  })

  it('shows a range of days up to the one before its exclusive end', () => {
    expect(en.range(sep1, oct1)).toBe('Sep 1\u2009–\u200930, 2024')
    expect(en.range(sep1, sep1 + 86_400_000)).toBe('Sep 1, 2024')
    expect(zh.range(sep1, oct1)).toMatch(/^2024\D+9\D+1\D.*30/)
  })

  it('converts YYYY-MM-DD both ways', () => {
    expect(isoDay(sep1)).toBe('2024-09-01')
    expect(parseIsoDay('2024-09-01')).toBe(sep1)
  })
})
