import { sloDetail, sloListResponse } from '@meridian/core/api'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useTimeRange } from '../state/TimeRangeContext'
import { apiGet } from './client'
import { API_PATHS } from './paths'

/*
 * The SLO pages' queries (issue 6). An SLO is evaluated at a moment, not over a range: now, or
 * the end of an absolute range picked in the top bar (to look at an incident after the fact).
 * The range's end is in the key, so auto-refresh and "refresh now" read again.
 */

/** When to evaluate: `at` for the API (undefined: now) and the moment shown. */
export function useSloMoment(): { at: number | undefined; key: number } {
  const { spec, to } = useTimeRange()
  return { at: spec.kind === 'absolute' ? to : undefined, key: to }
}

/** GET /slos: every SLO, least budget left first, with the SLO files' problems. */
export function useSlos() {
  const { at, key } = useSloMoment()
  return useQuery({
    queryKey: ['slos', key],
    queryFn: ({ signal }) => apiGet(API_PATHS.slos, { at }, sloListResponse, signal),
    placeholderData: keepPreviousData,
  })
}

/** GET /slos/:name: one SLO with its burn-down history and definition. */
export function useSlo(name: string) {
  const { at, key } = useSloMoment()
  return useQuery({
    queryKey: ['slo', name, key],
    queryFn: ({ signal }) => apiGet(API_PATHS.slo(name), { at }, sloDetail, signal),
    placeholderData: (previous) => (previous?.name === name ? previous : undefined),
  })
}
