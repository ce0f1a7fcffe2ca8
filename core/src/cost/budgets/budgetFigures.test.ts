import { describe, expect, it } from 'vitest'
import type { BudgetThreshold } from '../../api/cost.js'
import { parseScaled } from '../currency/scaledAmount.js'
import { DAY_MS } from '../explorer/costBuckets.js'
import { budgetFigures, forecastWindow } from './budgetFigures.js'
import { budgetPeriodOf } from './budgetPeriod.js'

const day = (m: number, d: number) => Date.UTC(2024, m - 1, d)
const THRESHOLDS: BudgetThreshold[] = [
  { percent: 80, basis: 'actual' },
  { percent: 100, basis: 'forecast' },
]

/** 10 a day from 1 October through `last`, plus `partial` on the day after (a day still filling). */
function constantCosts(last: number, partial = 0) {
  const daily = new Map<number, bigint>()
  for (let d = day(10, 1); d <= last; d += DAY_MS) daily.set(d, parseScaled('10'))
  if (partial) daily.set(last + DAY_MS, parseScaled(String(partial)))
  return daily
}

function figures(amount: number, at: number, daily: Map<number, bigint>) {
  const first = Math.min(...daily.keys())
  const last = Math.max(...daily.keys())
  const window = forecastWindow(at, daily.size ? { first, last } : null)
  return { window, ...budgetFigures({ amount, thresholds: THRESHOLDS, at, period: budgetPeriodOf('month', at), daily, window }) }
}

describe('forecastWindow', () => {
  const at = day(11, 16) + 12 * 3_600_000
  it('ends on the last day with data, never today, and fits on the 28 days before', () => {
    expect(forecastWindow(at, { first: day(10, 1), last: day(11, 16) })).toEqual({ dataThrough: day(11, 15), historyStart: day(10, 19) })
    expect(forecastWindow(at, { first: day(10, 1), last: day(11, 12) })).toEqual({ dataThrough: day(11, 12), historyStart: day(10, 16) })
    expect(forecastWindow(at, { first: day(11, 10), last: day(11, 15) })).toEqual({ dataThrough: day(11, 15), historyStart: day(11, 10) })
  })
  it('is null when the data ended weeks ago (nothing to forecast the period from)', () => {
    expect(forecastWindow(at, { first: day(9, 1), last: day(11, 2) })).toEqual({ dataThrough: day(11, 2), historyStart: day(10, 6) })
    expect(forecastWindow(at, { first: day(9, 1), last: day(11, 1) })).toBeNull()
    expect(forecastWindow(Date.UTC(2026, 10, 28), { first: day(9, 1), last: day(9, 30) })).toBeNull()
  })
  it('is null without a complete day', () => {
    expect(forecastWindow(at, null)).toBeNull()
    expect(forecastWindow(at, { first: day(11, 16), last: day(11, 16) })).toBeNull()
  })
})

describe('budgetFigures', () => {
  const at = day(11, 16) + 12 * 3_600_000

  it('adds the forecast of the rest of the month to the complete days, and projects the run-out day', () => {
    const f = figures(250, at, constantCosts(day(11, 15), 3))
    expect(f.actual).toBe(153) // 15 days × 10, and 3 of today
    expect(f.percent).toBeCloseTo(61.2, 9)
    // 15 complete days + 15 forecast days (16-30 November) of 10
    expect(f.forecast!.point).toBeCloseTo(300, 6)
    expect(f.forecast!.model).toBe('trend+weekday')
    expect(f.forecast!.high - f.forecast!.low).toBeCloseTo(0, 6) // a constant series has no spread
    expect(f.forecast!.percent).toBeCloseTo(120, 6)
    // 150 by the 15th, then 10 a day: 250 on the 25th
    expect(f.runOut).toEqual({ date: day(11, 25), projected: true })
    expect(f.thresholds).toEqual([
      { percent: 80, basis: 'actual', holds: false, value: 153, limit: 200 },
      { percent: 100, basis: 'forecast', holds: true, value: f.forecast!.point, limit: 250 },
    ])
  })

  it('tells the day an exhausted budget ran out', () => {
    const f = figures(100, at, constantCosts(day(11, 15), 3))
    expect(f.runOut).toEqual({ date: day(11, 10), projected: false })
    expect(f.thresholds[0]).toMatchObject({ holds: true, value: 153, limit: 80 })
  })

  it('forecasts the days late data has not covered yet', () => {
    const f = figures(1000, at, constantCosts(day(11, 12)))
    expect(f.actual).toBe(120)
    expect(f.forecast!.point).toBeCloseTo(300, 6) // 12 complete days + 18 forecast
    expect(f.runOut).toBeNull()
    expect(f.thresholds.map((t) => t.holds)).toEqual([false, false])
  })

  it('at the start of a period, forecasts the whole period from the last one, skipping the gap', () => {
    const early = Date.UTC(2024, 11, 2, 6) // 2 December; data through 29 November
    const f = figures(5000, early, constantCosts(day(11, 29)))
    expect(f.actual).toBe(0)
    expect(f.forecast!.point).toBeCloseTo(310, 6) // 31 December days of 10; 30 November is not in the period
  })

  it('widens the interval with noisy history, around the point', () => {
    const daily = new Map<number, bigint>()
    for (let d = day(10, 1), i = 0; d <= day(11, 15); d += DAY_MS, i++) daily.set(d, parseScaled(String(10 + (i % 3) * 2 - 2)))
    const f = figures(250, at, daily)
    expect(f.forecast!.low).toBeLessThan(f.forecast!.point)
    expect(f.forecast!.high).toBeGreaterThan(f.forecast!.point)
    expect(f.forecast!.low).toBeGreaterThanOrEqual(f.actual)
  })

  it('has no forecast without two complete days, and forecast thresholds then do not hold', () => {
    const none = figures(100, at, new Map())
    expect(none).toMatchObject({ actual: 0, percent: 0, forecast: null, runOut: null })
    expect(none.thresholds[1]).toEqual({ percent: 100, basis: 'forecast', holds: false, value: null, limit: 100 })
    const oneDay = figures(100, at, new Map([[day(11, 15), parseScaled('40')]]))
    expect(oneDay.forecast).toBeNull()
    expect(oneDay.actual).toBe(40)
  })

  it('never forecasts below what is already spent', () => {
    // falling costs that the trend takes below zero, and a big partial day
    const daily = new Map<number, bigint>()
    for (let i = 0; i < 5; i++) daily.set(day(11, 11 + i), parseScaled(String(50 - 10 * i)))
    daily.set(day(11, 16), parseScaled('500'))
    const f = figures(10_000, at, daily)
    expect(f.actual).toBe(650)
    expect(f.forecast!.point).toBeGreaterThanOrEqual(650)
    expect(f.forecast!.low).toBeGreaterThanOrEqual(650)
  })
})
