import { OPERATION_LEVEL } from '../telemetry/queries/redCells.js'
import { msTime, type SqlParams } from '../telemetry/queries/sqlParams.js'
import { rangesSql, type SegmentPlan, tierRanges } from './segmentSumsSql.js'
import type { SpanSelection } from './slo.js'
import { thresholdBucket } from './thresholdBucket.js'

/*
 * Span SLIs of one service, as rows for segmentSumsSql (Cell, Good[], Total[]: an element per SLO).
 * Without attribute filters they read the RED aggregates: per operation and kind, in cells of 1,
 * 10 and 30 minutes (the coarsest that fit between the segment starts; time slices need minutes).
 * With attribute filters they read raw spans, which have the attributes.
 */

/** What one SLO counts: its spans, and which of them are good. */
export interface SpanSli {
  spans: SpanSelection
  /** ok: spans without error status; faster: spans within the threshold. */
  good: { kind: 'ok' } | { kind: 'faster'; thresholdMs: number; inclusive: boolean }
}

function condition(p: SqlParams, s: SpanSelection, withAttributes: boolean): string {
  const parts = [`has(${p.add('Array(String)', s.spanKinds)}, SpanKind)`]
  if (s.operations) parts.push(`has(${p.add('Array(String)', s.operations)}, SpanName)`)
  if (withAttributes) for (const [key, value] of Object.entries(s.attributes)) parts.push(`SpanAttributes[${p.add('String', key)}] = ${p.add('String', value)}`)
  return `(${parts.join(' AND ')})`
}

/** From the RED aggregates (no attribute filter may be set). */
export function redSliSql(p: SqlParams, database: string, service: string, slis: SpanSli[], plan: SegmentPlan): string {
  const conditions = slis.map((sli) => condition(p, sli.spans, false))
  const good = slis.map((sli, i) => {
    const expr =
      sli.good.kind === 'ok'
        ? 'Requests - Errors'
        : `arraySum(mapValues(mapFilter((k, v) -> k <= ${p.add('UInt16', thresholdBucket(sli.good.thresholdMs).bucket)}, LatencyHistogram)))`
    return `toUInt64(if(${conditions[i]}, ${expr}, 0))`
  })
  const total = conditions.map((c) => `toUInt64(if(${c}, Requests, 0))`)
  const tiers = OPERATION_LEVEL.tiers
  // time slices are whole minutes, which only the per-minute tier has
  const ranges = tierRanges(
    plan,
    tiers.map((t) => t.ms),
    plan.slice ? 0 : tiers.length - 1,
  )
  const serviceParam = p.add('String', service)
  const selects = tiers.flatMap((tier, i) =>
    ranges[i].length === 0
      ? []
      : [
          `SELECT ${tier.time} AS Cell, [${good.join(', ')}] AS Good, [${total.join(', ')}] AS Total
  FROM ${database}.${tier.table}
  WHERE ServiceName = ${serviceParam} AND (${conditions.join(' OR ')}) AND (${rangesSql(p, tier.time, ranges[i])})`,
        ],
  )
  return selects.join('\nUNION ALL\n')
}

/** From raw spans, per minute: exact counts, and the attributes. */
export function rawSpanSliSql(p: SqlParams, database: string, service: string, slis: SpanSli[], plan: SegmentPlan): string {
  const conditions = slis.map((sli) => condition(p, sli.spans, true))
  const good = slis.map((sli, i) => {
    const expr = sli.good.kind === 'ok' ? "StatusCode != 'Error'" : `Duration ${sli.good.inclusive ? '<=' : '<'} ${p.add('UInt64', Math.round(sli.good.thresholdMs * 1e6))}`
    return `countIf(${conditions[i]} AND ${expr})`
  })
  const total = conditions.map((c) => `countIf(${c})`)
  return `SELECT toStartOfMinute(toDateTime(Timestamp)) AS Cell, [${good.join(', ')}] AS Good, [${total.join(', ')}] AS Total
  FROM ${database}.otel_traces
  WHERE ServiceName = ${p.add('String', service)} AND Timestamp >= ${msTime(p, plan.starts[0])} AND Timestamp < ${msTime(p, plan.end)}
    AND (${conditions.join(' OR ')})
  GROUP BY Cell`
}
