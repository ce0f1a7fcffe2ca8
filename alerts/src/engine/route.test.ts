import { describe, expect, it } from 'vitest'
import { compileInhibitRules, inhibitingAlerts } from './inhibitRule.js'
import { labelsFingerprint } from './labels.js'
import { compileRoute, groupLabelsOf, matchRoutes, ROUTE_DEFAULTS } from './route.js'

const receivers = new Set(['default', 'pager', 'tickets', 'db-team'])

describe('routing tree', () => {
  const root = compileRoute(
    {
      receiver: 'default',
      groupBy: ['alertname'],
      routes: [
        { matchers: ['severity="critical"'], receiver: 'pager', groupWait: '10s', continue: true, routes: [{ matchers: ['service="db"'], receiver: 'db-team', groupBy: ['...'] }] },
        { matchers: ['severity=~"critical|warning"'], receiver: 'tickets', repeatInterval: '12h' },
        { matchers: ['team="payments"'], receiver: 'pager' },
      ],
    },
    receivers,
  )
  const routeOf = (labels: Record<string, string>) => matchRoutes(root, labels).map((r) => `${r.id}:${r.receiver}`)

  it('sends an alert down the first matching child, on to siblings only with continue, and to the root when none matches', () => {
    expect(routeOf({ severity: 'critical', service: 'checkout' })).toEqual(['0/0:pager', '0/1:tickets'])
    expect(routeOf({ severity: 'critical', service: 'db' })).toEqual(['0/0/0:db-team', '0/1:tickets'])
    expect(routeOf({ severity: 'warning', team: 'payments' })).toEqual(['0/1:tickets'])
    expect(routeOf({ severity: 'info', team: 'payments' })).toEqual(['0/2:pager'])
    expect(routeOf({ severity: 'info' })).toEqual(['0:default'])
  })

  it('inherits receiver, groupBy and timers from the parent unless set', () => {
    const [pager, tickets] = root.routes
    expect([root.groupWaitMs, root.groupIntervalMs, root.repeatIntervalMs]).toEqual([ROUTE_DEFAULTS.groupWaitMs, ROUTE_DEFAULTS.groupIntervalMs, ROUTE_DEFAULTS.repeatIntervalMs])
    expect([pager.groupWaitMs, pager.groupBy, pager.routes[0].groupWaitMs, pager.routes[0].groupBy]).toEqual([10_000, ['alertname'], 10_000, 'all'])
    expect([tickets.repeatIntervalMs, tickets.groupWaitMs]).toEqual([12 * 3_600_000, 30_000])
    expect(groupLabelsOf(pager, { alertname: 'A', service: 'x' })).toEqual({ alertname: 'A' })
    expect(groupLabelsOf(pager.routes[0], { alertname: 'A', service: 'db' })).toEqual({ alertname: 'A', service: 'db' })
    expect(groupLabelsOf(compileRoute({ receiver: 'default' }, receivers), { alertname: 'A' })).toEqual({})
  })

  it('refuses a tree that cannot route, naming the node', () => {
    expect(() => compileRoute({ receiver: 'nobody' }, receivers)).toThrow('route.receiver: no receiver named "nobody" (receivers: default, pager, tickets, db-team)')
    expect(() => compileRoute({ receiver: 'default', matchers: ['a="b"'] }, receivers)).toThrow(/route\.matchers: the root route takes every alert/)
    expect(() => compileRoute({ groupBy: [] }, receivers)).toThrow(/route\.receiver: the root route must name the default receiver/)
    expect(() => compileRoute({ receiver: 'default', routes: [{ matchers: ['x=~"("'] }] }, receivers)).toThrow(/^route\.routes\[0\]\.matchers\[0\]: "\(" is not a valid regular expression/)
    expect(() => compileRoute({ receiver: 'default', routes: [{ groupInterval: '0s' }] }, receivers)).toThrow('route.routes[0].groupInterval: must be longer than 0')
    expect(() => compileRoute({ receiver: 'default', groupBy: ['...', 'x'] }, receivers)).toThrow(/'\.\.\.' groups by every label and stands alone/)
  })
})

describe('inhibition', () => {
  const alert = (labels: Record<string, string>) => ({ labels, fingerprint: labelsFingerprint(labels) })
  const rules = compileInhibitRules([{ sourceMatchers: ['severity="critical"'], targetMatchers: ['severity="warning"'], equal: ['service', 'cluster'] }])

  it('mutes targets while a firing source has the same `equal` labels (absent counts as equal)', () => {
    const source = alert({ alertname: 'Down', severity: 'critical', service: 'checkout' })
    const target = alert({ alertname: 'Slow', severity: 'warning', service: 'checkout' })
    const elsewhere = alert({ alertname: 'Slow', severity: 'warning', service: 'payment' })
    const otherCluster = alert({ alertname: 'Slow', severity: 'warning', service: 'checkout', cluster: 'eu' })
    expect(inhibitingAlerts(rules, target, [source, target])).toEqual([source.fingerprint])
    expect(inhibitingAlerts(rules, elsewhere, [source])).toEqual([])
    expect(inhibitingAlerts(rules, otherCluster, [source])).toEqual([])
    expect(inhibitingAlerts(rules, source, [source, target])).toEqual([])
  })

  it('does not let alerts matching both sides mute one another or themselves', () => {
    const both = compileInhibitRules([{ sourceMatchers: ['alertname="Outage"'], targetMatchers: ['alertname=~".+"'], equal: ['service'] }])
    const outageA = alert({ alertname: 'Outage', service: 'checkout', zone: 'a' })
    const outageB = alert({ alertname: 'Outage', service: 'checkout', zone: 'b' })
    const other = alert({ alertname: 'Errors', service: 'checkout' })
    expect(inhibitingAlerts(both, outageA, [outageA, outageB, other])).toEqual([])
    expect(inhibitingAlerts(both, other, [outageA, outageB, other])).toEqual([outageA.fingerprint, outageB.fingerprint])
  })

  it('refuses bad rules with the field', () => {
    expect(() => compileInhibitRules([{ sourceMatchers: ['a="b"'], targetMatchers: ['c'], equal: [] }])).toThrow(/^inhibitRules\[0\]\.targetMatchers\[0\]: "c" is not a matcher/)
    expect(() => compileInhibitRules([{ sourceMatchers: [], targetMatchers: [], equal: ['x-y'] }])).toThrow('inhibitRules[0].equal[0]: "x-y" is not a label name')
  })
})
