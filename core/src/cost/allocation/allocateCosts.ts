import type { AllocationMetric, CostSplit, UNALLOCATED_REASONS } from '../../api/allocation.js'
import type { Store } from '../../store.js'
import { SqlParams, secondTime } from '../../telemetry/queries/sqlParams.js'
import { type QueryOptions, selectRows } from '../../telemetry/queries/storeQuery.js'
import type { TimeRange } from '../../telemetry/queries/timeRange.js'
import { ruleIndexSql } from './compileRules.js'
import { type DailyWeights, dailyCpuSeconds, dailyRequests } from './dailyWeights.js'
import type { RuleSet } from './ruleSet.js'
import { splitByPercent, splitByWeights } from './splitCost.js'

/*
 * Allocation at query time: the rules, compiled into one multiIf, label every billing row of the
 * range with the first rule that matches; the engine sums the labelled cost per day, rule and
 * currency (exactly, in Decimal), and the few hundred sums that come back are given to services
 * here: straight to a rule's service, or split by the day's requests, CPU seconds or fixed
 * percentages. Nothing is stored, so a changed rule applies to all history at once
 * (docs/allocation.md says why this beat materializing, with the measurement).
 *
 * Days are UTC days. A charge whose period spans several days (a monthly fee) is spread evenly
 * over them, so cost per day and per request do not jump on the first of the month.
 */

export type CostMetric = AllocationMetric
export type UnallocatedReason = (typeof UNALLOCATED_REASONS)[number]

export const DAY_MS = 86_400_000

/** The range widened to whole UTC days. */
export function wholeDays(range: TimeRange): TimeRange {
  return { from: Math.floor(range.from / DAY_MS) * DAY_MS, to: Math.ceil(range.to / DAY_MS) * DAY_MS }
}

/** Epoch ms of a UTC day (YYYY-MM-DD). */
export const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`)
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Cost of one day that went to a service, or stayed unallocated. */
export interface AllocatedCost {
  /** YYYY-MM-DD (UTC). */
  day: string
  /** Null when unallocated. */
  service: string | null
  team: string | null
  currency: string
  cost: number
  unallocated?: UnallocatedReason
  /** The rule that took it (absent for no_rule). */
  ruleId?: string
}

interface RuleSum {
  day: string
  rule: number
  currency: string
  cost: string
}

/**
 * The SQL of the cost per day, rule (index, -1 for none) and currency of the billing rows in the
 * range (whole UTC days): `day` (YYYY-MM-DD), `rule`, `currency`, `cost` (exact decimal text).
 */
export function ruleSumsSql(p: SqlParams, database: string, ruleSet: RuleSet, range: TimeRange, metric: CostMetric): string {
  const rule = ruleIndexSql(
    p,
    ruleSet.rules.map((r) => r.rule.match),
  )
  // metric is one of COST_METRICS (the contract's enum): a column name from a fixed list
  return `SELECT toString(Day) AS day, Rule AS rule, Currency AS currency, toString(sum(DayAmount)) AS cost
FROM (
  SELECT ${rule} AS Rule, BillingCurrency AS Currency,
    toDate(ChargePeriodStart) AS FirstDay,
    toUInt32(dateDiff('day', FirstDay, greatest(FirstDay, toDate(ChargePeriodEnd - 1))) + 1) AS Days,
    ${metric} / Days AS DayAmount
  FROM ${database}.meridian_billing
  WHERE ChargePeriodStart < ${secondTime(p, range.to)}
    AND (ChargePeriodEnd > ${secondTime(p, range.from)} OR ChargePeriodStart >= ${secondTime(p, range.from)})
)
ARRAY JOIN arrayFilter(d -> d >= ${p.add('Date', dayText(range.from))} AND d < ${p.add('Date', dayText(range.to))}, arrayMap(i -> FirstDay + i, range(Days))) AS Day
GROUP BY Day, Rule, Currency
ORDER BY Day, Rule, Currency`
}

/** The same, with its parameters: for materializing it elsewhere (bench/allocation.ts compares that with reading at query time). */
export function ruleSumsQuery(database: string, ruleSet: RuleSet, range: TimeRange, metric: CostMetric): { sql: string; params: Record<string, unknown> } {
  const p = new SqlParams()
  const sql = ruleSumsSql(p, database, ruleSet, range, metric)
  return { sql, params: p.values }
}

async function costPerRule(store: Store, ruleSet: RuleSet, range: TimeRange, metric: CostMetric, options: QueryOptions): Promise<RuleSum[]> {
  const p = new SqlParams()
  return selectRows<RuleSum>(store, ruleSumsSql(p, store.database, ruleSet, range, metric), p.values, options)
}

/** The weights each split rule needs, read once per kind. */
async function splitWeights(store: Store, ruleSet: RuleSet, range: TimeRange, options: QueryOptions) {
  const splits = ruleSet.rules.map((r) => r.rule.split).filter((s): s is CostSplit => s !== undefined)
  const requests = splits.some((s) => s.by === 'requests') ? await dailyRequests(store, range, options) : undefined
  const cpu = new Map<string, DailyWeights>()
  for (const s of splits) {
    if (s.by === 'cpu' && !cpu.has(s.metric)) cpu.set(s.metric, await dailyCpuSeconds(store, range, s.metric, options))
  }
  return { requests, cpu }
}

/** Cost per day and service (or unallocated, with why) over whole UTC days. */
export async function allocateCosts(store: Store, ruleSet: RuleSet, range: TimeRange, metric: CostMetric, options: QueryOptions = {}): Promise<AllocatedCost[]> {
  const days = wholeDays(range)
  const [sums, weights] = await Promise.all([costPerRule(store, ruleSet, days, metric, options), splitWeights(store, ruleSet, days, options)])
  const teamOf = (service: string) => ruleSet.teams.get(service) ?? null
  const out: AllocatedCost[] = []
  for (const sum of sums) {
    const cost = Number(sum.cost)
    const base = { day: sum.day, currency: sum.currency }
    const entry = ruleSet.rules[Number(sum.rule)]
    if (!entry) {
      out.push({ ...base, service: null, team: null, cost, unallocated: 'no_rule' })
      continue
    }
    const { rule, id: ruleId } = entry
    if (rule.service !== undefined) {
      out.push({ ...base, service: rule.service, team: rule.team ?? teamOf(rule.service), cost, ruleId })
      continue
    }
    const split = rule.split as CostSplit
    if (split.by === 'fixed') {
      const { portions, remainder } = splitByPercent(cost, split.shares)
      for (const p of portions) out.push({ ...base, service: p.service, team: teamOf(p.service), cost: p.cost, ruleId })
      if (remainder !== 0) out.push({ ...base, service: null, team: null, cost: remainder, unallocated: 'fixed_remainder', ruleId })
      continue
    }
    const daily = split.by === 'requests' ? weights.requests : weights.cpu.get(split.metric)
    const portions = splitByWeights(cost, daily?.get(sum.day) ?? new Map(), split.among)
    if (!portions) out.push({ ...base, service: null, team: null, cost, unallocated: 'no_weights', ruleId })
    else for (const p of portions) out.push({ ...base, service: p.service, team: teamOf(p.service), cost: p.cost, ruleId })
  }
  return out
}
