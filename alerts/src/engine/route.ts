import { MeridianError } from '@meridian/core'
import { type DurationInput, parseDuration } from './duration.js'
import { LABEL_NAME, type Labels, labelValue } from './labels.js'
import { type CompiledMatcher, compileMatchers, type MatcherInput, matchesAll } from './matcher.js'

/** A node of the routing tree, as configured (Alertmanager's `route`, in camelCase). */
export interface RouteConfig {
  receiver?: string
  matchers?: MatcherInput[]
  /** Labels that make a group; `['...']` groups by every label; [] puts all of a route's alerts in one group. */
  groupBy?: string[]
  groupWait?: DurationInput
  groupInterval?: DurationInput
  repeatInterval?: DurationInput
  /** Go on matching the following sibling routes after this one matched. */
  continue?: boolean
  routes?: RouteConfig[]
}

export interface Route {
  /** Position in the tree (`0`, `0/2`, …): part of the group key, so keep routes in order to keep notification history. */
  id: string
  receiver: string
  matchers: CompiledMatcher[]
  groupBy: string[] | 'all'
  groupWaitMs: number
  groupIntervalMs: number
  repeatIntervalMs: number
  continue: boolean
  routes: Route[]
}

/** Alertmanager's defaults for the root route. */
export const ROUTE_DEFAULTS = { groupWaitMs: 30_000, groupIntervalMs: 5 * 60_000, repeatIntervalMs: 4 * 3_600_000 }

const invalid = (message: string) => new MeridianError(400, 'invalid_route', message)

/**
 * Checks a routing tree: the root takes every alert (no matchers) and names the default
 * receiver; children inherit receiver, groupBy and the three intervals unless they set them.
 */
export function compileRoute(config: RouteConfig, receivers: ReadonlySet<string>, field = 'route'): Route {
  if (!config || typeof config !== 'object') throw invalid(`${field}: must be an object`)
  if (config.matchers && config.matchers.length > 0) throw invalid(`${field}.matchers: the root route takes every alert; put matchers on its routes`)
  if (!config.receiver) throw invalid(`${field}.receiver: the root route must name the default receiver`)
  if (config.continue) throw invalid(`${field}.continue: the root route has no siblings to continue to`)
  return compileNode(config, undefined, receivers, field, '0')
}

function compileNode(config: RouteConfig, parent: Route | undefined, receivers: ReadonlySet<string>, field: string, id: string): Route {
  const receiver = config.receiver ?? parent?.receiver ?? ''
  if (!receivers.has(receiver)) throw invalid(`${field}.receiver: no receiver named "${receiver}" (receivers: ${[...receivers].join(', ') || 'none'})`)
  let groupBy: Route['groupBy'] = parent?.groupBy ?? []
  if (config.groupBy !== undefined) {
    if (!Array.isArray(config.groupBy)) throw invalid(`${field}.groupBy: must be a list of label names`)
    if (config.groupBy.includes('...')) {
      if (config.groupBy.length > 1) throw invalid(`${field}.groupBy: '...' groups by every label and stands alone`)
      groupBy = 'all'
    } else {
      config.groupBy.forEach((name, i) => {
        if (!LABEL_NAME.test(name)) throw invalid(`${field}.groupBy[${i}]: "${name}" is not a label name`)
      })
      groupBy = [...new Set(config.groupBy)].sort()
    }
  }
  const route: Route = {
    id,
    receiver,
    matchers: compileMatchers(config.matchers, `${field}.matchers`),
    groupBy,
    groupWaitMs: config.groupWait === undefined ? (parent?.groupWaitMs ?? ROUTE_DEFAULTS.groupWaitMs) : parseDuration(config.groupWait, `${field}.groupWait`),
    groupIntervalMs: positive(config.groupInterval, parent?.groupIntervalMs ?? ROUTE_DEFAULTS.groupIntervalMs, `${field}.groupInterval`),
    repeatIntervalMs: positive(config.repeatInterval, parent?.repeatIntervalMs ?? ROUTE_DEFAULTS.repeatIntervalMs, `${field}.repeatInterval`),
    continue: config.continue === true,
    routes: [],
  }
  if (config.routes !== undefined && !Array.isArray(config.routes)) throw invalid(`${field}.routes: must be a list of routes`)
  route.routes = (config.routes ?? []).map((child, i) => compileNode(child, route, receivers, `${field}.routes[${i}]`, `${id}/${i}`))
  return route
}

function positive(input: DurationInput | undefined, inherited: number, field: string): number {
  if (input === undefined) return inherited
  const ms = parseDuration(input, field)
  if (ms <= 0) throw invalid(`${field}: must be longer than 0`)
  return ms
}

/**
 * The routes an alert goes to: depth first, left to right; the first matching child takes it
 * unless that child has `continue`; a node none of whose children match takes it itself.
 */
export function matchRoutes(route: Route, labels: Labels): Route[] {
  if (!matchesAll(route.matchers, labels)) return []
  const found: Route[] = []
  for (const child of route.routes) {
    const matches = matchRoutes(child, labels)
    found.push(...matches)
    if (matches.length > 0 && !child.continue) break
  }
  return found.length > 0 ? found : [route]
}

/** The labels that name an alert's group on a route. */
export function groupLabelsOf(route: Route, labels: Labels): Labels {
  if (route.groupBy === 'all') return { ...labels }
  const out: Labels = {}
  for (const name of route.groupBy) if (labelValue(labels, name) !== '') out[name] = labels[name]
  return out
}
