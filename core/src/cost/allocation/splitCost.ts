/*
 * Dividing one amount among services. The last portion takes what the others leave, so the
 * portions always add up to the amount (in floating point, nothing is lost or made up).
 */

export interface Portion {
  service: string
  cost: number
}

/**
 * By weights (requests, CPU seconds): each service's share of the total weight, among `among`
 * when given. Undefined when there is nothing to divide by (no weight that day): the caller
 * keeps the cost unallocated rather than guess.
 */
export function splitByWeights(cost: number, weights: ReadonlyMap<string, number>, among?: readonly string[]): Portion[] | undefined {
  const entries = [...weights.entries()].filter(([service, w]) => w > 0 && (!among || among.includes(service))).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const total = entries.reduce((sum, [, w]) => sum + w, 0)
  if (entries.length === 0 || total <= 0) return undefined
  return withRemainderLast(
    cost,
    entries.map(([service, w]) => ({ service, cost: (cost * w) / total })),
  )
}

/** By fixed percentages; what they leave below 100 % is the remainder (kept unallocated by the caller). */
export function splitByPercent(cost: number, shares: Readonly<Record<string, number>>): { portions: Portion[]; remainder: number } {
  const entries = Object.entries(shares)
  const total = entries.reduce((sum, [, pct]) => sum + pct, 0)
  if (total >= 100 - 1e-9) return { portions: withRemainderLast(cost, entries.map(([service, pct]) => ({ service, cost: (cost * pct) / 100 }))), remainder: 0 }
  const portions = entries.map(([service, pct]) => ({ service, cost: (cost * pct) / 100 }))
  return { portions, remainder: cost - portions.reduce((sum, p) => sum + p.cost, 0) }
}

function withRemainderLast(cost: number, portions: Portion[]): Portion[] {
  const others = portions.slice(0, -1).reduce((sum, p) => sum + p.cost, 0)
  portions[portions.length - 1].cost = cost - others
  return portions
}
