import { MeridianError } from '@meridian/core'
import { LABEL_NAME, type Labels, labelValue } from './labels.js'

export type MatchOp = '=' | '!=' | '=~' | '!~'

/** One condition on a label, as Alertmanager writes it: `service="checkout"`, `severity=~"critical|page"`, `env!~"dev.*"`. */
export interface Matcher {
  name: string
  op: MatchOp
  value: string
}

/** A matcher with its regular expression compiled (anchored at both ends, as Alertmanager's are). */
export interface CompiledMatcher extends Matcher {
  test(labels: Labels): boolean
}

/** A matcher given as text or as an object. */
export type MatcherInput = string | Matcher

const TEXT = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/

const invalid = (field: string, message: string) => new MeridianError(400, 'invalid_matcher', `${field}: ${message}`)

/** Parses `name op value` (the value in double quotes, or bare when it has no quote, comma or brace). */
export function parseMatcher(text: string, field: string): Matcher {
  const match = TEXT.exec(text)
  if (!match) {
    throw invalid(field, `"${text}" is not a matcher such as service="checkout" (a label name, then =, !=, =~ or !~, then a value)`)
  }
  const [, name, op, raw] = match
  const valueColumn = text.indexOf(raw, text.indexOf(op) + op.length) + 1
  let value = raw
  if (raw.startsWith('"')) {
    try {
      value = JSON.parse(raw) as string
    } catch {
      throw invalid(field, `column ${valueColumn}: the value ${raw} is not a complete double-quoted string`)
    }
    if (typeof value !== 'string') throw invalid(field, `column ${valueColumn}: the value must be a string`)
  } else if (/["{},]/.test(raw)) {
    throw invalid(field, `column ${valueColumn}: a value with quotes, commas or braces must be written in double quotes`)
  }
  return { name, op: op as MatchOp, value }
}

/** Checks and compiles a matcher; regular expressions match the whole value. */
export function compileMatcher(input: MatcherInput, field: string): CompiledMatcher {
  const m = typeof input === 'string' ? parseMatcher(input, field) : input
  if (typeof m !== 'object' || m === null || typeof m.name !== 'string' || typeof m.value !== 'string') {
    throw invalid(field, 'a matcher needs a name, an op and a value')
  }
  if (!LABEL_NAME.test(m.name)) throw invalid(field, `"${m.name}" is not a label name (letters, digits and _, not starting with a digit)`)
  if (!['=', '!=', '=~', '!~'].includes(m.op)) throw invalid(field, `"${m.op}" is not one of =, !=, =~, !~`)
  let test: (value: string) => boolean
  if (m.op === '=' || m.op === '!=') {
    test = (value) => value === m.value
  } else {
    let re: RegExp
    try {
      re = new RegExp(`^(?:${m.value})$`, 'u')
    } catch (err) {
      throw invalid(field, `${JSON.stringify(m.value)} is not a valid regular expression: ${(err as Error).message}`)
    }
    test = (value) => re.test(value)
  }
  const negated = m.op === '!=' || m.op === '!~'
  return { name: m.name, op: m.op, value: m.value, test: (labels) => test(labelValue(labels, m.name)) !== negated }
}

export function compileMatchers(inputs: MatcherInput[] | undefined, field: string): CompiledMatcher[] {
  if (inputs !== undefined && !Array.isArray(inputs)) throw invalid(field, 'must be a list of matchers')
  return (inputs ?? []).map((input, i) => compileMatcher(input, `${field}[${i}]`))
}

/** Whether every matcher holds (an empty list matches everything). */
export function matchesAll(matchers: CompiledMatcher[], labels: Labels): boolean {
  return matchers.every((m) => m.test(labels))
}

/** `name="value"` as Alertmanager prints it; parseMatcher reads it back. */
export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`
}
