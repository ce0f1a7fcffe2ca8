import { BufferPool } from '../bufferPool.js'
import type { Delivery } from './delivery.js'

/** Rows already written as JSONEachRow text (no trailing newline): one request's share of a table. */
export interface RowsChunk {
  text: string | Buffer
  rows: number
  /** Called once the writer is done with `text` (copied into its batch), when the text's buffer is to be reused. */
  release?: () => void
}

const NEWLINE = 0x0a
/** The smallest batch buffer; a batch's grows (doubling) as chunks come, a pooled one is often large enough already. */
const MIN_BATCH_BYTES = 64 * 1024

/** Batch buffers, reused once their insert is done (see BufferPool). */
const batchPool = new BufferPool(4, 64 * 1024 * 1024)

/** Copies a chunk's text onto the end of the batch (after a newline unless first), growing its buffer as needed. */
function append(batch: Pending, text: string | Buffer): void {
  const bytes = typeof text === 'string' ? Buffer.byteLength(text) : text.length
  const needed = batch.size + 1 + bytes
  if (needed > batch.buf.length) {
    const grown = batchPool.acquire(Math.max(needed, batch.buf.length * 2))
    batch.buf.copy(grown, 0, 0, batch.size)
    batchPool.release(batch.buf)
    batch.buf = grown
  }
  if (batch.size > 0) batch.buf[batch.size++] = NEWLINE
  if (typeof text === 'string') batch.size += batch.buf.write(text, batch.size, bytes, 'utf8')
  else batch.size += text.copy(batch.buf, batch.size)
}

export interface BatchOptions {
  /** A batch is inserted once it holds this many rows… */
  maxRows: number
  /** …or once its first row has waited this long. */
  maxDelayMs: number
}

interface Pending {
  /** The batch's bytes so far, [0, size): the chunks, a newline between each two. */
  buf: Buffer
  size: number
  rows: number
  waiters: { resolve(): void; reject(err: Error): void }[]
  timer?: NodeJS.Timeout
}

/**
 * Groups rows per table into batches by count and age, one delivery (an INSERT, or the spool)
 * per batch, and settles each write only once its rows are stored or spooled: a request is
 * acknowledged only when its data is safe, and many small requests still make few large inserts.
 */
export class BatchWriter {
  private readonly pending = new Map<string, Pending>()
  private readonly inFlight = new Set<Promise<void>>()

  constructor(
    private readonly delivery: Pick<Delivery, 'deliver'>,
    private readonly options: BatchOptions,
  ) {}

  /** Resolves when the rows are stored or spooled; rejects when neither could be done. */
  write(table: string, chunk: RowsChunk): Promise<void> {
    if (chunk.rows === 0) {
      chunk.release?.()
      return Promise.resolve()
    }
    let batch = this.pending.get(table)
    if (!batch) {
      batch = { buf: batchPool.acquire(MIN_BATCH_BYTES), size: 0, rows: 0, waiters: [] }
      this.pending.set(table, batch)
    }
    append(batch, chunk.text)
    chunk.release?.()
    batch.rows += chunk.rows
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }))
    if (batch.rows >= this.options.maxRows) this.flushTable(table)
    else batch.timer ??= setTimeout(() => this.flushTable(table), this.options.maxDelayMs)
    return done
  }

  /** Inserts every pending batch now and waits for all inserts in flight. */
  async flush(): Promise<void> {
    for (const table of [...this.pending.keys()]) this.flushTable(table)
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  private flushTable(table: string): void {
    const batch = this.pending.get(table)
    if (!batch) return
    this.pending.delete(table)
    clearTimeout(batch.timer)
    const insert = this.insert(table, batch)
    this.inFlight.add(insert)
    void insert.finally(() => this.inFlight.delete(insert))
  }

  private async insert(table: string, batch: Pending): Promise<void> {
    try {
      const outcome = await this.delivery.deliver(table, batch.buf.subarray(0, batch.size), batch.rows)
      // Only a stored batch's buffer is surely unused now: a spooled one may have timed out with
      // the engine still reading it.
      if (outcome === 'stored') batchPool.release(batch.buf)
      for (const w of batch.waiters) w.resolve()
    } catch (err) {
      for (const w of batch.waiters) w.reject(err as Error)
    }
  }
}
