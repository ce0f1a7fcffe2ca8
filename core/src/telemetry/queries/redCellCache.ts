import type { Store } from '../../store.js'
import { BUCKET_COUNT } from '../latencyBuckets.js'
import { cellPieces, maxTierFor, type RedLevel } from './redCells.js'
import { SqlParams, secondTime } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'
import { MINUTE_MS, type TimeRange } from './timeRange.js'

/*
 * RED cells kept in memory, so that a page asking for the last day again (auto-refresh, another
 * user, the next minute) reads only what changed from the store. Summing the cells' latency
 * histograms is most of what a RED query costs the engine (~60 ms of a day's services overview on
 * 10 million spans); here each cell is summed once when first read, and the sums over a range are
 * done in TypeScript over dense arrays (~1 ms).
 *
 * A cached cell stays right because every read first asks the engine which parts of the tier
 * tables are new (system.parts: a part's block numbers grow with every insert, and its min_time
 * and max_time bound the cells it holds): cells a new part touches are dropped, whoever inserted
 * it (the collector, a replay of its spool, another writer). Merges make parts with no new block
 * numbers, so they drop nothing. The check costs the engine ~2 ms; a read whose tables have no
 * parts of their own (Distributed tables on a cluster) caches nothing.
 */

/** Longest a cell stays cached, however quiet its table: a bound on any staleness this scheme misses. */
export const MAX_AGE_MS = 30 * MINUTE_MS
/** Cells kept per store, the least recently used dropped first (a day of 30-minute cells of every service is ~100). */
const MAX_CELLS = 20_000

/** One aggregated row of a cell: its key (e.g. service and entry flag), counts, and latency histogram. */
export interface CellRow {
  key: string[]
  requests: number
  errors: number
  /** Non-empty buckets of the latency histogram and their counts. */
  buckets: Uint16Array
  counts: Float64Array
}

export interface Cell {
  /** Start, epoch ms. */
  t: number
  rows: CellRow[]
}

/** What is read: which aggregate, the key columns of a row, and optionally a condition on them. */
export interface CellSource {
  level: RedLevel
  /** Key columns, each read as text (e.g. `['ServiceName', 'toString(Entry)']`). */
  key: string[]
  /** A condition on the key columns; `id` names it in the cache. */
  where?: { id: string; sql(p: SqlParams): string }
  /** The measure columns, when not RED's `Requests`, `Errors`, `LatencyHistogram`. */
  measures?: { requests: string; errors: string; histogram: string }
  /** Read with FINAL: tables whose rows are rewritten (ReplacingMergeTree). */
  final?: boolean
}

/** The condition that a row is a service's. */
export const serviceIs = (service: string): CellSource['where'] => ({ id: `service=${service}`, sql: (p) => `ServiceName = ${p.add('String', service)}` })

interface Entry {
  table: string
  t: number
  end: number
  rows: CellRow[]
  storedAt: number
}

interface PartRow {
  table: string
  partition: string
  maxBlock: number
  minTime: number
  maxTime: number
}

class CellCache {
  private readonly entries = new Map<string, Entry>()
  /** Highest block number seen per table and partition. */
  private readonly seenBlocks = new Map<string, number>()
  /** Tables whose parts the engine lists (not Distributed): only their cells are cached. */
  readonly cacheable = new Set<string>()

  get(id: string, now: number): CellRow[] | undefined {
    const entry = this.entries.get(id)
    if (!entry) return undefined
    this.entries.delete(id)
    if (now - entry.storedAt > MAX_AGE_MS) return undefined
    this.entries.set(id, entry) // most recently used last
    return entry.rows
  }

  set(id: string, entry: Entry): void {
    this.entries.delete(id)
    this.entries.set(id, entry)
    while (this.entries.size > MAX_CELLS) this.entries.delete(this.entries.keys().next().value as string)
  }

  /** Drops the cells that parts written since the last look may have changed. */
  update(tables: string[], parts: PartRow[]): void {
    const changed: PartRow[] = []
    for (const table of tables) this.cacheable.delete(table)
    for (const part of parts) {
      this.cacheable.add(part.table)
      const key = `${part.table}|${part.partition}`
      if (part.maxBlock > (this.seenBlocks.get(key) ?? -1)) changed.push(part)
    }
    for (const part of changed) this.seenBlocks.set(`${part.table}|${part.partition}`, Math.max(part.maxBlock, this.seenBlocks.get(`${part.table}|${part.partition}`) ?? -1))
    if (changed.length === 0) return
    for (const [id, entry] of this.entries) {
      if (changed.some((part) => part.table === entry.table && part.minTime < entry.end && part.maxTime >= entry.t)) this.entries.delete(id)
    }
  }
}

const caches = new WeakMap<Store, CellCache>()
const cacheOf = (store: Store) => {
  const cache = caches.get(store) ?? new CellCache()
  caches.set(store, cache)
  return cache
}

/** The active parts of `tables`: block numbers and the time span of the rows they hold. */
async function partsOf(store: Store, tables: string[], options: QueryOptions): Promise<PartRow[]> {
  const p = new SqlParams()
  return selectRows<PartRow>(
    store,
    `SELECT table, partition_id AS partition, max_block_number AS maxBlock, toUnixTimestamp(min_time) * 1000 AS minTime, toUnixTimestamp(max_time) * 1000 AS maxTime
FROM system.parts WHERE database = ${p.add('String', store.database)} AND table IN ${p.add('Array(String)', tables)} AND active`,
    p.values,
    options,
  )
}

const cachePrefix = (source: CellSource) => `${source.level.tiers[0].table}|${source.key.join(',')}|${source.where?.id ?? ''}|`

interface Wanted {
  tier: number
  t: number
  id: string
}

/**
 * The cells covering each of `ranges` (whole minutes), as redCellsSql would read them (the
 * coarsest tier that fits, no coarser than a series step): unchanged ones from memory, the rest
 * in one query that also fills the cache.
 */
export async function readCells(store: Store, source: CellSource, ranges: { range: TimeRange; stepMs?: number }[], options: QueryOptions = {}): Promise<Cell[][]> {
  const now = Date.now()
  const cache = cacheOf(store)
  const tiers = source.level.tiers
  const prefix = cachePrefix(source)
  const wanted = ranges.map(({ range, stepMs }) =>
    cellPieces(
      range,
      tiers.map((t) => t.ms),
      maxTierFor(source.level, range, stepMs),
    ).flatMap((piece) => {
      const cells: Wanted[] = []
      for (let t = piece.from; t < piece.to; t += tiers[piece.tier].ms) cells.push({ tier: piece.tier, t, id: `${prefix}${piece.tier}|${t}` })
      return cells
    }),
  )
  const tables = tiers.map((tier) => tier.table)
  cache.update(tables, await partsOf(store, tables, options))
  const found = new Map<string, CellRow[]>()
  const missing = new Map<string, Wanted>()
  for (const cell of wanted.flat()) {
    const rows = cache.get(cell.id, now)
    if (rows) found.set(cell.id, rows)
    else missing.set(cell.id, cell)
  }
  if (missing.size > 0) {
    const read = await readFromStore(store, source, [...missing.values()], options)
    for (const cell of missing.values()) {
      const rows = read.get(cell.id) ?? []
      found.set(cell.id, rows)
      const tier = tiers[cell.tier]
      if (cache.cacheable.has(tier.table)) cache.set(cell.id, { table: tier.table, t: cell.t, end: cell.t + tier.ms, rows, storedAt: now })
    }
  }
  return wanted.map((cells) => cells.map((cell) => ({ t: cell.t, rows: found.get(cell.id)! })))
}

interface StoreRow {
  tier: number
  t: number
  key: string[]
  requests: number
  errors: number
  histogram: Record<string, number>
}

/** The cells' rows summed per cell and key (an AggregatingMergeTree may hold a key in several unmerged rows). */
async function readFromStore(store: Store, source: CellSource, cells: Wanted[], options: QueryOptions): Promise<Map<string, CellRow[]>> {
  const p = new SqlParams()
  const tiers = source.level.tiers
  const where = source.where ? source.where.sql(p) : '1'
  const m = source.measures ?? { requests: 'Requests', errors: 'Errors', histogram: 'LatencyHistogram' }
  const selects = tiers.flatMap((tier, i) => {
    const starts = cells.filter((c) => c.tier === i).map((c) => c.t)
    if (starts.length === 0) return []
    const runs = contiguousRuns(starts.sort((a, b) => a - b), tier.ms)
    const times = runs.map(([from, to]) => `(${tier.time} >= ${secondTime(p, from)} AND ${tier.time} < ${secondTime(p, to)})`)
    return [
      `SELECT ${i} AS tier, toUnixTimestamp(${tier.time}) * 1000 AS t, [${source.key.join(', ')}] AS key,
  sum(${m.requests}) AS requests, sum(${m.errors}) AS errors, sumMap(${m.histogram}) AS histogram
FROM ${store.database}.${tier.table}${source.final ? ' FINAL' : ''} WHERE (${where}) AND (${times.join(' OR ')})
GROUP BY t, key`,
    ]
  })
  const rows = await selectRows<StoreRow>(store, selects.join('\nUNION ALL\n'), p.values, options)
  const byCell = new Map<string, CellRow[]>()
  const prefix = cachePrefix(source)
  for (const row of rows) {
    const id = `${prefix}${row.tier}|${row.t}`
    const read = cellRow(row.key, row)
    const list = byCell.get(id)
    if (list) list.push(read)
    else byCell.set(id, [read])
  }
  return byCell
}

/** A cell row from a store row's counts and its histogram (bucket → count). */
export function cellRow(key: string[], row: { requests: number; errors: number; histogram: Record<string, number> }): CellRow {
  const entries = Object.entries(row.histogram).filter(([, count]) => Number(count) > 0)
  return {
    key,
    requests: Number(row.requests),
    errors: Number(row.errors),
    buckets: Uint16Array.from(entries, ([bucket]) => Number(bucket)),
    counts: Float64Array.from(entries, ([, count]) => Number(count)),
  }
}

/** Sorted cell starts as [from, to) runs of adjacent cells. */
function contiguousRuns(starts: number[], ms: number): [number, number][] {
  const runs: [number, number][] = []
  for (const t of starts) {
    const last = runs[runs.length - 1]
    if (last && last[1] === t) last[1] = t + ms
    else runs.push([t, t + ms])
  }
  return runs
}

/** Counts and a dense latency histogram, summed from cell rows. */
export class RedSum {
  requests = 0
  errors = 0
  readonly histogram = new Float64Array(BUCKET_COUNT)

  add(row: CellRow): void {
    this.requests += row.requests
    this.errors += row.errors
    for (let i = 0; i < row.buckets.length; i++) this.histogram[row.buckets[i]] += row.counts[i]
  }

  /** The histogram as bucket → count, non-empty buckets only (as RedTotals carries it). */
  histogramRecord(): Record<string, number> {
    const record: Record<string, number> = {}
    for (let i = 0; i < BUCKET_COUNT; i++) if (this.histogram[i] > 0) record[i] = this.histogram[i]
    return record
  }

  /** The bucket holding the q-quantile, picked as histogramQuantileNs picks it; 0 when empty. */
  quantileBucket(q: number): number {
    let total = 0
    for (let i = 0; i < BUCKET_COUNT; i++) total += this.histogram[i]
    if (total === 0) return 0
    const rank = Math.max(1, Math.ceil(q * total))
    let seen = 0
    for (let i = 0; i < BUCKET_COUNT; i++) {
      seen += this.histogram[i]
      if (seen >= rank) return i
    }
    return BUCKET_COUNT - 1
  }
}
