import { msTime, type SqlParams } from '../telemetry/queries/sqlParams.js'
import type { SegmentPlan } from './segmentSumsSql.js'
import type { MetricSelection } from './slo.js'
import { HOUR_MS } from './sloWindow.js'

/*
 * A ratio of two counters (otel_metrics_sum) as rows for segmentSumsSql: the events of a minute
 * are the counters' increase over the points of that minute. Delta points are increases already;
 * a cumulative point's increase is its value minus the point before in its series (same service,
 * metric, attributes, resource and start time), or its whole value after a restart (a new start
 * time, or a value below the last). Points are read from an hour before the first segment, so a
 * series' first point in range has one before it; a series that begins inside the range counts
 * its first value whole.
 */

export interface MetricSli {
  good: MetricSelection | null
  bad: MetricSelection | null
  total: MetricSelection
}

/** Readings before the range that give its first points their increase. */
export const METRIC_LOOKBACK_MS = HOUR_MS

function condition(p: SqlParams, s: MetricSelection): string {
  const parts = [`MetricName = ${p.add('String', s.metric)}`, `ServiceName = ${p.add('String', s.service)}`]
  for (const [key, value] of Object.entries(s.attributes)) parts.push(`Attributes[${p.add('String', key)}] = ${p.add('String', value)}`)
  return `(${parts.join(' AND ')})`
}

export function metricSliSql(p: SqlParams, database: string, sli: MetricSli, plan: SegmentPlan): string {
  const part = condition(p, (sli.good ?? sli.bad) as MetricSelection)
  const total = condition(p, sli.total)
  const from = plan.starts[0]
  const good = sli.good ? 'sumIf(Increase, IsPart)' : 'sumIf(Increase, IsTotal) - sumIf(Increase, IsPart)'
  return `SELECT toStartOfMinute(toDateTime(TimeUnix)) AS Cell, [${good}] AS Good, [sumIf(Increase, IsTotal)] AS Total
  FROM (
    SELECT TimeUnix, IsPart, IsTotal,
      multiIf(AggregationTemporality = 1, Value,
              Nth = 1, if(StartTimeUnix >= ${msTime(p, from - METRIC_LOOKBACK_MS)}, Value, 0),
              PreviousStart != StartTimeUnix OR Value < Previous, Value,
              Value - Previous) AS Increase
    FROM (
      SELECT TimeUnix, StartTimeUnix, Value, AggregationTemporality, ${part} AS IsPart, ${total} AS IsTotal,
        lagInFrame(Value) OVER series AS Previous, lagInFrame(StartTimeUnix) OVER series AS PreviousStart, row_number() OVER series AS Nth
      FROM ${database}.otel_metrics_sum
      WHERE (${part} OR ${total}) AND TimeUnix >= ${msTime(p, from - METRIC_LOOKBACK_MS)} AND TimeUnix < ${msTime(p, plan.end)}
      WINDOW series AS (PARTITION BY ServiceName, MetricName, cityHash64(Attributes), cityHash64(ResourceAttributes), StartTimeUnix ORDER BY TimeUnix
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    )
    WHERE TimeUnix >= ${msTime(p, from)}
  )
  GROUP BY Cell`
}
