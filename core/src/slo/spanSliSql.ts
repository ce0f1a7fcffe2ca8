import { OPERATION_LEVEL, SERVICE_LEVEL } from '../telemetry/queries/redCells.js'
import { msTime, type SqlParams } from '../telemetry/queries/sqlParams.js'
import { rangesSql, type SegmentPlan, segmentKeysSql, tierRanges } from './segmentSumsSql.js'
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
  const parts = [`ServiceName = ${p.add('String', s.service)}`, `SpanKind IN ${p.add('Array(String)', s.spanKinds)}`]
  if (s.operations) parts.push(`SpanName IN ${p.add('Array(String)', s.operations)}`)
  if (withAttributes) for (const [key, value] of Object.entries(s.attributes)) parts.push(`SpanAttributes[${p.add('String', key)}] = ${p.add('String', value)}`)
  return `(${parts.join(' AND ')})`
}

const servicesOf = (slis: SpanSli[]) => [...new Set(slis.map((sli) => sli.spans.service))].sort()

/** From the RED aggregates (no attribute filter may be set). */
export function redSliSql(p: SqlParams, database: string, slis: SpanSli[], plan: SegmentPlan): string {
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
  const services = p.add('Array(String)', servicesOf(slis))
  const selects = tiers.flatMap((tier, i) =>
    ranges[i].length === 0
      ? []
      : [
          `SELECT ${tier.time} AS Cell, [${good.join(', ')}] AS Good, [${total.join(', ')}] AS Total
  FROM ${database}.${tier.table}
  WHERE ServiceName IN ${services} AND (${conditions.join(' OR ')}) AND (${rangesSql(p, tier.time, ranges[i])})`,
        ],
  )
  return selects.join('\nUNION ALL\n')
}

/** Sums of one RED key (service, operation, kind) in one bucket and segment. */
export interface RedKeyRow {
  bucket: number
  seg: number
  service: string
  operation: string
  kind: string
  requests: number
  errors: number
  /** Spans within each threshold asked for (buckets 0..b of the histogram), in the order asked. */
  faster: number[]
}

/**
 * Occurrences of any number of span SLOs in one query: the RED sums per bucket, segment and key
 * of the services and kinds asked, which each SLO then sums over the keys it selects
 * (readSloCounts.ts). Histograms are read only for the thresholds asked, and only for the services
 * that ask them. The `service` level reads the per-service aggregates' entry spans (Server and
 * Consumer, the SLOs' default; about a quarter of the rows): its rows have operation '' and kind
 * 'entry'.
 */
export function redKeySumsSql(
  p: SqlParams,
  database: string,
  keys: { level: 'operation' | 'service'; services: string[]; spanKinds: string[] },
  thresholds: { bucket: number; services: string[] }[],
  plan: SegmentPlan,
): string {
  const level = keys.level === 'service' ? SERVICE_LEVEL : OPERATION_LEVEL
  const ranges = tierRanges(
    plan,
    level.tiers.map((t) => t.ms),
    level.tiers.length - 1,
  )
  // only the kinds the SLOs count: a service's Client spans, usually, are not read
  const where =
    keys.level === 'service'
      ? `ServiceName IN ${p.add('Array(String)', keys.services)} AND Entry = 1`
      : `ServiceName IN ${p.add('Array(String)', keys.services)} AND SpanKind IN ${p.add('Array(String)', keys.spanKinds)}`
  const key = keys.level === 'service' ? "ServiceName, '' AS SpanName, 'entry' AS SpanKind" : 'ServiceName, SpanName, SpanKind'
  const columns = `${key}, Requests, Errors${thresholds.length > 0 ? ', LatencyHistogram' : ''}`
  const selects = level.tiers.flatMap((tier, i) =>
    ranges[i].length === 0
      ? []
      : [`SELECT ${tier.time} AS Cell, ${columns} FROM ${database}.${tier.table} WHERE ${where} AND (${rangesSql(p, tier.time, ranges[i])})`],
  )
  const faster = thresholds.map(
    (t) =>
      `sum(if(ServiceName IN ${p.add('Array(String)', t.services)}, arraySum(mapValues(mapFilter((k, v) -> k <= ${p.add('UInt16', t.bucket)}, LatencyHistogram))), 0))`,
  )
  return `SELECT ${segmentKeysSql(p, plan, 'Cell')}, ServiceName AS service, SpanName AS operation, SpanKind AS kind,
  sum(Requests) AS requests, sum(Errors) AS errors, [${faster.join(', ')}] AS faster
FROM (${selects.join('\nUNION ALL\n')})
GROUP BY bucket, seg, service, operation, kind`
}

/** From raw spans, per minute: exact counts, and the attributes. */
export function rawSpanSliSql(p: SqlParams, database: string, slis: SpanSli[], plan: SegmentPlan): string {
  const conditions = slis.map((sli) => condition(p, sli.spans, true))
  const good = slis.map((sli, i) => {
    const expr = sli.good.kind === 'ok' ? "StatusCode != 'Error'" : `Duration ${sli.good.inclusive ? '<=' : '<'} ${p.add('UInt64', Math.round(sli.good.thresholdMs * 1e6))}`
    return `countIf(${conditions[i]} AND ${expr})`
  })
  const total = conditions.map((c) => `countIf(${c})`)
  return `SELECT toStartOfMinute(toDateTime(Timestamp)) AS Cell, [${good.join(', ')}] AS Good, [${total.join(', ')}] AS Total
  FROM ${database}.otel_traces
  WHERE ServiceName IN ${p.add('Array(String)', servicesOf(slis))} AND Timestamp >= ${msTime(p, plan.starts[0])} AND Timestamp < ${msTime(p, plan.end)}
    AND (${conditions.join(' OR ')})
  GROUP BY Cell`
}
