import { describe, expect, it } from 'vitest'
import { burnRateAlerts, pairFires } from './burnRateAlerts.js'

describe('burnRateAlerts', () => {
  it("gives the SRE Workbook's pairs and factors for 30 days", () => {
    expect(burnRateAlerts({ window: { kind: 'rolling', days: 30 } })).toEqual([
      { severity: 'page', long: '1h', short: '5m', budgetShare: 0.02, factor: 14.4 },
      { severity: 'page', long: '6h', short: '30m', budgetShare: 0.05, factor: 6 },
      { severity: 'ticket', long: '1d', short: '2h', budgetShare: 0.1, factor: 3 },
      { severity: 'ticket', long: '3d', short: '6h', budgetShare: 0.1, factor: 1 },
    ])
  })

  it('derives the factors from the period: share × period ÷ long window', () => {
    const factors = (days: number) => burnRateAlerts({ window: { kind: 'rolling', days } }).map((p) => p.factor)
    // 28 days = 672 h: 0.02 × 672 / 1, 0.05 × 672 / 6, 0.1 × 28 / 1, 0.1 × 28 / 3
    expect(factors(28)).toEqual([13.44, 5.6, 2.8, 0.933333333])
    expect(factors(7)).toEqual([3.36, 1.4, 0.7, 0.233333333])
    // a calendar month counts as 30 days, whatever its length
    expect(burnRateAlerts({ window: { kind: 'calendar', timeZone: 'UTC' } }).map((p) => p.factor)).toEqual([14.4, 6, 3, 1])
  })

  it('fires only when both windows burn faster than the factor', () => {
    const [page] = burnRateAlerts({ window: { kind: 'rolling', days: 30 } })
    expect(pairFires(page, 15, 20)).toBe(true)
    expect(pairFires(page, 14.4, 20)).toBe(false)
    expect(pairFires(page, 20, 14)).toBe(false)
    expect(pairFires(page, 20, null)).toBe(false)
  })
})
