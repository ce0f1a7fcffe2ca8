import { describe, expect, it } from 'vitest'
import {
  addExponential,
  explicitQuantile,
  exponentialIncrease,
  exponentialQuantile,
  histogramIncrease,
  increase,
  mergeExponential,
  mergeHistograms,
} from './metricMath.js'

describe('metric math', () => {
  it('takes increases of cumulative counters, a drop being a reset', () => {
    expect(increase(150, 100)).toBe(50)
    expect(increase(20, 100)).toBe(20)
    expect(increase(20, undefined)).toBe(20)
  })

  it('subtracts cumulative histograms bucket by bucket, unless reset or re-bucketed', () => {
    const before = { bounds: [1, 2], counts: [1, 1, 1] }
    expect(histogramIncrease({ bounds: [1, 2], counts: [3, 1, 2] }, before).counts).toEqual([2, 0, 1])
    expect(histogramIncrease({ bounds: [1, 2], counts: [0, 1, 2] }, before).counts).toEqual([0, 1, 2])
    expect(histogramIncrease({ bounds: [1, 5], counts: [3, 3, 3] }, before).counts).toEqual([3, 3, 3])
  })

  it('merges histograms by upper bound', () => {
    expect(mergeHistograms([{ bounds: [1, 2], counts: [1, 2, 3] }, { bounds: [2, 4], counts: [1, 1, 1] }])).toEqual({ bounds: [1, 2, 4], counts: [1, 3, 1, 4] })
  })

  it('interpolates a quantile within its bucket, narrowed by the observed extremes', () => {
    const h = { bounds: [10, 100], counts: [0, 10, 0] }
    expect(explicitQuantile(h, 0.5)).toBe(55)
    expect(explicitQuantile(h, 0.5, 20, 40)).toBe(30)
    expect(explicitQuantile({ bounds: [10], counts: [0, 4] }, 0.5)).toBe(10) // in the open bucket without a max: its lower bound
    expect(explicitQuantile({ bounds: [10], counts: [0, 4] }, 0.5, undefined, 30)).toBe(20)
    expect(explicitQuantile({ bounds: [10], counts: [0, 0] }, 0.5)).toBeNull()
  })

  it('merges exponential histograms at the smaller scale and reads quantiles', () => {
    const merged = mergeExponential([
      { scale: 1, zeroCount: 1, positiveOffset: 2, positive: [1, 1], negativeOffset: 0, negative: [] }, // (2,2.83], (2.83,4]
      { scale: 0, zeroCount: 0, positiveOffset: 1, positive: [2], negativeOffset: 0, negative: [] }, // (2,4]
    ])
    expect(merged.scale).toBe(0)
    expect([...merged.positive]).toEqual([[1, 4]])
    expect(exponentialQuantile(merged, 0.2)).toBe(0)
    expect(exponentialQuantile(merged, 0.6)).toBe(2 + 2 * ((3 - 1) / 4))
    expect(exponentialQuantile(addExponential([merged, merged]), 0.6)).toBe(2 + 2 * ((6 - 2) / 8))
    const withNegative = mergeExponential([{ scale: 0, zeroCount: 0, positiveOffset: 0, positive: [1], negativeOffset: 0, negative: [1] }])
    expect(exponentialQuantile(withNegative, 0.25)).toBe(-1.5) // the negative bucket [-2,-1) comes first
  })

  it('subtracts cumulative exponential histograms, a reset keeping the current one', () => {
    const at = (n: number) => ({ scale: 0, zeroCount: n, positiveOffset: 0, positive: [n, 2 * n], negativeOffset: 0, negative: [] })
    const inc = exponentialIncrease(at(3), at(1))
    expect(inc.zero).toBe(2)
    expect([...inc.positive]).toEqual([
      [0, 2],
      [1, 4],
    ])
    expect(exponentialIncrease(at(1), at(3)).zero).toBe(1)
  })
})
