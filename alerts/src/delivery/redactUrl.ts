/**
 * A URL as it may be shown and logged: scheme, host and port, and the path only when it holds no
 * secret. Slack webhook URLs carry their secret in the path (`/services/T…/B…/<token>`), and any
 * webhook may carry one in its query, so the path is cut to its first segment and the query dropped.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    const first = u.pathname.split('/').filter(Boolean)[0]
    const more = u.pathname.split('/').filter(Boolean).length > 1
    return `${u.protocol}//${u.host}${first ? `/${first}` : ''}${more ? '/…' : ''}${u.search ? '?…' : ''}`
  } catch {
    return '(not a URL)'
  }
}
