import { describe, expect, it } from 'vitest'
import { invert, leastSquares } from './leastSquares.js'

describe('leastSquares', () => {
  it('fits a line through points by hand', () => {
    // y = 1, 2, 2, 4 at x = 0..3: slope 0.9, intercept 0.9 (computed by hand: Sxy = 4.5, Sxx = 5)
    const fit = leastSquares(
      [0, 1, 2, 3].map((x) => [1, x]),
      [1, 2, 2, 4],
    )!
    expect(fit.coefficients[0]).toBeCloseTo(0.9, 12)
    expect(fit.coefficients[1]).toBeCloseTo(0.9, 12)
    // residuals 0.1, 0.2, -0.7, 0.4
    expect(fit.rss).toBeCloseTo(0.01 + 0.04 + 0.49 + 0.16, 12)
    expect(fit.inverse[1][1]).toBeCloseTo(1 / 5, 12)
  })

  it('returns null for dependent columns or too few rows', () => {
    expect(leastSquares([[1, 2], [2, 4], [3, 6]], [1, 2, 3])).toBeNull()
    expect(leastSquares([[1, 0]], [1])).toBeNull()
    expect(leastSquares([], [])).toBeNull()
  })

  it('inverts a matrix (A·A⁻¹ = I)', () => {
    const a = [
      [4, 7, 2],
      [3, 6, 1],
      [2, 5, 3],
    ]
    const inv = invert(a)!
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(a[i].reduce((s, v, k) => s + v * inv[k][j], 0)).toBeCloseTo(i === j ? 1 : 0, 12)
    expect(invert([[0, 0], [0, 0]])).toBeNull()
  })
})
