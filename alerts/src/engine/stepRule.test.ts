import { describe, expect, it } from 'vitest'
import type { AlertInstance } from './alertInstance.js'
import type { AlertRule, Sample } from './alertRule.js'
import { compileRule } from './compileRule.js'
import { alertChanges } from './pipelineAlert.js'
import { type EvaluationOutcome, RESOLVED_RETENTION_MS, stepRule } from './stepRule.js'

const T0 = Date.UTC(2025, 0, 1)
const MIN = 60_000

/** Walks a rule through evaluations: each call takes the previous instances and returns the new ones. */
function walker(rule: Partial<AlertRule>) {
  const compiled = compileRule({ id: 'r1', name: 'HighErrorRate', severity: 'critical', evaluate: async () => [], ...rule })
  let instances: AlertInstance[] = []
  const history: string[] = []
  return {
    get instances() {
      return instances
    },
    history,
    at(minute: number, outcome: EvaluationOutcome | Sample[]) {
      const before = instances
      const now = T0 + minute * MIN
      const step = stepRule(compiled, instances, Array.isArray(outcome) ? { kind: 'samples', samples: outcome } : outcome, now)
      instances = step.instances
      history.push(...step.transitions.map((t) => `${minute}m ${t.labels.service ?? '-'} ${t.from}→${t.to}`))
      return { step, alerts: alertChanges(before, instances, now) }
    },
    state(service?: string) {
      const found = instances.filter((i) => i.labels.service === service)
      return found.length === 0 ? 'inactive' : found.map((i) => i.state).join(',')
    },
  }
}

const sample = (service: string, value: number, firing: boolean): Sample => ({ labels: { service }, value, firing, threshold: 5, comparison: '>' })
const noData: Sample[] = []
const failed = (message = 'the store could not answer'): EvaluationOutcome => ({ kind: 'error', message })

describe('stepRule: the condition', () => {
  it('walks inactive → pending → firing once `for` has passed → resolved, and drops the resolved alert after retention', () => {
    const w = walker({ for: '5m' })
    w.at(0, [sample('checkout', 7, true)])
    expect(w.state('checkout')).toBe('pending')
    w.at(4, [sample('checkout', 8, true)])
    expect(w.state('checkout')).toBe('pending')
    w.at(5, [sample('checkout', 9, true)])
    expect(w.instances[0]).toMatchObject({ state: 'firing', activeAt: T0, firedAt: T0 + 5 * MIN, value: 9, threshold: 5 })
    w.at(6, [sample('checkout', 2, false)])
    expect(w.instances[0]).toMatchObject({ state: 'resolved', resolvedFrom: 'firing', resolvedAt: T0 + 6 * MIN, value: 2 })
    w.at(6 + RESOLVED_RETENTION_MS / MIN - 1, [sample('checkout', 2, false)])
    expect(w.state('checkout')).toBe('resolved')
    const { step } = w.at(6 + RESOLVED_RETENTION_MS / MIN, [sample('checkout', 2, false)])
    expect(w.instances).toEqual([])
    expect(step.removed).toHaveLength(1)
    expect(w.history).toEqual(['0m checkout inactive→pending', '5m checkout pending→firing', '6m checkout firing→resolved'])
  })

  it('drops a pending alert whose condition clears before `for` (no notification), and fires at once with for: 0', () => {
    const w = walker({ for: '5m' })
    w.at(0, [sample('checkout', 7, true)])
    const { alerts } = w.at(3, [sample('checkout', 1, false)])
    expect(w.instances).toEqual([])
    expect(alerts).toEqual([])
    expect(w.history).toEqual(['0m checkout inactive→pending', '3m checkout pending→inactive'])
    const now = walker({})
    const first = now.at(0, [sample('payment', 7, true)])
    expect(now.state('payment')).toBe('firing')
    expect(first.alerts.map((a) => [a.labels.service, a.endsAt])).toEqual([['payment', null]])
  })

  it('keeps firing for keepFiringFor after the condition clears (the clock restarts when it holds again), then resolves', () => {
    const w = walker({ keepFiringFor: '10m' })
    w.at(0, [sample('checkout', 7, true)])
    w.at(1, [sample('checkout', 1, false)])
    expect(w.instances[0]).toMatchObject({ state: 'firing', keepFiringSince: T0 + MIN })
    w.at(5, [sample('checkout', 7, true)])
    expect(w.instances[0]).toMatchObject({ state: 'firing', keepFiringSince: null })
    w.at(6, [sample('checkout', 1, false)])
    w.at(15, [sample('checkout', 1, false)])
    expect(w.state('checkout')).toBe('firing')
    w.at(16, [sample('checkout', 1, false)])
    expect(w.instances[0]).toMatchObject({ state: 'resolved', resolvedAt: T0 + 16 * MIN })
    expect(w.history).toEqual(['0m checkout inactive→firing', '16m checkout firing→resolved'])
  })

  it('resolves an alert whose series disappears (after keepFiringFor), and starts over when a resolved alert fires again', () => {
    const w = walker({ for: '2m', keepFiringFor: '3m' })
    w.at(0, [sample('checkout', 7, true), sample('payment', 9, true)])
    w.at(2, [sample('checkout', 7, true), sample('payment', 9, true)])
    expect([w.state('checkout'), w.state('payment')]).toEqual(['firing', 'firing'])
    w.at(3, [sample('checkout', 7, true)])
    expect(w.state('payment')).toBe('firing')
    w.at(6, [sample('checkout', 7, true)])
    expect(w.state('payment')).toBe('resolved')
    w.at(7, [sample('checkout', 7, true), sample('payment', 9, true)])
    expect(w.instances.find((i) => i.labels.service === 'payment')).toMatchObject({ state: 'pending', activeAt: T0 + 7 * MIN, firedAt: null, resolvedAt: null })
    expect(w.history.filter((h) => h.includes('payment'))).toEqual(['0m payment inactive→pending', '2m payment pending→firing', '6m payment firing→resolved', '7m payment resolved→pending'])
  })

  it('labels alerts with the sample’s labels, the rule’s (templated), severity and alertname; renders annotations with the value', () => {
    const w = walker({
      labels: { team: 'payments', page: '{{ $labels.service }}-oncall' },
      annotations: { summary: '{{ $labels.service }} at {{ $value }} (over {{ $threshold }})', empty: '{{ $labels.nothing }}' },
      runbookUrl: 'https://runbooks.example/{{ $labels.service }}',
      dashboardUrl: '/services/{{ $labels.service | urlquery }}',
    })
    w.at(0, [sample('checkout', 7.5, true)])
    expect(w.instances[0].labels).toEqual({ service: 'checkout', team: 'payments', page: 'checkout-oncall', severity: 'critical', alertname: 'HighErrorRate' })
    expect(w.instances[0].annotations).toEqual({ summary: 'checkout at 7.5 (over 5)', runbook_url: 'https://runbooks.example/checkout', dashboard_url: '/services/checkout' })
  })

  it('makes two samples with the same labels an evaluation error, as Prometheus does', () => {
    const w = walker({ onError: 'error' })
    w.at(0, [sample('checkout', 7, true), sample('checkout', 8, true)])
    expect(w.instances[0]).toMatchObject({ state: 'error', labels: { alertname: 'HighErrorRate', severity: 'critical' } })
    expect(w.instances[0].error).toBe('samples 1 and 2 have the same labels {alertname="HighErrorRate", service="checkout", severity="critical"} once the rule\'s labels are added')
  })
})

describe('stepRule: no data', () => {
  it('no_data (default): through pending to the no_data state, whose alert is DatasourceNoData; data back clears it', () => {
    const w = walker({ for: '2m' })
    w.at(0, noData)
    expect(w.instances[0]).toMatchObject({ state: 'pending', pendingFor: 'no_data', labels: { alertname: 'HighErrorRate', severity: 'critical' } })
    const entered = w.at(2, noData)
    expect(w.instances[0]).toMatchObject({ state: 'no_data', firedAt: T0 + 2 * MIN })
    expect(entered.alerts.map((a) => [a.labels.alertname, a.labels.rulename, a.state, a.endsAt])).toEqual([['DatasourceNoData', 'HighErrorRate', 'no_data', null]])
    const back = w.at(3, [sample('checkout', 1, false)])
    expect(w.instances[0]).toMatchObject({ state: 'resolved', resolvedFrom: 'no_data' })
    expect(back.alerts.map((a) => [a.labels.alertname, a.endsAt])).toEqual([['DatasourceNoData', T0 + 3 * MIN]])
    expect(w.history).toEqual(['0m - inactive→pending', '2m - pending→no_data', '3m - no_data→resolved'])
  })

  it('no_data from firing: straight to no_data; the firing alert resolves and the no-data alert fires', () => {
    const w = walker({ for: '5m' })
    w.at(0, [sample('checkout', 7, true)])
    w.at(5, [sample('checkout', 7, true)])
    const { alerts } = w.at(6, noData)
    expect(w.state('checkout')).toBe('no_data')
    expect(alerts.map((a) => [a.labels.alertname, a.endsAt === null ? 'firing' : 'resolved'])).toEqual([
      ['DatasourceNoData', 'firing'],
      ['HighErrorRate', 'resolved'],
    ])
    w.at(7, [sample('checkout', 7, true)])
    expect(w.instances[0]).toMatchObject({ state: 'pending', activeAt: T0 + 7 * MIN })
  })

  it('alerting: no data counts as the condition (pending, then firing after `for`, without a value)', () => {
    const w = walker({ for: '2m', noData: 'alerting' })
    w.at(0, noData)
    w.at(2, noData)
    expect(w.instances[0]).toMatchObject({ state: 'firing', value: null, labels: { alertname: 'HighErrorRate' } })
  })

  it('ok: no data clears alerts at once, keepFiringFor not applied', () => {
    const w = walker({ noData: 'ok', keepFiringFor: '10m' })
    w.at(0, [sample('checkout', 7, true)])
    w.at(1, noData)
    expect(w.state('checkout')).toBe('resolved')
    w.at(2, noData)
    expect(w.history).toEqual(['0m checkout inactive→firing', '1m checkout firing→resolved'])
  })

  it('keep_last_state: alerts stay as they were, and a pending one still fires when its `for` has passed', () => {
    const w = walker({ noData: 'keep_last_state', for: '3m' })
    w.at(0, [sample('checkout', 7, true), sample('payment', 1, false)])
    w.at(1, noData)
    w.at(2, noData)
    expect(w.state('checkout')).toBe('pending')
    w.at(3, noData)
    expect(w.instances[0]).toMatchObject({ state: 'firing', value: 7 })
    w.at(10, noData)
    expect(w.state('checkout')).toBe('firing')
    expect(w.state('payment')).toBe('inactive')
  })
})

describe('stepRule: errors', () => {
  it('error (default): through pending to the error state, with the message; a DatasourceError alert', () => {
    const w = walker({ for: '1m' })
    w.at(0, failed())
    w.at(1, failed('timed out after 30000 ms'))
    expect(w.instances[0]).toMatchObject({ state: 'error', error: 'timed out after 30000 ms' })
    const { alerts } = w.at(2, failed('still down'))
    expect(alerts[0]).toMatchObject({ state: 'error', error: 'still down', labels: { alertname: 'DatasourceError', rulename: 'HighErrorRate' } })
    w.at(3, [sample('checkout', 1, false)])
    expect(w.history).toEqual(['0m - inactive→pending', '1m - pending→error', '3m - error→resolved'])
  })

  it('alerting, ok and keep_last_state apply to errors as to no data', () => {
    const alerting = walker({ onError: 'alerting' })
    alerting.at(0, failed())
    expect(alerting.instances[0]).toMatchObject({ state: 'firing', value: null })
    const ok = walker({ onError: 'ok' })
    ok.at(0, [sample('checkout', 7, true)])
    ok.at(1, failed())
    expect(ok.state('checkout')).toBe('resolved')
    const keep = walker({ onError: 'keep_last_state' })
    keep.at(0, [sample('checkout', 7, true)])
    keep.at(1, failed())
    expect(keep.instances[0]).toMatchObject({ state: 'firing', value: 7, error: '' })
    const none = walker({ onError: 'keep_last_state' })
    none.at(0, failed())
    expect(none.instances).toEqual([])
  })
})

describe('compileRule', () => {
  it('refuses rules with the field that is wrong', () => {
    const base: AlertRule = { id: 'r', name: 'X', severity: 'warning', evaluate: async () => [] }
    expect(() => compileRule({ ...base, id: 'has space' }, 'rules[2]')).toThrow('rules[2].id: must be 1-200 letters, digits or _ . : / -, got "has space"')
    expect(() => compileRule({ ...base, severity: 'page' as never }, 'rules[0]')).toThrow('rules[0] (r).severity: must be one of critical, warning, info, got "page"')
    expect(() => compileRule({ ...base, for: '5 min' })).toThrow(/rule \(r\)\.for: "5 min" is not a duration/)
    expect(() => compileRule({ ...base, labels: { alertname: 'Y' } })).toThrow(/labels\.alertname: set by the engine/)
    expect(() => compileRule({ ...base, labels: { 'bad-name': 'Y' } })).toThrow(/labels\.bad-name: not a label name/)
    expect(() => compileRule({ ...base, annotations: { summary: '{{ $nope }}' } })).toThrow(/rule \(r\)\.annotations\.summary: column 4: unknown variable "\$nope"/)
    expect(() => compileRule({ ...base, interval: 'hourly' })).toThrow(/interval: must be seconds or a cron expression/)
    expect(() => compileRule({ ...base, noData: 'nodata' as never })).toThrow(/noData: must be one of no_data, alerting, ok, keep_last_state/)
    expect(compileRule({ ...base, interval: 15 }).schedule).toEqual({ kind: 'every', ms: 15_000 })
  })
})
