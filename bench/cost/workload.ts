/*
 * What the cost benchmark asks GET /api/v1/costs: the questions a cost explorer user asks, in a
 * fixed rotation so every run asks the same mix. Each kind also says how to check its answer's
 * total with one plain SQL sum over the same rows (the first answer of each kind is checked).
 */

export interface CostRequestKind {
  name: string
  /** Query string of the i-th request of this kind, with the data ending on day `endDay` (YYYY-MM-DD, exclusive). */
  query(i: number, endDay: string): Record<string, string | string[]>
  /** A WHERE condition over meridian_billing selecting the same rows as the request (besides the days). */
  checkWhere: string
}

const DAY = 86_400_000
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const daysBefore = (endDay: string, days: number) => dayText(Date.parse(`${endDay}T00:00:00Z`) - days * DAY)

/** The i-th request's range: the last `days` days, ending 0-4 days before `endDay` (so consecutive requests differ). */
const last = (days: number, i: number, endDay: string) => {
  const to = daysBefore(endDay, i % 5)
  return { from: daysBefore(to, days), to }
}

export const COST_REQUEST_KINDS: CostRequestKind[] = [
  {
    name: 'ServiceName, 30 d by day',
    query: (i, end) => ({ ...last(30, i, end), groupBy: 'ServiceName', granularity: 'day' }),
    checkWhere: '1',
  },
  {
    name: 'ProviderName, 12 months by month',
    query: (i, end) => ({ ...last(365, i, end), groupBy: 'ProviderName', granularity: 'month' }),
    checkWhere: '1',
  },
  {
    name: 'SubAccountId, 90 d by day, AWS only',
    query: (i, end) => ({ ...last(90, i, end), groupBy: 'SubAccountId', granularity: 'day', filter: 'ProviderName=AWS' }),
    checkWhere: "ProviderName = 'AWS'",
  },
  {
    name: 'tag:team, 12 months by month',
    query: (i, end) => ({ ...last(365, i, end), groupBy: 'tag:team', granularity: 'month' }),
    checkWhere: '1',
  },
  {
    name: 'tag:team, 30 d by day, env=prod',
    query: (i, end) => ({ ...last(30, i, end), groupBy: 'tag:team', granularity: 'day', filter: 'tag:env=prod' }),
    checkWhere: "Tags['env'] = 'prod'",
  },
  {
    name: 'ServiceName, 90 d by month, 2 filters',
    query: (i, end) => ({ ...last(90, i, end), groupBy: 'ServiceName', granularity: 'month', filter: ['ProviderName!=Google Cloud', 'ChargeCategory=Usage'] }),
    checkWhere: "ProviderName != 'Google Cloud' AND ChargeCategory = 'Usage'",
  },
  {
    name: 'total, 12 months by day',
    query: (i, end) => ({ ...last(365, i, end), granularity: 'day' }),
    checkWhere: '1',
  },
]

export function queryString(query: Record<string, string | string[]>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) for (const v of Array.isArray(value) ? value : [value]) search.append(key, v)
  return search.toString()
}
