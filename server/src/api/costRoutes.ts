import {
  allocationTeamDailyCost,
  budgetStatuses,
  type CurrencySettings,
  costDimensions,
  costExplorer,
  createBudget,
  deleteBudget,
  listBudgets,
  NO_CONVERSION,
  type TeamDailyCost,
  updateBudget,
} from '@meridian/core'
import * as api from '@meridian/core/api'
import { z } from 'zod'
import type { ApiRoute, JsonRoute, RouteContext } from './routes.js'

/** What the cost routes need besides the store: the reporting currency and rates, and team costs from allocation. */
export interface CostSettings {
  /** MERIDIAN_REPORTING_CURRENCY and MERIDIAN_EXCHANGE_RATES (default: no conversion). */
  currency?: CurrencySettings
  /** Daily cost of a team, for team budgets; default: cost allocation's (allocationTeamDailyCost over the context's rules). */
  teamDailyCost?: TeamDailyCost
}

const currencyOf = (ctx: RouteContext) => ctx.costs?.currency ?? NO_CONVERSION

// A local twin of routes.ts's `json`: routes.ts imports this file, so calling into it while both load would meet an uninitialised binding.
const json = <P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType, B extends z.ZodType = z.ZodUndefined>(route: Omit<JsonRoute<P, Q, R, B>, 'kind'>): ApiRoute =>
  ({ kind: 'json', ...route }) as unknown as ApiRoute

const MONEY_ERRORS = {
  422: 'the costs are in several currencies and no reporting currency is set, or a currency has no exchange rate (the message names it)',
}

/** The cost explorer and budgets (issue 5); docs/finops.md. */
export const costRoutes: ApiRoute[] = [
  json({
    path: '/costs',
    operationId: 'queryCosts',
    summary: 'Cost explorer: cost by a FOCUS dimension or tag, over time',
    description:
      'Sums a cost metric of the billing rows whose charge period starts in the range (whole UTC days), grouped by a FOCUS dimension or `tag:<key>`, filtered by dimensions and tags: a total per group (largest first), a stacked series of the top groups plus one of the rest (key null), the grand total, the currency and the exchange rates used. Amounts are exact decimal sums, as numbers.',
    query: api.costQuery,
    response: api.costResponse,
    errors: MONEY_ERRORS,
    handle: ({ query }, ctx) => costExplorer(ctx.store, query, currencyOf(ctx), ctx),
  }),
  json({
    path: '/costs/dimensions',
    operationId: 'listCostDimensions',
    summary: 'What costs can be grouped and filtered by',
    description: 'The FOCUS dimensions and the tag keys present, with their distinct values in the range (all billing rows without one): the cost explorer’s pickers.',
    query: api.costDimensionsQuery,
    response: api.costDimensionsResponse,
    handle: ({ query }, ctx) => costDimensions(ctx.store, query, ctx),
  }),
  json({
    path: '/budgets',
    operationId: 'listBudgets',
    summary: 'Budgets',
    description: 'Every budget, by name.',
    query: z.object({}),
    response: api.budgetsResponse,
    handle: async (_input, ctx) => ({ budgets: await listBudgets(ctx.store, ctx) }),
  }),
  json({
    path: '/budgets',
    method: 'post',
    status: 201,
    operationId: 'createBudget',
    summary: 'Create a budget',
    description: 'A budget per calendar month, quarter or year (UTC) for a scope, an amount in a currency, and thresholds (default: 80 % of the actual, 100 % of the forecast).',
    query: z.object({}),
    body: api.budgetInput,
    response: api.budget,
    handle: ({ body }, ctx) => createBudget(ctx.store, body),
  }),
  json({
    path: '/budgets/status',
    operationId: 'getBudgetStatus',
    summary: 'Budgets against their costs: actual, forecast, run-out day, thresholds',
    description:
      'For each budget, its period holding `at` (default now): the cost so far, a forecast for the whole period with a 95 % interval, the day the amount is reached, and which thresholds hold, in the budget’s currency. A budget that cannot be evaluated (no exchange rate, a team budget without cost allocation) carries `error` and no figures.',
    query: api.budgetStatusQuery,
    response: api.budgetStatusResponse,
    handle: ({ query }, ctx) =>
      budgetStatuses(ctx.store, query.at ?? Date.now(), {
        signal: ctx.signal,
        currency: currencyOf(ctx),
        teamDailyCost: ctx.costs?.teamDailyCost ?? allocationTeamDailyCost(ctx.store, ctx.allocation),
      }),
  }),
  json({
    path: '/budgets/:id',
    method: 'put',
    operationId: 'replaceBudget',
    summary: 'Replace a budget’s settings',
    description: 'The whole budget as for a create; its id and creation time stay.',
    params: api.budgetParams,
    query: z.object({}),
    body: api.budgetInput,
    response: api.budget,
    errors: { 404: 'no budget with this id' },
    handle: ({ params, body }, ctx) => updateBudget(ctx.store, params.id, body, ctx),
  }),
  json({
    path: '/budgets/:id',
    method: 'delete',
    operationId: 'deleteBudget',
    summary: 'Delete a budget',
    description: 'Its conditions stop at once.',
    params: api.budgetParams,
    query: z.object({}),
    response: api.deletedResponse,
    errors: { 404: 'no budget with this id' },
    handle: ({ params }, ctx) => deleteBudget(ctx.store, params.id, ctx),
  }),
]
