import { type Labels, sortedLabels } from './labels.js'
import { formatMatcher } from './matcher.js'

/** The path of the UI's new-silence form; each `matcher` query parameter is one matcher (`name="value"`) to prefill. */
export const SILENCE_FORM_PATH = '/alerts/silences/new'

/** A link to the silence form with one equality matcher per label (what a Silence button opens). */
export function silenceUrl(publicUrl: string, labels: Labels): string {
  const query = sortedLabels(labels)
    .map(([name, value]) => `matcher=${encodeURIComponent(formatMatcher({ name, op: '=', value }))}`)
    .join('&')
  return `${publicUrl}${SILENCE_FORM_PATH}${query ? `?${query}` : ''}`
}
