import { describe, expect, it } from 'vitest'
import { formatMatcher, matchersOfLabels, parseMatcherText, rowsFromParams, silenceFormHref } from './silenceMatchers'

describe('silence matchers', () => {
  it('reads matchers as Alertmanager writes them', () => {
    expect(parseMatcherText('service="checkout"')).toEqual({ name: 'service', op: '=', value: 'checkout' })
    expect(parseMatcherText('severity=~"critical|warning"')).toEqual({ name: 'severity', op: '=~', value: 'critical|warning' })
    expect(parseMatcherText(' env !~ dev.* ')).toEqual({ name: 'env', op: '!~', value: 'dev.*' })
    expect(parseMatcherText('summary!="say \\"hi\\""')).toEqual({ name: 'summary', op: '!=', value: 'say "hi"' })
    expect(parseMatcherText('no operator')).toBeNull()
    expect(parseMatcherText('a="unclosed')).toBeNull()
  })

  it('opens the form the way the engine’s silence links do, and reads it back', () => {
    const labels = { service: 'checkout', alertname: 'HighErrorRate', note: 'a "quoted" & odd/value' }
    const href = silenceFormHref(matchersOfLabels(labels))
    // alerts/src/engine/silenceUrl.ts: sorted labels, one matcher parameter each, encodeURIComponent
    expect(href).toBe(
      `/alerts/silences/new?matcher=${encodeURIComponent('alertname="HighErrorRate"')}&matcher=${encodeURIComponent('note="a \\"quoted\\" & odd/value"')}&matcher=${encodeURIComponent('service="checkout"')}`,
    )
    const rows = rowsFromParams(new URL(href, 'http://x').searchParams)
    expect(Object.fromEntries(rows.map((r) => [r.name, r.value]))).toEqual(labels)
    expect(rows.map(formatMatcher)[0]).toBe('alertname="HighErrorRate"')
  })

  it('keeps text that is not a matcher, for the server to name', () => {
    expect(rowsFromParams(new URLSearchParams('matcher=oops'))).toEqual([{ name: 'oops', op: '=', value: '' }])
  })
})
