import { afterEach, describe, expect, it } from 'vitest'
import { sendEmail } from './emailDelivery.js'
import type { EmailSettings } from './emailSettings.js'
import { fakeClock } from './testing/fakeClock.js'
import { mimeHeader, mimeParts } from './testing/mimeParts.js'
import { type SmtpReceiver, startSmtpReceiver } from './testing/smtpReceiver.js'

// smtp-server on 127.0.0.1 is the mail server; nodemailer talks SMTP to it as to any other.
describe('e-mail through nodemailer', () => {
  let smtp: SmtpReceiver | undefined
  afterEach(async () => {
    await smtp?.close()
    smtp = undefined
  })
  const settings = (port: number, auth?: EmailSettings['auth']): EmailSettings => ({ host: '127.0.0.1', port, secure: false, auth, from: '"Meridian" <meridian@example.com>' })

  const message = {
    to: ['finance@example.com', 'cto@example.com'],
    subject: 'Finance report 2025-01',
    text: 'Total: $1,234.56',
    html: '<h1>Finance report</h1><p>Total: <b>$1,234.56</b> – ünïcode</p>',
    attachments: [
      { filename: 'report.csv', content: 'a,b\n1,2\n', contentType: 'text/csv' },
      { filename: 'report.bin', content: Buffer.from([0, 1, 2, 250, 251, 252]), contentType: 'application/octet-stream' },
    ],
  }

  it('delivers HTML and text bodies and the attachments, logged in', async () => {
    smtp = await startSmtpReceiver({ auth: { user: 'meridian', pass: 's3cret' } })
    const result = await sendEmail(settings(smtp.port, { user: 'meridian', pass: 's3cret' }), message, { clock: fakeClock() })
    expect(result).toMatchObject({ channel: 'email', target: 'finance@example.com, cto@example.com', ok: true, attempts: 1, lastStatus: 250, error: null })
    expect(smtp.mails).toHaveLength(1)
    const mail = smtp.mails[0]
    expect(mail.from).toBe('meridian@example.com')
    expect(mail.to).toEqual(['finance@example.com', 'cto@example.com'])
    expect(mimeHeader(mail.raw, 'subject')).toBe('Finance report 2025-01')
    const parts = mimeParts(mail.raw)
    expect(parts.find((p) => p.contentType === 'text/plain' && !p.filename)?.content.toString('utf8')).toBe(message.text)
    expect(parts.find((p) => p.contentType === 'text/html')?.content.toString('utf8')).toBe(message.html)
    expect(parts.find((p) => p.filename === 'report.csv')?.content.toString('utf8')).toBe('a,b\n1,2\n')
    expect(parts.find((p) => p.filename === 'report.bin')?.content).toEqual(Buffer.from([0, 1, 2, 250, 251, 252]))
  })

  it('does not retry a refused login (535)', async () => {
    smtp = await startSmtpReceiver({ auth: { user: 'meridian', pass: 's3cret' } })
    const clock = fakeClock()
    const result = await sendEmail(settings(smtp.port, { user: 'meridian', pass: 'wrong' }), message, { clock })
    expect(result).toMatchObject({ ok: false, attempts: 1, lastStatus: 535 })
    expect(result.error).toContain('Invalid username or password')
    expect(clock.sleeps).toEqual([])
    expect(smtp.mails).toHaveLength(0)
  })

  it('retries a 451 (try again later) with backoff', async () => {
    smtp = await startSmtpReceiver()
    smtp.failNext(2, 451, 'Temporary local problem')
    const clock = fakeClock()
    const result = await sendEmail(settings(smtp.port), message, { clock, random: () => 0 })
    expect(result).toMatchObject({ ok: true, attempts: 3, lastStatus: 250 })
    expect(clock.sleeps).toEqual([500, 1000])
    expect(smtp.mails).toHaveLength(1)
  })

  it('does not retry when a recipient is refused: the others already have it', async () => {
    smtp = await startSmtpReceiver({ refuse: ['cto@example.com'] })
    const result = await sendEmail(settings(smtp.port), message, { clock: fakeClock() })
    expect(result).toMatchObject({ ok: false, attempts: 1, error: 'the server refused cto@example.com; delivered to finance@example.com' })
    expect(smtp.mails.map((m) => m.to)).toEqual([['finance@example.com']])
  })

  it('retries when no server answers, and says so', async () => {
    const gone = await startSmtpReceiver()
    const port = gone.port
    await gone.close()
    const result = await sendEmail(settings(port), message, { clock: fakeClock(), policy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 0 } })
    expect(result).toMatchObject({ ok: false, attempts: 2, lastStatus: null })
    expect(result.error).toMatch(/^SMTP 127\.0\.0\.1:\d+: .*ECONNREFUSED.* \(gave up after 2 attempts\)$/)
  })
})
