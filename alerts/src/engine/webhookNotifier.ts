import type { RetryPolicy } from '../delivery/retryPolicy.js'
import { sendWebhook, type WebhookTarget } from '../delivery/webhookDelivery.js'
import type { Notification } from './notifier.js'
import type { Notifier } from './notifier.js'
import { silenceUrl } from './silenceUrl.js'

export interface WebhookNotifierOptions {
  target: WebhookTarget
  publicUrl: string
  name?: string
  sendResolved?: boolean
  policy?: RetryPolicy
  random?: () => number
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/**
 * The JSON a webhook receives: Alertmanager's webhook payload (version 4 fields: receiver, status,
 * groupKey, groupLabels, commonLabels, commonAnnotations, externalURL, alerts with status, labels,
 * annotations, startsAt, endsAt, fingerprint), plus Meridian's per alert: state, value,
 * threshold, comparison, values, ruleId and silenceURL.
 */
export function webhookPayload(n: Notification, publicUrl: string) {
  return {
    version: '4',
    receiver: n.receiver,
    status: n.status,
    reason: n.reason,
    groupKey: n.groupKey,
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL: publicUrl,
    truncatedAlerts: 0,
    alerts: n.alerts.map((a) => ({
      status: a.status,
      state: a.state,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: iso(a.startsAt),
      endsAt: iso(a.endsAt),
      fingerprint: a.fingerprint,
      ruleId: a.ruleId,
      value: a.value,
      threshold: a.threshold,
      comparison: a.comparison,
      values: a.values,
      silenceURL: silenceUrl(publicUrl, a.labels),
    })),
  }
}

/** A generic JSON webhook, HMAC-signed (sendWebhook). */
export function webhookNotifier(options: WebhookNotifierOptions): Notifier {
  return {
    name: options.name ?? 'webhook',
    channel: 'webhook',
    sendResolved: options.sendResolved ?? true,
    notify: (notification, { clock, signal }) =>
      sendWebhook(options.target, webhookPayload(notification, options.publicUrl), { clock, signal, policy: options.policy, random: options.random }),
  }
}
