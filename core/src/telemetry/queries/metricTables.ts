import type { z } from 'zod'
import type { metricType } from '../../api/telemetry.js'

export type MetricType = z.output<typeof metricType>

/** The contrib table of each metric type. */
export const METRIC_TABLES: Record<MetricType, string> = {
  gauge: 'otel_metrics_gauge',
  sum: 'otel_metrics_sum',
  histogram: 'otel_metrics_histogram',
  exponential_histogram: 'otel_metrics_exponential_histogram',
  summary: 'otel_metrics_summary',
}

export const METRIC_TYPES = Object.keys(METRIC_TABLES) as MetricType[]
