import { type FetchFunction, IncomingWebhook, IncomingWebhookHTTPError, IncomingWebhookRequestError } from '@slack/webhook'
import { type DeliveryClock, systemClock } from './deliveryClock.js'
import type { DeliveryListener, DeliveryResult } from './deliveryResult.js'
import { type AttemptOutcome, deliverWithRetries } from './deliverWithRetries.js'
import { redactUrl } from './redactUrl.js'
import { retryAfterMs } from './retryAfter.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy.js'
import type { SlackMessage } from './slackMessage.js'

export interface SlackDeliveryOptions {
  policy?: RetryPolicy
  clock?: DeliveryClock
  random?: () => number
  /** Per request (default 10 s). */
  timeoutMs?: number
  signal?: AbortSignal
  onResult?: DeliveryListener
}

/**
 * Posts a message to a Slack incoming webhook with @slack/webhook's IncomingWebhook.
 *
 * Retries are ours, not the library's: it can retry (p-retry, off by default) but treats 429 as
 * final and cannot see Retry-After (its HTTP error carries status and body, not headers; since
 * v8 it uses fetch, not axios). So its retries stay off, its `fetch` option is given a fetch that
 * notes each response's Retry-After, and the loop here waits that long after a 429, backs off
 * after a 5xx or a network error, and stops at once on any other 4xx (a bad payload, a revoked
 * or archived channel: retrying cannot help).
 */
export async function sendSlackMessage(webhookUrl: string, message: SlackMessage, options: SlackDeliveryOptions = {}): Promise<DeliveryResult> {
  const clock = options.clock ?? systemClock
  let retryAfter: string | null = null
  const noting: FetchFunction = async (url, init) => {
    const response = await fetch(url, { ...init, signal: anySignal(init?.signal, options.signal) })
    retryAfter = response.headers.get('retry-after')
    return response
  }
  const webhook = new IncomingWebhook(webhookUrl, { fetch: noting, timeout: options.timeoutMs ?? 10_000, retryConfig: { retries: 0 } })

  const attempt = async (): Promise<AttemptOutcome> => {
    retryAfter = null
    try {
      await webhook.send({ text: message.text, blocks: message.blocks })
      return { ok: true, status: 200 }
    } catch (err) {
      if (err instanceof IncomingWebhookHTTPError) {
        const error = `Slack answered ${err.statusCode}${err.body ? `: ${err.body.slice(0, 200)}` : ''}`
        if (err.statusCode === 429 || err.statusCode >= 500) return { ok: false, status: err.statusCode, error, retry: retryAfterMs(retryAfter, clock.now()) ?? 'backoff' }
        return { ok: false, status: err.statusCode, error, retry: 'no' }
      }
      const cause = err instanceof IncomingWebhookRequestError ? err.original : (err as Error)
      return { ok: false, status: null, error: `no answer from Slack: ${describeCause(cause)}`, retry: 'backoff' }
    }
  }
  return deliverWithRetries(
    { channel: 'slack', target: redactUrl(webhookUrl), policy: options.policy ?? DEFAULT_RETRY_POLICY, clock, random: options.random, signal: options.signal, onResult: options.onResult },
    attempt,
  )
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED, a timeout…). */
function describeCause(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? err.message
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined)
  return present.length === 0 ? undefined : present.length === 1 ? present[0] : AbortSignal.any(present)
}
