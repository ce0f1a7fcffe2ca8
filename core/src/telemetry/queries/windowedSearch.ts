import type { TimeRange } from './timeRange.js'

/** The first window a time-ordered search reads, as a fraction of its range; each next one is WINDOW_GROWTH times longer. */
const FIRST_WINDOW_FRACTION = 1 / 48
const MIN_FIRST_WINDOW_MS = 60_000
const WINDOW_GROWTH = 4

/**
 * A search sorted by time, newest (or oldest) first, reads its range in windows from that end
 * until it has `need` rows: the engine sorts a window's rows only, and a page of recent hits
 * rarely needs more than the first window. `read(window, limit)` returns at most `limit` rows of a
 * window, in the search's order.
 */
export async function searchInWindows<T>(
  range: TimeRange,
  order: 'asc' | 'desc',
  need: number,
  read: (window: TimeRange, limit: number) => Promise<T[]>,
): Promise<T[]> {
  const rows: T[] = []
  let size = Math.max(MIN_FIRST_WINDOW_MS, Math.ceil((range.to - range.from) * FIRST_WINDOW_FRACTION))
  let edge = order === 'desc' ? range.to : range.from
  while (rows.length < need && (order === 'desc' ? edge > range.from : edge < range.to)) {
    const window = order === 'desc' ? { from: Math.max(range.from, edge - size), to: edge } : { from: edge, to: Math.min(range.to, edge + size) }
    rows.push(...(await read(window, need - rows.length)))
    edge = order === 'desc' ? window.from : window.to
    size *= WINDOW_GROWTH
  }
  return rows
}
