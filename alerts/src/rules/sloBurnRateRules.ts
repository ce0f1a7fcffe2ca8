import { type BurnRateEvaluation, type DefinedSlo, evaluateSlosBurnRates, MeridianError, sloStatuses, type Store } from '@meridian/core'
import type { SloDetail } from '@meridian/core/api'
import type { AlertRule, Sample } from '../engine/alertRule.js'
import { windowMemo } from './windowMemo.js'

/** Finds an SLO by name among the current ones (files and API), at evaluation time. */
export type SloLookup = (name: string) => DefinedSlo | undefined

/** The burn-rate pairs of one severity: page pairs become a critical rule, ticket pairs a warning rule. */
export const SLO_RULE_SEVERITY = { page: 'critical', ticket: 'warning' } as const

/** Annotations every burn-rate alert has (the Slack message shows burn_rate and budget_remaining); a rule's own override them. */
export const SLO_ANNOTATIONS: Record<string, string> = {
  summary: '{{ $labels.slo }}: error budget burning {{ $value | printf "%.1f" }}x over {{ $values.long_window }} (factor {{ $threshold }})',
  burn_rate: '{{ $values.burn_rate_long | printf "%.2f" }}x over {{ $values.long_window }}, {{ $values.burn_rate_short | printf "%.2f" }}x over {{ $values.short_window }}',
  budget_remaining: '{{ $values.budget_remaining | printf "%.1f" }}%',
}

/** Every SLO's burn rates and status at one minute, read together (a few queries for all of them). */
interface SloTick {
  burns: Map<string, BurnRateEvaluation[]>
  statuses: Map<string, SloDetail>
}

function sloTick(store: Store, slos: DefinedSlo[], minute: number, signal: AbortSignal): Promise<SloTick> {
  const key = `slo:${store.database}:${minute}:${slos.map((d) => JSON.stringify(d.document)).join('\n')}`
  return windowMemo(key, async () => {
    const [burns, statuses] = await Promise.all([evaluateSlosBurnRates(store, slos.map((d) => d.slo), minute, { signal }), sloStatuses(store, slos, minute, { signal })])
    return {
      burns: new Map(slos.map((d, i) => [d.slo.name, burns[i]])),
      statuses: new Map(statuses.map((status) => [status.name, status])),
    }
  })
}

/**
 * The samples of one SLO's burn-rate pairs of one severity at `now`: one per pair (labels slo,
 * service, window "1h/5m"), value the long window's burn rate, threshold the factor, firing when
 * both windows burn faster (evaluateSlosBurnRates), values both rates and the budget left
 * (percent). Windows end at the last whole minute, so every burn-rate rule of a tick shares one
 * read of all SLOs (`all`, default just this one).
 */
export async function sloBurnRateSamples(store: Store, defined: DefinedSlo, severity: 'page' | 'ticket', now: number, signal: AbortSignal, all: DefinedSlo[] = [defined]): Promise<Sample[]> {
  const minute = Math.floor(now / 60_000) * 60_000
  const slos = all.some((d) => d.slo.name === defined.slo.name) ? all : [...all, defined]
  const tick = await sloTick(store, slos, minute, signal)
  const evaluations = tick.burns.get(defined.slo.name) ?? []
  const status = tick.statuses.get(defined.slo.name)
  return evaluations
    .filter((e) => e.pair.severity === severity)
    .map((e) => ({
      labels: { slo: defined.slo.name, service: defined.slo.service, window: `${e.pair.long}/${e.pair.short}` },
      value: e.long.burnRate,
      threshold: e.pair.factor,
      comparison: '>' as const,
      firing: e.firing,
      values: {
        long_window: e.pair.long,
        short_window: e.pair.short,
        burn_rate_long: e.long.burnRate ?? 0,
        burn_rate_short: e.short.burnRate ?? 0,
        budget_remaining: status?.budget.remainingPercent ?? 0,
        budget_share: e.pair.budgetShare,
      },
    }))
}

export interface SloRuleOptions {
  /** The engine rule id's stem: `<id>:page`, `<id>:ticket`. */
  id: string
  slo: string
  name: string
  lookup: SloLookup
  /** Every SLO that has burn-rate rules, read together per tick. */
  all?: () => DefinedSlo[]
  base?: Omit<AlertRule, 'id' | 'name' | 'severity' | 'evaluate'>
}

/** The two engine rules of an SLO's burn-rate alerts (page → critical, ticket → warning). */
export function sloBurnRateRules(options: SloRuleOptions): AlertRule[] {
  return (['page', 'ticket'] as const).map((severity) => ({
    ...options.base,
    annotations: { ...SLO_ANNOTATIONS, ...options.base?.annotations },
    id: `${options.id}:${severity}`,
    name: options.name,
    severity: SLO_RULE_SEVERITY[severity],
    evaluate: async (ctx) => {
      const defined = options.lookup(options.slo)
      if (!defined) throw new MeridianError(404, 'unknown_slo', `slo: no SLO named "${options.slo}" (in MERIDIAN_SLO_DIR or made through the API)`)
      return sloBurnRateSamples(ctx.store, defined, severity, ctx.now, ctx.signal, options.all?.())
    },
  }))
}
