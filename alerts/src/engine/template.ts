import { MeridianError } from '@meridian/core'
import { humanize, humanizeDuration, humanizePercentage } from './humanize.js'
import type { Labels } from './labels.js'

/** What a label or annotation template can read. */
export interface TemplateData {
  /** The evaluated value; null when there is none (no data, an error). */
  value: number | null
  threshold: number | null
  /** The alert's labels (for label templates: the sample's labels, before the rule's are added). */
  labels: Labels
  /** Further figures of the sample (an SLO rule's burn rates and budget left, say). */
  values: Record<string, number | string>
  /** The evaluation error, in the error state; '' otherwise. */
  error: string
  /** The rule's name. */
  rule: string
}

export interface Template {
  source: string
  render(data: TemplateData): string
}

type Value = number | string | null
type Operand = (data: TemplateData) => Value
type Filter = (value: Value) => Value

const num = (v: Value): number | undefined => {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return undefined
}
const numeric = (f: (n: number) => string): Filter => (v) => {
  const n = num(v)
  return n === undefined ? v : f(n)
}
const text = (v: Value): string => (v === null ? '' : typeof v === 'number' ? String(v) : v)

/** The filters a pipeline may use, after Prometheus' template functions of the same names. */
const FILTERS: Record<string, { args: number; make: (args: Value[]) => Filter }> = {
  humanize: { args: 0, make: () => numeric(humanize) },
  humanizePercentage: { args: 0, make: () => numeric(humanizePercentage) },
  humanizeDuration: { args: 0, make: () => numeric(humanizeDuration) },
  toUpper: { args: 0, make: () => (v) => text(v).toUpperCase() },
  toLower: { args: 0, make: () => (v) => text(v).toLowerCase() },
  urlquery: { args: 0, make: () => (v) => encodeURIComponent(text(v)) },
  default: { args: 1, make: ([fallback]) => (v) => (v === null || v === '' ? fallback : v) },
  printf: { args: 1, make: ([format]) => printf(text(format)) },
}

const VARIABLES: Record<string, Operand> = {
  $value: (d) => d.value,
  $threshold: (d) => d.threshold,
  $error: (d) => d.error,
  $rule: (d) => d.rule,
}

const TOKEN = /\s*(?:(\$[a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)?)|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(\|)|([a-zA-Z_][a-zA-Z0-9_]*))/y

/**
 * Compiles a label or annotation template: text with `{{ … }}` actions that read a variable
 * (`$value`, `$threshold`, `$labels.<name>`, `$values.<name>`, `$error`, `$rule`) or a quoted
 * string, optionally through filters (`{{ $value | humanizePercentage }}`,
 * `{{ $labels.service | urlquery }}`, `{{ $value | printf "%.2f" }}`). Nothing else: no code,
 * no property walks beyond one label name. A missing label reads as ''. Errors name the field,
 * line and column.
 */
export function compileTemplate(source: string, field: string): Template {
  if (typeof source !== 'string') throw new MeridianError(400, 'invalid_template', `${field}: a template must be text`)
  const parts: ((data: TemplateData) => string)[] = []
  let at = 0
  while (at < source.length) {
    const open = source.indexOf('{{', at)
    if (open < 0) {
      parts.push(literal(source.slice(at)))
      break
    }
    if (open > at) parts.push(literal(source.slice(at, open)))
    const close = source.indexOf('}}', open + 2)
    if (close < 0) throw templateError(source, field, open, '"{{" is not closed by "}}"')
    parts.push(action(source, field, open + 2, close))
    at = close + 2
  }
  return { source, render: (data) => parts.map((part) => part(data)).join('') }
}

const literal = (s: string) => () => s

function action(source: string, field: string, start: number, end: number): (data: TemplateData) => string {
  const tokens: { kind: 'var' | 'str' | 'num' | 'pipe' | 'name'; text: string; at: number }[] = []
  TOKEN.lastIndex = start
  while (TOKEN.lastIndex < end) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex, end))) break
    const from = TOKEN.lastIndex
    const m = TOKEN.exec(source)
    if (!m || TOKEN.lastIndex > end) {
      const bad = from + (source.slice(from).length - source.slice(from).trimStart().length)
      throw templateError(source, field, bad, `unexpected "${source.slice(bad, end).trim()}"`)
    }
    const kind = m[1] ? 'var' : m[2] ? 'str' : m[3] ? 'num' : m[4] ? 'pipe' : 'name'
    const tokenText = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]
    tokens.push({ kind, text: tokenText, at: TOKEN.lastIndex - tokenText.length })
  }
  if (tokens.length === 0) throw templateError(source, field, start, 'an empty {{ }}')
  const [first, ...rest] = tokens
  const operand = operandOf(first, source, field)
  const filters: Filter[] = []
  let i = 0
  while (i < rest.length) {
    const pipe = rest[i]
    if (pipe.kind !== 'pipe') throw templateError(source, field, pipe.at, `expected "|" before "${pipe.text}"`)
    const name = rest[i + 1]
    if (name?.kind !== 'name') throw templateError(source, field, name?.at ?? pipe.at, 'expected a filter name after "|"')
    const filter = Object.hasOwn(FILTERS, name.text) ? FILTERS[name.text] : undefined
    if (!filter) throw templateError(source, field, name.at, `unknown filter "${name.text}" (known: ${Object.keys(FILTERS).join(', ')})`)
    const args: Value[] = []
    i += 2
    while (i < rest.length && rest[i].kind !== 'pipe') {
      const arg = rest[i]
      if (arg.kind !== 'str' && arg.kind !== 'num') throw templateError(source, field, arg.at, `"${arg.text}" is not a quoted string or a number`)
      args.push(arg.kind === 'str' ? (JSON.parse(arg.text) as string) : Number(arg.text))
      i++
    }
    if (args.length !== filter.args) throw templateError(source, field, name.at, `${name.text} takes ${filter.args} argument${filter.args === 1 ? '' : 's'}, got ${args.length}`)
    if (name.text === 'printf') checkFormat(text(args[0]), source, field, name.at)
    filters.push(filter.make(args))
  }
  return (data) => text(filters.reduce((v, f) => f(v), operand(data)))
}

function operandOf(token: { kind: string; text: string; at: number }, source: string, field: string): Operand {
  if (token.kind === 'str') {
    const value = JSON.parse(token.text) as string
    return () => value
  }
  if (token.kind === 'num') {
    const value = Number(token.text)
    return () => value
  }
  if (token.kind !== 'var') throw templateError(source, field, token.at, `"${token.text}" is not a variable ($value, $threshold, $labels.<name>, $values.<name>, $error, $rule)`)
  const [root, key] = token.text.split('.')
  if (root === '$labels' && key) return (d) => (Object.hasOwn(d.labels, key) ? d.labels[key] : '')
  if (root === '$values' && key) return (d) => (Object.hasOwn(d.values, key) ? d.values[key] : '')
  const variable = key === undefined && Object.hasOwn(VARIABLES, root) ? VARIABLES[root] : undefined
  if (!variable) throw templateError(source, field, token.at, `unknown variable "${token.text}" (known: $value, $threshold, $labels.<name>, $values.<name>, $error, $rule)`)
  return variable
}

const VERB = /%(%|-?\d*(?:\.\d+)?[sdfg])/g

function checkFormat(format: string, source: string, field: string, at: number): void {
  const verbs = [...format.matchAll(VERB)].filter((m) => m[1] !== '%')
  const stray = format.replace(VERB, '').includes('%')
  if (verbs.length !== 1 || stray) throw templateError(source, field, at, `printf "${format}" needs exactly one verb of %s, %d, %f, %.2f, %g`)
}

/** Go's printf for one value: %s, %d, %f, %.Nf, %g, %.Ng (width ignored), and %%. */
function printf(format: string): Filter {
  return (v) =>
    format.replace(VERB, (_, spec: string) => {
      if (spec === '%') return '%'
      const verb = spec.at(-1)
      const precision = /\.(\d+)/.exec(spec)?.[1]
      const n = num(v)
      if (verb === 's' || n === undefined) return text(v)
      if (verb === 'd') return String(Math.trunc(n))
      if (verb === 'f') return n.toFixed(precision === undefined ? 6 : Number(precision))
      return precision === undefined ? String(n) : String(Number(n.toPrecision(Math.max(1, Number(precision)))))
    })
}

function templateError(source: string, field: string, offset: number, message: string): MeridianError {
  const before = source.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  const where = source.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`
  return new MeridianError(400, 'invalid_template', `${field}: ${where}: ${message}`)
}
