import type { Labels } from './labels.js'
import type { NotifyReason } from './notificationLog.js'
import type { PipelineAlert } from './pipelineAlert.js'
import type { Clock } from './clock.js'

/** An alert in a notification: firing, or resolved (its endsAt is then set). */
export interface NotifiedAlert extends PipelineAlert {
  status: 'firing' | 'resolved'
}

/** What the pipeline hands a receiver's integration for one group at one flush. */
export interface Notification {
  receiver: string
  /** The integration (notifier) of the receiver it is for. */
  integration: string
  groupKey: string
  groupLabels: Labels
  /** `firing` while any alert of the group fires, else `resolved`. */
  status: 'firing' | 'resolved'
  reason: NotifyReason
  /** Firing alerts first, then resolved ones; each part in a stable order. */
  alerts: NotifiedAlert[]
  /** Labels and annotations every alert shares. */
  commonLabels: Labels
  commonAnnotations: Record<string, string>
}

/** What became of a notification (a DeliveryResult for Slack, webhook and e-mail). */
export interface NotifierResult {
  channel: string
  target: string
  ok: boolean
  attempts: number
  lastStatus: number | null
  error: string | null
  startedAt: number
  finishedAt: number
}

export interface NotifyOptions {
  clock: Clock
  /** Aborted when the engine stops. */
  signal: AbortSignal
}

/** A channel adapter: turns a notification into a message and delivers it. */
export interface Notifier {
  /** Unique within its receiver; with the receiver it keys the notification log. */
  name: string
  channel: string
  /** Whether resolved alerts are sent (Alertmanager's send_resolved). */
  sendResolved: boolean
  /** Delivers; reports failure in the result rather than throwing. */
  notify(notification: Notification, options: NotifyOptions): Promise<NotifierResult>
}

/** A named set of notifiers that routes send to. */
export interface Receiver {
  name: string
  notifiers: Notifier[]
}
