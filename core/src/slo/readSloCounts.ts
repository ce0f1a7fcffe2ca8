import { DEFAULT_SLO_SPAN_KINDS } from '../api/slo.js'
import type { Store } from '../store.js'
import { SqlParams } from '../telemetry/queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../telemetry/queries/storeQuery.js'
import { metricSliSql } from './metricSliSql.js'
import { type SegmentPlan, type SegmentRow, segmentSumsSql } from './segmentSumsSql.js'
import type { Slo } from './slo.js'
import type { SegmentCount } from './sloFigures.js'
import { type RedKeyRow, rawSpanSliSql, redKeySumsSql, redSliSql, type SpanSli } from './spanSliSql.js'
import { thresholdBucket } from './thresholdBucket.js'

/*
 * Reads the segment sums of many SLOs in few queries. A query's fixed cost (planning, opening
 * each table's parts: ~10-20 ms on the embedded engine) outweighs what it sums, so SLOs that read
 * alike share one query whatever their service:
 * - span SLOs counting occurrences from the RED aggregates: one query of sums per key (service,
 *   operation, kind), segment and bucket, which each SLO sums over the keys it selects; SLOs of a
 *   service's entry spans (the default) read the per-service aggregates instead, in a query of
 *   their own (a quarter of the rows);
 * - span SLOs in time slices of one length: one query, an array element per SLO (a slice's
 *   verdict needs the SLO's own selection summed per slice, in the engine);
 * - span SLOs with attribute filters (raw spans): one query per budgeting, an element per SLO;
 * - metric SLOs: one query each.
 */

/** What one SLO needs read: up to `end`, cut at `starts` (its window's start, burn-rate windows' starts). */
export interface SloRead {
  slo: Slo
  end: number
  starts: number[]
  /** History bucket wanted (an hour or a day), or null. */
  historyStepMs: number | null
}

/** Queries run at once at most (the embedded engine shares the machine's cores among them). */
const PARALLEL_QUERIES = 4

type Source = 'red' | 'spans' | 'metrics'

/** Where an SLO's events come from: the RED aggregates, unless it filters by attribute (raw spans) or counts metrics. */
export function sloSource(slo: Slo): Source {
  if (slo.indicator.source === 'metrics') return 'metrics'
  return Object.keys(slo.indicator.spans.attributes).length > 0 ? 'spans' : 'red'
}

const spanSli = (slo: Slo): SpanSli => {
  const ind = slo.indicator
  if (ind.source !== 'spans') throw new Error(`${slo.name} does not count spans`)
  return { spans: ind.spans, good: ind.kind === 'threshold' ? { kind: 'faster', thresholdMs: ind.thresholdMs, inclusive: ind.inclusive } : { kind: 'ok' } }
}

/** Whether a span SLO counts a service's entry spans, all operations: the per-service aggregates have that. */
function entrySpans(slo: Slo): boolean {
  const ind = slo.indicator
  return ind.source === 'spans' && ind.spans.operations === null && ind.spans.spanKinds.join() === [...DEFAULT_SLO_SPAN_KINDS].sort().join()
}

function groupKey(read: SloRead, index: number): string {
  const source = sloSource(read.slo)
  if (source === 'metrics') return `metrics|${index}`
  if (read.slo.budgeting.method === 'Timeslices') return `${source}|slices${read.slo.budgeting.sliceMinutes}|${read.end}`
  return `${source}|events|${source === 'red' && entrySpans(read.slo) ? 'service' : 'operation'}|${read.end}`
}

function planOf(reads: SloRead[]): SegmentPlan {
  const first = reads[0].slo
  const steps = reads.map((r) => r.historyStepMs).filter((s): s is number => s !== null)
  return {
    starts: [...new Set(reads.flatMap((r) => r.starts))].sort((a, b) => a - b),
    end: reads[0].end,
    bucketMs: steps.length > 0 ? Math.min(...steps) : null,
    slice:
      first.budgeting.method === 'Timeslices'
        ? { minutes: first.budgeting.sliceMinutes, targets: reads.map((r) => (r.slo.budgeting.method === 'Timeslices' ? r.slo.budgeting.sliceTarget : 1)) }
        : null,
  }
}

/** Occurrences from the RED aggregates: sums per key, then each SLO's keys summed here. */
async function readRedKeys(store: Store, reads: SloRead[], plan: SegmentPlan, options: QueryOptions): Promise<SegmentCount[][]> {
  const slis = reads.map((r) => spanSli(r.slo))
  const services = [...new Set(slis.map((s) => s.spans.service))].sort()
  const thresholds = new Map<number, Set<string>>()
  for (const sli of slis) {
    if (sli.good.kind !== 'faster') continue
    const bucket = thresholdBucket(sli.good.thresholdMs).bucket
    thresholds.set(bucket, (thresholds.get(bucket) ?? new Set()).add(sli.spans.service))
  }
  const asked = [...thresholds].map(([bucket, names]) => ({ bucket, services: [...names].sort() }))
  const p = new SqlParams()
  const spanKinds = [...new Set(slis.flatMap((s) => s.spans.spanKinds))].sort()
  const level = reads.every((r) => entrySpans(r.slo)) ? 'service' : 'operation'
  const rows = await selectRows<RedKeyRow>(store, redKeySumsSql(p, store.database, { level, services, spanKinds }, asked, plan), p.values, options)
  const byService = new Map<string, RedKeyRow[]>()
  for (const row of rows) {
    const list = byService.get(row.service)
    if (list) list.push(row)
    else byService.set(row.service, [row])
  }
  return slis.map((sli) => {
    const { service, operations, spanKinds } = sli.spans
    const faster = sli.good.kind === 'faster' ? asked.findIndex((t) => t.bucket === thresholdBucket((sli.good as { thresholdMs: number }).thresholdMs).bucket) : -1
    const sums = new Map<string, SegmentCount>()
    for (const row of byService.get(service) ?? []) {
      if (level === 'operation' && (!spanKinds.includes(row.kind) || (operations !== null && !operations.includes(row.operation)))) continue
      const key = `${row.bucket}|${row.seg}`
      const sum = sums.get(key) ?? { bucket: Number(row.bucket), segStart: plan.starts[row.seg], good: 0, total: 0, badSlices: 0, withEvents: 0 }
      sum.total += Number(row.requests)
      sum.good += faster >= 0 ? Number(row.faster[faster]) : Number(row.requests) - Number(row.errors)
      sums.set(key, sum)
    }
    return [...sums.values()]
  })
}

/** Any source as arrays with an element per SLO (segmentSumsSql). */
async function readArrays(store: Store, reads: SloRead[], plan: SegmentPlan, options: QueryOptions): Promise<SegmentCount[][]> {
  const first = reads[0].slo
  const p = new SqlParams()
  let inner: string
  if (first.indicator.source === 'metrics') inner = metricSliSql(p, store.database, first.indicator, plan)
  else {
    const slis = reads.map((r) => spanSli(r.slo))
    inner = sloSource(first) === 'red' ? redSliSql(p, store.database, slis, plan) : rawSpanSliSql(p, store.database, slis, plan)
  }
  const rows = await selectRows<SegmentRow>(store, segmentSumsSql(p, inner, plan), p.values, options)
  return reads.map((_, i) =>
    rows.map((row) => ({
      bucket: Number(row.bucket),
      segStart: plan.starts[row.seg],
      good: Number(row.good[i]),
      total: Number(row.total[i]),
      badSlices: row.bad ? Number(row.bad[i]) : 0,
      withEvents: row.withEvents ? Number(row.withEvents[i]) : 0,
    })),
  )
}

function readGroup(store: Store, reads: SloRead[], options: QueryOptions): Promise<SegmentCount[][]> {
  const plan = planOf(reads)
  const first = reads[0].slo
  return sloSource(first) === 'red' && first.budgeting.method === 'Occurrences' ? readRedKeys(store, reads, plan, options) : readArrays(store, reads, plan, options)
}

/** Segment sums of each read, in the order given. */
export async function readSloCounts(store: Store, reads: SloRead[], options: QueryOptions = {}): Promise<SegmentCount[][]> {
  const groups = new Map<string, number[]>()
  reads.forEach((read, i) => {
    const key = groupKey(read, i)
    const list = groups.get(key)
    if (list) list.push(i)
    else groups.set(key, [i])
  })
  const results: SegmentCount[][] = new Array(reads.length)
  const queue = [...groups.values()]
  const worker = async () => {
    for (let members = queue.shift(); members; members = queue.shift()) {
      const counts = await readGroup(
        store,
        members.map((i) => reads[i]),
        options,
      )
      members.forEach((index, k) => {
        results[index] = counts[k]
      })
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_QUERIES, queue.length) }, worker))
  return results
}
