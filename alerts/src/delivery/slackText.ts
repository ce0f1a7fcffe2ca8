/**
 * Text for Slack's mrkdwn: the three characters Slack reserves are escaped, links are `<url|label>`,
 * and cutting text to a limit never splits an escape, a link, or a surrogate pair.
 */

export const ELLIPSIS = '…'

/** Escapes &, < and > as Slack's formatting docs ask; everything else is shown as written. */
export const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A link; the label is escaped, and the URL cannot break out of the `<…|…>` syntax. */
export const mrkdwnLink = (url: string, label: string) => `<${url.replace(/[<>| ]/g, (c) => encodeURIComponent(c))}|${escapeMrkdwn(label)}>`

/**
 * `text` cut to at most `max` UTF-16 units (Slack's limits are in characters; a unit count is never
 * below the character count), ending with an ellipsis when cut. In mrkdwn, the cut backs up to
 * before an escape (`&amp;`) or a link (`<…>`) it would split.
 */
export function truncateText(text: string, max: number, mrkdwn = false): string {
  if (text.length <= max) return text
  let end = Math.max(0, max - ELLIPSIS.length)
  // never leave half a surrogate pair
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1])) end--
  let head = text.slice(0, end)
  if (mrkdwn) {
    const open = head.lastIndexOf('<')
    if (open > head.lastIndexOf('>')) head = head.slice(0, open)
    // escapes are at most 5 units (&amp;): an & that close to the cut without its ; was split
    const amp = head.lastIndexOf('&')
    if (amp >= 0 && amp > head.length - 5 && head.indexOf(';', amp) < 0) head = head.slice(0, amp)
  }
  return head + ELLIPSIS
}

/**
 * `text` in pieces of at most `max` units, cut at line breaks where it can (a line longer than
 * `max` is cut with an ellipsis): for text too long for one block that should be shown whole.
 */
export function splitText(text: string, max: number, mrkdwn = false): string[] {
  const pieces: string[] = []
  let current = ''
  for (const line of text.split('\n')) {
    const fitted = truncateText(line, max, mrkdwn)
    if (current === '') current = fitted
    else if (current.length + 1 + fitted.length <= max) current += `\n${fitted}`
    else {
      pieces.push(current)
      current = fitted
    }
  }
  if (current !== '' || pieces.length === 0) pieces.push(current)
  return pieces
}
