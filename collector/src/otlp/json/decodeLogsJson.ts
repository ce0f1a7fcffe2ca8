import type { LogRecordFields } from '../fields.js'
import { logRow } from '../rowBuilders.js'
import type { Decoded, LogRow } from '../rows.js'
import { anyValue, attributes, hexId, int32, int64, list, object, parseJsonPayload, resourceFields, scopeFields, string } from './jsonFields.js'

/** An OTLP/JSON ExportLogsServiceRequest → otel_logs rows. */
export function decodeLogsJson(body: Buffer | string): Decoded<LogRow[]> {
  const root = parseJsonPayload(body, 'resourceLogs')
  const result: Decoded<LogRow[]> = { rows: [], accepted: 0, rejected: 0 }
  list(root, 'resourceLogs', '$').forEach((rlValue, r) => {
    const rlPath = `resourceLogs[${r}]`
    const rl = object(rlValue, rlPath)
    const resource = resourceFields(rl, rlPath)
    list(rl, 'scopeLogs', rlPath).forEach((slValue, s) => {
      const slPath = `${rlPath}.scopeLogs[${s}]`
      const sl = object(slValue, slPath)
      const scope = scopeFields(sl, slPath)
      list(sl, 'logRecords', slPath).forEach((value, i) => {
        const at = `${slPath}.logRecords[${i}]`
        result.rows.push(logRow(resource, scope, logRecordFields(object(value, at), at)))
        result.accepted++
      })
    })
  })
  return result
}

function logRecordFields(record: Record<string, unknown>, path: string): LogRecordFields {
  return {
    timeUnixNano: int64(record, 'timeUnixNano', path),
    observedTimeUnixNano: int64(record, 'observedTimeUnixNano', path),
    severityNumber: int32(record, 'severityNumber', path),
    severityText: string(record, 'severityText', path),
    body: anyValue(record.body, `${path}.body`),
    attributes: attributes(record, 'attributes', path),
    flags: int32(record, 'flags', path),
    traceId: hexId(record, 'traceId', path),
    spanId: hexId(record, 'spanId', path),
    eventName: string(record, 'eventName', path),
  }
}
