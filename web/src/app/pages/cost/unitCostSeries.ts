import type { UnitCostsResponse } from '@meridian/core/api'

const DAY = 86_400_000

/**
 * Cost per 1,000 requests of each service by day, over every day of the range (null on days a
 * service has no cost or no requests: unit costs count only days with both, docs/allocation.md).
 */
export function unitCostSeries(data: UnitCostsResponse): { t: number[]; series: { service: string; values: (number | null)[] }[] } {
  const t: number[] = []
  for (let d = data.from; d < data.to; d += DAY) t.push(d)
  const index = new Map(t.map((d, i) => [d, i]))
  const series = data.services.map((s) => {
    const values: (number | null)[] = t.map(() => null)
    for (const day of s.days) {
      const i = index.get(day.day)
      if (i !== undefined) values[i] = day.costPer1000Requests
    }
    return { service: s.service, values }
  })
  return { t, series }
}
