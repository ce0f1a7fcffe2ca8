import type { ServiceMapResponse } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { readEdges } from '../edges/edges.js'
import { quantileMs } from './redFigures.js'
import { servicesRed } from './services.js'
import type { QueryOptions } from './storeQuery.js'
import { minuteRange, rangeSeconds, type TimeRange } from './timeRange.js'

/** GET /api/v1/service-map: services with their request and error rates, and the calls between them. */
export async function serviceMap(store: Store, query: TimeRange, options: QueryOptions = {}): Promise<ServiceMapResponse> {
  const range = minuteRange(query)
  const seconds = rangeSeconds(range)
  const [services, edges] = await Promise.all([servicesRed(store, range, { ...options, previous: false }), readEdges(store, range, options)])
  const nodes = [...services.entries()]
    .filter(([, t]) => t.current)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, t]) => ({ service, requests: Number(t.current!.requests), errors: Number(t.current!.errors) }))
  return {
    nodes: nodes.map((n) => ({
      service: n.service,
      requestsPerSecond: Number(n.requests) / seconds,
      errorRate: Number(n.requests) > 0 ? Number(n.errors) / Number(n.requests) : 0,
    })),
    edges: edges.map((e) => ({
      source: e.source,
      target: e.target,
      callsPerSecond: Number(e.requests) / seconds,
      errorRate: Number(e.requests) > 0 ? Number(e.errors) / Number(e.requests) : 0,
      p50Ms: quantileMs(e, 0.5),
      p95Ms: quantileMs(e, 0.95),
    })),
  }
}
