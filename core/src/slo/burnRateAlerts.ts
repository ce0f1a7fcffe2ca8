import type { BurnRateWindow } from '../api/slo.js'
import type { Slo } from './slo.js'
import { DAY_MS, HOUR_MS, MINUTE_MS, nominalPeriodMs } from './sloWindow.js'

/** Burn-rate windows in milliseconds. */
export const BURN_WINDOW_MS: Record<BurnRateWindow, number> = {
  '5m': 5 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': HOUR_MS,
  '2h': 2 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '1d': DAY_MS,
  '3d': 3 * DAY_MS,
}

/** One multiwindow condition: both windows must burn faster than `factor`. */
export interface BurnRatePair {
  severity: 'page' | 'ticket'
  long: BurnRateWindow
  short: BurnRateWindow
  /** Share of the period's error budget the long window spends at the factor. */
  budgetShare: number
  factor: number
}

/*
 * The Google SRE Workbook's multiwindow, multi-burn-rate alerts (chapter 5, "Alerting on SLOs"):
 * page when 2 % of the budget goes in an hour or 5 % in 6 hours, ticket when 10 % goes in a day or
 * in 3 days, each confirmed by a window a twelfth as long so the alert stops soon after the burn
 * does. The workbook's factors (14.4, 6, 3, 1) are for 30 days; the factor spending a share s of
 * the budget over a long window L is s × period / L, so they are derived from the SLO's period.
 */
const PAIRS: Omit<BurnRatePair, 'factor'>[] = [
  { severity: 'page', long: '1h', short: '5m', budgetShare: 0.02 },
  { severity: 'page', long: '6h', short: '30m', budgetShare: 0.05 },
  { severity: 'ticket', long: '1d', short: '2h', budgetShare: 0.1 },
  { severity: 'ticket', long: '3d', short: '6h', budgetShare: 0.1 },
]

/** The four window pairs of an SLO with factors for its period (30 days: 14.4, 6, 3, 1). */
export function burnRateAlerts(slo: Pick<Slo, 'window'>): BurnRatePair[] {
  const period = nominalPeriodMs(slo.window)
  // rounded so the workbook's figures come out as written (0.02 × 720 = 14.4, not 14.399999999999999)
  return PAIRS.map((pair) => ({ ...pair, factor: Math.round(pair.budgetShare * (period / BURN_WINDOW_MS[pair.long]) * 1e9) / 1e9 }))
}

/** Whether a pair fires: both burn rates above the factor (as the workbook's `>`); never without events. */
export const pairFires = (pair: BurnRatePair, long: number | null, short: number | null) => long !== null && short !== null && long > pair.factor && short > pair.factor
