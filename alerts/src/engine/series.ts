import type { EvaluationContext } from './alertRule.js'
import type { Labels } from './labels.js'

/** One value per label set: what a query gives an evaluator. A null value is a series without data. */
export interface SeriesValue {
  labels: Labels
  value: number | null
}

/** Where an evaluator's series come from (a SQL query, an SLO computation, a budget check…). */
export type SeriesSource = (ctx: EvaluationContext) => Promise<SeriesValue[]>
