import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fakeClock } from './testing/fakeClock.js'
import { type HttpReceiver, startHttpReceiver } from './testing/httpReceiver.js'
import { sendWebhook } from './webhookDelivery.js'
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature, webhookSignature } from './webhookSignature.js'

const SECRET = 'a shared secret of the receiver'

describe('signed JSON webhook', () => {
  let receiver: HttpReceiver
  beforeAll(async () => {
    receiver = await startHttpReceiver({ status: 204 })
  })
  afterAll(() => receiver?.close())
  beforeEach(() => {
    receiver.requests.length = 0
  })

  /** What a receiver does: check the signature over the exact body and the timestamp against its own clock. */
  const verify = (i: number, nowSeconds: number, secret = SECRET) => {
    const req = receiver.requests[i]
    return verifyWebhookSignature(secret, { timestamp: req.headers[TIMESTAMP_HEADER] as string, signature: req.headers[SIGNATURE_HEADER] as string }, req.body, nowSeconds)
  }

  it('posts the payload as JSON, signed with HMAC-SHA256 over timestamp and body', async () => {
    const clock = fakeClock(Date.UTC(2025, 1, 1, 9))
    const payload = { kind: 'finance_report', month: '2025-01', total: 1234.56 }
    const result = await sendWebhook({ url: `${receiver.url}/hooks/meridian?token=abc`, secret: SECRET }, payload, { clock })
    expect(result).toMatchObject({ channel: 'webhook', ok: true, attempts: 1, lastStatus: 204, error: null, target: `${receiver.url}/hooks/…?…` })
    const req = receiver.requests[0]
    expect(JSON.parse(req.body)).toEqual(payload)
    expect(req.headers['content-type']).toBe('application/json')
    const now = clock.now() / 1000
    expect(req.headers[TIMESTAMP_HEADER]).toBe(String(now))
    expect(req.headers[SIGNATURE_HEADER]).toMatch(/^v1=[0-9a-f]{64}$/)
    expect(verify(0, now)).toBeUndefined()
    // the receiver's checks fail as they should: another secret, a changed body, an old timestamp
    expect(verify(0, now, 'another secret')).toBe(`${SIGNATURE_HEADER} does not match the body`)
    expect(verifyWebhookSignature(SECRET, { timestamp: String(now), signature: req.headers[SIGNATURE_HEADER] as string }, `${req.body} `, now)).toBe(
      `${SIGNATURE_HEADER} does not match the body`,
    )
    expect(verify(0, now + 301)).toBe(`${TIMESTAMP_HEADER} is more than 300 s away from now`)
  })

  it('retries a 5xx with backoff, signing each attempt anew under one delivery id', async () => {
    receiver.script({ status: 500, body: 'oops' }, { status: 502 })
    const clock = fakeClock()
    const result = await sendWebhook({ url: receiver.url, secret: SECRET }, { n: 1 }, { clock, random: () => 0 })
    expect(result).toMatchObject({ ok: true, attempts: 3, lastStatus: 204 })
    expect(clock.sleeps).toEqual([500, 1000])
    const [first, , last] = receiver.requests
    expect(first.headers[DELIVERY_ID_HEADER]).toBe(last.headers[DELIVERY_ID_HEADER])
    expect(Number(last.headers[TIMESTAMP_HEADER])).toBe(Number(first.headers[TIMESTAMP_HEADER]) + 1)
    expect(last.headers[SIGNATURE_HEADER]).toBe(webhookSignature(SECRET, Number(last.headers[TIMESTAMP_HEADER]), last.body))
    expect(verify(2, clock.now() / 1000)).toBeUndefined()
  })

  it('honours a 429’s Retry-After given as an HTTP date', async () => {
    const clock = fakeClock(Date.UTC(2025, 1, 1, 9))
    receiver.script({ status: 429, headers: { 'retry-after': new Date(clock.now() + 12_000).toUTCString() } })
    const result = await sendWebhook({ url: receiver.url, secret: SECRET }, {}, { clock })
    expect(result).toMatchObject({ ok: true, attempts: 2 })
    expect(clock.sleeps).toEqual([12_000])
  })

  it('does not retry a 4xx, nor follow a redirect', async () => {
    receiver.script({ status: 401, body: 'bad signature' }, { status: 302, headers: { location: 'http://elsewhere.example/' } })
    const clock = fakeClock()
    expect(await sendWebhook({ url: receiver.url, secret: SECRET }, {}, { clock })).toMatchObject({ ok: false, attempts: 1, lastStatus: 401, error: 'the webhook answered 401: bad signature' })
    expect(await sendWebhook({ url: receiver.url, secret: SECRET }, {}, { clock })).toMatchObject({ ok: false, attempts: 1, lastStatus: 302 })
    expect(clock.sleeps).toEqual([])
  })

  it('stops waiting when its signal aborts', async () => {
    receiver.script({ status: 503 })
    const controller = new AbortController()
    const clock = fakeClock()
    const sleep = clock.sleep
    clock.sleep = async (ms, signal) => {
      controller.abort(new Error('shutting down'))
      return sleep(ms, signal)
    }
    const result = await sendWebhook({ url: receiver.url, secret: SECRET }, {}, { clock, signal: controller.signal })
    expect(result).toMatchObject({ ok: false, attempts: 1, lastStatus: 503, error: 'stopped while waiting to retry (last error: the webhook answered 503)' })
  })
})
