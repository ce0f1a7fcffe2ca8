import { alertHistoryTable, alertInstancesTable, type Store } from '@meridian/core'
import type { ActiveState, AlertInstance, AlertState, AlertTransition } from './alertInstance.js'
import type { Comparison } from './alertRule.js'
import type { Labels } from './labels.js'
import { dateTime64, insertRows, nullableDateTime64, selectRows } from './storeRows.js'

interface InstanceRow {
  RuleId: string
  Fingerprint: string
  version: string
  RuleName: string
  Labels: Labels
  Annotations: Record<string, string>
  State: AlertInstance['state']
  PendingFor: string
  ResolvedFrom: string
  activeAt: number | null
  firedAt: number | null
  resolvedAt: number | null
  keepFiringSince: number | null
  lastEvaluation: number
  Value: number | null
  Threshold: number | null
  Comparison: string
  Figures: string
  Error: string
}

const orNull = <T extends string>(text: string): T | null => (text === '' ? null : (text as T))

/** Every stored instance that has not ended, with the highest version seen (for the engine's version clock). */
export async function loadAlertInstances(store: Store): Promise<{ instances: AlertInstance[]; version: bigint }> {
  const rows = await selectRows<InstanceRow>(
    store,
    `SELECT RuleId, Fingerprint, toString(Version) AS version, RuleName, Labels, Annotations, State, PendingFor, ResolvedFrom,
            toUnixTimestamp64Milli(ActiveAt) AS activeAt, toUnixTimestamp64Milli(FiredAt) AS firedAt,
            toUnixTimestamp64Milli(ResolvedAt) AS resolvedAt, toUnixTimestamp64Milli(KeepFiringSince) AS keepFiringSince,
            toUnixTimestamp64Milli(LastEvaluation) AS lastEvaluation, Value, Threshold, Comparison, Figures, Error
       FROM ${store.database}.${alertInstancesTable.name} FINAL
      WHERE Deleted = 0
      ORDER BY RuleId, Fingerprint`,
  )
  const [max] = await selectRows<{ v: string }>(store, `SELECT toString(max(Version)) AS v FROM ${store.database}.${alertInstancesTable.name}`)
  return {
    version: BigInt(max?.v ?? '0'),
    instances: rows.map((r) => ({
      ruleId: r.RuleId,
      ruleName: r.RuleName,
      fingerprint: r.Fingerprint,
      labels: r.Labels,
      annotations: r.Annotations,
      state: r.State,
      pendingFor: orNull<ActiveState>(r.PendingFor),
      resolvedFrom: orNull<ActiveState>(r.ResolvedFrom),
      activeAt: r.activeAt,
      firedAt: r.firedAt,
      resolvedAt: r.resolvedAt,
      keepFiringSince: r.keepFiringSince,
      lastEvaluation: r.lastEvaluation,
      value: r.Value,
      threshold: r.Threshold,
      comparison: orNull<Comparison>(r.Comparison),
      values: JSON.parse(r.Figures || '{}') as Record<string, number | string>,
      error: r.Error,
    })),
  }
}

/** Stores instances as they are now, and tombstones for the ones that ended, under one version. */
export async function writeAlertInstances(store: Store, instances: AlertInstance[], ended: { ruleId: string; fingerprint: string }[], version: bigint): Promise<void> {
  const v = version.toString()
  await insertRows(store, alertInstancesTable.name, [
    ...instances.map((i) => ({
      RuleId: i.ruleId,
      Fingerprint: i.fingerprint,
      Version: v,
      Deleted: 0,
      RuleName: i.ruleName,
      Labels: i.labels,
      Annotations: i.annotations,
      State: i.state,
      PendingFor: i.pendingFor ?? '',
      ResolvedFrom: i.resolvedFrom ?? '',
      ActiveAt: nullableDateTime64(i.activeAt),
      FiredAt: nullableDateTime64(i.firedAt),
      ResolvedAt: nullableDateTime64(i.resolvedAt),
      KeepFiringSince: nullableDateTime64(i.keepFiringSince),
      LastEvaluation: dateTime64(i.lastEvaluation),
      Value: i.value,
      Threshold: i.threshold,
      Comparison: i.comparison ?? '',
      Figures: JSON.stringify(i.values),
      Error: i.error,
    })),
    ...ended.map((e) => ({ RuleId: e.ruleId, Fingerprint: e.fingerprint, Version: v, Deleted: 1, LastEvaluation: dateTime64(0) })),
  ])
}

export async function writeAlertHistory(store: Store, transitions: AlertTransition[]): Promise<void> {
  await insertRows(
    store,
    alertHistoryTable.name,
    transitions.map((t) => ({
      Time: dateTime64(t.at),
      RuleId: t.ruleId,
      RuleName: t.ruleName,
      Fingerprint: t.fingerprint,
      Labels: t.labels,
      FromState: t.from,
      ToState: t.to,
      Value: t.value,
      Threshold: t.threshold,
    })),
  )
}

export interface AlertHistoryQuery {
  /** Epoch ms, start inclusive, end exclusive. */
  from: number
  to: number
  ruleId?: string
  fingerprint?: string
  /** Newest first, at most this many (default 1,000). */
  limit?: number
}

/** The state changes of a time range (newest first): the Alerts page's history. */
export async function alertHistory(store: Store, query: AlertHistoryQuery): Promise<AlertTransition[]> {
  const rows = await selectRows<{ at: number; RuleId: string; RuleName: string; Fingerprint: string; Labels: Labels; FromState: AlertState; ToState: AlertState; Value: number | null; Threshold: number | null }>(
    store,
    `SELECT toUnixTimestamp64Milli(Time) AS at, RuleId, RuleName, Fingerprint, Labels, FromState, ToState, Value, Threshold
       FROM ${store.database}.${alertHistoryTable.name}
      WHERE Time >= fromUnixTimestamp64Milli({from:Int64}) AND Time < fromUnixTimestamp64Milli({to:Int64})
        ${query.ruleId === undefined ? '' : 'AND RuleId = {ruleId:String}'}
        ${query.fingerprint === undefined ? '' : 'AND Fingerprint = {fingerprint:String}'}
      ORDER BY Time DESC, RuleId, Fingerprint
      LIMIT {limit:UInt32}`,
    { from: query.from, to: query.to, ruleId: query.ruleId, fingerprint: query.fingerprint, limit: query.limit ?? 1000 },
  )
  return rows.map((r) => ({ at: r.at, ruleId: r.RuleId, ruleName: r.RuleName, fingerprint: r.Fingerprint, labels: r.Labels, from: r.FromState, to: r.ToState, value: r.Value, threshold: r.Threshold }))
}
