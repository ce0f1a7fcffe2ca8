import { DEFAULT_PRICE_TABLE, insertBillingRows, NO_ALLOCATION_FILE, NO_CONVERSION } from '@meridian/core'
import { openTestStore, type TestStore } from '@meridian/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeliveryResult } from '../delivery/deliveryResult.js'
import { fakeClock } from '../delivery/testing/fakeClock.js'
import { type HttpReceiver, startHttpReceiver } from '../delivery/testing/httpReceiver.js'
import { mimeParts } from '../delivery/testing/mimeParts.js'
import { type SmtpReceiver, startSmtpReceiver } from '../delivery/testing/smtpReceiver.js'
import { startReportSchedule } from './reportSchedule.js'
import type { ReportSettings } from './reportSettings.js'
import { readCsv } from './testing/readExports.js'

// The schedule's runs on the engine, delivered to a local Slack stand-in and a local SMTP server.
describe('finance report schedule', () => {
  let store: TestStore
  let slack: HttpReceiver
  let smtp: SmtpReceiver
  let settings: ReportSettings
  beforeAll(async () => {
    store = await openTestStore()
    slack = await startHttpReceiver()
    smtp = await startSmtpReceiver()
    await insertBillingRows(store, [
      { chargeStart: '2025-05-10', provider: 'AWS', service: 'Amazon EC2', billed: 120.25 },
      { chargeStart: '2025-04-10', provider: 'AWS', service: 'Amazon EC2', billed: 100 },
      { chargeStart: '2025-06-02', provider: 'AWS', service: 'Amazon EC2', billed: 7 },
    ])
    settings = {
      monthlySchedule: '0 9 1 * *',
      weeklySchedule: '30 8 * * 1',
      destinations: {
        slackWebhookUrl: `${slack.url}/services/T/B/x`,
        email: { settings: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'meridian@example.com' }, to: ['finance@example.com'] },
        publicUrl: 'https://meridian.example.com',
      },
      metric: 'BilledCost',
      currency: NO_CONVERSION,
      allocation: NO_ALLOCATION_FILE,
      llmPrices: DEFAULT_PRICE_TABLE,
    }
  })
  afterAll(async () => {
    await slack?.close()
    await smtp?.close()
    await store?.dispose()
  })

  it('sends the month before on the monthly run, to Slack and by mail', async () => {
    const results: DeliveryResult[] = []
    const schedule = startReportSchedule(store, settings, { clock: fakeClock(), onResult: (r) => results.push(r) })
    try {
      const run = await schedule.runMonthly(Date.UTC(2025, 5, 1, 9))
      expect(run).toMatchObject({ kind: 'monthly', month: '2025-05', error: null })
      expect(run.deliveries.map((d) => [d.channel, d.ok])).toEqual([
        ['slack', true],
        ['email', true],
      ])
      expect(results).toEqual(run.deliveries)
      const posted = JSON.parse(slack.requests.at(-1)!.body) as { text: string }
      expect(posted.text).toBe('Finance report May 2025: USD 120.25 (+20.3 % against April 2025)')
      const csv = mimeParts(smtp.mails.at(-1)!.raw).find((p) => p.filename === 'meridian-finance-2025-05.csv')!
      expect((await readCsv(csv.content.toString('utf8')))[0]).toMatchObject({ section: 'total', amount: '120.25', previous: '100' })
    } finally {
      await schedule.stop()
    }
  })

  it('sends the month to date on the weekly run, and skips it on the 1st', async () => {
    const schedule = startReportSchedule(store, settings, { clock: fakeClock() })
    try {
      const run = await schedule.runMonthToDate(Date.UTC(2025, 5, 9, 8, 30))
      expect(run).toMatchObject({ kind: 'month_to_date', month: '2025-06', error: null })
      expect(JSON.parse(slack.requests.at(-1)!.body).text).toBe('Finance report June 2025 to date (1–8): USD 7.00 (new against May 2025)')
      const skipped = await schedule.runMonthToDate(Date.UTC(2025, 6, 1, 8, 30))
      expect(skipped).toMatchObject({ month: '2025-07', deliveries: [], error: '2025-07 has no complete day yet' })
    } finally {
      await schedule.stop()
    }
  })

  it('returns why a report could not be built, without sending anything', async () => {
    await insertBillingRows(store, [{ chargeStart: '2025-08-03', provider: 'Azure', service: 'VMs', billed: 5, currency: 'EUR' }, { chargeStart: '2025-08-04', provider: 'AWS', service: 'EC2', billed: 5 }])
    const schedule = startReportSchedule(store, settings, { clock: fakeClock() })
    const sent = slack.requests.length
    try {
      const run = await schedule.runMonthly(Date.UTC(2025, 8, 1, 9))
      expect(run.month).toBe('2025-08')
      expect(run.deliveries).toEqual([])
      expect(run.error).toMatch(/the costs selected are in EUR, USD; set MERIDIAN_REPORTING_CURRENCY/)
      expect(slack.requests.length).toBe(sent)
    } finally {
      await schedule.stop()
    }
  })

  it('leaves out the forecast, with a note, when only the running month lacks a rate', async () => {
    // July has no cost, June's is in USD; August (running on the 10th) mixes EUR in, with no rate
    const schedule = startReportSchedule(store, settings, { clock: fakeClock() })
    try {
      const run = await schedule.runMonthly(Date.UTC(2025, 7, 10, 9))
      expect(run).toMatchObject({ month: '2025-07', error: null })
      expect(run.deliveries.every((d) => d.ok)).toBe(true)
      expect(slack.requests.at(-1)!.body).toContain('The forecast is not shown: no exchange rate from EUR to USD')
    } finally {
      await schedule.stop()
    }
  })

  it('plans its runs on the cron schedules, in UTC', async () => {
    const schedule = startReportSchedule(store, settings)
    try {
      const { monthly, weekly } = schedule.nextRuns()
      expect(monthly).toBeInstanceOf(Date)
      expect([monthly!.getUTCDate(), monthly!.getUTCHours(), monthly!.getUTCMinutes()]).toEqual([1, 9, 0])
      expect([weekly!.getUTCDay(), weekly!.getUTCHours(), weekly!.getUTCMinutes()]).toEqual([1, 8, 30])
    } finally {
      await schedule.stop()
    }
  })
})
