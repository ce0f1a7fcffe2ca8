import {
  type AllocationSettings,
  awsSyncStatus,
  type LlmPriceTable,
  type Logger,
  logHistogram,
  logSearch,
  MeridianError,
  metricNames,
  metricQueryRun,
  type SloFiles,
  type Store,
  serviceDetail,
  serviceMap,
  servicesOverview,
  traceById,
  traceSearch,
} from '@meridian/core'
import * as api from '@meridian/core/api'
import { z } from 'zod'
import { allocationRoutes } from './allocationRoutes.js'
import { billingImportRoutes } from './billingImportRoutes.js'
import type { UploadRoute } from './uploadRoute.js'
import type { DownloadRoute } from './downloadRoute.js'
import { type ReportContext, reportRoutes } from './reportRoutes.js'
import { type CostSettings, costRoutes } from './costRoutes.js'
import { sloRoutes } from './sloRoutes.js'
import { type AlertsSource, alertRoutes } from './alertRoutes.js'

/** What a route's handler works with. */
export interface RouteContext {
  store: Store
  /** Aborted when the client goes away. */
  signal: AbortSignal
  logger?: Logger
  /** What GET /info tells. */
  info: api.InfoResponse
  /** The allocation rules file (MERIDIAN_ALLOCATION_RULES), read at start. */
  allocation: AllocationSettings
  /** LLM prices: the defaults, or with MERIDIAN_LLM_PRICES's file. */
  llmPrices: LlmPriceTable
  /** Reporting currency, exchange rates and team costs of the cost routes (docs/finops.md). */
  costs?: CostSettings
  /** The SLO files (MERIDIAN_SLO_DIR; none when unset). */
  slos: SloFiles
  /** The alerts module's rules, alerts and silences (alertRoutes.ts); absent: the alert routes answer 503. */
  alerts?: AlertsSource
}

/** HTTP methods a route can answer; GET unless a route says otherwise. */
export type RouteMethod = 'get' | 'post' | 'put' | 'delete'

interface RouteBase<P extends z.ZodType, Q extends z.ZodType> {
  /** Under /api/v1, in Express syntax (`/traces/:traceId`). */
  path: string
  /** GET when absent. */
  method?: RouteMethod
  operationId: string
  summary: string
  description: string
  params?: P
  query: Q
  /** Statuses the route answers besides 200, 400 and 503, and when. */
  errors?: Record<number, string>
}

export interface JsonRoute<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>
  extends RouteBase<P, Q> {
  kind: 'json'
  /** A JSON request body (Content-Type: application/json), validated like the query; absent: the route takes none. */
  body?: B
  response: R
  /** The status of a success (200 when absent; 201 for a create). */
  status?: number
  handle(input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }, ctx: RouteContext): Promise<z.output<R>>
}

/** A server-sent events stream; the handler is in the app (it owns the response). */
export interface EventsRoute<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> extends RouteBase<P, Q> {
  kind: 'events'
  /** Event name → the schema of its JSON data. */
  events: Record<string, z.ZodType>
}

/** UploadRoute (uploadRoute.ts): a file as the raw body, e.g. POST /billing/imports; DownloadRoute (downloadRoute.ts): JSON or a file, e.g. GET /reports/finance. */
export type ApiRoute = JsonRoute | EventsRoute | UploadRoute | DownloadRoute<z.ZodType, ReportContext>

/** Types a route against its schemas, then files it with the others. */
const json = <P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType, B extends z.ZodType = z.ZodUndefined>(
  route: Omit<JsonRoute<P, Q, R, B>, 'kind'>,
): ApiRoute => ({ kind: 'json', ...route }) as unknown as ApiRoute

export const API_PREFIX = '/api/v1'

/**
 * Every route of the API: the app registers these and only these under API_PREFIX, and the
 * OpenAPI document is generated from the same list, so a route cannot exist without appearing
 * there.
 */
export const apiRoutes: ApiRoute[] = [
  json({
    path: '/info',
    operationId: 'getInfo',
    summary: 'Where to send OpenTelemetry data, and the store in use',
    description: 'The OTLP endpoints of this Meridian (the web app shows them to a new user) and whether the store is embedded or a ClickHouse server.',
    query: z.object({}),
    response: api.infoResponse,
    handle: async (_input, ctx) => ctx.info,
  }),
  json({
    path: '/services',
    operationId: 'listServices',
    summary: 'Services with their RED figures',
    description:
      'Every service with spans in the range or in the period of equal length before it: requests, rate, error rate and latency percentiles now and then, and a series over the range. From the per-minute RED aggregates, never raw spans.',
    query: api.servicesQuery,
    response: api.servicesResponse,
    handle: ({ query }, ctx) => servicesOverview(ctx.store, query, ctx),
  }),
  json({
    path: '/services/:service',
    operationId: 'getService',
    summary: 'One service: figures, operations, latency heatmap, errors, callers and callees',
    description:
      'RED figures and series of the service, per operation and span kind, a latency heatmap, its most frequent errors (with a sample trace), and the services that call it and that it calls.',
    params: api.serviceParams,
    query: api.serviceQuery,
    response: api.serviceResponse,
    handle: ({ params, query }, ctx) => serviceDetail(ctx.store, params.service, query, ctx),
  }),
  json({
    path: '/service-map',
    operationId: 'getServiceMap',
    summary: 'Services and the calls between them',
    description: 'A call is a span whose parent span belongs to another service; its rate, error rate and latency are the called span’s.',
    query: api.serviceMapQuery,
    response: api.serviceMapResponse,
    handle: ({ query }, ctx) => serviceMap(ctx.store, query, ctx),
  }),
  json({
    path: '/traces',
    operationId: 'searchSpans',
    summary: 'Search spans',
    description: 'Spans that match every filter, newest first by default; `more` tells whether another page follows.',
    query: api.traceSearchQuery,
    response: api.traceSearchResponse,
    handle: ({ query }, ctx) => traceSearch(ctx.store, query, ctx),
  }),
  json({
    path: '/traces/:traceId',
    operationId: 'getTrace',
    summary: 'A trace: its spans with events and links, and its log records',
    description: 'The trace’s time window is looked up first; `from` and `to` narrow that lookup when the caller knows them.',
    params: api.traceParams,
    query: api.traceQuery,
    response: api.traceResponse,
    errors: { 404: 'no trace with this id (in the range, when one is given)' },
    handle: async ({ params, query }, ctx) => {
      const trace = await traceById(ctx.store, params.traceId, query, ctx)
      if (!trace) throw new MeridianError(404, 'not_found', `traceId: no trace ${params.traceId}${query.from !== undefined || query.to !== undefined ? ' in that range' : ''}`)
      return trace
    },
  }),
  json({
    path: '/logs',
    operationId: 'searchLogs',
    summary: 'Search log records',
    description: 'Records that match every filter, newest first by default; `q` is text the body contains, case-insensitive.',
    query: api.logSearchQuery,
    response: api.logSearchResponse,
    handle: ({ query }, ctx) => logSearch(ctx.store, query, ctx),
  }),
  json({
    path: '/logs/histogram',
    operationId: 'logHistogram',
    summary: 'Log records per time bucket and severity',
    description: 'The filters of a search; counts for all six severities in every bucket.',
    query: api.logHistogramQuery,
    response: api.logHistogramResponse,
    handle: ({ query }, ctx) => logHistogram(ctx.store, query, ctx),
  }),
  {
    kind: 'events',
    path: '/logs/tail',
    operationId: 'tailLogs',
    summary: 'Live tail of log records (server-sent events)',
    description:
      'From the moment of the request on, one `log` event per record that matches the filters, with the record as JSON data, oldest first; the store is polled about every second. A comment line arrives every 15 s when nothing else does. An `error` event carries {error:{code,message}} when a poll fails; the stream goes on.',
    query: api.logTailQuery,
    events: { log: api.logRecord, error: api.apiError },
  },
  json({
    path: '/metrics',
    operationId: 'listMetrics',
    summary: 'Metric names',
    description: 'Every metric with its type, unit, description and the services that report it.',
    query: api.metricNamesQuery,
    response: api.metricNamesResponse,
    handle: ({ query }, ctx) => metricNames(ctx.store, query, ctx),
  }),
  json({
    path: '/metrics/query',
    operationId: 'queryMetric',
    summary: 'A metric over time',
    description:
      'One series per group of `groupBy` values. `rate` applies to sum metrics only, `p50`..`p99` to histograms (explicit and exponential) only; other combinations answer 400 naming `aggregation`.',
    query: api.metricQuery,
    response: api.metricQueryResponse,
    errors: { 404: 'no metric of that name (for that service, when one is given)' },
    handle: ({ query }, ctx) => metricQueryRun(ctx.store, query, ctx),
  }),
  json({
    path: '/billing/aws/status',
    operationId: 'getAwsSyncStatus',
    summary: 'The AWS Cost Explorer sync: requests made, last run, next run, last error',
    description:
      'Runs and their GetCostAndUsage request counts (each costs $0.01) from the import records; the schedule and next run when this server’s process runs the sync (docs/billing-aws.md).',
    query: api.awsSyncStatusQuery,
    response: api.awsSyncStatusResponse,
    handle: (_input, ctx) => awsSyncStatus(ctx.store, ctx),
  }),
  ...allocationRoutes,
  ...costRoutes,
  ...billingImportRoutes,
  ...reportRoutes,
  ...sloRoutes,
  ...alertRoutes,
]

/** The path parameter names of an Express path (`/traces/:traceId` → traceId). */
export const pathParameters = (path: string) => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1])

/** An Express path in OpenAPI syntax (`/traces/{traceId}`). */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

/** Params of a route without a params schema: none. */
export const NO_PARAMS = z.object({})
