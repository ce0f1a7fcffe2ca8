import { describe, expect, it } from 'vitest'
import { sloFormattersFor } from './sloFormat'

describe('SLO figures', () => {
  const en = sloFormattersFor('en')
  const zh = sloFormattersFor('zh-CN')

  it('shows objectives and SLIs to three decimals, never rounded up to 100 %', () => {
    expect(en.ratio(0.995)).toBe('99.5%')
    expect(en.ratio(0.99912)).toBe('99.912%')
    expect(en.ratio(0.99999)).toBe('99.999%')
    expect(en.ratio(1)).toBe('100%')
    expect(zh.ratio(0.95)).toBe('95%')
  })

  it('burn rates as factors, small ones with two significant digits', () => {
    expect(en.burnRate(14.4)).toBe('14.4×')
    expect(en.burnRate(26.04)).toBe('26×')
    expect(en.burnRate(0.0314)).toBe('0.031×')
    expect(en.burnRate(0)).toBe('0×')
  })

  it('budget left with one decimal, negative when overspent', () => {
    expect(en.budgetPercent(62.345)).toBe('62.3%')
    expect(en.budgetPercent(-12.5)).toBe('-12.5%')
  })

  it('long durations in minutes, hours or days, in the locale', () => {
    expect(en.span(30 * 60_000)).toBe('30 minutes')
    expect(en.span(5 * 3_600_000)).toBe('5 hours')
    expect(en.span(3.5 * 86_400_000)).toBe('3.5 days')
    expect(zh.span(3.5 * 86_400_000)).toBe('3.5天')
  })
})
