import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildWebApp, webBuildStatus } from './webBuild.js'

// nothing here touches the store: the remote pass (MERIDIAN_TEST_REMOTE=1) would only repeat it
describe.skipIf(process.env.MERIDIAN_TEST_REMOTE === '1')('building the web app', () => {
  const out = mkdtempSync(join(tmpdir(), 'meridian-web-build-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('vite builds index.html and hashed assets, echarts in a chunk of its own', async () => {
    await buildWebApp({ quiet: true, outDir: out })
    const html = readFileSync(join(out, 'index.html'), 'utf8')
    expect(html).toContain('<!--meridian:noscript-->')
    const assets = readdirSync(join(out, 'assets'))
    expect(assets.some((a) => /^index-[\w-]+\.js$/.test(a))).toBe(true)
    expect(assets.some((a) => /^echarts-[\w-]+\.js$/.test(a))).toBe(true)
    expect(assets.some((a) => /\.css$/.test(a))).toBe(true)
  })

  it('tells whether the build is missing, older than a source, or fresh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meridian-web-status-'))
    const dist = join(dir, 'dist')
    const src = join(dir, 'src')
    mkdirSync(join(src, 'pages'), { recursive: true })
    writeFileSync(join(src, 'pages', 'Page.tsx'), 'export {}')
    try {
      expect(webBuildStatus(dist, [src])).toEqual({ state: 'missing' })
      mkdirSync(dist)
      writeFileSync(join(dist, 'index.html'), '<!doctype html>')
      const built = Date.now() / 1000
      utimesSync(join(dist, 'index.html'), built, built)
      utimesSync(join(src, 'pages', 'Page.tsx'), built - 60, built - 60)
      utimesSync(join(src, 'pages'), built - 60, built - 60)
      utimesSync(src, built - 60, built - 60)
      expect(webBuildStatus(dist, [src])).toEqual({ state: 'fresh' })
      utimesSync(join(src, 'pages', 'Page.tsx'), built + 60, built + 60)
      expect(webBuildStatus(dist, [src])).toEqual({ state: 'stale', changed: src })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
