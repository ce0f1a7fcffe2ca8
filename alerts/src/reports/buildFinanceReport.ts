import {
  type AllocationSettings,
  allocationTeamDailyCost,
  budgetStatuses,
  type CurrencySettings,
  costExplorer,
  type LlmPriceTable,
  llmCosts,
  loadRuleSet,
  MeridianError,
  type Store,
} from '@meridian/core'
import type { CostMetric, CostResponse, ExchangeRateUsed, FinanceReport, LlmSummary, TeamLine } from '@meridian/core/api'
import { lineBudgets, reportBudget } from './reportBudgets.js'
import { monthForecast } from './reportForecast.js'
import { dayText, reportPeriods } from './reportPeriod.js'
import { serviceUnitCosts, teamCosts, teamOfKey } from './reportTeams.js'
import { biggestMovers, changeOf, money, spendLines } from './spendLines.js'

export interface FinanceReportDeps {
  /** Reporting currency and exchange rates (MERIDIAN_REPORTING_CURRENCY, MERIDIAN_EXCHANGE_RATES). */
  currency: CurrencySettings
  /** Allocation rules file; the stored rules are read from the store. */
  allocation: AllocationSettings
  llmPrices: LlmPriceTable
  /** The FOCUS cost column reported (default EffectiveCost: amortized, after discounts). */
  metric?: CostMetric
  /** The moment the report is made (default now). */
  now?: number
  signal?: AbortSignal
}

/** Services listed by name (the rest are summed in otherServices), movers, unit-cost and LLM lines. */
export const REPORT_LIMITS = { services: 1000, movers: 10, unitCosts: 50, llmModels: 20 } as const

/**
 * The finance report of `month` (YYYY-MM), from core's cost functions: spend by provider and
 * service (cost explorer) and by team (allocation) against the previous period and against
 * monthly budgets of the same scope; the largest movers; every budget's status at the period's
 * end; the running month's forecast; cost per request per service; LLM spend; and the exchange
 * rates used. What cannot be shown (no allocation rules, a missing rate for one part) is said in
 * `notes`; a store failure, or costs in several currencies with no rate, fails the whole report.
 */
export async function buildFinanceReport(store: Store, month: string, deps: FinanceReportDeps): Promise<FinanceReport> {
  const now = deps.now ?? Date.now()
  const metric = deps.metric ?? 'EffectiveCost'
  const { complete, period, previous } = reportPeriods(month, now)
  const options = { signal: deps.signal }
  const notes: string[] = []
  const rates = new Map<string, ExchangeRateUsed>()
  const noteRates = (list: ExchangeRateUsed[]) => {
    for (const r of list) rates.set(`${r.from}:${r.to}`, r)
  }

  const explore = async (range: { start: number; end: number }, dimension: string, currency: string | undefined) => {
    const result = await costExplorer(
      store,
      { from: range.start, to: range.end, metric, groupBy: { kind: 'dimension', dimension }, filter: [], granularity: 'month', top: 1, limit: REPORT_LIMITS.services, currency },
      deps.currency,
      options,
    )
    noteRates(result.exchangeRates)
    return result
  }
  const sums = (r: CostResponse) => new Map(r.groups.map((g) => [g.key, g.total]))

  // the first read settles the currency (the reporting one, else the costs' own), and every other read uses it
  const providersNow = await explore(period, 'ProviderName', undefined)
  const providersBefore = await explore(previous, 'ProviderName', providersNow.currency ?? undefined)
  const currency = providersNow.currency ?? providersBefore.currency
  const servicesNow = await explore(period, 'ServiceName', currency ?? undefined)
  const servicesBefore = await explore(previous, 'ServiceName', currency ?? undefined)

  const ruleSet = await loadRuleSet(store, deps.allocation, options)
  const hasRules = ruleSet.rules.length > 0
  const statuses = await budgetStatuses(store, period.end - 1, { ...options, currency: deps.currency, teamDailyCost: allocationTeamDailyCost(store, deps.allocation) })
  const budgetOf = lineBudgets(statuses.budgets)

  let teams: TeamLine[] = []
  let unitCostLines: FinanceReport['unitCosts'] = []
  if (!hasRules) notes.push('Teams and cost per request need cost allocation rules (MERIDIAN_ALLOCATION_RULES or the API; docs/allocation.md), and there are none.')
  else if (currency) {
    try {
      const teamsNow = await teamCosts(store, deps.allocation, deps.currency, period, metric, currency, deps.signal)
      const teamsBefore = await teamCosts(store, deps.allocation, deps.currency, previous, metric, currency, deps.signal)
      noteRates(teamsNow.rates)
      noteRates(teamsBefore.rates)
      teams = spendLines(teamsNow.sums, teamsBefore.sums, (key) => {
        const team = teamOfKey(key)
        return team.unallocated ? null : budgetOf.team(team.name)
      }).map(({ key, ...line }) => ({ ...line, key: teamOfKey(key).name, unallocated: teamOfKey(key).unallocated }))
      const units = await serviceUnitCosts(store, deps.allocation, deps.currency, period, metric, currency, deps.signal)
      noteRates(units.rates)
      unitCostLines = units.lines.slice(0, REPORT_LIMITS.unitCosts)
    } catch (err) {
      if (!(err instanceof MeridianError) || err.status !== 422) throw err
      notes.push(`Teams and cost per request are not shown: ${err.message}`)
    }
  }

  const providers = spendLines(sums(providersNow), sums(providersBefore), budgetOf.provider)
  const services = spendLines(sums(servicesNow), sums(servicesBefore), budgetOf.service)
  const listedBefore = services.reduce((s, l) => s + l.previous, 0)
  if (servicesNow.otherGroups.count > 0) notes.push(`${servicesNow.otherGroups.count} more services are summed as "other services".`)

  const llm = await llmSummary(store, deps.llmPrices, period, currency, notes, deps.signal)
  let forecast: FinanceReport['forecast'] = null
  try {
    forecast = await monthForecast(store, { month, complete, now, metric, currency, settings: deps.currency, signal: deps.signal })
  } catch (err) {
    // the running month may hold currencies the reported one did not (a rate missing for them only)
    if (!(err instanceof MeridianError) || err.status !== 422) throw err
    notes.push(`The forecast is not shown: ${err.message}`)
  }

  return {
    month,
    complete,
    period: { start: dayText(period.start), end: dayText(period.end) },
    previousPeriod: { start: dayText(previous.start), end: dayText(previous.end) },
    generatedAt: now,
    metric,
    currency,
    exchangeRates: [...rates.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
    total: { ...changeOf(providersNow.total, providersBefore.total), budget: budgetOf.total() },
    providers,
    services,
    otherServices: { count: servicesNow.otherGroups.count, amount: money(servicesNow.otherGroups.total), previous: money(servicesBefore.total - listedBefore) },
    teams,
    movers: biggestMovers(
      [
        { dimension: 'provider', lines: providers },
        { dimension: 'service', lines: services },
        { dimension: 'team', lines: teams.filter((t) => !t.unallocated) },
      ],
      REPORT_LIMITS.movers,
    ),
    budgets: statuses.budgets.map((s) => reportBudget(s, period.end)),
    forecast,
    unitCosts: unitCostLines,
    llm,
    notes,
  }
}

/** LLM calls and their cost in the period (priced from spans; the price table's currency). */
async function llmSummary(
  store: Store,
  prices: LlmPriceTable,
  period: { start: number; end: number },
  currency: string | null,
  notes: string[],
  signal?: AbortSignal,
): Promise<LlmSummary | null> {
  const result = await llmCosts(store, prices, { from: period.start, to: period.end }, { signal })
  if (result.total.calls === 0) return null
  if (currency && result.currency !== currency) notes.push(`LLM costs are in ${result.currency}, the currency of the price table, and are not converted.`)
  return {
    currency: result.currency,
    calls: result.total.calls,
    cost: result.total.cost,
    unpricedCalls: result.total.unpricedCalls,
    models: result.models.slice(0, REPORT_LIMITS.llmModels).map((m) => ({ model: m.model, calls: m.calls, cost: m.cost })),
  }
}
