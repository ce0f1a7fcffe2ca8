/** The demo's randomness: latencies, chances and picks. Nothing here is seeded; the demo is meant to vary. */

import { setTimeout as delay } from 'node:timers/promises'

/** A standard normal draw (Box–Muller). */
export function normal(): number {
  let u = 0
  while (u === 0) u = Math.random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random())
}

/**
 * A log-normal draw with the given median and 99th percentile, the usual shape of service
 * latencies: most requests near the median, a long tail to the right.
 */
export function logNormal(median: number, p99: number): number {
  const sigma = Math.log(p99 / median) / 2.326
  return median * Math.exp(sigma * normal())
}

/** A latency in milliseconds (log-normal, see logNormal), never below 0.1 ms. */
export function latencyMs(medianMs: number, p99Ms: number): number {
  return Math.max(0.1, logNormal(medianMs, p99Ms))
}

export function chance(probability: number): boolean {
  return Math.random() < probability
}

export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!
}

/** Picks by weight: `[[value, weight], ...]`. */
export function weighted<T>(choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0)
  let r = Math.random() * total
  for (const [value, w] of choices) {
    r -= w
    if (r < 0) return value
  }
  return choices[choices.length - 1]![0]
}

/** A whole number between min and max, both included. */
export function between(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1))
}

/** A Poisson draw (Knuth's method, fine for the small means the load generator uses per tick). */
export function poisson(mean: number): number {
  if (mean <= 0) return 0
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()))
  const limit = Math.exp(-mean)
  let k = 0
  let p = Math.random()
  while (p > limit) {
    k++
    p *= Math.random()
  }
  return k
}

export function randomHex(bytes: number): string {
  let out = ''
  for (let i = 0; i < bytes; i++) out += Math.floor(Math.random() * 256).toString(16).padStart(2, '0')
  return out
}

/** Resolves after `ms`; rejects (AbortError) when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : undefined)
}
