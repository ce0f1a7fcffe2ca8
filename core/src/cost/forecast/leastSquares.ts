/** An ordinary least-squares fit. */
export interface LeastSquaresFit {
  coefficients: number[]
  /** (XᵀX)⁻¹, for the variance of predictions. */
  inverse: number[][]
  /** Sum of squared residuals. */
  rss: number
}

/**
 * Fits y ≈ X·b by the normal equations, solved by Gauss-Jordan elimination with partial pivoting.
 * The models here have at most a handful of columns, so this is plenty; null when X has
 * dependent columns (not enough distinct rows for the model).
 */
export function leastSquares(x: readonly number[][], y: readonly number[]): LeastSquaresFit | null {
  const p = x[0]?.length ?? 0
  if (p === 0 || x.length !== y.length || x.length < p) return null
  const xtx = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => x.reduce((s, row) => s + row[i] * row[j], 0)))
  const inverse = invert(xtx)
  if (!inverse) return null
  const xty = Array.from({ length: p }, (_, i) => x.reduce((s, row, k) => s + row[i] * y[k], 0))
  const coefficients = inverse.map((row) => row.reduce((s, v, j) => s + v * xty[j], 0))
  const rss = x.reduce((s, row, k) => s + (y[k] - dot(row, coefficients)) ** 2, 0)
  return { coefficients, inverse, rss }
}

export const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i], 0)

/** The inverse of a square matrix, or null when it is singular (relative to its own scale). */
export function invert(matrix: readonly number[][]): number[][] | null {
  const n = matrix.length
  const scale = Math.max(...matrix.flat().map(Math.abs), 0)
  if (scale === 0) return null
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r
    if (Math.abs(a[pivot][col]) <= scale * 1e-12) return null
    ;[a[col], a[pivot]] = [a[pivot], a[col]]
    const lead = a[col][col]
    for (let j = 0; j < 2 * n; j++) a[col][j] /= lead
    for (let r = 0; r < n; r++) {
      if (r === col || a[r][col] === 0) continue
      const f = a[r][col]
      for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[col][j]
    }
  }
  return a.map((row) => row.slice(n))
}
