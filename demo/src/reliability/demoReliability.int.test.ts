import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { alertsResponse, sloListResponse } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { exitOf, type Started, startMeridian } from '../../../scripts/testing/meridianProcess.js'
import { launchBrowser, openPage } from '../../../web/src/testing/browser.js'
import { ensureWebBuild } from '../../../web/src/webBuild.js'
import { type RunningDemo, startDemo } from '../startDemo.js'
import { demoReliabilityEnv } from './demoReliability.js'

/**
 * The demo's SLOs and rules against a real Meridian (`pnpm start`'s script with the demo's
 * directories, as `pnpm demo` starts it) and the demo shop with its payment incident turned up
 * (on the whole time, 90 % of charges failing): the checkout SLO burns and its page burn-rate
 * alert fires, and so do the payment error-rate and log-count rules, which the SLO and Alerts
 * pages then show in Chromium. The engine evaluates the
 * rules every 15 s (their group's interval); the waits are generous for a busy machine.
 *
 * Not run in the remote pass (MERIDIAN_TEST_REMOTE=1): the Meridian it starts is the same embedded
 * one in both passes, and the alert engine's and SLOs' own tests cover the remote store.
 */
const INCIDENT = { errorBurstEveryMs: 600_000, errorBurstDurationMs: 600_000, errorBurstFailureRate: 0.9 }
const FIRING_WAIT = { timeout: 180_000, interval: 2_000 }

describe.skipIf(process.env.MERIDIAN_TEST_REMOTE === '1')('pnpm demo: SLOs and alert rules with the incident turned up', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-demo-reliability-'))
  let meridian: Started | undefined
  let demo: RunningDemo | undefined
  const get = async <T>(path: string, schema: { parse(v: unknown): T }) => schema.parse(await (await fetch(`${meridian!.ui}/api/v1${path}`)).json())

  beforeAll(async () => {
    await ensureWebBuild({ quiet: true })
    meridian = await startMeridian(dataDir, demoReliabilityEnv({}))
    demo = await startDemo({ otlpHttpEndpoint: meridian.otlpHttp, rate: 20, faults: INCIDENT })
  }, 120_000)

  afterAll(async () => {
    await demo?.stop()
    if (meridian) {
      const exited = exitOf(meridian.child)
      meridian.child.kill('SIGTERM')
      await exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  it('loads the demo’s SLOs and rules without a problem', async () => {
    const slos = await get('/slos', sloListResponse)
    expect(slos.problems).toEqual([])
    expect(slos.slos.map((s) => s.name).sort()).toEqual(['checkout-availability', 'frontend-availability', 'payment-latency'])
  })

  it('burns the checkout budget and fires the burn-rate page, the error-rate rule and the log rule', async () => {
    const firing = async () => (await get('/alerts', alertsResponse)).alerts.filter((a) => a.state === 'firing')
    await vi.waitFor(async () => {
      const names = new Set((await firing()).map((a) => a.labels.alertname))
      expect([...names].sort()).toEqual(expect.arrayContaining(['CheckoutErrorBudgetBurn', 'PaymentErrorRate', 'PaymentProviderGivingUp']))
    }, FIRING_WAIT)
    const alerts = await firing()
    const page = alerts.find((a) => a.labels.alertname === 'CheckoutErrorBudgetBurn' && a.labels.severity === 'critical')
    expect(page?.labels.slo).toBe('checkout-availability')
    expect(page!.value!).toBeGreaterThan(page!.threshold!)
    const errorRate = alerts.find((a) => a.labels.alertname === 'PaymentErrorRate')!
    expect(errorRate.value!).toBeGreaterThan(0.05)

    const checkout = (await get('/slos', sloListResponse)).slos.find((s) => s.name === 'checkout-availability')!
    expect(checkout.budget.remainingPercent).toBeLessThan(100)
    expect(checkout.alerts.some((a) => a.severity === 'page' && a.firing)).toBe(true)
  }, 200_000)

  it('shows the burning SLO and the firing alerts on the SLO and Alerts pages (Chromium)', async () => {
    const browser = await launchBrowser()
    try {
      const { page, errors, close } = await openPage(browser)
      const wait = { timeout: 30_000 }
      await page.goto(`${meridian!.ui}/slos`)
      const row = page.getByTestId('slo-table').locator('tr[data-slo="checkout-availability"]')
      await row.waitFor(wait)
      const budget = Number.parseFloat((await row.getByTestId('slo-budget').textContent()) ?? '')
      expect(budget).toBeLessThan(100)

      await page.goto(`${meridian!.ui}/slos/checkout-availability`)
      await page.getByTestId('burn-rate-table').locator('tr[data-firing="true"]').first().waitFor(wait)

      await page.goto(`${meridian!.ui}/alerts`)
      const alerts = page.getByTestId('alerts-table')
      for (const name of ['CheckoutErrorBudgetBurn', 'PaymentErrorRate', 'PaymentProviderGivingUp']) await alerts.locator(`tr[data-alert="${name}"]`).first().waitFor(wait)
      expect(errors).toEqual([])
      await close()
    } finally {
      await browser.close()
    }
  }, 120_000)
})
