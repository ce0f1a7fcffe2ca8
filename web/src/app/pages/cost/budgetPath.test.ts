import { describe, expect, it } from 'vitest'
import { budgetPath } from './budgetPath'

const day = (d: number) => Date.UTC(2024, 8, d)

describe('a budget period day by day', () => {
  // September has 30 days; costs of 2 a day on the 1st to the 10th, data complete through the 9th
  const daily = new Map(Array.from({ length: 10 }, (_, i) => [day(i + 1), 2]))
  const input = { start: day(1), end: Date.UTC(2024, 9, 1), daily, actualUntil: day(11), dataThrough: day(9), forecast: { point: 60, low: 40, high: 78 } }

  it('sums the actual cost up to the last day with data', () => {
    const path = budgetPath(input)
    expect(path.days).toHaveLength(30)
    expect(path.actual.slice(0, 10)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20])
    expect(path.actual.slice(10).every((v) => v === null)).toBe(true)
  })

  it('draws the forecast from the last complete day to the API figures at the end', () => {
    const path = budgetPath(input)
    expect(path.forecast.slice(0, 8).every((v) => v === null)).toBe(true)
    // from 18 (the 9th's cumulative) to 60 on the 30th, straight
    expect(path.forecast[8]).toBe(18)
    expect(path.forecast[29]).toBe(60)
    expect(path.forecast[19]).toBeCloseTo(18 + (42 * 11) / 21)
    expect(path.low[8]).toBe(18)
    expect(path.low[29]).toBe(40)
    expect(path.high[29]).toBe(78)
  })

  it('has no forecast without one, or when its start is outside the period', () => {
    expect(budgetPath({ ...input, forecast: null }).forecast.every((v) => v === null)).toBe(true)
    expect(budgetPath({ ...input, dataThrough: Date.UTC(2024, 7, 31) }).forecast.every((v) => v === null)).toBe(true)
  })

  it('ends on the forecast when the last complete day is the last of the period', () => {
    const path = budgetPath({ ...input, dataThrough: day(30), actualUntil: Date.UTC(2024, 9, 1), forecast: { point: 20, low: 20, high: 20 } })
    expect(path.forecast.filter((v) => v !== null)).toEqual([20])
  })
})
