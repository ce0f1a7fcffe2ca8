/*
 * What the query benchmark asks each endpoint: requests a user of the explorer makes, varied by
 * service, time range (the last 1, 6 or 24 hours) and filters, in a fixed rotation so every run
 * asks the same mix.
 */
import * as api from '@meridian/core/api'

export interface Sample {
  /** Services seen in the data, with their operations. */
  services: { service: string; operations: string[] }[]
  /** Trace ids of stored traces (a random sample). */
  traceIds: string[]
  /** User ids that occur in span and log attributes. */
  userIds: string[]
}

export interface Endpoint {
  name: string
  /** The target this endpoint is held to (docs/benchmarks.md). */
  target?: { percentile: 'p95' | 'p99'; ms: number }
  /** The response's contract. */
  schema: { parse(data: unknown): unknown }
  /** The i-th request: path and query string, at time `now`. */
  request(i: number, now: number): string
}

const HOUR = 3_600_000
const RANGES = [1, 6, 24]

const qs = (query: Record<string, string | number | string[] | undefined>) => {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v))
  }
  return search.toString()
}

/** The i-th time range: the last 1, 6 or 24 hours, changing every `every` requests so that filters and ranges combine. */
const rangeOf = (i: number, now: number, every = 1) => ({ from: now - RANGES[Math.floor(i / every) % RANGES.length] * HOUR, to: now })

const pick = <T>(list: T[], i: number) => list[i % list.length]

export function endpoints(sample: Sample): Endpoint[] {
  const names = sample.services.map((s) => s.service)
  const traceSearches: ((i: number) => Record<string, string | number | string[] | undefined>)[] = [
    () => ({}),
    (i) => ({ service: pick(names, i) }),
    (i) => ({ service: pick(names, i), status: 'Error' }),
    (i) => ({ service: pick(names, i), minDurationMs: 100 }),
    (i) => {
      const s = pick(sample.services, i)
      return { service: s.service, operation: pick(s.operations, i) }
    },
    (i) => ({ service: pick(names, i), spanAttr: `customer.tier=${pick(['free', 'pro', 'enterprise'], i)}` }),
    () => ({ spanAttr: 'http.response.status_code=503' }),
    (i) => ({ service: pick(names, i), sort: 'duration' }),
    (i) => ({ resourceAttr: `host.name=${pick(names, i)}-${i % 6}` }),
    (i) => ({ offset: 50, service: pick(names, i) }),
  ]
  const logSearches: ((i: number) => Record<string, string | number | string[] | undefined>)[] = [
    () => ({}),
    (i) => ({ service: pick(names, i), severity: ['ERROR', 'FATAL'] }),
    (i) => ({ q: pick(['timeout', 'declined', 'slow query', 'ECONNREFUSED', 'retrying'], i) }),
    (i) => ({ service: pick(names, i) }),
    (i) => ({ traceId: pick(sample.traceIds, i) }),
    (i) => ({ service: pick(names, i), q: pick(['cache lookup', 'completed', 'rows from'], i) }),
    () => ({ severity: 'WARN' }),
    (i) => ({ attr: `user.id=${pick(sample.userIds, i)}` }),
    (i) => ({ service: pick(names, i), attr: 'customer.tier=enterprise', severity: 'INFO' }),
  ]
  return [
    {
      name: 'services',
      target: { percentile: 'p99', ms: 50 },
      schema: api.servicesResponse,
      request: (i, now) => `/api/v1/services?${qs(rangeOf(i, now))}`,
    },
    {
      name: 'service page',
      target: { percentile: 'p99', ms: 50 },
      schema: api.serviceResponse,
      request: (i, now) => `/api/v1/services/${encodeURIComponent(pick(names, i))}?${qs(rangeOf(i, now, names.length))}`,
    },
    {
      name: 'service map',
      schema: api.serviceMapResponse,
      request: (i, now) => `/api/v1/service-map?${qs(rangeOf(i, now))}`,
    },
    {
      name: 'trace search',
      target: { percentile: 'p99', ms: 50 },
      schema: api.traceSearchResponse,
      request: (i, now) => `/api/v1/traces?${qs({ ...rangeOf(i, now, traceSearches.length), ...pick(traceSearches, i)(Math.floor(i / 3)) })}`,
    },
    {
      name: 'trace by id',
      target: { percentile: 'p95', ms: 10 },
      schema: api.traceResponse,
      request: (i) => `/api/v1/traces/${pick(sample.traceIds, i * 7919)}`,
    },
    {
      name: 'log search',
      target: { percentile: 'p99', ms: 50 },
      schema: api.logSearchResponse,
      request: (i, now) => `/api/v1/logs?${qs({ ...rangeOf(i, now, logSearches.length), ...pick(logSearches, i)(Math.floor(i / 3)) })}`,
    },
    {
      name: 'log search: rare text',
      schema: api.logSearchResponse,
      // text that occurs in a handful of records a day: the whole range is read
      request: (i, now) => `/api/v1/logs?${qs({ ...rangeOf(i, now), q: `order ${10_000 + ((i * 7919) % 90_000)}:` })}`,
    },
    {
      name: 'log histogram',
      schema: api.logHistogramResponse,
      request: (i, now) => `/api/v1/logs/histogram?${qs({ ...rangeOf(i, now, 3), ...[{}, { service: pick(names, i) }, { severity: ['ERROR', 'FATAL'] }][i % 3] })}`,
    },
    {
      name: 'metric names',
      schema: api.metricNamesResponse,
      request: (i) => `/api/v1/metrics${i % 2 ? `?service=${encodeURIComponent(pick(names, i))}` : ''}`,
    },
    {
      name: 'metric query',
      schema: api.metricQueryResponse,
      request: (i, now) => {
        const service = pick(names, Math.floor(i / 4))
        const queries = [
          { name: 'process.memory.usage', aggregation: 'avg', service, groupBy: 'host.name' },
          { name: 'http.server.request.count', aggregation: 'rate', service, groupBy: 'http.route' },
          { name: 'http.server.duration', aggregation: 'p95', service },
          { name: 'process.memory.usage', aggregation: 'max', groupBy: 'memory.type' },
        ]
        return `/api/v1/metrics/query?${qs({ ...rangeOf(Math.floor(i / 4), now), ...pick(queries, i) })}`
      },
    },
  ]
}
