import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticWeb } from './staticWeb.js'

const placeholder = { otlpHttpUrl: 'http://localhost:4318', otlpGrpcUrl: 'http://localhost:4317', storeLocation: '/data' }

describe('staticWeb: the built web app at /', () => {
  const dist = mkdtempSync(join(tmpdir(), 'meridian-dist-'))
  const missing = join(dist, 'not-built')
  let server: Server
  let base: string

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'))
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div><!--meridian:noscript--><script src="/assets/app-1a2b.js"></script>')
    writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)')
    const app = express()
    app.use('/missing', staticWeb(placeholder, missing))
    app.use(staticWeb(placeholder, dist))
    app.use((_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'api' } }))
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await new Promise((r) => server.close(r))
    rmSync(dist, { recursive: true, force: true })
  })

  it('serves index.html, never cached, with where to send data for browsers without JavaScript', async () => {
    for (const path of ['/', '/services/checkout', '/traces/0123?span=ab']) {
      const res = await fetch(base + path)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      const html = await res.text()
      expect(html).toContain('<div id="root">')
      expect(html).toContain('<noscript>')
      expect(html).toContain('OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318')
    }
  })

  it('caches hashed assets for good, and a missing asset is a 404, not the page', async () => {
    const asset = await fetch(`${base}/assets/app-1a2b.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await asset.text()).toBe('console.log(1)')
    const gone = await fetch(`${base}/assets/app-0000.js`)
    expect(gone.status).toBe(404)
    expect(gone.headers.get('content-type')).toMatch(/^text\/plain/)
  })

  it('leaves /api to the API', async () => {
    const res = await fetch(`${base}/api/v1/nothing`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'api' } })
  })

  it('without a build, says how to make one and where to send data', async () => {
    const html = await (await fetch(`${base}/missing/services`)).text()
    expect(html).toContain('pnpm build')
    expect(html).toContain('http://localhost:4317')
  })
})
