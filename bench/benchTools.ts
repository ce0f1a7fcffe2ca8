/* What every bench script uses: settings from the environment, number formats, progress lines, percentiles, and waiting for the engine to settle. */
import type { Store } from '@meridian/core'

/** A numeric setting from the environment, refused with its name when out of range. */
export function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`)
  return value
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
export const int = (n: number) => Math.round(n).toLocaleString('en-US')
export const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0))

/** The q-quantile (0..1) of sorted values, nearest rank. */
export const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]

/** One progress line, rewritten in place on a terminal. */
export function progress(text: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[K${text}`)
  else console.log(text)
}
export const progressDone = () => process.stdout.isTTY && process.stdout.write('\n')

/** The `v` column of a one-row query, as a number. */
export async function scalar(store: Store, query: string): Promise<number> {
  const [row] = await (await store.client.query({ query, format: 'JSONEachRow' })).json<{ v: string | number }>()
  return Number(row.v)
}

/**
 * Waits until the engine has no merge or mutation running for a few seconds (at most `maxMs`; a
 * reused data directory may get a projection built by a mutation); the seconds it waited.
 */
export async function settleMerges(store: Store, maxMs: number): Promise<number> {
  const started = Date.now()
  let quiet = 0
  while (Date.now() - started < maxMs && quiet < 3) {
    const merges = await scalar(store, `SELECT count() AS v FROM system.merges WHERE database = '${store.database}'`)
    const mutations = await scalar(store, `SELECT count() AS v FROM system.mutations WHERE database = '${store.database}' AND NOT is_done`)
    quiet = merges + mutations === 0 ? quiet + 1 : 0
    progress(`settling merges: ${merges} merges and ${mutations} mutations running, ${Math.round((Date.now() - started) / 1000)} s`)
    await sleep(1000)
  }
  progressDone()
  return (Date.now() - started) / 1000
}
