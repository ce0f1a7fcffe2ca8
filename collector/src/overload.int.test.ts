/*
 * Overload: more large requests at once than the memory budget holds. The collector turns the
 * excess away with retryable answers (HTTP 429 + Retry-After, gRPC RESOURCE_EXHAUSTED + RetryInfo),
 * never holds more than its budget, and stores everything it acknowledged.
 */
import * as grpc from '@grpc/grpc-js'
import { queryRows } from '@meridian/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytes as bytesField, fixed64, keyValue, message, string } from './otlp/proto/testEncoder.js'
import { tracesBody } from './testing/loadBodies.js'
import { startTestCollector, type TestCollector } from './testing/testCollector.js'

const MiB = 1024 * 1024
const TRACES_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export'

/** A protobuf trace request of about `bytes` bytes, its spans tagged with `seq`. */
function protobufTraces(seq: number, bytes: number): Buffer {
  const spans: Uint8Array[] = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const span = message(
      2,
      bytesField(1, Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex')),
      bytesField(2, Buffer.from((i + 1).toString(16).padStart(16, '0'), 'hex')),
      string(5, `grpc span ${i}`),
      fixed64(7, 1_700_000_000_000_000_000n),
      fixed64(8, 1_700_000_000_000_001_000n),
      keyValue(9, 'seq', String(seq)),
      keyValue(9, 'padding', 'x'.repeat(200)),
    )
    spans.push(span)
    size += span.length
  }
  return Buffer.from(message(1, message(1, keyValue(1, 'service.name', 'load-test')), message(2, ...spans)))
}

function grpcCall(client: grpc.Client, body: Buffer): Promise<{ ok: true } | { ok: false; error: grpc.ServiceError }> {
  return new Promise((resolve) =>
    client.makeUnaryRequest(
      TRACES_PATH,
      (b: Buffer) => b,
      (b: Buffer) => b,
      body,
      (error) => resolve(error ? { ok: false, error } : { ok: true }),
    ),
  )
}

describe('overload', () => {
  let tc: TestCollector
  beforeAll(async () => {
    tc = await startTestCollector({
      MERIDIAN_SELF_TELEMETRY_INTERVAL_MS: '100',
      MERIDIAN_OTLP_MAX_BODY_BYTES: String(MiB),
      MERIDIAN_QUEUE_MAX_BYTES: String(3 * MiB),
      MERIDIAN_BATCH_MAX_DELAY_MS: '300',
    })
  })
  afterAll(() => tc.dispose())

  it('turns the excess away with 429 and RESOURCE_EXHAUSTED, holds no more than its budget, and stores all it acknowledged', async () => {
    const httpBodies = Array.from({ length: 30 }, (_, seq) => tracesBody(String(seq), 2500))
    expect(Buffer.byteLength(httpBodies[0])).toBeGreaterThan(0.5 * MiB)
    expect(Buffer.byteLength(httpBodies[0])).toBeLessThan(MiB)
    const grpcBodies = Array.from({ length: 20 }, (_, i) => protobufTraces(1000 + i, 0.8 * MiB))
    const client = new grpc.Client(`127.0.0.1:${tc.collector.grpcPort}`, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': 2 * MiB,
    })

    const [http, viaGrpc] = await Promise.all([
      Promise.all(
        httpBodies.map(async (body, seq) => {
          const res = await fetch(`${tc.httpUrl}/v1/traces`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } })
          return { seq, status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() }
        }),
      ),
      Promise.all(grpcBodies.map(async (body, i) => ({ seq: 1000 + i, result: await grpcCall(client, body) }))),
    ])
    client.close()

    const refusedHttp = http.filter((r) => r.status === 429)
    expect(refusedHttp.length).toBeGreaterThan(0)
    expect(http.every((r) => r.status === 200 || r.status === 429)).toBe(true)
    expect(refusedHttp[0].retryAfter).toBe('1')
    expect(JSON.parse(refusedHttp[0].body).message).toMatch(/memory limit/)

    const refusedGrpc = viaGrpc.filter((r) => !r.result.ok)
    expect(refusedGrpc.length).toBeGreaterThan(0)
    for (const { result } of refusedGrpc) {
      if (result.ok) continue
      expect(result.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED)
      // the status details carry a google.rpc.RetryInfo, so OTLP exporters retry
      const details = result.error.metadata.get('grpc-status-details-bin')[0] as Buffer
      expect(details.toString('latin1')).toContain('type.googleapis.com/google.rpc.RetryInfo')
    }

    const memory = tc.collector.memory()
    expect(memory.peak).toBeLessThanOrEqual(3 * MiB)
    expect(memory.bytes).toBe(0) // everything given back

    const acked = [...http.filter((r) => r.status === 200).map((r) => r.seq), ...viaGrpc.filter((r) => r.result.ok).map((r) => r.seq)]
    expect(acked.length).toBeGreaterThan(0)
    const stored = await queryRows<{ seq: string }>(tc.store, `SELECT DISTINCT SpanAttributes['seq'] AS seq FROM ${tc.store.database}.otel_traces`)
    expect(new Set(stored.map((r) => Number(r.seq)))).toEqual(new Set(acked))

    // the refusals show in the collector's own metrics (exported every 100 ms)
    const turnedAway = async () => {
      const [row] = await queryRows<{ n: number }>(
        tc.store,
        `SELECT argMax(Value, TimeUnix) AS n FROM ${tc.store.database}.otel_metrics_sum
         WHERE ServiceName = 'meridian-collector' AND MetricName = 'meridian.collector.refused.requests' AND Attributes['reason'] = 'backpressure'`,
      )
      return Number(row?.n ?? 0)
    }
    const refusals = refusedHttp.length + refusedGrpc.length
    const deadline = Date.now() + 10_000
    while ((await turnedAway()) !== refusals && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(await turnedAway()).toBe(refusals)
  })
})
