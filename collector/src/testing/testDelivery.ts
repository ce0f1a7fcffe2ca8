import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Store } from '@meridian/core'
import { noCollectorMetrics } from '../selfTelemetry/collectorMetrics.js'
import { Delivery } from '../writer/delivery.js'
import { Spool } from '../writer/spool.js'

/** A delivery to a test store, with its spool in a fresh temporary directory (or over `spool`). */
export function testDelivery(store: Store, spoolMaxBytes = 64 * 1024 * 1024, existing?: Spool): { delivery: Delivery; spool: Spool } {
  const spool = existing ?? new Spool(mkdtempSync(join(tmpdir(), 'meridian-spool-')), spoolMaxBytes)
  const delivery = new Delivery(store, spool, { insertTimeoutMs: 10_000, retryMinMs: 20, retryMaxMs: 200 }, noCollectorMetrics)
  delivery.start()
  return { delivery, spool }
}
