import { alertNotificationsTable, type Store } from '@meridian/core'
import type { NotificationRecord } from './dispatcher.js'
import type { Labels } from './labels.js'
import { NOTIFICATION_LOG_RETENTION_MS, type NotificationLogEntry } from './notificationLog.js'
import { dateTime64, insertRows, selectRows } from './storeRows.js'

export async function writeNotificationRecords(store: Store, records: NotificationRecord[]): Promise<void> {
  await insertRows(
    store,
    alertNotificationsTable.name,
    records.map((r) => ({
      Time: dateTime64(r.at),
      Receiver: r.receiver,
      Integration: r.integration,
      Channel: r.channel,
      GroupKey: r.groupKey,
      GroupLabels: r.groupLabels,
      Reason: r.reason,
      Outcome: r.outcome,
      Firing: r.firing,
      Resolved: r.resolved,
      Alerts: JSON.stringify(r.alerts.map((a) => ({ status: a.status, fingerprint: a.fingerprint, labels: a.labels, annotations: a.annotations, value: a.value }))),
      Target: r.result?.target ?? '',
      Attempts: r.result?.attempts ?? 0,
      LastStatus: r.result?.lastStatus ?? null,
      Error: r.result?.error ?? '',
    })),
  )
}

/**
 * The notification log as the store holds it: per group, receiver and integration, the newest
 * record that was delivered or decided not to be (failed ones change nothing), within retention.
 */
export async function loadNotificationLog(store: Store, now: number, retentionMs = NOTIFICATION_LOG_RETENTION_MS): Promise<NotificationLogEntry[]> {
  return selectRows<NotificationLogEntry>(
    store,
    `SELECT GroupKey AS groupKey, Receiver AS receiver, Integration AS integration,
            argMax(Firing, Time) AS firing, argMax(Resolved, Time) AS resolved, toUnixTimestamp64Milli(max(Time)) AS at
       FROM ${store.database}.${alertNotificationsTable.name}
      WHERE Outcome IN ('sent', 'not_sent') AND Time > fromUnixTimestamp64Milli({since:Int64})
      GROUP BY GroupKey, Receiver, Integration`,
    { since: now - retentionMs },
  )
}

export interface StoredNotification {
  at: number
  receiver: string
  integration: string
  channel: string
  groupKey: string
  groupLabels: Labels
  reason: string
  outcome: NotificationRecord['outcome']
  firing: string[]
  resolved: string[]
  alerts: { status: string; fingerprint: string; labels: Labels; annotations: Record<string, string>; value: number | null }[]
  target: string
  attempts: number
  lastStatus: number | null
  error: string
}

/** Notifications of a time range, newest first; `failedOnly` for the UI's delivery failures. */
export async function listNotifications(store: Store, query: { from: number; to: number; failedOnly?: boolean; limit?: number }): Promise<StoredNotification[]> {
  const rows = await selectRows<Omit<StoredNotification, 'alerts'> & { alerts: string }>(
    store,
    `SELECT toUnixTimestamp64Milli(Time) AS at, Receiver AS receiver, Integration AS integration, Channel AS channel, GroupKey AS groupKey,
            GroupLabels AS groupLabels, Reason AS reason, Outcome AS outcome, Firing AS firing, Resolved AS resolved, Alerts AS alerts,
            Target AS target, Attempts AS attempts, LastStatus AS lastStatus, Error AS error
       FROM ${store.database}.${alertNotificationsTable.name}
      WHERE Time >= fromUnixTimestamp64Milli({from:Int64}) AND Time < fromUnixTimestamp64Milli({to:Int64}) ${query.failedOnly ? "AND Outcome = 'failed'" : ''}
      ORDER BY Time DESC
      LIMIT {limit:UInt32}`,
    { from: query.from, to: query.to, limit: query.limit ?? 500 },
  )
  return rows.map((r) => ({ ...r, alerts: JSON.parse(r.alerts) as StoredNotification['alerts'] }))
}
