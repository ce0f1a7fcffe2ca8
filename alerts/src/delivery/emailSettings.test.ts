import { describe, expect, it } from 'vitest'
import { parseAddresses } from './emailAddresses.js'
import { parseEmailSettings } from './emailSettings.js'
import { parseNotificationSettings } from './notificationSettings.js'

describe('mail settings', () => {
  it('are absent when nothing is set', () => {
    expect(parseEmailSettings({})).toBeUndefined()
  })

  it('read an smtp or smtps URL, with its login decoded', () => {
    expect(parseEmailSettings({ MERIDIAN_SMTP_URL: 'smtp://me%40x.com:p%3Ass@mail.example.com', MERIDIAN_MAIL_FROM: 'Meridian <m@example.com>' })).toEqual({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      auth: { user: 'me@x.com', pass: 'p:ss' },
      from: '"Meridian" <m@example.com>',
    })
    expect(parseEmailSettings({ MERIDIAN_SMTP_URL: 'smtps://mail.example.com', MERIDIAN_MAIL_FROM: 'm@example.com' })).toEqual({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      from: 'm@example.com',
    })
  })

  it('read host, port, login and TLS from separate variables', () => {
    expect(
      parseEmailSettings({ MERIDIAN_SMTP_HOST: 'mail', MERIDIAN_SMTP_PORT: '465', MERIDIAN_SMTP_USER: 'u', MERIDIAN_SMTP_PASS: 'p', MERIDIAN_MAIL_FROM: 'm@example.com' }),
    ).toEqual({ host: 'mail', port: 465, secure: true, auth: { user: 'u', pass: 'p' }, from: 'm@example.com' })
    expect(parseEmailSettings({ MERIDIAN_SMTP_HOST: 'mail', MERIDIAN_SMTP_SECURE: 'false', MERIDIAN_SMTP_PORT: '465', MERIDIAN_MAIL_FROM: 'm@example.com' })?.secure).toBe(false)
  })

  it.each([
    [{ MERIDIAN_MAIL_FROM: 'm@example.com' }, 'MERIDIAN_MAIL_FROM is set but no SMTP server is'],
    [{ MERIDIAN_SMTP_PORT: '25' }, 'MERIDIAN_SMTP_PORT is set but no SMTP server is'],
    [{ MERIDIAN_SMTP_HOST: 'mail' }, 'MERIDIAN_MAIL_FROM must be set when an SMTP server is'],
    [{ MERIDIAN_SMTP_HOST: 'mail', MERIDIAN_SMTP_URL: 'smtp://mail', MERIDIAN_MAIL_FROM: 'm@example.com' }, 'MERIDIAN_SMTP_URL and MERIDIAN_SMTP_HOST are both set'],
    [{ MERIDIAN_SMTP_URL: 'http://mail', MERIDIAN_MAIL_FROM: 'm@example.com' }, 'MERIDIAN_SMTP_URL must start with smtp:// or smtps://, got http://'],
    [{ MERIDIAN_SMTP_URL: 'mail.example.com', MERIDIAN_MAIL_FROM: 'm@example.com' }, 'MERIDIAN_SMTP_URL must be a URL'],
    [{ MERIDIAN_SMTP_URL: 'smtp://user@mail', MERIDIAN_MAIL_FROM: 'm@example.com' }, 'MERIDIAN_SMTP_URL has a user without a password'],
    [{ MERIDIAN_SMTP_HOST: 'mail', MERIDIAN_SMTP_PORT: '70000', MERIDIAN_MAIL_FROM: 'm@example.com' }, 'MERIDIAN_SMTP_PORT must be a whole number from 1 to 65535'],
    [{ MERIDIAN_SMTP_HOST: 'mail', MERIDIAN_SMTP_USER: 'u', MERIDIAN_MAIL_FROM: 'm@example.com' }, 'MERIDIAN_SMTP_PASS must be set when MERIDIAN_SMTP_USER is'],
    [{ MERIDIAN_SMTP_HOST: 'mail', MERIDIAN_SMTP_SECURE: 'maybe', MERIDIAN_MAIL_FROM: 'm@example.com' }, 'MERIDIAN_SMTP_SECURE must be true or false'],
    [{ MERIDIAN_SMTP_HOST: 'mail', MERIDIAN_MAIL_FROM: 'not an address' }, 'MERIDIAN_MAIL_FROM: entry 1 ("not an address") is not an e-mail address'],
    [{ MERIDIAN_SMTP_HOST: 'mail', MERIDIAN_MAIL_FROM: 'a@example.com, b@example.com' }, 'MERIDIAN_MAIL_FROM must be one address, got 2'],
  ])('refuse %j naming the variable', (env, message) => {
    expect(() => parseEmailSettings(env)).toThrowError(message)
  })

  it('parse address lists with names', () => {
    expect(parseAddresses('Finance Team <finance@example.com>, cto@example.com', 'X')).toEqual(['"Finance Team" <finance@example.com>', 'cto@example.com'])
    expect(() => parseAddresses('finance@example.com, oops', 'MERIDIAN_REPORT_EMAIL_TO')).toThrowError('MERIDIAN_REPORT_EMAIL_TO: entry 2 ("oops") is not an e-mail address')
  })
})

describe('notification settings', () => {
  it('take Slack, webhook and the public URL', () => {
    expect(
      parseNotificationSettings({
        MERIDIAN_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
        MERIDIAN_WEBHOOK_URL: 'https://example.com/hook',
        MERIDIAN_WEBHOOK_SECRET: '0123456789abcdef',
        MERIDIAN_PUBLIC_URL: 'https://meridian.example.com/',
      }),
    ).toEqual({
      slackWebhookUrl: 'https://hooks.slack.com/services/T/B/x',
      webhook: { url: 'https://example.com/hook', secret: '0123456789abcdef' },
      email: undefined,
      publicUrl: 'https://meridian.example.com',
    })
    expect(parseNotificationSettings({ MERIDIAN_HTTP_PORT: '9000' }).publicUrl).toBe('http://localhost:9000')
  })

  it.each([
    [{ MERIDIAN_SLACK_WEBHOOK_URL: 'hooks.slack.com/services/x' }, 'MERIDIAN_SLACK_WEBHOOK_URL must be an http:// or https:// URL'],
    [{ MERIDIAN_WEBHOOK_URL: 'https://example.com/hook' }, 'MERIDIAN_WEBHOOK_SECRET must be set when MERIDIAN_WEBHOOK_URL is'],
    [{ MERIDIAN_WEBHOOK_URL: 'https://example.com/hook', MERIDIAN_WEBHOOK_SECRET: 'short' }, 'MERIDIAN_WEBHOOK_SECRET must be at least 16 characters long'],
    [{ MERIDIAN_PUBLIC_URL: 'ftp://x' }, 'MERIDIAN_PUBLIC_URL must be an http:// or https:// URL, got "ftp://x"'],
  ])('refuse %j naming the variable', (env, message) => {
    expect(() => parseNotificationSettings(env)).toThrowError(message)
  })

  it('never show a webhook URL in an error (it may hold a secret)', () => {
    expect(() => parseNotificationSettings({ MERIDIAN_SLACK_WEBHOOK_URL: 'ftp://secret-token' })).toThrowError(/^((?!secret-token).)*$/)
  })
})
