import type { EvaluationContext, Sample } from '../engine/alertRule.js'
import type { SeriesSource } from '../engine/series.js'

/*
 * The hook for anomaly rules (issue 6 leaves the models to a later issue). A scorer takes the
 * series of the rule's query and returns samples: one per scored series, firing when its score
 * passes the model's threshold, `values` the expected band. Register one with
 * registerAnomalyScorer(name, scorer); a rule naming a scorer nobody registered is refused with
 * "not available yet".
 */

export interface AnomalyScorer {
  score(input: { series: SeriesSource; options: Record<string, string | number | boolean>; ctx: EvaluationContext }): Promise<Sample[]>
}

const scorers = new Map<string, AnomalyScorer>()

export function registerAnomalyScorer(name: string, scorer: AnomalyScorer): () => void {
  scorers.set(name, scorer)
  return () => scorers.delete(name)
}

export function anomalyScorer(name: string): AnomalyScorer | undefined {
  return scorers.get(name)
}

export function anomalyScorerNames(): string[] {
  return [...scorers.keys()]
}
