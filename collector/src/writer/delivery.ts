import { randomUUID } from 'node:crypto'
import { mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { ClickHouseError, type Logger, type Store } from '@meridian/core'
import type { CollectorMetrics } from '../selfTelemetry/collectorMetrics.js'
import { type SignalName, signalOfTable } from '../signals.js'
import type { Spool, SpooledBatch } from './spool.js'

export interface DeliveryOptions {
  /** A direct insert slower than this is given up and its batch spooled (a replay is deduplicated). */
  insertTimeoutMs: number
  retryMinMs: number
  retryMaxMs: number
}

/** Errors no retry can mend: the rows themselves are bad. Such a batch is set aside, not retried forever. */
const BAD_DATA = /PARSE|INCORRECT_DATA|TYPE_MISMATCH|TOO_LARGE_STRING_SIZE|ILLEGAL_COLUMN/

/** The error's ClickHouse name: a server's error carries it as a type, the embedded engine's in its message. */
function clickhouseErrorName(err: unknown): string | undefined {
  if (err instanceof ClickHouseError) return err.type
  if (err instanceof Error && 'clickhouseCode' in err) return /\(([A-Z_]+)\)/.exec(err.message)?.[1] ?? 'UNKNOWN'
  return undefined
}

/** Whether the store answered (with an error) rather than not at all. */
function storeAnswered(err: unknown): boolean {
  return clickhouseErrorName(err) !== undefined
}

function isBadData(err: unknown): boolean {
  return BAD_DATA.test(clickhouseErrorName(err) ?? '')
}

/**
 * Gets batches into the store, or onto the on-disk spool when the store does not take them, and
 * replays the spool oldest first once it does. Every attempt at a batch carries the same
 * insert_deduplication_token, so a replay never stores rows twice. While the spool holds
 * anything, new batches queue behind it, so the store sees them in order.
 */
export class Delivery {
  private replaying?: Promise<void>
  private stopped = false
  private wake?: () => void
  private degraded: boolean
  /** The store answered the last attempt; readiness reads it. */
  storeReachable = true

  constructor(
    private readonly store: Store,
    private readonly spool: Spool,
    private readonly options: DeliveryOptions,
    private readonly metrics: CollectorMetrics,
    private readonly logger?: Logger,
  ) {
    this.degraded = spool.size > 0
  }

  get spoolFull(): boolean {
    return this.spool.full
  }

  /** Starts replaying what the spool holds (also what an earlier run left). */
  start(): void {
    this.replaying ??= this.replayLoop()
  }

  /** Stops replaying; what is left stays on disk for the next start. */
  async stop(): Promise<void> {
    this.stopped = true
    this.wake?.()
    await this.replaying
  }

  /** Resolves once the rows are stored or spooled; rejects (SpoolFullError) when neither. */
  async deliver(table: string, text: Buffer, rows: number): Promise<'stored' | 'spooled'> {
    const token = randomUUID()
    if (!this.degraded) {
      try {
        await this.insert(table, text, rows, token, this.options.insertTimeoutMs)
        return 'stored'
      } catch (err) {
        this.degraded = true
        this.logger?.warn({ table, rows, err: (err as Error).message }, 'insert failed; spooling')
      }
    }
    const signal = signalOfTable(table)
    await this.spool.append({ table, token, items: rows, signal, text })
    this.metrics.spooled(signal, rows)
    this.wake?.()
    return 'spooled'
  }

  private async insert(table: string, text: Buffer, rows: number, token: string, timeoutMs?: number): Promise<void> {
    const started = performance.now()
    try {
      await this.store.insertJsonRows(table, text, {
        signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
        settings: { insert_deduplication_token: token, deduplicate_blocks_in_dependent_materialized_views: 1 },
      })
      this.storeReachable = true
      this.metrics.insert(table, rows, (performance.now() - started) / 1000, false)
    } catch (err) {
      this.storeReachable = storeAnswered(err)
      this.metrics.insert(table, rows, (performance.now() - started) / 1000, true)
      throw err
    }
  }

  private async replayLoop(): Promise<void> {
    let backoff = this.options.retryMinMs
    while (!this.stopped) {
      const batch = await this.spool.oldest()
      if (!batch) {
        this.degraded = false
        await this.idle(Number.POSITIVE_INFINITY)
        continue
      }
      try {
        await this.insert(batch.table, batch.text, batch.items, batch.token)
        await this.spool.remove(batch.seq)
        this.metrics.replayed(batch.signal as SignalName, batch.items)
        backoff = this.options.retryMinMs
      } catch (err) {
        if (isBadData(err)) {
          this.setAside(batch, err as Error)
          continue
        }
        this.logger?.warn({ table: batch.table, seq: batch.seq, retryInMs: backoff, err: (err as Error).message }, 'replay failed')
        await this.idle(backoff)
        backoff = Math.min(backoff * 2, this.options.retryMaxMs)
      }
    }
  }

  /**
   * Waits until woken (a new batch, or stop) or `ms` pass. Checks `stopped` first: a stop() that
   * came while the loop was busy found no waiter to wake.
   */
  private async idle(ms: number): Promise<void> {
    if (this.stopped) return
    let timer: NodeJS.Timeout | undefined
    await new Promise<void>((resolve) => {
      this.wake = resolve
      if (Number.isFinite(ms)) timer = setTimeout(resolve, ms)
    })
    clearTimeout(timer)
    this.wake = undefined
  }

  /** Moves a batch the store refuses as bad data out of the way, keeping it for an operator. */
  private setAside(batch: SpooledBatch, err: Error): void {
    const dir = join(this.spool.dir, 'rejected')
    mkdirSync(dir, { recursive: true })
    renameSync(this.spool.pathOf(batch.seq), join(dir, `${batch.seq}.batch`))
    this.spool.forget(batch.seq)
    this.logger?.error({ table: batch.table, seq: batch.seq, dir, err: err.message }, 'the store refuses a spooled batch as bad data; set aside')
  }
}
