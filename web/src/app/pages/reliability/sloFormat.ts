/*
 * Figures of SLOs, for a locale: objectives and SLIs need more digits than other percentages
 * (99.95 % is not 100 %), burn rates are factors (14.4×), and budgets last days, not minutes.
 */

const cache = new Map<string, SloFormatters>()

export interface SloFormatters {
  /** An objective or SLI: 0.995 → "99.5%", 0.99912 → "99.912%", never rounded up to 100 % unless it is. */
  ratio(fraction: number): string
  /** Budget left, already a percentage: 62.345 → "62.3%"; negative when overspent. */
  budgetPercent(percent: number): string
  /** A burn rate: 14.4 → "14.4×", 0.03 → "0.03×". */
  burnRate(rate: number): string
  /** A long duration in the unit that reads best: minutes, hours, days. */
  span(ms: number): string
  /** A count of events or minutes, whole when large. */
  count(value: number): string
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export function sloFormattersFor(locale: string): SloFormatters {
  const cached = cache.get(locale)
  if (cached) return cached
  const nf = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options)
  const ratio = nf({ style: 'percent', maximumFractionDigits: 3, roundingMode: 'trunc' } as Intl.NumberFormatOptions)
  const onePlace = nf({ maximumFractionDigits: 1 })
  const twoSignificant = nf({ maximumSignificantDigits: 2 })
  const whole = nf({ maximumFractionDigits: 0 })
  const unit = (u: string) => nf({ style: 'unit', unit: u, unitDisplay: 'long', maximumFractionDigits: 1 })
  const units = { minute: unit('minute'), hour: unit('hour'), day: unit('day') }
  const f: SloFormatters = {
    // truncated, so 0.99996 reads 99.999 %, not 100 %
    ratio: (v) => ratio.format(v),
    budgetPercent: (p) => `${onePlace.format(p)}%`,
    burnRate: (r) => `${(Math.abs(r) < 1 ? twoSignificant : onePlace).format(r)}×`,
    span: (ms) => (ms < HOUR ? units.minute.format(Math.max(0, ms) / MINUTE) : ms < 2 * DAY ? units.hour.format(ms / HOUR) : units.day.format(ms / DAY)),
    count: (v) => (Math.abs(v) >= 100 ? whole : onePlace).format(v),
  }
  cache.set(locale, f)
  return f
}
