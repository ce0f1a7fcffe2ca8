import { FOCUS_COLUMNS, type FocusColumn } from '../schema/billingTables.js'
import { FOCUS_RULES, type FocusColumnRule, isFocusColumn } from './focusSpec.js'

/*
 * The SQL that checks and converts a staged FOCUS file. A file is first staged as text: one row per
 * record, `x_Line` (the line of the file it starts on) and `c1`…`cN` (Nullable(String), the file's
 * columns in order, so no name from the file ever becomes an identifier). The checks then run over
 * the whole table in one query that writes (line, column, reason, value) rows, and the conversion
 * reads the rows without problems into meridian_billing's types. Only FOCUS column names (a fixed
 * list) and generated `cN` names are spliced in; allowed values and extra column names travel as
 * query parameters.
 */

/** Numeric Format: an optional sign, digits with an optional fraction, an optional exponent. */
const NUMBER_RE = '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$'
/** Date/Time Format (ISO 8601; 'T' or a space, optional seconds, fraction and offset). */
const DATETIME_RE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$'
const CURRENCY_RE = '^[A-Z]{3}$'

export const rawColumn = (index: number) => `c${index + 1}`

/** The staged text table of a file with `count` columns. */
export function createRawTableSql(table: string, count: number): string {
  const columns = Array.from({ length: count }, (_, i) => `${rawColumn(i)} Nullable(String)`)
  return `CREATE TABLE ${table} (x_Line UInt64, ${columns.join(', ')}) ENGINE = MergeTree ORDER BY x_Line`
}

export function createProblemsTableSql(table: string): string {
  return `CREATE TABLE ${table} (Line UInt64, Column String, Reason String, Value String) ENGINE = MergeTree ORDER BY (Line, Column)`
}

/** Where each FOCUS column of the file is staged, and the file's other columns. */
export interface StagedColumns {
  focus: Map<FocusColumn, string>
  /** Non-FOCUS columns: their names in the file and their staged columns. */
  extra: { name: string; column: string }[]
}

export function stagedColumns(names: readonly string[]): StagedColumns {
  const focus = new Map<FocusColumn, string>()
  const extra: StagedColumns['extra'] = []
  names.forEach((name, i) => {
    if (isFocusColumn(name)) focus.set(name, rawColumn(i))
    else extra.push({ name, column: rawColumn(i) })
  })
  return { focus, extra }
}

/** Empty text and the text NULL are null, as FOCUS exports write them. */
const stagedValue = (column: string) => `nullIf(nullIf(${column}, ''), 'NULL')`

const paramOf = (name: FocusColumn, which: 'allowed' | 'lower') => `${which}_${name}`

/** Query parameters the SQL below refers to: allowed values, as given and lowercased. */
export function focusSqlParams(staged: StagedColumns): Record<string, unknown> {
  const params: Record<string, unknown> = { extraNames: staged.extra.map((e) => e.name) }
  for (const name of staged.focus.keys()) {
    const allowed = FOCUS_RULES[name].allowed
    if (!allowed) continue
    params[paramOf(name, 'allowed')] = allowed
    params[paramOf(name, 'lower')] = allowed.map((v) => v.toLowerCase())
  }
  return params
}

/** The reason a value breaks its column's rule, or '' (SQL expression over `v`). */
function reasonSql(name: FocusColumn, rule: FocusColumnRule, v: string): string {
  // [condition, reason]: multiIf takes the first that holds; a null value passes every format check.
  const checks: [string, string][] = []
  if (!rule.nullable && !rule.nullTolerated) checks.push([`${v} IS NULL`, "'must not be empty'"])
  const format = (cond: string, reason: string) => checks.push([`${v} IS NOT NULL AND (${cond})`, reason])
  switch (rule.kind) {
    case 'decimal':
      format(`NOT match(${v}, '${NUMBER_RE}')`, "'not a number'")
      format(`toDecimal128OrNull(${v}, 12) IS NULL`, "'number out of range (Decimal(38, 12))'")
      break
    case 'datetime':
      format(`NOT match(${v}, '${DATETIME_RE}') OR parseDateTimeBestEffortOrNull(${v}, 'UTC') IS NULL`, "'not a date/time in ISO 8601 (2024-09-01T00:00:00Z)'")
      break
    case 'currency':
      format(`NOT match(${v}, '${CURRENCY_RE}')`, "'not an ISO 4217 currency code (three capital letters)'")
      break
    case 'keyValue':
      format(`NOT isValidJSON(${v}) OR JSONType(${v}) != 'Object'`, "'not a JSON object'")
      if (name === 'Tags') {
        format(
          `arrayExists(kv -> startsWith(kv.2, '{') OR startsWith(kv.2, '['), JSONExtractKeysAndValuesRaw(ifNull(${v}, '{}')))`,
          "'a tag value is an object or array (strings, numbers, booleans or null only)'",
        )
      }
      break
    case 'enum':
      format(
        `lower(${v}) NOT IN {${paramOf(name, 'lower')}:Array(String)}`,
        `concat('not an allowed value (', arrayStringConcat({${paramOf(name, 'allowed')}:Array(String)}, ', '), ')')`,
      )
      break
    case 'string':
      break
  }
  return checks.length === 0 ? "''" : `multiIf(${checks.map(([cond, reason]) => `${cond}, ${reason}`).join(', ')}, '')`
}

/**
 * Writes one row into `problems` per (line, column) whose value breaks the spec. Columns missing
 * from the file are reported before staging (they are the file's problem, not a row's).
 */
export function insertProblemsSql(raw: string, problems: string, staged: StagedColumns): string {
  const checks: string[] = []
  for (const [name, column] of staged.focus) {
    const reason = reasonSql(name, FOCUS_RULES[name], `v_${column}`)
    if (reason === "''") continue
    checks.push(`tuple('${name}', ${reason}, substring(ifNull(v_${column}, ''), 1, 100))`)
  }
  if (checks.length === 0) return ''
  const values = [...staged.focus.values()].map((c) => `${stagedValue(c)} AS v_${c}`).join(', ')
  return `INSERT INTO ${problems} (Line, Column, Reason, Value)
SELECT x_Line, p.1, p.2, p.3
  FROM (SELECT x_Line, [${checks.join(',\n    ')}] AS checks FROM (SELECT x_Line, ${values} FROM ${raw}))
ARRAY JOIN arrayFilter(p -> p.2 != '', checks) AS p`
}

/** The conversion of one staged FOCUS column to its meridian_billing type. */
function convertSql(name: FocusColumn, rule: FocusColumnRule, column: string): string {
  const v = stagedValue(column)
  const notNull = !FOCUS_COLUMNS[name].type.startsWith('Nullable') && !FOCUS_COLUMNS[name].type.startsWith('LowCardinality(Nullable')
  let sql: string
  switch (rule.kind) {
    case 'decimal':
      sql = `toDecimal128OrNull(${v}, 12)`
      break
    case 'datetime':
      sql = `parseDateTimeBestEffortOrNull(${v}, 'UTC')`
      break
    case 'enum':
      // Values that match an allowed one only ignoring case are stored as the spec spells them.
      sql = `transform(lower(${v}), {${paramOf(name, 'lower')}:Array(String)}, {${paramOf(name, 'allowed')}:Array(String)}, ${v})`
      break
    case 'keyValue':
      if (name === 'Tags') {
        return `CAST(arrayMap(kv -> (kv.1, multiIf(startsWith(kv.2, '"'), JSONExtractString(kv.2), kv.2 = 'null', '', kv.2)), JSONExtractKeysAndValuesRaw(ifNull(${v}, '{}'))), 'Map(String, String)')`
      }
      sql = v
      break
    default:
      sql = v
  }
  if (!notNull) return sql
  if (rule.kind === 'decimal') return `ifNull(${sql}, toDecimal128(0, 12))`
  if (rule.kind === 'datetime') return `ifNull(${sql}, toDateTime(0, 'UTC'))`
  return `ifNull(${sql}, '')`
}

/**
 * Reads the staged rows without problems as meridian_billing rows; FOCUS columns the file does
 * not have are left to their defaults (NULL, or an empty Tags map). Other columns go to x_Extra.
 */
export function stagedRowsSql(raw: string, problems: string, staged: StagedColumns): { columns: string[]; select: string } {
  const columns: string[] = []
  const exprs: string[] = []
  for (const [name, column] of staged.focus) {
    columns.push(name)
    exprs.push(convertSql(name, FOCUS_RULES[name], column))
  }
  const extraValues = staged.extra.map((e) => stagedValue(e.column)).join(', ')
  columns.push('x_Source', 'x_ImportId', 'x_Extra')
  exprs.push(
    "'focus-file'",
    '{importId:String}',
    staged.extra.length === 0
      ? 'map()'
      : `CAST(arrayMap(kv -> (kv.1, assumeNotNull(kv.2)), arrayFilter(kv -> kv.2 IS NOT NULL, arrayZip({extraNames:Array(String)}, [${extraValues}]))), 'Map(String, String)')`,
  )
  return {
    columns,
    select: `SELECT ${exprs.join(',\n       ')}\n  FROM ${raw} WHERE x_Line NOT IN (SELECT Line FROM ${problems})`,
  }
}

/**
 * What was accepted although the spec would not have it: per enum column, values that match only
 * ignoring case (and a few of them); per column whose nulls are tolerated, the rows without a value.
 */
export function warningsSql(raw: string, staged: StagedColumns): string {
  const parts: string[] = []
  for (const [name, column] of staged.focus) {
    if (FOCUS_RULES[name].nullTolerated) parts.push(`tuple('${name}', 'null', countIf(${stagedValue(column)} IS NULL), [])`)
    if (FOCUS_RULES[name].kind !== 'enum') continue
    const v = stagedValue(column)
    const cond = `${v} IS NOT NULL AND ${v} NOT IN {${paramOf(name, 'allowed')}:Array(String)} AND lower(${v}) IN {${paramOf(name, 'lower')}:Array(String)}`
    parts.push(`tuple('${name}', 'case', countIf(${cond}), groupUniqArrayIf(3)(assumeNotNull(${v}), ${cond}))`)
  }
  return parts.length === 0 ? '' : `SELECT [${parts.join(', ')}] AS warnings FROM ${raw}`
}
