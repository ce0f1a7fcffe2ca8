import type { Store } from '../store.js'
import { SqlParams } from '../telemetry/queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../telemetry/queries/storeQuery.js'
import { metricSliSql } from './metricSliSql.js'
import { type SegmentPlan, type SegmentRow, segmentSumsSql } from './segmentSumsSql.js'
import type { Slo } from './slo.js'
import type { SegmentCount } from './sloFigures.js'
import { rawSpanSliSql, redSliSql, type SpanSli } from './spanSliSql.js'

/*
 * Reads the segment sums of many SLOs with one query per group: SLOs of one service and source
 * that budget alike (Occurrences, or Timeslices of one slice length) share a query, each SLO an
 * element of its arrays. A metric SLO is a group of its own.
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

function groupKey(read: SloRead, index: number): string {
  const { slo } = read
  const source = sloSource(slo)
  const budgeting = slo.budgeting.method === 'Timeslices' ? `slices${slo.budgeting.sliceMinutes}` : 'events'
  if (source === 'metrics') return `metrics|${index}`
  const service = slo.indicator.source === 'spans' ? slo.indicator.spans.service : slo.service
  return `${source}|${service}|${budgeting}|${read.end}`
}

async function readGroup(store: Store, reads: SloRead[], options: QueryOptions): Promise<SegmentCount[][]> {
  const first = reads[0].slo
  const source = sloSource(first)
  const starts = [...new Set(reads.flatMap((r) => r.starts))].sort((a, b) => a - b)
  const steps = reads.map((r) => r.historyStepMs).filter((s): s is number => s !== null)
  const plan: SegmentPlan = {
    starts,
    end: reads[0].end,
    bucketMs: steps.length > 0 ? Math.min(...steps) : null,
    slice:
      first.budgeting.method === 'Timeslices'
        ? { minutes: first.budgeting.sliceMinutes, targets: reads.map((r) => (r.slo.budgeting.method === 'Timeslices' ? r.slo.budgeting.sliceTarget : 1)) }
        : null,
  }
  const p = new SqlParams()
  let inner: string
  if (source === 'metrics') {
    const ind = first.indicator
    if (ind.source !== 'metrics') throw new Error('unreachable')
    inner = metricSliSql(p, store.database, ind, plan)
  } else {
    const slis = reads.map((r) => spanSli(r.slo))
    const service = slis[0].spans.service
    inner = source === 'red' ? redSliSql(p, store.database, service, slis, plan) : rawSpanSliSql(p, store.database, service, slis, plan)
  }
  const rows = await selectRows<SegmentRow>(store, segmentSumsSql(p, inner, plan), p.values, options)
  return reads.map((_, i) =>
    rows.map((row) => ({
      bucket: Number(row.bucket),
      segStart: starts[row.seg],
      good: Number(row.good[i]),
      total: Number(row.total[i]),
      badSlices: row.bad ? Number(row.bad[i]) : 0,
      withEvents: row.withEvents ? Number(row.withEvents[i]) : 0,
    })),
  )
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
