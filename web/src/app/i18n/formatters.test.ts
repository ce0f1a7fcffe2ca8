import { describe, expect, it } from 'vitest'
import { formattersFor } from './formatters'

describe('formatters', () => {
  const en = formattersFor('en')
  const zh = formattersFor('zh-CN')

  it('formats durations in the unit that reads best, for the locale', () => {
    expect(en.duration(0.25)).toBe('250 μs')
    expect(en.duration(12.345)).toBe('12.3 ms')
    expect(en.duration(1500)).toBe('1.5 sec')
    expect(en.duration(90_000)).toBe('1.5 min')
    expect(zh.duration(250)).toBe('250毫秒')
    expect(zh.duration(1500)).toBe('1.5秒')
  })

  it('formats fractions as percentages and changes with a sign', () => {
    expect(en.percent(0.25)).toBe('25%')
    expect(en.percent(0.0123)).toBe('1.23%')
    expect(en.signedPercent(0.123)).toBe('+12.3%')
    expect(en.signedPercent(-0.05)).toBe('-5%')
  })

  it('formats dates in the locale', () => {
    const t = Date.UTC(2026, 0, 2, 12, 4, 5, 6) // Jan 2 in every time zone
    expect(en.preciseTime(t)).toMatch(/Jan 2/)
    expect(zh.preciseTime(t)).toMatch(/1月2日/)
  })
})
