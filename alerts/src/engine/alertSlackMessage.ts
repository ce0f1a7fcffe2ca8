import { type SlackButton, type SlackMessage, SlackMessageBuilder } from '../delivery/slackMessage.js'
import { escapeMrkdwn, mrkdwnLink } from '../delivery/slackText.js'
import { absoluteUrl, alertSummary, formatTime, notificationTitle, valueAgainstThreshold } from './alertText.js'
import { formatDuration } from './duration.js'
import type { Notification, NotifiedAlert } from './notifier.js'
import { silenceUrl } from './silenceUrl.js'

const SEVERITY_MARK: Record<string, string> = { critical: '🔴', warning: '🟠', info: '🔵' }
const SHOWN_ELSEWHERE = new Set(['alertname', 'severity', 'service', 'rulename'])

/**
 * A notification as a Slack Block Kit message: a header (`[FIRING:2] HighErrorRate (checkout)`),
 * per alert a section with severity, service, what is wrong in one line, value against threshold
 * (for SLO alerts the `burn_rate` and `budget_remaining` annotations too) and a Silence button
 * (the UI's silence form, prefilled with the alert's labels), its other labels in small print,
 * then Dashboard and Runbook buttons (the alerts' `dashboard_url` and `runbook_url`). Resolved
 * alerts say when they cleared. Slack's limits hold whatever the alerts hold (SlackMessageBuilder).
 */
export function alertSlackMessage(n: Notification, publicUrl: string): SlackMessage {
  const title = notificationTitle(n)
  const firing = n.alerts.filter((a) => a.status === 'firing')
  const builder = new SlackMessageBuilder(`${n.status === 'firing' ? '🔥' : '✅'} ${escapeMrkdwn(title)}`, {
    moreNote: (count) => `…and ${count} more alerts not shown here; ${mrkdwnLink(`${publicUrl}/alerts`, 'see them in Meridian')}`,
  })
  builder.header(`${n.status === 'firing' ? '🔥' : '✅'} ${title}`)
  if (firing.length > 0 && firing.length < n.alerts.length) builder.context([`${firing.length} firing, ${n.alerts.length - firing.length} resolved`])
  for (const alert of n.alerts) {
    builder.section(alertText(alert), { button: { text: 'Silence', url: silenceUrl(publicUrl, alert.labels) } })
    const other = Object.entries(alert.labels)
      .filter(([name]) => !SHOWN_ELSEWHERE.has(name))
      .map(([name, value]) => `${escapeMrkdwn(name)}=${escapeMrkdwn(value)}`)
    if (other.length > 0) builder.context([other.join(' · ')])
  }
  const buttons: SlackButton[] = []
  const dashboard = absoluteUrl(firstAnnotation(n.alerts, 'dashboard_url'), publicUrl)
  const runbook = absoluteUrl(firstAnnotation(n.alerts, 'runbook_url'), publicUrl)
  if (dashboard) buttons.push({ text: 'Dashboard', url: dashboard, style: 'primary' })
  if (runbook) buttons.push({ text: 'Runbook', url: runbook })
  if (n.status === 'firing') buttons.push({ text: 'Silence group', url: silenceUrl(publicUrl, Object.keys(n.groupLabels).length > 0 ? n.groupLabels : n.commonLabels) })
  builder.buttons(buttons)
  return builder.build()
}

function alertText(a: NotifiedAlert): string {
  const severity = a.labels.severity ?? ''
  const head = [`${SEVERITY_MARK[severity] ?? '⚪'} *${escapeMrkdwn(severity.toUpperCase() || 'ALERT')}*`, a.labels.service && `*${escapeMrkdwn(a.labels.service)}*`]
  const lines = [`${head.filter(Boolean).join(' · ')}${a.status === 'resolved' ? ' · resolved' : ''}`, escapeMrkdwn(alertSummary(a))]
  const value = valueAgainstThreshold(a)
  const figures = [value && `*Value* ${escapeMrkdwn(value)}`]
  if (a.annotations.burn_rate) figures.push(`*Burn rate* ${escapeMrkdwn(a.annotations.burn_rate)}`)
  if (a.annotations.budget_remaining) figures.push(`*Budget left* ${escapeMrkdwn(a.annotations.budget_remaining)}`)
  if (figures.some(Boolean)) lines.push(figures.filter(Boolean).join(' · '))
  lines.push(
    a.status === 'resolved' && a.endsAt !== null
      ? `Resolved ${formatTime(a.endsAt)}, after ${formatDuration(Math.max(0, a.endsAt - a.startsAt))}`
      : `Since ${formatTime(a.startsAt)}`,
  )
  return lines.join('\n')
}

function firstAnnotation(alerts: NotifiedAlert[], name: string): string | undefined {
  return alerts.find((a) => a.annotations[name])?.annotations[name]
}
