import { describe, expect, it } from 'vitest'
import { forecastDaily } from './dailyForecast.js'
import { tCritical95 } from './tCritical.js'

/** A seeded generator (mulberry32) and normal deviates (Box-Muller), so the statistical test is repeatable. */
function normals(seed: number) {
  let a = seed >>> 0
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
}

const weekendDip = (weekday: number) => (weekday === 0 || weekday === 6 ? -30 : 0)

describe('forecastDaily', () => {
  it('makes no forecast from fewer than two days', () => {
    expect(forecastDaily({ history: [], firstWeekday: 1, horizon: 5 })).toBeNull()
    expect(forecastDaily({ history: [42], firstWeekday: 1, horizon: 5 })).toBeNull()
  })

  it('takes the mean of two days, with the t interval of one degree of freedom', () => {
    const f = forecastDaily({ history: [10, 20], firstWeekday: 1, horizon: 3 })!
    expect(f.model).toBe('mean')
    expect(f.daily).toEqual([15, 15, 15])
    // σ² = 50; Var(sum) = σ²·(3 + 3²/2) = 375
    const margin = tCritical95(1) * Math.sqrt(375)
    expect(f.total.point).toBe(45)
    expect(f.total.high).toBeCloseTo(45 + margin, 9)
    expect(f.total.low).toBe(0) // 45 − 246 is below zero
  })

  it('continues an exact line, with no spread', () => {
    const history = Array.from({ length: 10 }, (_, t) => 10 + 2 * t)
    const f = forecastDaily({ history, firstWeekday: 3, horizon: 4 })!
    expect(f.model).toBe('trend')
    for (const [k, v] of f.daily.entries()) expect(v).toBeCloseTo(10 + 2 * (10 + k), 9)
    expect(f.total.point).toBeCloseTo(30 + 32 + 34 + 36, 9)
    expect(f.total.high - f.total.low).toBeCloseTo(0, 6)
    expect(f.residualSd).toBeCloseTo(0, 9)
  })

  it('learns the weekday shape on top of the trend, from whichever weekday the history starts', () => {
    for (const firstWeekday of [0, 1, 4, 6]) {
      const value = (t: number) => 50 + t + weekendDip((firstWeekday + t) % 7)
      const history = Array.from({ length: 28 }, (_, t) => value(t))
      const f = forecastDaily({ history, firstWeekday, horizon: 10 })!
      expect(f.model).toBe('trend+weekday')
      for (const [k, v] of f.daily.entries()) expect(v, `weekday start ${firstWeekday}, day ${k}`).toBeCloseTo(value(28 + k), 8)
    }
  })

  it('skips days after the history when told to', () => {
    const history = Array.from({ length: 10 }, (_, t) => 10 + 2 * t)
    const all = forecastDaily({ history, firstWeekday: 3, horizon: 6 })!
    const later = forecastDaily({ history, firstWeekday: 3, horizon: 4, skip: 2 })!
    expect(later.daily).toEqual(all.daily.slice(2))
    expect(later.total.point).toBeCloseTo(all.daily.slice(2).reduce((a, b) => a + b, 0), 9)
  })

  it('does not forecast below zero', () => {
    const f = forecastDaily({ history: [100, 90, 80, 70, 60], firstWeekday: 2, horizon: 8 })!
    expect(f.daily.map((v) => Math.round(v * 1e9) / 1e9)).toEqual([50, 40, 30, 20, 10, 0, 0, 0])
    expect(f.total.low).toBeGreaterThanOrEqual(0)
  })

  it('an empty horizon forecasts nothing', () => {
    const f = forecastDaily({ history: [1, 2, 3, 4], firstWeekday: 0, horizon: 0 })!
    expect(f.daily).toEqual([])
    expect(f.total).toEqual({ point: 0, low: 0, high: 0 })
  })

  it('covers the true future total about 95 % of the time, and measures the noise', () => {
    const noise = normals(20260601)
    const sd = 10
    const trials = 400
    let covered = 0
    let sdSum = 0
    for (let trial = 0; trial < trials; trial++) {
      const firstWeekday = trial % 7
      const truth = (t: number) => 200 + 1.5 * t + weekendDip((firstWeekday + t) % 7)
      const history = Array.from({ length: 28 }, (_, t) => truth(t) + sd * noise())
      const f = forecastDaily({ history, firstWeekday, horizon: 20 })!
      const actual = Array.from({ length: 20 }, (_, k) => truth(28 + k) + sd * noise()).reduce((s, v) => s + v, 0)
      if (actual >= f.total.low && actual <= f.total.high) covered++
      sdSum += f.residualSd
    }
    expect(covered / trials).toBeGreaterThan(0.91)
    expect(covered / trials).toBeLessThan(0.99)
    expect(sdSum / trials).toBeGreaterThan(0.95 * sd)
    expect(sdSum / trials).toBeLessThan(1.05 * sd)
  })
})
