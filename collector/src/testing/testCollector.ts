import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '@meridian/core'
import { openTestStore, type TestStore } from '@meridian/core/testing'
import { type RunningCollector, startCollector } from '../collector.js'
import { parseCollectorConfig } from '../config.js'

export interface TestCollector {
  store: TestStore
  collector: RunningCollector
  httpUrl: string
  grpcUrl: string
  /** Stops the collector (writing what it accepted) and drops the test database. */
  dispose(): Promise<void>
}

/**
 * A collector on loopback with free ports, on its own database of the real engine; with
 * `remoteUrl`, the collector writes to that database through a ClickHouse HTTP endpoint instead,
 * while `store` still reads it directly.
 */
export async function startTestCollector(env: Record<string, string> = {}, remoteUrl?: string): Promise<TestCollector> {
  const testStore = await openTestStore()
  const remote = remoteUrl ? await openStore({ ...testStore.config, url: remoteUrl }) : undefined
  const store = remote ?? testStore
  const config = parseCollectorConfig({
    MERIDIAN_OTLP_HOST: '127.0.0.1',
    MERIDIAN_OTLP_HTTP_PORT: '0',
    MERIDIAN_OTLP_GRPC_PORT: '0',
    MERIDIAN_BATCH_MAX_DELAY_MS: '20',
    MERIDIAN_SELF_TELEMETRY_INTERVAL_MS: '0',
    MERIDIAN_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'meridian-spool-')),
    ...env,
  })
  const collector = await startCollector({ store, config, retention: testStore.config.retention })
  return {
    store: testStore,
    collector,
    httpUrl: `http://127.0.0.1:${collector.httpPort}`,
    grpcUrl: `http://127.0.0.1:${collector.grpcPort}`,
    async dispose() {
      await collector.stop()
      await remote?.close()
      await testStore.dispose()
    },
  }
}
