import { stringifyJson, toJsonRowsText } from '@meridian/core'
import { BufferPool } from '../../bufferPool.js'
import type { ResourceFields, ScopeFields } from '../fields.js'
import { SERVICE_NAME_KEY } from '../names.js'
import { type Decoded, MalformedPayloadError } from '../rows.js'
import { AttributeWriter } from './attributeWriter.js'
import { type EnvelopeNames, readExportRequest } from './exportRequest.js'
import { JsonByteWriter } from './jsonByteWriter.js'
import { MALFORMED, WireAt } from './wireAt.js'
import type { WireReader } from './wireReader.js'

/*
 * What every transcoder (protobuf export request → the JSONEachRow text the collector inserts,
 * with no row objects in between) shares: the envelope walk, the output buffers (pooled or not),
 * and the fallback to the signal's decoder for a malformed request.
 *
 * - The envelope (resources, scopes) is read by readExportRequest, as the decoder reads it: a
 *   transcoder gets each item's position with its decoded resource and scope, and makes ready-made
 *   JSON fragments of those, copied into each of their rows;
 * - an item is read in place (WireAt): its fields' positions first (protobuf allows any order, the
 *   row has a fixed one), then its row is written from them; attribute maps and AnyValues by the
 *   shared AttributeWriter;
 * - anything malformed in the request: the request is decoded again by the decoder, which throws
 *   the MalformedPayloadError it throws (and should it not throw, its rows are written).
 */

export interface TranscodedRows {
  /** JSONEachRow lines, '\n'-separated, no trailing newline. */
  text: Buffer
  rows: number
  accepted: number
  rejected: number
  rejectReason?: string
  /**
   * Present when `text` is a view of a pooled buffer: call it once done with `text` (not
   * touching it after), so the next request reuses the buffer. Without a call it is the GC's.
   */
  release?: () => void
}

/** Output buffers are not kept past this size (see BufferPool). */
const MAX_POOLED_OUTPUT_BYTES = 64 * 1024 * 1024

/** A resource's service.name, the ServiceName column. */
export function serviceNameJson(resource: ResourceFields): string {
  return stringifyJson(resource.attributes[SERVICE_NAME_KEY] ?? '')
}

export abstract class Transcoder {
  /** The request, read at positions. */
  protected readonly wire = new WireAt()
  /** The output (its buffer comes from the pool, or is allocated, for each request; the text returned is a view of it). */
  protected out = new JsonByteWriter(0)
  /** Attribute maps and AnyValues into `out`. */
  protected readonly values = new AttributeWriter(this.wire, this.out)
  /** Output buffers, reused from request to request. */
  protected readonly pool: BufferPool

  protected accepted = 0
  protected rejected = 0
  protected rejectReason: string | undefined

  private readonly envelope: EnvelopeNames
  /** JSON bytes a request byte becomes, about (resource attributes repeat in every row): for the output's first size. */
  private readonly outputPerRequestByte: number

  private readonly readItem = (r: WireReader, resource: ResourceFields, scope: ScopeFields): void => {
    this.values.reader = r
    const outerEnd = r.end
    this.item(r.pos, resource, scope)
    r.end = outerEnd
  }

  constructor(envelope: EnvelopeNames, options: { pooledBuffers: number; outputPerRequestByte: number }) {
    this.envelope = envelope
    this.pool = new BufferPool(options.pooledBuffers, MAX_POOLED_OUTPUT_BYTES)
    this.outputPerRequestByte = options.outputPerRequestByte
  }

  /** A first size for the output of a request of `bytes`. */
  protected outputEstimate(bytes: number): number {
    return Math.max(4096, Math.ceil(bytes * this.outputPerRequestByte))
  }

  /** The item (span, log record, metric) whose length prefix is at `mark` (already checked by the envelope walk). */
  protected abstract item(mark: number, resource: ResourceFields, scope: ScopeFields): void

  /** Forgets what it keeps of a request (its resources and scopes), at the start and end of each. */
  protected abstract forget(): void

  /**
   * Reads the whole request, calling item() for each item; throws MALFORMED or
   * MalformedPayloadError when it is malformed. Lets go of the request once done.
   */
  protected walk(buf: Uint8Array): void {
    this.wire.use(buf)
    this.accepted = 0
    this.rejected = 0
    this.rejectReason = undefined
    this.forget()
    try {
      readExportRequest(buf, this.envelope, this.readItem)
    } finally {
      this.wire.release()
      this.values.reader = undefined
      this.forget()
    }
  }

  /** The request's rows into one table's text. `pooled`: the output buffer comes from the pool, and the result says how to give it back. */
  protected transcodeOne(buf: Uint8Array, pooled: boolean): TranscodedRows {
    const out = this.out
    const estimate = this.outputEstimate(buf.length)
    out.use(pooled ? this.pool.acquire(estimate) : Buffer.allocUnsafeSlow(estimate))
    try {
      this.walk(buf)
      return this.result(out, this.accepted, pooled)
    } catch (err) {
      if (pooled) this.pool.release(out.buf)
      throw err
    } finally {
      out.use(EMPTY_BUFFER)
    }
  }

  /** What `out` holds, `rows` rows, as the result of the request (its counts and reject reason). */
  protected result(out: JsonByteWriter, rows: number, pooled: boolean): TranscodedRows {
    const result: TranscodedRows = { text: out.written(), rows, accepted: this.accepted, rejected: this.rejected }
    if (this.rejectReason !== undefined) result.rejectReason = this.rejectReason
    const output = out.buf
    if (pooled) {
      const pool = this.pool
      result.release = () => pool.release(output)
    } else if (out.pos < output.length >> 1) {
      // Under half of the buffer used (much more JSON than estimated, as it grew; or much less): only what is.
      result.text = Buffer.from(result.text)
    }
    return result
  }
}

const EMPTY_BUFFER = Buffer.alloc(0)

let fallbacks = 0

/**
 * transcode(), or where it finds the request malformed, decode(): which throws the decoder's
 * MalformedPayloadError, saying where and why (and should it not, gives its rows).
 */
export function transcodeOrDecode<T>(transcode: () => T, decode: () => T): T {
  try {
    return transcode()
  } catch (err) {
    if (err !== MALFORMED && !(err instanceof MalformedPayloadError)) throw err
  }
  const result = decode()
  fallbacks++
  return result
}

/** A decoder's rows as a transcoder's result (its fallback). */
export function decodedRowsText(decoded: Decoded<readonly object[]>): TranscodedRows {
  const result: TranscodedRows = {
    text: Buffer.from(toJsonRowsText(decoded.rows), 'utf8'),
    rows: decoded.rows.length,
    accepted: decoded.accepted,
    rejected: decoded.rejected,
  }
  if (decoded.rejectReason !== undefined) result.rejectReason = decoded.rejectReason
  return result
}

/** How many requests a transcoder found malformed but the decoder did not (each decoded instead): 0 but for a bug. */
export function transcodeFallbacks(): number {
  return fallbacks
}
