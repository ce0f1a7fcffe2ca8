import { useEffect } from 'react'
import { useTimeRange } from '../../state/TimeRangeContext'
import { timeRangeParams } from '../../state/timeRange'
import { useUrlParams } from '../../state/urlState'
import { type CostPreset, presetRange, wholeDays } from './costRange'

export interface CostRange {
  /** Whole UTC days [from, to), epoch ms. */
  from: number
  to: number
  /** false until the URL holds a range (the first render of a cost page opened without one). */
  ready: boolean
  choose(preset: CostPreset): void
  /** Any range of days, e.g. a billing period. */
  setDays(from: number, to: number): void
}

/**
 * The cost pages' days: the app's time range widened to whole UTC days. A cost page opened
 * without a range in its URL shows the month to date (the telemetry default, the last hour,
 * means nothing for daily billing data), written into the URL in place so a copied link and the
 * top bar's picker say the same.
 */
export function useCostRange(): CostRange {
  const { from, to } = useTimeRange()
  const [params, update] = useUrlParams()
  const unset = !params.has('range') && !(params.has('from') && params.has('to'))
  const setDays = (f: number, t: number, replace = false) => update(timeRangeParams({ kind: 'absolute', from: f, to: t }), { replace })
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the URL has no range
  useEffect(() => {
    if (unset) {
      const r = presetRange('mtd', Date.now())
      setDays(r.from, r.to, true)
    }
  }, [unset])
  const days = wholeDays(from, to)
  return {
    ...days,
    ready: !unset,
    choose: (preset) => {
      const r = presetRange(preset, Date.now())
      setDays(r.from, r.to)
    },
    setDays: (f, t) => setDays(f, t),
  }
}
