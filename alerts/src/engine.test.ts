import type { Store } from '@meridian/core'
import { describe, expect, it } from 'vitest'
import { parseAlertsConfig } from './config.js'
import { type Rule, startAlerts } from './engine.js'

describe('alerts engine', () => {
  it('evaluates every rule, and one failing rule does not stop the others', async () => {
    const seen: string[] = []
    const rules: Rule[] = [
      { name: 'broken', evaluate: async () => Promise.reject(new Error('boom')) },
      { name: 'fine', evaluate: async () => void seen.push('fine') },
    ]
    // The store is not touched by these rules; the engine only hands it over.
    const alerts = startAlerts({} as Store, parseAlertsConfig({ MERIDIAN_ALERTS_SCHEDULE: '0 0 1 1 *' }), rules)
    expect(await alerts.evaluateOnce()).toBe(2)
    expect(seen).toEqual(['fine'])
    await alerts.stop()
  })

  it('refuses an invalid schedule with a message naming the variable', () => {
    expect(() => parseAlertsConfig({ MERIDIAN_ALERTS_SCHEDULE: 'every minute' })).toThrowError(/MERIDIAN_ALERTS_SCHEDULE must be a cron expression/)
  })
})
