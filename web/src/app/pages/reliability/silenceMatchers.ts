/*
 * Silence matchers in the UI: the new-silence form's rows, read from and written to the URL as
 * Alertmanager writes matchers (`service="checkout"`), the format of the links the alert
 * engine puts in Slack messages (alerts/src/engine/silenceUrl.ts: /alerts/silences/new?matcher=…).
 * The server checks them again (a regular expression that does not compile, a matcher that
 * matches everything); this only splits the text.
 */

export const MATCH_OPS = ['=', '!=', '=~', '!~'] as const
export type MatchOp = (typeof MATCH_OPS)[number]

export interface MatcherRow {
  name: string
  op: MatchOp
  value: string
}

/** The path of the new-silence form, as the engine's silence links write it. */
export const SILENCE_FORM_PATH = '/alerts/silences/new'

const TEXT = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/

/** `name op value` (the value double-quoted, or bare) as a row; null when it is not a matcher. */
export function parseMatcherText(text: string): MatcherRow | null {
  const match = TEXT.exec(text)
  if (!match) return null
  const [, name, op, raw] = match
  let value = raw
  if (raw.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(raw)
      if (typeof parsed !== 'string') return null
      value = parsed
    } catch {
      return null
    }
  }
  return { name, op: op as MatchOp, value }
}

/** A row as text, the value always double-quoted (JSON escapes, as the engine's formatMatcher). */
export function formatMatcher(row: MatcherRow): string {
  return `${row.name}${row.op}${JSON.stringify(row.value)}`
}

/** An equality matcher per label, sorted by name: what silences exactly this alert. */
export function matchersOfLabels(labels: Record<string, string>): MatcherRow[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ name, op: '=' as const, value: labels[name] }))
}

/** The form's path prefilled with these matchers (the same link a Slack Silence button opens). */
export function silenceFormHref(rows: readonly MatcherRow[]): string {
  const query = rows.map((r) => `matcher=${encodeURIComponent(formatMatcher(r))}`).join('&')
  return `${SILENCE_FORM_PATH}${query ? `?${query}` : ''}`
}

/** The form's rows from the URL's `matcher` parameters; text that is not a matcher is kept as a name for the server to name. */
export function rowsFromParams(params: URLSearchParams): MatcherRow[] {
  return params.getAll('matcher').map((text) => parseMatcherText(text) ?? { name: text, op: '=', value: '' })
}
