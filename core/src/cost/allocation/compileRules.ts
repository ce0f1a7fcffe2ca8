import type { Patterns, RuleMatch } from '../../api/allocation.js'
import type { SqlParams } from '../../telemetry/queries/sqlParams.js'
import { NAMESPACE_TAG_KEYS, WORKLOAD_TAG_KEYS } from './kubernetesTags.js'

/*
 * Rules become one multiIf over the billing rows: the index of the first rule whose conditions
 * all hold, or -1 (unallocated). Every value travels as a query parameter; only the column
 * names, fixed here, are written into the SQL.
 */

/** A glob (`*` = any characters) as a LIKE pattern: LIKE's own wildcards and its escape are escaped. */
export function globToLike(glob: string): string {
  return glob.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll('*', '%')
}

/**
 * A column against one glob. LIKE with a wildcard inside is a regular expression for the engine
 * (about 0.1 µs a row), so the common shapes get cheaper functions: `abc*` startsWith, `*abc`
 * endsWith, `*abc*` position; other globs keep LIKE behind a startsWith on their literal head.
 */
function globSql(p: SqlParams, column: string, glob: string): string {
  if (glob === '*') return '1'
  const parts = glob.split('*')
  const inner = parts.slice(1, -1)
  if (parts.length === 2 && parts[1] === '') return `startsWith(${column}, ${p.add('String', parts[0])})`
  if (parts.length === 2 && parts[0] === '') return `endsWith(${column}, ${p.add('String', parts[1])})`
  if (parts.length === 3 && parts[0] === '' && parts[2] === '') return `position(${column}, ${p.add('String', inner[0])}) > 0`
  const like = `${column} LIKE ${p.add('String', globToLike(glob))}`
  return parts[0] ? `(startsWith(${column}, ${p.add('String', parts[0])}) AND ${like})` : like
}

/** A column against one pattern or any of several: `=`, `IN` for many exact values, globs as globSql. */
function patternSql(p: SqlParams, column: string, value: Patterns): string {
  const list = Array.isArray(value) ? value : [value]
  const exact = list.filter((v) => !v.includes('*'))
  const globs = list.filter((v) => v.includes('*'))
  const parts: string[] = []
  if (exact.length === 1) parts.push(`${column} = ${p.add('String', exact[0])}`)
  else if (exact.length > 1) parts.push(`${column} IN ${p.add('Array(String)', exact)}`)
  for (const glob of globs) parts.push(globSql(p, column, glob))
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`
}

/** The first non-empty tag of `keys`, or ''. */
function firstTagSql(p: SqlParams, keys: readonly string[]): string {
  return `coalesce(${keys.map((k) => `nullIf(Tags[${p.add('String', k)}], '')`).join(', ')}, '')`
}

const COLUMNS = {
  provider: () => 'ProviderName',
  cloudService: () => 'ServiceName',
  billingAccountId: () => 'BillingAccountId',
  subAccountId: () => "ifNull(SubAccountId, '')",
  subAccountName: () => "ifNull(SubAccountName, '')",
  resourceId: () => "ifNull(ResourceId, '')",
  namespace: (p: SqlParams) => firstTagSql(p, NAMESPACE_TAG_KEYS),
  workload: (p: SqlParams) => firstTagSql(p, WORKLOAD_TAG_KEYS),
} as const

/** The condition of one rule: every condition it names (AND). */
export function matchSql(p: SqlParams, match: RuleMatch): string {
  const parts: string[] = []
  for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, (p: SqlParams) => string][]) {
    const value = match[field]
    if (value !== undefined) parts.push(patternSql(p, column(p), value))
  }
  for (const [key, value] of Object.entries(match.tags ?? {})) {
    parts.push(value === '*' ? `mapContains(Tags, ${p.add('String', key)})` : patternSql(p, `Tags[${p.add('String', key)}]`, value))
  }
  if (match.untagged) parts.push('empty(Tags)')
  if (match.any) parts.push('1')
  return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`
}

/** A rule whose only condition is exact values of one column or tag: what a run of such rules can share one lookup for. */
function exactCondition(match: RuleMatch): { key: string; column: (p: SqlParams) => string; values: string[] } | undefined {
  const given = Object.entries(match).filter(([, v]) => v !== undefined)
  if (given.length !== 1) return undefined
  const [field, value] = given[0]
  const exact = (v: Patterns) => {
    const list = Array.isArray(v) ? v : [v]
    return list.some((x) => x.includes('*')) ? undefined : list
  }
  if (field === 'tags') {
    const tags = Object.entries(value as Record<string, Patterns>)
    const values = tags.length === 1 ? exact(tags[0][1]) : undefined
    return values && { key: `tag:${tags[0][0]}`, column: (p) => `Tags[${p.add('String', tags[0][0])}]`, values }
  }
  if (!(field in COLUMNS)) return undefined
  const values = exact(value as Patterns)
  return values && { key: `column:${field}`, column: COLUMNS[field as keyof typeof COLUMNS], values }
}

/**
 * The index (Int32) of the first matching rule, -1 when none matches. The engine evaluates
 * multiIf's conditions one after another on the rows still unmatched (about 10 ms per condition
 * and million rows), so consecutive rules that each take exact values of the same column or tag
 * (the usual one rule per service: `app: checkout`, `app: cart` …) become one lookup (transform)
 * that gives the first such rule's index; the order, and so first-match-wins, is unchanged.
 */
export function ruleIndexSql(p: SqlParams, matches: RuleMatch[]): string {
  const branches: string[] = []
  let i = 0
  while (i < matches.length) {
    const first = exactCondition(matches[i])
    let end = i + 1
    while (first && end < matches.length && exactCondition(matches[end])?.key === first.key) end++
    if (first && end - i >= 2) {
      const values: string[] = []
      const indexes: number[] = []
      for (let j = i; j < end; j++) {
        for (const value of (exactCondition(matches[j]) as { values: string[] }).values) {
          if (!values.includes(value)) {
            values.push(value)
            indexes.push(j)
          }
        }
      }
      const alias = `rules_${i}_${end - 1}`
      branches.push(`(transform(${first.column(p)}, ${p.add('Array(String)', values)}, ${p.add('Array(Int32)', indexes)}, toInt32(-1)) AS ${alias}) >= 0, ${alias}`)
      i = end
    } else {
      branches.push(`${matchSql(p, matches[i])}, toInt32(${i})`)
      i++
    }
  }
  if (branches.length === 0) return 'toInt32(-1)'
  return `multiIf(${branches.join(', ')}, toInt32(-1))`
}
