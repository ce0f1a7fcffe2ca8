import { useCallback, useRef } from 'react'
import { useLocation, useNavigate, useSearchParams } from 'react-router'
import { GLOBAL_PARAMS } from './timeRange'

export type ParamPatch = Record<string, string | readonly string[] | undefined | null>

export function applyPatch(params: URLSearchParams, patch: ParamPatch): URLSearchParams {
  const next = new URLSearchParams(params)
  for (const [key, value] of Object.entries(patch)) {
    next.delete(key)
    if (value === undefined || value === null || value === '') continue
    if (typeof value === 'string') next.set(key, value)
    else for (const v of value) if (v !== '') next.append(key, v)
  }
  return next
}

/**
 * The parameters the last update wrote, and the rendered ones it started from. react-router's
 * functional setter hands it the parameters of the last render, so a second update before the
 * next render (a form changing two fields at once, a quick user) dropped the first one's changes.
 */
let written: { from: string; params: URLSearchParams } | undefined

/** The page's URL search parameters, and a setter that patches them (replace: no new history entry). */
export function useUrlParams(): [URLSearchParams, (patch: ParamPatch, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams()
  const rendered = useRef(params)
  rendered.current = params
  const update = useCallback(
    (patch: ParamPatch, options: { replace?: boolean } = {}) => {
      const from = rendered.current.toString()
      // not rendered yet since the last update: build on what it wrote
      const base = written && written.from === from ? written.params : rendered.current
      const next = applyPatch(base, patch)
      written = { from, params: next }
      setParams(next, { replace: options.replace })
    },
    [setParams],
  )
  return [params, update]
}

/** A link target on another page that keeps the time range and auto-refresh of this one. */
export function useHref(): (pathname: string, params?: ParamPatch) => string {
  const [current] = useSearchParams()
  return useCallback(
    (pathname: string, params: ParamPatch = {}) => {
      const kept = new URLSearchParams()
      for (const key of GLOBAL_PARAMS) for (const v of current.getAll(key)) kept.append(key, v)
      const qs = applyPatch(kept, params).toString()
      return `${pathname}${qs ? `?${qs}` : ''}`
    },
    [current],
  )
}

/** Navigate to another page keeping the global parameters. */
export function useGo(): (pathname: string, params?: ParamPatch) => void {
  const href = useHref()
  const navigate = useNavigate()
  return useCallback((pathname: string, params?: ParamPatch) => navigate(href(pathname, params)), [href, navigate])
}

export function usePathname(): string {
  return useLocation().pathname
}
