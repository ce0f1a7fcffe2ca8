import { openTestStore, type TestStore } from '@meridian/core/testing'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SLACK_LIMITS, type SlackMessage } from '../delivery/slackMessage.js'
import { type HttpReceiver, startHttpReceiver } from '../delivery/testing/httpReceiver.js'
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '../delivery/webhookSignature.js'
import { AlertEngine } from './alertEngine.js'
import type { AlertRule, Sample } from './alertRule.js'
import { listNotifications } from './notificationStore.js'
import { SimulatedClock } from './simulatedClock.js'
import { slackNotifier } from './slackNotifier.js'
import { webhookNotifier } from './webhookNotifier.js'

// End to end: a rule on the engine, its notifications through the Slack and webhook adapters to
// real HTTP servers on 127.0.0.1 (standing in for Slack and for a webhook receiver).
const T0 = Date.UTC(2025, 0, 1, 9)
const S = 1000
const MIN = 60 * S
const PUBLIC = 'https://meridian.example.com'
const SECRET = 'a webhook secret of the receiver'

describe('alert notifications to Slack and a webhook (local HTTP receivers)', () => {
  let store: TestStore
  let slack: HttpReceiver
  let hook: HttpReceiver
  let engine: AlertEngine | undefined
  beforeAll(async () => {
    slack = await startHttpReceiver()
    hook = await startHttpReceiver({ status: 204 })
  })
  afterAll(async () => {
    await slack?.close()
    await hook?.close()
  })
  beforeEach(async () => {
    store = await openTestStore()
    slack.requests.length = 0
    hook.requests.length = 0
  })
  afterEach(async () => {
    await engine?.stop()
    engine = undefined
    await store?.dispose()
  })

  /** An SLO burn-rate rule as the SLO rules will be: both windows over the factor, rates and budget as figures. */
  let burn = { long: 15.2, short: 16.1, budgetLeft: 0.62 }
  const burnRule: AlertRule = {
    id: 'slo:checkout-availability:page-1h',
    name: 'HighBurnRate',
    severity: 'critical',
    interval: 60,
    labels: { slo: 'checkout-availability' },
    annotations: {
      summary: 'checkout is burning its error budget {{ $value | printf "%.1f" }}x too fast',
      burn_rate: '{{ $value | printf "%.1f" }}x (1h), {{ $values.burn_rate_5m }}x (5m)',
      budget_remaining: '{{ $values.budget_remaining | humanizePercentage }}',
    },
    runbookUrl: 'https://runbooks.example.com/slo/{{ $labels.slo }}',
    dashboardUrl: '/slos/{{ $labels.slo | urlquery }}',
    evaluate: async (): Promise<Sample[]> => [
      {
        labels: { service: 'checkout' },
        value: burn.long,
        threshold: 14.4,
        comparison: '>',
        firing: burn.long > 14.4 && burn.short > 14.4,
        values: { burn_rate_5m: burn.short, budget_remaining: burn.budgetLeft },
      },
    ],
  }
  const start = async (clock: SimulatedClock) => {
    engine = await AlertEngine.start({
      store,
      clock,
      rules: [burnRule],
      policy: {
        route: { receiver: 'oncall', groupBy: ['alertname', 'service'], groupWait: '30s', groupInterval: '5m' },
        receivers: [
          {
            name: 'oncall',
            notifiers: [
              slackNotifier({ webhookUrl: `${slack.url}/services/T000/B000/secret-token`, publicUrl: PUBLIC }),
              webhookNotifier({ target: { url: `${hook.url}/hooks/meridian`, secret: SECRET }, publicUrl: PUBLIC, random: () => 0 }),
            ],
          },
        ],
      },
    })
    return engine
  }
  const slackMessage = (i: number) => JSON.parse(slack.requests[i].body) as SlackMessage
  const texts = (m: SlackMessage) => m.blocks.flatMap((b) => (b.type === 'section' ? [b.text?.text ?? ''] : b.type === 'header' ? [b.text.text] : []))
  const buttons = (m: SlackMessage) =>
    m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : [])).map((e) => [e.text.text, e.url])

  it('sends a Block Kit alert (after Slack’s 429 Retry-After) and a signed JSON webhook, then their resolved messages', async () => {
    burn = { long: 15.2, short: 16.1, budgetLeft: 0.62 }
    const clock = new SimulatedClock(T0)
    slack.script({ status: 429, headers: { 'retry-after': '7' }, body: 'rate_limited' })
    await start(clock)
    await clock.advance(30 * S)
    expect(slack.requests).toHaveLength(1)
    expect(hook.requests).toHaveLength(1)
    await clock.advance(7 * S)
    expect(slack.requests).toHaveLength(2)

    const firing = slackMessage(1)
    expect(firing.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
    expect(texts(firing)).toEqual([
      '🔥 [FIRING:1] HighBurnRate (checkout)',
      [
        '🔴 *CRITICAL* · *checkout*',
        'checkout is burning its error budget 15.2x too fast',
        '*Value* 15.2 (threshold &gt; 14.4) · *Burn rate* 15.2x (1h), 16.1x (5m) · *Budget left* 62%',
        'Since 2025-01-01 09:00 UTC',
      ].join('\n'),
    ])
    const silence = `${PUBLIC}/alerts/silences/new?matcher=${encodeURIComponent('alertname="HighBurnRate"')}&matcher=${encodeURIComponent('service="checkout"')}`
    expect(buttons(firing)).toEqual([
      ['Silence', `${silence}&matcher=${encodeURIComponent('severity="critical"')}&matcher=${encodeURIComponent('slo="checkout-availability"')}`],
      ['Dashboard', `${PUBLIC}/slos/checkout-availability`],
      ['Runbook', 'https://runbooks.example.com/slo/checkout-availability'],
      ['Silence group', silence],
    ])
    expect(firing.text).toBe('🔥 [FIRING:1] HighBurnRate (checkout)')

    const req = hook.requests[0]
    expect(verifyWebhookSignature(SECRET, { timestamp: req.headers[TIMESTAMP_HEADER] as string, signature: req.headers[SIGNATURE_HEADER] as string }, req.body, (T0 + 30 * S) / 1000)).toBeUndefined()
    const payload = JSON.parse(req.body)
    expect(payload).toMatchObject({ version: '4', receiver: 'oncall', status: 'firing', reason: 'first_notification', groupLabels: { alertname: 'HighBurnRate', service: 'checkout' }, externalURL: PUBLIC })
    expect(payload.alerts).toEqual([
      expect.objectContaining({
        status: 'firing',
        state: 'firing',
        labels: { alertname: 'HighBurnRate', service: 'checkout', severity: 'critical', slo: 'checkout-availability' },
        startsAt: '2025-01-01T09:00:00.000Z',
        endsAt: null,
        value: 15.2,
        threshold: 14.4,
        values: { burn_rate_5m: 16.1, budget_remaining: 0.62 },
        ruleId: 'slo:checkout-availability:page-1h',
      }),
    ])

    const [slackRecord] = (await listNotifications(store, { from: T0, to: T0 + MIN })).filter((n) => n.channel === 'slack')
    expect(slackRecord).toMatchObject({ outcome: 'sent', attempts: 2, lastStatus: 200, target: `${slack.url}/services/…`, error: '' })

    // the short window cools down: the page resolves; both receivers hear of it at the next flush
    burn = { long: 15, short: 3, budgetLeft: 0.6 }
    await clock.advance(6 * MIN)
    expect(slack.requests).toHaveLength(3)
    const resolved = slackMessage(2)
    expect(texts(resolved)[0]).toBe('✅ [RESOLVED] HighBurnRate (checkout)')
    expect(texts(resolved)[1]).toContain('🔴 *CRITICAL* · *checkout* · resolved')
    expect(texts(resolved)[1]).toContain('Resolved 2025-01-01 09:01 UTC, after 1m')
    expect(buttons(resolved).map(([text]) => text)).toEqual(['Silence', 'Dashboard', 'Runbook'])
    expect(JSON.parse(hook.requests[1].body)).toMatchObject({ status: 'resolved', reason: 'all_resolved', alerts: [{ status: 'resolved', endsAt: '2025-01-01T09:01:00.000Z' }] })
  })

  it('records a failed delivery with its status and error for the UI, and delivers at the next group interval', async () => {
    burn = { long: 20, short: 20, budgetLeft: 0.4 }
    const clock = new SimulatedClock(T0)
    hook.script({ status: 400, body: 'bad signature' })
    await start(clock)
    await clock.advance(30 * S)
    const failed = await listNotifications(store, { from: T0, to: T0 + HOUR, failedOnly: true })
    expect(failed).toEqual([
      expect.objectContaining({ channel: 'webhook', integration: 'webhook', outcome: 'failed', attempts: 1, lastStatus: 400, error: 'the webhook answered 400: bad signature', target: `${hook.url}/hooks/…` }),
    ])
    await clock.advance(5 * MIN)
    expect(hook.requests).toHaveLength(2)
    expect(JSON.parse(hook.requests[1].body)).toMatchObject({ status: 'firing', reason: 'first_notification' })
    // Slack had it the first time and is not sent it again
    expect(slack.requests).toHaveLength(1)
  })
})

const HOUR = 60 * MIN
