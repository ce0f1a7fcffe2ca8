import { stringifyJson } from '@meridian/core'
import { emptySpanFields, type ResourceFields, type ScopeFields, type SpanFields } from '../fields.js'
import { spanKindName, statusCodeName } from '../names.js'
import { invalidSpanReason } from '../rowBuilders.js'
import { IntList, KeyValueList } from './attributeWriter.js'
import { decodeTracesProto } from './decodeTraces.js'
import { AsciiConstant } from './jsonByteWriter.js'
import { decodedRowsText, serviceNameJson, type TranscodedRows, Transcoder, transcodeOrDecode } from './transcoder.js'
import { allZero, malformed, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './wireAt.js'

export { type TranscodedRows, transcodeFallbacks } from './transcoder.js'

/*
 * ExportTraceServiceRequest (protobuf) → otel_traces rows as JSONEachRow text, in one pass and
 * without the rows in between: string bytes go from the request into the output as they are
 * (JSON-escaped), ids as hex, times as decimal digits. The text is byte for byte what
 * toJsonRowsText(decodeTracesProto(buf).rows) makes of the same request. What every transcoder
 * does alike (the envelope, attribute maps and AnyValues, the output, the fallback to the decoder
 * for a malformed request) is in transcoder.ts, attributeWriter.ts and wireAt.ts; here:
 *
 * - each resource and scope becomes one ready-made JSON fragment, copied into each of its spans;
 * - a span is read in place: its fields' positions first (protobuf allows any order, the row has
 *   a fixed one), then its row is written from them, events and links a column at a time.
 */

const ENVELOPE = { request: 'ExportTraceServiceRequest', resourceLevel: 'ResourceSpans', scopeLevel: 'ScopeSpans' }

const TWO_POW_32 = 4294967296

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

// The enums' columns, with the names the contrib exporter writes for them (see names.ts).
const SPAN_KINDS = [0, 1, 2, 3, 4, 5].map((kind) => new AsciiConstant(`,"SpanKind":${JSON.stringify(spanKindName(kind))}`))
const STATUS_CODES = [0, 1, 2].map((code) => new AsciiConstant(`,"StatusCode":${JSON.stringify(statusCodeName(code))},"StatusMessage":`))

const COMMA = 0x2c
const QUOTE = 0x22
const NEWLINE = 0x0a

class TraceTranscoder extends Transcoder {
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

  constructor() {
    // JSONEachRow text is about twice the protobuf (resource attributes repeat in every row).
    super(ENVELOPE, { pooledBuffers: 4, outputPerRequestByte: 2.25 })
  }

  /** `pooled`: the output buffer comes from the pool, and the result says how to give it back. */
  transcode(buf: Uint8Array, pooled: boolean): TranscodedRows {
    return this.transcodeOne(buf, pooled)
  }

  protected forget(): void {
    this.fragmentResource = undefined
    this.fragmentScope = undefined
  }

  // ---- a span ----

  /** The span whose length prefix is at `mark` (already checked by the envelope walk). */
  protected item(mark: number, resource: ResourceFields, scope: ScopeFields): void {
    const wire = this.wire
    const start = wire.lengthAt(mark, wire.src.length)
    this.readSpanFields(start, start + wire.length)
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
    const wire = this.wire
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

    const src = this.wire.src
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (1 << 3) | WIRE_LEN:
          this.traceIdStart = p = wire.lengthAt(p, end)
          this.traceIdEnd = p += wire.length
          break
        case (2 << 3) | WIRE_LEN:
          this.spanIdStart = p = wire.lengthAt(p, end)
          this.spanIdEnd = p += wire.length
          break
        case (3 << 3) | WIRE_LEN:
          this.traceStateStart = p = wire.lengthAt(p, end)
          this.traceStateEnd = p += wire.length
          break
        case (4 << 3) | WIRE_LEN:
          this.parentStart = p = wire.lengthAt(p, end)
          this.parentEnd = p += wire.length
          break
        case (5 << 3) | WIRE_LEN:
          this.nameStart = p = wire.lengthAt(p, end)
          this.nameEnd = p += wire.length
          break
        case (6 << 3) | WIRE_VARINT:
          if (p < end && src[p] < 0x80) {
            this.kind = src[p++]
          } else {
            this.kind = wire.varint32At(p, end)
            p = wire.p
          }
          break
        case (7 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.startLo = wire.view.getUint32(p, true)
          this.startHi = wire.view.getUint32(p + 4, true)
          p += 8
          break
        case (8 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.endLo = wire.view.getUint32(p, true)
          this.endHi = wire.view.getUint32(p + 4, true)
          p += 8
          break
        case (9 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          const to = at + wire.length
          this.attributes.push(p, at, to)
          p = to
          break
        }
        case (11 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          this.eventStarts.push(at)
          p = at + wire.length
          this.eventEnds.push(p)
          break
        }
        case (13 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          this.linkStarts.push(at)
          p = at + wire.length
          this.linkEnds.push(p)
          break
        }
        case (15 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          p = at + wire.length
          this.readStatus(at, p)
          break
        }
        default:
          // A known field (1-9, 11, 13, 15) with another wire type is malformed; the others are skipped.
          if (isSpanField(tag >>> 3)) malformed()
          p = wire.skipAt(tag, p, end)
      }
    }
  }

  /** Status fields into the span's; of repeated Status messages, each field keeps its last value. */
  private readStatus(start: number, end: number): void {
    const wire = this.wire
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      if (tag === ((2 << 3) | WIRE_LEN)) {
        const at = wire.lengthAt(p, end)
        this.statusMessageStart = at
        p = this.statusMessageEnd = at + wire.length
      } else if (tag === ((3 << 3) | WIRE_VARINT)) {
        this.statusCode = wire.varint32At(p, end)
        p = wire.p
      } else {
        if (tag >>> 3 === 2 || tag >>> 3 === 3) malformed()
        p = wire.skipAt(tag, p, end)
      }
    }
  }

  /** invalidSpanReason of the span read: checked on the bytes; the reason itself from the decoder's function. */
  private invalidReason(): string | undefined {
    const src = this.wire.src
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
    const src = this.wire.src
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
    this.values.writeAttributes(attributes, 0, attributes.length)
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
    const src = this.wire.src
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
      out.uint64(timeLo.items[i] >>> 0, timeHi.items[i] >>> 0)
    }
    out.constant(EVENTS_NAME)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      out.jsonString(src, nameStart.items[i], nameEnd.items[i])
    }
    out.constant(EVENTS_ATTRIBUTES)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      this.values.writeAttributes(this.eventAttributes, from.items[i], from.items[i + 1])
    }
  }

  private readEvent(start: number, end: number): void {
    const wire = this.wire
    let lo = 0
    let hi = 0
    let nameStart = 0
    let nameEnd = 0
    this.eventAttributesFrom.push(this.eventAttributes.length)
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (1 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          lo = wire.view.getUint32(p, true)
          hi = wire.view.getUint32(p + 4, true)
          p += 8
          break
        case (2 << 3) | WIRE_LEN:
          nameStart = wire.lengthAt(p, end)
          p = nameEnd = nameStart + wire.length
          break
        case (3 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          const to = at + wire.length
          this.eventAttributes.push(p, at, to)
          p = to
          break
        }
        default: {
          const field = tag >>> 3
          if (field >= 1 && field <= 3) malformed()
          p = wire.skipAt(tag, p, end)
        }
      }
    }
    // As int32s (Smis), so the IntLists' arrays stay Smi arrays (see transcodeMetrics.ts).
    this.eventTimeLo.push(lo | 0)
    this.eventTimeHi.push(hi | 0)
    this.eventNameStart.push(nameStart)
    this.eventNameEnd.push(nameEnd)
  }

  private writeLinks(): void {
    const out = this.out
    const src = this.wire.src
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
      this.values.writeAttributes(this.linkAttributes, from.items[i], from.items[i + 1])
    }
  }

  private readLink(start: number, end: number): void {
    const wire = this.wire
    let traceIdStart = 0
    let traceIdEnd = 0
    let spanIdStart = 0
    let spanIdEnd = 0
    let traceStateStart = 0
    let traceStateEnd = 0
    this.linkAttributesFrom.push(this.linkAttributes.length)
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (1 << 3) | WIRE_LEN:
          traceIdStart = wire.lengthAt(p, end)
          p = traceIdEnd = traceIdStart + wire.length
          break
        case (2 << 3) | WIRE_LEN:
          spanIdStart = wire.lengthAt(p, end)
          p = spanIdEnd = spanIdStart + wire.length
          break
        case (3 << 3) | WIRE_LEN:
          traceStateStart = wire.lengthAt(p, end)
          p = traceStateEnd = traceStateStart + wire.length
          break
        case (4 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          const to = at + wire.length
          this.linkAttributes.push(p, at, to)
          p = to
          break
        }
        default: {
          const field = tag >>> 3
          if (field >= 1 && field <= 4) malformed()
          p = wire.skipAt(tag, p, end)
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

  // ---- resource and scope ----

  /** The columns from ServiceName to the "SpanAttributes" key, for the spans of this resource and scope. */
  private makeFragment(resource: ResourceFields, scope: ScopeFields): void {
    this.fragment = Buffer.from(
      `,"ServiceName":${serviceNameJson(resource)},"ResourceAttributes":${stringifyJson(resource.attributes)}` +
        `,"ScopeName":${stringifyJson(scope.name)},"ScopeVersion":${stringifyJson(scope.version)},"SpanAttributes":`,
      'utf8',
    )
    this.fragmentResource = resource
    this.fragmentScope = scope
  }
}

/** Span fields the decoder reads (with one wire type each); any other number is skipped. */
function isSpanField(field: number): boolean {
  return (field >= 1 && field <= 9) || field === 11 || field === 13 || field === 15
}

const transcoder = new TraceTranscoder()

/**
 * ExportTraceServiceRequest bytes → otel_traces JSONEachRow text: exactly
 * toJsonRowsText(decodeTracesProto(buf).rows), and the same counts and reject reason; throws
 * MalformedPayloadError where decodeTracesProto throws, with its message.
 *
 * With `{ pooled: true }` (the collector's hot path) the text may be a view of a reused buffer:
 * the caller copies it out, then calls `release` (when present) and lets go of the text.
 */
export function transcodeTracesProto(buf: Uint8Array, options: { pooled?: boolean } = {}): TranscodedRows {
  return transcodeOrDecode(
    () => transcoder.transcode(buf, options.pooled === true),
    () => decodedRowsText(decodeTracesProto(buf)),
  )
}
