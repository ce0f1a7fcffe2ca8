import type { SloStatus } from '@meridian/core/api'

/*
 * How an SLO is doing, in one word and one colour, from its status: the burn-rate conditions
 * decide first (a page that fires is worse than a low budget), then what is left of the budget.
 */

export type SloTone = 'ok' | 'warn' | 'bad' | 'none'
export type SloHealthReason = 'exhausted' | 'page' | 'ticket' | 'low' | 'noData' | 'healthy'

export interface SloHealth {
  tone: SloTone
  reason: SloHealthReason
}

/** Below this much budget left an SLO is shown as at risk even while nothing fires. */
export const LOW_BUDGET_PERCENT = 25

type HealthInput = Pick<SloStatus, 'sli' | 'budget' | 'alerts'>

export function sloHealth(s: HealthInput): SloHealth {
  if (s.sli !== null && s.budget.remainingPercent <= 0) return { tone: 'bad', reason: 'exhausted' }
  if (s.alerts.some((a) => a.firing && a.severity === 'page')) return { tone: 'bad', reason: 'page' }
  if (s.alerts.some((a) => a.firing)) return { tone: 'warn', reason: 'ticket' }
  if (s.sli === null) return { tone: 'none', reason: 'noData' }
  if (s.budget.remainingPercent < LOW_BUDGET_PERCENT) return { tone: 'warn', reason: 'low' }
  return { tone: 'ok', reason: 'healthy' }
}

/** The highest burn rate over any window, with its window; null when no window has events. */
export function fastestBurn(burnRates: SloStatus['burnRates']): { window: string; burnRate: number } | null {
  let best: { window: string; burnRate: number } | null = null
  for (const b of burnRates) if (b.burnRate !== null && (best === null || b.burnRate > best.burnRate)) best = { window: b.window, burnRate: b.burnRate }
  return best
}

/** The budget bar: the share left (0..1) and its tone. */
export function budgetBar(s: HealthInput): { value: number; tone: 'ok' | 'warn' | 'bad' } {
  const left = s.budget.remainingPercent
  return { value: Math.max(0, Math.min(1, left / 100)), tone: left <= 0 ? 'bad' : left < LOW_BUDGET_PERCENT ? 'warn' : 'ok' }
}
