import { z } from 'zod'

/*
 * The explorer API's contracts (issue 4), one zod schema per request and response. The server
 * validates input and output with them and generates OpenAPI from them; the web app parses
 * responses with them. Browser-safe: imports nothing but zod.
 *
 * Conventions: times are epoch milliseconds (numbers) unless they need nanoseconds, which travel
 * as decimal strings (span start times, durations in a trace); durations are milliseconds as
 * floats; rates are per second; error rates are fractions (0.05 = 5 %).
 */

// ---- query building blocks ----

/** Epoch milliseconds, or an ISO 8601 date-time, in a query string. */
export const timeParam = z.union(
  [z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))],
  { error: 'must be epoch milliseconds or an ISO 8601 date-time' },
)

export const timeRangeQuery = z
  .object({
    from: timeParam.describe('start of the range (epoch ms or ISO 8601), inclusive'),
    to: timeParam.describe('end of the range (epoch ms or ISO 8601), exclusive'),
  })
  .refine((q) => q.to > q.from, { message: 'must be after from', path: ['to'] })

/** `key=value` (equals) or `key!=value` (not equals); repeated in the query string. */
export const attributeFilter = z
  .string()
  .regex(/^[^=!]+!?=.*$/, 'must be key=value or key!=value')
  .transform((s) => {
    const negated = /^[^=!]+!=/.test(s)
    const at = s.indexOf(negated ? '!=' : '=')
    return { key: s.slice(0, at), value: s.slice(at + (negated ? 2 : 1)), negated }
  })
export type AttributeFilter = z.output<typeof attributeFilter>

/** One or many of a repeated query parameter; absent is an empty list (so optional in OpenAPI). */
export const repeated = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).default([]))

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
})

// ---- RED figures ----

/**
 * A service's figures count its entry spans (kind Server or Consumer: the work it is asked to do);
 * a service without any in the range is measured on all its spans. An operation's figures count
 * its spans of that kind. RED figures cover whole minutes: the range widened to minute boundaries.
 */
export const redFigures = z.object({
  requests: z.number().describe('spans in the range (for a service: its Server and Consumer spans, or all when it has none)'),
  requestsPerSecond: z.number(),
  errorRate: z.number().describe('fraction of spans with status Error'),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
})
export type RedFigures = z.infer<typeof redFigures>

/** Per time bucket, aligned with `t` (bucket starts, epoch ms). */
export const redSeries = z.object({
  stepMs: z.number().int(),
  t: z.array(z.number()),
  requestsPerSecond: z.array(z.number()),
  errorRate: z.array(z.number().nullable()),
  p95Ms: z.array(z.number().nullable()),
})
export type RedSeries = z.infer<typeof redSeries>

// ---- services ----

export const servicesQuery = timeRangeQuery
export const serviceSummary = z.object({
  service: z.string(),
  current: redFigures,
  /** The same figures over the period of equal length just before; null when it had no spans. */
  previous: redFigures.nullable(),
  series: redSeries,
})
export const servicesResponse = z.object({ services: z.array(serviceSummary) })
export type ServicesResponse = z.infer<typeof servicesResponse>

export const serviceParams = z.object({ service: z.string().min(1) })
export const serviceQuery = timeRangeQuery

export const operationSummary = z.object({ operation: z.string(), spanKind: z.string(), current: redFigures, previous: redFigures.nullable() })
export const latencyHeatmap = z.object({
  /** Bucket starts (epoch ms) along x. */
  t: z.array(z.number()),
  /** Upper bounds of the latency buckets along y (ms). */
  bucketsMs: z.array(z.number()),
  /** [x index, y index, span count], only where the count is > 0. */
  cells: z.array(z.tuple([z.number().int(), z.number().int(), z.number()])),
})
export const topError = z.object({
  type: z.string().describe('exception.type of the span events, or the status message when there is none'),
  message: z.string(),
  operation: z.string(),
  count: z.number(),
  lastSeen: z.number(),
  sampleTraceId: z.string(),
})
export const peerService = z.object({ service: z.string(), callsPerSecond: z.number(), errorRate: z.number(), p95Ms: z.number().nullable() })
export const serviceResponse = z.object({
  service: z.string(),
  current: redFigures,
  previous: redFigures.nullable(),
  series: redSeries,
  operations: z.array(operationSummary),
  latency: latencyHeatmap,
  topErrors: z.array(topError),
  /** Services that call this one. */
  upstream: z.array(peerService),
  /** Services this one calls. */
  downstream: z.array(peerService),
})
export type ServiceResponse = z.infer<typeof serviceResponse>

export const serviceMapQuery = timeRangeQuery
export const serviceMapResponse = z.object({
  nodes: z.array(z.object({ service: z.string(), requestsPerSecond: z.number(), errorRate: z.number() })),
  edges: z.array(
    z.object({
      source: z.string().describe('the calling service'),
      target: z.string().describe('the called service'),
      callsPerSecond: z.number(),
      errorRate: z.number(),
      p50Ms: z.number().nullable(),
      p95Ms: z.number().nullable(),
    }),
  ),
})
export type ServiceMapResponse = z.infer<typeof serviceMapResponse>

// ---- traces ----

export const spanStatus = z.enum(['Unset', 'Ok', 'Error'])

export const traceSearchQuery = z.intersection(
  timeRangeQuery,
  pageQuery.extend({
    service: z.string().min(1).optional(),
    operation: z.string().min(1).optional(),
    minDurationMs: z.coerce.number().nonnegative().optional(),
    maxDurationMs: z.coerce.number().nonnegative().optional(),
    status: spanStatus.optional(),
    spanAttr: repeated(attributeFilter).describe('span attribute filters, key=value or key!=value'),
    resourceAttr: repeated(attributeFilter).describe('resource attribute filters, key=value or key!=value'),
    sort: z.enum(['timestamp', 'duration']).default('timestamp'),
    order: z.enum(['asc', 'desc']).default('desc'),
  }).refine((q) => q.minDurationMs === undefined || q.maxDurationMs === undefined || q.maxDurationMs >= q.minDurationMs, {
    message: 'must not be below minDurationMs',
    path: ['maxDurationMs'],
  }),
)
/** A search hit: one span that matches, with its trace. */
export const spanHit = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string(),
  service: z.string(),
  operation: z.string(),
  spanKind: z.string(),
  timestamp: z.number().describe('start, epoch ms'),
  durationMs: z.number(),
  statusCode: z.string(),
})
export const traceSearchResponse = z.object({
  hits: z.array(spanHit),
  /** Whether more hits follow this page. */
  more: z.boolean(),
})
export type TraceSearchResponse = z.infer<typeof traceSearchResponse>

export const traceParams = z.object({ traceId: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex digits') })
export const traceQuery = z
  .object({
    from: timeParam.optional().describe('narrows the lookup when known; the whole retention otherwise'),
    to: timeParam.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to > q.from, { message: 'must be after from', path: ['to'] })
export const attributes = z.record(z.string(), z.string())
export const traceSpan = z.object({
  spanId: z.string(),
  parentSpanId: z.string(),
  service: z.string(),
  operation: z.string(),
  spanKind: z.string(),
  /** Nanoseconds since the epoch, as a decimal string. */
  startNs: z.string(),
  durationNs: z.string(),
  statusCode: z.string(),
  statusMessage: z.string(),
  traceState: z.string(),
  scopeName: z.string(),
  scopeVersion: z.string(),
  attributes,
  resourceAttributes: attributes,
  events: z.array(z.object({ timeNs: z.string(), name: z.string(), attributes })),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string(), traceState: z.string(), attributes })),
})
export const logRecord = z.object({
  timestamp: z.number().describe('epoch ms'),
  timeNs: z.string(),
  service: z.string(),
  severityText: z.string(),
  severityNumber: z.number().int(),
  body: z.string(),
  traceId: z.string(),
  spanId: z.string(),
  attributes,
  resourceAttributes: attributes,
})
export type LogRecord = z.infer<typeof logRecord>
export const traceResponse = z.object({ traceId: z.string(), spans: z.array(traceSpan), logs: z.array(logRecord) })
export type TraceResponse = z.infer<typeof traceResponse>

// ---- logs ----

export const severity = z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'])
const logFilters = z.object({
  service: z.string().min(1).optional(),
  severity: repeated(severity).describe('severity ranges (by SeverityNumber: TRACE 1-4 … FATAL 21-24)'),
  q: z.string().max(1000).optional().describe('text the body contains (case-insensitive)'),
  attr: repeated(attributeFilter).describe('log attribute filters, key=value or key!=value'),
  traceId: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex digits').optional(),
})
export const logSearchQuery = z.intersection(timeRangeQuery, pageQuery.extend(logFilters.shape).extend({ order: z.enum(['asc', 'desc']).default('desc') }))
export const logSearchResponse = z.object({ logs: z.array(logRecord), more: z.boolean() })
export type LogSearchResponse = z.infer<typeof logSearchResponse>

export const logHistogramQuery = z.intersection(timeRangeQuery, logFilters)
export const logHistogramResponse = z.object({
  stepMs: z.number().int(),
  t: z.array(z.number()),
  /** Counts per bucket for every severity (all six keys; zeros where none). A record without a severity number counts by its text, else as INFO. */
  counts: z.record(severity, z.array(z.number())),
})
export type LogHistogramResponse = z.infer<typeof logHistogramResponse>

/** Live tail (server-sent events, one `log` event per record): the filters of a search, from now on. */
export const logTailQuery = logFilters

// ---- metrics ----

export const metricType = z.enum(['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary'])
export const metricNamesQuery = z.object({ service: z.string().min(1).optional() })
export const metricNamesResponse = z.object({
  metrics: z.array(z.object({ name: z.string(), type: metricType, unit: z.string(), description: z.string(), services: z.array(z.string()) })),
})
export type MetricNamesResponse = z.infer<typeof metricNamesResponse>

export const metricAggregation = z.enum(['sum', 'avg', 'min', 'max', 'rate', 'p50', 'p75', 'p90', 'p95', 'p99'])
export const metricQuery = z.intersection(
  timeRangeQuery,
  z.object({
    name: z.string().min(1),
    aggregation: metricAggregation.default('avg').describe('rate: per second, for sums; p50..p99: for histograms'),
    service: z.string().min(1).optional(),
    filter: repeated(attributeFilter).describe('data point attribute filters, key=value or key!=value'),
    groupBy: repeated(z.string().min(1)).describe('data point attribute keys to group by'),
    stepMs: z.coerce.number().int().min(1000).optional().describe('bucket width; chosen from the range when absent'),
  }),
)
export const metricQueryResponse = z.object({
  name: z.string(),
  type: metricType,
  unit: z.string(),
  aggregation: metricAggregation,
  stepMs: z.number().int(),
  t: z.array(z.number()),
  series: z.array(z.object({ group: z.record(z.string(), z.string()), values: z.array(z.number().nullable()) })),
})
export type MetricQueryResponse = z.infer<typeof metricQueryResponse>

// ---- the running Meridian ----

/** GET /api/v1/info: where OpenTelemetry data goes and which store is in use (the web app's MeridianInfo). */
export const infoResponse = z.object({
  otlpHttpUrl: z.string().describe('OTLP/HTTP base URL (paths /v1/traces, /v1/metrics, /v1/logs)'),
  otlpGrpcUrl: z.string(),
  storeKind: z.string().describe('embedded (chDB) or remote (a ClickHouse server)'),
  storeLocation: z.string().describe('the data directory, or the server address'),
})
export type InfoResponse = z.infer<typeof infoResponse>

// ---- errors ----

export const apiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) })
export type ApiError = z.infer<typeof apiError>
