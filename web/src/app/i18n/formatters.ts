/** Numbers, durations, dates and changes for a locale, all through Intl. */
export interface Formatters {
  locale: string
  number(value: number, maxFractionDigits?: number): string
  integer(value: number): string
  compact(value: number): string
  /** A fraction as a percentage: 0.052 → 5.2 %. */
  percent(fraction: number): string
  /** A change as a signed percentage: +12 %, −3.4 %. */
  signedPercent(fraction: number): string
  /** Milliseconds in the unit that reads best (µs, ms, s, min). */
  duration(ms: number): string
  dateTime(epochMs: number): string
  /** Date and time with milliseconds (log and span timestamps). */
  preciseTime(epochMs: number): string
  time(epochMs: number): string
  /** Time of day with seconds. */
  timeSeconds(epochMs: number): string
  shortDateTime(epochMs: number): string
  relative(epochMs: number, now?: number): string
}

const cache = new Map<string, Formatters>()

export function formattersFor(locale: string): Formatters {
  const cached = cache.get(locale)
  if (cached) return cached
  const nf = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options)
  const numbers = [0, 1, 2, 3].map((d) => nf({ maximumFractionDigits: d }))
  const integer = nf({ maximumFractionDigits: 0 })
  const compact = nf({ notation: 'compact', maximumFractionDigits: 1 })
  const small = nf({ maximumSignificantDigits: 2 })
  const percent = [nf({ style: 'percent', maximumFractionDigits: 2 }), nf({ style: 'percent', maximumFractionDigits: 1 }), nf({ style: 'percent', maximumFractionDigits: 0 })]
  const signed = [nf({ style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }), nf({ style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' })]
  const unit = (u: string, digits: number) => nf({ style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits })
  const units = {
    microsecond: [unit('microsecond', 0)],
    millisecond: [unit('millisecond', 2), unit('millisecond', 1), unit('millisecond', 0)],
    second: [unit('second', 2), unit('second', 1)],
    minute: [unit('minute', 1)],
    hour: [unit('hour', 1)],
  }
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' })
  const precise = new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hour12: false,
  })
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false })
  const timeSeconds = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
  const shortDateTime = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })

  const byMagnitude = (value: number, formats: Intl.NumberFormat[]) => {
    const abs = Math.abs(value)
    return (abs < 10 ? formats[0] : abs < 100 ? (formats[1] ?? formats[0]) : (formats[2] ?? formats[1] ?? formats[0])).format(value)
  }

  const f: Formatters = {
    locale,
    number: (v, digits = 2) => numbers[Math.min(3, Math.max(0, digits))].format(v),
    integer: (v) => integer.format(v),
    compact: (v) => (Math.abs(v) < 1 ? small : Math.abs(v) < 10_000 ? numbers[Math.abs(v) < 10 ? 2 : 1] : compact).format(v),
    percent: (v) => {
      const pct = Math.abs(v * 100)
      return (pct === 0 || pct >= 10 ? percent[pct >= 100 ? 2 : 1] : percent[0]).format(v)
    },
    signedPercent: (v) => (Math.abs(v) >= 1 ? signed[1] : signed[0]).format(v),
    duration: (ms) => {
      const abs = Math.abs(ms)
      if (abs < 1 && abs > 0) return units.microsecond[0].format(ms * 1000)
      if (abs < 1000) return byMagnitude(ms, units.millisecond)
      if (abs < 60_000) return byMagnitude(ms / 1000, units.second)
      if (abs < 3_600_000) return units.minute[0].format(ms / 60_000)
      return units.hour[0].format(ms / 3_600_000)
    },
    dateTime: (t) => dateTime.format(t),
    preciseTime: (t) => precise.format(t),
    time: (t) => time.format(t),
    timeSeconds: (t) => timeSeconds.format(t),
    shortDateTime: (t) => shortDateTime.format(t),
    relative: (t, now = Date.now()) => {
      const s = Math.round((t - now) / 1000)
      const abs = Math.abs(s)
      if (abs < 60) return relative.format(s, 'second')
      if (abs < 3600) return relative.format(Math.round(s / 60), 'minute')
      if (abs < 86400) return relative.format(Math.round(s / 3600), 'hour')
      return relative.format(Math.round(s / 86400), 'day')
    },
  }
  cache.set(locale, f)
  return f
}
