import { allocationCosts, createApiRule, deleteApiRule, listRules, llmCosts, MeridianError, replaceApiRule, type Store, unitCosts } from '@meridian/core'
import * as api from '@meridian/core/api'
import { z } from 'zod'
import type { ApiRoute, JsonRoute, RouteContext } from './routes.js'

/*
 * Cost allocation, unit costs and LLM costs (docs/allocation.md). Filed in the registry by
 * routes.ts; only types come from there (routes.ts imports this list, so a value import back
 * would be a cycle).
 */

const route = <P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType, B extends z.ZodType = z.ZodUndefined>(r: Omit<JsonRoute<P, Q, R, B>, 'kind'>): ApiRoute =>
  ({ kind: 'json', ...r }) as unknown as ApiRoute

const NO_QUERY = z.object({})

/** A stored rule as GET /allocation/rules shows it (with its place in the evaluation order). */
async function shownRule(store: Store, ctx: RouteContext, id: string): Promise<api.StoredRule> {
  const rule = (await listRules(store, ctx.allocation, ctx)).rules.find((r) => r.id === id)
  if (!rule) throw new MeridianError(404, 'not_found', `id: no stored allocation rule ${id}`)
  return rule
}

export const allocationRoutes: ApiRoute[] = [
  route({
    path: '/allocation/rules',
    operationId: 'listAllocationRules',
    summary: 'Allocation rules in evaluation order',
    description:
      'The rules file’s rules (read-only here; MERIDIAN_ALLOCATION_RULES) in file order, then the stored rules by priority. A billing row goes to the first rule that matches it; rows no rule matches stay unallocated. Also the service → team map.',
    query: NO_QUERY,
    response: api.rulesResponse,
    handle: (_input, ctx) => listRules(ctx.store, ctx.allocation, ctx),
  }),
  route({
    path: '/allocation/rules',
    method: 'post',
    status: 201,
    operationId: 'createAllocationRule',
    summary: 'Store a new allocation rule',
    description: 'Evaluated after the file’s rules, among the stored ones by priority (lowest first; ties: older first). Applies at once to all history: allocation is computed when asked.',
    query: NO_QUERY,
    body: api.allocationRuleInput,
    response: api.storedRule,
    handle: async ({ body }, ctx) => shownRule(ctx.store, ctx, (await createApiRule(ctx.store, body, ctx)).id),
  }),
  route({
    path: '/allocation/rules/:id',
    method: 'put',
    operationId: 'replaceAllocationRule',
    summary: 'Replace a stored allocation rule',
    description: 'The whole rule is replaced (name, match, target, priority).',
    params: api.ruleParams,
    query: NO_QUERY,
    body: api.allocationRuleInput,
    response: api.storedRule,
    errors: { 404: 'no stored rule with this id' },
    handle: async ({ params, body }, ctx) => shownRule(ctx.store, ctx, (await replaceApiRule(ctx.store, params.id, body, ctx)).id),
  }),
  route({
    path: '/allocation/rules/:id',
    method: 'delete',
    operationId: 'deleteAllocationRule',
    summary: 'Delete a stored allocation rule',
    description: 'The cost it took goes to the next rule that matches, or stays unallocated.',
    params: api.ruleParams,
    query: NO_QUERY,
    response: api.deleteRuleResponse,
    errors: { 404: 'no stored rule with this id' },
    handle: async ({ params }, ctx) => {
      await deleteApiRule(ctx.store, params.id, ctx)
      return { deleted: params.id }
    },
  }),
  route({
    path: '/allocation/costs',
    operationId: 'allocatedCosts',
    summary: 'Cost per service or team per day',
    description:
      'Billing rows given to services by the allocation rules (first match wins), shared cost split by requests, CPU seconds or fixed percentages; whole UTC days. What no rule takes, or a split cannot divide, is its own `unallocated` row, never spread.',
    query: api.allocationCostsQuery,
    response: api.allocationCostsResponse,
    handle: ({ query }, ctx) => allocationCosts(ctx.store, ctx.allocation, query, ctx),
  }),
  route({
    path: '/unit-costs',
    operationId: 'unitCosts',
    summary: 'Cost per request and per 1,000 requests, per service and endpoint',
    description:
      'A service’s allocated cost over its requests (entry spans, from the RED aggregates), per UTC day and over the days of the range that have its cost; per endpoint, the service’s cost divided by span time (default) or requests.',
    query: api.unitCostsQuery,
    response: api.unitCostsResponse,
    handle: ({ query }, ctx) => unitCosts(ctx.store, ctx.allocation, query, ctx),
  }),
  route({
    path: '/llm-costs',
    operationId: 'llmCosts',
    summary: 'LLM calls priced from their gen_ai.* span attributes',
    description:
      'Calls (spans with gen_ai.usage tokens), tokens and cost by service, endpoint (the service’s entry operation) and model, priced with the price table (defaults dated in `pricesAsOf`, or MERIDIAN_LLM_PRICES); models without a price are listed with their tokens and no cost.',
    query: api.llmCostsQuery,
    response: api.llmCostsResponse,
    handle: ({ query }, ctx) => llmCosts(ctx.store, ctx.llmPrices, query, ctx),
  }),
]
