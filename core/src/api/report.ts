import { z } from 'zod'
import { budgetPeriod, costMetric, day, exchangeRate } from './cost.js'

/*
 * The monthly finance report (issue 5): one model for the report page, its CSV and XLSX exports,
 * the Slack summary and the e-mail (docs/reports.md). Browser-safe: zod and plain data only.
 *
 * Money is a JSON number in the report's one `currency` (amounts in other currencies are
 * converted with the rates listed in `exchangeRates`); budgets keep their own currency. A month
 * that has not ended is reported to date: its complete days, compared with the same days of the
 * month before.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

/** A calendar month, `YYYY-MM` (UTC). */
export const reportMonth = z.string().regex(MONTH, 'must be a month, YYYY-MM (e.g. 2025-01)')

/** [start, end) of a month, epoch ms (UTC). */
export function monthRange(month: string): { start: number; end: number } {
  const match = MONTH.exec(month)
  if (!match) throw new Error(`not a month: ${month}`)
  const [year, index] = [Number(match[1]), Number(match[2]) - 1]
  return { start: Date.UTC(year, index, 1), end: Date.UTC(year, index + 1, 1) }
}

/** The month holding an instant, `YYYY-MM`. */
export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7)

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const
export const reportFormat = z.enum(REPORT_FORMATS)
export type ReportFormat = z.infer<typeof reportFormat>

export const financeReportQuery = z.object({
  month: reportMonth.describe('the month reported, YYYY-MM (UTC); the current month is reported to date'),
  format: reportFormat.default('json').describe('json (the report), csv or xlsx (a download of it)'),
})
export type FinanceReportQuery = z.output<typeof financeReportQuery>

const change = {
  amount: z.number().describe('in the period'),
  previous: z.number().describe('in the previous period'),
  change: z.number().describe('amount − previous'),
  changePercent: z.number().nullable().describe('change in % of previous; null when previous is 0'),
}

/** A monthly budget of the same scope as a line, as its status stood at the end of the period. */
export const lineBudget = z.object({
  name: z.string(),
  amount: z.number(),
  currency: z.string(),
  actual: z.number().nullable().describe('null when the budget could not be evaluated (see the budgets list)'),
  percent: z.number().nullable().describe('actual in % of amount'),
})
export type LineBudget = z.infer<typeof lineBudget>

export const spendLine = z.object({
  key: z.string().describe("the provider, service or team; '' when the rows name none"),
  ...change,
  budget: lineBudget.nullable(),
})
export type SpendLine = z.infer<typeof spendLine>

export const teamLine = spendLine.extend({
  unallocated: z.boolean().describe('cost no allocation rule gave to a service'),
})
export type TeamLine = z.infer<typeof teamLine>

export const MOVER_DIMENSIONS = ['provider', 'service', 'team'] as const
export const mover = z.object({ dimension: z.enum(MOVER_DIMENSIONS), key: z.string(), ...change })
export type Mover = z.infer<typeof mover>

export const BUDGET_STATES = ['over', 'forecast_over', 'on_track', 'unavailable'] as const
export const reportBudget = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.string().describe('what it counts, e.g. "total", "provider: AWS", "team: payments", "tag: env=prod"'),
  period: budgetPeriod,
  periodStart: day,
  periodEnd: day.describe('exclusive'),
  amount: z.number(),
  currency: z.string(),
  actual: z.number().nullable(),
  percent: z.number().nullable(),
  forecast: z
    .object({ point: z.number(), low: z.number(), high: z.number(), percent: z.number() })
    .nullable()
    .describe('for the whole budget period; null once the period is over, or without enough history'),
  runOut: day.nullable().describe('the day the cost reached (or is projected to reach) the amount'),
  state: z
    .enum(BUDGET_STATES)
    .describe('over: actual ≥ amount; forecast_over: the forecast is; on_track; unavailable: see error'),
  error: z.string().nullable(),
})
export type ReportBudget = z.infer<typeof reportBudget>

export const reportForecast = z.object({
  month: reportMonth.describe('the month forecast: the report’s month while it runs, else the month after it'),
  actual: z.number().describe('cost of its complete days'),
  point: z.number().describe('expected total of the month'),
  low: z.number().describe('95 % prediction interval'),
  high: z.number(),
  model: z.string(),
  dataThrough: day.describe('last complete day of billing data the forecast starts from'),
})
export type ReportForecast = z.infer<typeof reportForecast>

export const unitCostLine = z.object({
  service: z.string().describe('a service of the telemetry, its cost from allocation'),
  team: z.string().nullable(),
  cost: z.number(),
  requests: z.number(),
  costPerRequest: z.number().nullable(),
  costPer1000Requests: z.number().nullable(),
})
export type UnitCostLine = z.infer<typeof unitCostLine>

export const llmSummary = z.object({
  currency: z.string().describe('the price table’s currency'),
  calls: z.number(),
  cost: z.number().nullable(),
  unpricedCalls: z.number().describe('calls of models without a price: counted, not costed'),
  models: z.array(z.object({ model: z.string(), calls: z.number(), cost: z.number().nullable() })),
})
export type LlmSummary = z.infer<typeof llmSummary>

export const financeReport = z.object({
  month: reportMonth,
  complete: z.boolean().describe('false: the month had not ended, the report covers its complete days'),
  period: z.object({ start: day, end: day.describe('exclusive') }),
  previousPeriod: z.object({ start: day, end: day.describe('exclusive') }).describe('the month before (to date: as many days)'),
  generatedAt: z.number().describe('epoch ms'),
  metric: costMetric,
  currency: z.string().nullable().describe('of every amount but budgets; null when there is no cost at all'),
  exchangeRates: z.array(exchangeRate).describe('rates applied to reach `currency`'),
  total: z.object({ ...change, budget: lineBudget.nullable() }),
  providers: z.array(spendLine).describe('by FOCUS ProviderName, largest first'),
  services: z.array(spendLine).describe('by FOCUS ServiceName (the provider’s service), largest first'),
  otherServices: z.object({ count: z.number().int(), amount: z.number(), previous: z.number() }).describe('services beyond the list'),
  teams: z.array(teamLine).describe('by team, from cost allocation; empty without allocation rules'),
  movers: z.array(mover).describe('largest changes against the previous period, any dimension'),
  budgets: z.array(reportBudget),
  forecast: reportForecast.nullable(),
  unitCosts: z.array(unitCostLine).describe('cost per request per service, largest cost first'),
  llm: llmSummary.nullable(),
  notes: z.array(z.string()).describe('what the report could not show, and why'),
})
export type FinanceReport = z.infer<typeof financeReport>
