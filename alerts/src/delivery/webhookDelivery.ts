import { randomUUID } from 'node:crypto'
import { type DeliveryClock, systemClock } from './deliveryClock.js'
import type { DeliveryListener, DeliveryResult } from './deliveryResult.js'
import { type AttemptOutcome, deliverWithRetries } from './deliverWithRetries.js'
import { redactUrl } from './redactUrl.js'
import { retryAfterMs } from './retryAfter.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy.js'
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './webhookSignature.js'

export interface WebhookTarget {
  url: string
  /** The shared secret the body is signed with (HMAC-SHA256). */
  secret: string
}

export interface WebhookDeliveryOptions {
  policy?: RetryPolicy
  clock?: DeliveryClock
  random?: () => number
  /** Per request (default 10 s). */
  timeoutMs?: number
  signal?: AbortSignal
  onResult?: DeliveryListener
}

/**
 * POSTs `payload` as JSON to a webhook, signed (webhookSignature.ts). Each attempt is signed anew
 * with the time it is sent, under one delivery id. Retried: no answer, 5xx, 408 and 429 (after the
 * Retry-After the answer gives, else with backoff); any other 4xx is final, and so is a redirect (a signed body is not forwarded).
 */
export async function sendWebhook(target: WebhookTarget, payload: unknown, options: WebhookDeliveryOptions = {}): Promise<DeliveryResult> {
  const clock = options.clock ?? systemClock
  const body = JSON.stringify(payload)
  const deliveryId = randomUUID()
  const attempt = async (): Promise<AttemptOutcome> => {
    const timestamp = Math.floor(clock.now() / 1000)
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000)
    let response: Response
    try {
      response = await fetch(target.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Meridian-Webhook/1',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: webhookSignature(target.secret, timestamp, body),
          [DELIVERY_ID_HEADER]: deliveryId,
        },
        body,
        signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
      })
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause
      return { ok: false, status: null, error: `no answer from the webhook: ${cause?.code ?? cause?.message ?? (err as Error).message}`, retry: 'backoff' }
    }
    const text = await response.text().catch(() => '')
    const status = response.status
    if (status >= 200 && status < 300) return { ok: true, status }
    const error = `the webhook answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}`
    // 429, and a 503 that says when: wait what the receiver asked
    if (status === 429 || status >= 500 || status === 408) return { ok: false, status, error, retry: retryAfterMs(response.headers.get('retry-after'), clock.now()) ?? 'backoff' }
    return { ok: false, status, error, retry: 'no' }
  }
  return deliverWithRetries(
    { channel: 'webhook', target: redactUrl(target.url), policy: options.policy ?? DEFAULT_RETRY_POLICY, clock, random: options.random, signal: options.signal, onResult: options.onResult },
    attempt,
  )
}
