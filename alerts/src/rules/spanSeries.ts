import { OPERATION_LEVEL, quantileMs, RedSum, readCells, type Store, serviceIs, servicesRed } from '@meridian/core'
import type { SpanMeasure } from '@meridian/core/api'
import type { SeriesSource } from '../engine/series.js'
import { evaluationWindow } from './evaluationWindow.js'
import { windowMemo } from './windowMemo.js'

export interface SpansQuery {
  service: string
  operation?: string
  measure: SpanMeasure
  window: string | number
}

interface Totals {
  requests: number
  errors: number
  histogram: Record<string, number>
}

/** Every service's RED totals over a window (its entry spans, or all when it has none), from the service-level aggregates. */
function serviceTotals(store: Store, from: number, to: number, signal: AbortSignal): Promise<Map<string, Totals>> {
  return windowMemo(`red:${store.database}:${from}:${to}`, async () => {
    const red = await servicesRed(store, { from, to }, { previous: false, signal })
    return new Map([...red].flatMap(([service, r]) => (r.current ? [[service, r.current] as const] : [])))
  })
}

/** One service's totals per operation (all span kinds of it) over a window, from the operation-level aggregates. */
function operationTotals(store: Store, service: string, from: number, to: number, signal: AbortSignal): Promise<Map<string, Totals>> {
  return windowMemo(`ops:${store.database}:${service}:${from}:${to}`, async () => {
    const [cells] = await readCells(store, { level: OPERATION_LEVEL, key: ['SpanName', 'SpanKind'], where: serviceIs(service) }, [{ range: { from, to } }], { signal })
    const sums = new Map<string, RedSum>()
    for (const cell of cells) {
      for (const row of cell.rows) {
        const sum = sums.get(row.key[0]) ?? new RedSum()
        sums.set(row.key[0], sum)
        sum.add(row)
      }
    }
    return new Map([...sums].map(([op, s]) => [op, { requests: s.requests, errors: s.errors, histogram: s.histogramRecord() }]))
  })
}

const QUANTILES: Partial<Record<SpanMeasure, number>> = { p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 }

function measureOf(totals: Totals, measure: SpanMeasure, seconds: number): number | null {
  if (totals.requests <= 0) return null
  if (measure === 'error_rate') return totals.errors / totals.requests
  if (measure === 'request_rate') return totals.requests / seconds
  if (measure === 'requests') return totals.requests
  if (measure === 'errors') return totals.errors
  return quantileMs(totals, QUANTILES[measure] ?? 0.99)
}

/**
 * A spans query's series: one for the service (or its operation) with the measure over the
 * window, from the per-minute RED aggregates (never raw spans); none when it had no spans, so
 * the rule's no-data handling applies. Latency percentiles are in milliseconds (the histogram's
 * bucket midpoints, as the service pages show them), error rate 0..1, request rate per second.
 */
export function spanSeries(query: SpansQuery, field: string): SeriesSource {
  return async (ctx) => {
    const { from, to } = evaluationWindow(ctx.now, query.window, `${field}.window`)
    const totals =
      query.operation === undefined
        ? (await serviceTotals(ctx.store, from, to, ctx.signal)).get(query.service)
        : (await operationTotals(ctx.store, query.service, from, to, ctx.signal)).get(query.operation)
    const labels: Record<string, string> = query.operation === undefined ? { service: query.service } : { service: query.service, operation: query.operation }
    const value = totals ? measureOf(totals, query.measure, (to - from) / 1000) : null
    return value === null ? [] : [{ labels, value }]
  }
}

/** Whether the service (or operation) had spans in the window: for absence rules. */
export function spansPresent(service: string | undefined, window: string | number, field: string): SeriesSource {
  return async (ctx) => {
    const { from, to } = evaluationWindow(ctx.now, window, `${field}.window`)
    const totals = await serviceTotals(ctx.store, from, to, ctx.signal)
    return [...totals]
      .filter(([name, t]) => t.requests > 0 && (service === undefined || name === service))
      .map(([name, t]) => ({ labels: { service: name }, value: t.requests }))
  }
}
