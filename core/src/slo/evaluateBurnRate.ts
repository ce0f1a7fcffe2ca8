import type { BurnRateWindow } from '../api/slo.js'
import type { Store } from '../store.js'
import type { QueryOptions } from '../telemetry/queries/storeQuery.js'
import { BURN_WINDOW_MS, type BurnRatePair, burnRateAlerts, pairFires } from './burnRateAlerts.js'
import { readSloCounts } from './readSloCounts.js'
import type { Slo } from './slo.js'
import { burnRateOf } from './sloFigures.js'
import { sloEnd } from './sloStatuses.js'

export interface WindowBurn {
  window: BurnRateWindow
  /** [from, to): the window evaluated. */
  from: number
  to: number
  /** Null without events in the window (Occurrences). */
  burnRate: number | null
}

export interface BurnRateEvaluation {
  pair: BurnRatePair
  long: WindowBurn
  short: WindowBurn
  /** Both burn rates above the pair's factor. */
  firing: boolean
}

/**
 * The burn rates of an SLO over a pair's long and short windows, ending at the last whole minute
 * (or time slice) before `at`, and whether the pair fires: what a burn-rate alert rule evaluates.
 * Reads only those windows (one query).
 */
export async function evaluateBurnRate(store: Store, slo: Slo, pair: BurnRatePair, at: number, options: QueryOptions = {}): Promise<BurnRateEvaluation> {
  const [evaluation] = await evaluateBurnRates(store, slo, at, options, [pair])
  return evaluation
}

/** Every pair of burnRateAlerts(slo) (or those given) in one query. */
export async function evaluateBurnRates(store: Store, slo: Slo, at: number, options: QueryOptions = {}, pairs = burnRateAlerts(slo)): Promise<BurnRateEvaluation[]> {
  const [evaluations] = await evaluateSlosBurnRates(store, [slo], at, options, () => pairs)
  return evaluations
}

/**
 * Every pair of each SLO, for many SLOs at once: SLOs that read alike share a query
 * (readSloCounts.ts), so an alert engine evaluating all burn-rate rules pays a few queries, not
 * one per SLO.
 */
export async function evaluateSlosBurnRates(
  store: Store,
  slos: Slo[],
  at: number,
  options: QueryOptions = {},
  pairsOf: (slo: Slo) => BurnRatePair[] = burnRateAlerts,
): Promise<BurnRateEvaluation[][]> {
  const reads = slos.map((slo) => {
    const end = sloEnd(slo, at)
    const windows = [...new Set(pairsOf(slo).flatMap((p) => [p.long, p.short]))]
    return { slo, end, starts: windows.map((w) => end - BURN_WINDOW_MS[w]), historyStepMs: null }
  })
  const counts = await readSloCounts(store, reads, options)
  return slos.map((slo, i) => {
    const { end } = reads[i]
    const burn = (window: BurnRateWindow): WindowBurn => ({
      window,
      from: end - BURN_WINDOW_MS[window],
      to: end,
      burnRate: burnRateOf(slo, counts[i], end, BURN_WINDOW_MS[window]),
    })
    return pairsOf(slo).map((pair) => {
      const long = burn(pair.long)
      const short = burn(pair.short)
      return { pair, long, short, firing: pairFires(pair, long.burnRate, short.burnRate) }
    })
  })
}
