import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AlertEngine } from './alertEngine.js'
import type { AlertRule } from './alertRule.js'
import { alertHistory, loadAlertInstances } from './alertStateStore.js'
import { memoryNotifier } from './memoryNotifier.js'
import type { NotificationPolicy } from './notificationPolicy.js'
import { listNotifications } from './notificationStore.js'
import { createSilence, listSilences } from './silenceStore.js'
import { SimulatedClock } from './simulatedClock.js'
import { VersionClock } from './storeRows.js'
import { thresholdEvaluator } from './thresholdEvaluator.js'

// The engine on the embedded store (or the HTTP one with MERIDIAN_TEST_REMOTE=1), on simulated
// time, notifying an in-memory notifier; alertDelivery.int.test.ts sends to real HTTP receivers.
const T0 = Date.UTC(2025, 0, 1)
const S = 1000
const MIN = 60 * S

describe('alert engine (store, simulated time)', () => {
  let store: TestStore
  let engines: AlertEngine[]
  beforeEach(async () => {
    store = await openTestStore()
    engines = []
  })
  afterEach(async () => {
    for (const engine of engines) await engine.stop()
    await store?.dispose()
  })

  /** Error rates per service, as a test sets them; the rule reads them at each evaluation. */
  const rates = new Map<string, number>()
  const rule = (overrides: Partial<AlertRule> = {}): AlertRule => ({
    id: 'checkout-errors',
    name: 'HighErrorRate',
    severity: 'critical',
    interval: 60,
    for: '2m',
    annotations: { summary: '{{ $labels.service }} fails {{ $value }}% of requests' },
    evaluate: thresholdEvaluator({ series: async () => [...rates].map(([service, value]) => ({ labels: { service }, value })), comparison: '>', threshold: 5 }),
    ...overrides,
  })
  const notifier = memoryNotifier({ name: 'team' })
  const policy = (): NotificationPolicy => ({
    route: { receiver: 'team', groupBy: ['alertname'], groupWait: '30s', groupInterval: '5m', repeatInterval: '1h' },
    receivers: [{ name: 'team', notifiers: [notifier] }],
  })
  const start = async (clock: SimulatedClock, rules: AlertRule[] = [rule()], extra: Partial<Parameters<typeof AlertEngine.start>[0]> = {}) => {
    const engine = await AlertEngine.start({ store, rules, policy: policy(), clock, ...extra })
    engines.push(engine)
    return engine
  }
  const received = () => notifier.received.map((n) => `${n.reason} ${n.alerts.map((a) => `${a.labels.service}:${a.status}`).join(' ')}`)
  beforeEach(() => {
    rates.clear()
    notifier.received.length = 0
  })

  it('walks a rule through pending, firing and resolved, stores each change and notifies at the pipeline’s times', async () => {
    const clock = new SimulatedClock(T0)
    const engine = await start(clock)
    rates.set('checkout', 7).set('payment', 1)
    await clock.settle()
    expect(engine.alertInstances().map((i) => [i.labels.service, i.state])).toEqual([['checkout', 'pending']])
    await clock.advance(2 * MIN)
    expect(engine.alertInstances()[0]).toMatchObject({ state: 'firing', firedAt: T0 + 2 * MIN, annotations: { summary: 'checkout fails 7% of requests' } })
    await clock.advance(29 * S)
    expect(received()).toEqual([])
    await clock.advance(1 * S)
    expect(received()).toEqual(['first_notification checkout:firing'])
    rates.set('checkout', 2)
    await clock.advance(10 * MIN)
    expect(received()).toEqual(['first_notification checkout:firing', 'all_resolved checkout:resolved'])

    const history = await alertHistory(store, { from: T0, to: T0 + HOUR })
    expect(history.map((t) => [(t.at - T0) / MIN, t.labels.service, t.from, t.to, t.value])).toEqual([
      [3, 'checkout', 'firing', 'resolved', 2],
      [2, 'checkout', 'pending', 'firing', 7],
      [0, 'checkout', 'inactive', 'pending', 7],
    ])
    const notifications = await listNotifications(store, { from: T0, to: T0 + HOUR })
    expect(notifications.map((n) => [(n.at - T0) / S, n.outcome, n.reason, n.alerts.map((a) => a.labels.service)])).toEqual([
      [450, 'sent', 'all_resolved', ['checkout']],
      [150, 'sent', 'first_notification', ['checkout']],
    ])
    const stored = await loadAlertInstances(store)
    expect(stored.instances.map((i) => [i.labels.service, i.state, i.resolvedAt])).toEqual([['checkout', 'resolved', T0 + 3 * MIN]])
  })

  it('continues after a restart: a pending alert fires when its `for` ends, and what was sent is not sent again', async () => {
    const first = new SimulatedClock(T0)
    const a = await start(first, [rule({ for: '5m' })])
    rates.set('checkout', 9)
    await first.settle()
    await first.advance(2 * MIN + 30 * S)
    expect(a.alertInstances().map((i) => i.state)).toEqual(['pending'])
    await a.stop()

    // the process is back 30 s later; its rule ticks at its own start, then every minute
    const second = new SimulatedClock(T0 + 3 * MIN)
    const b = await start(second, [rule({ for: '5m' })])
    await second.settle()
    expect(b.alertInstances()[0]).toMatchObject({ state: 'pending', activeAt: T0 })
    await second.advance(1 * MIN)
    expect(b.alertInstances()[0].state).toBe('pending')
    await second.advance(1 * MIN)
    expect(b.alertInstances()[0]).toMatchObject({ state: 'firing', activeAt: T0, firedAt: T0 + 5 * MIN })
    await second.advance(1 * MIN)
    expect(received()).toEqual(['first_notification checkout:firing'])
    await b.stop()

    // and again: the firing alert is flushed at once (it started long ago) but the stored log knows it was sent
    const third = new SimulatedClock(T0 + 20 * MIN)
    const c = await start(third, [rule({ for: '5m' })])
    await third.advance(30 * MIN)
    expect(received()).toEqual(['first_notification checkout:firing'])
    rates.set('checkout', 0)
    await third.advance(5 * MIN)
    expect(received()).toEqual(['first_notification checkout:firing', 'all_resolved checkout:resolved'])
    expect(c.alertInstances()[0].state).toBe('resolved')
  })

  it('resolves, notifies and removes the alerts of a rule no longer configured when it starts', async () => {
    const first = new SimulatedClock(T0)
    await start(first, [rule({ for: 0 })])
    rates.set('checkout', 9)
    await first.advance(1 * MIN)
    expect(received()).toEqual(['first_notification checkout:firing'])
    await engines.pop()!.stop()
    const later = new SimulatedClock(T0 + 10 * MIN)
    const engine = await start(later, [rule({ id: 'another-rule', name: 'Other' })])
    await later.advance(1 * MIN)
    expect(received()).toEqual(['first_notification checkout:firing', 'all_resolved checkout:resolved'])
    expect(engine.alertInstances().map((i) => i.ruleId)).toEqual(['another-rule'])
    expect((await loadAlertInstances(store)).instances.filter((i) => i.ruleId === 'checkout-errors')).toEqual([])
    const history = await alertHistory(store, { from: T0, to: T0 + HOUR, ruleId: 'checkout-errors' })
    expect(history.map((t) => [(t.at - T0) / MIN, t.from, t.to])).toEqual([
      [10, 'firing', 'resolved'],
      [0, 'inactive', 'firing'],
    ])
  })

  it('restarts the `for` of a pending alert nobody watched for longer than the outage tolerance', async () => {
    const first = new SimulatedClock(T0)
    const a = await start(first, [rule({ for: '5m' })])
    rates.set('checkout', 9)
    await first.settle()
    await a.stop()
    const later = new SimulatedClock(T0 + 2 * HOUR)
    const b = await start(later, [rule({ for: '5m' })], { forOutageToleranceMs: HOUR })
    await later.settle()
    expect(b.alertInstances()[0]).toMatchObject({ state: 'pending', activeAt: T0 + 2 * HOUR })
  })

  it('silences: made through the engine they mute at once; made in the store (another process) after the next refresh; expired, the alert is sent', async () => {
    const clock = new SimulatedClock(T0)
    const engine = await start(clock, [rule({ for: 0 })], { silenceRefreshMs: 15 * S })
    const silence = await engine.createSilence({ matchers: ['service="checkout"'], endsAt: T0 + HOUR, createdBy: 'ana@example.com', comment: 'deploying checkout' })
    const elsewhere = await createSilence(store, { matchers: ['service=~"pay.*"', 'env!~"dev.*"'], endsAt: T0 + HOUR, createdBy: 'bo', comment: 'card provider incident' }, T0, new VersionClock())
    rates.set('checkout', 7).set('payment', 8).set('search', 9)
    await clock.settle()
    expect(engine.alerts().map((a) => [a.labels.service, a.silencedBy])).toEqual([
      ['checkout', [silence.id]],
      ['payment', []],
      ['search', []],
    ])
    await clock.advance(15 * S)
    expect(engine.alerts().map((a) => [a.labels.service, a.silencedBy])).toEqual([
      ['checkout', [silence.id]],
      ['payment', [elsewhere.id]],
      ['search', []],
    ])
    await clock.advance(15 * S)
    expect(received()).toEqual(['first_notification search:firing'])
    await engine.expireSilence(silence.id)
    const stored = await listSilences(store)
    // both were made at T0: list order between them is by id
    expect(stored.map((s) => [s.comment, s.endsAt === T0 + 30 * S ? 'expired now' : 'active']).sort()).toEqual([
      ['card provider incident', 'active'],
      ['deploying checkout', 'expired now'],
    ])
    await clock.advance(5 * MIN)
    expect(received()).toEqual(['first_notification search:firing', 'new_alerts checkout:firing search:firing'])
    await expect(engine.createSilence({ matchers: ['team=""'], endsAt: T0 + HOUR, createdBy: 'x', comment: 'y' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_silence',
      message: 'silence.matchers: at least one matcher must not match the empty string (e.g. service="checkout")',
    })
    await expect(engine.expireSilence('nope')).rejects.toMatchObject({ status: 404 })
  })

  it('handles a failing evaluation by the rule’s choice and stores the error state', async () => {
    const clock = new SimulatedClock(T0)
    let fail = true
    const engine = await start(clock, [
      rule({
        for: 0,
        evaluate: async () => {
          if (fail) throw new Error('the store could not answer: connection refused')
          return [{ labels: { service: 'checkout' }, value: 1, firing: false }]
        },
      }),
    ])
    await clock.advance(30 * S)
    expect(engine.alertInstances()[0]).toMatchObject({ state: 'error', error: 'the store could not answer: connection refused' })
    expect(received()).toEqual(['first_notification undefined:firing'])
    expect(notifier.received[0].alerts[0].labels).toMatchObject({ alertname: 'DatasourceError', rulename: 'HighErrorRate' })
    fail = false
    await clock.advance(5 * MIN)
    expect(received().at(-1)).toBe('all_resolved undefined:resolved')
    const [row] = await queryRows<{ n: string }>(store, `SELECT count() AS n FROM ${store.database}.meridian_alert_history WHERE ToState = 'error'`)
    expect(Number(row.n)).toBe(1)
  })
})

const HOUR = 60 * MIN
