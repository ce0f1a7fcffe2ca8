import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mimeHeader, mimeParts } from '../delivery/testing/mimeParts.js'
import { type SmtpReceiver, startSmtpReceiver } from '../delivery/testing/smtpReceiver.js'
import { emailNotifier } from './emailNotifier.js'
import { labelsFingerprint } from './labels.js'
import type { Notification } from './notifier.js'
import { SimulatedClock } from './simulatedClock.js'

// smtp-server on 127.0.0.1 is the mail server nodemailer sends the alert mail to.
describe('alert e-mail', () => {
  let smtp: SmtpReceiver
  beforeAll(async () => {
    smtp = await startSmtpReceiver()
  })
  afterAll(() => smtp?.close())

  it('sends the notification as a mail: title as subject, each alert with its value and links, in text and HTML', async () => {
    const labels = { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' }
    const at = Date.UTC(2025, 0, 1, 9)
    const notification: Notification = {
      receiver: 'team',
      integration: 'email',
      groupKey: 'g',
      groupLabels: { alertname: 'HighErrorRate' },
      status: 'firing',
      reason: 'first_notification',
      commonLabels: labels,
      commonAnnotations: {},
      alerts: [
        {
          fingerprint: labelsFingerprint(labels),
          labels,
          annotations: { summary: 'checkout fails <7%> of requests', runbook_url: 'https://rb.example/errors' },
          state: 'firing',
          startsAt: at,
          endsAt: null,
          ruleId: 'r',
          instance: 'i',
          value: 0.07,
          threshold: 0.05,
          comparison: '>',
          values: {},
          error: '',
          status: 'firing',
        },
      ],
    }
    const notifier = emailNotifier({ settings: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'meridian@example.com' }, to: ['oncall@example.com'], publicUrl: 'https://m.example' })
    const result = await notifier.notify(notification, { clock: new SimulatedClock(at), signal: new AbortController().signal })
    expect(result).toMatchObject({ ok: true, channel: 'email', target: 'oncall@example.com' })
    const [mail] = smtp.mails
    expect(mail.to).toEqual(['oncall@example.com'])
    expect(mimeHeader(mail.raw, 'subject')).toBe('[FIRING:1] HighErrorRate (checkout)')
    const parts = mimeParts(mail.raw)
    const text = parts.find((p) => p.contentType === 'text/plain')!.content.toString('utf8').replace(/\r\n/g, '\n')
    expect(text).toContain('checkout fails <7%> of requests\nValue: 0.07 (threshold > 0.05)\nsince 2025-01-01 09:00 UTC\nRunbook: https://rb.example/errors\nSilence: https://m.example/alerts/silences/new?matcher=')
    const html = parts.find((p) => p.contentType === 'text/html')!.content.toString('utf8')
    expect(html).toContain('checkout fails &lt;7%&gt; of requests')
    expect(html).toContain('<a href="https://rb.example/errors">Runbook</a>')
  })
})
