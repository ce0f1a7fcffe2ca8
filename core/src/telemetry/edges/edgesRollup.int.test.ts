import { afterEach, describe, expect, it } from 'vitest'
import { openTestStore, queryRows, type TestStore } from '../../testing/testStore.js'
import { readEdges } from './edges.js'
import { DEFAULT_EDGES_ROLLUP, edgesWatermark, MAX_BACKFILL_MS, rollupEdges, rollupEdgesOnce, startEdgesRollup } from './edgesRollup.js'

const MIN = 60_000
const T0 = Date.UTC(2026, 10, 3, 6, 0, 0)

/** n calls from `source` to `target` in minute `minute` (after T0): parent spans in source, children in target. */
function calls(source: string, target: string, minute: number, n: number, firstId: number, t0 = T0) {
  const parents: Record<string, unknown>[] = []
  const children: Record<string, unknown>[] = []
  for (let i = 0; i < n; i++) {
    const id = firstId + i
    const traceId = id.toString(16).padStart(32, '0')
    const time = BigInt(t0 + minute * MIN + i * 100) * 1_000_000n
    parents.push({ Timestamp: time, TraceId: traceId, SpanId: `a${id.toString(16).padStart(15, '0')}`, ServiceName: source, SpanName: 'call', SpanKind: 'Client', Duration: 5_000_000n })
    children.push({
      Timestamp: time + 1_000_000n,
      TraceId: traceId,
      SpanId: `b${id.toString(16).padStart(15, '0')}`,
      ParentSpanId: `a${id.toString(16).padStart(15, '0')}`,
      ServiceName: target,
      SpanName: 'serve',
      SpanKind: 'Server',
      Duration: 3_000_000n,
      StatusCode: i % 4 === 0 ? 'Error' : 'Ok',
    })
  }
  return { parents, children }
}

describe('edges rollup', () => {
  let store: TestStore
  afterEach(() => store?.dispose())
  const insert = (rows: Record<string, unknown>[]) => store.client.insert({ table: `${store.database}.otel_traces`, values: rows, format: 'JSONEachRow' })

  it('counts a call once its parent has arrived, even in a later insert after a run, and never twice', async () => {
    store = await openTestStore()
    expect(await rollupEdgesOnce(store, T0)).toBeNull() // nothing stored: no watermark yet
    expect(await edgesWatermark(store)).toBeNull()

    const a = calls('web', 'api', 0, 8, 1)
    const b = calls('api', 'db', 1, 4, 100)
    await insert(a.children) // children first, as a parent ends (and is exported) after them
    await insert([...b.parents, ...b.children])
    const first = await rollupEdgesOnce(store, T0 + 5 * MIN)
    expect(first).toEqual({ from: T0, to: T0 + 5 * MIN - DEFAULT_EDGES_ROLLUP.settleMs })
    expect(await edgesWatermark(store)).toBe(T0 + 3 * MIN)
    const range = { from: T0, to: T0 + 10 * MIN }
    expect((await readEdges(store, range)).map((e) => [e.source, e.target, e.requests])).toEqual([['api', 'db', 4]])

    await insert(a.parents) // the parents land: the next run's recheck window covers their minute
    await rollupEdgesOnce(store, T0 + 6 * MIN)
    const edges = await readEdges(store, range)
    expect(edges.map((e) => [e.source, e.target, e.requests, e.errors])).toEqual([
      ['api', 'db', 4, 1],
      ['web', 'api', 8, 2],
    ])
    // recomputed minutes replace their rows: one row per minute and edge
    const rows = await queryRows<{ n: string; calls: string }>(store, `SELECT count() AS n, sum(Calls) AS calls FROM ${store.database}.meridian_edges_1m FINAL`)
    expect(rows[0]).toEqual({ n: '2', calls: '12' })
    // and the 30-minute cells hold the same
    const cells = await queryRows<{ calls: string }>(store, `SELECT sum(Calls) AS calls FROM ${store.database}.meridian_edges_30m FINAL`)
    expect(cells[0].calls).toBe('12')
  })

  it('leaves minutes that have not settled to the live join, which sees them all the same', async () => {
    store = await openTestStore()
    const early = calls('web', 'api', 0, 3, 1)
    const late = calls('web', 'api', 9, 5, 50)
    await insert([...early.parents, ...early.children, ...late.parents, ...late.children])
    await rollupEdgesOnce(store, T0 + 10 * MIN) // settles up to minute 8: minute 9 stays live
    expect(await edgesWatermark(store)).toBe(T0 + 8 * MIN)
    const [edge] = await readEdges(store, { from: T0, to: T0 + 10 * MIN })
    expect(edge).toMatchObject({ source: 'web', target: 'api', requests: 8 })
    expect(Object.values(edge.histogram).reduce((a, b) => a + Number(b), 0)).toBe(8)
  })

  it('runs in the background once at start and stops cleanly', async () => {
    store = await openTestStore()
    const x = calls('web', 'api', 0, 2, 1, Math.floor(Date.now() / MIN) * MIN - 10 * MIN) // recent, so the first run has little to do
    await insert([...x.parents, ...x.children])
    const loop = startEdgesRollup(store, { intervalMs: 60_000 })
    await loop.runNow()
    expect(await edgesWatermark(store)).not.toBeNull()
    await loop.stop()
  })

  it('rolls up no further back than MAX_BACKFILL_MS on its first run, whatever the oldest span', async () => {
    store = await openTestStore()
    const now = T0 + 60 * MIN
    const ancient = calls('web', 'api', 0, 1, 1, Date.UTC(2001, 0, 1)) // a wrong clock
    const recent = calls('web', 'api', 0, 1, 50, T0)
    await insert([...ancient.parents, ...ancient.children, ...recent.parents, ...recent.children])
    const to = now - DEFAULT_EDGES_ROLLUP.settleMs
    expect(await rollupEdgesOnce(store, now)).toEqual({ from: to - MAX_BACKFILL_MS, to })
    expect((await readEdges(store, { from: T0, to: now })).map((e) => [e.source, e.target, e.requests])).toEqual([['web', 'api', 1]])
  })

  it('ends a long run between chunks when asked to stop, and keeps the watermark where it got to', async () => {
    store = await openTestStore()
    let chunks = 0
    const range = await rollupEdges(store, { from: T0, to: T0 + 10 * MIN }, { ...DEFAULT_EDGES_ROLLUP, chunkMs: MIN }, () => ++chunks > 3)
    expect(range).toEqual({ from: T0, to: T0 + 3 * MIN })
    expect(await edgesWatermark(store)).toBe(T0 + 3 * MIN)
  })
})
