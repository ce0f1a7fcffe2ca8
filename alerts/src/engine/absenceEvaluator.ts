import type { EvaluationContext, Sample } from './alertRule.js'
import { type Labels, labelValue } from './labels.js'
import type { SeriesSource } from './series.js'

export interface AbsenceCondition {
  /** The series that are present (a query over a recent window: spans, logs or a metric). */
  series: SeriesSource
  /**
   * The label sets expected among them, each matched by its labels alone (a present series may
   * carry more). Absent: any series at all is expected, and the one sample has no labels.
   */
  expect?: Labels[]
}

/**
 * An absence-of-data rule's evaluate (Prometheus' `absent()`): one sample per expected label
 * set, firing while no present series carries those labels; the value is how many do. It always
 * returns samples, so the rule's no-data handling never applies: missing data is its condition.
 */
export function absenceEvaluator(condition: AbsenceCondition): (ctx: EvaluationContext) => Promise<Sample[]> {
  return async (ctx) => {
    const present = (await condition.series(ctx)).filter((s) => s.value !== null)
    const expected = condition.expect ?? [{}]
    return expected.map((labels) => {
      const count = present.filter((s) => Object.entries(labels).every(([name, value]) => labelValue(s.labels, name) === value)).length
      return { labels, value: count, firing: count === 0 }
    })
  }
}
