import type { LogRecordFields, ResourceFields } from '../fields.js'
import { logRow } from '../rowBuilders.js'
import type { Decoded, LogRow } from '../rows.js'
import { newResourceFields, newScopeFields, readAnyValue, readAttribute, readResource, readScope } from './common.js'
import { WireReader } from './wireReader.js'

/*
 * ExportLogsServiceRequest (opentelemetry/proto/collector/logs/v1, logs/v1/logs.proto) → log rows.
 * As for traces, each level notes where its children start and reads them once its resource
 * and scope are known, whatever order the fields came in.
 */

type LogOutput = Decoded<LogRow[]>

export function decodeLogsProto(buf: Uint8Array): Decoded<LogRow[]> {
  const r = new WireReader(buf)
  const out: LogOutput = { rows: [], accepted: 0, rejected: 0 }
  while (r.pos < r.end) {
    if (r.readTag('ExportLogsServiceRequest') === 1) readResourceLogs(r, out)
    else r.skipField()
  }
  return out
}

function readResourceLogs(r: WireReader, out: LogOutput): void {
  const outerEnd = r.enterMessage()
  const resource = newResourceFields()
  const scopeLogsMarks: number[] = []
  while (r.pos < r.end) {
    switch (r.readTag('ResourceLogs')) {
      case 1:
        readResource(r, resource)
        break
      case 2:
        scopeLogsMarks.push(r.markMessage())
        break
      case 3:
        resource.schemaUrl = r.readString()
        break
      default:
        r.skipField()
    }
  }
  const end = r.pos
  for (let i = 0; i < scopeLogsMarks.length; i++) {
    r.rewindTo(scopeLogsMarks[i])
    readScopeLogs(r, resource, out)
  }
  r.pos = end
  r.leaveMessage(outerEnd)
}

function readScopeLogs(r: WireReader, resource: ResourceFields, out: LogOutput): void {
  const outerEnd = r.enterMessage()
  const scope = newScopeFields()
  const recordMarks: number[] = []
  while (r.pos < r.end) {
    switch (r.readTag('ScopeLogs')) {
      case 1:
        readScope(r, scope)
        break
      case 2:
        recordMarks.push(r.markMessage())
        break
      case 3:
        scope.schemaUrl = r.readString()
        break
      default:
        r.skipField()
    }
  }
  const end = r.pos
  for (let i = 0; i < recordMarks.length; i++) {
    r.rewindTo(recordMarks[i])
    out.rows.push(logRow(resource, scope, readLogRecord(r)))
    out.accepted++
  }
  r.pos = end
  r.leaveMessage(outerEnd)
}

function readLogRecord(r: WireReader): LogRecordFields {
  const outerEnd = r.enterMessage()
  const log: LogRecordFields = {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: null,
    attributes: {},
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
  }
  while (r.pos < r.end) {
    switch (r.readTag('LogRecord')) {
      case 1:
        log.timeUnixNano = r.readFixed64()
        break
      case 2:
        log.severityNumber = r.readInt32()
        break
      case 3:
        log.severityText = r.readString()
        break
      case 5:
        log.body = readAnyValue(r, 0)
        break
      case 6:
        readAttribute(r, log.attributes)
        break
      case 8:
        log.flags = r.readFixed32()
        break
      case 9:
        log.traceId = r.readHexId()
        break
      case 10:
        log.spanId = r.readHexId()
        break
      case 11:
        log.observedTimeUnixNano = r.readFixed64()
        break
      case 12:
        log.eventName = r.readString()
        break
      default:
        // dropped_attributes_count (7), the retired name (4) and anything newer are not stored.
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return log
}
