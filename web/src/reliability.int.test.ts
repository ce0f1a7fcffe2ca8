/*
 * The Reliability pages (issue 6) in a real browser (Debian's Chromium through playwright-core)
 * against a real Meridian (`pnpm start`'s script on free ports, embedded store) with an SLO
 * directory: two SLO files (checkout availability 99.5 % over 28 days, payment latency under
 * 300 ms) and a broken one, and two days of spans with a known error burst in the last 30
 * minutes (testing/sloFixture.ts). The figures the pages show are compared with those computed
 * here from the spans sent, formatted here with Intl.
 *
 * Not run in the remote pass (MERIDIAN_TEST_REMOTE=1), as the other browser tests: the pages read
 * the same API whatever store is behind it, and the API's own tests cover the remote path.
 *
 * MERIDIAN_SCREENSHOT_DIR=dir also saves every page there (both themes, and Chinese once).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sloDetail, sloListResponse } from '@meridian/core/api'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { exitOf, type Started, startMeridian } from '../../scripts/testing/meridianProcess.js'
import { launchBrowser, openPage, type WatchedPage } from './testing/browser.js'
import { SLO_FIXTURE, type SloFixtureCounts, sendSloFixture } from './testing/sloFixture.js'
import { ensureWebBuild } from './webBuild.js'

const REMOTE = process.env.MERIDIAN_TEST_REMOTE === '1'
const SCREENSHOT_DIR = process.env.MERIDIAN_SCREENSHOT_DIR
/** How long a poll may wait for the page: generous, for a busy machine (nothing here measures time). */
const WAIT = { timeout: 30_000 }

const CHECKOUT_TARGET = 0.995
const sloFile = (doc: object) => JSON.stringify(doc, null, 2)
const CHECKOUT_SLO = sloFile({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name: 'checkout-availability', displayName: 'Checkout availability' },
  spec: {
    description: 'Checkouts that go through.',
    service: SLO_FIXTURE.checkout,
    indicator: { spec: { ratioMetric: { good: { metricSource: { type: 'meridian.spans', spec: {} } }, total: { metricSource: { type: 'meridian.spans', spec: {} } } } } },
    timeWindow: [{ duration: '28d', isRolling: true }],
    budgetingMethod: 'Occurrences',
    objectives: [{ target: CHECKOUT_TARGET }],
  },
})
const PAYMENT_SLO = sloFile({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name: 'payment-latency' },
  spec: {
    service: SLO_FIXTURE.payment,
    indicator: { spec: { thresholdMetric: { metricSource: { type: 'meridian.spans', spec: {} } } } },
    timeWindow: [{ duration: '28d', isRolling: true }],
    budgetingMethod: 'Occurrences',
    objectives: [{ op: 'lt', value: 300, target: 0.95 }],
  },
})
/** Line 5 names no service: refused, with its line. */
const BROKEN_SLO = 'apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: broken }\nspec:\n  budgetingMethod: Sometimes\n'

/** Figures as the browser's locale writes them, made here with Intl (not with the app's formatter). */
const percent3 = (fraction: number, locale = 'en-US') =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 3, roundingMode: 'trunc' } as Intl.NumberFormatOptions).format(fraction)
const percent1 = (value: number) => `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value)}%`

describe.skipIf(REMOTE)('the Reliability pages in a browser', () => {
  let dataDir: string | undefined
  let meridian: Started | undefined
  let browser: Browser
  let open: WatchedPage[] = []
  let sent: SloFixtureCounts

  async function visit(path: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
    const watched = await openPage(browser, options)
    open.push(watched)
    await watched.page.goto(`${meridian!.ui}${path}`)
    return watched.page
  }
  const api = async <T>(path: string, schema: { parse(v: unknown): T }) => schema.parse(await (await fetch(`${meridian!.ui}/api/v1${path}`)).json())

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true })
    dataDir = mkdtempSync(join(tmpdir(), 'meridian-reliability-ui-'))
    const sloDir = join(dataDir, 'slos')
    mkdirSync(sloDir)
    writeFileSync(join(sloDir, 'checkout.yaml'), CHECKOUT_SLO)
    writeFileSync(join(sloDir, 'payment.yaml'), PAYMENT_SLO)
    writeFileSync(join(sloDir, 'broken.yaml'), BROKEN_SLO)
    meridian = await startMeridian(join(dataDir, 'store'), { MERIDIAN_SLO_DIR: sloDir })
    sent = await sendSloFixture(meridian.otlpHttp)
    // the collector writes in batches: wait until the SLO counts every span sent
    await vi.waitFor(async () => expect((await api('/slos/checkout-availability', sloDetail)).events.total).toBe(sent.checkout.total), { timeout: 60_000, interval: 500 })
    browser = await launchBrowser()
  }, 240_000)

  afterEach(async () => {
    // every page of the test loaded and ran without a console error or a failed API call
    const errors = open.flatMap((w) => w.errors)
    await Promise.all(open.map((w) => w.close()))
    open = []
    expect(errors).toEqual([])
  })

  afterAll(async () => {
    await browser?.close()
    if (meridian) {
      const exited = exitOf(meridian.child)
      meridian.child.kill('SIGTERM')
      await exited
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  it('lists the burning SLO first with its SLI, budget and burn, and the broken file with its line', async () => {
    const page = await visit('/services')
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'SLOs' }).click()
    await page.waitForURL(/\/slos/)
    const table = page.getByTestId('slo-table')
    await table.waitFor(WAIT)
    expect(await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-slo')))).toEqual(['checkout-availability', 'payment-latency'])

    const { total, bad } = sent.checkout
    const checkout = table.locator('tr[data-slo="checkout-availability"]')
    expect(await checkout.getByTestId('slo-sli').textContent()).toBe(percent3((total - bad) / total))
    expect(await checkout.getByTestId('slo-budget').textContent()).toBe(percent1((1 - bad / ((1 - CHECKOUT_TARGET) * total)) * 100))
    expect(await checkout.textContent()).toContain('Burning fast (page)')
    expect(await checkout.textContent()).toContain('99.5% of requests succeed')
    expect(await checkout.textContent()).toContain('28 days, rolling')
    // the fastest burn is the API's, over its window
    const status = (await api('/slos', sloListResponse)).slos.find((s) => s.name === 'checkout-availability')!
    const fastest = status.burnRates.reduce((a, b) => ((b.burnRate ?? -1) > (a.burnRate ?? -1) ? b : a))
    expect(fastest.burnRate).toBeGreaterThan(14.4)
    expect(await checkout.getByTestId('slo-burn').textContent()).toContain(fastest.window)

    const payment = table.locator('tr[data-slo="payment-latency"]')
    expect(await payment.getByTestId('slo-sli').textContent()).toBe('100%')
    expect(await payment.getByTestId('slo-budget').textContent()).toBe('100%')
    expect(await payment.textContent()).toContain('95% of requests faster than 300 ms')
    expect(await payment.textContent()).toContain('Healthy')

    const problems = page.getByTestId('slo-problems')
    expect(await problems.textContent()).toContain('broken.yaml')
    expect(await problems.locator('tr', { hasText: 'spec.budgetingMethod' }).textContent()).toContain('line 5, column 20')
  })

  it('shows the SLO page: budget tiles, the burn-down, and the page pairs firing', async () => {
    const page = await visit('/slos')
    await page.getByRole('link', { name: 'Checkout availability' }).click()
    await page.waitForURL(/\/slos\/checkout-availability/)
    const tiles = page.getByTestId('slo-tiles')
    await tiles.waitFor(WAIT)
    const { total, bad } = sent.checkout
    const allowed = (1 - CHECKOUT_TARGET) * total
    expect(await tiles.getByTestId('tile-sli').locator('.figure-value').textContent()).toBe(percent3((total - bad) / total))
    expect(await tiles.getByTestId('tile-budget').locator('.figure-value').textContent()).toBe(percent1((1 - bad / allowed) * 100))
    const count = (v: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 1 }).format(v)
    expect(await tiles.getByTestId('tile-events').locator('.figure-value').textContent()).toBe(`${count(allowed - bad)} of ${count(allowed)} failures left`)
    expect(await page.getByRole('img', { name: /Error budget left of checkout-availability/ }).count()).toBe(1)

    // the page pairs fire (the burst is 40 % errors: far above 14.4 × 0.5 % over 1 h and 6 × 0.5 % over 6 h); the API says the same
    const detail = await api('/slos/checkout-availability', sloDetail)
    const table = page.getByTestId('burn-rate-table')
    for (const pair of detail.alerts) {
      const row = table.locator(`tr[data-pair="${pair.longWindow}/${pair.shortWindow}"]`)
      expect(await row.getAttribute('data-firing')).toBe(String(pair.firing))
    }
    expect(detail.alerts.filter((a) => a.severity === 'page').every((a) => a.firing)).toBe(true)
    expect(await table.locator('tr[data-firing="true"]').count()).toBe(detail.alerts.filter((a) => a.firing).length)
  })

  it.skipIf(!SCREENSHOT_DIR)('screenshots of the Reliability pages, both themes, Chinese once', async () => {
    mkdirSync(SCREENSHOT_DIR!, { recursive: true })
    const shots: [string, string, 'light' | 'dark', string][] = [
      ['slos', '/slos', 'light', 'en-US'],
      ['slos', '/slos', 'dark', 'en-US'],
      ['slo', '/slos/checkout-availability', 'light', 'en-US'],
      ['slo', '/slos/checkout-availability', 'dark', 'en-US'],
      ['slo-zh', '/slos/checkout-availability', 'light', 'zh-CN'],
    ]
    for (const [name, path, theme, locale] of shots) {
      // the app takes its language from the browser's when none was chosen
      const watched = await openPage(browser, { colorScheme: theme, locale })
      open.push(watched)
      await watched.page.goto(`${meridian!.ui}${path}`)
      await watched.page.waitForLoadState('networkidle')
      await watched.page.waitForTimeout(300)
      await watched.page.screenshot({ path: join(SCREENSHOT_DIR!, `${name}-${theme}.png`), fullPage: true })
    }
  })
})
