import type { z } from 'zod'
import type { LogRecord, logTailQuery, severity } from '../../api/telemetry.js'
import { SEVERITY_CLASS_SQL } from './severityClass.js'
import { attributeConditions, type SqlParams } from './sqlParams.js'

export { SEVERITY_CLASS_SQL }

/** The filters every log read takes (search, histogram, tail). */
export type LogFilters = z.output<typeof logTailQuery>
export type Severity = z.output<typeof severity>

/** The columns of a logRecord, in its names. */
export const LOG_COLUMNS = `toUnixTimestamp64Milli(Timestamp) AS timestamp, toString(toUnixTimestamp64Nano(Timestamp)) AS timeNs,
  ServiceName AS service, SeverityText AS severityText, SeverityNumber AS severityNumber, Body AS body,
  TraceId AS traceId, SpanId AS spanId, LogAttributes AS attributes, ResourceAttributes AS resourceAttributes`

/** Conditions of the filters (besides time). */
export function logConditions(p: SqlParams, f: LogFilters): string[] {
  const where: string[] = []
  if (f.service !== undefined) where.push(`ServiceName = ${p.add('String', f.service)}`)
  if (f.traceId !== undefined) where.push(`TraceId = ${p.add('String', f.traceId)}`)
  if (f.severity.length > 0) where.push(`${SEVERITY_CLASS_SQL} IN ${p.add('Array(String)', [...new Set(f.severity)])}`)
  if (f.q !== undefined && f.q !== '') where.push(`positionCaseInsensitiveUTF8(Body, ${p.add('String', f.q)}) > 0`)
  where.push(...attributeConditions(p, 'LogAttributes', f.attr))
  return where
}

/** A row as JSON gives it, into a logRecord. */
export function toLogRecord(row: LogRecord): LogRecord {
  return { ...row, timestamp: Number(row.timestamp), severityNumber: Number(row.severityNumber) }
}
