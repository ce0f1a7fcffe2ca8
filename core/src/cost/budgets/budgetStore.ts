import { randomUUID } from 'node:crypto'
import type { Budget, BudgetInput, BudgetScope, BudgetThreshold, CostMetric } from '../../api/cost.js'
import { MeridianError } from '../../errors.js'
import { budgetsTable } from '../../schema/costTables.js'
import type { Store } from '../../store.js'
import { type QueryOptions, selectRows, storeError } from '../../telemetry/queries/storeQuery.js'
import { parseScaled, scaledToString } from '../currency/scaledAmount.js'

/*
 * Budgets in meridian_budgets: a change writes a new row with a higher Version, a delete a
 * tombstone (Deleted = 1); reads take each Id's newest row with FINAL. No UPDATE or DELETE
 * mutations, which are slow and asynchronous in ClickHouse.
 */

interface BudgetRow {
  Id: string
  version: string
  Name: string
  ScopeKind: BudgetScope['kind']
  ScopeKey: string
  ScopeValue: string
  Period: Budget['period']
  amount: string
  Currency: string
  Metric: CostMetric
  Thresholds: string
  createdAt: number
  updatedAt: number
}

const table = (store: Store) => `${store.database}.${budgetsTable.name}`

function scopeOf(row: BudgetRow): BudgetScope {
  switch (row.ScopeKind) {
    case 'provider':
      return { kind: 'provider', provider: row.ScopeValue }
    case 'service':
      return { kind: 'service', service: row.ScopeValue }
    case 'team':
      return { kind: 'team', team: row.ScopeValue }
    case 'tag':
      return { kind: 'tag', key: row.ScopeKey, value: row.ScopeValue }
    default:
      return { kind: 'total' }
  }
}

function scopeColumns(scope: BudgetScope): { ScopeKind: string; ScopeKey: string; ScopeValue: string } {
  switch (scope.kind) {
    case 'total':
      return { ScopeKind: 'total', ScopeKey: '', ScopeValue: '' }
    case 'provider':
      return { ScopeKind: 'provider', ScopeKey: '', ScopeValue: scope.provider }
    case 'service':
      return { ScopeKind: 'service', ScopeKey: '', ScopeValue: scope.service }
    case 'team':
      return { ScopeKind: 'team', ScopeKey: '', ScopeValue: scope.team }
    case 'tag':
      return { ScopeKind: 'tag', ScopeKey: scope.key, ScopeValue: scope.value }
  }
}

const toBudget = (row: BudgetRow): Budget & { version: bigint } => ({
  id: row.Id,
  name: row.Name,
  scope: scopeOf(row),
  period: row.Period,
  amount: Number(row.amount),
  currency: row.Currency,
  metric: row.Metric,
  thresholds: JSON.parse(row.Thresholds) as BudgetThreshold[],
  createdAt: Number(row.createdAt),
  updatedAt: Number(row.updatedAt),
  version: BigInt(row.version),
})

/** The amount as decimal text with at most 12 decimals (the shortest text of the number, never an exponent). */
const decimalText = (amount: number) => scaledToString(parseScaled(/e/i.test(String(amount)) ? amount.toFixed(12) : String(amount)))
const dateTime64 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')

async function readBudgets(store: Store, id: string | undefined, options: QueryOptions): Promise<(Budget & { version: bigint })[]> {
  const rows = await selectRows<BudgetRow>(
    store,
    `SELECT Id, toString(Version) AS version, Name, ScopeKind, ScopeKey, ScopeValue, Period, toString(Amount) AS amount, Currency, Metric, Thresholds,
            toUnixTimestamp64Milli(CreatedAt) AS createdAt, toUnixTimestamp64Milli(UpdatedAt) AS updatedAt
       FROM ${table(store)} FINAL
      WHERE Deleted = 0 ${id === undefined ? '' : 'AND Id = {id:String}'}
      ORDER BY Name, Id`,
    id === undefined ? {} : { id },
    options,
  )
  return rows.map(toBudget)
}

const withoutVersion = ({ version: _version, ...budget }: Budget & { version: bigint }): Budget => budget

/** Every budget, by name. */
export async function listBudgets(store: Store, options: QueryOptions = {}): Promise<Budget[]> {
  return (await readBudgets(store, undefined, options)).map(withoutVersion)
}

async function current(store: Store, id: string, options: QueryOptions) {
  const [found] = await readBudgets(store, id, options)
  if (!found) throw new MeridianError(404, 'not_found', `id: no budget ${id}`)
  return found
}

export async function getBudget(store: Store, id: string, options: QueryOptions = {}): Promise<Budget> {
  return withoutVersion(await current(store, id, options))
}

/** Microseconds now, and always above the version it replaces (clocks can step back). */
const nextVersion = (previous = -1n) => {
  const now = BigInt(Date.now()) * 1000n
  return now > previous ? now : previous + 1n
}

async function write(store: Store, budget: Budget, version: bigint, deleted: boolean): Promise<void> {
  try {
    await store.client.insert({
      table: table(store),
      format: 'JSONEachRow',
      values: [
        {
          Id: budget.id,
          Version: version.toString(),
          Deleted: deleted ? 1 : 0,
          Name: budget.name,
          ...scopeColumns(budget.scope),
          Period: budget.period,
          Amount: decimalText(budget.amount),
          Currency: budget.currency,
          Metric: budget.metric,
          Thresholds: JSON.stringify(budget.thresholds),
          CreatedAt: dateTime64(budget.createdAt),
          UpdatedAt: dateTime64(budget.updatedAt),
        },
      ],
    })
  } catch (err) {
    throw storeError(err)
  }
}

export async function createBudget(store: Store, input: BudgetInput): Promise<Budget> {
  const now = Date.now()
  const budget: Budget = { ...input, amount: Number(decimalText(input.amount)), id: randomUUID(), createdAt: now, updatedAt: now }
  await write(store, budget, nextVersion(), false)
  return budget
}

/** Replaces a budget's settings (404 when there is none); its id and creation time stay. */
export async function updateBudget(store: Store, id: string, input: BudgetInput, options: QueryOptions = {}): Promise<Budget> {
  const before = await current(store, id, options)
  const budget: Budget = { ...input, amount: Number(decimalText(input.amount)), id, createdAt: before.createdAt, updatedAt: Math.max(Date.now(), before.updatedAt) }
  await write(store, budget, nextVersion(before.version), false)
  return budget
}

/** Deletes a budget (404 when there is none) with a tombstone row. */
export async function deleteBudget(store: Store, id: string, options: QueryOptions = {}): Promise<{ id: string; deleted: true }> {
  const before = await current(store, id, options)
  await write(store, { ...withoutVersion(before), updatedAt: Math.max(Date.now(), before.updatedAt) }, nextVersion(before.version), true)
  return { id, deleted: true }
}
