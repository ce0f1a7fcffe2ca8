import type { LogRecord } from '../../api/telemetry.js'
import type { Store } from '../../store.js'
import { LOG_COLUMNS, type LogFilters, logConditions, toLogRecord } from './logRecords.js'
import { logWindowSql } from './logSearch.js'
import { SqlParams } from './sqlParams.js'
import { type QueryOptions, selectRows } from './storeQuery.js'

export interface LogTailSettings {
  /**
   * How late a record may land (its time against the store's arrival) and still be delivered:
   * every poll looks this far back, and records already sent are skipped.
   */
  graceMs: number
  /** The most records one poll returns (the newest of them when more arrived). */
  limit: number
}

export const DEFAULT_LOG_TAIL: LogTailSettings = { graceMs: 30_000, limit: 500 }

/**
 * A live tail of log records that match filters: each poll returns the records that arrived since
 * the previous one, oldest first. Records are told apart by a hash of their content (time,
 * service, trace, span, body, attributes), so two identical records at the same nanosecond are
 * delivered once.
 */
export class LogTail {
  private readonly seen = new Map<string, number>()

  constructor(
    private readonly store: Store,
    private readonly filters: LogFilters,
    private readonly settings: LogTailSettings = DEFAULT_LOG_TAIL,
  ) {}

  /** Marks what is already stored as seen: the tail delivers records from now on. */
  async start(now = Date.now(), options: QueryOptions = {}): Promise<void> {
    for (const row of await this.read(now, options)) this.seen.set(row.key, row.timestamp)
  }

  /** Records that arrived since the last poll (at most `limit`, the newest), oldest first. */
  async poll(now = Date.now(), options: QueryOptions = {}): Promise<LogRecord[]> {
    const fresh = (await this.read(now, options)).filter((row) => !this.seen.has(row.key))
    for (const row of fresh) this.seen.set(row.key, row.timestamp)
    // Forget what fell out of the window: it cannot come back.
    for (const [key, timestamp] of this.seen) if (timestamp < now - this.settings.graceMs - 1000) this.seen.delete(key)
    return fresh.reverse().map(({ key: _key, ...record }) => toLogRecord(record))
  }

  private read(now: number, options: QueryOptions): Promise<(LogRecord & { key: string })[]> {
    const p = new SqlParams()
    // Up to an hour ahead: a record stamped by a clock slightly ahead still counts as live.
    const window = { from: now - this.settings.graceMs, to: now + 3_600_000 }
    return selectRows<LogRecord & { key: string }>(
      this.store,
      `SELECT ${LOG_COLUMNS}, toString(cityHash64(Timestamp, ServiceName, TraceId, SpanId, Body, LogAttributes)) AS key
FROM ${this.store.database}.otel_logs
WHERE ${[logWindowSql(p, window), ...logConditions(p, this.filters)].join('\n  AND ')}
ORDER BY Timestamp DESC
LIMIT ${p.add('UInt32', this.settings.limit)}`,
      p.values,
      options,
    ).then((rows) => rows.map((row) => ({ ...row, timestamp: Number(row.timestamp) })))
  }
}
