import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { openStore } from '@meridian/core'
import { afterAll, describe, expect, it } from 'vitest'
import { exitOf, startMeridian } from './testing/meridianProcess.js'

const span = (i: number) => ({
  traceId: `${(i + 1).toString(16).padStart(32, '0')}`,
  spanId: `${(i + 1).toString(16).padStart(16, '0')}`,
  name: `span ${i}`,
  startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i)),
  endTimeUnixNano: String(1_700_000_000_000_001_000n + BigInt(i)),
})

describe('pnpm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-start-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('serves health and the start page, and writes everything accepted before SIGTERM', async () => {
    // a long batch delay: at SIGTERM the data is still only in the collector's memory
    const first = await startMeridian(dataDir, { MERIDIAN_BATCH_MAX_DELAY_MS: '30000' })
    const health = await fetch(`${first.ui}/healthz`)
    expect(await health.json()).toEqual({ status: 'ok', store: 'embedded' })
    const page = await (await fetch(first.ui)).text()
    expect(page).toContain('OTEL_EXPORTER_OTLP_ENDPOINT')
    expect(page).toContain(first.otlpHttp)

    // one process owns a data directory: a second one is refused with a message that says why
    await expect(startMeridian(dataDir)).rejects.toThrow(/cannot open the embedded store in .*another process may be using it/)

    const requests = [0, 1, 2, 3].map((r) =>
      fetch(`${first.otlpHttp}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          resourceSpans: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'restart-test' } }] },
              scopeSpans: [{ spans: Array.from({ length: 25 }, (_, i) => span(r * 25 + i)) }],
            },
          ],
        }),
      }),
    )
    await new Promise((r) => setTimeout(r, 500))
    const exited = exitOf(first.child)
    first.child.kill('SIGTERM')
    const responses = await Promise.all(requests)
    expect(responses.map((res) => res.status)).toEqual([200, 200, 200, 200])
    // a full success: nothing rejected
    expect(await Promise.all(responses.map((res) => res.json()))).toEqual([{}, {}, {}, {}])
    expect(await exited).toBe(0)

    // restart on the same data directory, then read the store once it is released again
    const second = await startMeridian(dataDir)
    expect((await fetch(`${second.ui}/healthz`)).status).toBe(200)
    const secondExit = exitOf(second.child)
    second.child.kill('SIGINT')
    expect(await secondExit).toBe(0)

    const store = await openStore({ dataDir, database: 'otel', username: 'default', password: '', retention: { tracesDays: 0, logsDays: 0, metricsDays: 0 } })
    try {
      const res = await store.client.query({ query: "SELECT count() AS n FROM otel.otel_traces WHERE ServiceName = 'restart-test'", format: 'JSONEachRow' })
      expect(await res.json()).toEqual([{ n: 100 }])
    } finally {
      await store.close()
    }
  })

  it('names the setting of a port that is already taken', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as AddressInfo).port
    try {
      await expect(startMeridian(mkdtempSync(join(tmpdir(), 'meridian-port-')), { MERIDIAN_HTTP_PORT: String(port) })).rejects.toThrow(
        `port ${port} is already in use; stop what uses it or set MERIDIAN_HTTP_PORT to another port`,
      )
    } finally {
      taken.close()
    }
  })

  it('refuses an invalid setting with a message that names the variable', async () => {
    await expect(startMeridian(dataDir, { MERIDIAN_OTLP_HTTP_PORT: 'eighty' })).rejects.toThrow(
      /MERIDIAN_OTLP_HTTP_PORT must be a whole number from 0 to 65535, got "eighty"/,
    )
  })
})
