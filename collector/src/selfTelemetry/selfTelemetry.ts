import { randomUUID } from 'node:crypto'
import type { Logger, Store } from '@meridian/core'
import type { Attributes, ObservableResult } from '@opentelemetry/api'
import { type ExportResult, ExportResultCode } from '@opentelemetry/core'
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer'
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources'
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics'
import { decodeMetricsProto } from '../otlp/proto/decodeMetrics.js'
import type { MetricRows } from '../otlp/rows.js'
import type { SignalName } from '../signals.js'
import type { CollectorMetrics } from './collectorMetrics.js'

/*
 * The collector's own metrics, recorded with the OpenTelemetry metrics SDK and written straight
 * into the store's metrics tables under service.name "meridian-collector".
 *
 * Why a MeterProvider of its own and not @opentelemetry/sdk-node's NodeSDK: NodeSDK.start()
 * always registers process-wide globals (meter provider, context manager, logger provider, and
 * a tracer provider and propagator unless each is opted out), and it offers no accessor to the
 * MeterProvider it creates, so meters can only be had from the global API. Several collectors
 * in one process (tests start many) then clash: the second start() fails with "Attempted
 * duplicate registration of API: metrics" and its metrics would be recorded into the first
 * collector's provider (under the first one's service.instance.id, or dropped once that one is
 * shut down). NodeSDK.shutdown() does not unregister those globals either, and unregistering
 * them ourselves (metrics.disable() …) would tear down whatever an embedding process registered.
 * NodeSDK also reads OTEL_* variables meant for the user's applications (OTEL_SDK_DISABLED
 * turns it off, OTEL_LOG_LEVEL sets the global diag logger). A MeterProvider that is only ever
 * held here touches no global state: any number of them coexist, and stop() leaves nothing
 * behind.
 *
 * Temporality: cumulative (OTLP AggregationTemporality 2) for the counters and the histogram.
 * Each export writes every series' total since this instance started (StartTimeUnix is its
 * start), so the newest row of a series is its total, rates come from differences, and an
 * export lost while the store is down costs nothing: the next one carries the totals.
 *
 * No feedback: the exporter inserts into the tables itself, never through the OTLP receivers,
 * the ingest path or the batch writer, so its own writes are not counted as received,
 * accepted or inserted.
 */

export interface SelfTelemetry {
  /** What the ingest path calls. */
  metrics: CollectorMetrics
  /** Collects and stores the metrics now; resolves when done (a failure is logged, never thrown). */
  flush(): Promise<void>
  /** Final export, then shutdown; idempotent, never rejects. */
  stop(): Promise<void>
}

export interface SelfTelemetryOptions {
  /** How often the metrics are collected and stored. */
  exportIntervalMs: number
  /** The resource's service.instance.id; a random UUID when absent. */
  serviceInstanceId?: string
  logger?: Logger
}

export const SELF_TELEMETRY_SERVICE_NAME = 'meridian-collector'
const SCOPE_NAME = '@meridian/collector'
const PREFIX = 'meridian.collector.'

/** Longest an export may take (the SDK's default), never more than the interval. */
const MAX_EXPORT_TIMEOUT_MS = 30_000

/** Histogram bounds in seconds (those of the semantic conventions' request durations, plus longer). */
const INSERT_DURATION_BOUNDS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60]

/** The table of each kind of metric row. */
const METRIC_TABLES: Record<keyof MetricRows, string> = {
  gauge: 'otel_metrics_gauge',
  sum: 'otel_metrics_sum',
  histogram: 'otel_metrics_histogram',
  exponentialHistogram: 'otel_metrics_exponential_histogram',
  summary: 'otel_metrics_summary',
}

export function startSelfTelemetry(store: Store, options: SelfTelemetryOptions): SelfTelemetry {
  const { exportIntervalMs, logger } = options
  if (!Number.isFinite(exportIntervalMs) || exportIntervalMs <= 0) {
    throw new RangeError(`self-telemetry export interval must be a positive number of milliseconds, not ${exportIntervalMs}`)
  }
  const resource = defaultResource().merge(
    resourceFromAttributes({
      'service.name': SELF_TELEMETRY_SERVICE_NAME,
      'service.instance.id': options.serviceInstanceId ?? randomUUID(),
    }),
  )
  const exporter = new StoreMetricExporter(store, logger)
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: exportIntervalMs,
    exportTimeoutMillis: Math.min(exportIntervalMs, MAX_EXPORT_TIMEOUT_MS),
  })
  const provider = new MeterProvider({ resource, readers: [reader] })
  const meter = provider.getMeter(SCOPE_NAME)

  const itemCounter = (name: string, description: string) => meter.createCounter(PREFIX + name, { unit: '{item}', description })
  const received = itemCounter('received', 'Items (spans, data points, log records) in requests that could be decoded.')
  const accepted = itemCounter('accepted', 'Items acknowledged to the sender: stored or spooled.')
  const refused = itemCounter('refused', 'Items refused: rejected in a partial success, or in a request turned away.')
  const spooled = itemCounter('spooled', 'Items written to the on-disk spool because the store did not take them.')
  const replayed = itemCounter('replayed', 'Items replayed from the spool into the store.')
  const refusedRequests = meter.createCounter(`${PREFIX}refused.requests`, {
    unit: '{request}',
    description: 'Whole requests turned away (over the memory bound, too large, malformed, store unavailable).',
  })
  const insertDuration = meter.createHistogram(`${PREFIX}insert.duration`, {
    unit: 's',
    description: 'Duration of the INSERTs of telemetry into the store.',
    advice: { explicitBucketBoundaries: INSERT_DURATION_BOUNDS_S },
  })
  const insertRows = meter.createCounter(`${PREFIX}insert.rows`, { unit: '{row}', description: 'Rows in INSERTs of telemetry, by outcome.' })

  const queueReaders: (() => number)[] = []
  const spoolReaders: (() => number)[] = []
  const observeSum = (what: string, readers: (() => number)[]) => (result: ObservableResult<Attributes>) => {
    if (readers.length === 0) return
    let total = 0
    for (const read of readers) {
      try {
        const value = read()
        if (Number.isFinite(value)) total += value
      } catch (err) {
        logger?.warn({ err, gauge: what }, 'self-telemetry: reading a gauge failed')
      }
    }
    result.observe(total)
  }
  meter
    .createObservableGauge(`${PREFIX}queue.size`, { unit: 'By', description: 'Bytes of telemetry held in memory queues.' })
    .addCallback(observeSum('queue.size', queueReaders))
  meter
    .createObservableGauge(`${PREFIX}spool.size`, { unit: 'By', description: 'Bytes of telemetry in the on-disk spool.' })
    .addCallback(observeSum('spool.size', spoolReaders))

  const metrics: CollectorMetrics = {
    received: (signal: SignalName, items) => received.add(items, { signal }),
    accepted: (signal, items) => accepted.add(items, { signal }),
    refused: (signal, items, reason) => refused.add(items, { signal, reason }),
    refusedRequest: (signal, reason) => refusedRequests.add(1, { signal, reason }),
    spooled: (signal, items) => spooled.add(items, { signal }),
    replayed: (signal, items) => replayed.add(items, { signal }),
    insert(table, rows, seconds, failed) {
      const attributes = { table, outcome: failed ? 'error' : 'ok' }
      insertDuration.record(seconds, attributes)
      insertRows.add(rows, attributes)
    },
    // Each call adds a reader; the gauge reports the sum of all of them (no reader: no point).
    observeQueueBytes(read) {
      queueReaders.push(read)
    },
    observeSpoolBytes(read) {
      spoolReaders.push(read)
    },
  }

  let stopped: Promise<void> | undefined
  return {
    metrics,
    async flush() {
      if (stopped) return stopped
      try {
        // Collects and exports; the reader reports a failed export to the SDK's error handler,
        // and the exporter has logged it, so this resolves either way.
        await provider.forceFlush()
      } catch (err) {
        logger?.warn({ err }, 'self-telemetry flush failed')
      }
    },
    stop() {
      stopped ??= provider.shutdown().catch((err: unknown) => logger?.warn({ err }, 'self-telemetry shutdown failed'))
      return stopped
    },
  }
}

/**
 * Stores metrics in the store's metrics tables: serialized as an OTLP export request and decoded
 * by the receivers' own decoder, so the rows are exactly those an OTLP client's would be.
 * Never throws: a failed export is logged and reported to the SDK through the result callback.
 */
class StoreMetricExporter implements PushMetricExporter {
  private readonly inFlight = new Set<Promise<void>>()
  private shutDown = false

  constructor(
    private readonly store: Store,
    private readonly logger?: Logger,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.shutDown) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('self-telemetry exporter is shut down') })
      return
    }
    const run = this.exportNow(metrics).then((result) => {
      try {
        resultCallback(result)
      } catch (err) {
        this.logger?.error({ err }, 'self-telemetry: the export result callback threw')
      }
    })
    this.inFlight.add(run)
    void run.finally(() => this.inFlight.delete(run))
  }

  async forceFlush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  async shutdown(): Promise<void> {
    await this.forceFlush()
    this.shutDown = true
  }

  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE
  }

  /** Resolves with the export's result; never rejects. */
  private async exportNow(metrics: ResourceMetrics): Promise<ExportResult> {
    let tables: [table: string, rows: object[]][]
    try {
      const request = ProtobufMetricsSerializer.serializeRequest(metrics)
      if (!request) throw new Error('the OTLP serializer produced no request')
      const decoded = decodeMetricsProto(request)
      if (decoded.rejected > 0) {
        this.logger?.warn({ rejected: decoded.rejected, reason: decoded.rejectReason }, 'self-telemetry: data points not stored')
      }
      tables = (Object.keys(METRIC_TABLES) as (keyof MetricRows)[])
        .map((kind): [string, object[]] => [METRIC_TABLES[kind], decoded.rows[kind]])
        .filter(([, rows]) => rows.length > 0)
    } catch (err) {
      this.logger?.error({ err }, 'self-telemetry: metrics could not be turned into rows')
      return { code: ExportResultCode.FAILED, error: err as Error }
    }
    const failures: Error[] = []
    await Promise.all(
      tables.map(async ([table, rows]) => {
        try {
          await this.store.client.insert({ table: `${this.store.database}.${table}`, values: rows, format: 'JSONEachRow' })
        } catch (err) {
          failures.push(err as Error)
          this.logger?.error({ err, table, rows: rows.length }, 'self-telemetry insert failed')
        }
      }),
    )
    if (failures.length > 0) return { code: ExportResultCode.FAILED, error: failures[0] }
    this.logger?.debug({ tables: tables.map(([table, rows]) => `${table}:${rows.length}`) }, 'self-telemetry stored')
    return { code: ExportResultCode.SUCCESS }
  }
}
