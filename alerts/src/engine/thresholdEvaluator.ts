import { MeridianError } from '@meridian/core'
import { COMPARISONS, type Comparison, type EvaluationContext, type Sample } from './alertRule.js'
import type { SeriesSource } from './series.js'

export interface ThresholdCondition {
  series: SeriesSource
  comparison: Comparison
  threshold: number
}

const compare: Record<Comparison, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
}

/**
 * A threshold rule's evaluate: one sample per series with a value, firing when `value
 * <comparison> threshold`. Series without a value are left out, so a query that returns none
 * (or only empty ones) is the rule's no-data case.
 */
export function thresholdEvaluator(condition: ThresholdCondition, field = 'condition'): (ctx: EvaluationContext) => Promise<Sample[]> {
  if (!COMPARISONS.includes(condition.comparison)) throw new MeridianError(400, 'invalid_rule', `${field}.comparison: must be one of ${COMPARISONS.join(' ')}, got ${JSON.stringify(condition.comparison)}`)
  if (typeof condition.threshold !== 'number' || !Number.isFinite(condition.threshold)) throw new MeridianError(400, 'invalid_rule', `${field}.threshold: must be a number`)
  const holds = compare[condition.comparison]
  return async (ctx) =>
    (await condition.series(ctx))
      .filter((s): s is { labels: typeof s.labels; value: number } => typeof s.value === 'number' && !Number.isNaN(s.value))
      .map((s) => ({ labels: s.labels, value: s.value, threshold: condition.threshold, comparison: condition.comparison, firing: holds(s.value, condition.threshold) }))
}
