import type { Logger, Store } from '@meridian/core'
import { MeridianError } from '@meridian/core'
import type { PlaceholderInfo } from '@meridian/web'
import express, { type ErrorRequestHandler, type Express } from 'express'
import { infoRoute } from './infoRoute.js'
import { staticWeb } from './staticWeb.js'

export interface AppContext {
  store: Store
  logger?: Logger
  /** What the start page tells a new user about where to send data. */
  placeholder: PlaceholderInfo
}

/** The HTTP API and the web app. Routes arrive with later issues; health and the start page are here. */
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

  app.use(infoRoute(ctx.store, ctx.placeholder))
  // the web app (web/dist) for every GET outside /api
  app.use(staticWeb(ctx.placeholder))

  app.use((req, _res, next) => next(new MeridianError(404, 'not_found', `no route for ${req.method} ${req.path}`)))

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    if (err instanceof MeridianError) return void res.status(err.status).json(err.toJSON())
    ctx.logger?.error({ err }, 'request failed')
    res.status(500).json({ error: { code: 'internal', message: 'internal error; see the server log' } })
  }
  app.use(onError)
  return app
}
