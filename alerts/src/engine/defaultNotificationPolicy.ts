import type { NotificationSettings } from '../delivery/notificationSettings.js'
import type { Notifier } from './notifier.js'
import type { InhibitRuleConfig } from './inhibitRule.js'
import type { NotificationPolicy } from './notificationPolicy.js'
import { slackNotifier } from './slackNotifier.js'
import { webhookNotifier } from './webhookNotifier.js'

/** An SLO's page (critical) keeps its ticket (warning) quiet while both burn (docs/alerting.md). */
export const SLO_PAGE_INHIBITS_TICKET: InhibitRuleConfig = {
  sourceMatchers: ['severity="critical"', 'slo=~".+"'],
  targetMatchers: ['severity="warning"', 'slo=~".+"'],
  equal: ['slo'],
}

/**
 * The policy while no routing configuration is given: one receiver, `default`, with the Slack
 * and webhook destinations set in the environment (MERIDIAN_SLACK_WEBHOOK_URL,
 * MERIDIAN_WEBHOOK_URL; none: alerts are kept and shown, nobody is told), alerts grouped by
 * alertname and service, Alertmanager's default timers; an SLO's page alert inhibits its ticket.
 */
export function defaultNotificationPolicy(settings: NotificationSettings): NotificationPolicy {
  const notifiers: Notifier[] = []
  if (settings.slackWebhookUrl) notifiers.push(slackNotifier({ webhookUrl: settings.slackWebhookUrl, publicUrl: settings.publicUrl }))
  if (settings.webhook) notifiers.push(webhookNotifier({ target: settings.webhook, publicUrl: settings.publicUrl }))
  return {
    route: { receiver: 'default', groupBy: ['alertname', 'service'] },
    receivers: [{ name: 'default', notifiers }],
    inhibitRules: [SLO_PAGE_INHIBITS_TICKET],
  }
}
