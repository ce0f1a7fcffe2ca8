import { BURN_RATE_WINDOWS, type SloDetail, type SloStatus } from '../api/slo.js'
import type { Store } from '../store.js'
import type { QueryOptions } from '../telemetry/queries/storeQuery.js'
import { BURN_WINDOW_MS } from './burnRateAlerts.js'
import { readSloCounts, type SloRead, sloSource } from './readSloCounts.js'
import type { DefinedSlo, Slo } from './slo.js'
import { type SloFrame, sloFigures } from './sloFigures.js'
import { DAY_MS, HOUR_MS, MINUTE_MS, windowAt, windowDuration } from './sloWindow.js'
import { thresholdBucket } from './thresholdBucket.js'

/** Where an SLO's windows end when evaluated at `at`: the last whole minute, or time slice. */
export function sloEnd(slo: Slo, at: number): number {
  const step = (slo.budgeting.method === 'Timeslices' ? slo.budgeting.sliceMinutes : 1) * MINUTE_MS
  return Math.floor(at / step) * step
}

/** History buckets: hours for a window of up to 7 days, else days (UTC). */
export const historyStepOf = (slo: Slo) => (slo.window.kind === 'rolling' && slo.window.days <= 7 ? HOUR_MS : DAY_MS)

export function sloFrame(slo: Slo, at: number): SloFrame {
  const end = sloEnd(slo, at)
  return { end, window: windowAt(slo.window, end) }
}

function describe(defined: DefinedSlo, frame: SloFrame): Omit<SloStatus, 'sli' | 'events' | 'slices' | 'budget' | 'burnRates' | 'timeToExhaustionMs' | 'alerts'> {
  const { slo } = defined
  const ind = slo.indicator
  return {
    name: slo.name,
    displayName: slo.displayName,
    description: slo.description,
    service: slo.service,
    origin: defined.origin,
    file: defined.file,
    indicator: {
      kind: ind.kind,
      source: sloSource(slo),
      thresholdMs: ind.kind === 'threshold' ? ind.thresholdMs : null,
      effectiveThresholdMs: ind.kind === 'threshold' ? (sloSource(slo) === 'red' ? thresholdBucket(ind.thresholdMs).effectiveMs : ind.thresholdMs) : null,
    },
    target: slo.target,
    budgetingMethod: slo.budgeting.method,
    timeSlice: slo.budgeting.method === 'Timeslices' ? { minutes: slo.budgeting.sliceMinutes, target: slo.budgeting.sliceTarget } : null,
    window: { kind: slo.window.kind, duration: windowDuration(slo.window), from: frame.window.from, to: frame.end, periodMs: frame.window.periodMs },
  }
}

export interface SloStatusOptions extends QueryOptions {
  /** With the history of each (a burn-down per hour or day). */
  history?: boolean
}

/**
 * Status of each SLO at `at`: SLI, budget, burn rates, alert conditions (and history): one query
 * per group of SLOs (readSloCounts.ts), the figures in TypeScript.
 */
export async function sloStatuses(store: Store, slos: DefinedSlo[], at: number, options: SloStatusOptions = {}): Promise<SloDetail[]> {
  const frames = slos.map(({ slo }) => sloFrame(slo, at))
  const reads: SloRead[] = slos.map(({ slo }, i) => ({
    slo,
    end: frames[i].end,
    starts: [frames[i].window.from, ...BURN_RATE_WINDOWS.map((w) => frames[i].end - BURN_WINDOW_MS[w])],
    historyStepMs: options.history ? historyStepOf(slo) : null,
  }))
  const counts = await readSloCounts(store, reads, options)
  return slos.map((defined, i) => {
    const step = options.history ? historyStepOf(defined.slo) : null
    const { history, ...figures } = sloFigures(defined.slo, frames[i], counts[i], step)
    return { ...describe(defined, frames[i]), ...figures, history, historyStepMs: step ?? 0, definition: defined.document }
  })
}

/** Least budget left first (then by name), as the SLO list shows them. */
export const byBudgetLeft = (a: SloStatus, b: SloStatus) => a.budget.remainingPercent - b.budget.remainingPercent || a.name.localeCompare(b.name)
