import * as grpc from '@grpc/grpc-js'
import type { Logger } from '@meridian/core'
import type { MemoryBudget } from '../backpressure.js'
import { type Ingest, StoreUnavailableError } from '../ingest.js'
import type { CollectorMetrics } from '../selfTelemetry/collectorMetrics.js'
import { MalformedPayloadError } from '../otlp/rows.js'
import { exportResponseProto, retryableStatusDetails } from '../responses.js'
import { type Signal, signals } from '../signals.js'

export interface OtlpGrpcOptions {
  host: string
  port: number
  maxBodyBytes: number
}

const passThrough = (value: Buffer) => value
const RETRY_AFTER_SECONDS = 5
const BUSY_RETRY_AFTER_SECONDS = 1

/** An error status whose details carry RetryInfo, so OTLP senders retry after the delay. */
function retryable(code: grpc.status, message: string, retryAfterSeconds: number): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata()
  metadata.set('grpc-status-details-bin', retryableStatusDetails(code, message, retryAfterSeconds))
  return { code, details: message, metadata }
}

/** A service definition whose messages stay raw bytes, so Meridian's own decoder reads them. */
function exportService(signal: Signal): grpc.ServiceDefinition {
  return {
    Export: {
      path: signal.grpcPath,
      requestStream: false,
      responseStream: false,
      requestSerialize: passThrough,
      requestDeserialize: passThrough,
      responseSerialize: passThrough,
      responseDeserialize: passThrough,
    },
  }
}

/** OTLP/gRPC: the three Export services of opentelemetry-proto's collector package. */
export class OtlpGrpcReceiver {
  private readonly server: grpc.Server

  constructor(
    private readonly ingest: Ingest,
    private readonly options: OtlpGrpcOptions,
    private readonly budget: MemoryBudget,
    private readonly metrics: CollectorMetrics,
    private readonly logger?: Logger,
  ) {
    this.server = new grpc.Server({
      'grpc.max_receive_message_length': options.maxBodyBytes,
      'grpc.max_send_message_length': 4 * 1024 * 1024,
    })
    for (const signal of Object.values(signals)) {
      this.server.addService(exportService(signal), { Export: this.handler(signal) })
    }
  }

  async start(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync(`${this.options.host}:${this.options.port}`, grpc.ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(port),
      )
    })
  }

  /** Stops taking calls; calls in progress finish first. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()))
  }

  private handler(signal: Signal): grpc.handleUnaryCall<Buffer, Buffer> {
    return (call, callback) => {
      const size = call.request.length
      if (!this.budget.tryAcquire(size)) {
        const message = `the collector is at its memory limit (${this.budget.limit} bytes of requests in progress); retry later`
        this.metrics.refusedRequest(signal.name, 'backpressure')
        return callback(retryable(grpc.status.RESOURCE_EXHAUSTED, message, BUSY_RETRY_AFTER_SECONDS))
      }
      this.ingest
        .export(signal, 'protobuf', call.request)
        .then(
          (outcome) => callback(null, exportResponseProto(signal, outcome)),
          (err: Error) => {
            if (err instanceof MalformedPayloadError) {
              this.metrics.refusedRequest(signal.name, 'malformed')
              return callback({ code: grpc.status.INVALID_ARGUMENT, details: err.message })
            }
            if (err instanceof StoreUnavailableError) {
              this.metrics.refusedRequest(signal.name, 'unavailable')
              return callback(retryable(grpc.status.UNAVAILABLE, err.message, RETRY_AFTER_SECONDS))
            }
            this.logger?.error({ err, signal: signal.name }, 'OTLP/gRPC call failed')
            callback({ code: grpc.status.INTERNAL, details: 'internal error; see the collector log' })
          },
        )
        .finally(() => this.budget.release(size))
    }
  }
}
