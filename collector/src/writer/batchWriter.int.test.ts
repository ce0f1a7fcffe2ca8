import { toJsonRowsText } from '@meridian/core'
import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { testDelivery } from '../testing/testDelivery.js'
import { BatchWriter } from './batchWriter.js'

describe('BatchWriter', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  /** Counts the INSERTs the writer sends, on the real client. */
  function countInserts(s: TestStore): () => number {
    let inserts = 0
    const insert = s.insertJsonRows
    s.insertJsonRows = (...args) => {
      inserts++
      return insert(...args)
    }
    return () => inserts
  }

  const rows = (from: number, n: number) => {
    const objects = Array.from({ length: n }, (_, i) => ({ Timestamp: 1_700_000_000_000_000_000n + BigInt(from + i), TraceId: 'a'.repeat(32), SpanId: String(from + i), ServiceName: 'batch' }))
    return { text: toJsonRowsText(objects), rows: n }
  }

  it('turns many concurrent writes into one insert within the delay, and settles each once stored', async () => {
    store = await openTestStore()
    const inserts = countInserts(store)
    const writer = new BatchWriter(testDelivery(store).delivery, { maxRows: 10_000, maxDelayMs: 50 })
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer.write('otel_traces', rows(i * 10, 10))))
    expect(inserts()).toBe(1)
    const [{ n }] = await queryRows<{ n: string }>(store, `SELECT count() AS n FROM ${store.database}.otel_traces`)
    expect(Number(n)).toBe(500)
  })

  it('inserts as soon as a batch is full', async () => {
    store = await openTestStore()
    const inserts = countInserts(store)
    const writer = new BatchWriter(testDelivery(store).delivery, { maxRows: 100, maxDelayMs: 60_000 })
    // with a one-minute delay, these only finish because each full batch goes at once
    await Promise.all(Array.from({ length: 10 }, (_, i) => writer.write('otel_traces', rows(i * 50, 50))))
    expect(inserts()).toBe(5)
  })

  it('stores every row across batches that reuse their buffers, releasing each chunk once copied', async () => {
    store = await openTestStore()
    const writer = new BatchWriter(testDelivery(store).delivery, { maxRows: 100, maxDelayMs: 60_000 })
    let released = 0
    for (let round = 0; round < 4; round++) {
      // one batch after another, so the later ones get the earlier ones' buffers
      const writes = Array.from({ length: 4 }, (_, i) => {
        const chunk = rows((round * 4 + i) * 25, 25)
        return writer.write('otel_traces', { text: Buffer.from(chunk.text), rows: chunk.rows, release: () => released++ })
      })
      await Promise.all(writes)
    }
    expect(released).toBe(16)
    const [{ n, ids }] = await queryRows<{ n: string; ids: string }>(store, `SELECT count() AS n, uniqExact(SpanId) AS ids FROM ${store.database}.otel_traces`)
    expect([Number(n), Number(ids)]).toEqual([400, 400])
  })

  it('spools a batch the store refuses, rejects it when the spool is full too, and flush() delivers what is pending', async () => {
    store = await openTestStore()
    const { delivery, spool } = testDelivery(store, 1500)
    const writer = new BatchWriter(delivery, { maxRows: 10_000, maxDelayMs: 60_000 })
    const pending = writer.write('otel_traces', rows(0, 3))
    const spooled = writer.write('no_such_table', rows(0, 3))
    await writer.flush()
    await expect(pending).resolves.toBeUndefined()
    await expect(spooled).resolves.toBeUndefined()
    expect(spool.size).toBe(1)
    const refused = writer.write('no_such_table', rows(3, 20))
    await writer.flush()
    await expect(refused).rejects.toThrow(/the spool is full \(1500 bytes\)/)
    await delivery.stop()
  })
})
