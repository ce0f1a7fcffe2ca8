import { randomUUID } from 'node:crypto'
import { alertRulesTable, MeridianError, type Store, storeError } from '@meridian/core'
import { type AlertRuleSpec, alertRuleSpec } from '@meridian/core/api'

/*
 * Alert rules made through the API, in meridian_alert_rules (migration 12): a change writes a new
 * row with a higher Version, a delete a tombstone; reads take each id's newest row with FINAL.
 * Ids are api/<uuid>, so the engine keeps a rule's alerts across edits (its id stays).
 */

export const API_GROUP = 'api'

export interface StoredRule {
  id: string
  group: string
  spec: AlertRuleSpec | null
  /** Why a stored rule no longer validates (a newer Meridian may check more). */
  problem: string | null
  version: bigint
  createdAt: number
  updatedAt: number
}

interface Row {
  Id: string
  version: string
  GroupName: string
  Definition: string
  createdAt: number
  updatedAt: number
}

const dateTime64 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')

async function select(store: Store, id: string | undefined, signal?: AbortSignal): Promise<StoredRule[]> {
  let rows: Row[]
  try {
    const result = await store.client.query({
      query: `SELECT Id, toString(Version) AS version, GroupName, Definition, toUnixTimestamp64Milli(CreatedAt) AS createdAt, toUnixTimestamp64Milli(UpdatedAt) AS updatedAt
                FROM ${store.database}.${alertRulesTable.name} FINAL
               WHERE Deleted = 0 ${id === undefined ? '' : 'AND Id = {id:String}'}
               ORDER BY GroupName, Alert, Id`,
      query_params: id === undefined ? {} : { id },
      format: 'JSONEachRow',
      abort_signal: signal,
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    })
    rows = await result.json<Row>()
  } catch (err) {
    throw storeError(err, signal)
  }
  return rows.map((row) => {
    const parsed = alertRuleSpec.safeParse(JSON.parse(row.Definition))
    return {
      id: row.Id,
      group: row.GroupName,
      spec: parsed.success ? parsed.data : null,
      problem: parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      version: BigInt(row.version),
      createdAt: Number(row.createdAt),
      updatedAt: Number(row.updatedAt),
    }
  })
}

/** Every stored rule by group and alert. */
export const listStoredRules = (store: Store, signal?: AbortSignal) => select(store, undefined, signal)

export async function getStoredRule(store: Store, id: string, signal?: AbortSignal): Promise<StoredRule | undefined> {
  return (await select(store, id, signal))[0]
}

const nextVersion = (previous = -1n) => {
  const now = BigInt(Date.now()) * 1000n
  return now > previous ? now : previous + 1n
}

async function write(store: Store, id: string, spec: AlertRuleSpec, deleted: boolean, version: bigint, createdAt: number): Promise<void> {
  try {
    await store.client.insert({
      table: `${store.database}.${alertRulesTable.name}`,
      format: 'JSONEachRow',
      values: [
        {
          Id: id,
          Version: version.toString(),
          Deleted: deleted ? 1 : 0,
          GroupName: spec.group ?? API_GROUP,
          Alert: spec.alert,
          Definition: deleted ? '' : JSON.stringify(spec),
          CreatedAt: dateTime64(createdAt),
          UpdatedAt: dateTime64(Date.now()),
        },
      ],
    })
  } catch (err) {
    throw storeError(err)
  }
}

async function refuseTaken(store: Store, spec: AlertRuleSpec, except?: string): Promise<void> {
  const group = spec.group ?? API_GROUP
  const other = (await listStoredRules(store)).find((r) => r.id !== except && r.group === group && r.spec?.alert === spec.alert)
  if (other) throw new MeridianError(409, 'already_exists', `alert: the group ${group} already has a rule ${spec.alert} (${other.id}); replace it with PUT /alerts/rules/${other.id}`)
}

export async function createStoredRule(store: Store, spec: AlertRuleSpec): Promise<StoredRule> {
  await refuseTaken(store, spec)
  const id = `api/${randomUUID()}`
  const now = Date.now()
  const version = nextVersion()
  await write(store, id, spec, false, version, now)
  return { id, group: spec.group ?? API_GROUP, spec, problem: null, version, createdAt: now, updatedAt: now }
}

export async function replaceStoredRule(store: Store, id: string, spec: AlertRuleSpec): Promise<StoredRule> {
  const before = await getStoredRule(store, id)
  if (!before) throw new MeridianError(404, 'not_found', `id: no rule ${id} made through the API`)
  await refuseTaken(store, spec, id)
  const version = nextVersion(before.version)
  await write(store, id, spec, false, version, before.createdAt)
  return { ...before, group: spec.group ?? API_GROUP, spec, problem: null, version, updatedAt: Date.now() }
}

export async function deleteStoredRule(store: Store, id: string): Promise<{ id: string; deleted: true }> {
  const before = await getStoredRule(store, id)
  if (!before) throw new MeridianError(404, 'not_found', `id: no rule ${id} made through the API`)
  await write(store, id, before.spec ?? ({ alert: 'deleted', kind: 'slo_burn_rate', slo: 'deleted' } as AlertRuleSpec), true, nextVersion(before.version), before.createdAt)
  return { id, deleted: true }
}
