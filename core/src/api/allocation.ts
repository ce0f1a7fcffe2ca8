import { z } from 'zod'
import { COST_METRICS, type CostMetric, costMetric, DEFAULT_COST_METRIC } from './cost.js'
import { timeParam, timeRangeQuery } from './telemetry.js'

/*
 * Contracts of cost allocation, unit costs and LLM costs (issue 5; docs/allocation.md).
 * Browser-safe: imports nothing but zod.
 *
 * Money is a JSON number in the currency named beside it (billing rows are summed exactly as
 * Decimal in the engine; shares of a split are computed in floating point, exact to far below a
 * cent). Days are UTC days, given as the epoch milliseconds of their midnight.
 */

// ---- rules ----

const name = (what: string) => z.string().trim().min(1, `${what} must not be empty`).max(200, `${what} must be at most 200 characters`)
export const serviceName = name('a service name')
export const teamName = name('a team name')

/** A value a column must have: exact, or a glob where `*` stands for any characters (`i-0ab*`, `*-prod`). */
export const pattern = z.string().min(1, 'must not be empty').max(1000)
/** One pattern, or a list of which any may match. */
export const patterns = z.union([pattern, z.array(pattern).min(1, 'must not be an empty list').max(1000)], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be a text (quote values such as "yes" or "true") or a list of texts' : undefined),
})
export type Patterns = z.infer<typeof patterns>

/**
 * What a billing row must have for the rule to take it; every condition given must hold (AND).
 * `namespace` and `workload` read the Kubernetes tags listed in docs/allocation.md.
 */
export const ruleMatch = z
  .strictObject({
    provider: patterns.optional().describe('FOCUS ProviderName'),
    cloudService: patterns.optional().describe('FOCUS ServiceName (the provider’s service, e.g. "Amazon EC2")'),
    billingAccountId: patterns.optional().describe('FOCUS BillingAccountId'),
    subAccountId: patterns.optional().describe('FOCUS SubAccountId (AWS account, Azure subscription, GCP project)'),
    subAccountName: patterns.optional().describe('FOCUS SubAccountName'),
    resourceId: patterns.optional().describe('FOCUS ResourceId'),
    namespace: patterns.optional().describe('Kubernetes namespace, from the row’s tags'),
    workload: patterns.optional().describe('Kubernetes workload (deployment, statefulset …), from the row’s tags'),
    tags: z.record(z.string().min(1), patterns).optional().describe('tag key → value pattern; `*` alone: the key is present'),
    untagged: z.literal(true).optional().describe('the row has no tags at all'),
    any: z.literal(true).optional().describe('every row (a catch-all, usually last)'),
  })
  .refine((m) => Object.values(m).some((v) => v !== undefined), { message: 'must name at least one condition (any: true matches every row)' })
export type RuleMatch = z.infer<typeof ruleMatch>

export const DEFAULT_CPU_METRIC = 'process.cpu.time'

/** How a shared cost is divided among services, per day. */
export const costSplit = z.discriminatedUnion('by', [
  z.strictObject({
    by: z.literal('requests'),
    among: z.array(serviceName).min(1).optional().describe('only these services (default: every service with requests that day)'),
  }),
  z.strictObject({
    by: z.literal('cpu'),
    metric: z.string().min(1).default(DEFAULT_CPU_METRIC).describe('a sum metric of CPU seconds reported per service.name'),
    among: z.array(serviceName).min(1).optional(),
  }),
  z.strictObject({
    by: z.literal('fixed'),
    shares: z
      .record(serviceName, z.number().positive('must be above 0').max(100, 'must be at most 100'))
      .refine((s) => Object.keys(s).length > 0, 'must name at least one service')
      .refine((s) => Object.values(s).reduce((a, b) => a + b, 0) <= 100 + 1e-9, 'percentages must add up to 100 at most (the rest stays unallocated)')
      .describe('service → percent'),
  }),
])
export type CostSplit = z.infer<typeof costSplit>

/** A rule: rows it matches go to one service (and team), or are split among services. */
export const allocationRule = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    match: ruleMatch,
    service: serviceName.optional().describe('the service the cost goes to'),
    team: teamName.optional().describe('the team that owns it (with `service`; split cost takes each service’s team from `teams`)'),
    split: costSplit.optional().describe('instead of `service`: divide the cost among services'),
  })
  .superRefine((r, ctx) => {
    if ((r.service === undefined) === (r.split === undefined)) ctx.addIssue({ code: 'custom', message: 'needs either service or split (one of them)', path: [] })
    if (r.split && r.team !== undefined) ctx.addIssue({ code: 'custom', message: 'a split rule takes no team: split cost goes to each service’s team (teams)', path: ['team'] })
  })
export type AllocationRule = z.infer<typeof allocationRule>

/** The rules file (MERIDIAN_ALLOCATION_RULES). */
export const allocationFile = z.strictObject({
  version: z.literal(1).optional(),
  teams: z.record(serviceName, teamName).optional().describe('service → team, for cost that reaches a service through a split or a rule without team'),
  rules: z.array(allocationRule).default([]),
})
export type AllocationFile = z.infer<typeof allocationFile>

/** A rule as the API creates or replaces it; stored rules are evaluated after the file's, by priority (lowest first). */
export const allocationRuleInput = z.intersection(
  allocationRule,
  z.object({ priority: z.number().int().min(0).max(1_000_000).default(100).describe('lowest first; ties: older first') }),
)
export type AllocationRuleInput = z.input<typeof allocationRuleInput>

export const storedRule = z.object({
  id: z.string().describe('file:<n> for the file’s rules, a UUID for stored ones'),
  source: z.enum(['file', 'api']),
  /** Where it stands in evaluation order (0 first); the first rule that matches a row takes it. */
  position: z.number().int(),
  priority: z.number().int().nullable().describe('stored rules only'),
  name: z.string(),
  match: z.record(z.string(), z.unknown()),
  service: z.string().optional(),
  team: z.string().optional(),
  split: z.record(z.string(), z.unknown()).optional(),
  updatedAt: z.number().nullable().describe('stored rules only: epoch ms'),
})
export type StoredRule = z.infer<typeof storedRule>

export const rulesResponse = z.object({
  /** Every rule in evaluation order: the file's, then the stored ones. */
  rules: z.array(storedRule),
  /** Service → team, from the file's `teams` and the rules that name both. */
  teams: z.record(z.string(), z.string()),
  file: z.string().nullable().describe('the rules file in use (MERIDIAN_ALLOCATION_RULES), if any'),
})
export type RulesResponse = z.infer<typeof rulesResponse>

export const ruleParams = z.object({ id: z.uuid('must be the id of a stored rule (a UUID); the rules of the file are changed in the file') })
export const deleteRuleResponse = z.object({ deleted: z.string().describe('the id of the rule deleted') })

// ---- queries ----

/** The FOCUS cost column allocated; the cost explorer's (api/cost.ts). */
export type AllocationMetric = CostMetric
const allocationMetric = costMetric.default(DEFAULT_COST_METRIC).describe('the FOCUS cost column (EffectiveCost: amortized, after discounts)')

/** A day (YYYY-MM-DD), epoch ms or an ISO date-time; ranges are widened to whole UTC days. */
const dayParam = z.union([z.iso.date().transform((s) => Date.parse(`${s}T00:00:00Z`)), timeParam], {
  error: 'must be a date (YYYY-MM-DD), epoch milliseconds or an ISO 8601 date-time',
})
export const MAX_ALLOCATION_DAYS = 731
export const dayRangeQuery = z
  .object({
    from: dayParam.describe('first day (YYYY-MM-DD, epoch ms or ISO 8601; rounded down to its UTC day)'),
    to: dayParam.describe('end, exclusive (rounded up to a UTC midnight)'),
  })
  .refine((q) => q.to > q.from, { message: 'must be after from', path: ['to'] })
  .refine((q) => q.to - q.from <= MAX_ALLOCATION_DAYS * 86_400_000, { message: `the range must be ${MAX_ALLOCATION_DAYS} days at most`, path: ['to'] })

export const UNALLOCATED_REASONS = ['no_rule', 'no_weights', 'fixed_remainder'] as const
export const unallocatedReason = z
  .enum(UNALLOCATED_REASONS)
  .describe('no_rule: no rule matched; no_weights: a split found no requests or CPU to divide by that day; fixed_remainder: fixed shares below 100 %')

export const allocationCostsQuery = z.intersection(
  dayRangeQuery,
  z.object({ by: z.enum(['service', 'team']).default('service'), metric: allocationMetric }),
)
const costRow = z.object({
  /** A service or team name; `unallocated` on the unallocated row; `''` for cost of a service without a team (by team). */
  name: z.string(),
  unallocated: z.boolean(),
  currency: z.string(),
  cost: z.number(),
})
export const allocationCostsResponse = z.object({
  from: z.number().describe('first day, epoch ms'),
  to: z.number().describe('end (exclusive), epoch ms'),
  by: z.enum(['service', 'team']),
  metric: z.enum(COST_METRICS),
  /** Per day and name (and currency); days without cost are left out. */
  days: z.array(costRow.extend({ day: z.number() })),
  /** Per name over the range, most expensive first; unallocated last. */
  totals: z.array(costRow),
  unallocated: z.array(z.object({ reason: unallocatedReason, currency: z.string(), cost: z.number() })),
})
export type AllocationCostsResponse = z.infer<typeof allocationCostsResponse>

export const unitCostsQuery = z.intersection(
  dayRangeQuery,
  z.object({
    metric: allocationMetric,
    service: z.string().min(1).optional().describe('only this service'),
    endpointSplit: z
      .enum(['duration', 'requests'])
      .default('duration')
      .describe('how a service’s cost is divided among its endpoints: by their share of its span time (default) or of its requests'),
  }),
)
const unitFigures = z.object({
  cost: z.number(),
  requests: z.number(),
  costPerRequest: z.number().nullable().describe('null without requests'),
  costPer1000Requests: z.number().nullable(),
})
export const unitCostsResponse = z.object({
  from: z.number(),
  to: z.number(),
  metric: z.enum(COST_METRICS),
  endpointSplit: z.enum(['duration', 'requests']),
  services: z.array(
    unitFigures.extend({
      service: z.string(),
      team: z.string().nullable(),
      currency: z.string(),
      days: z.array(unitFigures.extend({ day: z.number() })),
      endpoints: z.array(unitFigures.extend({ operation: z.string(), spanKind: z.string(), share: z.number().describe('fraction of the service’s cost') })),
    }),
  ),
})
export type UnitCostsResponse = z.infer<typeof unitCostsResponse>

export const llmCostsQuery = z.intersection(
  timeRangeQuery,
  z.object({ service: z.string().min(1).optional().describe('only this service'), model: z.string().min(1).optional().describe('only this model') }),
)
const llmFigures = z.object({
  calls: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  /** Null when no call of the group could be priced (its model is not in the price table). */
  cost: z.number().nullable(),
  costPerCall: z.number().nullable(),
  /** Calls whose model has no price: their tokens are counted, their cost is not. */
  unpricedCalls: z.number(),
  /** Calls with a token attribute that is not a whole number: counted with 0 tokens for it. */
  unreadableTokenCalls: z.number(),
})
export const modelPrice = z.object({ inputPerMillion: z.number(), outputPerMillion: z.number() })
export const llmCostsResponse = z.object({
  from: z.number(),
  to: z.number(),
  currency: z.string(),
  pricesAsOf: z.string().describe('when the default prices were taken from the providers’ price pages'),
  /** Per service, endpoint (the service's operation the call was made in) and model. */
  rows: z.array(llmFigures.extend({ service: z.string(), endpoint: z.string(), model: z.string(), priced: z.boolean() })),
  services: z.array(llmFigures.extend({ service: z.string() })),
  models: z.array(
    llmFigures.extend({
      model: z.string(),
      priced: z.boolean(),
      /** The price-table entry that priced it (exact name or the longest prefix), null when unknown. */
      priceEntry: z.string().nullable(),
      price: modelPrice.nullable(),
    }),
  ),
  total: llmFigures,
})
export type LlmCostsResponse = z.infer<typeof llmCostsResponse>
