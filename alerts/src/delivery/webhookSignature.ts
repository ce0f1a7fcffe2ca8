import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * How Meridian signs a webhook (docs/notifications.md): HMAC-SHA256 with the shared secret over
 * `<timestamp>.<body>`, the timestamp (Unix seconds) in X-Meridian-Timestamp and the signature in
 * X-Meridian-Signature as `v1=<hex>`. Signing the timestamp with the body lets a receiver refuse
 * replays: it checks the signature, then that the timestamp is recent.
 */
export const TIMESTAMP_HEADER = 'x-meridian-timestamp'
export const SIGNATURE_HEADER = 'x-meridian-signature'
/** The same id on every attempt of one delivery, so a receiver can drop a retry it already took. */
export const DELIVERY_ID_HEADER = 'x-meridian-delivery'

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/**
 * A receiver's check: the signature matches (compared in constant time) and the timestamp is
 * within `toleranceSeconds` of `nowSeconds`. Returns why not, or undefined when it holds.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): string | undefined {
  if (!headers.timestamp || !/^\d+$/.test(headers.timestamp)) return `${TIMESTAMP_HEADER} is missing or not Unix seconds`
  if (!headers.signature) return `${SIGNATURE_HEADER} is missing`
  const timestamp = Number(headers.timestamp)
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return `${TIMESTAMP_HEADER} is more than ${toleranceSeconds} s away from now`
  const expected = Buffer.from(webhookSignature(secret, timestamp, body))
  const given = Buffer.from(headers.signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return `${SIGNATURE_HEADER} does not match the body`
  return undefined
}
