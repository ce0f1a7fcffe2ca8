import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { toJsonRowsText } from '@meridian/core'
import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { testDelivery } from '../testing/testDelivery.js'
import { waitFor } from '../testing/loadBodies.js'

const span = (name: string) => ({ Timestamp: 1_700_000_000_000_000_000n, TraceId: 'ab'.repeat(16), SpanId: 'cd'.repeat(8), SpanName: name, ServiceName: 'replay' })

describe('Delivery replaying the spool', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  it('sets a batch the engine refuses as bad data aside, keeps it on disk, and replays the batches behind it', async () => {
    store = await openTestStore()
    const { delivery, spool } = testDelivery(store)
    await delivery.stop() // fill the spool first, as a crashed run would have left it
    await spool.append({ table: 'otel_traces', token: 't1', items: 1, signal: 'traces', text: Buffer.from('{"Timestamp": "not a time at all", oops') })
    await spool.append({ table: 'otel_traces', token: 't2', items: 1, signal: 'traces', text: Buffer.from(toJsonRowsText([span('after the bad one')])) })

    const { delivery: replaying } = testDelivery(store, 64 * 1024 * 1024, spool)
    await waitFor(() => spool.size === 0, 20_000)
    await replaying.stop()

    const rows = await queryRows<{ SpanName: string }>(store, `SELECT SpanName FROM ${store.database}.otel_traces`)
    expect(rows.map((r) => r.SpanName)).toEqual(['after the bad one'])
    const rejected = join(spool.dir, 'rejected')
    expect(existsSync(rejected)).toBe(true)
    const [file] = readdirSync(rejected)
    expect(readFileSync(join(rejected, file), 'utf8')).toContain('not a time at all')
  })

  it('reports the spool full once it refused a batch, until a batch leaves it', async () => {
    store = await openTestStore()
    const { delivery, spool } = testDelivery(store, 300)
    await delivery.stop()
    const first = await spool.append({ table: 'otel_traces', token: 'a', items: 1, signal: 'traces', text: Buffer.alloc(100, 0x20) })
    expect(delivery.spoolFull).toBe(false)
    await expect(spool.append({ table: 'otel_traces', token: 'b', items: 1, signal: 'traces', text: Buffer.alloc(200, 0x20) })).rejects.toThrow(/spool is full/)
    expect(delivery.spoolFull).toBe(true)
    await spool.remove(first.seq)
    expect(delivery.spoolFull).toBe(false)
  })
})
