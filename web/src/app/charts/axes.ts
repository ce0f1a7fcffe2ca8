import type { Formatters } from '../i18n/formatters'

const DAY = 86_400_000

/** A time x-axis over [from, to] with labels in the locale (times, or dates and times past a day). */
export function timeAxis(f: Formatters, from: number, to: number) {
  const long = to - from > DAY
  return {
    type: 'time' as const,
    min: from,
    max: to,
    axisLabel: { hideOverlap: true, formatter: (v: number) => (long ? f.shortDateTime(v) : f.time(v)) },
    splitLine: { show: false },
  }
}

export const GRID = { left: 8, right: 16, top: 28, bottom: 8, containLabel: true }
