/** Why a group is notified (Alertmanager's notify reasons). */
export type NotifyReason = 'first_notification' | 'new_alerts' | 'new_resolved' | 'all_resolved' | 'repeat'

/** What a receiver's integration was last told about a group: Alertmanager's notification log entry. */
export interface NotificationLogEntry {
  groupKey: string
  receiver: string
  integration: string
  firing: string[]
  resolved: string[]
  /** When (the flush's time). */
  at: number
}

/** Alertmanager keeps entries 120 hours (its --data.retention). */
export const NOTIFICATION_LOG_RETENTION_MS = 120 * 3_600_000

const key = (groupKey: string, receiver: string, integration: string) => JSON.stringify([groupKey, receiver, integration])

/** The latest entry per group, receiver and integration, in memory (the engine stores each one too). */
export class NotificationLog {
  private readonly entries = new Map<string, NotificationLogEntry>()

  constructor(
    entries: NotificationLogEntry[] = [],
    private readonly retentionMs = NOTIFICATION_LOG_RETENTION_MS,
  ) {
    for (const entry of entries) this.set(entry)
  }

  get(groupKey: string, receiver: string, integration: string, now: number): NotificationLogEntry | undefined {
    const entry = this.entries.get(key(groupKey, receiver, integration))
    return entry && now - entry.at < this.retentionMs ? entry : undefined
  }

  set(entry: NotificationLogEntry): void {
    const k = key(entry.groupKey, entry.receiver, entry.integration)
    const current = this.entries.get(k)
    if (!current || current.at <= entry.at) this.entries.set(k, entry)
  }
}

const subset = (of: Set<string>, items: Iterable<string>) => [...items].every((x) => of.has(x))

/**
 * Whether a flush notifies, and why; null: not now. Alertmanager's dedup stage: the first
 * notification once something fires; again when alerts are added to what was last sent, when
 * every alert resolved (whatever send_resolved, so the log forgets them), when alerts resolved
 * and the integration sends resolved ones, else only once repeat_interval has passed since
 * the last notification (strictly: a flush exactly repeatInterval later does not repeat).
 */
export function notifyReason(
  entry: NotificationLogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: number,
): NotifyReason | null {
  if (!entry) return firing.size > 0 ? 'first_notification' : null
  const sentFiring = new Set(entry.firing)
  if (!subset(sentFiring, firing)) return sentFiring.size === 0 ? 'first_notification' : 'new_alerts'
  if (firing.size === 0) return sentFiring.size > 0 ? 'all_resolved' : null
  if (sendResolved && !subset(new Set(entry.resolved), resolved)) return 'new_resolved'
  return entry.at < now - repeatIntervalMs ? 'repeat' : null
}
