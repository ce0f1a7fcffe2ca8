import { sendEmail } from '../delivery/emailDelivery.js'
import type { EmailSettings } from '../delivery/emailSettings.js'
import type { RetryPolicy } from '../delivery/retryPolicy.js'
import { absoluteUrl, alertSummary, formatTime, notificationTitle, valueAgainstThreshold } from './alertText.js'
import { formatLabels } from './labels.js'
import type { Notification, Notifier, NotifiedAlert } from './notifier.js'
import { silenceUrl } from './silenceUrl.js'

export interface EmailNotifierOptions {
  settings: EmailSettings
  to: string[]
  publicUrl: string
  name?: string
  sendResolved?: boolean
  policy?: RetryPolicy
}

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function links(a: NotifiedAlert, publicUrl: string): [string, string][] {
  const out: [string, string][] = []
  const dashboard = absoluteUrl(a.annotations.dashboard_url, publicUrl)
  const runbook = absoluteUrl(a.annotations.runbook_url, publicUrl)
  if (dashboard) out.push(['Dashboard', dashboard])
  if (runbook) out.push(['Runbook', runbook])
  if (a.status === 'firing') out.push(['Silence', silenceUrl(publicUrl, a.labels)])
  return out
}

/** The mail of a notification: the title as subject, one paragraph per alert, in text and HTML. */
export function alertEmail(n: Notification, publicUrl: string, to: string[]) {
  const subject = notificationTitle(n)
  const blocks = n.alerts.map((a) => {
    const value = valueAgainstThreshold(a)
    const when = a.status === 'resolved' && a.endsAt !== null ? `resolved ${formatTime(a.endsAt)}` : `since ${formatTime(a.startsAt)}`
    return { a, lines: [`${a.status.toUpperCase()} ${a.labels.severity ?? ''} ${formatLabels(a.labels)}`, alertSummary(a), ...(value ? [`Value: ${value}`] : []), when] }
  })
  const text = [subject, '', ...blocks.flatMap(({ a, lines }) => [...lines, ...links(a, publicUrl).map(([label, url]) => `${label}: ${url}`), ''])].join('\n')
  const body = blocks
    .map(({ a, lines }) => `<p>${lines.map(html).join('<br>')}<br>${links(a, publicUrl).map(([label, url]) => `<a href="${html(url)}">${html(label)}</a>`).join(' · ')}</p>`)
    .join('\n')
  return { to, subject, text, html: `<h2>${html(subject)}</h2>\n${body}` }
}

/** E-mail through the SMTP server of the settings (sendEmail). */
export function emailNotifier(options: EmailNotifierOptions): Notifier {
  return {
    name: options.name ?? 'email',
    channel: 'email',
    sendResolved: options.sendResolved ?? true,
    notify: (notification, { clock, signal }) => sendEmail(options.settings, alertEmail(notification, options.publicUrl, options.to), { clock, signal, policy: options.policy }),
  }
}
