import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { type AllocationRule, allocationRule, type allocationRuleInput } from '../../api/allocation.js'
import { MeridianError } from '../../errors.js'
import type { Store } from '../../store.js'
import { type QueryOptions, selectRows, storeError } from '../../telemetry/queries/storeQuery.js'

/** A rule made through the API, as stored. */
export interface ApiRule {
  id: string
  priority: number
  rule: AllocationRule
  createdAt: number
  updatedAt: number
}

let lastVersion = 0
/** Microseconds since the epoch, strictly increasing within the process (two changes in one millisecond stay ordered). */
function nextVersion(): number {
  lastVersion = Math.max(Date.now() * 1000, lastVersion + 1)
  return lastVersion
}

interface RuleRow {
  RuleId: string
  Priority: number
  Rule: string
  CreatedAt: number
  UpdatedAt: number
}

/** The stored rules (not deleted), in evaluation order: priority, then creation, then id. */
export async function listApiRules(store: Store, options: QueryOptions = {}): Promise<ApiRule[]> {
  const rows = await selectRows<RuleRow>(
    store,
    `SELECT RuleId, argMax(Priority, Version) AS Priority, argMax(Rule, Version) AS Rule,
  toUnixTimestamp64Milli(min(CreatedAt)) AS CreatedAt, toUnixTimestamp64Milli(argMax(UpdatedAt, Version)) AS UpdatedAt
FROM ${store.database}.meridian_allocation_rules
GROUP BY RuleId
HAVING argMax(Deleted, Version) = 0
ORDER BY Priority, CreatedAt, RuleId`,
    {},
    options,
  )
  return rows.map((row) => {
    // written by this module after validation; a row that no longer parses (edited by hand) is an error to see, not to skip
    const parsed = allocationRule.safeParse(JSON.parse(row.Rule))
    if (!parsed.success) throw new MeridianError(500, 'invalid_stored_rule', `stored allocation rule ${row.RuleId} is not valid: ${parsed.error.issues[0]?.message}`)
    return { id: row.RuleId, priority: Number(row.Priority), rule: parsed.data, createdAt: Number(row.CreatedAt), updatedAt: Number(row.UpdatedAt) }
  })
}

async function getApiRule(store: Store, id: string, options: QueryOptions): Promise<ApiRule | undefined> {
  return (await listApiRules(store, options)).find((r) => r.id === id)
}

async function writeRow(store: Store, row: { id: string; deleted: boolean; priority: number; rule: AllocationRule | null; createdAt: number; updatedAt: number }, options: QueryOptions) {
  try {
    await store.client.insert({
      table: `${store.database}.meridian_allocation_rules`,
      format: 'JSONEachRow',
      values: [
        {
          RuleId: row.id,
          Version: nextVersion(),
          Deleted: row.deleted ? 1 : 0,
          Priority: row.priority,
          Rule: row.rule ? JSON.stringify(row.rule) : '',
          CreatedAt: dateTime(row.createdAt),
          UpdatedAt: dateTime(row.updatedAt),
        },
      ],
      abort_signal: options.signal,
      // a change is visible to the next read: wait for the insert, even on a server with async inserts
      clickhouse_settings: { wait_for_async_insert: 1, date_time_input_format: 'best_effort' },
    })
  } catch (err) {
    throw storeError(err, options.signal)
  }
}

/** A rule as the API takes it, validated (allocationRuleInput's output). */
export type ApiRuleInput = z.output<typeof allocationRuleInput>

/** Splits validated input into the rule and its priority. */
function ruleOf(input: ApiRuleInput): { rule: AllocationRule; priority: number } {
  const { priority, ...rule } = input
  return { rule, priority }
}

const dateTime = (ms: number) => new Date(ms).toISOString()

export async function createApiRule(store: Store, input: ApiRuleInput, options: QueryOptions = {}): Promise<ApiRule> {
  const { rule, priority } = ruleOf(input)
  const now = Date.now()
  const stored: ApiRule = { id: randomUUID(), priority, rule, createdAt: now, updatedAt: now }
  await writeRow(store, { id: stored.id, deleted: false, priority, rule, createdAt: now, updatedAt: now }, options)
  return stored
}

const notFound = (id: string) => new MeridianError(404, 'not_found', `id: no stored allocation rule ${id}`)

/** Replaces a stored rule (404 when there is none with that id). */
export async function replaceApiRule(store: Store, id: string, input: ApiRuleInput, options: QueryOptions = {}): Promise<ApiRule> {
  const existing = await getApiRule(store, id, options)
  if (!existing) throw notFound(id)
  const { rule, priority } = ruleOf(input)
  const updated: ApiRule = { id, priority, rule, createdAt: existing.createdAt, updatedAt: Date.now() }
  await writeRow(store, { id, deleted: false, priority, rule, createdAt: existing.createdAt, updatedAt: updated.updatedAt }, options)
  return updated
}

/** Deletes a stored rule (404 when there is none with that id). */
export async function deleteApiRule(store: Store, id: string, options: QueryOptions = {}): Promise<void> {
  const existing = await getApiRule(store, id, options)
  if (!existing) throw notFound(id)
  await writeRow(store, { id, deleted: true, priority: existing.priority, rule: null, createdAt: existing.createdAt, updatedAt: Date.now() }, options)
}
