import { mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs'
import { open, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'

/** One batch waiting in the spool: the rows as JSONEachRow text, and the token that makes its replay idempotent. */
export interface SpooledBatch {
  seq: number
  table: string
  /** insert_deduplication_token: the same for every attempt at this batch. */
  token: string
  /** Items (spans, points, log records) the rows hold, for self-telemetry. */
  items: number
  signal: string
  /** The rows, JSONEachRow. */
  text: Buffer
}

interface Header {
  table: string
  token: string
  items: number
  signal: string
}

const SUFFIX = '.batch'
const fileName = (seq: number) => `${String(seq).padStart(12, '0')}${SUFFIX}`

/** The spool refuses a batch that would take it past its size limit. */
export class SpoolFullError extends Error {
  constructor(limit: number) {
    super(`the spool is full (${limit} bytes); the store has not taken data for a while`)
    this.name = 'SpoolFullError'
  }
}

/**
 * Batches the store did not take, on disk, oldest first. A batch is one file, written to a
 * temporary name, fsynced, renamed, and the directory fsynced: once append() returns, the batch
 * survives a crash, so the collector may acknowledge it.
 */
export class Spool {
  private readonly files = new Map<number, number>() // seq → bytes
  private nextSeq = 1
  private totalBytes = 0
  /** A batch was refused for room since the last removal: full, whatever the byte count says. */
  private refusedForRoom = false

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true })
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.tmp')) {
        unlinkSync(join(dir, name)) // a write cut short by a crash: never acknowledged
        continue
      }
      if (!name.endsWith(SUFFIX)) continue
      const seq = Number(name.slice(0, -SUFFIX.length))
      const bytes = statSync(join(dir, name)).size
      this.files.set(seq, bytes)
      this.totalBytes += bytes
      this.nextSeq = Math.max(this.nextSeq, seq + 1)
    }
  }

  get bytes(): number {
    return this.totalBytes
  }

  get size(): number {
    return this.files.size
  }

  /** Whether the spool can take no more (it refused a batch, or is at its limit). */
  get full(): boolean {
    return this.refusedForRoom || this.totalBytes >= this.maxBytes
  }

  /** Writes a batch durably; rejects with SpoolFullError when it does not fit. */
  async append(batch: Omit<SpooledBatch, 'seq'>): Promise<SpooledBatch> {
    const header: Header = { table: batch.table, token: batch.token, items: batch.items, signal: batch.signal }
    const content = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), batch.text])
    if (this.totalBytes + content.length > this.maxBytes) {
      this.refusedForRoom = true
      throw new SpoolFullError(this.maxBytes)
    }
    // Reserve the space and the number before the first await, so concurrent appends stay within the limit.
    const seq = this.nextSeq++
    this.totalBytes += content.length
    const final = join(this.dir, fileName(seq))
    const tmp = `${final}.tmp`
    try {
      const file = await open(tmp, 'w')
      try {
        await file.writeFile(content)
        await file.sync()
      } finally {
        await file.close()
      }
      await rename(tmp, final)
      await this.syncDir()
    } catch (err) {
      this.totalBytes -= content.length
      await unlink(tmp).catch(() => {})
      throw err
    }
    this.files.set(seq, content.length)
    return { ...batch, seq }
  }

  /** The oldest batch, or undefined when the spool is empty. */
  async oldest(): Promise<SpooledBatch | undefined> {
    let seq = Number.POSITIVE_INFINITY
    for (const s of this.files.keys()) if (s < seq) seq = s
    if (!Number.isFinite(seq)) return undefined
    const content = await readFile(this.pathOf(seq))
    const newline = content.indexOf(0x0a)
    const header = JSON.parse(content.subarray(0, newline).toString('utf8')) as Header
    return { seq, ...header, text: content.subarray(newline + 1) }
  }

  /** Deletes a batch once the store holds it. */
  async remove(seq: number): Promise<void> {
    if (this.forget(seq)) await unlink(this.pathOf(seq))
  }

  /** Stops counting a batch whose file was moved elsewhere; false when it was not there. */
  forget(seq: number): boolean {
    const bytes = this.files.get(seq)
    if (bytes === undefined) return false
    this.files.delete(seq)
    this.totalBytes -= bytes
    this.refusedForRoom = false
    return true
  }

  pathOf(seq: number): string {
    return join(this.dir, fileName(seq))
  }

  private async syncDir(): Promise<void> {
    const dir = await open(this.dir, 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
  }
}
