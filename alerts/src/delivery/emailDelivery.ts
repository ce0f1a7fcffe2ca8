import { createTransport } from 'nodemailer'
import { type DeliveryClock, systemClock } from './deliveryClock.js'
import type { DeliveryListener, DeliveryResult } from './deliveryResult.js'
import { type AttemptOutcome, deliverWithRetries } from './deliverWithRetries.js'
import type { EmailSettings } from './emailSettings.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy.js'

export interface EmailAttachment {
  filename: string
  content: Buffer | string
  contentType: string
}

export interface EmailMessage {
  to: string[]
  subject: string
  /** The plain-text body, for clients that show no HTML. */
  text: string
  html: string
  attachments?: EmailAttachment[]
}

export interface EmailDeliveryOptions {
  policy?: RetryPolicy
  clock?: DeliveryClock
  random?: () => number
  /** Connection, greeting and socket timeouts (default 15 s each). */
  timeoutMs?: number
  signal?: AbortSignal
  onResult?: DeliveryListener
}

/** Network failures worth another try; nodemailer's codes for them. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED'])

interface SmtpError extends Error {
  code?: string
  responseCode?: number
  response?: string
}

/**
 * Sends one mail (HTML and text bodies, attachments) through the SMTP server of `settings` with
 * nodemailer. Retried: no connection, and SMTP 4xx replies (the server's "try again later");
 * final: 5xx replies (unknown mailbox, refused login) and recipients the server refused (the
 * others already have the mail, so a retry would send it twice).
 */
export async function sendEmail(settings: EmailSettings, message: EmailMessage, options: EmailDeliveryOptions = {}): Promise<DeliveryResult> {
  const timeout = options.timeoutMs ?? 15_000
  const attempt = async (): Promise<AttemptOutcome> => {
    const transport = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.auth,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    })
    try {
      const info = await transport.sendMail({
        from: settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      })
      const status = replyCode(info.response)
      const rejected = (info.rejected ?? []).map(String)
      if (rejected.length > 0) {
        return { ok: false, status, error: `the server refused ${rejected.join(', ')}; delivered to ${(info.accepted ?? []).map(String).join(', ') || 'nobody'}`, retry: 'no' }
      }
      return { ok: true, status }
    } catch (err) {
      const e = err as SmtpError
      const status = e.responseCode ?? null
      const error = `SMTP ${settings.host}:${settings.port}: ${e.response ?? e.message}`
      const transient = status !== null ? status >= 400 && status < 500 : TRANSIENT_CODES.has(e.code ?? '')
      return { ok: false, status, error, retry: transient ? 'backoff' : 'no' }
    } finally {
      transport.close()
    }
  }
  return deliverWithRetries(
    {
      channel: 'email',
      target: message.to.join(', '),
      policy: options.policy ?? DEFAULT_RETRY_POLICY,
      clock: options.clock ?? systemClock,
      random: options.random,
      signal: options.signal,
      onResult: options.onResult,
    },
    attempt,
  )
}

/** `250 2.0.0 OK queued` → 250. */
function replyCode(response: unknown): number | null {
  const match = typeof response === 'string' ? /^(\d{3})/.exec(response) : null
  return match ? Number(match[1]) : null
}
