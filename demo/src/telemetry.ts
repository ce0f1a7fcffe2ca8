/**
 * The OpenTelemetry SDK of one demo service: NodeSDK with the HTTP instrumentation (server and
 * client spans, W3C trace context and baggage propagation, the HTTP duration histograms) and
 * the three OTLP/HTTP protobuf exporters pointed at Meridian's collector. Export intervals are
 * short so every explorer page has data within a minute of the start.
 */
import { createRequire } from 'node:module'
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { HEALTH_PATH } from './serviceConfig.js'

export interface TelemetryOptions {
  serviceName: string
  /** Meridian's OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 */
  otlpHttpEndpoint: string
  metricIntervalMs: number
  /** Batch delay of spans and logs. */
  batchDelayMs: number
}

export interface Telemetry {
  /** Exports everything still buffered, then stops the SDK. */
  shutdown(): Promise<void>
}

export const DEMO_VERSION = '1.4.2'

export function startTelemetry(options: TelemetryOptions): Telemetry {
  const base = options.otlpHttpEndpoint.replace(/\/+$/, '')
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.namespace': 'demo-shop',
      'service.version': DEMO_VERSION,
      'deployment.environment.name': 'demo',
    }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` }), {
        scheduledDelayMillis: options.batchDelayMs,
        maxExportBatchSize: 512,
        maxQueueSize: 8192,
      }),
    ],
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
        exportIntervalMillis: options.metricIntervalMs,
        exportTimeoutMillis: Math.min(options.metricIntervalMs, 10_000),
      }),
    ],
    logRecordProcessors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${base}/v1/logs` }),
        scheduledDelayMillis: options.batchDelayMs,
        maxExportBatchSize: 512,
        maxQueueSize: 8192,
      }),
    ],
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === HEALTH_PATH })],
  })
  sdk.start()
  // The instrumentation patches `http` when it is next required. The services are ESM and use
  // `import http from 'node:http'` (the same module object) and look up `http.request` and
  // `Server.prototype.emit` at call time, so one require here instruments them, without a loader hook.
  createRequire(import.meta.url)('http')
  return { shutdown: () => sdk.shutdown() }
}
