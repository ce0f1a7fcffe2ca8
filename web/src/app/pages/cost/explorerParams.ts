import { COST_METRICS, type CostGranularity, type CostMetric, costFilter, DEFAULT_COST_METRIC, parseCostKey } from '@meridian/core/api'
import type { QueryParams } from '../../api/client'

/** The cost explorer's view, all of it in the URL (`groupBy`, `metric`, `granularity`, repeated `filter`, `chart`). */
export interface ExplorerView {
  /** A FOCUS dimension or `tag:<key>`; null: one total. */
  groupBy: string | null
  metric: CostMetric
  granularity: CostGranularity
  filters: string[]
  chart: 'bar' | 'area'
}

export const DEFAULT_GROUP_BY = 'ServiceName'
/** `groupBy=none` in the URL: no grouping (an absent parameter is the default grouping). */
export const NO_GROUPING = 'none'
const GRANULARITIES: readonly CostGranularity[] = ['day', 'week', 'month']

export function parseExplorerView(params: URLSearchParams): ExplorerView {
  const rawGroup = params.get('groupBy')
  const groupBy = rawGroup === NO_GROUPING ? null : rawGroup !== null && parseCostKey(rawGroup) ? rawGroup : DEFAULT_GROUP_BY
  const metric = COST_METRICS.includes(params.get('metric') as CostMetric) ? (params.get('metric') as CostMetric) : DEFAULT_COST_METRIC
  const granularity = GRANULARITIES.includes(params.get('granularity') as CostGranularity) ? (params.get('granularity') as CostGranularity) : 'day'
  // a filter the API would refuse is left out (the URL may be hand-edited)
  const filters = params.getAll('filter').filter((f) => costFilter.safeParse(f).success)
  return { groupBy, metric, granularity, filters, chart: params.get('chart') === 'area' ? 'area' : 'bar' }
}

/** GET /costs parameters of a view. */
export function explorerQuery(view: ExplorerView): QueryParams {
  return { metric: view.metric, groupBy: view.groupBy ?? undefined, granularity: view.granularity, filter: view.filters }
}

/** A filter's text: `ProviderName=AWS`, `tag:team!=web`. */
export const filterText = (key: string, value: string, negated = false) => `${key}${negated ? '!=' : '='}${value}`

/** A filter's parts, for its chip. */
export function splitFilter(text: string): { key: string; value: string; negated: boolean } {
  const at = text.indexOf('=', text.startsWith('tag:') ? 4 : 0)
  const negated = text[at - 1] === '!'
  return { key: text.slice(0, negated ? at - 1 : at), value: text.slice(at + 1), negated }
}
