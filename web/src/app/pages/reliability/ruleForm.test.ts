import type { AlertRuleListItem } from '@meridian/core/api'
import { alertRuleBody } from '@meridian/core/api'
import { describe, expect, it } from 'vitest'
import { EMPTY_RULE, ruleBody, ruleFormOf } from './ruleForm'

const item = (rule: AlertRuleListItem['rule'], group = 'api'): AlertRuleListItem => ({
  id: 'api/1',
  origin: 'api',
  readOnly: false,
  file: null,
  group,
  interval: null,
  rule,
  engineRuleIds: ['api/1'],
  createdAt: 1,
  updatedAt: 1,
})

describe('the rule form', () => {
  it('makes a threshold rule on spans that the contract takes, leaving empty fields out', () => {
    const body = ruleBody({ ...EMPTY_RULE, alert: 'PaymentErrors', service: 'payment', threshold: '0.05', for: '1m', summary: 'payment fails' })
    expect(body).toEqual({
      alert: 'PaymentErrors',
      group: 'api',
      kind: 'threshold',
      severity: 'warning',
      query: { kind: 'spans', service: 'payment', measure: 'error_rate', window: '5m' },
      op: '>',
      threshold: 0.05,
      for: '1m',
      annotations: { summary: 'payment fails' },
    })
    expect(alertRuleBody.safeParse(body).success).toBe(true)
  })

  it('makes a log count rule and an SLO burn-rate rule', () => {
    const logs = ruleBody({ ...EMPTY_RULE, alert: 'GivingUp', queryKind: 'logs', service: 'payment', text: 'giving up', threshold: '3', op: '>=' })
    expect(logs).toMatchObject({ query: { kind: 'logs', service: 'payment', severity: ['ERROR'], text: 'giving up', window: '5m' }, op: '>=', threshold: 3 })
    expect(alertRuleBody.safeParse(logs).success).toBe(true)
    const burn = ruleBody({ ...EMPTY_RULE, alert: 'CheckoutBurn', kind: 'slo_burn_rate', slo: 'checkout-availability', for: '0' })
    expect(burn).toEqual({ alert: 'CheckoutBurn', group: 'api', kind: 'slo_burn_rate', slo: 'checkout-availability', for: 0 })
  })

  it('sends a threshold that is not a number as its text, for the API to refuse by field', () => {
    expect(ruleBody({ ...EMPTY_RULE, threshold: 'five' })).toMatchObject({ threshold: 'five' })
    const parsed = alertRuleBody.safeParse(ruleBody({ ...EMPTY_RULE, alert: 'X', service: 's', threshold: 'five' }))
    expect(parsed.success).toBe(false)
  })

  it('reads a stored rule back into the same body, and declines kinds and fields it does not show', () => {
    const rule = { alert: 'Slow', kind: 'threshold' as const, severity: 'critical' as const, query: { kind: 'spans' as const, service: 'api', operation: 'GET /x', measure: 'p99' as const, window: '10m' }, op: '>' as const, threshold: 800, keep_firing_for: '2m' }
    const form = ruleFormOf(item(rule, 'latency'))!
    expect(ruleBody(form)).toEqual({ ...rule, group: 'latency' })
    expect(ruleFormOf(item({ alert: 'Gone', kind: 'absent', absent: { kind: 'spans', service: 'api', window: '10m' } }))).toBeNull()
    expect(ruleFormOf(item({ ...rule, runbook_url: 'https://x' }))).toBeNull()
    // the API lists a rule with its group
    expect(ruleFormOf(item({ ...rule, group: 'latency' } as AlertRuleListItem['rule']))).not.toBeNull()
  })
})
