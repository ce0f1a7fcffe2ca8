import type { UnitCostsResponse } from '../../api/allocation.js'
import { ENTRY_SPAN_KINDS } from '../../schema/explorerTables.js'
import type { Store } from '../../store.js'
import { SqlParams, secondTime } from '../../telemetry/queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../../telemetry/queries/storeQuery.js'
import type { TimeRange } from '../../telemetry/queries/timeRange.js'
import { allocateCosts, type CostMetric, dayMs, wholeDays } from '../allocation/allocateCosts.js'
import { entryOf } from '../allocation/entryOf.js'
import { roundMoney } from '../allocation/roundMoney.js'
import { type AllocationSettings, loadRuleSet } from '../allocation/ruleSet.js'

/*
 * Cost per request: a service's allocated cost of a day over its requests that day, counted as
 * the explorer counts them (entry spans: Server and Consumer; all spans on a day it has none),
 * from the per-operation RED aggregate (30-minute cells, which tile a UTC day).
 *
 * Per endpoint (operation): the service's cost of the day is divided among its counted
 * operations by their share of its span time (default: a slow endpoint uses more of what the
 * service costs, so its requests cost more) or of its requests (then every endpoint's cost per
 * request is the service's).
 *
 * Over a range, figures add the days on which the service has cost: billing data arrives a day
 * or two after the spans, and counting requests of days whose cost is not in yet would make
 * requests look cheaper than they are. Services without cost in the range are left out.
 */

export interface UnitCostsQuery extends TimeRange {
  metric: CostMetric
  service?: string
  endpointSplit: 'duration' | 'requests'
}

interface OperationDay {
  day: string
  service: string
  operation: string
  kind: string
  requests: number
  durationNs: number
}

const ENTRY = new Set<string>(ENTRY_SPAN_KINDS)

async function operationDays(store: Store, range: TimeRange, services: string[], options: QueryOptions): Promise<OperationDay[]> {
  const p = new SqlParams()
  return selectRows<OperationDay>(
    store,
    `SELECT toString(toDate(Time, 'UTC')) AS day, ServiceName AS service, SpanName AS operation, SpanKind AS kind,
  sum(Requests) AS requests, sum(DurationSumNs) AS durationNs
FROM ${store.database}.meridian_red_30m
WHERE ServiceName IN ${p.add('Array(String)', services)} AND Time >= ${secondTime(p, range.from)} AND Time < ${secondTime(p, range.to)}
GROUP BY day, service, operation, kind`,
    p.values,
    options,
  )
}

const perRequest = (cost: number, requests: number) =>
  requests > 0 ? { costPerRequest: roundMoney(cost / requests), costPer1000Requests: roundMoney((cost * 1000) / requests) } : { costPerRequest: null, costPer1000Requests: null }

const figures = (cost: number, requests: number) => ({ cost: roundMoney(cost), requests, ...perRequest(cost, requests) })

/** The operations a service's requests are counted on, that day: its entry operations, or all when it has none. */
function countedOperations(ops: OperationDay[]): OperationDay[] {
  const entry = ops.filter((o) => ENTRY.has(o.kind) && o.requests > 0)
  return entry.length > 0 ? entry : ops.filter((o) => o.requests > 0)
}

/** GET /api/v1/unit-costs: cost per request and per 1,000 requests per service and endpoint, per day and over the range. */
export async function unitCosts(store: Store, settings: AllocationSettings, query: UnitCostsQuery, options: QueryOptions = {}): Promise<UnitCostsResponse> {
  const range = wholeDays(query)
  const ruleSet = await loadRuleSet(store, settings, options)
  const allocated = (await allocateCosts(store, ruleSet, range, query.metric, options)).filter(
    (e) => e.service !== null && (query.service === undefined || e.service === query.service),
  )

  // service → currency → day → cost; and each service's team
  const costs = new Map<string, Map<string, Map<string, number>>>()
  const teams = new Map<string, string | null>()
  for (const e of allocated) {
    const service = e.service as string
    const byDay = entryOf(entryOf(costs, service, () => new Map()), e.currency, () => new Map<string, number>())
    byDay.set(e.day, (byDay.get(e.day) ?? 0) + e.cost)
    if (!teams.get(service)) teams.set(service, e.team)
  }
  if (costs.size === 0) return { from: range.from, to: range.to, metric: query.metric, endpointSplit: query.endpointSplit, services: [] }

  // service → day → counted operations
  const ops = new Map<string, Map<string, OperationDay[]>>()
  for (const row of await operationDays(store, range, [...costs.keys()], options)) {
    entryOf(entryOf(ops, row.service, () => new Map()), row.day, () => []).push({ ...row, requests: Number(row.requests), durationNs: Number(row.durationNs) })
  }

  const services: UnitCostsResponse['services'] = []
  for (const [service, byCurrency] of costs) {
    for (const [currency, byDay] of byCurrency) {
      const days: UnitCostsResponse['services'][number]['days'] = []
      const endpoints = new Map<string, { operation: string; spanKind: string; cost: number; requests: number }>()
      let cost = 0
      let requests = 0
      for (const [day, dayCost] of [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const counted = countedOperations(ops.get(service)?.get(day) ?? [])
        const dayRequests = counted.reduce((s, o) => s + o.requests, 0)
        days.push({ day: dayMs(day), ...figures(dayCost, dayRequests) })
        cost += dayCost
        requests += dayRequests
        if (dayRequests === 0) continue
        const byDuration = query.endpointSplit === 'duration' && counted.some((o) => o.durationNs > 0)
        const weight = (o: OperationDay) => (byDuration ? o.durationNs : o.requests)
        const total = counted.reduce((s, o) => s + weight(o), 0)
        for (const o of counted) {
          const key = `${o.operation}\u0000${o.kind}`
          const endpoint = endpoints.get(key) ?? { operation: o.operation, spanKind: o.kind, cost: 0, requests: 0 }
          endpoint.cost += (dayCost * weight(o)) / total
          endpoint.requests += o.requests
          endpoints.set(key, endpoint)
        }
      }
      services.push({
        service,
        team: teams.get(service) ?? null,
        currency,
        ...figures(cost, requests),
        days,
        endpoints: [...endpoints.values()]
          .sort((a, b) => b.cost - a.cost || (a.operation < b.operation ? -1 : 1))
          .map((e) => ({ operation: e.operation, spanKind: e.spanKind, share: cost !== 0 ? roundMoney(e.cost / cost) : 0, ...figures(e.cost, e.requests) })),
      })
    }
  }
  services.sort((a, b) => b.cost - a.cost || (a.service < b.service ? -1 : 1))
  return { from: range.from, to: range.to, metric: query.metric, endpointSplit: query.endpointSplit, services }
}
