import { sendSlackMessage } from '../delivery/slackDelivery.js'
import type { RetryPolicy } from '../delivery/retryPolicy.js'
import { alertSlackMessage } from './alertSlackMessage.js'
import type { Notifier } from './notifier.js'

export interface SlackNotifierOptions {
  webhookUrl: string
  /** Meridian's URL, for the Silence buttons and relative dashboard links. */
  publicUrl: string
  name?: string
  /** Default true: a resolved message when the alerts clear. */
  sendResolved?: boolean
  policy?: RetryPolicy
  random?: () => number
}

/** Slack through an incoming webhook (retries, Retry-After: sendSlackMessage). */
export function slackNotifier(options: SlackNotifierOptions): Notifier {
  return {
    name: options.name ?? 'slack',
    channel: 'slack',
    sendResolved: options.sendResolved ?? true,
    notify: (notification, { clock, signal }) =>
      sendSlackMessage(options.webhookUrl, alertSlackMessage(notification, options.publicUrl), { clock, signal, policy: options.policy, random: options.random }),
  }
}
