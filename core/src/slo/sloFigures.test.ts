import { describe, expect, it } from 'vitest'
import type { Slo } from './slo.js'
import { type SegmentCount, sloFigures } from './sloFigures.js'
import { DAY_MS, HOUR_MS, MINUTE_MS } from './sloWindow.js'

const END = Date.UTC(2024, 10, 30)
const base: Slo = {
  name: 's',
  displayName: null,
  description: null,
  service: 'shop',
  indicator: { kind: 'ratio', source: 'spans', spans: { service: 'shop', operations: null, spanKinds: ['Server'], attributes: {} } },
  target: 0.99,
  window: { kind: 'rolling', days: 7 },
  budgeting: { method: 'Occurrences' },
}
const frame = { end: END, window: { from: END - 7 * DAY_MS, to: END, periodMs: 7 * DAY_MS } }
const row = (segStart: number, good: number, total: number, badSlices = 0, withEvents = 0): SegmentCount => ({
  bucket: Math.floor(segStart / HOUR_MS) * HOUR_MS,
  segStart,
  good,
  total,
  badSlices,
  withEvents,
})

describe('sloFigures (Occurrences)', () => {
  // 10,000 events in the window before the last hour with 40 bad; in the last hour 1,000 with 30 bad
  // (25 of them in the last 5 minutes, of 100); and 500 events, 50 bad, before the window (not counted)
  const rows = [row(END - 8 * DAY_MS, 450, 500), row(END - 7 * DAY_MS, 9960, 10_000), row(END - HOUR_MS, 925, 930), row(END - 5 * MINUTE_MS, 75, 100)]
  const f = sloFigures(base, frame, rows, HOUR_MS)

  it('gives the SLI and the budget left in percent and events', () => {
    expect(f.events).toEqual({ good: 10_960, bad: 70, total: 11_030 })
    expect(f.sli).toBeCloseTo(10_960 / 11_030, 12)
    // allowed: 1 % of 11,030 = 110.3 bad events; 70 spent
    expect(f.budget.allowedEvents).toBeCloseTo(110.3, 9)
    expect(f.budget.remainingEvents).toBeCloseTo(40.3, 9)
    expect(f.budget.remainingPercent).toBeCloseTo((1 - 70 / 110.3) * 100, 9)
    expect(f.budget.allowedMinutes).toBeNull()
  })

  it('gives burn rates per window: error ratio ÷ (1 − target)', () => {
    const burn = Object.fromEntries(f.burnRates.map((b) => [b.window, b.burnRate]))
    expect(burn['5m']).toBeCloseTo(0.25 / 0.01, 9)
    expect(burn['30m']).toBeCloseTo(0.25 / 0.01, 9) // only the last 5 minutes have events in it
    expect(burn['1h']).toBeCloseTo(30 / 1030 / 0.01, 9)
    expect(burn['3d']).toBeCloseTo(30 / 1030 / 0.01, 9)
    // time to exhaustion at the 1-hour rate: what is left of the budget, over the period, at that rate
    expect(f.timeToExhaustionMs).toBeCloseTo(((1 - 70 / 110.3) * 7 * DAY_MS) / burn['1h']!, 0)
    const page = f.alerts[0]
    expect(page).toMatchObject({ severity: 'page', longWindow: '1h', shortWindow: '5m', factor: 3.36, firing: false })
    expect(f.alerts[1]).toMatchObject({ longWindow: '6h', firing: true }) // 2.9 and 25 over 1.4
  })

  it('has no burn rate without events, and no time to exhaustion when not burning', () => {
    const quiet = sloFigures(base, frame, [row(END - 7 * DAY_MS, 100, 100)], null)
    expect(quiet.burnRates.find((b) => b.window === '5m')!.burnRate).toBeNull()
    expect(quiet.burnRates.find((b) => b.window === '3d')!.burnRate).toBeNull()
    expect(quiet.timeToExhaustionMs).toBeNull()
    expect(quiet.budget.remainingPercent).toBe(100)
    expect(quiet.history).toEqual([])
    const none = sloFigures(base, frame, [], null)
    expect([none.sli, none.budget.remainingPercent, none.alerts.some((a) => a.firing)]).toEqual([null, 100, false])
    const spent = sloFigures(base, frame, [row(END - DAY_MS, 90, 100)], null)
    expect(spent.budget.remainingPercent).toBeCloseTo(-900, 9)
    expect(spent.timeToExhaustionMs).toBe(0)
  })

  it('draws a burn-down: per hour, the bucket’s SLI and the budget left at its end', () => {
    expect(f.history).toHaveLength(7 * 24)
    expect(f.history[0]).toMatchObject({ t: END - 7 * DAY_MS, good: 9960, total: 10_000, sli: 0.996 })
    expect(f.history[0].budgetRemainingPercent).toBeCloseTo((1 - 40 / 110.3) * 100, 9)
    expect(f.history[1]).toMatchObject({ good: 0, total: 0, sli: null })
    expect(f.history[1].budgetRemainingPercent).toBeCloseTo(f.history[0].budgetRemainingPercent, 12)
    const last = f.history[f.history.length - 1]
    expect(last).toMatchObject({ t: END - HOUR_MS, good: 1000, total: 1030 })
    expect(last.budgetRemainingPercent).toBeCloseTo(f.budget.remainingPercent, 12)
  })
})

describe('sloFigures (Timeslices)', () => {
  const slo: Slo = { ...base, target: 0.999, budgeting: { method: 'Timeslices', sliceMinutes: 5, sliceTarget: 0.95 } }
  // 7 days = 2,016 slices of 5 minutes; 3 bad slices a day before, 2 in the last hour (1 of them the last slice)
  const rows = [row(END - 7 * DAY_MS, 5000, 5100, 3, 1900), row(END - HOUR_MS, 40, 60, 1, 12), row(END - 5 * MINUTE_MS, 1, 10, 1, 1)]
  const f = sloFigures(slo, frame, rows, DAY_MS)

  it('counts bad slices against a budget of minutes; slices without events are good', () => {
    expect(f.slices).toEqual({ total: 2016, bad: 5, withEvents: 1913 })
    expect(f.sli).toBeCloseTo(1 - 5 / 2016, 12)
    // 0.1 % of 7 days = 10.08 minutes; 5 bad slices of 5 minutes spend 25
    expect(f.budget.allowedMinutes).toBeCloseTo(10.08, 9)
    expect(f.budget.remainingMinutes).toBeCloseTo(-14.92, 9)
    expect(f.budget.remainingPercent).toBeCloseTo((1 - 25 / 10.08) * 100, 9)
  })

  it('gives burn rates as the share of bad slices over the budgeted share', () => {
    const burn = Object.fromEntries(f.burnRates.map((b) => [b.window, b.burnRate]))
    expect(burn['5m']).toBeCloseTo(1 / 0.001, 6)
    expect(burn['1h']).toBeCloseTo(2 / 12 / 0.001, 6)
    expect(burn['3d']).toBeCloseTo(2 / 864 / 0.001, 6)
  })

  it('per day, the day’s own SLI over its slices and the minutes left', () => {
    expect(f.history).toHaveLength(7)
    expect(f.history[0]).toMatchObject({ badSlices: 3, sli: 1 - 3 / 288 })
    expect(f.history[6]).toMatchObject({ badSlices: 2, sli: 1 - 2 / 288 })
    expect(f.history[6].budgetRemainingPercent).toBeCloseTo(f.budget.remainingPercent, 9)
  })
})
