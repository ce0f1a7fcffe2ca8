import { type Logger, type Retention, toJsonRowsText } from '@meridian/core'
import type { Decoded } from './otlp/rows.js'
import type { PayloadFormat, Signal, TableChunks, TableRows } from './signals.js'
import { type CollectorMetrics, noCollectorMetrics } from './selfTelemetry/collectorMetrics.js'
import type { BatchWriter } from './writer/batchWriter.js'

/** How an export went: how many items were refused and why (an OTLP partial success when > 0). */
export interface ExportOutcome {
  accepted: number
  rejected: number
  message?: string
}

/** The store could not take the data; the sender should retry later. */
export class StoreUnavailableError extends Error {
  constructor(cause: Error) {
    super(`the store did not accept the data: ${cause.message}`, { cause })
    this.name = 'StoreUnavailableError'
  }
}

const NS_PER_DAY = 86_400n * 1_000_000_000n

/**
 * One export request, whatever the transport: decode, drop what retention would silently
 * discard (reported as rejected), and write. Resolves once the rows are stored.
 */
export class Ingest {
  constructor(
    private readonly writer: BatchWriter,
    private readonly retention: Retention,
    private readonly metrics: CollectorMetrics = noCollectorMetrics,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws MalformedPayloadError for an undecodable body, StoreUnavailableError when the insert fails. */
  async export(signal: Signal, format: PayloadFormat, body: Uint8Array): Promise<ExportOutcome> {
    const decoded = this.decode(signal, format, body)
    this.metrics.received(signal.name, decoded.accepted + decoded.rejected)
    if (decoded.rejected > 0) this.metrics.refused(signal.name, decoded.rejected, 'invalid')
    const outcome: ExportOutcome = { accepted: decoded.accepted, rejected: decoded.rejected, message: decoded.rejectReason }
    try {
      await Promise.all(decoded.rows.map(([table, chunk]) => this.writer.write(table, chunk)))
    } catch (err) {
      this.metrics.refused(signal.name, outcome.accepted, 'unavailable')
      throw new StoreUnavailableError(err as Error)
    }
    this.metrics.accepted(signal.name, outcome.accepted)
    if (outcome.rejected > 0) this.logger?.warn({ signal: signal.name, rejected: outcome.rejected, reason: outcome.message }, 'items rejected')
    return outcome
  }

  /**
   * The request's rows, serialized per table: through the signal's transcoder where it has one,
   * else decoded into rows, filtered by retention, and serialized.
   */
  private decode(signal: Signal, format: PayloadFormat, body: Uint8Array): Decoded<TableChunks> {
    const days = this.retention[signal.retention]
    if (format === 'protobuf' && signal.transcode && days <= 0) return signal.transcode(body)
    const decoded = signal.decode(format, body)
    const expired = days > 0 ? this.dropExpired(signal, decoded.rows, days) : 0
    if (expired > 0) {
      this.metrics.refused(signal.name, expired, 'retention')
      decoded.accepted -= expired
      decoded.rejected += expired
      decoded.rejectReason ??= `${expired} ${signal.itemName} older than the ${days}-day retention were not stored`
    }
    return { ...decoded, rows: decoded.rows.map(([table, rows]) => [table, { text: toJsonRowsText(rows), rows: rows.length }]) }
  }

  /**
   * ClickHouse drops rows already past a table's TTL without a word; refuse them openly instead.
   * Removes them from `rows` and returns how many there were.
   */
  private dropExpired(signal: Signal, rows: TableRows, days: number): number {
    const cutoff = BigInt(this.now()) * 1_000_000n - BigInt(days) * NS_PER_DAY
    let expired = 0
    for (const entry of rows) {
      entry[1] = entry[1].filter((row) => {
        const keep = (row as Record<string, bigint>)[signal.timeColumn] >= cutoff
        if (!keep) expired++
        return keep
      })
    }
    return expired
  }
}
