import type { Store } from '../../store.js'

/*
 * Rows for the cost tests, written as the importers and the collector write them (JSONEachRow;
 * columns a test does not name take their defaults).
 */

export interface BillingRowInput {
  /** Charge period start, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC). */
  start: string
  /** Charge period end (exclusive); a day after `start` by default. */
  end?: string
  cost: string | number
  currency?: string
  provider?: string
  service?: string
  subAccountId?: string
  resourceId?: string
  tags?: Record<string, string>
}

const dateTime = (text: string) => (text.length === 10 ? `${text} 00:00:00` : text)
const nextDay = (text: string) => new Date(Date.parse(`${text.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/** Billing rows in meridian_billing; the same cost in every cost column, so any metric reads it. */
export async function insertBillingRows(store: Store, rows: BillingRowInput[]): Promise<void> {
  await store.client.insert({
    table: `${store.database}.meridian_billing`,
    format: 'JSONEachRow',
    values: rows.map((r) => ({
      ChargePeriodStart: dateTime(r.start),
      ChargePeriodEnd: dateTime(r.end ?? nextDay(r.start)),
      BillingPeriodStart: `${r.start.slice(0, 7)}-01 00:00:00`,
      BillingPeriodEnd: `${r.start.slice(0, 7)}-01 00:00:00`,
      BilledCost: String(r.cost),
      EffectiveCost: String(r.cost),
      ListCost: String(r.cost),
      ContractedCost: String(r.cost),
      BillingCurrency: r.currency ?? 'USD',
      BillingAccountId: 'acct',
      ChargeCategory: 'Usage',
      ProviderName: r.provider ?? 'AWS',
      PublisherName: r.provider ?? 'AWS',
      InvoiceIssuerName: r.provider ?? 'AWS',
      ServiceCategory: 'Compute',
      ServiceName: r.service ?? 'Amazon EC2',
      SubAccountId: r.subAccountId ?? null,
      ResourceId: r.resourceId ?? null,
      Tags: r.tags ?? {},
      x_Source: 'focus-file',
      x_ImportId: 'test',
    })),
  })
}

export interface SpanBatch {
  service: string
  operation: string
  kind?: 'Server' | 'Client' | 'Internal' | 'Consumer' | 'Producer'
  /** First span's start (epoch ms); one span a second after it. */
  start: number
  count: number
  durationMs: number
}

/** `count` spans of one service and operation, in the engine (INSERT … SELECT), so the RED views fill as they do from the collector. */
export async function insertSpanBatch(store: Store, batch: SpanBatch): Promise<void> {
  await store.client.command({
    query: `INSERT INTO ${store.database}.otel_traces (Timestamp, TraceId, SpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode)
SELECT fromUnixTimestamp64Milli({start:Int64} + toInt64(number) * 1000), lower(hex(randomString(16))), lower(hex(randomString(8))),
  {operation:String}, {kind:String}, {service:String}, {durationNs:UInt64}, 'Ok'
FROM numbers({count:UInt64})`,
    query_params: { start: batch.start, operation: batch.operation, kind: batch.kind ?? 'Server', service: batch.service, durationNs: Math.round(batch.durationMs * 1e6), count: batch.count },
  })
}

export interface SpanInput {
  /** Start, epoch ms. */
  time: number
  traceId: string
  spanId: string
  parentSpanId?: string
  service: string
  operation: string
  kind?: string
  durationMs?: number
  attributes?: Record<string, string>
}

/** Spans with attributes, one row each (JSONEachRow; times as integer nanoseconds, as the collector writes them). */
export async function insertSpans(store: Store, spans: SpanInput[]): Promise<void> {
  await store.client.insert({
    table: `${store.database}.otel_traces`,
    format: 'JSONEachRow',
    values: spans.map((s) => ({
      Timestamp: BigInt(s.time) * 1_000_000n,
      TraceId: s.traceId,
      SpanId: s.spanId,
      ParentSpanId: s.parentSpanId ?? '',
      SpanName: s.operation,
      SpanKind: s.kind ?? 'Server',
      ServiceName: s.service,
      ResourceAttributes: { 'service.name': s.service },
      SpanAttributes: s.attributes ?? {},
      Duration: BigInt(Math.round((s.durationMs ?? 1) * 1e6)),
      StatusCode: 'Ok',
    })),
  })
}
