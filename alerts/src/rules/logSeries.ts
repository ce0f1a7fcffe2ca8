import { logHistogram } from '@meridian/core'
import type { AlertRuleQuery } from '@meridian/core/api'
import type { SeriesSource } from '../engine/series.js'
import { evaluationWindow } from './evaluationWindow.js'
import { windowMemo } from './windowMemo.js'

export type LogsQuery = Omit<Extract<AlertRuleQuery, { kind: 'logs' }>, 'kind'>

/**
 * A logs query's series: the count of matching records over the window (0 is a value: a count
 * rule on "no errors" must resolve). Filtered by service and severity only, whole minutes come
 * from the per-minute log counts (logHistogram); a text filter reads the records.
 */
export function logSeries(query: LogsQuery, field: string): SeriesSource {
  return async (ctx) => {
    const { from, to } = evaluationWindow(ctx.now, query.window, `${field}.window`)
    const key = `logs:${ctx.store.database}:${from}:${to}:${JSON.stringify([query.service, query.severity, query.text])}`
    const count = await windowMemo(key, async () => {
      const histogram = await logHistogram(
        ctx.store,
        { from, to, service: query.service, severity: query.severity ?? [], q: query.text, attr: [], traceId: undefined },
        { signal: ctx.signal },
      )
      return Object.values(histogram.counts).reduce((sum, counts) => sum + counts.reduce((a, b) => a + b, 0), 0)
    })
    const labels: Record<string, string> = query.service === undefined ? {} : { service: query.service }
    return [{ labels, value: count }]
  }
}
