import { emptySpanFields, type SpanFields } from '../fields.js'
import { invalidSpanReason, traceRow } from '../rowBuilders.js'
import type { Attributes, Decoded, TraceRow } from '../rows.js'
import { readAttribute } from './common.js'
import { readExportRequest } from './exportRequest.js'
import type { WireReader } from './wireReader.js'

/* ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1, trace/v1/trace.proto) → trace rows. */

const ENVELOPE = { request: 'ExportTraceServiceRequest', resourceLevel: 'ResourceSpans', scopeLevel: 'ScopeSpans' }

export function decodeTracesProto(buf: Uint8Array): Decoded<TraceRow[]> {
  const out: Decoded<TraceRow[]> = { rows: [], accepted: 0, rejected: 0 }
  readExportRequest(buf, ENVELOPE, (r, resource, scope) => {
    const span = readSpan(r)
    const reason = invalidSpanReason(span)
    if (reason === undefined) {
      out.rows.push(traceRow(resource, scope, span))
      out.accepted++
    } else {
      out.rejected++
      out.rejectReason ??= reason
    }
  })
  return out
}

function readSpan(r: WireReader): SpanFields {
  const outerEnd = r.enterMessage()
  const span = emptySpanFields()
  while (r.pos < r.end) {
    switch (r.readTag('Span')) {
      case 1:
        span.traceId = r.readHexId()
        break
      case 2:
        span.spanId = r.readHexId()
        break
      case 3:
        span.traceState = r.readString()
        break
      case 4:
        span.parentSpanId = r.readHexId()
        break
      case 5:
        span.name = r.readString()
        break
      case 6:
        span.kind = r.readInt32()
        break
      case 7:
        span.startTimeUnixNano = r.readFixed64()
        break
      case 8:
        span.endTimeUnixNano = r.readFixed64()
        break
      case 9:
        readAttribute(r, span.attributes)
        break
      case 11:
        span.events.push(readEvent(r))
        break
      case 13:
        span.links.push(readLink(r))
        break
      case 15:
        readStatus(r, span)
        break
      default:
        // dropped_*_count (10, 12, 14), flags (16) and anything newer are not stored.
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return span
}

function readEvent(r: WireReader): SpanFields['events'][number] {
  const outerEnd = r.enterMessage()
  let timeUnixNano = 0n
  let name = ''
  const attributes: Attributes = {}
  while (r.pos < r.end) {
    switch (r.readTag('Span.Event')) {
      case 1:
        timeUnixNano = r.readFixed64()
        break
      case 2:
        name = r.readString()
        break
      case 3:
        readAttribute(r, attributes)
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return { timeUnixNano, name, attributes }
}

function readLink(r: WireReader): SpanFields['links'][number] {
  const outerEnd = r.enterMessage()
  let traceId = ''
  let spanId = ''
  let traceState = ''
  const attributes: Attributes = {}
  while (r.pos < r.end) {
    switch (r.readTag('Span.Link')) {
      case 1:
        traceId = r.readHexId()
        break
      case 2:
        spanId = r.readHexId()
        break
      case 3:
        traceState = r.readString()
        break
      case 4:
        readAttribute(r, attributes)
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return { traceId, spanId, traceState, attributes }
}

/** Status into the span; fields absent from it leave the span's (protobuf's merge of a repeated message). */
function readStatus(r: WireReader, span: SpanFields): void {
  const outerEnd = r.enterMessage()
  while (r.pos < r.end) {
    switch (r.readTag('Status')) {
      case 2:
        span.statusMessage = r.readString()
        break
      case 3:
        span.statusCode = r.readInt32()
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
}
