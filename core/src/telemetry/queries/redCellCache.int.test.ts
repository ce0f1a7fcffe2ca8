import { afterEach, describe, expect, it } from 'vitest'
import type { Store } from '../../store.js'
import { openTestStore, type TestStore } from '../../testing/testStore.js'
import { SERVICE_LEVEL } from './redCells.js'
import { readCells } from './redCellCache.js'
import { servicesRed } from './services.js'
import { MINUTE_MS } from './timeRange.js'

const HOUR = 60 * MINUTE_MS
const END = Math.floor(Date.now() / HOUR) * HOUR - HOUR
const DAY = { from: END - 24 * HOUR, to: END }

let spanCount = 0
const span = (time: number, service: string, durationMs: number, error = false) => ({
  Timestamp: `${BigInt(time) * 1_000_000n}`,
  TraceId: `t${spanCount}`,
  SpanId: `s${spanCount++}`,
  ServiceName: service,
  SpanName: 'GET /',
  SpanKind: 'Server',
  Duration: durationMs * 1_000_000,
  StatusCode: error ? 'Error' : 'Ok',
})
const insert = (store: Store, spans: ReturnType<typeof span>[]) => store.client.insert({ table: `${store.database}.otel_traces`, values: spans, format: 'JSONEachRow' })

/** The store's queries while `fn` runs, by what they read. */
async function queriesDuring(store: Store, fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = []
  const query = store.client.query.bind(store.client)
  store.client.query = ((params: Parameters<typeof query>[0]) => {
    seen.push(params.query.includes('system.parts') ? 'parts' : 'cells')
    return query(params)
  }) as typeof query
  try {
    await fn()
  } finally {
    store.client.query = query
  }
  return seen
}

/** Every service's totals, through a cache of its own (a new object is a new cache). */
async function freshTotals(store: Store) {
  const red = await servicesRed({ ...store }, DAY)
  return Object.fromEntries([...red].map(([service, r]) => [service, { requests: r.current?.requests, errors: r.current?.errors, histogram: r.current?.histogram }]))
}

async function cachedTotals(store: Store) {
  const red = await servicesRed(store, DAY)
  return Object.fromEntries([...red].map(([service, r]) => [service, { requests: r.current?.requests, errors: r.current?.errors, histogram: r.current?.histogram }]))
}

describe('RED cell cache (real engine)', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  it('reads unchanged cells from memory, and sees spans inserted later into old cells', async () => {
    store = await openTestStore()
    await insert(store, [span(END - 20 * HOUR, 'shop', 12), span(END - 3 * HOUR, 'shop', 40, true), span(END - 90 * MINUTE_MS, 'pay', 7)])
    const first = await cachedTotals(store)
    expect(first.shop).toMatchObject({ requests: 2, errors: 1 })

    // nothing inserted since: the repeat costs the engine only the look at its parts
    expect(await queriesDuring(store, () => cachedTotals(store))).toEqual(['parts'])
    expect(await cachedTotals(store)).toEqual(first)

    // a merge changes no data and drops nothing
    for (const tier of SERVICE_LEVEL.tiers) await store.client.command({ query: `OPTIMIZE TABLE ${store.database}.${tier.table} FINAL` })
    expect(await queriesDuring(store, () => cachedTotals(store))).toEqual(['parts'])

    // a span arriving hours late lands in a cached cell: the cell is read again
    await insert(store, [span(END - 20 * HOUR + 5 * MINUTE_MS, 'shop', 900, true)])
    const after = await cachedTotals(store)
    expect(after.shop).toMatchObject({ requests: 3, errors: 2 })
    expect(after).toEqual(await freshTotals(store))
    expect(after.pay).toEqual(first.pay)
  })

  it('gives the same cells from memory as from the store, for ragged ranges and series steps', async () => {
    store = await openTestStore()
    const spans = Array.from({ length: 400 }, (_, i) => span(END - 26 * HOUR + i * 4 * MINUTE_MS + (i % 7) * 1000, i % 3 ? 'shop' : 'pay', 1 + (i % 50) * 3, i % 11 === 0))
    await insert(store, spans)
    const ranges = [
      { range: { from: END - 7 * HOUR - 13 * MINUTE_MS, to: END - 17 * MINUTE_MS } },
      { range: DAY, stepMs: 30 * MINUTE_MS },
      { range: { from: END - 50 * MINUTE_MS, to: END - 3 * MINUTE_MS }, stepMs: MINUTE_MS },
    ]
    const source = { level: SERVICE_LEVEL, key: ['ServiceName', 'toString(Entry)'] }
    await readCells(store, source, ranges)
    const cached = await readCells(store, source, ranges)
    const fromStore = await readCells({ ...store }, source, ranges)
    expect(cached).toEqual(fromStore)
    const total = fromStore[1].reduce((sum, cell) => sum + cell.rows.reduce((s, row) => s + row.requests, 0), 0)
    const inDay = (s: ReturnType<typeof span>) => Number(BigInt(s.Timestamp) / 1_000_000n) >= DAY.from && Number(BigInt(s.Timestamp) / 1_000_000n) < DAY.to
    expect(total).toBe(spans.filter(inDay).length)
  })
})
