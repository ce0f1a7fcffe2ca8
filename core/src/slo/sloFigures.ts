import { BURN_RATE_WINDOWS, type BurnRateWindow, type SloAlertCondition } from '../api/slo.js'
import { BURN_WINDOW_MS, burnRateAlerts, pairFires } from './burnRateAlerts.js'
import type { Slo } from './slo.js'
import { MINUTE_MS } from './sloWindow.js'

/*
 * An SLO's figures from its segment sums (readSloCounts.ts): pure arithmetic, so it is tested
 * without a store. Occurrences count events; Timeslices count slices, a slice being bad when its
 * events' SLI is below the slice target, and a slice without events good (nothing failed).
 */

/** Sums of one segment (and history bucket) for one SLO. */
export interface SegmentCount {
  /** History bucket start (epoch ms; 0 without history). */
  bucket: number
  /** Start of the segment, epoch ms. */
  segStart: number
  good: number
  total: number
  /** Timeslices: bad slices and slices with events. */
  badSlices: number
  withEvents: number
}

export interface SloFrame {
  /** Exclusive end: a whole minute (Occurrences) or time slice. */
  end: number
  window: { from: number; to: number; periodMs: number }
}

export interface BurnRateFigure {
  window: BurnRateWindow
  burnRate: number | null
}

export interface SloHistoryPoint {
  t: number
  good: number
  total: number
  badSlices: number | null
  sli: number | null
  budgetRemainingPercent: number
}

export interface SloFigures {
  sli: number | null
  events: { good: number; bad: number; total: number }
  slices: { total: number; bad: number; withEvents: number } | null
  budget: { remainingPercent: number; allowedEvents: number | null; remainingEvents: number | null; allowedMinutes: number | null; remainingMinutes: number | null }
  burnRates: BurnRateFigure[]
  timeToExhaustionMs: number | null
  alerts: SloAlertCondition[]
  history: SloHistoryPoint[]
}

const sum = (rows: SegmentCount[], key: 'good' | 'total' | 'badSlices' | 'withEvents') => rows.reduce((s, r) => s + r[key], 0)

/** The window `[end − ms, end)`'s burn rate: its error ratio over the budgeted one. */
export function burnRateOf(slo: Slo, rows: SegmentCount[], end: number, ms: number): number | null {
  const mine = rows.filter((r) => r.segStart >= end - ms)
  const budgeted = 1 - slo.target
  if (slo.budgeting.method === 'Timeslices') return sum(mine, 'badSlices') / (ms / (slo.budgeting.sliceMinutes * MINUTE_MS)) / budgeted
  const total = sum(mine, 'total')
  return total > 0 ? (total - sum(mine, 'good')) / total / budgeted : null
}

/** Burn rate the time to exhaustion is told at. */
export const CURRENT_BURN_WINDOW: BurnRateWindow = '1h'

export function sloFigures(slo: Slo, frame: SloFrame, rows: SegmentCount[], historyStepMs: number | null): SloFigures {
  const { end, window } = frame
  const inWindow = rows.filter((r) => r.segStart >= window.from)
  const good = sum(inWindow, 'good')
  const total = sum(inWindow, 'total')
  const budgeted = 1 - slo.target
  const periodMinutes = window.periodMs / MINUTE_MS

  let sli: number | null
  let remaining: number
  let slices: SloFigures['slices'] = null
  let budget: SloFigures['budget']
  /** Budget fraction left once `bad` (events, or bad slices) are spent. */
  let remainingAfter: (bad: number) => number
  if (slo.budgeting.method === 'Timeslices') {
    const sliceMs = slo.budgeting.sliceMinutes * MINUTE_MS
    const sliceMinutes = slo.budgeting.sliceMinutes
    const bad = sum(inWindow, 'badSlices')
    const withEvents = sum(inWindow, 'withEvents')
    const elapsed = Math.round((end - window.from) / sliceMs)
    slices = { total: elapsed, bad, withEvents }
    sli = withEvents > 0 && elapsed > 0 ? 1 - bad / elapsed : null
    const allowedMinutes = budgeted * periodMinutes
    remainingAfter = (b) => 1 - (b * sliceMinutes) / allowedMinutes
    remaining = remainingAfter(bad)
    budget = { remainingPercent: remaining * 100, allowedEvents: null, remainingEvents: null, allowedMinutes, remainingMinutes: allowedMinutes - bad * sliceMinutes }
  } else {
    sli = total > 0 ? good / total : null
    const allowedEvents = budgeted * total
    remainingAfter = (b) => (total > 0 ? 1 - b / allowedEvents : 1)
    remaining = remainingAfter(total - good)
    budget = { remainingPercent: remaining * 100, allowedEvents, remainingEvents: allowedEvents - (total - good), allowedMinutes: null, remainingMinutes: null }
  }

  const burnRates = BURN_RATE_WINDOWS.map((w) => ({ window: w, burnRate: burnRateOf(slo, rows, end, BURN_WINDOW_MS[w]) }))
  const burn = (w: BurnRateWindow) => burnRates.find((b) => b.window === w)?.burnRate ?? null
  const current = burn(CURRENT_BURN_WINDOW)
  const timeToExhaustionMs = remaining <= 0 ? 0 : current !== null && current > 0 ? (remaining * window.periodMs) / current : null
  const alerts = burnRateAlerts(slo).map((pair) => {
    const long = burn(pair.long)
    const short = burn(pair.short)
    return {
      severity: pair.severity,
      longWindow: pair.long,
      shortWindow: pair.short,
      budgetShare: pair.budgetShare,
      factor: pair.factor,
      longBurnRate: long,
      shortBurnRate: short,
      firing: pairFires(pair, long, short),
    }
  })

  return {
    sli,
    events: { good, bad: total - good, total },
    slices,
    budget,
    burnRates,
    timeToExhaustionMs,
    alerts,
    history: historyStepMs === null ? [] : history(slo, frame, inWindow, historyStepMs, remainingAfter),
  }
}

/** Per bucket: its own SLI, and the budget left at its end counting from the window's start (a burn-down). */
function history(slo: Slo, frame: SloFrame, rows: SegmentCount[], step: number, remainingAfter: (bad: number) => number): SloHistoryPoint[] {
  const { end, window } = frame
  const byBucket = new Map<number, SegmentCount[]>()
  for (const row of rows) {
    const key = Math.floor(row.bucket / step) * step
    const list = byBucket.get(key)
    if (list) list.push(row)
    else byBucket.set(key, [row])
  }
  const points: SloHistoryPoint[] = []
  let spent = 0
  for (let bucket = Math.floor(window.from / step) * step; bucket < end; bucket += step) {
    const mine = byBucket.get(bucket) ?? []
    const good = sum(mine, 'good')
    const total = sum(mine, 'total')
    const t = Math.max(bucket, window.from)
    let sli: number | null
    let badSlices: number | null = null
    if (slo.budgeting.method === 'Timeslices') {
      badSlices = sum(mine, 'badSlices')
      const slicesHere = Math.round((Math.min(bucket + step, end) - t) / (slo.budgeting.sliceMinutes * MINUTE_MS))
      sli = sum(mine, 'withEvents') > 0 ? 1 - badSlices / slicesHere : null
      spent += badSlices
    } else {
      sli = total > 0 ? good / total : null
      spent += total - good
    }
    points.push({ t, good, total, badSlices, sli, budgetRemainingPercent: remainingAfter(spent) * 100 })
  }
  return points
}
