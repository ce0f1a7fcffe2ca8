import { MeridianError, metricQueryRun } from '@meridian/core'
import { type AlertRuleQuery, attributeFilter } from '@meridian/core/api'
import { parseDuration } from '../engine/duration.js'
import type { SeriesSource } from '../engine/series.js'
import { MINUTE_MS } from './evaluationWindow.js'

export type MetricSeriesQuery = Omit<Extract<AlertRuleQuery, { kind: 'metric' }>, 'kind'>

/** The last whole window before `now`, aligned on the epoch (the metric query's buckets are). */
function alignedWindow(now: number, window: string | number, field: string): { from: number; to: number; stepMs: number } {
  const ms = Math.max(MINUTE_MS, Math.round(parseDuration(window, field) / MINUTE_MS) * MINUTE_MS)
  const to = Math.floor(now / ms) * ms
  return { from: to - ms, to, stepMs: ms }
}

/**
 * A metric query's series (core's metricQueryRun): one per group of groupBy values, its value the
 * aggregation over the last whole window, aligned on the epoch as the metric API's buckets are
 * (a 5m window at 12:07 reads 12:00-12:05). A metric that does not exist has no series (no data).
 */
export function metricSeries(query: MetricSeriesQuery, field: string): SeriesSource {
  return async (ctx) => {
    const { from, to, stepMs } = alignedWindow(ctx.now, query.window, `${field}.window`)
    const filter = (query.filter ?? []).map((f) => attributeFilter.parse(f))
    let result: Awaited<ReturnType<typeof metricQueryRun>>
    try {
      result = await metricQueryRun(
        ctx.store,
        { from, to, name: query.metric, aggregation: query.aggregation, service: query.service, filter, groupBy: query.groupBy ?? [], stepMs },
        { signal: ctx.signal },
      )
    } catch (err) {
      if (err instanceof MeridianError && err.status === 404) return []
      throw err
    }
    const base: Record<string, string> = query.service === undefined ? {} : { service: query.service }
    return result.series.map((s) => ({ labels: { ...base, ...s.group }, value: s.values[s.values.length - 1] ?? null }))
  }
}

/** The metric's series present in the window (any data point): for absence rules. */
export function metricPresent(metric: string, service: string | undefined, window: string | 0, field: string): SeriesSource {
  return metricSeries({ metric, service, aggregation: 'avg', window, filter: [], groupBy: [] }, field)
}
