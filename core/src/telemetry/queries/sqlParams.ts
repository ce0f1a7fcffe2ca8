import type { AttributeFilter } from '../../api/telemetry.js'
import type { QueryParams } from './storeQuery.js'

/**
 * Collects a query's parameters while its SQL is written: `p.add('String', value)` returns the
 * placeholder (`{p0:String}`) and keeps the value for query_params, so no input reaches the SQL text.
 */
export class SqlParams {
  readonly values: QueryParams = {}
  private next = 0

  add(type: string, value: unknown): string {
    const name = `p${this.next++}`
    this.values[name] = value
    return `{${name}:${type}}`
  }
}

/** `map[key] = value` (or `!=`) per filter; an absent key reads as '' (so `k!=v` matches spans without k). */
export function attributeConditions(p: SqlParams, column: string, filters: AttributeFilter[]): string[] {
  return filters.map((f) => `${column}[${p.add('String', f.key)}] ${f.negated ? '!=' : '='} ${p.add('String', f.value)}`)
}

/** Epoch ms as a DateTime64(3) constant, comparable with DateTime64(9) columns (the key analysis still uses it). */
export const msTime = (p: SqlParams, ms: number) => `fromUnixTimestamp64Milli(${p.add('Int64', ms)})`

/** Epoch ms (a whole second) as a DateTime constant, for the per-minute tables. */
export const secondTime = (p: SqlParams, ms: number) => `toDateTime(${p.add('UInt32', Math.floor(ms / 1000))})`
