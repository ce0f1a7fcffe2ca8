/*
 * The web app in a real browser (Debian's Chromium through playwright-core) against a real
 * Meridian (`pnpm start`'s script on free ports, embedded store): first empty, then fed with the
 * fixture's known telemetry (OTLP/JSON, see testing/telemetryFixture.ts) and the demo shop's
 * workload (startDemo). Every page must load without a console error and show what was sent.
 *
 * Not run in the remote pass (MERIDIAN_TEST_REMOTE=1): these tests are about the pages, which
 * read the same API whatever store is behind it; the API's own tests cover the remote path.
 * A second Chromium + demo run on this 2-core machine would add minutes and no coverage.
 *
 * MERIDIAN_SCREENSHOT_DIR=dir also saves every page in both themes and both languages there.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serviceMapResponse } from '@meridian/core/api'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningDemo, startDemo } from '../../demo/src/index.js'
import { exitOf, type Started, startMeridian } from '../../scripts/testing/meridianProcess.js'
import { launchBrowser, openPage, type WatchedPage } from './testing/browser.js'
import { serviceMapPixels } from './testing/serviceMapPixels.js'
import { FIXTURE, type FixtureTrace, fixtureErrors, sendFixture } from './testing/telemetryFixture.js'
import { ensureWebBuild } from './webBuild.js'

const REMOTE = process.env.MERIDIAN_TEST_REMOTE === '1'
const SCREENSHOT_DIR = process.env.MERIDIAN_SCREENSHOT_DIR
const DEMO_RUN_MS = 15_000
/** How long a poll may wait for the page: generous, for a busy machine (nothing here measures time). */
const WAIT = { timeout: 30_000 }

describe.skipIf(REMOTE)('the web app in a browser', () => {
  let dataDir: string | undefined
  let meridian: Started | undefined
  let browser: Browser
  let demo: RunningDemo | undefined
  let open: WatchedPage[] = []

  /** A fresh browser context (own storage) on a path of the app, its errors watched. */
  async function visit(path: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
    const watched = await openPage(browser, options)
    open.push(watched)
    await watched.page.goto(`${meridian!.ui}${path}`)
    return watched.page
  }

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true })
    dataDir = mkdtempSync(join(tmpdir(), 'meridian-web-'))
    meridian = await startMeridian(dataDir)
    browser = await launchBrowser()
  }, 180_000)

  afterEach(async () => {
    // every page of the test loaded and ran without a console error or a failed API call
    const errors = open.flatMap((w) => w.errors)
    await Promise.all(open.map((w) => w.close()))
    open = []
    expect(errors).toEqual([])
  })

  afterAll(async () => {
    await demo?.stop()
    await browser?.close()
    if (meridian) {
      const exited = exitOf(meridian.child)
      meridian.child.kill('SIGTERM')
      await exited
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  describe('before any data arrives', () => {
    it('the services page tells a new user where to send telemetry', async () => {
      const page = await visit('/')
      await page.waitForURL(/\/services$/)
      await page.getByRole('heading', { name: /No data yet/ }).waitFor()
      expect(await page.getByTestId('otlp-http').textContent()).toBe(meridian!.otlpHttp)
      expect(await page.getByTestId('otlp-grpc').textContent()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const text = await page.locator('.getting-started').textContent()
      for (const s of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf', 'OTEL_SERVICE_NAME', 'OTEL_EXPORTER_OTLP_PROTOCOL=grpc', 'otlphttp', 'pnpm demo']) {
        expect(text).toContain(s)
      }
    })

    it('the service map shows the same instructions', async () => {
      const page = await visit('/map')
      await page.getByRole('heading', { name: /No data yet/ }).waitFor()
    })

    it('without JavaScript, the page still says where to send data', async () => {
      const html = await (await fetch(`${meridian!.ui}/services`)).text()
      expect(html).toContain('<noscript>')
      expect(html).toContain(meridian!.otlpHttp)
    })
  })

  describe('with the fixture and the demo shop', () => {
    let fixture: FixtureTrace[]

    beforeAll(async () => {
      // the empty services page, left open, turns into the table by itself when data arrives
      const waiting = await visit('/services')
      await waiting.getByRole('heading', { name: /No data yet/ }).waitFor()

      fixture = await sendFixture(meridian!.otlpHttp)
      demo = await startDemo({
        otlpHttpEndpoint: meridian!.otlpHttp,
        rate: 10,
        metricIntervalMs: 2000,
        batchDelayMs: 200,
        faults: { paymentDeclineRate: 0.2, errorBurstEveryMs: 0 },
      })
      await new Promise((r) => setTimeout(r, DEMO_RUN_MS))
      await demo.stop()

      await waiting.locator(`[data-service="${FIXTURE.api}"]`).waitFor({ timeout: 30_000 })
    }, 240_000)

    it('the services page lists every service with the figures that were sent', async () => {
      const page = await visit('/services')
      const table = page.getByTestId('services-table')
      await table.waitFor()
      const services = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-service')))
      expect(services).toEqual(expect.arrayContaining([FIXTURE.web, FIXTURE.api, 'frontend', 'checkout', 'payment', 'inventory', 'recommendation']))
      // fixture-api: every 4th of 20 requests failed
      const api = table.locator(`[data-service="${FIXTURE.api}"]`)
      expect(await api.locator('td').nth(2).locator('.cell-value').textContent()).toBe('25%')
      expect(await api.locator('td').nth(1).locator('.cell-value').getAttribute('title')).toBe(`${FIXTURE.traces} requests`)
      expect(await table.locator(`[data-service="${FIXTURE.web}"] td`).nth(2).locator('.cell-value').textContent()).toBe('25%')

      // sorted by name when the Service header is clicked, and the order is in the URL
      await page.getByRole('button', { name: /^Service/ }).click()
      await page.waitForURL(/sort=service&dir=asc/)
      const order = () => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-service') ?? ''))
      const byName = [...services].map((s) => s ?? '').sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
      await expect.poll(order, WAIT).toEqual(byName)
    })

    it('Services → a service → its top error → the trace → its logs, by clicking', async () => {
      const page = await visit('/services')
      await page.getByRole('link', { name: FIXTURE.api, exact: true }).click()
      await page.waitForURL(new RegExp(`/services/${FIXTURE.api}`))
      expect(await page.getByTestId('figure-requests').locator('.figure-value').textContent()).toBe(String(FIXTURE.traces))
      expect(await page.getByTestId('figure-errors').locator('.figure-value').textContent()).toBe('25%')
      await page.getByTestId('operations-table').getByRole('link', { name: FIXTURE.apiOperation }).waitFor()

      await page.getByRole('tab', { name: /Top errors/ }).click()
      await page.waitForURL(/tab=errors/)
      const error = page.getByTestId('top-errors').locator('tbody tr').first()
      expect(await error.locator('.error-type').textContent()).toBe(FIXTURE.errorType)
      expect(await error.locator('td').nth(2).textContent()).toBe(String(fixtureErrors))

      await error.getByRole('link', { name: 'View trace' }).click()
      await page.waitForURL(/\/traces\/[0-9a-f]{32}/)
      const traceId = /\/traces\/([0-9a-f]{32})/.exec(page.url())![1]
      const trace = fixture.find((t) => t.traceId === traceId)
      expect(trace?.error).toBe(true)

      const waterfall = page.getByTestId('waterfall')
      await waterfall.waitFor()
      expect(await waterfall.locator('.waterfall-row').count()).toBe(4)
      // nested by parent: web server → web client → api server → api internal
      const styles = await waterfall.locator('.waterfall-row .waterfall-name').evaluateAll((els) => els.map((e) => e.getAttribute('style')))
      expect(styles.map((s) => /padding-left: (\d+)px/.exec(s ?? '')?.[1])).toEqual(['8', '22', '36', '50'])
      expect(await waterfall.locator('.waterfall-row.error').count()).toBe(3)

      await waterfall.locator(`[data-span-id="${trace!.spans.apiServer}"]`).click()
      await page.waitForURL(new RegExp(`span=${trace!.spans.apiServer}`))
      const detail = page.getByTestId('span-detail')
      expect(await detail.getByTestId('span-attributes').textContent()).toContain('order.id')
      await detail.getByRole('tab', { name: /Resource/ }).click()
      expect(await detail.getByTestId('span-resource').textContent()).toContain(FIXTURE.api)
      await detail.getByRole('tab', { name: /Events/ }).click()
      expect(await detail.locator('.event.exception').textContent()).toContain(FIXTURE.errorType)

      const logs = page.getByTestId('trace-logs')
      expect((await logs.locator('.log-body').allTextContents()).sort()).toEqual([...trace!.logBodies].sort())

      await page.getByRole('link', { name: 'Open in Logs' }).click()
      await page.waitForURL(new RegExp(`/logs\\?.*traceId=${traceId}`))
      const rows = page.getByTestId('log-table').locator('tbody tr.log-row')
      await rows.first().waitFor()
      expect((await rows.locator('.log-body').allTextContents()).sort()).toEqual([...trace!.logBodies].sort())
    })

    it('a service links to the services that call it and that it calls', async () => {
      const page = await visit(`/services/${FIXTURE.api}?tab=dependencies`)
      await page.getByTestId('upstream').getByRole('link', { name: FIXTURE.web }).click()
      await page.waitForURL(new RegExp(`/services/${FIXTURE.web}\\?tab=dependencies$|/services/${FIXTURE.web}$`))
      await page.getByRole('tab', { name: /Dependencies/ }).click()
      await page.getByTestId('downstream').getByRole('link', { name: FIXTURE.api }).waitFor()
    })

    it('the service map draws the calls and lists them with rate, errors and latency', async () => {
      const page = await visit('/map')
      const edges = page.getByTestId('edges-table')
      await edges.waitFor()
      const rows = await edges.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
      const fixtureEdge = rows.find((r) => r[0] === FIXTURE.web && r[1] === FIXTURE.api)
      expect(fixtureEdge?.[3]).toBe('25%')
      expect(rows.some((r) => r[0] === 'frontend' && r[1] === 'checkout')).toBe(true)
      const chart = page.locator('[aria-label="Calls between services"]')
      expect(await chart.locator('canvas').count()).toBe(1)

      // a click on a node of the graph opens the service (the node found from the map the page read)
      const url = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/service-map'))?.name)
      const map = serviceMapResponse.parse(await (await fetch(url!)).json())
      const box = (await chart.boundingBox())!
      const node = serviceMapPixels(map, box.width, box.height).get(FIXTURE.api)!
      await chart.click({ position: node })
      await page.waitForURL(new RegExp(`/services/${FIXTURE.api}`))

      // and the table's links do the same
      await page.goBack()
      await edges.getByRole('link', { name: FIXTURE.web }).first().click()
      await page.waitForURL(new RegExp(`/services/${FIXTURE.web}`))
    })

    it('trace search filters by service and status, and the URL gives back the same view', async () => {
      const page = await visit('/traces')
      await page.locator('select[name="service"]').selectOption(FIXTURE.api)
      await page.locator('select[name="status"]').selectOption('Error')
      await page.getByRole('button', { name: 'Search' }).click()
      await page.waitForURL(/service=fixture-api/)
      const results = page.getByTestId('trace-results')
      await expect.poll(() => results.locator('tbody tr').count(), WAIT).toBe(fixtureErrors)
      const ids = await results.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trace-id')).sort())
      expect(ids).toEqual(fixture.filter((t) => t.error).map((t) => t.traceId).sort())
      expect(await page.locator('[aria-label="Span durations"] canvas').count()).toBe(1)

      // a span attribute filter, then the URL opened elsewhere: same filters, same hits
      await page.getByLabel('Span attributes').fill('order.id=order-3')
      await page.getByLabel('Span attributes').press('Enter')
      await page.getByRole('button', { name: 'Search' }).click()
      await page.waitForURL(/spanAttr=order.id%3Dorder-3/)
      await expect.poll(() => results.locator('tbody tr').count(), WAIT).toBe(1)
      const url = page.url()

      const again = await visit(url.slice(meridian!.ui.length))
      await expect.poll(() => again.getByTestId('trace-results').locator('tbody tr').count(), WAIT).toBe(1)
      expect(await again.locator('select[name="service"]').inputValue()).toBe(FIXTURE.api)
      expect(await again.locator('select[name="status"]').inputValue()).toBe('Error')
      expect(await again.locator('.chip.filter').textContent()).toContain('order.id=order-3')
      await again.getByTestId('trace-results').getByRole('link', { name: FIXTURE.apiOperation }).click()
      await again.getByTestId('waterfall').waitFor()
    })

    it('logs: text search, expandable rows, the jump to the trace, and the severity histogram', async () => {
      const page = await visit(`/logs?q=${encodeURIComponent('payment declined for order')}`)
      const rows = page.getByTestId('log-table').locator('tbody tr.log-row')
      await expect.poll(() => rows.count(), WAIT).toBe(fixtureErrors)
      expect(await page.locator('[aria-label="Records by severity"] canvas').count()).toBe(1)
      await rows.first().getByRole('button', { name: 'Show details' }).click()
      expect(await page.locator('tr.log-detail').textContent()).toContain('order.id')
      await rows.first().getByRole('link', { name: 'View trace' }).click()
      await page.waitForURL(/\/traces\/[0-9a-f]{32}\?.*span=/)
      await page.getByTestId('span-detail').waitFor()
    })

    it('logs: the live tail shows records as they arrive', async () => {
      const page = await visit(`/logs?service=${FIXTURE.web}`)
      await page.getByTestId('live-tail').click()
      await page.waitForURL(/live=1/)
      await page.getByText('Live ·').waitFor()
      const body = `tailed record ${Date.now()}`
      const now = BigInt(Date.now()) * 1_000_000n
      const res = await fetch(`${meridian!.otlpHttp}/v1/logs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          resourceLogs: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: FIXTURE.web } }] },
              scopeLogs: [{ logRecords: [{ timeUnixNano: String(now), severityNumber: 13, severityText: 'WARN', body: { stringValue: body } }] }],
            },
          ],
        }),
      })
      expect(res.status).toBe(200)
      await page.getByTestId('tail-table').getByText(body).waitFor({ timeout: 30_000 })
      await page.getByTestId('live-tail').click()
      await page.waitForURL((u) => !u.searchParams.has('live'))
    })

    it('metrics: a metric of a service, the aggregations of its type, group-by', async () => {
      const page = await visit(`/metrics?service=${FIXTURE.api}`)
      await page.getByRole('button', { name: new RegExp(FIXTURE.gauge) }).click()
      await page.waitForURL(/metric=fixture.queue.depth/)
      const aggregations = await page.locator('fieldset .chip').allTextContents()
      expect(aggregations).toEqual(['avg', 'min', 'max', 'sum'])
      await page.getByRole('button', { name: 'min', exact: true }).click()
      await page.getByLabel('Group by').fill('queue')
      await page.getByLabel('Group by').press('Enter')
      await page.waitForURL(/groupBy=queue/)
      const summary = page.getByTestId('metric-summary')
      await expect.poll(() => summary.locator('tbody tr').count(), WAIT).toBe(2)
      const rows = await summary.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
      expect(Object.fromEntries(rows.map((r) => [r[0], r[1]]))).toEqual({ 'queue=alpha': '7', 'queue=beta': '3' })
      expect(await page.locator(`[aria-label="${FIXTURE.gauge}"] canvas`).count()).toBe(1)

      // a counter offers rate
      await page.getByRole('button', { name: new RegExp(FIXTURE.counter) }).click()
      await page.waitForURL(/metric=fixture.orders.placed/)
      await expect.poll(() => page.locator('fieldset .chip').first().textContent(), WAIT).toBe('rate')

      // a histogram of the demo shop: percentiles, p95 first, charted without an error
      const demo = await visit('/metrics?service=checkout')
      await demo.getByRole('button', { name: /app\.cart\.value/ }).click()
      await demo.waitForURL(/metric=app.cart.value/)
      await expect.poll(() => demo.locator('fieldset .chip').allTextContents(), WAIT).toEqual(['p95', 'p50', 'p75', 'p90', 'p99', 'avg', 'sum', 'min', 'max'])
      await demo.getByTestId('metric-summary').waitFor()
      await demo.getByRole('button', { name: 'p99', exact: true }).click()
      await demo.waitForURL(/agg=p99/)
      await demo.getByTestId('metric-summary').waitFor()
    })

    it('error states say what went wrong and what to do', async () => {
      // a query the API refuses (400): its message is shown
      const page = await visit(`/traces?service=${FIXTURE.api}&minMs=500&maxMs=100`)
      const alert = page.getByRole('alert').first()
      await alert.waitFor()
      expect(await alert.textContent()).toMatch(/The server refused this query:.*maxDurationMs.*Change the filters/)

      // the server gone: say so, and what to run
      await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'))
      await page.goto(`${meridian!.ui}/services`)
      await page.getByText('The server is unreachable.').waitFor()
      expect(await page.getByRole('alert').first().textContent()).toContain('pnpm start')

      // those failures were the point: they are not errors of the page
      const watched = open.find((w) => w.page === page)!
      expect(watched.errors.length).toBeGreaterThan(0)
      watched.errors.length = 0
    })

    it('switches to Simplified Chinese, with numbers in that locale, and remembers it', async () => {
      const page = await visit(`/services/${FIXTURE.api}`)
      await page.getByTestId('figure-requests').waitFor()
      await page.getByTestId('language').selectOption('zh-CN')
      const nav = page.getByRole('navigation')
      await nav.getByRole('link', { name: '链路', exact: true }).waitFor()
      await expect.poll(() => page.locator('html').getAttribute('lang'), WAIT).toBe('zh-CN')
      expect(await page.getByTestId('figure-requests').locator('.figure-label').textContent()).toBe('请求数')
      await page.reload()
      await nav.getByRole('link', { name: '服务拓扑' }).waitFor()
      await page.getByTestId('language').selectOption('en')
      await nav.getByRole('link', { name: 'Service map' }).waitFor()
    })

    it('switches to the dark theme and remembers it', async () => {
      const page = await visit('/services')
      await expect.poll(() => page.locator('html').getAttribute('data-theme'), WAIT).toBe('light')
      await page.getByTestId('theme-toggle').click()
      await expect.poll(() => page.locator('html').getAttribute('data-theme'), WAIT).toBe('dark')
      await page.reload()
      await page.getByTestId('services-table').waitFor()
      await expect.poll(() => page.locator('html').getAttribute('data-theme'), WAIT).toBe('dark')
    })

    it('keeps the time range and auto-refresh in the URL, from page to page', async () => {
      const page = await visit('/services')
      await page.getByTestId('time-range').click()
      const sixHours = page.waitForRequest((req) => req.url().includes('/api/v1/services?'))
      await page.getByRole('button', { name: 'Last 6 hours' }).click()
      await page.waitForURL(/range=6h/)
      const first = new URL((await sixHours).url())
      expect(Number(first.searchParams.get('to')) - Number(first.searchParams.get('from'))).toBe(6 * 3600_000)
      // auto-refresh reads the data again by itself (the next request comes from its timer)
      const refreshSelect = page.getByRole('combobox', { name: 'Auto-refresh' })
      const reread = page.waitForRequest((req) => req.url().includes('/api/v1/services?'), { timeout: 30_000 })
      await refreshSelect.selectOption('10s')
      await page.waitForURL(/refresh=10s/)
      // the same six hours, ending later
      const later = new URL((await reread).url())
      expect(Number(later.searchParams.get('to'))).toBeGreaterThan(Number(first.searchParams.get('to')))
      expect(Number(later.searchParams.get('to')) - Number(later.searchParams.get('from'))).toBe(6 * 3600_000)
      await refreshSelect.selectOption('30s')
      await page.waitForURL(/refresh=30s/)
      await page.getByRole('link', { name: 'Traces', exact: true }).click()
      await page.waitForURL(/\/traces\?.*range=6h.*refresh=30s|\/traces\?.*refresh=30s.*range=6h/)
      expect(await page.getByTestId('time-range').textContent()).toBe('Last 6 hours')

      // an absolute range round-trips through the URL
      await page.getByTestId('time-range').click()
      await page.getByLabel('From', { exact: true }).fill('2026-01-02T03:04')
      await page.getByLabel('To', { exact: true }).fill('2026-01-02T05:06')
      await page.getByRole('button', { name: 'Apply' }).click()
      await page.waitForURL(/from=\d+&to=\d+/)
      const url = new URL(page.url())
      expect(Number(url.searchParams.get('from'))).toBe(Date.UTC(2026, 0, 2, 3, 4))
      expect(Number(url.searchParams.get('to'))).toBe(Date.UTC(2026, 0, 2, 5, 6))
      const again = await visit(url.pathname + url.search)
      expect(await again.getByTestId('time-range').textContent()).toMatch(/Jan 2, 03:04 – Jan 2, 05:06/)
    })

    it.skipIf(!SCREENSHOT_DIR)('screenshots of every page, both themes, both languages', async () => {
      mkdirSync(SCREENSHOT_DIR!, { recursive: true })
      const traceId = fixture.find((t) => t.error)!.traceId
      const pages: [string, string][] = [
        ['services', '/services'],
        ['service', `/services/${FIXTURE.api}`],
        ['service-frontend', '/services/frontend?tab=dependencies'],
        ['map', '/map'],
        ['traces', '/traces'],
        ['trace', `/traces/${traceId}?span=${fixture.find((t) => t.error)!.spans.apiServer}&tab=events`],
        ['logs', '/logs'],
        ['metrics', `/metrics?service=${FIXTURE.api}&metric=${FIXTURE.gauge}&groupBy=queue`],
      ]
      for (const theme of ['light', 'dark'] as const) {
        for (const locale of ['en', 'zh-CN']) {
          const watched = await openPage(browser, { colorScheme: theme, locale: locale === 'en' ? 'en-US' : 'zh-CN' })
          open.push(watched)
          for (const [name, path] of pages) {
            await watched.page.goto(`${meridian!.ui}${path}`)
            await watched.page.waitForLoadState('networkidle')
            await watched.page.waitForTimeout(300)
            await watched.page.screenshot({ path: join(SCREENSHOT_DIR!, `${name}-${theme}-${locale}.png`), fullPage: true })
          }
        }
      }
    })
  })
})
