/*
 * Arithmetic of metric data points once the store has summed them per series and time bucket:
 * increases of cumulative values (with counter resets), merging histograms, reading quantiles.
 */

/** An increase from `previous` to `current` of a cumulative counter; a drop means it was reset, so `current` is the increase. */
export function increase(current: number, previous: number | undefined): number {
  if (previous === undefined || current < previous) return current
  return current - previous
}

/** Explicit-bounds histogram counts: `counts[i]` in (bounds[i-1], bounds[i]], the last one above the last bound. */
export interface ExplicitHistogram {
  bounds: number[]
  counts: number[]
}

/** Bucket-wise difference of two cumulative histograms with the same bounds; a reset (or other bounds) keeps `current`. */
export function histogramIncrease(current: ExplicitHistogram, previous: ExplicitHistogram | undefined): ExplicitHistogram {
  if (!previous || !sameBounds(current.bounds, previous.bounds) || current.counts.some((c, i) => c < (previous.counts[i] ?? 0))) return current
  return { bounds: current.bounds, counts: current.counts.map((c, i) => c - (previous.counts[i] ?? 0)) }
}

const sameBounds = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** Sums histograms, bucket by upper bound (histograms with other bounds add into the buckets whose upper bounds they share, or new ones). */
export function mergeHistograms(histograms: ExplicitHistogram[]): ExplicitHistogram {
  const byUpper = new Map<number, number>()
  for (const h of histograms) {
    h.counts.forEach((count, i) => {
      const upper = i < h.bounds.length ? h.bounds[i] : Number.POSITIVE_INFINITY
      byUpper.set(upper, (byUpper.get(upper) ?? 0) + count)
    })
  }
  const uppers = [...byUpper.keys()].sort((a, b) => a - b)
  const finite = uppers.filter((u) => u !== Number.POSITIVE_INFINITY)
  return { bounds: finite, counts: [...finite.map((u) => byUpper.get(u)!), byUpper.get(Number.POSITIVE_INFINITY) ?? 0] }
}

/**
 * The q-quantile of a histogram, interpolated linearly within the bucket the rank falls in (as
 * Prometheus' histogram_quantile does). The first bucket starts at `min` (else 0, or its upper
 * bound when that is negative); the open last bucket ends at `max` (else at the last bound).
 * Null when it counts nothing.
 */
export function explicitQuantile(h: ExplicitHistogram, q: number, min?: number, max?: number): number | null {
  const total = h.counts.reduce((a, b) => a + b, 0)
  if (total <= 0) return null
  const rank = q * total
  let seen = 0
  for (let i = 0; i < h.counts.length; i++) {
    const count = h.counts[i]
    if (count <= 0) continue
    if (seen + count >= rank) {
      let upper = i < h.bounds.length ? h.bounds[i] : (max ?? h.bounds[h.bounds.length - 1] ?? 0)
      let lower = i > 0 ? h.bounds[i - 1] : Math.min(0, upper)
      // The observed extremes narrow the bucket they fall in.
      if (min !== undefined && min > lower && min <= upper) lower = min
      if (max !== undefined && max < upper && max >= lower) upper = max
      return lower + (upper - lower) * ((rank - seen) / count)
    }
    seen += count
  }
  return max ?? h.bounds[h.bounds.length - 1] ?? null
}

/** An exponential histogram (OTLP): bucket index i of scale s covers (base^i, base^(i+1)] with base = 2^(2^-s). */
export interface ExponentialHistogram {
  scale: number
  zeroCount: number
  positiveOffset: number
  positive: number[]
  negativeOffset: number
  negative: number[]
}

/** Counts per bucket index, all at one scale. */
export interface ExponentialCounts {
  scale: number
  zero: number
  positive: Map<number, number>
  negative: Map<number, number>
}

/** Merges exponential histograms at the smallest scale among them (index i at scale s is index i >> (s - s') at s' < s). */
export function mergeExponential(histograms: ExponentialHistogram[], sign = 1): ExponentialCounts {
  const scale = Math.min(...histograms.map((h) => h.scale))
  const merged: ExponentialCounts = { scale, zero: 0, positive: new Map(), negative: new Map() }
  for (const h of histograms) {
    const shift = h.scale - scale
    merged.zero += sign * h.zeroCount
    const add = (into: Map<number, number>, offset: number, counts: number[]) =>
      counts.forEach((count, k) => {
        const index = Math.floor((offset + k) / 2 ** shift)
        into.set(index, (into.get(index) ?? 0) + sign * count)
      })
    add(merged.positive, h.positiveOffset, h.positive)
    add(merged.negative, h.negativeOffset, h.negative)
  }
  return merged
}

/** `current` less `previous` (cumulative points of one series), at the smaller scale; a reset keeps `current`. */
export function exponentialIncrease(current: ExponentialHistogram, previous: ExponentialHistogram | undefined): ExponentialCounts {
  const now = mergeExponential([current])
  if (!previous) return now
  const before = mergeExponential([previous])
  const scale = Math.min(now.scale, before.scale)
  const a = rescale(now, scale)
  const b = rescale(before, scale)
  const diff = (x: Map<number, number>, y: Map<number, number>) => {
    const out = new Map(x)
    for (const [i, c] of y) out.set(i, (out.get(i) ?? 0) - c)
    return out
  }
  const result = { scale, zero: a.zero - b.zero, positive: diff(a.positive, b.positive), negative: diff(a.negative, b.negative) }
  const negativeCount = result.zero < 0 || [...result.positive.values(), ...result.negative.values()].some((c) => c < 0)
  return negativeCount ? now : result
}

function rescale(h: ExponentialCounts, scale: number): ExponentialCounts {
  const shift = h.scale - scale
  const move = (m: Map<number, number>) => {
    const out = new Map<number, number>()
    for (const [i, c] of m) {
      const j = Math.floor(i / 2 ** shift)
      out.set(j, (out.get(j) ?? 0) + c)
    }
    return out
  }
  return { scale, zero: h.zero, positive: move(h.positive), negative: move(h.negative) }
}

/** Adds exponential counts together (at the smallest scale). */
export function addExponential(parts: ExponentialCounts[]): ExponentialCounts {
  const scale = Math.min(...parts.map((p) => p.scale))
  const sum: ExponentialCounts = { scale, zero: 0, positive: new Map(), negative: new Map() }
  for (const part of parts.map((p) => rescale(p, scale))) {
    sum.zero += part.zero
    for (const [i, c] of part.positive) sum.positive.set(i, (sum.positive.get(i) ?? 0) + c)
    for (const [i, c] of part.negative) sum.negative.set(i, (sum.negative.get(i) ?? 0) + c)
  }
  return sum
}

/** The q-quantile of exponential counts, interpolated within its bucket; null when they count nothing. */
export function exponentialQuantile(h: ExponentialCounts, q: number): number | null {
  const base = 2 ** (2 ** -h.scale)
  // Ascending value order: negative buckets from the largest index (most negative) down, zero, positive buckets up.
  const buckets: { lower: number; upper: number; count: number }[] = [
    ...[...h.negative.entries()].sort((a, b) => b[0] - a[0]).map(([i, count]) => ({ lower: -(base ** (i + 1)), upper: -(base ** i), count })),
    { lower: 0, upper: 0, count: h.zero },
    ...[...h.positive.entries()].sort((a, b) => a[0] - b[0]).map(([i, count]) => ({ lower: base ** i, upper: base ** (i + 1), count })),
  ].filter((b) => b.count > 0)
  const total = buckets.reduce((a, b) => a + b.count, 0)
  if (total <= 0) return null
  const rank = q * total
  let seen = 0
  for (const b of buckets) {
    if (seen + b.count >= rank) return b.lower + (b.upper - b.lower) * ((rank - seen) / b.count)
    seen += b.count
  }
  return buckets[buckets.length - 1].upper
}
