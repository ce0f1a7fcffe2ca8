import type { Store } from '@meridian/core'

/*
 * Rows of the contrib tables for tests, written as the collector writes them (JSONEachRow,
 * times as integer nanoseconds), with defaults for what a test does not care about.
 */

/** Epoch ms (and extra nanoseconds) as the nanosecond integer the tables take. */
export const ns = (ms: number, extraNs = 0) => BigInt(Math.round(ms)) * 1_000_000n + BigInt(extraNs)

export interface SpanInput {
  time: number
  traceId: string
  spanId: string
  parentSpanId?: string
  service: string
  operation: string
  kind?: string
  durationMs: number
  status?: 'Unset' | 'Ok' | 'Error'
  statusMessage?: string
  attributes?: Record<string, string>
  resource?: Record<string, string>
  events?: { time: number; name: string; attributes?: Record<string, string> }[]
  links?: { traceId: string; spanId: string; traceState?: string; attributes?: Record<string, string> }[]
}

export function spanRow(s: SpanInput): Record<string, unknown> {
  return {
    Timestamp: ns(s.time),
    TraceId: s.traceId,
    SpanId: s.spanId,
    ParentSpanId: s.parentSpanId ?? '',
    TraceState: '',
    SpanName: s.operation,
    SpanKind: s.kind ?? 'Server',
    ServiceName: s.service,
    ResourceAttributes: { 'service.name': s.service, ...s.resource },
    ScopeName: 'test',
    ScopeVersion: '1.0',
    SpanAttributes: s.attributes ?? {},
    Duration: BigInt(Math.round(s.durationMs * 1e6)),
    StatusCode: s.status ?? 'Unset',
    StatusMessage: s.statusMessage ?? '',
    'Events.Timestamp': (s.events ?? []).map((e) => ns(e.time)),
    'Events.Name': (s.events ?? []).map((e) => e.name),
    'Events.Attributes': (s.events ?? []).map((e) => e.attributes ?? {}),
    'Links.TraceId': (s.links ?? []).map((l) => l.traceId),
    'Links.SpanId': (s.links ?? []).map((l) => l.spanId),
    'Links.TraceState': (s.links ?? []).map((l) => l.traceState ?? ''),
    'Links.Attributes': (s.links ?? []).map((l) => l.attributes ?? {}),
  }
}

export interface LogInput {
  time: number
  /** Nanoseconds past the millisecond. */
  extraNs?: number
  service: string
  body: string
  severityText?: string
  severityNumber?: number
  traceId?: string
  spanId?: string
  attributes?: Record<string, string>
}

export function logRow(l: LogInput): Record<string, unknown> {
  return {
    Timestamp: ns(l.time, l.extraNs),
    TraceId: l.traceId ?? '',
    SpanId: l.spanId ?? '',
    TraceFlags: l.traceId ? 1 : 0,
    SeverityText: l.severityText ?? 'INFO',
    SeverityNumber: l.severityNumber ?? 9,
    ServiceName: l.service,
    Body: l.body,
    ResourceAttributes: { 'service.name': l.service },
    ScopeName: 'test',
    LogAttributes: l.attributes ?? {},
  }
}

export async function insertSpans(store: Store, spans: SpanInput[]): Promise<void> {
  await store.client.insert({ table: `${store.database}.otel_traces`, values: spans.map(spanRow), format: 'JSONEachRow' })
}

export async function insertLogs(store: Store, logs: LogInput[]): Promise<void> {
  await store.client.insert({ table: `${store.database}.otel_logs`, values: logs.map(logRow), format: 'JSONEachRow' })
}

/** A lowercase hex id of `bytes` bytes from a number, so tests name their traces and spans. */
export const hexId = (n: number, bytes: number) => n.toString(16).padStart(bytes * 2, '0')
