import { describe, expect, it } from 'vitest'
import { Dispatcher, type NotificationRecord } from './dispatcher.js'
import type { InhibitRuleConfig } from './inhibitRule.js'
import { type Labels, labelsFingerprint } from './labels.js'
import { memoryNotifier } from './memoryNotifier.js'
import { NotificationLog, type NotificationLogEntry } from './notificationLog.js'
import { compilePolicy } from './notificationPolicy.js'
import type { PipelineAlert } from './pipelineAlert.js'
import type { RouteConfig } from './route.js'
import { type Silence, SilenceSet } from './silence.js'
import { SimulatedClock } from './simulatedClock.js'

// The pipeline on simulated time with in-memory notifiers; alertEngine.int.test.ts runs it with the
// store and real HTTP receivers.
const T0 = Date.UTC(2025, 0, 1)
const S = 1000
const MIN = 60 * S

function setup(options: { route?: Partial<RouteConfig>; inhibitRules?: InhibitRuleConfig[]; sendResolved?: boolean; log?: NotificationLogEntry[]; silences?: Silence[]; start?: number } = {}) {
  const clock = new SimulatedClock(options.start ?? T0)
  const team = memoryNotifier({ name: 'team', sendResolved: options.sendResolved ?? true })
  const pager = memoryNotifier({ name: 'pager' })
  const records: NotificationRecord[] = []
  const silences = new SilenceSet(options.silences ?? [])
  const dispatcher = new Dispatcher({
    clock,
    policy: compilePolicy({
      route: { receiver: 'team', groupBy: ['alertname'], groupWait: '30s', groupInterval: '5m', repeatInterval: '1h', ...options.route },
      receivers: [
        { name: 'team', notifiers: [team] },
        { name: 'pager', notifiers: [pager] },
      ],
      inhibitRules: options.inhibitRules,
    }),
    log: new NotificationLog(options.log ?? []),
    silences,
    onRecord: (r) => void records.push(r),
  })
  /** What a notifier got: minute:second after T0, status, and each alert as `service:status`. */
  const got = (n = team) =>
    n.received.map((x) => {
      const at = Math.round((records.find((r) => r.groupKey === x.groupKey && r.integration === n.name && r.alerts === x.alerts)?.at ?? 0) - T0) / S
      return `${Math.floor(at / 60)}:${String(at % 60).padStart(2, '0')} ${x.reason} ${x.alerts.map((a) => `${a.labels.service}:${a.status}`).join(' ')}`
    })
  return { clock, dispatcher, team, pager, records, silences, got }
}

function alert(labels: Labels, startsAt: number, endsAt: number | null = null): PipelineAlert {
  const full = { alertname: 'HighErrorRate', severity: 'warning', ...labels }
  return {
    fingerprint: labelsFingerprint(full),
    labels: full,
    annotations: { summary: `${labels.service} is failing` },
    state: 'firing',
    startsAt,
    endsAt,
    ruleId: 'r1',
    instance: labelsFingerprint(full),
    value: 7,
    threshold: 5,
    comparison: '>',
    values: {},
    error: '',
  }
}

describe('notification pipeline (Alertmanager semantics on simulated time)', () => {
  it('group_wait collects a new group’s alerts into its first notification', async () => {
    const { clock, dispatcher, got } = setup()
    dispatcher.put([alert({ service: 'checkout' }, T0)])
    await clock.advance(10 * S)
    dispatcher.put([alert({ service: 'payment' }, T0 + 10 * S)])
    await clock.advance(19 * S)
    expect(got()).toEqual([])
    await clock.advance(1 * S)
    expect(got()).toEqual(['0:30 first_notification checkout:firing payment:firing'])
  })

  it('group_interval batches alerts added after the first notification; nothing in between', async () => {
    const { clock, dispatcher, got } = setup()
    dispatcher.put([alert({ service: 'checkout' }, T0)])
    await clock.advance(1 * MIN)
    dispatcher.put([alert({ service: 'payment' }, T0 + MIN)])
    await clock.advance(2 * MIN)
    dispatcher.put([alert({ service: 'inventory' }, T0 + 3 * MIN)])
    await clock.advance(2 * MIN + 29 * S)
    expect(got()).toEqual(['0:30 first_notification checkout:firing'])
    await clock.advance(1 * S)
    expect(got()).toEqual(['0:30 first_notification checkout:firing', '5:30 new_alerts checkout:firing inventory:firing payment:firing'])
  })

  it('repeat_interval re-sends an unchanged group at the first group flush after it has passed', async () => {
    const { clock, dispatcher, got } = setup()
    dispatcher.put([alert({ service: 'checkout' }, T0)])
    await clock.advance(65 * MIN)
    expect(got()).toEqual(['0:30 first_notification checkout:firing'])
    await clock.advance(30 * S)
    expect(got()).toEqual(['0:30 first_notification checkout:firing', '65:30 repeat checkout:firing'])
  })

  it('sends resolved alerts at the next flush, then “all resolved”; the group ends and a new one waits group_wait again', async () => {
    const { clock, dispatcher, got } = setup()
    dispatcher.put([alert({ service: 'checkout' }, T0), alert({ service: 'payment' }, T0)])
    await clock.advance(7 * MIN)
    dispatcher.put([alert({ service: 'checkout' }, T0, T0 + 7 * MIN)])
    await clock.advance(4 * MIN)
    dispatcher.put([alert({ service: 'payment' }, T0, T0 + 11 * MIN)])
    await clock.advance(5 * MIN)
    expect(got()).toEqual([
      '0:30 first_notification checkout:firing payment:firing',
      '10:30 new_resolved payment:firing checkout:resolved',
      '15:30 all_resolved payment:resolved',
    ])
    expect(dispatcher.groupList()).toEqual([])
    dispatcher.put([alert({ service: 'checkout' }, T0 + 16 * MIN)])
    await clock.advance(30 * S)
    expect(got().at(-1)).toBe('16:30 first_notification checkout:firing')
  })

  it('without send_resolved, says nothing of resolved alerts but still forgets them when all resolved', async () => {
    const { clock, dispatcher, got, records } = setup({ sendResolved: false })
    dispatcher.put([alert({ service: 'checkout' }, T0), alert({ service: 'payment' }, T0)])
    await clock.advance(2 * MIN)
    dispatcher.put([alert({ service: 'checkout' }, T0, T0 + 2 * MIN)])
    await clock.advance(10 * MIN)
    dispatcher.put([alert({ service: 'payment' }, T0, T0 + 12 * MIN)])
    await clock.advance(5 * MIN)
    expect(got()).toEqual(['0:30 first_notification checkout:firing payment:firing'])
    expect(records.map((r) => `${(r.at - T0) / S} ${r.outcome} ${r.reason}`)).toEqual(['30 sent first_notification', '930 not_sent all_resolved'])
    dispatcher.put([alert({ service: 'payment' }, clock.now())])
    await clock.advance(5 * MIN)
    expect(got().at(-1)).toBe('17:30 first_notification payment:firing')
  })

  it('inhibits warning alerts while a critical one with the same service fires, and tells of them once it resolves', async () => {
    const inhibitRules = [{ sourceMatchers: ['severity="critical"'], targetMatchers: ['severity="warning"'], equal: ['service'] }]
    const { clock, dispatcher, got, team } = setup({ inhibitRules, route: { groupBy: ['service'] } })
    const down = alert({ alertname: 'ServiceDown', service: 'checkout', severity: 'critical' }, T0)
    dispatcher.put([down, alert({ service: 'checkout' }, T0), alert({ service: 'payment' }, T0)])
    expect(dispatcher.statuses().map((a) => [a.labels.alertname, a.labels.service, a.inhibitedBy])).toEqual([
      ['HighErrorRate', 'checkout', [down.fingerprint]],
      ['HighErrorRate', 'payment', []],
      ['ServiceDown', 'checkout', []],
    ])
    await clock.advance(30 * S)
    expect(got()).toEqual(['0:30 first_notification checkout:firing', '0:30 first_notification payment:firing'])
    expect(dispatcher.statuses().filter((a) => a.labels.service === 'checkout').map((a) => a.labels.alertname)).toEqual(['HighErrorRate', 'ServiceDown'])
    dispatcher.put([{ ...down, endsAt: T0 + 2 * MIN }])
    await clock.advance(5 * MIN)
    // the resolved source and the now visible target at once, at checkout's next flush
    expect(got().slice(2)).toEqual(['5:30 new_alerts checkout:firing checkout:resolved'])
    expect(team.received[2].alerts.map((a) => `${a.labels.alertname}:${a.status}`)).toEqual(['HighErrorRate:firing', 'ServiceDown:resolved'])
  })

  it('silences: matching with = and !~, nothing sent while active; after expiry the alert is sent at the next flush', async () => {
    const silence: Silence = {
      id: 's1',
      matchers: [
        { name: 'service', op: '=~', value: 'check.*' },
        { name: 'env', op: '!~', value: 'dev.*' },
      ],
      startsAt: T0,
      endsAt: T0 + 12 * MIN,
      createdBy: 'ana',
      comment: 'deploy',
      createdAt: T0,
      updatedAt: T0,
    }
    const { clock, dispatcher, got, team } = setup({ silences: [silence], route: { groupBy: ['env'] } })
    dispatcher.put([alert({ service: 'checkout', env: 'prod' }, T0), alert({ service: 'checkout', env: 'dev-2' }, T0)])
    expect(dispatcher.statuses().map((a) => [a.labels.env, a.silencedBy])).toEqual([
      ['dev-2', []],
      ['prod', ['s1']],
    ])
    await clock.advance(10 * MIN)
    expect(got()).toEqual(['0:30 first_notification checkout:firing'])
    expect(team.received[0].alerts[0].labels.env).toBe('dev-2')
    await clock.advance(5 * MIN + 30 * S)
    expect(got()).toEqual(['0:30 first_notification checkout:firing', '15:30 first_notification checkout:firing'])
  })

  it('a failed delivery is recorded and retried at the next group interval', async () => {
    const { clock, dispatcher, team, got, records } = setup()
    team.failNext(1, 'Slack answered 500')
    dispatcher.put([alert({ service: 'checkout' }, T0)])
    await clock.advance(30 * S)
    expect(got()).toEqual([])
    expect(records[0]).toMatchObject({ outcome: 'failed', reason: 'first_notification', result: { ok: false, error: 'Slack answered 500' } })
    await clock.advance(5 * MIN)
    expect(got()).toEqual(['5:30 first_notification checkout:firing'])
  })

  it('routes with continue notify every matching receiver, each with its own timers and log', async () => {
    const { clock, dispatcher, got, pager, team } = setup({
      route: { routes: [{ matchers: ['severity="critical"'], receiver: 'pager', groupWait: '5s', continue: true }, { matchers: ['service=~".+"'], receiver: 'team' }] },
    })
    dispatcher.put([alert({ service: 'checkout', severity: 'critical' }, T0)])
    await clock.advance(30 * S)
    expect(got(pager)).toEqual(['0:05 first_notification checkout:firing'])
    expect(got(team)).toEqual(['0:30 first_notification checkout:firing'])
  })

  it('flushes at once a group whose alert started longer than group_wait ago (a restart), and the log keeps it from repeating', async () => {
    const started = T0 - 20 * MIN
    const firing = alert({ service: 'checkout' }, started)
    const key = `0:{alertname="HighErrorRate"}`
    const { clock, dispatcher, got } = setup({ log: [{ groupKey: key, receiver: 'team', integration: 'team', firing: [firing.fingerprint], resolved: [], at: T0 - 19 * MIN }] })
    dispatcher.put([firing])
    await clock.settle()
    expect(got()).toEqual([])
    expect(dispatcher.groupList()).toEqual([{ key, receiver: 'team', labels: { alertname: 'HighErrorRate' }, alerts: [firing.fingerprint] }])
    // last sent at -19:00: the repeat is due after 41:00, at the flush of 45:00
    await clock.advance(44 * MIN)
    expect(got()).toEqual([])
    await clock.advance(1 * MIN)
    expect(got()).toEqual(['45:00 repeat checkout:firing'])
  })
})
