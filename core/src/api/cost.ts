import { z } from 'zod'
import { FOCUS_COLUMNS } from '../schema/billingTables.js'
import { repeated, timeParam } from './telemetry.js'

/*
 * The cost API's contracts (issue 5): the cost explorer, budgets and their status. Browser-safe
 * (zod, and the FOCUS column list, which is plain data).
 *
 * Money: amounts are JSON numbers, each the double nearest to an exact decimal sum (ClickHouse
 * sums the Decimal(38, 12) columns exactly; conversions are done on scaled integers), so they are
 * right to the cent for any amount below about 90 trillion. Every response that carries money
 * says its `currency` and the `exchangeRates` applied (empty when none were). Days are UTC.
 */

// ---- building blocks ----

/** The cost figures a FOCUS row has; EffectiveCost (amortized, after discounts) is the default. */
export const COST_METRICS = ['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'] as const
export const costMetric = z.enum(COST_METRICS)
export type CostMetric = z.infer<typeof costMetric>
export const DEFAULT_COST_METRIC: CostMetric = 'EffectiveCost'

const STRING_TYPES = new Set(['String', 'Nullable(String)', 'LowCardinality(String)', 'LowCardinality(Nullable(String))'])
/** The FOCUS columns costs can be grouped and filtered by: every text column. */
export const COST_DIMENSIONS = Object.entries(FOCUS_COLUMNS)
  .filter(([, column]) => STRING_TYPES.has(column.type))
  .map(([name]) => name)
  .sort()
export const costDimension = z.enum(COST_DIMENSIONS as [string, ...string[]])

/** What costs are grouped or filtered by: a FOCUS dimension, or the value of a tag. */
export type CostKey = { kind: 'dimension'; dimension: string } | { kind: 'tag'; key: string }
export const TAG_PREFIX = 'tag:'

/** `ServiceName` or `tag:team` as a CostKey; undefined when it is neither. */
export function parseCostKey(text: string): CostKey | undefined {
  if (text.startsWith(TAG_PREFIX)) {
    const key = text.slice(TAG_PREFIX.length)
    return key === '' ? undefined : { kind: 'tag', key }
  }
  return COST_DIMENSIONS.includes(text) ? { kind: 'dimension', dimension: text } : undefined
}
export const costKeyText = (key: CostKey) => (key.kind === 'tag' ? `${TAG_PREFIX}${key.key}` : key.dimension)

const KEY_HELP = `a FOCUS dimension (${COST_DIMENSIONS.join(', ')}) or tag:<key>`

export const costKey = z.string().transform((text, ctx) => {
  const key = parseCostKey(text)
  if (!key) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not ${KEY_HELP}` })
    return z.NEVER
  }
  return key
})

/** `Dimension=value`, `Dimension!=value`, `tag:key=value` or `tag:key!=value`; repeated, same key and sign: any of the values. */
export const costFilter = z.string().transform((text, ctx) => {
  const tag = text.startsWith(TAG_PREFIX)
  const body = tag ? text.slice(TAG_PREFIX.length) : text
  const at = body.indexOf('=')
  const negated = at > 0 && body[at - 1] === '!'
  const key = at > 0 ? parseCostKey(`${tag ? TAG_PREFIX : ''}${body.slice(0, negated ? at - 1 : at)}`) : undefined
  if (!key) {
    ctx.addIssue({ code: 'custom', message: `"${text}" must be KEY=value or KEY!=value, KEY being ${KEY_HELP}` })
    return z.NEVER
  }
  return { key, value: body.slice(at + 1), negated }
})
export type CostFilter = z.output<typeof costFilter>

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
/** A UTC day `YYYY-MM-DD` (its midnight), or any instant as epoch ms or ISO 8601 (the query widens the range to whole days). */
export const dayParam = z.union(
  [
    z
      .string()
      .regex(DAY)
      .refine((s) => DAY.test(s) && new Date(Date.parse(`${s}T00:00:00Z`) || 0).toISOString().startsWith(s), 'not a calendar day')
      .transform((s) => Date.parse(`${s}T00:00:00Z`)),
    timeParam,
  ],
  { error: 'must be a day (YYYY-MM-DD), epoch milliseconds or an ISO 8601 date-time' },
)

/** Three capital letters (ISO 4217). */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a currency code of three capital letters (ISO 4217)')

export const exchangeRate = z.object({
  from: z.string(),
  to: z.string(),
  rate: z.number().describe('what each amount in `from` was multiplied by'),
  configured: z.string().describe('the configured entry it came from, e.g. USD:CNY=7.12 (a rate given the other way is inverted)'),
})
export type ExchangeRateUsed = z.infer<typeof exchangeRate>

const money = {
  currency: z.string().nullable().describe('currency of every amount (null only when nothing was selected and no reporting currency is set)'),
  exchangeRates: z.array(exchangeRate).describe('rates applied to reach `currency`; empty when every amount was already in it'),
}

/** A UTC day in responses. */
export const day = z.string().regex(DAY)

// ---- cost explorer ----

export const costGranularity = z.enum(['day', 'week', 'month'])
export type CostGranularity = z.infer<typeof costGranularity>

export const costQuery = z
  .object({
    from: dayParam.describe('first day (YYYY-MM-DD, UTC), inclusive; an instant is taken as its day'),
    to: dayParam.describe('end day, exclusive; an instant after midnight includes its day'),
    metric: costMetric.default(DEFAULT_COST_METRIC),
    groupBy: costKey.optional().describe('a FOCUS dimension (e.g. ServiceName) or tag:<key>; without it, one total'),
    filter: repeated(costFilter).describe('KEY=value or KEY!=value (KEY a dimension or tag:<key>); the values of one key and sign are alternatives, keys combine with AND'),
    granularity: costGranularity.default('day').describe('bucket of the series: day, week (ISO, from Monday) or month'),
    top: z.coerce.number().int().min(1).max(50).default(10).describe('groups with their own series; the others are summed in one series with key null'),
    limit: z.coerce.number().int().min(1).max(1000).default(100).describe('groups listed with their totals, largest first'),
    currency: currencyCode.optional().describe('report in this currency (needs exchange rates); default MERIDIAN_REPORTING_CURRENCY, else the currency of the rows'),
  })
  .refine((q) => q.to > q.from, { message: 'must be after from', path: ['to'] })
export type CostQuery = z.output<typeof costQuery>

export const costResponse = z.object({
  from: day,
  to: day.describe('exclusive'),
  metric: costMetric,
  granularity: costGranularity,
  groupBy: z.string().nullable(),
  ...money,
  total: z.number(),
  groups: z.array(z.object({ key: z.string().describe("the group's value; '' when the row has none (NULL, empty, tag absent)"), total: z.number() })),
  otherGroups: z.object({ count: z.number().int(), total: z.number() }).describe('the groups beyond `limit`'),
  series: z.object({
    t: z.array(z.number()).describe('bucket starts, epoch ms (UTC midnight)'),
    groups: z.array(z.object({ key: z.string().nullable().describe('null: every group without a series of its own'), values: z.array(z.number()) })),
  }),
})
export type CostResponse = z.infer<typeof costResponse>

export const costDimensionsQuery = z
  .object({
    from: dayParam.optional().describe('counts values from this day; all rows without'),
    to: dayParam.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to > q.from, { message: 'must be after from', path: ['to'] })
export const costDimensionsResponse = z.object({
  rows: z.number().int().describe('billing rows in the range'),
  dimensions: z.array(z.object({ name: z.string(), distinctValues: z.number().int().describe('distinct non-NULL values in the range') })),
  tags: z.array(z.object({ key: z.string(), distinctValues: z.number().int() })),
})
export type CostDimensionsResponse = z.infer<typeof costDimensionsResponse>

// ---- budgets ----

export const BUDGET_PERIODS = ['month', 'quarter', 'year'] as const
export const budgetPeriod = z.enum(BUDGET_PERIODS)
export type BudgetPeriod = z.infer<typeof budgetPeriod>

const scopeText = z.string().min(1).max(500)
/** What a budget counts: every cost, one provider, one service (FOCUS ServiceName), one team (from cost allocation) or one tag value. */
export const budgetScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('total') }),
  z.object({ kind: z.literal('provider'), provider: scopeText.describe('ProviderName') }),
  z.object({ kind: z.literal('service'), service: scopeText.describe('FOCUS ServiceName, e.g. Amazon Elastic Compute Cloud') }),
  z.object({ kind: z.literal('team'), team: scopeText.describe('a team of the cost allocation') }),
  z.object({ kind: z.literal('tag'), key: scopeText, value: z.string().max(500) }),
])
export type BudgetScope = z.infer<typeof budgetScope>

export const budgetThreshold = z.object({
  percent: z.number().positive().max(10_000).describe('of the amount'),
  basis: z.enum(['actual', 'forecast']).describe('compared with the cost so far, or with the forecast for the whole period'),
})
export type BudgetThreshold = z.infer<typeof budgetThreshold>

export const DEFAULT_THRESHOLDS: BudgetThreshold[] = [
  { percent: 80, basis: 'actual' },
  { percent: 100, basis: 'forecast' },
]

export const budgetInput = z.object({
  name: z.string().trim().min(1).max(200),
  scope: budgetScope,
  period: budgetPeriod.describe('calendar month, quarter or year (UTC); the budget applies to each'),
  amount: z.number().positive().max(1e15).describe('per period, in `currency`'),
  currency: currencyCode,
  metric: costMetric.default(DEFAULT_COST_METRIC),
  thresholds: z.array(budgetThreshold).max(20).default(DEFAULT_THRESHOLDS),
})
export type BudgetInput = z.output<typeof budgetInput>

export const budget = budgetInput.extend({
  id: z.string(),
  createdAt: z.number().describe('epoch ms'),
  updatedAt: z.number().describe('epoch ms'),
})
export type Budget = z.infer<typeof budget>

export const budgetParams = z.object({ id: z.uuid({ error: 'must be a budget id (a UUID)' }) })
export const budgetsResponse = z.object({ budgets: z.array(budget) })
export const deletedResponse = z.object({ id: z.string(), deleted: z.literal(true) })

export const budgetStatusQuery = z.object({
  at: timeParam.optional().describe('the moment to evaluate at (default now): its period, costs before it'),
})

export const budgetForecast = z.object({
  point: z.number().describe('the cost expected for the whole period'),
  low: z.number().describe('95 % prediction interval'),
  high: z.number(),
  percent: z.number().describe('point, in % of the amount'),
  model: z.string().describe('mean, trend or trend+weekday (see docs/finops.md)'),
})

export const thresholdState = budgetThreshold.extend({
  holds: z.boolean(),
  value: z.number().nullable().describe('the actual or forecast cost compared; null when there is no forecast'),
  limit: z.number().describe('amount × percent / 100'),
})

export const budgetStatus = z.object({
  budget,
  period: z.object({ start: day, end: day.describe('exclusive') }),
  ...money,
  actual: z.number().nullable().describe('cost in the period until `at`; null with an error'),
  percent: z.number().nullable().describe('actual in % of the amount'),
  dataThrough: day.nullable().describe('last complete day of billing data; the forecast covers the days after it'),
  forecast: budgetForecast.nullable().describe('null with fewer than 2 days of history, or an error'),
  runOut: z
    .object({ date: day, projected: z.boolean().describe('false: the budget was already used up on that day') })
    .nullable()
    .describe('the day the cost reaches the amount; null when it is not expected to within the period'),
  thresholds: z.array(thresholdState),
  error: z.object({ code: z.string(), message: z.string() }).nullable().describe('why the figures are missing (e.g. no exchange rate)'),
})
export type BudgetStatus = z.infer<typeof budgetStatus>

export const budgetStatusResponse = z.object({ at: z.number(), budgets: z.array(budgetStatus) })
export type BudgetStatusResponse = z.infer<typeof budgetStatusResponse>
