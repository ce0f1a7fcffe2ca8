import { type AllocationSettings, allocationCosts, type CurrencySettings, currencyConversion, type Store, unitCosts } from '@meridian/core'
import type { CostMetric, UnitCostLine } from '@meridian/core/api'
import { money } from './spendLines.js'

type Range = { start: number; end: number }

/** Keys of team sums: a team's name, and the unallocated cost apart from any team of that name. */
export const teamKey = (name: string, unallocated: boolean) => `${unallocated ? 'u' : 't'}:${name}`
export const teamOfKey = (key: string) => ({ name: key.slice(2), unallocated: key.startsWith('u:') })

/** A number in `from` in `to`, through the configured rates (exact on the decimal text, as the cost explorer converts). */
function converter(settings: CurrencySettings, currencies: string[], to: string) {
  const conversion = currencyConversion(settings, currencies, to)
  return { rates: conversion.rates, convert: (from: string, amount: number) => Number(conversion.convertText(from, amount.toFixed(12))) / 1e12 }
}

/**
 * Cost per team (cost allocation, core/src/cost/allocation) in the report's currency, keyed by
 * teamKey; a service without a team counts as team ''. Throws the 422 of a missing exchange rate.
 */
export async function teamCosts(store: Store, allocation: AllocationSettings, settings: CurrencySettings, range: Range, metric: CostMetric, currency: string, signal?: AbortSignal) {
  const result = await allocationCosts(store, allocation, { from: range.start, to: range.end, by: 'team', metric }, { signal })
  const { convert, rates } = converter(
    settings,
    result.totals.map((t) => t.currency),
    currency,
  )
  const sums = new Map<string, number>()
  for (const t of result.totals) sums.set(teamKey(t.name, t.unallocated), (sums.get(teamKey(t.name, t.unallocated)) ?? 0) + convert(t.currency, t.cost))
  return { sums, rates }
}

/** Cost per request per service in the report's currency, most expensive first (core's unitCosts: allocated cost over entry-span requests). */
export async function serviceUnitCosts(store: Store, allocation: AllocationSettings, settings: CurrencySettings, range: Range, metric: CostMetric, currency: string, signal?: AbortSignal) {
  const result = await unitCosts(store, allocation, { from: range.start, to: range.end, metric, endpointSplit: 'duration' }, { signal })
  const { convert, rates } = converter(
    settings,
    result.services.map((s) => s.currency),
    currency,
  )
  const byService = new Map<string, UnitCostLine>()
  for (const s of result.services) {
    const line = byService.get(s.service) ?? { service: s.service, team: s.team, cost: 0, requests: 0, costPerRequest: null, costPer1000Requests: null }
    line.cost += convert(s.currency, s.cost)
    // a service's requests are the same whatever currency its costs are in
    line.requests = s.requests
    byService.set(s.service, line)
  }
  const lines = [...byService.values()].map((l) => ({
    ...l,
    cost: money(l.cost),
    costPerRequest: l.requests > 0 ? money(l.cost / l.requests) : null,
    costPer1000Requests: l.requests > 0 ? money((l.cost * 1000) / l.requests) : null,
  }))
  return { lines: lines.sort((a, b) => b.cost - a.cost || (a.service < b.service ? -1 : 1)), rates }
}
