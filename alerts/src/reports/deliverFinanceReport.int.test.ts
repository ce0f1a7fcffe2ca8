import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from '../delivery/testing/fakeClock.js'
import { type HttpReceiver, startHttpReceiver } from '../delivery/testing/httpReceiver.js'
import { mimeHeader, mimeParts } from '../delivery/testing/mimeParts.js'
import { type SmtpReceiver, startSmtpReceiver } from '../delivery/testing/smtpReceiver.js'
import { deliverFinanceReport } from './deliverFinanceReport.js'
import { readCsv, readXlsx } from './testing/readExports.js'
import { sampleReport } from './testing/sampleReport.js'

// Slack: a local HTTP server in Slack's place; mail: smtp-server. Both on 127.0.0.1.
describe('finance report delivery', () => {
  let slack: HttpReceiver
  let smtp: SmtpReceiver
  beforeAll(async () => {
    slack = await startHttpReceiver()
    smtp = await startSmtpReceiver()
  })
  afterAll(async () => {
    await slack?.close()
    await smtp?.close()
  })

  it('posts the Slack summary and mails the summary with the CSV and XLSX attached', async () => {
    const report = sampleReport()
    const results = await deliverFinanceReport(
      report,
      {
        slackWebhookUrl: `${slack.url}/services/T1/B1/token`,
        email: { settings: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'meridian@example.com' }, to: ['finance@example.com'] },
        publicUrl: 'https://meridian.example.com',
      },
      { clock: fakeClock() },
    )
    expect(results.map((r) => [r.channel, r.ok, r.attempts])).toEqual([
      ['slack', true, 1],
      ['email', true, 1],
    ])

    const posted = JSON.parse(slack.requests[0].body) as { text: string; blocks: { type: string }[] }
    expect(posted.text).toBe('Finance report January 2025: CNY 12,345.67 (+12.2 % against December 2024)')
    expect(posted.blocks[0]).toMatchObject({ type: 'header' })
    expect(JSON.stringify(posted.blocks)).toContain('https://meridian.example.com/reports/2025-01')

    const mail = smtp.mails[0]
    expect(mail.to).toEqual(['finance@example.com'])
    expect(mimeHeader(mail.raw, 'subject')).toBe('Meridian finance report January 2025: CNY 12,345.67')
    const parts = mimeParts(mail.raw)
    const html = parts.find((p) => p.contentType === 'text/html')!.content.toString('utf8')
    expect(html).toContain('<b>Total</b> CNY 12,345.67 (+CNY 1,345.67, +12.2 % against December 2024)')
    expect(html).toContain('R&amp;D &lt;platform&gt;')
    expect(html).toContain('<a href="https://meridian.example.com/reports/2025-01">Open the report</a>')
    expect(html).not.toContain('<platform>')
    const text = parts.find((p) => p.contentType === 'text/plain' && !p.filename)!.content.toString('utf8')
    expect(text).toContain('Total: CNY 12,345.67')
    expect(text).toContain('Open the report: https://meridian.example.com/reports/2025-01')

    const csv = parts.find((p) => p.filename === 'meridian-finance-2025-01.csv')!
    expect(csv.contentType).toBe('text/csv')
    const rows = await readCsv(csv.content.toString('utf8'))
    expect(rows.find((r) => r.section === 'total')).toMatchObject({ amount: '12345.67', previous: '11000' })
    expect(rows.find((r) => r.key === 'AWS')).toMatchObject({ amount: '10000.5', budget_name: 'AWS monthly' })

    const xlsx = parts.find((p) => p.filename === 'meridian-finance-2025-01.xlsx')!
    expect(xlsx.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const sheets = await readXlsx(xlsx.content)
    expect(sheets.Providers.map((r) => [r.Provider, r['Amount (CNY)']])).toEqual([
      ['AWS', 10000.5],
      ['Microsoft', 2345.17],
    ])
  })

  it('goes on to the mail when Slack refuses, and reports both', async () => {
    slack.script({ status: 404, body: 'no_service' })
    const results = await deliverFinanceReport(
      sampleReport(),
      {
        slackWebhookUrl: `${slack.url}/services/gone`,
        email: { settings: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'meridian@example.com' }, to: ['cfo@example.com'] },
        publicUrl: 'https://m.example',
      },
      { clock: fakeClock() },
    )
    expect(results.map((r) => [r.channel, r.ok, r.lastStatus, r.error])).toEqual([
      ['slack', false, 404, 'Slack answered 404: no_service'],
      ['email', true, 250, null],
    ])
    expect(smtp.mails.at(-1)!.to).toEqual(['cfo@example.com'])
  })
})
