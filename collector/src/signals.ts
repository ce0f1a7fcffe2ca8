import { decodeLogsJson } from './otlp/json/decodeLogsJson.js'
import { decodeMetricsJson } from './otlp/json/decodeMetricsJson.js'
import { decodeTracesJson } from './otlp/json/decodeTracesJson.js'
import { decodeLogsProto } from './otlp/proto/decodeLogs.js'
import { decodeMetricsProto } from './otlp/proto/decodeMetrics.js'
import { decodeTracesProto } from './otlp/proto/decodeTraces.js'
import { transcodeLogsProto } from './otlp/proto/transcodeLogs.js'
import { transcodeMetricsProto } from './otlp/proto/transcodeMetrics.js'
import { transcodeTracesProto } from './otlp/proto/transcodeTraces.js'
import type { Decoded } from './otlp/rows.js'
import type { RowsChunk } from './writer/batchWriter.js'

export type SignalName = 'traces' | 'metrics' | 'logs'
export type PayloadFormat = 'protobuf' | 'json'

/** Rows per destination table. */
export type TableRows = [table: string, rows: object[]][]

/** What differs between the three OTLP signals; everything else is shared. */
export interface Signal {
  name: SignalName
  /** What one item is called in OTLP's partial success (rejected_spans, …). */
  itemName: 'spans' | 'data points' | 'log records'
  /** Field name of the rejected count in the JSON partial success. */
  rejectedJsonField: 'rejectedSpans' | 'rejectedDataPoints' | 'rejectedLogRecords'
  /** Which retention setting applies. */
  retention: 'tracesDays' | 'metricsDays' | 'logsDays'
  /** The row column that holds the item's time. */
  timeColumn: 'Timestamp' | 'TimeUnix'
  /** gRPC method path of the OTLP Export service. */
  grpcPath: string
  decode(format: PayloadFormat, body: Uint8Array): Decoded<TableRows>
  /**
   * The fast path, where there is one: protobuf straight to the table's JSONEachRow text, with
   * no row objects in between (the same text `decode` then serializing would give).
   */
  transcode?(body: Uint8Array): Decoded<TableChunks>
}

/** Rows already serialized, per destination table. */
export type TableChunks = [table: string, chunk: RowsChunk][]

function tracesOrLogs<R extends object>(table: string, decoded: Decoded<R[]>): Decoded<TableRows> {
  return { ...decoded, rows: [[table, decoded.rows]] }
}

/** The metrics tables, by the kind of their rows. */
const METRIC_TABLES = [
  ['otel_metrics_gauge', 'gauge'],
  ['otel_metrics_sum', 'sum'],
  ['otel_metrics_histogram', 'histogram'],
  ['otel_metrics_exponential_histogram', 'exponentialHistogram'],
  ['otel_metrics_summary', 'summary'],
] as const

export const signals: Record<SignalName, Signal> = {
  traces: {
    name: 'traces',
    itemName: 'spans',
    rejectedJsonField: 'rejectedSpans',
    retention: 'tracesDays',
    timeColumn: 'Timestamp',
    grpcPath: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    decode: (format, body) =>
      tracesOrLogs('otel_traces', format === 'json' ? decodeTracesJson(Buffer.from(body.buffer, body.byteOffset, body.byteLength)) : decodeTracesProto(body)),
    transcode: (body) => {
      const { text, rows, accepted, rejected, rejectReason, release } = transcodeTracesProto(body, { pooled: true })
      return { rows: [['otel_traces', { text, rows, release }]], accepted, rejected, rejectReason }
    },
  },
  logs: {
    name: 'logs',
    itemName: 'log records',
    rejectedJsonField: 'rejectedLogRecords',
    retention: 'logsDays',
    timeColumn: 'Timestamp',
    grpcPath: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
    decode: (format, body) =>
      tracesOrLogs('otel_logs', format === 'json' ? decodeLogsJson(Buffer.from(body.buffer, body.byteOffset, body.byteLength)) : decodeLogsProto(body)),
    transcode: (body) => {
      const { text, rows, accepted, rejected, rejectReason, release } = transcodeLogsProto(body, { pooled: true })
      return { rows: [['otel_logs', { text, rows, release }]], accepted, rejected, rejectReason }
    },
  },
  metrics: {
    name: 'metrics',
    itemName: 'data points',
    rejectedJsonField: 'rejectedDataPoints',
    retention: 'metricsDays',
    timeColumn: 'TimeUnix',
    grpcPath: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
    decode: (format, body) => {
      const decoded = format === 'json' ? decodeMetricsJson(Buffer.from(body.buffer, body.byteOffset, body.byteLength)) : decodeMetricsProto(body)
      return { ...decoded, rows: METRIC_TABLES.map(([table, kind]) => [table, decoded.rows[kind]]) }
    },
    transcode: (body) => {
      const { tables, accepted, rejected, rejectReason } = transcodeMetricsProto(body, { pooled: true })
      return { rows: METRIC_TABLES.map(([table, kind]) => [table, tables[kind]]), accepted, rejected, rejectReason }
    },
  },
}

/** The signal whose rows a table holds. */
export function signalOfTable(table: string): SignalName {
  if (table === 'otel_traces') return 'traces'
  if (table === 'otel_logs') return 'logs'
  return 'metrics'
}
