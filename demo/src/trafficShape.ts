/**
 * The load's shape over time: a day of traffic compressed into `dayMs` (a night trough, a lunch
 * peak, an evening peak), with its mean at 1, times short random bursts (a newsletter goes out,
 * a product trends). The demo starts at 10:00 of its compressed day: about the mean, rising.
 */

const START_HOUR = 10

/** A bump centred on `centre` (hours, wrapping around midnight), about `width` hours wide. */
function bump(hour: number, centre: number, width: number): number {
  const d = Math.min(Math.abs(hour - centre), 24 - Math.abs(hour - centre))
  return Math.exp(-((d / width) ** 2))
}

/** Relative traffic at an hour of the day (0-24), before normalising. */
function rawDaily(hour: number): number {
  const daylight = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24) // 0 at 04:00, 1 at 16:00
  return 0.12 + 0.6 * daylight + 0.35 * bump(hour, 12.5, 2) + 0.45 * bump(hour, 20.5, 2)
}

const DAILY_MEAN = (() => {
  let sum = 0
  for (let i = 0; i < 2400; i++) sum += rawDaily(i / 100)
  return sum / 2400
})()

/** The hour of the compressed day at `elapsedMs` after the start. */
export function hourOfDay(elapsedMs: number, dayMs: number): number {
  return (START_HOUR + (24 * elapsedMs) / dayMs) % 24
}

/** The daily wave at `elapsedMs`: about 0.2 at night, about 1.8 at the peaks, 1 on average. */
export function dailyWave(elapsedMs: number, dayMs: number): number {
  return rawDaily(hourOfDay(elapsedMs, dayMs)) / DAILY_MEAN
}

export interface Burst {
  untilMs: number
  factor: number
}

/**
 * Random bursts: while none runs, one starts with probability `tickMs / meanGapMs` per tick, lasts
 * 8-20 s and multiplies traffic by 1.8-3.2.
 */
export class BurstSchedule {
  private current: Burst | undefined

  constructor(private readonly meanGapMs = 90_000) {}

  factorAt(nowMs: number, tickMs: number): number {
    if (this.current && nowMs >= this.current.untilMs) this.current = undefined
    if (!this.current && Math.random() < tickMs / this.meanGapMs) {
      this.current = { untilMs: nowMs + 8000 + Math.random() * 12_000, factor: 1.8 + Math.random() * 1.4 }
    }
    return this.current?.factor ?? 1
  }
}
