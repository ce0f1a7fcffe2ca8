/** The time range in the URL: `range=1h` (relative, ending now) or `from=…&to=…` (absolute, epoch ms). */
export const RELATIVE_RANGES = ['15m', '1h', '6h', '24h', '7d'] as const
export type RelativeRange = (typeof RELATIVE_RANGES)[number]
export const DEFAULT_RANGE: RelativeRange = '1h'

const RANGE_MS: Record<RelativeRange, number> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '6h': 6 * 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
}

export type TimeRangeSpec = { kind: 'relative'; range: RelativeRange } | { kind: 'absolute'; from: number; to: number }

export const isRelativeRange = (s: string | null): s is RelativeRange => RELATIVE_RANGES.includes(s as RelativeRange)

export function parseTimeRange(params: URLSearchParams): TimeRangeSpec {
  const from = Number(params.get('from'))
  const to = Number(params.get('to'))
  if (params.has('from') && params.has('to') && Number.isFinite(from) && Number.isFinite(to) && to > from) return { kind: 'absolute', from, to }
  const range = params.get('range')
  return { kind: 'relative', range: isRelativeRange(range) ? range : DEFAULT_RANGE }
}

/** The URL parameters of a range (the others set to undefined so they are removed). */
export function timeRangeParams(spec: TimeRangeSpec): Record<string, string | undefined> {
  return spec.kind === 'relative'
    ? { range: spec.range, from: undefined, to: undefined }
    : { range: undefined, from: String(spec.from), to: String(spec.to) }
}

/** The range in epoch ms; a relative one ends at `now`. */
export function resolveTimeRange(spec: TimeRangeSpec, now: number): { from: number; to: number } {
  return spec.kind === 'relative' ? { from: now - RANGE_MS[spec.range], to: now } : { from: spec.from, to: spec.to }
}

export const REFRESH_INTERVALS = ['off', '10s', '30s', '1m'] as const
export type RefreshInterval = (typeof REFRESH_INTERVALS)[number]
const REFRESH_MS: Record<RefreshInterval, number> = { off: 0, '10s': 10_000, '30s': 30_000, '1m': 60_000 }

export function parseRefresh(params: URLSearchParams): RefreshInterval {
  const r = params.get('refresh')
  return REFRESH_INTERVALS.includes(r as RefreshInterval) ? (r as RefreshInterval) : 'off'
}
export const refreshMs = (r: RefreshInterval) => REFRESH_MS[r]

/** Parameters that stay in the URL from page to page. */
export const GLOBAL_PARAMS = ['range', 'from', 'to', 'refresh'] as const
