import { describe, expect, it } from 'vitest'
import { buildSpanTree, type TraceSpan, visibleRows } from './spanTree'

const span = (spanId: string, parentSpanId: string, startNs: number, durationNs: number, statusCode = 'Unset'): TraceSpan => ({
  spanId,
  parentSpanId,
  service: spanId.startsWith('b') ? 'backend' : 'frontend',
  operation: `op ${spanId}`,
  spanKind: 'Server',
  startNs: String(1_700_000_000_000_000_000n + BigInt(startNs)),
  durationNs: String(durationNs),
  statusCode,
  statusMessage: '',
  traceState: '',
  scopeName: '',
  scopeVersion: '',
  attributes: {},
  resourceAttributes: {},
  events: [],
  links: [],
})

describe('buildSpanTree', () => {
  it('nests by parent, orders children by start and measures the trace', () => {
    const tree = buildSpanTree([span('b2', 'a', 500, 100), span('a', '', 0, 1000), span('b1', 'a', 100, 300, 'Error'), span('c', 'b1', 150, 50)])
    expect(tree.rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['a', 0],
      ['b1', 1],
      ['c', 2],
      ['b2', 1],
    ])
    expect(tree.durationNs).toBe(1000n)
    expect(tree.rows[2].offsetNs).toBe(150n)
    expect(tree.errorCount).toBe(1)
    expect(tree.services).toEqual(['backend', 'frontend'])
  })

  it('keeps spans whose parent is missing, and spans in a parent cycle', () => {
    const tree = buildSpanTree([span('a', '', 0, 10), span('x', 'missing', 5, 1), span('p', 'q', 6, 1), span('q', 'p', 7, 1)])
    expect(tree.rows.map((r) => r.span.spanId).sort()).toEqual(['a', 'p', 'q', 'x'])
    expect(tree.rows.find((r) => r.span.spanId === 'x')?.orphan).toBe(true)
  })

  it('hides the descendants of collapsed spans', () => {
    const tree = buildSpanTree([span('a', '', 0, 1000), span('b1', 'a', 100, 300), span('c', 'b1', 150, 50), span('b2', 'a', 500, 100)])
    expect(visibleRows(tree.rows, new Set(['b1'])).map((r) => r.span.spanId)).toEqual(['a', 'b1', 'b2'])
    expect(visibleRows(tree.rows, new Set(['a'])).map((r) => r.span.spanId)).toEqual(['a'])
  })
})
