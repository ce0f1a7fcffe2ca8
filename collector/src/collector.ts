import type { Logger, Retention, Store } from '@meridian/core'
import type { CollectorConfig } from './config.js'
import { OtlpGrpcReceiver } from './grpc/otlpGrpcReceiver.js'
import { OtlpHttpReceiver } from './http/otlpHttpReceiver.js'
import { Ingest } from './ingest.js'
import { BatchWriter } from './writer/batchWriter.js'

export interface RunningCollector {
  httpPort: number
  grpcPort: number
  /** Stops the receivers, lets requests in progress finish, and writes every accepted batch. */
  stop(): Promise<void>
}

export async function startCollector(store: Store, config: CollectorConfig, retention: Retention, logger?: Logger): Promise<RunningCollector> {
  const writer = new BatchWriter(store, { maxRows: config.batchMaxRows, maxDelayMs: config.batchMaxDelayMs }, logger)
  const ingest = new Ingest(writer, retention, logger)
  const http = new OtlpHttpReceiver(ingest, { host: config.host, port: config.httpPort, maxBodyBytes: config.maxBodyBytes }, logger)
  const grpc = new OtlpGrpcReceiver(ingest, { host: config.host, port: config.grpcPort, maxBodyBytes: config.maxBodyBytes }, logger)
  const httpPort = await http.start()
  let grpcPort: number
  try {
    grpcPort = await grpc.start()
  } catch (err) {
    await http.stop()
    throw err
  }
  return {
    httpPort,
    grpcPort,
    async stop() {
      const stopping = Promise.all([http.stop(), grpc.stop()])
      // Requests waiting on a batch must see it written for the receivers to finish.
      await writer.flush()
      await stopping
      await writer.flush()
    },
  }
}
