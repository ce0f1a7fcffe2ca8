import { describe, expect, it } from 'vitest'
import { globToLike } from './compileRules.js'
import { splitByPercent, splitByWeights } from './splitCost.js'

describe('splitting a cost', () => {
  it('divides by weights, only among the services named, and the portions add up to the cost', () => {
    const weights = new Map([
      ['a', 600],
      ['b', 300],
      ['c', 100],
      ['d', 0],
    ])
    expect(splitByWeights(90, weights)).toEqual([
      { service: 'a', cost: 54 },
      { service: 'b', cost: 27 },
      { service: 'c', cost: 9 },
    ])
    expect(splitByWeights(10, weights, ['b', 'c'])).toEqual([
      { service: 'b', cost: 7.5 },
      { service: 'c', cost: 2.5 },
    ])
    const thirds = splitByWeights(0.1, new Map([['x', 1], ['y', 1], ['z', 1]])) ?? []
    expect(thirds.reduce((s, p) => s + p.cost, 0)).toBe(0.1)
  })

  it('has nothing to divide by when no service has weight', () => {
    expect(splitByWeights(5, new Map())).toBeUndefined()
    expect(splitByWeights(5, new Map([['a', 3]]), ['b'])).toBeUndefined()
  })

  it('divides by percentages and leaves what they do not cover as a remainder', () => {
    expect(splitByPercent(60, { a: 50, b: 30 })).toEqual({ portions: [{ service: 'a', cost: 30 }, { service: 'b', cost: 18 }], remainder: 12 })
    expect(splitByPercent(60, { a: 50, b: 50 })).toEqual({ portions: [{ service: 'a', cost: 30 }, { service: 'b', cost: 30 }], remainder: 0 })
  })
})

describe('globs', () => {
  it('become LIKE patterns with LIKE’s own wildcards escaped', () => {
    expect(globToLike('i-0ab*')).toBe('i-0ab%')
    expect(globToLike('a_b%c\\d*')).toBe('a\\_b\\%c\\\\d%')
  })
})
