import { DEFAULT_SLO_SPAN_KINDS, rollingDays, type SloDocument, sliceMinutes, SPANS_SOURCE } from '../api/slo.js'
import type { MetricSelection, Slo, SpanSelection } from './slo.js'

type Source = SloDocument['spec']['indicator']['spec']['thresholdMetric'] & {}

function spans(source: Source['metricSource'], service: string): SpanSelection {
  if (source.type !== SPANS_SOURCE) throw new Error('not a span source')
  return {
    service: source.spec.service ?? service,
    operations: source.spec.operations ? [...new Set(source.spec.operations)].sort() : null,
    spanKinds: [...new Set(source.spec.spanKinds ?? DEFAULT_SLO_SPAN_KINDS)].sort(),
    attributes: source.spec.attributes ?? {},
  }
}

function metric(source: Source['metricSource'], service: string): MetricSelection {
  if (source.type === SPANS_SOURCE) throw new Error('not a metric source')
  return { metric: source.spec.metric, service: source.spec.service ?? service, attributes: source.spec.attributes ?? {} }
}

/** The SLO a valid document (sloDocument.parse) describes, defaults filled in. */
export function compileSlo(doc: SloDocument): Slo {
  const spec = doc.spec
  const objective = spec.objectives[0]
  const window = spec.timeWindow[0]
  const ratio = spec.indicator.spec.ratioMetric
  const threshold = spec.indicator.spec.thresholdMetric
  let indicator: Slo['indicator']
  if (threshold) {
    indicator = {
      kind: 'threshold',
      source: 'spans',
      spans: spans(threshold.metricSource, spec.service),
      thresholdMs: objective.value as number,
      inclusive: objective.op === 'lte',
    }
  } else if (ratio && ratio.total.metricSource.type === SPANS_SOURCE) {
    indicator = { kind: 'ratio', source: 'spans', spans: spans(ratio.total.metricSource, spec.service) }
  } else if (ratio) {
    indicator = {
      kind: 'ratio',
      source: 'metrics',
      good: ratio.good ? metric(ratio.good.metricSource, spec.service) : null,
      bad: ratio.bad ? metric(ratio.bad.metricSource, spec.service) : null,
      total: metric(ratio.total.metricSource, spec.service),
    }
  } else throw new Error('an SLO document without indicator')
  return {
    name: doc.metadata.name,
    displayName: doc.metadata.displayName ?? null,
    description: spec.description ?? null,
    service: spec.service,
    indicator,
    target: objective.target ?? (objective.targetPercent as number) / 100,
    window: window.calendar ? { kind: 'calendar', timeZone: window.calendar.timeZone } : { kind: 'rolling', days: rollingDays(window.duration) as number },
    budgeting:
      spec.budgetingMethod === 'Timeslices'
        ? { method: 'Timeslices', sliceMinutes: sliceMinutes(objective.timeSliceWindow as number | string) as number, sliceTarget: objective.timeSliceTarget as number }
        : { method: 'Occurrences' },
  }
}
