import { describe, expect, it } from 'vitest'
import { costChanges } from './costChanges'

const row = (name: string, cost: number, unallocated = false, currency = 'USD') => ({ name, cost, unallocated, currency })

describe('allocated cost against the costs before a change', () => {
  it('without a change, the rows as they are', () => {
    expect(costChanges([row('a', 5), row('unallocated', 2, true)])).toEqual([
      { ...row('a', 5), change: 0 },
      { ...row('unallocated', 2, true), change: 0 },
    ])
  })

  it('gives each row its change, and shows a row the change emptied at 0, unallocated last', () => {
    const before = [row('a', 5), row('b', 3), row('unallocated', 10, true)]
    const now = [row('c', 7), row('a', 5), row('unallocated', 6, true), row('unallocated', 1, true, 'EUR')]
    expect(costChanges(now, before)).toEqual([
      { ...row('c', 7), change: 7 },
      { ...row('a', 5), change: 0 },
      { ...row('b', 0), change: -3 },
      { ...row('unallocated', 6, true), change: -4 },
      { ...row('unallocated', 1, true, 'EUR'), change: 1 },
    ])
  })

  it('a floating-point difference is no change', () => {
    expect(costChanges([row('a', 0.1 + 0.2)], [row('a', 0.3)])[0].change).toBe(0)
  })
})
