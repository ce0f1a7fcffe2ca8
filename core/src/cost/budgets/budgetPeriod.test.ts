import { describe, expect, it } from 'vitest'
import { budgetPeriodOf } from './budgetPeriod.js'

const at = Date.UTC(2024, 10, 15, 13, 30) // 15 November 2024
const days = (p: { start: number; end: number }) => [new Date(p.start).toISOString().slice(0, 10), new Date(p.end).toISOString().slice(0, 10)]

describe('budgetPeriodOf', () => {
  it('finds the calendar month, quarter and year (UTC) holding a moment', () => {
    expect(days(budgetPeriodOf('month', at))).toEqual(['2024-11-01', '2024-12-01'])
    expect(days(budgetPeriodOf('quarter', at))).toEqual(['2024-10-01', '2025-01-01'])
    expect(days(budgetPeriodOf('year', at))).toEqual(['2024-01-01', '2025-01-01'])
  })

  it('puts each boundary in the period it starts', () => {
    expect(days(budgetPeriodOf('month', Date.UTC(2024, 11, 1)))).toEqual(['2024-12-01', '2025-01-01'])
    expect(days(budgetPeriodOf('month', Date.UTC(2024, 11, 1) - 1))).toEqual(['2024-11-01', '2024-12-01'])
    expect(days(budgetPeriodOf('quarter', Date.UTC(2024, 2, 31, 23, 59)))).toEqual(['2024-01-01', '2024-04-01'])
    expect(days(budgetPeriodOf('quarter', Date.UTC(2024, 3, 1)))).toEqual(['2024-04-01', '2024-07-01'])
  })
})
