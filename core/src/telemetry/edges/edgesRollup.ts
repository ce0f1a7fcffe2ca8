import type { Logger } from 'pino'
import type { Store } from '../../store.js'
import { msTime, SqlParams, secondTime } from '../queries/sqlParams.js'
import { type QueryOptions, selectRows, storeError } from '../queries/storeQuery.js'
import { MINUTE_MS, type TimeRange } from '../queries/timeRange.js'
import { rawEdgesSql } from './rawEdgesSql.js'

/*
 * The edges rollup fills meridian_edges_1m from raw spans. A materialized view cannot: it sees
 * one insert, while a parent span is exported when it ends, after its children, often in another
 * batch. So the rollup waits until a minute has settled, joins its child spans with their parents,
 * and writes the minute's edges; each run also recomputes the minutes just before, for spans that
 * arrived late (a recomputed row replaces the older one: ReplacingMergeTree, read with FINAL).
 * How far it has got is kept in meridian_rollups; the query side joins raw spans live after that
 * point (edges.ts), so recent minutes are never missing, only slower to read.
 */

export const EDGES_ROLLUP = 'edges'

/** The edges tables, finest first (the shape of the RED tiers, for cellPieces). */
export const EDGE_TIERS = [
  { table: 'meridian_edges_1m', time: 'Minute', ms: MINUTE_MS },
  { table: 'meridian_edges_30m', time: 'Time', ms: 30 * MINUTE_MS },
]
const THIRTY_MINUTES_MS = EDGE_TIERS[1].ms

export interface EdgesRollupSettings {
  /** A minute is rolled up once it ended this long ago (its parents have had time to arrive). */
  settleMs: number
  /** Each run recomputes this much before where the last one stopped, for late spans. */
  recheckMs: number
  /** The longest window one INSERT … SELECT joins. */
  chunkMs: number
}

export const DEFAULT_EDGES_ROLLUP: EdgesRollupSettings = { settleMs: 2 * MINUTE_MS, recheckMs: 10 * MINUTE_MS, chunkMs: 60 * MINUTE_MS }

/** Where the rollup has got to (epoch ms, a whole minute): minutes before it are in meridian_edges_1m. Null before its first run. */
export async function edgesWatermark(store: Store, options: QueryOptions = {}): Promise<number | null> {
  const [row] = await selectRows<{ until: number; n: number }>(
    store,
    `SELECT toUInt32(max(DoneUntil)) AS until, count() AS n FROM ${store.database}.meridian_rollups WHERE Name = {name:String}`,
    { name: EDGES_ROLLUP },
    options,
  )
  return row && Number(row.n) > 0 ? Number(row.until) * 1000 : null
}

/**
 * How long a process reuses the watermark it read. It only ever grows, so a stale value is safe:
 * readers join a little more live. The rollup updates it when it moves it.
 */
export const WATERMARK_CACHE_MS = 10_000
const watermarks = new WeakMap<Store, { value: number | null; at: number }>()

/** edgesWatermark, read at most every WATERMARK_CACHE_MS per store. */
export async function cachedEdgesWatermark(store: Store, options: QueryOptions = {}): Promise<number | null> {
  const hit = watermarks.get(store)
  if (hit && Date.now() - hit.at < WATERMARK_CACHE_MS) return hit.value
  const value = await edgesWatermark(store, options)
  watermarks.set(store, { value, at: Date.now() })
  return value
}

/**
 * Recomputes the edges of the minutes in `range` (whole minutes), a chunk at a time, and moves the
 * watermark to `range.to` if that is further than it was.
 */
export async function rollupEdges(
  store: Store,
  requested: TimeRange,
  settings: EdgesRollupSettings = DEFAULT_EDGES_ROLLUP,
  stopping: () => boolean = () => false,
): Promise<TimeRange> {
  const db = store.database
  const range = { ...requested }
  try {
    for (let from = range.from; from < range.to; from += settings.chunkMs) {
      // A stop between chunks ends the run where it got to (a long backfill must not hold up a shutdown).
      if (stopping() && from > range.from) {
        range.to = from
        break
      }
      const p = new SqlParams()
      const chunk = { from, to: Math.min(range.to, from + settings.chunkMs) }
      await store.client.command({
        query: `INSERT INTO ${db}.meridian_edges_1m (Minute, Source, Target, Calls, Errors, DurationSumNs, LatencyHistogram)
${rawEdgesSql(db, { from: msTime(p, chunk.from), to: msTime(p, chunk.to) })}`,
        query_params: p.values,
      })
    }
    // The 30-minute cells touched, summed again from their minutes (a cell still filling is
    // rewritten by later runs; readers use only cells wholly before the watermark).
    const cells = { from: Math.floor(range.from / THIRTY_MINUTES_MS) * THIRTY_MINUTES_MS, to: Math.ceil(range.to / THIRTY_MINUTES_MS) * THIRTY_MINUTES_MS }
    const p = new SqlParams()
    await store.client.command({
      query: `INSERT INTO ${db}.meridian_edges_30m (Time, Source, Target, Calls, Errors, DurationSumNs, LatencyHistogram)
SELECT toStartOfInterval(Minute, INTERVAL 30 MINUTE) AS Time, Source, Target, sum(Calls), sum(Errors), sum(DurationSumNs), sumMap(LatencyHistogram)
FROM ${db}.meridian_edges_1m FINAL
WHERE Minute >= ${secondTime(p, cells.from)} AND Minute < ${secondTime(p, cells.to)}
GROUP BY Time, Source, Target`,
      query_params: p.values,
    })
    const current = await edgesWatermark(store)
    if (current === null || range.to > current) {
      const p = new SqlParams()
      await store.client.command({
        query: `INSERT INTO ${db}.meridian_rollups (Name, DoneUntil) SELECT ${p.add('String', EDGES_ROLLUP)}, ${secondTime(p, range.to)}`,
        query_params: p.values,
      })
      watermarks.set(store, { value: range.to, at: Date.now() })
    }
    return range
  } catch (err) {
    throw storeError(err)
  }
}

/**
 * One run: from the watermark (less the recheck; from the first span on the first run) to the
 * last settled minute. Returns the range it rolled up, or null when there was nothing to do.
 */
export async function rollupEdgesOnce(
  store: Store,
  now = Date.now(),
  settings: EdgesRollupSettings = DEFAULT_EDGES_ROLLUP,
  stopping: () => boolean = () => false,
): Promise<TimeRange | null> {
  const to = Math.floor((now - settings.settleMs) / MINUTE_MS) * MINUTE_MS
  const watermark = await edgesWatermark(store)
  let from: number
  if (watermark !== null) from = watermark - settings.recheckMs
  else {
    const [first] = await selectRows<{ t: number; n: number }>(
      store,
      `SELECT toUInt32(min(Timestamp)) AS t, count() AS n FROM ${store.database}.otel_traces`,
    )
    // Nothing stored yet: no watermark either, so the first spans are rolled up from their minute on.
    if (!first || Number(first.n) === 0) return null
    // From the first span's minute, but no further back than MAX_BACKFILL_MS: one span with a
    // timestamp from years ago (a wrong clock) would otherwise mean an hour-by-hour walk through them.
    from = Math.max(Math.floor((Number(first.t) * 1000) / MINUTE_MS) * MINUTE_MS, to - MAX_BACKFILL_MS)
  }
  if (from >= to) return null
  return rollupEdges(store, { from, to }, settings, stopping)
}

/** How far back the first run rolls up; older spans' edges are not in the map. */
export const MAX_BACKFILL_MS = 7 * 24 * 60 * MINUTE_MS

export interface EdgesRollupLoop {
  /** Runs once now (after the run in progress, if any). */
  runNow(): Promise<TimeRange | null>
  stop(): Promise<void>
}

/** Runs the rollup every `intervalMs` in the background; a failed run is logged and retried at the next tick. */
export function startEdgesRollup(store: Store, options: { intervalMs?: number; logger?: Logger; settings?: EdgesRollupSettings } = {}): EdgesRollupLoop {
  const intervalMs = options.intervalMs ?? MINUTE_MS
  let running: Promise<TimeRange | null> = Promise.resolve(null)
  let stopped = false
  const run = () => {
    running = running
      .catch(() => null)
      .then(() => (stopped ? null : rollupEdgesOnce(store, Date.now(), options.settings, () => stopped)))
      .then((range) => {
        if (range) options.logger?.debug({ from: new Date(range.from), to: new Date(range.to) }, 'edges rolled up')
        return range
      })
    running.catch((err) => options.logger?.warn({ err }, 'edges rollup failed; retrying at the next run'))
    return running
  }
  const timer = setInterval(run, intervalMs)
  timer.unref()
  void run()
  return {
    runNow: run,
    async stop() {
      stopped = true
      clearInterval(timer)
      await running.catch(() => undefined)
    },
  }
}
