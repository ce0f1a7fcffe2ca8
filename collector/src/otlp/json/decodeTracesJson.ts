import type { SpanFields } from '../fields.js'
import { invalidSpanReason, traceRow } from '../rowBuilders.js'
import type { Decoded, TraceRow } from '../rows.js'
import { attributes, hexId, int32, int64, list, object, optionalObject, parseJsonPayload, resourceFields, scopeFields, string } from './jsonFields.js'

const SPAN_KINDS = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER']
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR']

/** An OTLP/JSON ExportTraceServiceRequest → otel_traces rows. */
export function decodeTracesJson(body: Buffer | string): Decoded<TraceRow[]> {
  const root = parseJsonPayload(body, 'resourceSpans')
  const result: Decoded<TraceRow[]> = { rows: [], accepted: 0, rejected: 0 }
  list(root, 'resourceSpans', '$').forEach((rsValue, r) => {
    const rsPath = `resourceSpans[${r}]`
    const rs = object(rsValue, rsPath)
    const resource = resourceFields(rs, rsPath)
    list(rs, 'scopeSpans', rsPath).forEach((ssValue, s) => {
      const ssPath = `${rsPath}.scopeSpans[${s}]`
      const ss = object(ssValue, ssPath)
      const scope = scopeFields(ss, ssPath)
      list(ss, 'spans', ssPath).forEach((spanValue, i) => {
        const span = spanFields(object(spanValue, `${ssPath}.spans[${i}]`), `${ssPath}.spans[${i}]`)
        const reason = invalidSpanReason(span)
        if (reason) {
          result.rejected++
          result.rejectReason ??= reason
        } else {
          result.rows.push(traceRow(resource, scope, span))
          result.accepted++
        }
      })
    })
  })
  return result
}

function spanFields(span: Record<string, unknown>, path: string): SpanFields {
  const status = optionalObject(span, 'status', path) ?? {}
  return {
    traceId: hexId(span, 'traceId', path),
    spanId: hexId(span, 'spanId', path),
    parentSpanId: hexId(span, 'parentSpanId', path),
    traceState: string(span, 'traceState', path),
    name: string(span, 'name', path),
    kind: int32(span, 'kind', path, SPAN_KINDS),
    startTimeUnixNano: int64(span, 'startTimeUnixNano', path),
    endTimeUnixNano: int64(span, 'endTimeUnixNano', path),
    attributes: attributes(span, 'attributes', path),
    events: list(span, 'events', path).map((value, i) => {
      const at = `${path}.events[${i}]`
      const event = object(value, at)
      return { timeUnixNano: int64(event, 'timeUnixNano', at), name: string(event, 'name', at), attributes: attributes(event, 'attributes', at) }
    }),
    links: list(span, 'links', path).map((value, i) => {
      const at = `${path}.links[${i}]`
      const link = object(value, at)
      return {
        traceId: hexId(link, 'traceId', at),
        spanId: hexId(link, 'spanId', at),
        traceState: string(link, 'traceState', at),
        attributes: attributes(link, 'attributes', at),
      }
    }),
    statusCode: int32(status, 'code', `${path}.status`, STATUS_CODES),
    statusMessage: string(status, 'message', `${path}.status`),
  }
}
