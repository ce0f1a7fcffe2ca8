import type { SignalName } from '../signals.js'

/**
 * What the collector reports about itself. The ingest path calls these; the implementation
 * (selfTelemetry.ts) records them with the OpenTelemetry SDK and stores them under the service
 * name `meridian-collector`. Items are spans, data points or log records.
 */
export interface CollectorMetrics {
  /** Items that arrived in a request that could be decoded. */
  received(signal: SignalName, items: number): void
  /** Items acknowledged to the sender (stored or spooled). */
  accepted(signal: SignalName, items: number): void
  /** Items refused: rejected in a partial success, or a whole request turned away. */
  refused(signal: SignalName, items: number, reason: 'invalid' | 'retention' | 'backpressure' | 'unavailable'): void
  /** A whole request turned away unread (its items unknown): over the memory bound, too large, or malformed. */
  refusedRequest(signal: SignalName, reason: 'backpressure' | 'too_large' | 'malformed' | 'unavailable'): void
  /** Items written to the on-disk spool because the store did not take them. */
  spooled(signal: SignalName, items: number): void
  /** Items replayed from the spool into the store. */
  replayed(signal: SignalName, items: number): void
  /** One INSERT: how long it took, and whether it failed. */
  insert(table: string, rows: number, seconds: number, failed: boolean): void
  /** Observed on each collection: bytes held in memory queues, and bytes in the spool. */
  observeQueueBytes(read: () => number): void
  observeSpoolBytes(read: () => number): void
}

/** Reports nothing: for tests and tools that run the collector without self-telemetry. */
export const noCollectorMetrics: CollectorMetrics = {
  received() {},
  accepted() {},
  refused() {},
  refusedRequest() {},
  spooled() {},
  replayed() {},
  insert() {},
  observeQueueBytes() {},
  observeSpoolBytes() {},
}
