import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type PlaceholderInfo, WEB_DIST_DIR, webBuildMissingHtml, withNoscriptInstructions } from '@meridian/web'
import express, { type Request, type Response, Router } from 'express'

/**
 * The built web app (web/dist) at `/`: hashed assets cached for good, index.html never cached and
 * served for every other GET outside /api (the app routes in the browser). Without a build, `/`
 * says how to make one. The dist folder is looked at per request, so a build made while the
 * server runs is picked up without a restart.
 */
export function staticWeb(placeholder: PlaceholderInfo, distDir: string = WEB_DIST_DIR): Router {
  const router = Router()
  // the API is not ours: leave this router at once
  router.use((req, _res, next) => next(req.path === '/api' || req.path.startsWith('/api/') ? 'router' : undefined))
  router.use('/assets', express.static(join(distDir, 'assets'), { immutable: true, maxAge: '1y', index: false }))
  router.use('/assets', (_req, res) => void res.status(404).type('text').send('no such asset; the page may be from an older build, reload it'))

  let cached: { mtimeMs: number; html: string } | undefined
  const indexHtml = (): string | undefined => {
    const file = join(distDir, 'index.html')
    if (!existsSync(file)) return undefined
    const { mtimeMs } = statSync(file)
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: withNoscriptInstructions(readFileSync(file, 'utf8'), placeholder) }
    return cached.html
  }

  const app = (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache')
    res.type('html').send(indexHtml() ?? webBuildMissingHtml(placeholder))
  }
  router.get(['/', '/index.html'], app)
  // other files of the build (favicon, robots.txt…), then the app for every other path
  router.use(express.static(distDir, { index: false, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }))
  router.get('/{*path}', app)
  return router
}
