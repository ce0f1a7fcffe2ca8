import type { Delivery } from './delivery.js'

/** Rows already written as JSONEachRow text (no trailing newline): one request's share of a table. */
export interface RowsChunk {
  text: string | Buffer
  rows: number
}

const NEWLINE = Buffer.from('\n')

/** The batch's bytes: the chunks, a newline between each two. */
function joinChunks(chunks: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = []
  for (let i = 0; i < chunks.length; i++) {
    if (i > 0) parts.push(NEWLINE)
    const chunk = chunks[i]
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  }
  return Buffer.concat(parts)
}

export interface BatchOptions {
  /** A batch is inserted once it holds this many rows… */
  maxRows: number
  /** …or once its first row has waited this long. */
  maxDelayMs: number
}

interface Pending {
  chunks: (string | Buffer)[]
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
    if (chunk.rows === 0) return Promise.resolve()
    let batch = this.pending.get(table)
    if (!batch) {
      batch = { chunks: [], rows: 0, waiters: [] }
      this.pending.set(table, batch)
    }
    batch.chunks.push(chunk.text)
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
      await this.delivery.deliver(table, joinChunks(batch.chunks), batch.rows)
      for (const w of batch.waiters) w.resolve()
    } catch (err) {
      for (const w of batch.waiters) w.reject(err as Error)
    }
  }
}
