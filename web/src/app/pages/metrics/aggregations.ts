import type { MetricNamesResponse } from '@meridian/core/api'

type MetricType = MetricNamesResponse['metrics'][number]['type']
export type Aggregation = 'sum' | 'avg' | 'min' | 'max' | 'rate' | 'p50' | 'p75' | 'p90' | 'p95' | 'p99'

/**
 * The aggregations the API takes for a metric type (core's metricQuery.ts: rate for sums only,
 * percentiles for histograms only); the first is the default.
 */
export const AGGREGATIONS: Record<MetricType, readonly Aggregation[]> = {
  gauge: ['avg', 'min', 'max', 'sum'],
  sum: ['rate', 'sum', 'avg', 'min', 'max'],
  histogram: ['p95', 'p50', 'p75', 'p90', 'p99', 'avg', 'sum', 'min', 'max'],
  exponential_histogram: ['p95', 'p50', 'p75', 'p90', 'p99', 'avg', 'sum', 'min', 'max'],
  summary: ['avg', 'sum', 'min', 'max'],
}

export function validAggregation(type: MetricType, wanted: string | null): Aggregation {
  const valid = AGGREGATIONS[type]
  return valid.includes(wanted as Aggregation) ? (wanted as Aggregation) : valid[0]
}
