import { stringifyJson, toJsonRowsText } from '@meridian/core'
import { BufferPool } from '../../bufferPool.js'
import { anyValueToString } from '../anyValue.js'
import { emptySpanFields, type ResourceFields, type ScopeFields, type SpanFields } from '../fields.js'
import { SERVICE_NAME_KEY, spanKindName, statusCodeName } from '../names.js'
import { invalidSpanReason } from '../rowBuilders.js'
import { type Attributes, MalformedPayloadError } from '../rows.js'
import { readAnyValue, readAttribute } from './common.js'
import { decodeTracesProto } from './decodeTraces.js'
import { readExportRequest } from './exportRequest.js'
import { AsciiConstant, JsonByteWriter } from './jsonByteWriter.js'
import type { WireReader } from './wireReader.js'

/*
 * ExportTraceServiceRequest (protobuf) → otel_traces rows as JSONEachRow text, in one pass and
 * without the rows in between: string bytes go from the request into the output as they are
 * (JSON-escaped), ids as hex, times as decimal digits. The text is byte for byte what
 * toJsonRowsText(decodeTracesProto(buf).rows) makes of the same request:
 *
 * - the envelope (resources, scopes) is read by readExportRequest, as the decoder reads it; each
 *   resource and scope becomes one ready-made JSON fragment, copied into each of its spans;
 * - a span is read in place: its fields' positions first (protobuf allows any order, the row has
 *   a fixed one), then its row is written from them;
 * - arrays of scalars are written as anyValueToString's Go JSON text, JSON-escaped;
 * - what is rare goes through the decoder's own code: kvlists, nested arrays and the like
 *   (readAnyValue, anyValueToString), attribute maps whose object would not keep the keys in the
 *   order the request has them (a repeated key; an integer-like key, which a JS object lists
 *   first) or whose keys are not valid UTF-8 (readAttribute into an object, then stringifyJson);
 * - anything malformed in the request: the request is decoded again by decodeTracesProto, which
 *   throws the MalformedPayloadError it throws (and should it not throw, its rows are written).
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

/** Output buffers, reused from request to request (see BufferPool). */
const outputPool = new BufferPool(4, 64 * 1024 * 1024)

const ENVELOPE = { request: 'ExportTraceServiceRequest', resourceLevel: 'ResourceSpans', scopeLevel: 'ScopeSpans' }

const WIRE_VARINT = 0
const WIRE_FIXED64 = 1
const WIRE_LEN = 2
const WIRE_FIXED32 = 5

const TWO_POW_32 = 4294967296

/** Thrown (as is, never seen outside) when the request is malformed: the decoder then says how. */
const MALFORMED = Symbol('malformed')

function malformed(): never {
  throw MALFORMED
}

// ---- the row's fixed parts, as bytes ----

const ROW_START = new AsciiConstant('{"Timestamp":')
const TRACE_ID = new AsciiConstant(',"TraceId":"')
const SPAN_ID = new AsciiConstant('","SpanId":"')
const PARENT_SPAN_ID = new AsciiConstant('","ParentSpanId":"')
const TRACE_STATE = new AsciiConstant('","TraceState":')
const SPAN_NAME = new AsciiConstant(',"SpanName":')
const DURATION = new AsciiConstant(',"Duration":')
const EVENTS_TIMESTAMP = new AsciiConstant(',"Events.Timestamp":[')
const EVENTS_NAME = new AsciiConstant('],"Events.Name":[')
const EVENTS_ATTRIBUTES = new AsciiConstant('],"Events.Attributes":[')
const LINKS_TRACE_ID = new AsciiConstant('],"Links.TraceId":[')
const LINKS_SPAN_ID = new AsciiConstant('],"Links.SpanId":[')
const LINKS_TRACE_STATE = new AsciiConstant('],"Links.TraceState":[')
const LINKS_ATTRIBUTES = new AsciiConstant('],"Links.Attributes":[')
const ROW_END = new AsciiConstant(']}')
const NO_LINKS_ROW_END = new AsciiConstant('],"Links.TraceId":[],"Links.SpanId":[],"Links.TraceState":[],"Links.Attributes":[]}')
const EMPTY_STRING = new AsciiConstant('""')
const ARRAY_START = new AsciiConstant('"[')
const ARRAY_END = new AsciiConstant(']"')
const ESCAPED_QUOTE = new AsciiConstant('\\"')
const NULL = new AsciiConstant('null')
const TRUE = new AsciiConstant('true')
const FALSE = new AsciiConstant('false')
const TRUE_STRING = new AsciiConstant('"true"')
const FALSE_STRING = new AsciiConstant('"false"')

// The enums' columns, with the names the contrib exporter writes for them (see names.ts).
const SPAN_KINDS = [0, 1, 2, 3, 4, 5].map((kind) => new AsciiConstant(`,"SpanKind":${JSON.stringify(spanKindName(kind))}`))
const STATUS_CODES = [0, 1, 2].map((code) => new AsciiConstant(`,"StatusCode":${JSON.stringify(statusCodeName(code))},"StatusMessage":`))

const COMMA = 0x2c
const COLON = 0x3a
const QUOTE = 0x22
const NEWLINE = 0x0a
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d

// What an AnyValue holds (the last of its oneof fields, as the decoder keeps).
const VALUE_NONE = 0
const VALUE_STRING = 1
const VALUE_BOOL = 2
const VALUE_INT = 3
const VALUE_DOUBLE = 4
const VALUE_BYTES = 5
/** An array or kvlist (or anything read by the decoder's readAnyValue), already a string. */
const VALUE_TEXT = 6
/** An array, the AnyValue's only field (valueStart, valueEnd: its elements; valueMark: the AnyValue's length prefix). */
const VALUE_ARRAY = 7

const KEY_SLOT_BITS = 8
const KEY_SLOTS = 1 << KEY_SLOT_BITS
/** Maps with more keys are written from their object (rare, and the hash set is kept sparse). */
const MAX_KEYS_IN_SET = KEY_SLOTS >> 1

/** Growable lists of small integers, reused from span to span. */
class IntList {
  items: number[] = []
  length = 0
  push(value: number): void {
    this.items[this.length++] = value
  }
}

/** Where the KeyValue messages of attribute maps are: their length prefix, their content's start and end. */
class KeyValueList {
  marks = new IntList()
  starts = new IntList()
  ends = new IntList()
  get length(): number {
    return this.marks.length
  }
  clear(): void {
    this.marks.length = 0
    this.starts.length = 0
    this.ends.length = 0
  }
  push(mark: number, start: number, end: number): void {
    this.marks.push(mark)
    this.starts.push(start)
    this.ends.push(end)
  }
}

class TraceTranscoder {
  // Its buffer comes from outputPool for each request (the text returned is a view of it).
  private readonly out = new JsonByteWriter(0)
  private src: Buffer = Buffer.alloc(0)
  private view: DataView = new DataView(new ArrayBuffer(8))
  /** The envelope's reader, for the rare parts read with the decoder's code. */
  private reader: WireReader | undefined
  /** Position after the last tag, varint or length prefix read. */
  private p = 0
  /** The last length prefix read. */
  private length = 0

  private accepted = 0
  private rejected = 0
  private rejectReason: string | undefined

  // The resource and scope of the spans being read, and their ready-made JSON.
  private fragmentResource: ResourceFields | undefined
  private fragmentScope: ScopeFields | undefined
  private fragment: Uint8Array = new Uint8Array(0)

  // A span's fields: positions in src ([start, end) of bytes fields), numbers for the rest.
  private traceIdStart = 0
  private traceIdEnd = 0
  private spanIdStart = 0
  private spanIdEnd = 0
  private parentStart = 0
  private parentEnd = 0
  private traceStateStart = 0
  private traceStateEnd = 0
  private nameStart = 0
  private nameEnd = 0
  private kind = 0
  private startLo = 0
  private startHi = 0
  private endLo = 0
  private endHi = 0
  private statusCode = 0
  private statusMessageStart = 0
  private statusMessageEnd = 0
  private readonly attributes = new KeyValueList()
  private readonly eventStarts = new IntList()
  private readonly eventEnds = new IntList()
  private readonly linkStarts = new IntList()
  private readonly linkEnds = new IntList()

  // The events' fields, read once for the three event columns.
  private readonly eventTimeLo = new IntList()
  private readonly eventTimeHi = new IntList()
  private readonly eventNameStart = new IntList()
  private readonly eventNameEnd = new IntList()
  private readonly eventAttributesFrom = new IntList()
  private readonly eventAttributes = new KeyValueList()

  // The links' fields, likewise.
  private readonly linkTraceIdStart = new IntList()
  private readonly linkTraceIdEnd = new IntList()
  private readonly linkSpanIdStart = new IntList()
  private readonly linkSpanIdEnd = new IntList()
  private readonly linkTraceStateStart = new IntList()
  private readonly linkTraceStateEnd = new IntList()
  private readonly linkAttributesFrom = new IntList()
  private readonly linkAttributes = new KeyValueList()

  /*
   * The keys of the attribute map being written, to find a repeated one: an open-addressing hash
   * set of their positions in src, whose slots count as empty unless stamped with the map's number.
   */
  private readonly keySlotMap = new Int32Array(KEY_SLOTS)
  private readonly keySlotStart = new Int32Array(KEY_SLOTS)
  private readonly keySlotEnd = new Int32Array(KEY_SLOTS)
  private mapNumber = 0
  private mapKeys = 0

  // The AnyValue last read (see readAnyValueAt).
  private valueKind = VALUE_NONE
  private valueStart = 0
  private valueEnd = 0
  private valueLo = 0
  private valueHi = 0
  private valueText = ''
  private valueMark = 0

  private readonly readItem = (r: WireReader, resource: ResourceFields, scope: ScopeFields): void => {
    this.reader = r
    const outerEnd = r.end
    this.span(r.pos, resource, scope)
    r.end = outerEnd
  }

  /** `pooled`: the output buffer comes from outputPool, and the result says how to give it back. */
  transcode(buf: Uint8Array, pooled: boolean): TranscodedRows {
    this.src = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    // JSONEachRow text is about twice the protobuf (resource attributes repeat in every row).
    const out = this.out
    const estimate = Math.max(4096, buf.length * 2 + (buf.length >> 2))
    out.use(pooled ? outputPool.acquire(estimate) : Buffer.allocUnsafeSlow(estimate))
    this.accepted = 0
    this.rejected = 0
    this.rejectReason = undefined
    this.fragmentResource = undefined
    this.fragmentScope = undefined
    try {
      readExportRequest(buf, ENVELOPE, this.readItem)
      const result: TranscodedRows = { text: out.written(), rows: this.accepted, accepted: this.accepted, rejected: this.rejected }
      if (this.rejectReason !== undefined) result.rejectReason = this.rejectReason
      const output = out.buf
      if (pooled) {
        result.release = () => outputPool.release(output)
      } else if (out.pos < output.length >> 1) {
        // Under half of the buffer used (much more JSON than estimated, as it grew; or much less): only what is.
        result.text = Buffer.from(result.text)
      }
      return result
    } catch (err) {
      if (pooled) outputPool.release(out.buf)
      throw err
    } finally {
      this.release()
    }
  }

  /** Lets go of the request and the output (the caller owns them now). */
  private release(): void {
    this.src = EMPTY_BUFFER
    this.view = EMPTY_VIEW
    this.reader = undefined
    this.fragmentResource = undefined
    this.fragmentScope = undefined
    this.out.use(EMPTY_BUFFER)
  }

  // ---- a span ----

  /** The span whose length prefix is at `mark` (already checked by the envelope walk). */
  private span(mark: number, resource: ResourceFields, scope: ScopeFields): void {
    const start = this.lengthAt(mark, this.src.length)
    this.readSpanFields(start, start + this.length)
    if (resource !== this.fragmentResource || scope !== this.fragmentScope) this.makeFragment(resource, scope)

    const out = this.out
    const rowStart = out.pos
    if (this.accepted > 0) out.byte(NEWLINE)
    this.writeRow()
    const reason = this.invalidReason()
    if (reason === undefined) {
      this.accepted++
    } else {
      // Written all the same: writing reads (and checks) everything the decoder reads.
      out.pos = rowStart
      this.rejected++
      this.rejectReason ??= reason
    }
  }

  private readSpanFields(start: number, end: number): void {
    this.traceIdStart = this.traceIdEnd = 0
    this.spanIdStart = this.spanIdEnd = 0
    this.parentStart = this.parentEnd = 0
    this.traceStateStart = this.traceStateEnd = 0
    this.nameStart = this.nameEnd = 0
    this.kind = 0
    this.startLo = this.startHi = 0
    this.endLo = this.endHi = 0
    this.statusCode = 0
    this.statusMessageStart = this.statusMessageEnd = 0
    this.attributes.clear()
    this.eventStarts.length = 0
    this.eventEnds.length = 0
    this.linkStarts.length = 0
    this.linkEnds.length = 0

    const src = this.src
    let p = start
    while (p < end) {
      const tag = this.tagAt(p, end)
      p = this.p
      switch (tag) {
        case (1 << 3) | WIRE_LEN:
          this.traceIdStart = p = this.lengthAt(p, end)
          this.traceIdEnd = p += this.length
          break
        case (2 << 3) | WIRE_LEN:
          this.spanIdStart = p = this.lengthAt(p, end)
          this.spanIdEnd = p += this.length
          break
        case (3 << 3) | WIRE_LEN:
          this.traceStateStart = p = this.lengthAt(p, end)
          this.traceStateEnd = p += this.length
          break
        case (4 << 3) | WIRE_LEN:
          this.parentStart = p = this.lengthAt(p, end)
          this.parentEnd = p += this.length
          break
        case (5 << 3) | WIRE_LEN:
          this.nameStart = p = this.lengthAt(p, end)
          this.nameEnd = p += this.length
          break
        case (6 << 3) | WIRE_VARINT:
          if (p < end && src[p] < 0x80) {
            this.kind = src[p++]
          } else {
            this.kind = this.varint32At(p, end)
            p = this.p
          }
          break
        case (7 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.startLo = this.view.getUint32(p, true)
          this.startHi = this.view.getUint32(p + 4, true)
          p += 8
          break
        case (8 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.endLo = this.view.getUint32(p, true)
          this.endHi = this.view.getUint32(p + 4, true)
          p += 8
          break
        case (9 << 3) | WIRE_LEN: {
          const at = this.lengthAt(p, end)
          const to = at + this.length
          this.attributes.push(p, at, to)
          p = to
          break
        }
        case (11 << 3) | WIRE_LEN: {
          const at = this.lengthAt(p, end)
          this.eventStarts.push(at)
          p = at + this.length
          this.eventEnds.push(p)
          break
        }
        case (13 << 3) | WIRE_LEN: {
          const at = this.lengthAt(p, end)
          this.linkStarts.push(at)
          p = at + this.length
          this.linkEnds.push(p)
          break
        }
        case (15 << 3) | WIRE_LEN: {
          const at = this.lengthAt(p, end)
          p = at + this.length
          this.readStatus(at, p)
          break
        }
        default:
          // A known field (1-9, 11, 13, 15) with another wire type is malformed; the others are skipped.
          if (isSpanField(tag >>> 3)) malformed()
          p = this.skipAt(tag, p, end)
      }
    }
  }

  /** Status fields into the span's; of repeated Status messages, each field keeps its last value. */
  private readStatus(start: number, end: number): void {
    let p = start
    while (p < end) {
      const tag = this.tagAt(p, end)
      p = this.p
      if (tag === ((2 << 3) | WIRE_LEN)) {
        const at = this.lengthAt(p, end)
        this.statusMessageStart = at
        p = this.statusMessageEnd = at + this.length
      } else if (tag === ((3 << 3) | WIRE_VARINT)) {
        this.statusCode = this.varint32At(p, end)
        p = this.p
      } else {
        if (tag >>> 3 === 2 || tag >>> 3 === 3) malformed()
        p = this.skipAt(tag, p, end)
      }
    }
  }

  /** invalidSpanReason of the span read: checked on the bytes; the reason itself from the decoder's function. */
  private invalidReason(): string | undefined {
    const src = this.src
    const traceIdLength = this.traceIdEnd - this.traceIdStart
    const spanIdLength = this.spanIdEnd - this.spanIdStart
    const parentLength = this.parentEnd - this.parentStart
    if (
      traceIdLength === 16 &&
      spanIdLength === 8 &&
      !allZero(src, this.traceIdStart, this.traceIdEnd) &&
      !allZero(src, this.spanIdStart, this.spanIdEnd) &&
      (parentLength === 0 || parentLength === 8)
    ) {
      return undefined
    }
    const span: SpanFields = {
      ...emptySpanFields(),
      traceId: src.toString('hex', this.traceIdStart, this.traceIdEnd),
      spanId: src.toString('hex', this.spanIdStart, this.spanIdEnd),
      parentSpanId: src.toString('hex', this.parentStart, this.parentEnd),
      name: src.toString('utf8', this.nameStart, this.nameEnd),
    }
    return invalidSpanReason(span)
  }

  // ---- the row ----

  private writeRow(): void {
    const out = this.out
    const src = this.src
    out.constant(ROW_START)
    out.uint64(this.startLo, this.startHi)
    out.constant(TRACE_ID)
    out.hex(src, this.traceIdStart, this.traceIdEnd)
    out.constant(SPAN_ID)
    out.hex(src, this.spanIdStart, this.spanIdEnd)
    out.constant(PARENT_SPAN_ID)
    out.hex(src, this.parentStart, this.parentEnd)
    out.constant(TRACE_STATE)
    out.jsonString(src, this.traceStateStart, this.traceStateEnd)
    out.constant(SPAN_NAME)
    out.jsonString(src, this.nameStart, this.nameEnd)
    out.constant(SPAN_KINDS[this.kind] ?? SPAN_KINDS[0])
    out.bulk(this.fragment)
    const attributes = this.attributes
    this.writeAttributes(attributes, 0, attributes.length)
    out.constant(DURATION)
    this.writeDuration()
    out.constant(STATUS_CODES[this.statusCode] ?? STATUS_CODES[0])
    out.jsonString(src, this.statusMessageStart, this.statusMessageEnd)
    this.writeEvents()
    if (this.linkStarts.length === 0) {
      // The usual span, without links: its last columns are one constant.
      out.constant(NO_LINKS_ROW_END)
    } else {
      this.writeLinks()
      out.constant(ROW_END)
    }
  }

  /** end - start, or 0 when the span ends before it starts (64-bit, unsigned). */
  private writeDuration(): void {
    const { startLo, startHi, endLo, endHi } = this
    if (endHi > startHi || (endHi === startHi && endLo > startLo)) {
      let lo = endLo - startLo
      let hi = endHi - startHi
      if (lo < 0) {
        lo += TWO_POW_32
        hi -= 1
      }
      this.out.uint64(lo, hi)
    } else {
      this.out.byte(0x30)
    }
  }

  private writeEvents(): void {
    const out = this.out
    const src = this.src
    const count = this.eventStarts.length
    const timeLo = this.eventTimeLo
    const timeHi = this.eventTimeHi
    const nameStart = this.eventNameStart
    const nameEnd = this.eventNameEnd
    const from = this.eventAttributesFrom
    timeLo.length = timeHi.length = nameStart.length = nameEnd.length = from.length = 0
    this.eventAttributes.clear()
    for (let i = 0; i < count; i++) this.readEvent(this.eventStarts.items[i], this.eventEnds.items[i])
    from.push(this.eventAttributes.length)

    out.constant(EVENTS_TIMESTAMP)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      out.uint64(timeLo.items[i], timeHi.items[i])
    }
    out.constant(EVENTS_NAME)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      out.jsonString(src, nameStart.items[i], nameEnd.items[i])
    }
    out.constant(EVENTS_ATTRIBUTES)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      this.writeAttributes(this.eventAttributes, from.items[i], from.items[i + 1])
    }
  }

  private readEvent(start: number, end: number): void {
    let lo = 0
    let hi = 0
    let nameStart = 0
    let nameEnd = 0
    this.eventAttributesFrom.push(this.eventAttributes.length)
    let p = start
    while (p < end) {
      const tag = this.tagAt(p, end)
      p = this.p
      switch (tag) {
        case (1 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          lo = this.view.getUint32(p, true)
          hi = this.view.getUint32(p + 4, true)
          p += 8
          break
        case (2 << 3) | WIRE_LEN:
          nameStart = this.lengthAt(p, end)
          p = nameEnd = nameStart + this.length
          break
        case (3 << 3) | WIRE_LEN: {
          const at = this.lengthAt(p, end)
          const to = at + this.length
          this.eventAttributes.push(p, at, to)
          p = to
          break
        }
        default: {
          const field = tag >>> 3
          if (field >= 1 && field <= 3) malformed()
          p = this.skipAt(tag, p, end)
        }
      }
    }
    this.eventTimeLo.push(lo)
    this.eventTimeHi.push(hi)
    this.eventNameStart.push(nameStart)
    this.eventNameEnd.push(nameEnd)
  }

  private writeLinks(): void {
    const out = this.out
    const src = this.src
    const count = this.linkStarts.length
    const from = this.linkAttributesFrom
    this.linkTraceIdStart.length = this.linkTraceIdEnd.length = 0
    this.linkSpanIdStart.length = this.linkSpanIdEnd.length = 0
    this.linkTraceStateStart.length = this.linkTraceStateEnd.length = 0
    from.length = 0
    this.linkAttributes.clear()
    for (let i = 0; i < count; i++) this.readLink(this.linkStarts.items[i], this.linkEnds.items[i])
    from.push(this.linkAttributes.length)

    out.constant(LINKS_TRACE_ID)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      out.byte(QUOTE)
      out.hex(src, this.linkTraceIdStart.items[i], this.linkTraceIdEnd.items[i])
      out.byte(QUOTE)
    }
    out.constant(LINKS_SPAN_ID)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      out.byte(QUOTE)
      out.hex(src, this.linkSpanIdStart.items[i], this.linkSpanIdEnd.items[i])
      out.byte(QUOTE)
    }
    out.constant(LINKS_TRACE_STATE)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      out.jsonString(src, this.linkTraceStateStart.items[i], this.linkTraceStateEnd.items[i])
    }
    out.constant(LINKS_ATTRIBUTES)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      this.writeAttributes(this.linkAttributes, from.items[i], from.items[i + 1])
    }
  }

  private readLink(start: number, end: number): void {
    let traceIdStart = 0
    let traceIdEnd = 0
    let spanIdStart = 0
    let spanIdEnd = 0
    let traceStateStart = 0
    let traceStateEnd = 0
    this.linkAttributesFrom.push(this.linkAttributes.length)
    let p = start
    while (p < end) {
      const tag = this.tagAt(p, end)
      p = this.p
      switch (tag) {
        case (1 << 3) | WIRE_LEN:
          traceIdStart = this.lengthAt(p, end)
          p = traceIdEnd = traceIdStart + this.length
          break
        case (2 << 3) | WIRE_LEN:
          spanIdStart = this.lengthAt(p, end)
          p = spanIdEnd = spanIdStart + this.length
          break
        case (3 << 3) | WIRE_LEN:
          traceStateStart = this.lengthAt(p, end)
          p = traceStateEnd = traceStateStart + this.length
          break
        case (4 << 3) | WIRE_LEN: {
          const at = this.lengthAt(p, end)
          const to = at + this.length
          this.linkAttributes.push(p, at, to)
          p = to
          break
        }
        default: {
          const field = tag >>> 3
          if (field >= 1 && field <= 4) malformed()
          p = this.skipAt(tag, p, end)
        }
      }
    }
    this.linkTraceIdStart.push(traceIdStart)
    this.linkTraceIdEnd.push(traceIdEnd)
    this.linkSpanIdStart.push(spanIdStart)
    this.linkSpanIdEnd.push(spanIdEnd)
    this.linkTraceStateStart.push(traceStateStart)
    this.linkTraceStateEnd.push(traceStateEnd)
  }

  // ---- attributes ----

  /**
   * The KeyValues from..to of `list` as a JSON object, as stringifyJson writes the Attributes
   * object the decoder makes of them. When that object's key order (or keys) would differ from
   * the request's, the map is written from that object itself.
   */
  private writeAttributes(list: KeyValueList, from: number, to: number): void {
    const out = this.out
    const src = this.src
    const mapStart = out.pos
    this.newKeySet()
    let byObject = false
    out.byte(OPEN_BRACE)
    for (let i = from; i < to; i++) {
      const end = list.ends.items[i]
      let keyStart = 0
      let keyEnd = 0
      this.valueKind = VALUE_NONE
      // KeyValue: key (1), value (2); of repeated ones the last counts.
      let p = list.starts.items[i]
      while (p < end) {
        let tag = src[p]
        if (tag < 0x80) p++
        else {
          tag = this.tagAt(p, end)
          p = this.p
        }
        if (tag === ((1 << 3) | WIRE_LEN) || tag === ((2 << 3) | WIRE_LEN)) {
          const mark = p
          let length = p < end ? src[p] : 0x80
          if (length < 0x80) p++
          else {
            p = this.lengthAt(p, end)
            length = this.length
          }
          if (length > end - p) malformed()
          if (tag === ((1 << 3) | WIRE_LEN)) {
            keyStart = p
            p += length
            keyEnd = p
          } else {
            const valueEnd = p + length
            // The usual AnyValue, one scalar field, read here; anything else by readAnyValueAt.
            const first = length === 0 ? 0 : src[p]
            if (first === ((1 << 3) | WIRE_LEN) && length < 0x82 && src[p + 1] === length - 2) {
              this.valueKind = VALUE_STRING
              this.valueStart = p + 2
              this.valueEnd = valueEnd
            } else if (first === ((3 << 3) | WIRE_VARINT) && length === 2 && src[p + 1] < 0x80) {
              this.valueKind = VALUE_INT
              this.valueLo = src[p + 1]
              this.valueHi = 0
            } else if (first === ((2 << 3) | WIRE_VARINT) && length === 2 && src[p + 1] < 0x80) {
              this.valueKind = VALUE_BOOL
              this.valueLo = src[p + 1]
            } else if (first === ((4 << 3) | WIRE_FIXED64) && length === 9) {
              this.valueKind = VALUE_DOUBLE
              this.valueStart = p + 1
            } else if (first === ((5 << 3) | WIRE_LEN) && length < 0x82 && src[p + 1] === length - 2) {
              this.valueKind = VALUE_ARRAY
              this.valueMark = mark
              this.valueStart = p + 2
              this.valueEnd = valueEnd
            } else {
              this.readAnyValueAt(mark, p, valueEnd)
            }
            p = valueEnd
          }
        } else {
          if (tag >>> 3 <= 2) malformed() // field 0, or key or value not length-delimited
          p = this.skipAt(tag, p, end)
        }
      }
      if (byObject) continue // still read, for the checks
      if (keyEnd > keyStart && src[keyStart] <= 0x39 && src[keyStart] >= 0x30 && isAllDigits(src, keyStart, keyEnd)) {
        byObject = true // an integer-like key, which a JS object lists first
        continue
      }
      if (!this.addKey(keyStart, keyEnd)) {
        byObject = true // a repeated key (or too many to look through)
        continue
      }
      if (i > from) out.byte(COMMA)
      if (!out.jsonString(src, keyStart, keyEnd)) {
        byObject = true // not valid UTF-8: distinct bytes may decode to the same key
        continue
      }
      out.byte(COLON)
      this.writeValue()
    }
    if (byObject) {
      out.pos = mapStart
      out.utf8(stringifyJson(this.attributesObject(list, from, to)))
    } else {
      out.byte(CLOSE_BRACE)
    }
  }

  private newKeySet(): void {
    this.mapKeys = 0
    if (++this.mapNumber === 0x7fffffff) {
      this.mapNumber = 1
      this.keySlotMap.fill(0)
    }
  }

  /** Adds the key src[start, end) to the map's keys; false when it is there already, or the set is full. */
  private addKey(start: number, end: number): boolean {
    if (++this.mapKeys > MAX_KEYS_IN_SET) return false
    const src = this.src
    const length = end - start
    // Hashed on the length and three of the bytes (when there are any).
    const bytes = length === 0 ? 0 : src[end - 1] | (src[start + (length >> 1)] << 8) | (src[start] << 16)
    let slot = Math.imul(length ^ (bytes << 8), 0x9e3779b1) >>> (32 - KEY_SLOT_BITS)
    const map = this.mapNumber
    const slotMap = this.keySlotMap
    while (slotMap[slot] === map) {
      const other = this.keySlotStart[slot]
      if (this.keySlotEnd[slot] - other === length) {
        // From the end: keys often share a prefix ("http.request.").
        let j = length - 1
        while (j >= 0 && src[other + j] === src[start + j]) j--
        if (j < 0) return false
      }
      slot = (slot + 1) & (KEY_SLOTS - 1)
    }
    slotMap[slot] = map
    this.keySlotStart[slot] = start
    this.keySlotEnd[slot] = end
    return true
  }

  /** The KeyValues from..to of `list` read into an object by the decoder's readAttribute. */
  private attributesObject(list: KeyValueList, from: number, to: number): Attributes {
    const r = this.reader!
    const attributes: Attributes = {}
    for (let i = from; i < to; i++) {
      r.end = list.ends.items[i]
      r.rewindTo(list.marks.items[i])
      readAttribute(r, attributes)
    }
    return attributes
  }

  /**
   * The AnyValue in [start, end) (its length prefix at `mark`) into the value fields: what it
   * holds, by position where it is a string or bytes, read (as a string) by the decoder's code
   * where it is an array or a kvlist.
   */
  private readAnyValueAt(mark: number, start: number, end: number): void {
    const src = this.src
    this.valueKind = VALUE_NONE
    let p = start
    while (p < end) {
      const tag = this.tagAt(p, end)
      p = this.p
      switch (tag) {
        case (1 << 3) | WIRE_LEN:
        case (7 << 3) | WIRE_LEN: {
          const at = this.lengthAt(p, end)
          this.valueKind = tag === ((1 << 3) | WIRE_LEN) ? VALUE_STRING : VALUE_BYTES
          this.valueStart = at
          p = this.valueEnd = at + this.length
          break
        }
        case (2 << 3) | WIRE_VARINT: {
          // Any set bit in any of the (up to ten) bytes means true.
          let bits = 0
          for (let i = 0; ; i++) {
            if (i === 10 || p >= end) malformed()
            const b = src[p++]
            bits |= b & 0x7f
            if (b < 0x80) break
          }
          this.valueKind = VALUE_BOOL
          this.valueLo = bits
          break
        }
        case (3 << 3) | WIRE_VARINT:
          if (p < end && src[p] < 0x80) {
            this.valueLo = src[p++]
            this.valueHi = 0
          } else {
            p = this.varint64At(p, end)
          }
          this.valueKind = VALUE_INT
          break
        case (4 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.valueKind = VALUE_DOUBLE
          this.valueStart = p
          p += 8
          break
        case (5 << 3) | WIRE_LEN:
        case (6 << 3) | WIRE_LEN: {
          // An array or a kvlist: the whole AnyValue read again by the decoder (which keeps its last field too).
          const r = this.reader!
          r.end = end
          r.rewindTo(mark)
          this.valueText = anyValueToString(readAnyValue(r, 0))
          this.valueKind = VALUE_TEXT
          return
        }
        default: {
          const field = tag >>> 3
          if (field >= 1 && field <= 7) malformed()
          p = this.skipAt(tag, p, end)
        }
      }
    }
  }

  /** The value read by readAnyValueAt, as the JSON string of anyValueToString's. */
  private writeValue(): void {
    const out = this.out
    switch (this.valueKind) {
      case VALUE_STRING:
        out.jsonString(this.src, this.valueStart, this.valueEnd)
        return
      case VALUE_INT:
        out.byte(QUOTE)
        out.int64(this.valueLo, this.valueHi)
        out.byte(QUOTE)
        return
      case VALUE_BOOL:
        out.constant(this.valueLo !== 0 ? TRUE_STRING : FALSE_STRING)
        return
      case VALUE_DOUBLE: {
        const value = this.view.getFloat64(this.valueStart, true)
        out.byte(QUOTE)
        // anyValueToString's: JavaScript's (and Go's) shortest form, NaN and ±Inf as Go's strconv writes them.
        out.ascii(Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf')
        out.byte(QUOTE)
        return
      }
      case VALUE_BYTES:
        out.byte(QUOTE)
        out.ascii(this.src.toString('base64', this.valueStart, this.valueEnd))
        out.byte(QUOTE)
        return
      case VALUE_TEXT:
        out.jsonStringOf(this.valueText)
        return
      case VALUE_ARRAY: {
        const at = out.pos
        if (this.writeScalarArray(this.valueStart, this.valueEnd)) return
        // Nested, or anything else writeScalarArray leaves alone: the decoder's code reads it.
        out.pos = at
        const r = this.reader!
        r.end = this.valueEnd
        r.rewindTo(this.valueMark)
        out.jsonStringOf(anyValueToString(readAnyValue(r, 0)))
        return
      }
      default:
        out.constant(EMPTY_STRING)
    }
  }

  /**
   * The elements [start, end) of an ArrayValue, as the JSON string of anyValueToString's Go JSON
   * text, when they are scalars (strings, bools, ints, finite doubles, bytes, empty values) in
   * the usual shape (each one field, lengths under 128 bytes). Returns false for anything else,
   * having written part of it maybe.
   */
  private writeScalarArray(start: number, end: number): boolean {
    const out = this.out
    const src = this.src
    out.constant(ARRAY_START)
    let p = start
    while (p < end) {
      // ArrayValue.values (1): an AnyValue of one field.
      if (src[p] !== ((1 << 3) | WIRE_LEN) || p + 1 >= end) return false
      const length = src[p + 1]
      p += 2
      const elementEnd = p + length
      if (length >= 0x80 || elementEnd > end) return false
      if (p > start + 2) out.byte(COMMA)
      if (length === 0) {
        out.constant(NULL)
        continue
      }
      const first = src[p]
      if (first === ((1 << 3) | WIRE_LEN) || first === ((7 << 3) | WIRE_LEN)) {
        if (src[p + 1] !== length - 2) return false
        out.constant(ESCAPED_QUOTE)
        if (first === ((1 << 3) | WIRE_LEN)) {
          if (!out.goJsonStringInJson(src, p + 2, elementEnd)) return false
        } else {
          out.ascii(src.toString('base64', p + 2, elementEnd))
        }
        out.constant(ESCAPED_QUOTE)
      } else if (first === ((2 << 3) | WIRE_VARINT)) {
        if (length !== 2 || src[p + 1] >= 0x80) return false
        out.constant(src[p + 1] !== 0 ? TRUE : FALSE)
      } else if (first === ((3 << 3) | WIRE_VARINT)) {
        if (this.varint64At(p + 1, elementEnd) !== elementEnd) return false
        out.int64(this.valueLo, this.valueHi)
      } else if (first === ((4 << 3) | WIRE_FIXED64)) {
        const value = length === 9 ? this.view.getFloat64(p + 1, true) : Number.NaN
        // Go's encoding/json fails on NaN and ±Inf, and the whole array becomes '' (anyValueToString).
        if (!Number.isFinite(value)) return false
        out.ascii(String(value))
      } else {
        return false
      }
      p = elementEnd
    }
    out.constant(ARRAY_END)
    return true
  }

  // ---- resource and scope ----

  /** The columns from ServiceName to the "SpanAttributes" key, for the spans of this resource and scope. */
  private makeFragment(resource: ResourceFields, scope: ScopeFields): void {
    const serviceName = resource.attributes[SERVICE_NAME_KEY] ?? ''
    this.fragment = Buffer.from(
      `,"ServiceName":${stringifyJson(serviceName)},"ResourceAttributes":${stringifyJson(resource.attributes)}` +
        `,"ScopeName":${stringifyJson(scope.name)},"ScopeVersion":${stringifyJson(scope.version)},"SpanAttributes":`,
      'utf8',
    )
    this.fragmentResource = resource
    this.fragmentScope = scope
  }

  // ---- the wire format (what WireReader checks, checked alike; any problem is malformed()) ----

  /** The tag at p (its low 32 bits, as readTag reads it); this.p after it. Field number 0 is malformed. */
  private tagAt(p: number, end: number): number {
    const src = this.src
    let tag: number
    if (p < end && src[p] < 0x80) {
      tag = src[p]
      this.p = p + 1
    } else {
      tag = this.varint32At(p, end)
    }
    if (tag >>> 3 === 0) malformed()
    return tag
  }

  /** A varint's low 32 bits as a signed int (proto's int32 truncation); this.p after it. */
  private varint32At(p: number, end: number): number {
    const src = this.src
    let value = 0
    for (let i = 0; i < 10; i++) {
      if (p >= end) malformed()
      const b = src[p++]
      if (i < 5) value |= (b & 0x7f) << (7 * i)
      if (b < 0x80) {
        this.p = p
        return value
      }
    }
    return malformed()
  }

  /** A varint (up to 64 bits) into valueLo/valueHi (uint32 words); returns the position after it. */
  private varint64At(p: number, end: number): number {
    const src = this.src
    let lo = 0
    let hi = 0
    for (let i = 0; i < 10; i++) {
      if (p >= end) malformed()
      const b = src[p++]
      if (i < 4) lo |= (b & 0x7f) << (7 * i)
      else if (i === 4) {
        lo |= (b & 0x0f) << 28
        hi = (b & 0x7f) >> 4
      } else hi |= (b & 0x7f) << (7 * i - 32)
      if (b < 0x80) {
        this.valueLo = lo >>> 0
        this.valueHi = hi >>> 0
        return p
      }
    }
    return malformed()
  }

  /** The length prefix at p, checked to fit before `end`: returns where the bytes start (this.length says how many). */
  private lengthAt(p: number, end: number): number {
    const src = this.src
    let length: number
    if (p < end && src[p] < 0x80) {
      length = src[p++]
    } else {
      length = 0
      let scale = 1
      for (let i = 0; ; i++) {
        if (i === 10 || p >= end) malformed()
        const b = src[p++]
        length += (b & 0x7f) * scale
        if (b < 0x80) break
        scale *= 128
      }
    }
    if (length > end - p) malformed()
    this.length = length
    this.p = p
    return p
  }

  /** Skips the value of a field of an unknown number after its tag; groups and invalid wire types are malformed. */
  private skipAt(tag: number, p: number, end: number): number {
    switch (tag & 7) {
      case WIRE_VARINT:
        for (let i = 0; ; i++) {
          if (i === 10 || p >= end) malformed()
          if (this.src[p++] < 0x80) return p
        }
      case WIRE_FIXED64:
        if (end - p < 8) malformed()
        return p + 8
      case WIRE_LEN:
        return this.lengthAt(p, end) + this.length
      case WIRE_FIXED32:
        if (end - p < 4) malformed()
        return p + 4
      default:
        return malformed()
    }
  }
}

const EMPTY_BUFFER = Buffer.alloc(0)
const EMPTY_VIEW = new DataView(new ArrayBuffer(0))

/** Span fields the decoder reads (with one wire type each); any other number is skipped. */
function isSpanField(field: number): boolean {
  return (field >= 1 && field <= 9) || field === 11 || field === 13 || field === 15
}

function allZero(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src[i] !== 0) return false
  return true
}

function isAllDigits(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src[i] < 0x30 || src[i] > 0x39) return false
  return true
}

const transcoder = new TraceTranscoder()
let fallbacks = 0

/**
 * ExportTraceServiceRequest bytes → otel_traces JSONEachRow text: exactly
 * toJsonRowsText(decodeTracesProto(buf).rows), and the same counts and reject reason; throws
 * MalformedPayloadError where decodeTracesProto throws, with its message.
 *
 * With `{ pooled: true }` (the collector's hot path) the text may be a view of a reused buffer:
 * the caller copies it out, then calls `release` (when present) and lets go of the text.
 */
export function transcodeTracesProto(buf: Uint8Array, options: { pooled?: boolean } = {}): TranscodedRows {
  try {
    return transcoder.transcode(buf, options.pooled === true)
  } catch (err) {
    if (err !== MALFORMED && !(err instanceof MalformedPayloadError)) throw err
  }
  // Malformed: the decoder throws, saying where and why.
  const decoded = decodeTracesProto(buf)
  fallbacks++
  const result: TranscodedRows = {
    text: Buffer.from(toJsonRowsText(decoded.rows), 'utf8'),
    rows: decoded.rows.length,
    accepted: decoded.accepted,
    rejected: decoded.rejected,
  }
  if (decoded.rejectReason !== undefined) result.rejectReason = decoded.rejectReason
  return result
}

/** How many requests the transcoder found malformed but the decoder did not (each decoded instead): 0 but for a bug. */
export function transcodeFallbacks(): number {
  return fallbacks
}
