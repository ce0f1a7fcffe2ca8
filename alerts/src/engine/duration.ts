import { MeridianError } from '@meridian/core'

/** A duration as configured: milliseconds, or text in Prometheus' form such as `90s`, `5m`, `1h30m`, `1d`. */
export type DurationInput = number | string

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 }
const FORM = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/

/** Milliseconds of a duration; `field` names the setting in the 400 error (e.g. `rules[2].for`). */
export function parseDuration(input: DurationInput, field: string): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) return Math.round(input)
    throw new MeridianError(400, 'invalid_duration', `${field}: a duration must be a number of milliseconds ≥ 0, got ${input}`)
  }
  const text = input.trim()
  const match = FORM.exec(text)
  if (text === '0') return 0
  if (!match || text === '') {
    throw new MeridianError(400, 'invalid_duration', `${field}: "${input}" is not a duration such as 30s, 5m, 1h30m or 1d`)
  }
  const [, y, w, d, h, m, s, ms] = match
  return [
    [y, 'y'],
    [w, 'w'],
    [d, 'd'],
    [h, 'h'],
    [m, 'm'],
    [s, 's'],
    [ms, 'ms'],
  ].reduce((sum, [n, unit]) => sum + (n ? Number(n) * UNITS[unit as string] : 0), 0)
}

/** `1h30m`, `45s`, `250ms`: the shortest text of a duration, for messages and logs. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  let rest = Math.round(ms)
  let text = ''
  for (const unit of ['d', 'h', 'm', 's', 'ms']) {
    const n = Math.floor(rest / UNITS[unit])
    if (n > 0) text += `${n}${unit}`
    rest -= n * UNITS[unit]
  }
  return text
}
