import type { Logger, Store } from '@meridian/core'
import { MeridianError } from '@meridian/core'
import type { PlaceholderInfo } from '@meridian/web'
import express, { type ErrorRequestHandler, type Express } from 'express'
import { type ApiOptions, registerApi } from './api/apiRouter.js'
import { staticWeb } from './staticWeb.js'

export interface AppContext {
  store: Store
  logger?: Logger
  /** What the start page tells a new user about where to send data. */
  placeholder: PlaceholderInfo
  /** The API's options besides the store, logger and info (response validation, live tail, shutdown). */
  api?: Omit<ApiOptions, 'store' | 'logger' | 'info'>
}

/** The HTTP API (/api/v1, its OpenAPI document at /api/openapi.json) and the web app. */
export function createApp(ctx: AppContext): Express {
  const app = express()
  app.disable('x-powered-by')

  app.get('/healthz', async (_req, res) => {
    try {
      const ok = await ctx.store.client.ping()
      if (!ok.success) throw ok.error
      res.json({ status: 'ok', store: ctx.store.kind })
    } catch (err) {
      res.status(503).json({ status: 'unavailable', store: ctx.store.kind, error: (err as Error).message })
    }
  })

  registerApi(app, {
    ...ctx.api,
    store: ctx.store,
    logger: ctx.logger,
    info: { otlpHttpUrl: ctx.placeholder.otlpHttpUrl, otlpGrpcUrl: ctx.placeholder.otlpGrpcUrl, storeKind: ctx.store.kind, storeLocation: ctx.placeholder.storeLocation },
  })

  // the web app (web/dist) for every GET outside /api
  app.use(staticWeb(ctx.placeholder))

  app.use((req, _res, next) => next(new MeridianError(404, 'not_found', `no route for ${req.method} ${req.path}`)))

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (err instanceof MeridianError) {
      if (err.status >= 500) ctx.logger?.warn({ err, path: req.path }, 'request failed')
      return void res.status(err.status).json(err.toJSON())
    }
    ctx.logger?.error({ err }, 'request failed')
    res.status(500).json({ error: { code: 'internal', message: 'internal error; see the server log' } })
  }
  app.use(onError)
  return app
}
