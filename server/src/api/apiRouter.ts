import { type AllocationSettings, DEFAULT_PRICE_TABLE, type LlmPriceTable, type LogFilters, type Logger, MeridianError, NO_ALLOCATION_FILE, SloFiles, type Store } from '@meridian/core'
import type { InfoResponse } from '@meridian/core/api'
import express, { type Express, type RequestHandler } from 'express'
import { jsonSchema, objectProperties } from './jsonSchema.js'
import { streamLogTail, type TailOptions } from './logTailStream.js'
import type { CostSettings } from './costRoutes.js'
import { openApiDocument } from './openapi.js'
import { API_PREFIX, apiRoutes, type EventsRoute, type JsonRoute, NO_PARAMS } from './routes.js'
import { uploadHandler } from './uploadRoute.js'
import { downloadHandler } from './downloadRoute.js'
import type { FinanceReportSource } from './reportRoutes.js'
import type { AlertsSource } from './alertRoutes.js'
import { parseInput, rejectUnknown } from './validation.js'

export interface ApiOptions {
  store: Store
  logger?: Logger
  /** What GET /api/v1/info tells. */
  info: InfoResponse
  /**
   * Check every response against its contract before sending it (a mismatch is a 500 and an
   * error in the log). On by default: it costs well under a millisecond for the API's usual
   * answers (docs/benchmarks.md).
   */
  validateResponses?: boolean
  /** The live tail's settings (tests poll faster). */
  tail?: Omit<TailOptions, 'shutdown' | 'validate' | 'logger'>
  /** Ends live streams when the server stops. */
  shutdown?: AbortSignal
  /** The allocation rules file (none by default). */
  allocation?: AllocationSettings
  /** LLM prices (the defaults by default). */
  llmPrices?: LlmPriceTable
  /** The cost routes' reporting currency and exchange rates (none by default), and team costs. */
  costs?: CostSettings
  /** Largest file upload (POST /billing/imports), before and after decompression; 1 GiB by default. */
  maxUploadBytes?: number
  /** The finance report's builder and writers, from the alerts module (GET /reports/finance answers 503 without). */
  reports?: FinanceReportSource
  /** The SLO files (MERIDIAN_SLO_DIR); none by default. */
  slos?: SloFiles
  /** Rules, alerts and silences from the alerts module (alertRoutes.ts answer 503 without). */
  alerts?: AlertsSource
}

const NO_SLO_FILES = SloFiles.none()

/** Largest JSON request body. */
export const MAX_JSON_BODY = '1mb'

const parseJson = express.json({ limit: MAX_JSON_BODY })

/** A JSON body, or the 4xx that says why not: 415 for another content type, 413 over the limit, 400 for bad JSON. */
const jsonBody: RequestHandler = (req, res, next) => {
  if (!req.is('application/json')) return next(new MeridianError(415, 'unsupported_media_type', 'body: send JSON, with Content-Type: application/json'))
  parseJson(req, res, (err?: { type?: string; message?: string }) => {
    if (!err) return next()
    if (err.type === 'entity.too.large') return next(new MeridianError(413, 'payload_too_large', `body: larger than ${MAX_JSON_BODY}`))
    next(new MeridianError(400, 'bad_request', `body: not valid JSON (${err.message})`))
  })
}

/** Registers every route of the registry under /api/v1, and the OpenAPI document at /api/openapi.json. */
export function registerApi(app: Express, options: ApiOptions): void {
  const document = openApiDocument(apiRoutes)
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document)
  })
  for (const route of apiRoutes) {
    const path = `${API_PREFIX}${route.path}`
    if (route.kind === 'upload') app.post(path, uploadHandler(route, options))
    else if (route.kind === 'download') app.get(path, downloadHandler(route, { ...options, context: { reports: options.reports } }))
    else if (route.kind === 'json' && route.body) app[route.method ?? 'get'](path, jsonBody, handler(route, options))
    else app[route.method ?? 'get'](path, handler(route, options))
  }
}

function handler(route: JsonRoute | EventsRoute, options: ApiOptions): RequestHandler {
  const known = new Set(Object.keys(objectProperties(jsonSchema(route.query, 'input')).properties))
  const validate = options.validateResponses ?? true
  const input = (req: Parameters<RequestHandler>[0]) => {
    rejectUnknown(req.query as Record<string, unknown>, known)
    const body = route.kind === 'json' && route.body ? parseInput(route.body, req.body) : undefined
    return { params: parseInput(route.params ?? NO_PARAMS, req.params), query: parseInput(route.query, req.query), body }
  }

  if (route.kind === 'events') {
    return async (req, res, next) => {
      try {
        const { query } = input(req)
        await streamLogTail(options.store, query as LogFilters, req, res, { ...options.tail, shutdown: options.shutdown, validate, logger: options.logger })
      } catch (err) {
        if (res.headersSent) res.end()
        else next(err)
      }
    }
  }

  return async (req, res, next) => {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    try {
      const result = await route.handle(input(req), {
        store: options.store,
        signal: controller.signal,
        logger: options.logger,
        info: options.info,
        allocation: options.allocation ?? NO_ALLOCATION_FILE,
        llmPrices: options.llmPrices ?? DEFAULT_PRICE_TABLE,
        costs: options.costs,
        slos: options.slos ?? NO_SLO_FILES,
        alerts: options.alerts,
      })
      if (controller.signal.aborted) return
      if (validate) {
        const checked = route.response.safeParse(result)
        if (!checked.success) {
          options.logger?.error({ route: route.path, issues: checked.error.issues.slice(0, 5) }, 'response does not match its contract')
          throw new MeridianError(500, 'invalid_response', `the answer of ${route.path} does not match its contract; see the server log`)
        }
      }
      res.status(route.status ?? 200).json(result)
    } catch (err) {
      if (!controller.signal.aborted) next(err)
    }
  }
}
