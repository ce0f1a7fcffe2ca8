/*
 * SIGKILL during load: every request the collector acknowledged is stored exactly once after a
 * restart on the same data directory (what was only in the spool is replayed on start).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '@meridian/core'
import { startClickHouseHttpServer } from '@meridian/core/testing/clickhouseHttpServer'
import { afterAll, describe, expect, it } from 'vitest'
import { tracesBody, waitFor } from '../collector/src/testing/loadBodies.js'
import { exitOf, startMeridian } from './testing/meridianProcess.js'

const SPANS = 25
const NO_RETENTION = { tracesDays: 0, logsDays: 0, metricsDays: 0 }

/** Clients sending traces until stopped; records which requests were acknowledged in full. */
function loadClients(url: () => string, count: number) {
  const acked: number[] = []
  let seq = 0
  let stopped = false
  const client = async () => {
    while (!stopped) {
      const id = seq++
      try {
        const res = await fetch(`${url()}/v1/traces`, { method: 'POST', body: tracesBody(String(id), SPANS), headers: { 'Content-Type': 'application/json' } })
        if (res.status === 200 && Object.keys((await res.json()) as object).length === 0) acked.push(id)
      } catch {
        // the process is gone: this request was never acknowledged
      }
    }
  }
  const running = Array.from({ length: count }, client)
  return {
    acked,
    async stop() {
      stopped = true
      await Promise.all(running)
    },
  }
}

async function waitForEmptySpool(otlpHttp: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const ready = (await (await fetch(`${otlpHttp}/readyz`)).json()) as { spool: { batches: number } }
    if (ready.spool.batches === 0) return
    if (Date.now() > deadline) throw new Error('the spool was not replayed')
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Every acknowledged request has all its spans, and no request has any twice. */
function expectExactlyOnce(rows: { seq: string; n: string }[], acked: number[]): void {
  const counts = new Map(rows.map((r) => [Number(r.seq), Number(r.n)]))
  for (const id of acked) expect(counts.get(id), `spans of acknowledged request ${id}`).toBe(SPANS)
  for (const [id, n] of counts) expect(n, `spans of request ${id}`).toBe(SPANS)
}

const COUNT_PER_REQUEST = "SELECT SpanAttributes['seq'] AS seq, count() AS n FROM {db}.otel_traces WHERE ServiceName = 'load-test' GROUP BY seq"

describe('SIGKILL during load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-crash-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('keeps every acknowledged span exactly once across a kill and a restart', async () => {
    const first = await startMeridian(dataDir, { MERIDIAN_BATCH_MAX_DELAY_MS: '50' })
    const load = loadClients(() => first.otlpHttp, 6)
    await waitFor(() => load.acked.length >= 40, 30_000)
    const exited = exitOf(first.child)
    first.child.kill('SIGKILL')
    await exited
    await load.stop()

    const second = await startMeridian(dataDir)
    await waitForEmptySpool(second.otlpHttp)
    const stopped = exitOf(second.child)
    second.child.kill('SIGTERM')
    expect(await stopped).toBe(0)

    const store = await openStore({ dataDir, database: 'otel', username: 'default', password: '', retention: NO_RETENTION })
    try {
      const res = await store.client.query({ query: COUNT_PER_REQUEST.replace('{db}', 'otel'), format: 'JSONEachRow' })
      expectExactlyOnce(await res.json(), load.acked)
    } finally {
      await store.close()
    }
  })

  it('replays what was only in the spool when the kill came during a store outage', async () => {
    let chServer = await startClickHouseHttpServer()
    const port = Number(new URL(chServer.url).port)
    const database = `crash_${process.pid}`
    const env = { MERIDIAN_CLICKHOUSE_URL: chServer.url, MERIDIAN_CLICKHOUSE_DATABASE: database, MERIDIAN_BATCH_MAX_DELAY_MS: '50' }
    const spoolDir = mkdtempSync(join(tmpdir(), 'meridian-crash-spool-'))
    const first = await startMeridian(spoolDir, env)
    const load = loadClients(() => first.otlpHttp, 4)
    await waitFor(() => load.acked.length >= 20, 30_000)
    await chServer.close() // ClickHouse goes away: what is acknowledged now is only in the spool
    const ackedBeforeOutage = load.acked.length
    await waitFor(() => load.acked.length >= ackedBeforeOutage + 20, 30_000)
    const exited = exitOf(first.child)
    first.child.kill('SIGKILL')
    await exited
    await load.stop()

    chServer = await startClickHouseHttpServer({ port })
    const second = await startMeridian(spoolDir, env)
    await waitForEmptySpool(second.otlpHttp)
    const stopped = exitOf(second.child)
    second.child.kill('SIGTERM')
    expect(await stopped).toBe(0)

    const store = await openStore({ url: chServer.url, database, username: 'default', password: '', dataDir: spoolDir, retention: NO_RETENTION })
    try {
      const res = await store.client.query({ query: COUNT_PER_REQUEST.replace('{db}', database), format: 'JSONEachRow' })
      expectExactlyOnce(await res.json(), load.acked)
      await store.client.command({ query: `DROP DATABASE ${database}` })
    } finally {
      await store.close()
      await chServer.close()
      rmSync(spoolDir, { recursive: true, force: true })
    }
  })
})
