import type { SloDocument } from '../api/slo.js'

/*
 * An SLO as Meridian computes it, compiled from its OpenSLO document (compileSlo.ts): every
 * default filled in, one way to say each thing.
 */

/** Spans of a service: by operation (SpanName) and kind, optionally by span attributes. */
export interface SpanSelection {
  service: string
  /** Null: every operation. */
  operations: string[] | null
  spanKinds: string[]
  /** Span attribute → value; when any is given the SLO reads raw spans (the RED aggregates have no attributes). */
  attributes: Record<string, string>
}

/** Data points of a monotonic sum metric (otel_metrics_sum). */
export interface MetricSelection {
  metric: string
  service: string
  attributes: Record<string, string>
}

export type SloIndicator =
  | { kind: 'ratio'; source: 'spans'; spans: SpanSelection }
  | { kind: 'ratio'; source: 'metrics'; good: MetricSelection | null; bad: MetricSelection | null; total: MetricSelection }
  | {
      kind: 'threshold'
      source: 'spans'
      spans: SpanSelection
      thresholdMs: number
      /** lte: a span of exactly the threshold is good; lt: it is not (raw spans only; histogram bounds make them the same). */
      inclusive: boolean
    }

export type SloWindow = { kind: 'rolling'; days: number } | { kind: 'calendar'; timeZone: string }

export type SloBudgeting = { method: 'Occurrences' } | { method: 'Timeslices'; sliceMinutes: number; sliceTarget: number }

export interface Slo {
  name: string
  displayName: string | null
  description: string | null
  service: string
  indicator: SloIndicator
  /** The objective: the share of good events (or slices), 0..1. */
  target: number
  window: SloWindow
  budgeting: SloBudgeting
}

/** An SLO with where it was defined. */
export interface DefinedSlo {
  slo: Slo
  document: SloDocument
  origin: 'file' | 'api'
  /** The file of a file SLO. */
  file: string | null
}
