import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DeliveryResult } from './deliveryResult.js'
import { DEFAULT_RETRY_POLICY } from './retryPolicy.js'
import { sendSlackMessage } from './slackDelivery.js'
import { SlackMessageBuilder } from './slackMessage.js'
import { fakeClock } from './testing/fakeClock.js'
import { type HttpReceiver, startHttpReceiver } from './testing/httpReceiver.js'

// A real HTTP server on 127.0.0.1 stands in for hooks.slack.com; the IncomingWebhook posts to it.
describe('Slack delivery through @slack/webhook', () => {
  let slack: HttpReceiver
  let url: string
  beforeAll(async () => {
    slack = await startHttpReceiver()
  })
  afterAll(() => slack?.close())
  beforeEach(() => {
    slack.requests.length = 0
    url = `${slack.url}/services/T000/B000/secret-token`
  })

  const message = new SlackMessageBuilder('Finance report for 2025-01').header('Finance report').section('*Total* $1,234.56').build()

  it('posts the blocks and the fallback text as JSON', async () => {
    const results: DeliveryResult[] = []
    const result = await sendSlackMessage(url, message, { clock: fakeClock(), onResult: (r) => results.push(r) })
    expect(result).toMatchObject({ channel: 'slack', ok: true, attempts: 1, lastStatus: 200, error: null })
    // the token in the path is not shown
    expect(result.target).toBe(`${slack.url}/services/…`)
    expect(results).toEqual([result])
    expect(slack.requests).toHaveLength(1)
    expect(slack.requests[0].method).toBe('POST')
    expect(slack.requests[0].path).toBe('/services/T000/B000/secret-token')
    expect(slack.requests[0].headers['content-type']).toBe('application/json')
    expect(JSON.parse(slack.requests[0].body)).toEqual({ text: message.text, blocks: message.blocks })
  })

  it('waits the Retry-After of a 429, then sends again', async () => {
    slack.script({ status: 429, headers: { 'retry-after': '7' }, body: 'rate_limited' })
    const clock = fakeClock()
    const result = await sendSlackMessage(url, message, { clock })
    expect(result).toMatchObject({ ok: true, attempts: 2, lastStatus: 200, error: null })
    expect(clock.sleeps).toEqual([7000])
    expect(slack.requests).toHaveLength(2)
    expect(slack.requests[1].body).toBe(slack.requests[0].body)
  })

  it('retries 5xx answers with exponential backoff until one succeeds', async () => {
    slack.script({ status: 500, body: 'rollup_error' }, { status: 503 })
    const clock = fakeClock()
    const result = await sendSlackMessage(url, message, { clock, random: () => 1 })
    expect(result).toMatchObject({ ok: true, attempts: 3, lastStatus: 200 })
    expect(clock.sleeps).toEqual([DEFAULT_RETRY_POLICY.baseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2])
  })

  it('does not retry a permanent 4xx and says what Slack answered', async () => {
    slack.script({ status: 400, body: 'invalid_blocks' })
    const clock = fakeClock()
    const result = await sendSlackMessage(url, message, { clock })
    expect(result).toMatchObject({ ok: false, attempts: 1, lastStatus: 400, error: 'Slack answered 400: invalid_blocks' })
    expect(clock.sleeps).toEqual([])
    expect(slack.requests).toHaveLength(1)
  })

  it('gives up after the policy’s attempts on lasting 5xx', async () => {
    slack.script(...Array.from({ length: 3 }, () => ({ status: 502, body: 'bad gateway' })))
    const result = await sendSlackMessage(url, message, { clock: fakeClock(), policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 } })
    expect(result).toMatchObject({ ok: false, attempts: 3, lastStatus: 502, error: 'Slack answered 502: bad gateway (gave up after 3 attempts)' })
  })

  it('does not wait a Retry-After longer than the policy allows', async () => {
    slack.script({ status: 429, headers: { 'retry-after': '3600' }, body: 'rate_limited' })
    const clock = fakeClock()
    const result = await sendSlackMessage(url, message, { clock })
    expect(result).toMatchObject({ ok: false, attempts: 1, lastStatus: 429 })
    expect(result.error).toBe('Slack answered 429: rate_limited; the receiver asked to wait 3600 s, more than the 300 s a delivery waits')
    expect(clock.sleeps).toEqual([])
  })

  it('retries when nothing answers, and tells why', async () => {
    const closed = await startHttpReceiver()
    const deadUrl = `${closed.url}/services/x`
    await closed.close()
    const clock = fakeClock()
    const result = await sendSlackMessage(deadUrl, message, { clock, policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 } })
    expect(result).toMatchObject({ ok: false, attempts: 2, lastStatus: null })
    expect(result.error).toBe('no answer from Slack: ECONNREFUSED (gave up after 2 attempts)')
    expect(clock.sleeps).toHaveLength(1)
  })
})
