import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { Ingest } from './ingest.js'
import { noCollectorMetrics } from './selfTelemetry/collectorMetrics.js'
import { testDelivery } from './testing/testDelivery.js'
import { signals } from './signals.js'
import { BatchWriter } from './writer/batchWriter.js'

const DAY_NS = 86_400n * 1_000_000_000n

function spansAt(times: bigint[]): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: times.map((t, i) => ({
                traceId: '0102030405060708090a0b0c0d0e0f10',
                spanId: `010203040506070${i + 1}`,
                name: `span ${i}`,
                startTimeUnixNano: String(t),
                endTimeUnixNano: String(t + 1000n),
              })),
            },
          ],
        },
      ],
    }),
  )
}

describe('Ingest with a retention', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  it('refuses items older than the retention openly instead of letting ClickHouse drop them silently', async () => {
    store = await openTestStore({ retention: { tracesDays: 7, logsDays: 0, metricsDays: 0 } })
    const now = Date.parse('2026-11-28T12:00:00Z')
    const ingest = new Ingest(new BatchWriter(testDelivery(store).delivery, { maxRows: 1000, maxDelayMs: 10 }), store.config.retention, noCollectorMetrics, undefined, () => now)
    const nowNs = BigInt(now) * 1_000_000n
    const outcome = await ingest.export(signals.traces, 'json', spansAt([nowNs - 8n * DAY_NS, nowNs - DAY_NS, nowNs]))
    expect(outcome).toEqual({ accepted: 2, rejected: 1, message: '1 spans older than the 7-day retention were not stored' })
    const stored = await queryRows<{ SpanName: string }>(store, `SELECT SpanName FROM ${store.database}.otel_traces ORDER BY SpanName`)
    expect(stored.map((r) => r.SpanName)).toEqual(['span 1', 'span 2'])
  })
})
