import type { TraceResponse } from '@meridian/core/api'

export type TraceSpan = TraceResponse['spans'][number]

export interface WaterfallRow {
  span: TraceSpan
  depth: number
  /** Start after the trace's start, and duration, in ns. */
  offsetNs: bigint
  durationNs: bigint
  childCount: number
  /** The parent is not in this trace (a span of another trace, or not received). */
  orphan: boolean
}

export interface SpanTree {
  rows: WaterfallRow[]
  startNs: bigint
  durationNs: bigint
  services: string[]
  errorCount: number
}

/**
 * The trace's spans nested by parent, children in start order, flattened depth-first for the
 * waterfall. Spans whose parent is missing become roots (marked orphan); a parent cycle cannot
 * hide spans: whatever is left unvisited is added as roots too.
 */
export function buildSpanTree(spans: readonly TraceSpan[]): SpanTree {
  if (!spans.length) return { rows: [], startNs: 0n, durationNs: 0n, services: [], errorCount: 0 }
  const byId = new Map(spans.map((s) => [s.spanId, s]))
  const children = new Map<string, TraceSpan[]>()
  const roots: TraceSpan[] = []
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      children.set(s.parentSpanId, [...(children.get(s.parentSpanId) ?? []), s])
    } else roots.push(s)
  }
  const start = (s: TraceSpan) => BigInt(s.startNs)
  const byStart = (a: TraceSpan, b: TraceSpan) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0)
  let traceStart = start(spans[0])
  let traceEnd = traceStart
  for (const s of spans) {
    const begin = start(s)
    const end = begin + BigInt(s.durationNs)
    if (begin < traceStart) traceStart = begin
    if (end > traceEnd) traceEnd = end
  }

  const rows: WaterfallRow[] = []
  const visited = new Set<TraceSpan>()
  const visit = (s: TraceSpan, depth: number, orphan: boolean) => {
    if (visited.has(s)) return
    visited.add(s)
    const kids = (children.get(s.spanId) ?? []).sort(byStart)
    rows.push({ span: s, depth, offsetNs: start(s) - traceStart, durationNs: BigInt(s.durationNs), childCount: kids.length, orphan })
    for (const k of kids) visit(k, depth + 1, false)
  }
  for (const r of roots.sort(byStart)) visit(r, 0, r.parentSpanId !== '' && !byId.has(r.parentSpanId))
  for (const s of [...spans].sort(byStart)) visit(s, 0, true)

  return {
    rows,
    startNs: traceStart,
    durationNs: traceEnd - traceStart,
    services: [...new Set(spans.map((s) => s.service))].sort(),
    errorCount: spans.filter((s) => s.statusCode === 'Error').length,
  }
}

/** Rows left visible when the given spans are collapsed (their descendants hidden). */
export function visibleRows(rows: readonly WaterfallRow[], collapsed: ReadonlySet<string>): WaterfallRow[] {
  const out: WaterfallRow[] = []
  let hideBelow: number | null = null
  for (const row of rows) {
    if (hideBelow !== null && row.depth > hideBelow) continue
    hideBelow = null
    out.push(row)
    if (collapsed.has(row.span.spanId)) hideBelow = row.depth
  }
  return out
}

export const nsToMs = (ns: bigint) => Number(ns) / 1e6
