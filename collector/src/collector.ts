import type { Logger, Retention, Store } from '@meridian/core'
import { MemoryBudget } from './backpressure.js'
import type { CollectorConfig } from './config.js'
import { OtlpGrpcReceiver } from './grpc/otlpGrpcReceiver.js'
import { type CollectorHealth, OtlpHttpReceiver } from './http/otlpHttpReceiver.js'
import { Ingest } from './ingest.js'
import { type CollectorMetrics, noCollectorMetrics } from './selfTelemetry/collectorMetrics.js'
import { startSelfTelemetry } from './selfTelemetry/selfTelemetry.js'
import { BatchWriter } from './writer/batchWriter.js'
import { Delivery } from './writer/delivery.js'
import { Spool } from './writer/spool.js'

export interface RunningCollector {
  httpPort: number
  grpcPort: number
  health: CollectorHealth
  /** Request bytes held in memory now, the most ever held, and the limit. */
  memory(): { bytes: number; peak: number; limit: number }
  /** What waits in the on-disk spool for the store. */
  spoolStatus(): { batches: number; bytes: number }
  /** Stops the receivers, lets requests in progress finish, and stores or spools every accepted batch. */
  stop(): Promise<void>
}

export interface CollectorDeps {
  store: Store
  config: CollectorConfig
  retention: Retention
  logger?: Logger
}

export async function startCollector({ store, config, retention, logger }: CollectorDeps): Promise<RunningCollector> {
  const telemetry = config.selfTelemetryIntervalMs > 0 ? startSelfTelemetry(store, { exportIntervalMs: config.selfTelemetryIntervalMs, logger }) : undefined
  const metrics: CollectorMetrics = telemetry?.metrics ?? noCollectorMetrics
  const spool = new Spool(config.spoolDir, config.spoolMaxBytes)
  if (spool.size > 0) logger?.info({ batches: spool.size, bytes: spool.bytes, dir: config.spoolDir }, 'replaying the spool left by an earlier run')
  const delivery = new Delivery(store, spool, { insertTimeoutMs: config.insertTimeoutMs, retryMinMs: 100, retryMaxMs: 5000 }, metrics, logger)
  const writer = new BatchWriter(delivery, { maxRows: config.batchMaxRows, maxDelayMs: config.batchMaxDelayMs })
  const ingest = new Ingest(writer, retention, metrics, logger)
  const budget = new MemoryBudget(config.queueMaxBytes)
  metrics.observeQueueBytes(() => budget.bytes)
  metrics.observeSpoolBytes(() => spool.bytes)
  const spoolStatus = () => ({ batches: spool.size, bytes: spool.bytes })
  const health: CollectorHealth = {
    ready: () =>
      !delivery.storeReachable && delivery.spoolFull
        ? { ready: false, reason: 'the store is unreachable and the spool is full', spool: spoolStatus() }
        : { ready: true, spool: spoolStatus() },
  }
  const http = new OtlpHttpReceiver(ingest, { host: config.host, port: config.httpPort, maxBodyBytes: config.maxBodyBytes }, budget, health, metrics, logger)
  const grpc = new OtlpGrpcReceiver(ingest, { host: config.host, port: config.grpcPort, maxBodyBytes: config.maxBodyBytes }, budget, metrics, logger)
  delivery.start()
  const httpPort = await http.start()
  let grpcPort: number
  try {
    grpcPort = await grpc.start()
  } catch (err) {
    await http.stop()
    await delivery.stop()
    await telemetry?.stop()
    throw err
  }
  return {
    httpPort,
    grpcPort,
    health,
    spoolStatus,
    memory: () => ({ bytes: budget.bytes, peak: budget.peak, limit: budget.limit }),
    async stop() {
      const stopping = Promise.all([http.stop(), grpc.stop()])
      // Requests waiting on a batch must see it delivered for the receivers to finish.
      await writer.flush()
      await stopping
      await writer.flush()
      await delivery.stop()
      // Last, so its final export counts the last batches.
      await telemetry?.stop()
    },
  }
}
