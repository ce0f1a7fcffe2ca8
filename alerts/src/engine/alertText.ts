import type { Notification, NotifiedAlert } from './notifier.js'

/** `[FIRING:2] HighErrorRate` / `[RESOLVED] HighErrorRate`: the subject line of a notification. */
export function notificationTitle(n: Notification): string {
  const firing = n.alerts.filter((a) => a.status === 'firing').length
  const names = [...new Set(n.alerts.map((a) => a.labels.alertname ?? ''))].filter(Boolean)
  const what = names.length === 1 ? names[0] : names.length > 1 ? `${names[0]} and ${names.length - 1} more` : n.receiver
  const scope = n.groupLabels.service ?? n.commonLabels.service
  return `${firing > 0 ? `[FIRING:${firing}]` : '[RESOLVED]'} ${what}${scope ? ` (${scope})` : ''}`
}

/** What is wrong, in one line: the summary annotation, else the description's first line, else the state. */
export function alertSummary(a: NotifiedAlert): string {
  const text = a.annotations.summary ?? a.annotations.description?.split('\n')[0]
  if (text?.trim()) return text.trim()
  if (a.state === 'no_data') return `${a.labels.rulename ?? 'The rule'} returned no data`
  if (a.state === 'error') return `${a.labels.rulename ?? 'The rule'} could not be evaluated${a.error ? `: ${a.error}` : ''}`
  return a.labels.alertname ?? 'Alert'
}

/** A figure at four significant digits (`0.07312` → `0.07312`, `1234567` → `1.235e+6`). */
export function formatFigure(v: number): string {
  if (v === 0) return '0'
  const abs = Math.abs(v)
  if (abs >= 1e-3 && abs < 1e6) return String(Number(v.toPrecision(4)))
  return v.toExponential(3).replace(/\.?0+e/, 'e')
}

/** `7.3 (threshold > 5)`, `7.3`, or '' without a value. */
export function valueAgainstThreshold(a: NotifiedAlert): string {
  if (a.value === null) return ''
  const value = a.annotations.value ?? formatFigure(a.value)
  if (a.threshold === null) return value
  return `${value} (threshold ${a.comparison ?? ''}${a.comparison ? ' ' : ''}${formatFigure(a.threshold)})`
}

/** `2025-01-31 12:03 UTC`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A link as given, or relative to Meridian's public URL when it is a path. */
export function absoluteUrl(url: string | undefined, publicUrl: string): string | undefined {
  if (!url) return undefined
  if (/^https?:\/\//i.test(url)) return url
  if (url.startsWith('/')) return `${publicUrl}${url}`
  return undefined
}
