import { openTestStore, type TestStore } from '@meridian/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { parseAlertsConfig } from '../config.js'
import { type RunningAlerts, startAlerts } from '../engine.js'
import type { Notification, Notifier } from './notifier.js'

// startAlerts as `pnpm start` runs it: wall-clock time, the rules on node-cron's schedule.
describe('startAlerts on the real clock', () => {
  let store: TestStore | undefined
  let alerts: RunningAlerts | undefined
  afterEach(async () => {
    await alerts?.stop()
    await store?.dispose()
  })

  it('evaluates a rule on MERIDIAN_ALERTS_SCHEDULE and notifies through the policy given', async () => {
    store = await openTestStore()
    let delivered: (n: Notification) => void = () => {}
    const notification = new Promise<Notification>((resolve) => {
      delivered = resolve
    })
    const notifier: Notifier = {
      name: 'capture',
      channel: 'memory',
      sendResolved: true,
      async notify(n) {
        delivered(n)
        return { channel: 'memory', target: 'capture', ok: true, attempts: 1, lastStatus: null, error: null, startedAt: Date.now(), finishedAt: Date.now() }
      },
    }
    const config = parseAlertsConfig({ MERIDIAN_ALERTS_SCHEDULE: '* * * * * *' })
    alerts = startAlerts(store, config, [{ id: 'always', name: 'AlwaysFiring', severity: 'info', evaluate: async () => [{ labels: {}, value: 1, firing: true }] }], undefined, {
      policy: { route: { receiver: 'r', groupWait: 0 }, receivers: [{ name: 'r', notifiers: [notifier] }] },
    })
    const engine = await alerts.ready
    const n = await notification
    expect(n.alerts.map((a) => [a.labels.alertname, a.status])).toEqual([['AlwaysFiring', 'firing']])
    expect(engine.alertInstances().map((i) => i.state)).toEqual(['firing'])
    expect(await alerts.evaluateOnce()).toBe(1)
  })
})
