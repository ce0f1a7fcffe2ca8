/*
 * Number formatting for alert templates, with the behaviour of the Prometheus template functions
 * of the same names (so rules written for Prometheus read the same): four significant digits,
 * SI prefixes, durations from seconds.
 */

/** Four significant digits without trailing zeros (Go's `%.4g`). */
export function fourDigits(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'
  if (v === 0) return '0'
  return String(Number(v.toPrecision(4)))
}

const BIG = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']
const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']

/** 1234 → `1.234k`, 0.0042 → `4.2m`. */
export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return fourDigits(v)
  let prefix = ''
  if (Math.abs(v) >= 1) {
    for (const p of BIG) {
      if (Math.abs(v) < 1000) break
      prefix = p
      v /= 1000
    }
  } else {
    for (const p of SMALL) {
      if (Math.abs(v) >= 1) break
      prefix = p
      v *= 1000
    }
  }
  return `${fourDigits(v)}${prefix}`
}

/** 0.0731 → `7.31%`. */
export function humanizePercentage(v: number): string {
  return `${fourDigits(v * 100)}%`
}

/** Seconds as `1d 2h 3m 4s`, `3m 20s`, `12.5s`, `250ms`. */
export function humanizeDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return fourDigits(seconds)
  if (seconds === 0) return '0s'
  const sign = seconds < 0 ? '-' : ''
  const v = Math.abs(seconds)
  if (v >= 1) {
    const whole = Math.floor(v)
    const [d, h, m, s] = [Math.floor(whole / 86400), Math.floor(whole / 3600) % 24, Math.floor(whole / 60) % 60, whole % 60]
    if (d > 0) return `${sign}${d}d ${h}h ${m}m ${s}s`
    if (h > 0) return `${sign}${h}h ${m}m ${s}s`
    if (m > 0) return `${sign}${m}m ${s}s`
    return `${sign}${fourDigits(v)}s`
  }
  for (const [unit, scale] of [
    ['ms', 1e3],
    ['us', 1e6],
    ['ns', 1e9],
  ] as const) {
    if (v * scale >= 1 || unit === 'ns') return `${sign}${fourDigits(v * scale)}${unit}`
  }
  return `${sign}${fourDigits(v)}s`
}
