import type { Store } from '@meridian/core'
import { describe, expect, it } from 'vitest'
import { parseAlertsConfig } from './config.js'
import { startAlerts } from './engine.js'
import type { AlertRule } from './engine/alertRule.js'

// These cases fail before the engine reads its store, so no store is opened: the engine's own
// tests (engine/alertEngine.int.test.ts) run it on the embedded engine.
const noStore = {} as Store
const config = parseAlertsConfig({ MERIDIAN_ALERTS_SCHEDULE: '0 0 1 1 *' })

describe('startAlerts', () => {
  it('refuses invalid rules before it starts, naming the rule and field', async () => {
    const rules: AlertRule[] = [
      { id: 'ok', name: 'Fine', severity: 'info', evaluate: async () => [] },
      { id: 'bad', name: 'Broken', severity: 'warning', for: 'soon', evaluate: async () => [] },
    ]
    const alerts = startAlerts(noStore, config, rules)
    await expect(alerts.ready).rejects.toThrow('rules[1] (bad).for: "soon" is not a duration such as 30s, 5m, 1h30m or 1d')
    await expect(alerts.evaluateOnce()).rejects.toThrow(/rules\[1\] \(bad\)\.for/)
    await alerts.stop()
  })

  it('refuses two rules with one id, and a policy that routes to no receiver', async () => {
    const rule: AlertRule = { id: 'same', name: 'A', severity: 'info', evaluate: async () => [] }
    await expect(startAlerts(noStore, config, [rule, { ...rule, name: 'B' }]).ready).rejects.toThrow('rules[1].id: "same" is also the id of rules[0]')
    const policy = { route: { receiver: 'pager' }, receivers: [{ name: 'default', notifiers: [] }] }
    await expect(startAlerts(noStore, config, [], undefined, { policy }).ready).rejects.toThrow('route.receiver: no receiver named "pager" (receivers: default)')
  })

  it('refuses an invalid schedule with a message naming the variable', () => {
    expect(() => parseAlertsConfig({ MERIDIAN_ALERTS_SCHEDULE: 'every minute' })).toThrowError(/MERIDIAN_ALERTS_SCHEDULE must be a cron expression/)
  })
})
