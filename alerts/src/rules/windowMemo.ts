/*
 * Many rules of one evaluation tick read the same figures (every service's RED totals over the
 * last 5 minutes, one SLO's burn rates for its page and its ticket rule). A read is kept for a
 * second of real time under its key, so a tick of 1,000 rules pays for each distinct read once.
 * Keys hold whole-minute windows, so what a second of staleness could hide is at most a late
 * write into a window that had already ended.
 */

const TTL_MS = 1000
const MAX_ENTRIES = 1000

const entries = new Map<string, { at: number; value: Promise<unknown> }>()

/** The value of `read` under `key`, read again when older than a second; a failed read is not kept. */
export function windowMemo<T>(key: string, read: () => Promise<T>): Promise<T> {
  const now = Date.now()
  const hit = entries.get(key)
  if (hit && now - hit.at < TTL_MS) return hit.value as Promise<T>
  const value = read()
  entries.set(key, { at: now, value })
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key)
  })
  if (entries.size > MAX_ENTRIES) {
    for (const [k, e] of entries) if (now - e.at >= TTL_MS || entries.size > MAX_ENTRIES) entries.delete(k)
  }
  return value
}
