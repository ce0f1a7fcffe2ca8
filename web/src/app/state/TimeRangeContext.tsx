import { useQueryClient } from '@tanstack/react-query'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { useUrlParams } from './urlState'
import {
  parseRefresh,
  parseTimeRange,
  type RefreshInterval,
  refreshMs,
  resolveTimeRange,
  type TimeRangeSpec,
  timeRangeParams,
} from './timeRange'

export interface TimeRangeState {
  spec: TimeRangeSpec
  /** The range in epoch ms, fixed until the next refresh. */
  from: number
  to: number
  refresh: RefreshInterval
  setSpec(spec: TimeRangeSpec): void
  setRefresh(refresh: RefreshInterval): void
  /** Re-reads the data (a relative range moves to now). */
  refreshNow(): void
}

const TimeRangeContext = createContext<TimeRangeState | null>(null)

const nowSecond = () => Math.floor(Date.now() / 1000) * 1000

export function TimeRangeProvider({ children }: { children: ReactNode }) {
  const [params, update] = useUrlParams()
  const spec = parseTimeRange(params)
  const refresh = parseRefresh(params)
  const [now, setNow] = useState(nowSecond)
  const specKey = JSON.stringify(spec)
  const queryClient = useQueryClient()
  const absolute = spec.kind === 'absolute'
  // a relative range reads again by moving to now (new query keys); an absolute one by invalidating
  const reread = useCallback(() => {
    if (absolute) void queryClient.invalidateQueries()
    else setNow((prev) => Math.max(prev + 1000, nowSecond()))
  }, [absolute, queryClient])

  // a new range starts at the current time
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-anchor when the range changes
  useEffect(() => setNow(nowSecond()), [specKey])

  useEffect(() => {
    const ms = refreshMs(refresh)
    if (!ms) return
    const timer = setInterval(reread, ms)
    return () => clearInterval(timer)
  }, [refresh, reread])

  const setSpec = useCallback((next: TimeRangeSpec) => update(timeRangeParams(next)), [update])
  const setRefresh = useCallback((next: RefreshInterval) => update({ refresh: next === 'off' ? undefined : next }), [update])
  const refreshNow = reread

  const { from, to } = resolveTimeRange(spec, now)
  // biome-ignore lint/correctness/useExhaustiveDependencies: spec is captured through specKey
  const value = useMemo(() => ({ spec, from, to, refresh, setSpec, setRefresh, refreshNow }), [specKey, from, to, refresh, setSpec, setRefresh, refreshNow])
  return <TimeRangeContext.Provider value={value}>{children}</TimeRangeContext.Provider>
}

export function useTimeRange(): TimeRangeState {
  const ctx = useContext(TimeRangeContext)
  if (!ctx) throw new Error('useTimeRange outside TimeRangeProvider')
  return ctx
}
