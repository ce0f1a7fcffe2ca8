import type { Logger } from '@meridian/core'
import type { Clock, TimerHandle } from './clock.js'
import { inhibitingAlerts } from './inhibitRule.js'
import { formatLabels, type Labels, sortedLabels } from './labels.js'
import { type NotificationLog, type NotifyReason, notifyReason } from './notificationLog.js'
import type { CompiledPolicy } from './notificationPolicy.js'
import type { NotifiedAlert, Notifier, NotifierResult, Notification } from './notifier.js'
import type { PipelineAlert } from './pipelineAlert.js'
import { groupLabelsOf, matchRoutes, type Route } from './route.js'
import type { SilenceSet } from './silence.js'

/** One notification attempt of one integration, or a decision not to deliver: for the log and the UI. */
export interface NotificationRecord {
  at: number
  receiver: string
  integration: string
  channel: string
  groupKey: string
  groupLabels: Labels
  reason: NotifyReason
  /** `sent`; `failed` (retried at the next group interval); `not_sent`: only resolved alerts, and the integration does not send those. */
  outcome: 'sent' | 'failed' | 'not_sent'
  firing: string[]
  resolved: string[]
  alerts: NotifiedAlert[]
  result: NotifierResult | null
}

/** An alert with whether it is muted now, for the UI. */
export interface AlertStatus extends PipelineAlert {
  silencedBy: string[]
  inhibitedBy: string[]
}

export interface DispatcherOptions {
  clock: Clock
  policy: CompiledPolicy
  log: NotificationLog
  silences: SilenceSet
  /** Called for every record; the engine stores them. */
  onRecord?: (record: NotificationRecord) => void | Promise<void>
  logger?: Logger
}

interface Group {
  key: string
  route: Route
  labels: Labels
  alerts: Map<string, PipelineAlert>
  timer: TimerHandle
  hasFlushed: boolean
  flushing: boolean
  again: boolean
}

const isResolved = (a: PipelineAlert, now: number) => a.endsAt !== null && a.endsAt <= now
const byLabels = (a: PipelineAlert, b: PipelineAlert) => (formatLabels(a.labels) < formatLabels(b.labels) ? -1 : formatLabels(a.labels) > formatLabels(b.labels) ? 1 : 0)

/**
 * The notification pipeline, with Alertmanager's semantics: each alert goes to the routes that
 * match it, into the group of the route's groupBy labels; a new group waits groupWait before its
 * first flush (none if its alert started longer ago than that, as after a restart), then flushes
 * every groupInterval. A flush drops silenced and inhibited alerts, asks the notification log per
 * integration whether anything changed (notifyReason) and delivers; once every integration
 * succeeded, the resolved alerts it told about leave the group, and an empty group ends.
 */
export class Dispatcher {
  private readonly alerts = new Map<string, PipelineAlert>()
  private readonly groups = new Map<string, Group>()
  private readonly abort = new AbortController()
  private readonly inFlight = new Set<Promise<void>>()
  private stopped = false

  constructor(private readonly options: DispatcherOptions) {}

  /** Adds or updates alerts (a resolved one has endsAt set). */
  put(alerts: PipelineAlert[]): void {
    if (this.stopped) return
    const now = this.options.clock.now()
    for (const alert of alerts) {
      this.alerts.set(alert.fingerprint, alert)
      for (const route of matchRoutes(this.options.policy.route, alert.labels)) {
        const labels = groupLabelsOf(route, alert.labels)
        const key = `${route.id}:${formatLabels(labels)}`
        let group = this.groups.get(key)
        if (!group) {
          group = { key, route, labels, alerts: new Map(), timer: { cancel() {} }, hasFlushed: false, flushing: false, again: false }
          this.groups.set(key, group)
          this.schedule(group, route.groupWaitMs)
        }
        group.alerts.set(alert.fingerprint, alert)
        if (!group.hasFlushed && alert.startsAt + route.groupWaitMs <= now) this.schedule(group, 0)
      }
    }
  }

  /** Every alert the pipeline holds, with the silences and alerts that mute it now. */
  statuses(): AlertStatus[] {
    const now = this.options.clock.now()
    return [...this.alerts.values()].sort(byLabels).map((alert) => ({ ...alert, ...this.mutes(alert, now) }))
  }

  /** The groups and their alerts' fingerprints (for the UI and tests). */
  groupList(): { key: string; receiver: string; labels: Labels; alerts: string[] }[] {
    return [...this.groups.values()].map((g) => ({ key: g.key, receiver: g.route.receiver, labels: g.labels, alerts: [...g.alerts.keys()] }))
  }

  /** Stops every timer, aborts deliveries in progress and waits for them to end. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const group of this.groups.values()) group.timer.cancel()
    this.abort.abort(new Error('the alert engine is stopping'))
    await Promise.allSettled([...this.inFlight])
  }

  private schedule(group: Group, ms: number): void {
    group.timer.cancel()
    group.timer = this.options.clock.setTimer(ms, () => this.flush(group))
  }

  private mutes(alert: PipelineAlert, now: number): { silencedBy: string[]; inhibitedBy: string[] } {
    const firing = [...this.alerts.values()].filter((a) => !isResolved(a, now))
    return {
      silencedBy: this.options.silences.mutedBy(alert.labels, now),
      inhibitedBy: inhibitingAlerts(this.options.policy.inhibitRules, alert, firing),
    }
  }

  /** One flush at a time per group; a timer that fires during one asks for another right after. */
  private async flush(group: Group): Promise<void> {
    if (this.stopped) return
    if (group.flushing) {
      group.again = true
      return
    }
    group.flushing = true
    const run = (async () => {
      try {
        do {
          group.again = false
          await this.flushOnce(group)
        } while (group.again && !this.stopped)
      } catch (err) {
        this.options.logger?.error({ err, group: group.key }, 'alert group flush failed')
      } finally {
        group.flushing = false
      }
    })()
    this.inFlight.add(run)
    await run
    this.inFlight.delete(run)
  }

  private async flushOnce(group: Group): Promise<void> {
    const now = this.options.clock.now()
    group.hasFlushed = true
    this.schedule(group, group.route.groupIntervalMs)
    const snapshot = [...group.alerts.values()]
    const visible = snapshot.filter((alert) => {
      const { silencedBy, inhibitedBy } = this.mutes(alert, now)
      return silencedBy.length === 0 && inhibitedBy.length === 0
    })
    const receiver = this.options.policy.receivers.get(group.route.receiver)
    // a receiver's integrations are told at once, each on its own (Alertmanager's fan-out)
    const results = visible.length > 0 && receiver ? await Promise.all(receiver.notifiers.map((notifier) => this.notify(group, receiver.name, notifier, visible, now))) : []
    if (results.includes(false) || this.stopped) return
    for (const alert of snapshot) {
      if (isResolved(alert, now) && group.alerts.get(alert.fingerprint) === alert) group.alerts.delete(alert.fingerprint)
    }
    if (group.alerts.size === 0) {
      group.timer.cancel()
      this.groups.delete(group.key)
      this.forgetUngrouped(snapshot)
    }
  }

  /** Resolved alerts no group holds any more leave the pipeline. */
  private forgetUngrouped(alerts: PipelineAlert[]): void {
    for (const alert of alerts) {
      if (this.alerts.get(alert.fingerprint) !== alert || alert.endsAt === null) continue
      if (![...this.groups.values()].some((g) => g.alerts.has(alert.fingerprint))) this.alerts.delete(alert.fingerprint)
    }
  }

  private async notify(group: Group, receiver: string, notifier: Notifier, visible: PipelineAlert[], now: number): Promise<boolean> {
    const firing = visible.filter((a) => !isResolved(a, now)).sort(byLabels)
    const resolved = visible.filter((a) => isResolved(a, now)).sort(byLabels)
    const firingIds = firing.map((a) => a.fingerprint)
    const resolvedIds = resolved.map((a) => a.fingerprint)
    const entry = this.options.log.get(group.key, receiver, notifier.name, now)
    const reason = notifyReason(entry, new Set(firingIds), new Set(resolvedIds), notifier.sendResolved, group.route.repeatIntervalMs, now)
    if (!reason) return true
    const alerts: NotifiedAlert[] = [
      ...firing.map((a): NotifiedAlert => ({ ...a, endsAt: null, status: 'firing' })),
      ...(notifier.sendResolved ? resolved.map((a): NotifiedAlert => ({ ...a, status: 'resolved' })) : []),
    ]
    const base = { at: now, receiver, integration: notifier.name, channel: notifier.channel, groupKey: group.key, groupLabels: group.labels, reason, firing: firingIds, resolved: resolvedIds, alerts }
    const logEntry = { groupKey: group.key, receiver, integration: notifier.name, firing: firingIds, resolved: resolvedIds, at: now }
    if (alerts.length === 0) {
      // all resolved, and this integration does not send resolved alerts: nothing to deliver, but the log forgets them
      this.options.log.set(logEntry)
      await this.record({ ...base, outcome: 'not_sent', result: null })
      return true
    }
    const notification: Notification = {
      receiver,
      integration: notifier.name,
      groupKey: group.key,
      groupLabels: group.labels,
      status: firing.length > 0 ? 'firing' : 'resolved',
      reason,
      alerts,
      commonLabels: common(alerts.map((a) => a.labels)),
      commonAnnotations: common(alerts.map((a) => a.annotations)),
    }
    let result: NotifierResult
    try {
      result = await notifier.notify(notification, { clock: this.options.clock, signal: this.abort.signal })
    } catch (err) {
      const at = this.options.clock.now()
      result = { channel: notifier.channel, target: notifier.name, ok: false, attempts: 1, lastStatus: null, error: (err as Error).message, startedAt: at, finishedAt: at }
    }
    if (result.ok) this.options.log.set(logEntry)
    else this.options.logger?.warn({ receiver, integration: notifier.name, group: group.key, error: result.error }, 'alert notification failed; retried at the next group interval')
    await this.record({ ...base, outcome: result.ok ? 'sent' : 'failed', result })
    return result.ok
  }

  /** Stores the record before the flush goes on, so the log a restart reads has it. */
  private async record(record: NotificationRecord): Promise<void> {
    try {
      await this.options.onRecord?.(record)
    } catch (err) {
      this.options.logger?.error({ err }, 'storing a notification record failed')
    }
  }
}

/** The label pairs every set shares. */
function common(sets: Record<string, string>[]): Record<string, string> {
  if (sets.length === 0) return {}
  const [first, ...rest] = sets
  return Object.fromEntries(sortedLabels(first).filter(([name, value]) => rest.every((s) => s[name] === value)))
}
