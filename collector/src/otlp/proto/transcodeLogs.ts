import { stringifyJson } from '@meridian/core'
import type { ResourceFields, ScopeFields } from '../fields.js'
import { KeyValueList } from './attributeWriter.js'
import { decodeLogsProto } from './decodeLogs.js'
import { AsciiConstant } from './jsonByteWriter.js'
import { decodedRowsText, serviceNameJson, type TranscodedRows, Transcoder, transcodeOrDecode } from './transcoder.js'
import { malformed, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './wireAt.js'

/*
 * ExportLogsServiceRequest (protobuf) → otel_logs rows as JSONEachRow text, in one pass and without
 * the rows in between, byte for byte what toJsonRowsText(decodeLogsProto(buf).rows) makes of the
 * same request (see transcoder.ts for what every transcoder does alike):
 *
 * - each resource and scope becomes two ready-made JSON fragments, ServiceName (up to the "Body"
 *   key) and the resource's and scope's columns (up to the "LogAttributes" key);
 * - a record is read in place: its fields' positions first, then its row is written from them;
 *   its body as the JSON string of anyValueToString's, by the AttributeWriter as attribute values.
 */

const ENVELOPE = { request: 'ExportLogsServiceRequest', resourceLevel: 'ResourceLogs', scopeLevel: 'ScopeLogs' }

// ---- the row's fixed parts, as bytes ----

const ROW_START = new AsciiConstant('{"Timestamp":')
const TRACE_ID = new AsciiConstant(',"TraceId":"')
const SPAN_ID = new AsciiConstant('","SpanId":"')
const TRACE_FLAGS = new AsciiConstant('","TraceFlags":')
const SEVERITY_TEXT = new AsciiConstant(',"SeverityText":')
const SEVERITY_NUMBER = new AsciiConstant(',"SeverityNumber":')
const EVENT_NAME = new AsciiConstant(',"EventName":')
const EMPTY_STRING = new AsciiConstant('""')

const NEWLINE = 0x0a
const MINUS = 0x2d
const CLOSE_BRACE = 0x7d

class LogsTranscoder extends Transcoder {
  // The resource and scope of the records being read, and their ready-made JSON.
  private fragmentResource: ResourceFields | undefined
  private fragmentScope: ScopeFields | undefined
  /** ,"ServiceName":…,"Body": */
  private serviceFragment: Uint8Array = new Uint8Array(0)
  /** ,"ResourceSchemaUrl":… to ,"LogAttributes": */
  private scopeFragment: Uint8Array = new Uint8Array(0)

  // A record's fields: positions in src ([start, end) of bytes fields), numbers for the rest.
  private timeLo = 0
  private timeHi = 0
  private observedLo = 0
  private observedHi = 0
  private severityNumber = 0
  private severityTextStart = 0
  private severityTextEnd = 0
  /** The body's length prefix (its AnyValue's content follows), -1 without a body. */
  private bodyMark = -1
  private bodyStart = 0
  private bodyEnd = 0
  private flags = 0
  private traceIdStart = 0
  private traceIdEnd = 0
  private spanIdStart = 0
  private spanIdEnd = 0
  private eventNameStart = 0
  private eventNameEnd = 0
  private readonly attributes = new KeyValueList()

  constructor() {
    // The benchmark's records: 390 protobuf bytes, 1,350 JSON bytes (resource attributes repeat in every row).
    super(ENVELOPE, { pooledBuffers: 4, outputPerRequestByte: 3.75 })
  }

  /** `pooled`: the output buffer comes from the pool, and the result says how to give it back. */
  transcode(buf: Uint8Array, pooled: boolean): TranscodedRows {
    return this.transcodeOne(buf, pooled)
  }

  protected forget(): void {
    this.fragmentResource = undefined
    this.fragmentScope = undefined
  }

  /** The log record whose length prefix is at `mark` (already checked by the envelope walk). */
  protected item(mark: number, resource: ResourceFields, scope: ScopeFields): void {
    const wire = this.wire
    const start = wire.lengthAt(mark, wire.src.length)
    const end = start + wire.length
    this.readRecordFields(start, end)
    if (resource !== this.fragmentResource || scope !== this.fragmentScope) this.makeFragments(resource, scope)
    const out = this.out
    if (this.accepted > 0) out.byte(NEWLINE)
    this.writeRow()
    this.accepted++
  }

  private readRecordFields(start: number, end: number): void {
    const wire = this.wire
    const src = wire.src
    const view = wire.view
    this.timeLo = this.timeHi = 0
    this.observedLo = this.observedHi = 0
    this.severityNumber = 0
    this.severityTextStart = this.severityTextEnd = 0
    this.bodyMark = -1
    this.flags = 0
    this.traceIdStart = this.traceIdEnd = 0
    this.spanIdStart = this.spanIdEnd = 0
    this.eventNameStart = this.eventNameEnd = 0
    this.attributes.clear()

    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (1 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.timeLo = view.getUint32(p, true)
          this.timeHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (2 << 3) | WIRE_VARINT:
          if (p < end && src[p] < 0x80) {
            this.severityNumber = src[p++]
          } else {
            this.severityNumber = wire.varint32At(p, end)
            p = wire.p
          }
          break
        case (3 << 3) | WIRE_LEN:
          this.severityTextStart = p = wire.lengthAt(p, end)
          this.severityTextEnd = p += wire.length
          break
        case (5 << 3) | WIRE_LEN: {
          // Of repeated bodies the last is stored; the others are still read (and checked) by the decoder.
          if (this.bodyMark >= 0) this.values.checkAnyValue(this.bodyMark, end)
          this.bodyMark = p
          this.bodyStart = p = wire.lengthAt(p, end)
          this.bodyEnd = p += wire.length
          break
        }
        case (6 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          const to = at + wire.length
          this.attributes.push(p, at, to)
          p = to
          break
        }
        case (8 << 3) | WIRE_FIXED32:
          if (end - p < 4) malformed()
          this.flags = src[p]
          p += 4
          break
        case (9 << 3) | WIRE_LEN:
          this.traceIdStart = p = wire.lengthAt(p, end)
          this.traceIdEnd = p += wire.length
          break
        case (10 << 3) | WIRE_LEN:
          this.spanIdStart = p = wire.lengthAt(p, end)
          this.spanIdEnd = p += wire.length
          break
        case (11 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.observedLo = view.getUint32(p, true)
          this.observedHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (12 << 3) | WIRE_LEN:
          this.eventNameStart = p = wire.lengthAt(p, end)
          this.eventNameEnd = p += wire.length
          break
        default:
          // A known field (1-3, 5, 6, 8-12) with another wire type is malformed; the others are skipped.
          if (isLogRecordField(tag >>> 3)) malformed()
          p = wire.skipAt(tag, p, end)
      }
    }
  }

  private writeRow(): void {
    const out = this.out
    const src = this.wire.src
    out.constant(ROW_START)
    // As the contrib exporter: a record without a timestamp is stored at its observed time.
    if (this.timeLo === 0 && this.timeHi === 0) out.uint64(this.observedLo, this.observedHi)
    else out.uint64(this.timeLo, this.timeHi)
    out.constant(TRACE_ID)
    out.hex(src, this.traceIdStart, this.traceIdEnd)
    out.constant(SPAN_ID)
    out.hex(src, this.spanIdStart, this.spanIdEnd)
    out.constant(TRACE_FLAGS)
    // The low byte of the flags (flags & 0xff): the W3C trace flags.
    out.uint(this.flags)
    out.constant(SEVERITY_TEXT)
    out.jsonString(src, this.severityTextStart, this.severityTextEnd)
    out.constant(SEVERITY_NUMBER)
    const severity = this.severityNumber
    if (severity >= 0) {
      out.uint(severity)
    } else {
      out.byte(MINUS)
      out.uint(-severity)
    }
    out.bulk(this.serviceFragment)
    if (this.bodyMark >= 0) this.values.writeAnyValue(this.bodyMark, this.bodyStart, this.bodyEnd)
    else out.constant(EMPTY_STRING)
    out.bulk(this.scopeFragment)
    const attributes = this.attributes
    this.values.writeAttributes(attributes, 0, attributes.length)
    out.constant(EVENT_NAME)
    out.jsonString(src, this.eventNameStart, this.eventNameEnd)
    out.byte(CLOSE_BRACE)
  }

  // ---- resource and scope ----

  private makeFragments(resource: ResourceFields, scope: ScopeFields): void {
    this.serviceFragment = Buffer.from(`,"ServiceName":${serviceNameJson(resource)},"Body":`, 'utf8')
    this.scopeFragment = Buffer.from(
      `,"ResourceSchemaUrl":${stringifyJson(resource.schemaUrl)},"ResourceAttributes":${stringifyJson(resource.attributes)}` +
        `,"ScopeSchemaUrl":${stringifyJson(scope.schemaUrl)},"ScopeName":${stringifyJson(scope.name)}` +
        `,"ScopeVersion":${stringifyJson(scope.version)},"ScopeAttributes":${stringifyJson(scope.attributes)},"LogAttributes":`,
      'utf8',
    )
    this.fragmentResource = resource
    this.fragmentScope = scope
  }
}

/** LogRecord fields the decoder reads (with one wire type each); any other number is skipped. */
function isLogRecordField(field: number): boolean {
  return (field >= 1 && field <= 12 && field !== 4 && field !== 7)
}

const transcoder = new LogsTranscoder()

/**
 * ExportLogsServiceRequest bytes → otel_logs JSONEachRow text: exactly
 * toJsonRowsText(decodeLogsProto(buf).rows), and the same counts; throws MalformedPayloadError
 * where decodeLogsProto throws, with its message.
 *
 * With `{ pooled: true }` (the collector's hot path) the text may be a view of a reused buffer:
 * the caller copies it out, then calls `release` (when present) and lets go of the text.
 */
export function transcodeLogsProto(buf: Uint8Array, options: { pooled?: boolean } = {}): TranscodedRows {
  return transcodeOrDecode(
    () => transcoder.transcode(buf, options.pooled === true),
    () => decodedRowsText(decodeLogsProto(buf)),
  )
}
