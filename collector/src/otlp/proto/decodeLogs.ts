import type { LogRecordFields, } from '../fields.js'
import { logRow } from '../rowBuilders.js'
import type { Decoded, LogRow } from '../rows.js'
import { readAnyValue, readAttribute } from './common.js'
import { readExportRequest } from './exportRequest.js'
import type { WireReader } from './wireReader.js'

/* ExportLogsServiceRequest (opentelemetry/proto/collector/logs/v1, logs/v1/logs.proto) → log rows. */

const ENVELOPE = { request: 'ExportLogsServiceRequest', resourceLevel: 'ResourceLogs', scopeLevel: 'ScopeLogs' }

export function decodeLogsProto(buf: Uint8Array): Decoded<LogRow[]> {
  const out: Decoded<LogRow[]> = { rows: [], accepted: 0, rejected: 0 }
  readExportRequest(buf, ENVELOPE, (r, resource, scope) => {
    out.rows.push(logRow(resource, scope, readLogRecord(r)))
    out.accepted++
  })
  return out
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
