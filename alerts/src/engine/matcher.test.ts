import { describe, expect, it } from 'vitest'
import { compileMatcher, formatMatcher, parseMatcher } from './matcher.js'

describe('matchers', () => {
  const labels = { alertname: 'HighErrorRate', service: 'checkout', env: 'prod-eu' }

  it('match =, !=, =~ and !~ like Alertmanager: regexes anchored, an absent label reads as empty', () => {
    const holds = (text: string) => compileMatcher(text, 'm').test(labels)
    expect(holds('service="checkout"')).toBe(true)
    expect(holds('service=check')).toBe(false)
    expect(holds('service!="payment"')).toBe(true)
    expect(holds('env=~"prod-.*"')).toBe(true)
    expect(holds('env=~"prod"')).toBe(false) // anchored: no partial match
    expect(holds('env!~"dev.*|staging"')).toBe(true)
    expect(holds('env!~"prod.*"')).toBe(false)
    expect(holds('team=""')).toBe(true)
    expect(holds('team!=""')).toBe(false)
    expect(holds('team=~".*"')).toBe(true)
    expect(compileMatcher('constructor=""', 'm').test({})).toBe(true) // never a property of Object
  })

  it('read quoted values with escapes, and print back what they read', () => {
    const m = parseMatcher('summary="say \\"hi\\", then go"', 'm')
    expect(m).toEqual({ name: 'summary', op: '=', value: 'say "hi", then go' })
    expect(parseMatcher(formatMatcher(m), 'm')).toEqual(m)
    expect(parseMatcher('  severity =~ critical|page ', 'm')).toEqual({ name: 'severity', op: '=~', value: 'critical|page' })
  })

  it('refuse bad matchers with the field and what is wrong', () => {
    expect(() => parseMatcher('service', 'route.matchers[0]')).toThrow(/^route\.matchers\[0\]: "service" is not a matcher/)
    expect(() => parseMatcher('service="checkout', 'm')).toThrow('m: column 9: the value "checkout is not a complete double-quoted string')
    expect(() => parseMatcher('service=a,b', 'm')).toThrow(/column 9: a value with quotes, commas or braces must be written in double quotes/)
    expect(() => compileMatcher('env=~"(prod"', 'silence.matchers[1]')).toThrow(/^silence\.matchers\[1\]: "\(prod" is not a valid regular expression/)
    expect(() => compileMatcher({ name: '1x', op: '=', value: 'a' }, 'm')).toThrow(/"1x" is not a label name/)
    expect(() => compileMatcher({ name: 'x', op: '~' as never, value: 'a' }, 'm')).toThrow('m: "~" is not one of =, !=, =~, !~')
  })
})
