/*
 * Which days a sync run asks Cost Explorer for. Each request costs $0.01, so runs are
 * incremental: the first one goes back a configured number of whole months; later ones fetch
 * again the last three days the previous run had (AWS revises recent days as usage is rated)
 * and every day after them. Days are UTC calendar days, as Cost Explorer's DAILY periods are.
 */

/** Days a run fetches again: AWS revises the most recent ones for a few days. */
export const REFETCH_DAYS = 3

export interface SyncWindow {
  /** First day fetched, YYYY-MM-DD. */
  start: string
  /** Day after the last one fetched (exclusive, as Cost Explorer's End): today, so the last day fetched is yesterday. */
  end: string
  /** Stored rows before this instant (start, 00:00 UTC) are kept; the fetched days replace what is stored for them. */
  keepBefore: Date
  firstRun: boolean
}

/**
 * @param lastSyncedDay the last day (YYYY-MM-DD) a previous successful run fetched; undefined
 * before the first run.
 */
export function syncWindow(now: Date, lastSyncedDay: string | undefined, backfillMonths: number): SyncWindow {
  const end = utcDay(now)
  const horizon = utcDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - backfillMonths, 1)))
  const again = lastSyncedDay === undefined ? horizon : addDays(lastSyncedDay, -(REFETCH_DAYS - 1))
  // A sync that has not run for longer than the backfill reaches back no further than a first run.
  // biome-ignore lint/complexity/useMathMinMax: ISO days compare as strings, Math.max takes numbers
  const start = again < horizon ? horizon : again
  return { start, end, keepBefore: new Date(`${start}T00:00:00Z`), firstRun: lastSyncedDay === undefined }
}

export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10)
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return utcDay(d)
}
