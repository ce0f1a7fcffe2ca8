import type { CostFilter, CostKey, CostMetric } from '../../api/cost.js'
import { COST_DIMENSIONS, COST_METRICS } from '../../api/cost.js'
import { FOCUS_COLUMNS, type FocusColumn } from '../../schema/billingTables.js'
import type { SqlParams } from '../../telemetry/queries/sqlParams.js'

/*
 * SQL pieces of the cost queries. Column names only ever come from the fixed lists (FOCUS columns,
 * cost metrics), checked again here; every value goes through query parameters.
 */

export const billingTable = (database: string) => `${database}.meridian_billing`

/** A cost metric's column, checked against the fixed list. */
export function metricSql(metric: CostMetric): string {
  if (!COST_METRICS.includes(metric)) throw new Error(`not a cost metric: ${metric}`)
  return metric
}

/** The text of a dimension or tag per row; NULL, empty and absent all read as ''. */
export function keySql(p: SqlParams, key: CostKey): string {
  if (key.kind === 'tag') return `Tags[${p.add('String', key.key)}]`
  if (!COST_DIMENSIONS.includes(key.dimension)) throw new Error(`not a cost dimension: ${key.dimension}`)
  return FOCUS_COLUMNS[key.dimension as FocusColumn].type.includes('Nullable') ? `ifNull(${key.dimension}, '')` : `toString(${key.dimension})`
}

/** Filters of one key and sign are alternatives (IN / NOT IN their values); different ones all apply. */
export function filterConditions(p: SqlParams, filters: readonly CostFilter[]): string[] {
  const byKey = new Map<string, { key: CostKey; negated: boolean; values: string[] }>()
  for (const f of filters) {
    const id = JSON.stringify([f.key, f.negated])
    const entry = byKey.get(id) ?? { key: f.key, negated: f.negated, values: [] }
    entry.values.push(f.value)
    byKey.set(id, entry)
  }
  return [...byKey.values()].map((f) => `${keySql(p, f.key)} ${f.negated ? 'NOT IN' : 'IN'} ${p.add('Array(String)', f.values)}`)
}

/** Rows whose charge period starts in [from, to) (epoch ms, whole seconds). */
export function chargeRangeConditions(p: SqlParams, range: { from?: number; to?: number }): string[] {
  const conditions: string[] = []
  if (range.from !== undefined) conditions.push(`ChargePeriodStart >= toDateTime(${p.add('Int64', Math.floor(range.from / 1000))}, 'UTC')`)
  if (range.to !== undefined) conditions.push(`ChargePeriodStart < toDateTime(${p.add('Int64', Math.ceil(range.to / 1000))}, 'UTC')`)
  return conditions
}

export const whereSql = (conditions: string[]) => (conditions.length ? conditions.join(' AND ') : '1')

const DAY_MS = 86_400_000

/**
 * Rows whose charge period starts on a day in [from, to) (UTC midnights): the same rows as
 * chargeRangeConditions, written on `toStartOfDay(ChargePeriodStart)`, the day key of the
 * `daily` projection (schema/billingTables.ts), so the engine can answer from it.
 */
export function chargeDayConditions(p: SqlParams, range: { from: number; to: number }): string[] {
  if (range.from % DAY_MS !== 0 || range.to % DAY_MS !== 0) throw new Error(`cost day range: ${range.from}-${range.to} is not whole UTC days`)
  return [
    `toStartOfDay(ChargePeriodStart) >= toDateTime(${p.add('Int64', range.from / 1000)}, 'UTC')`,
    `toStartOfDay(ChargePeriodStart) < toDateTime(${p.add('Int64', range.to / 1000)}, 'UTC')`,
  ]
}

/**
 * Settings of the cost explorer's reads. By default the engine reads `Tags['team']` as a
 * subcolumn of the map, and the projection, which has the map as a whole, is then not considered
 * (a year of tag groups read the table: ~700 ms of CPU per read on 10 M rows, ~80 from the projection).
 */
export const COST_QUERY_SETTINGS = 'SETTINGS optimize_functions_to_subcolumns = 0'
