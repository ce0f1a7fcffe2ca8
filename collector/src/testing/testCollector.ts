import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

/** A collector on loopback with free ports, on its own database of the real engine. */
export async function startTestCollector(env: Record<string, string> = {}): Promise<TestCollector> {
  const store = await openTestStore()
  const config = parseCollectorConfig({
    MERIDIAN_OTLP_HOST: '127.0.0.1',
    MERIDIAN_OTLP_HTTP_PORT: '0',
    MERIDIAN_OTLP_GRPC_PORT: '0',
    MERIDIAN_BATCH_MAX_DELAY_MS: '20',
    MERIDIAN_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'meridian-spool-')),
    ...env,
  })
  const collector = await startCollector({ store, config, retention: store.config.retention })
  return {
    store,
    collector,
    httpUrl: `http://127.0.0.1:${collector.httpPort}`,
    grpcUrl: `http://127.0.0.1:${collector.grpcPort}`,
    async dispose() {
      await collector.stop()
      await store.dispose()
    },
  }
}
