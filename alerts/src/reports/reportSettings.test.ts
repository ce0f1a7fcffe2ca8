import { describe, expect, it } from 'vitest'
import { parseAlertsConfig } from '../config.js'

const SMTP = { MERIDIAN_SMTP_URL: 'smtp://mail.example.com', MERIDIAN_MAIL_FROM: 'meridian@example.com' }

describe('finance report settings', () => {
  it('schedule nothing without a destination', () => {
    expect(parseAlertsConfig({}).reports).toBeUndefined()
  })

  it('send to the Slack webhook of notifications by default, monthly at 09:00 UTC on the 1st', () => {
    const reports = parseAlertsConfig({ MERIDIAN_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x', MERIDIAN_PUBLIC_URL: 'https://m.example' }).reports!
    expect(reports).toMatchObject({
      monthlySchedule: '0 9 1 * *',
      weeklySchedule: null,
      metric: 'EffectiveCost',
      destinations: { slackWebhookUrl: 'https://hooks.slack.com/services/T/B/x', email: undefined, publicUrl: 'https://m.example' },
    })
  })

  it('take their own Slack webhook, recipients, schedules and metric', () => {
    const reports = parseAlertsConfig({
      ...SMTP,
      MERIDIAN_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/alerts',
      MERIDIAN_REPORT_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/finance',
      MERIDIAN_REPORT_EMAIL_TO: 'Finance <finance@example.com>, cfo@example.com',
      MERIDIAN_REPORT_SCHEDULE: 'off',
      MERIDIAN_REPORT_WEEKLY_SCHEDULE: '0 8 * * 1',
      MERIDIAN_REPORT_METRIC: 'BilledCost',
      MERIDIAN_REPORTING_CURRENCY: 'CNY',
      MERIDIAN_EXCHANGE_RATES: 'USD:CNY=7.12',
    }).reports!
    expect(reports.monthlySchedule).toBeNull()
    expect(reports.weeklySchedule).toBe('0 8 * * 1')
    expect(reports.metric).toBe('BilledCost')
    expect(reports.destinations.slackWebhookUrl).toBe('https://hooks.slack.com/services/finance')
    expect(reports.destinations.email?.to).toEqual(['"Finance" <finance@example.com>', 'cfo@example.com'])
    expect(reports.currency.reportingCurrency).toBe('CNY')
  })

  it.each([
    [{ MERIDIAN_REPORT_EMAIL_TO: 'finance@example.com' }, 'MERIDIAN_REPORT_EMAIL_TO is set but no SMTP server is'],
    [{ ...SMTP, MERIDIAN_REPORT_EMAIL_TO: 'finance' }, 'MERIDIAN_REPORT_EMAIL_TO: entry 1 ("finance") is not an e-mail address'],
    [{ ...SMTP, MERIDIAN_REPORT_EMAIL_TO: 'f@example.com', MERIDIAN_REPORT_SCHEDULE: 'monthly' }, 'MERIDIAN_REPORT_SCHEDULE must be a cron expression'],
    [{ ...SMTP, MERIDIAN_REPORT_EMAIL_TO: 'f@example.com', MERIDIAN_REPORT_WEEKLY_SCHEDULE: '0 25 * * 1' }, 'MERIDIAN_REPORT_WEEKLY_SCHEDULE must be a cron expression'],
    [{ ...SMTP, MERIDIAN_REPORT_EMAIL_TO: 'f@example.com', MERIDIAN_REPORT_METRIC: 'Cost' }, 'MERIDIAN_REPORT_METRIC must be one of BilledCost, EffectiveCost, ListCost, ContractedCost'],
    [{ MERIDIAN_REPORT_SLACK_WEBHOOK_URL: 'not a url' }, 'MERIDIAN_REPORT_SLACK_WEBHOOK_URL must be an http:// or https:// URL'],
  ])('refuse %j naming the variable', (env, message) => {
    expect(() => parseAlertsConfig(env)).toThrowError(message)
  })
})
