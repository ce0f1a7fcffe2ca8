import type { Store } from '@meridian/core'
import type { MeridianInfo, PlaceholderInfo } from '@meridian/web'
import { Router } from 'express'

/** GET /api/v1/info: where OpenTelemetry data goes (the web app's empty state shows it) and which store is in use. */
export function infoRoute(store: Store, placeholder: PlaceholderInfo): Router {
  const router = Router()
  const info: MeridianInfo = {
    otlpHttpUrl: placeholder.otlpHttpUrl,
    otlpGrpcUrl: placeholder.otlpGrpcUrl,
    storeKind: store.kind,
    storeLocation: placeholder.storeLocation,
  }
  router.get('/api/v1/info', (_req, res) => {
    res.json(info)
  })
  return router
}
