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

/** A column against one pattern or any of several: `=`, `IN` for many exact values, `LIKE` for globs. */
function patternSql(p: SqlParams, column: string, value: Patterns): string {
  const list = Array.isArray(value) ? value : [value]
  const exact = list.filter((v) => !v.includes('*'))
  const globs = list.filter((v) => v.includes('*'))
  const parts: string[] = []
  if (exact.length === 1) parts.push(`${column} = ${p.add('String', exact[0])}`)
  else if (exact.length > 1) parts.push(`${column} IN ${p.add('Array(String)', exact)}`)
  for (const glob of globs) parts.push(glob === '*' ? '1' : `${column} LIKE ${p.add('String', globToLike(glob))}`)
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

/** The index (Int32) of the first matching rule, -1 when none matches. */
export function ruleIndexSql(p: SqlParams, matches: RuleMatch[]): string {
  if (matches.length === 0) return 'toInt32(-1)'
  return `multiIf(${matches.map((m, i) => `${matchSql(p, m)}, toInt32(${i})`).join(', ')}, toInt32(-1))`
}
