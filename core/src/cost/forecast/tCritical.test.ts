import { describe, expect, it } from 'vitest'
import { tCritical95, Z975 } from './tCritical.js'

describe('tCritical95', () => {
  it('reads the table, conservatively between its rows, and tends to the normal quantile', () => {
    expect(tCritical95(1)).toBe(12.706)
    expect(tCritical95(6)).toBe(2.447)
    expect(tCritical95(30)).toBe(2.042)
    expect(tCritical95(35)).toBe(2.042)
    expect(tCritical95(45)).toBe(2.021)
    expect(tCritical95(200)).toBe(1.98)
    expect(tCritical95(5000)).toBe(Z975)
    for (let df = 1; df < 300; df++) expect(tCritical95(df + 1)).toBeLessThanOrEqual(tCritical95(df))
    expect(() => tCritical95(0)).toThrow(RangeError)
  })
})
