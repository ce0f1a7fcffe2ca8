/**
 * Billing data for the demo, given to a running Meridian through its API as a user would: the
 * demo's FOCUS file uploaded to POST /api/v1/billing/imports, and two budgets made through
 * /api/v1/budgets — a monthly total that is on track, and a monthly budget of the ml team
 * (recommendation: a GPU instance and LLM APIs) set just under its forecast, so the Budgets page
 * shows one at risk.
 *
 * Re-running it (a restart of `pnpm demo` on the same data directory, or the hourly refresh) is
 * safe: an import replaces its billing periods, the total budget is made only when missing, and
 * the team budget's amount is set again from the current forecast.
 */
import { fileURLToPath } from 'node:url'
import { demoBillingCsv } from './demoBillingCsv.js'

/** The demo's allocation rules file (MERIDIAN_ALLOCATION_RULES of the Meridian `pnpm demo` starts). */
export const DEMO_ALLOCATION_RULES = fileURLToPath(new URL('./allocationRules.yaml', import.meta.url))

export const TOTAL_BUDGET = 'Demo shop: monthly cloud bill'
export const TEAM_BUDGET = 'Team ml: monthly'
const TOTAL_BUDGET_USD = 4500
/** The team budget's amount is set so the forecast is this much above it (or the actual this much of it). */
const FORECAST_OVER = 1.06
const ACTUAL_SHARE = 0.92

export interface DemoBillingImport {
  rows: number
  /** (provider, billing period) pairs the import replaced. */
  periods: number
  /** First day of the bill (epoch ms), and the end of today. */
  from: number
  to: number
  /** EffectiveCost uploaded per tag `service` ('' for untagged), USD. */
  costByService: Record<string, number>
}

export interface DemoBudget {
  id: string
  name: string
  amount: number
}

interface ApiError {
  error?: { code?: string; message?: string }
}

async function call<T>(apiUrl: string, method: string, path: string, body?: string, contentType = 'application/json'): Promise<T> {
  const res = await fetch(`${apiUrl}/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(120_000),
  })
  const text = await res.text()
  if (!res.ok) {
    let message = text.slice(0, 500)
    try {
      message = (JSON.parse(text) as ApiError).error?.message ?? message
    } catch {
      // not JSON: the text itself
    }
    throw new Error(`${method} /api/v1${path} answered ${res.status}: ${message}`)
  }
  return JSON.parse(text) as T
}

/** Uploads the demo's bill (the billing periods from about `days` ago until now). */
export async function importDemoBilling(apiUrl: string, nowMs = Date.now(), days = 60): Promise<DemoBillingImport> {
  const bill = demoBillingCsv(nowMs, days)
  const report = await call<{ rowsImported: number; periods: unknown[] }>(apiUrl, 'POST', '/billing/imports?filename=demo-shop-focus.csv', bill.csv, 'text/csv')
  return { rows: report.rowsImported, periods: report.periods.length, from: bill.from, to: bill.to, costByService: bill.costByService }
}

interface BudgetBody {
  name: string
  scope: { kind: 'total' } | { kind: 'team'; team: string }
  period: 'month'
  amount: number
  currency: 'USD'
}

interface StoredBudget extends BudgetBody {
  id: string
}

interface Status {
  budget: { id: string }
  actual: number | null
  forecast: { point: number } | null
}

const roundUp = (n: number, step: number) => Math.max(step, Math.ceil(n / step) * step)

/** The demo's two budgets, made when missing; the team budget's amount set again from its forecast. */
export async function ensureDemoBudgets(apiUrl: string): Promise<DemoBudget[]> {
  const { budgets } = await call<{ budgets: StoredBudget[] }>(apiUrl, 'GET', '/budgets')
  const byName = new Map(budgets.map((b) => [b.name, b]))
  const save = async (body: BudgetBody, existing?: StoredBudget) =>
    existing
      ? call<StoredBudget>(apiUrl, 'PUT', `/budgets/${existing.id}`, JSON.stringify(body))
      : call<StoredBudget>(apiUrl, 'POST', '/budgets', JSON.stringify(body))

  const total =
    byName.get(TOTAL_BUDGET) ?? (await save({ name: TOTAL_BUDGET, scope: { kind: 'total' }, period: 'month', amount: TOTAL_BUDGET_USD, currency: 'USD' }))
  const teamBody: BudgetBody = { name: TEAM_BUDGET, scope: { kind: 'team', team: 'ml' }, period: 'month', amount: 1000, currency: 'USD' }
  let team = byName.get(TEAM_BUDGET) ?? (await save(teamBody))

  // Just under what the team is heading for: the forecast threshold (100 %) holds, or the actual
  // one (80 %) when the month is nearly over.
  const status = await call<{ budgets: Status[] }>(apiUrl, 'GET', '/budgets/status')
  const figures = status.budgets.find((s) => s.budget.id === team.id)
  const forecast = figures?.forecast?.point ?? 0
  const actual = figures?.actual ?? 0
  if (forecast > 0 || actual > 0) {
    const amount = roundUp(Math.max(forecast / FORECAST_OVER, actual / ACTUAL_SHARE), 10)
    if (amount !== team.amount) team = await save({ ...teamBody, amount }, team)
  }
  return [total, team].map((b) => ({ id: b.id, name: b.name, amount: b.amount }))
}
