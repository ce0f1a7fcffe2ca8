/**
 * Two-sided 95 % critical values of Student's t (the 0.975 quantile) for 1-30 degrees of freedom,
 * then 40, 60, 120; from the standard tables. A short fit's residuals under-state its error, and
 * t widens the interval accordingly; between rows the smaller df (the wider value) is used.
 */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064,
  2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]
const BEYOND: [number, number][] = [
  [120, 1.98],
  [60, 2.0],
  [40, 2.021],
]
/** The normal quantile, for very many degrees of freedom. */
export const Z975 = 1.96

export function tCritical95(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be at least 1, got ${df}`)
  const whole = Math.floor(df)
  if (whole <= T975.length) return T975[whole - 1]
  for (const [at, value] of BEYOND) if (whole >= at) return whole >= 1000 ? Z975 : value
  return T975[T975.length - 1]
}
