import { describe, expect, it } from 'vitest'
import { lastMonth, shiftMonth } from './reportMonths'

describe('report months', () => {
  it('defaults to the last complete month', () => {
    expect(lastMonth(Date.UTC(2026, 10, 28, 18))).toBe('2026-10')
    expect(lastMonth(Date.UTC(2027, 0, 1))).toBe('2026-12')
  })

  it('steps a month back and forth across years', () => {
    expect(shiftMonth('2024-01', -1)).toBe('2023-12')
    expect(shiftMonth('2024-12', 1)).toBe('2025-01')
    expect(shiftMonth('2024-09', 0)).toBe('2024-09')
  })
})
