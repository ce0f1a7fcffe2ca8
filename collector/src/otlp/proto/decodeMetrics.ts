import type {
  ExemplarFields,
  ExponentialHistogramPointFields,
  HistogramPointFields,
  MetricFields,
  NumberPointFields,
  ResourceFields,
  ScopeFields,
  SummaryPointFields,
} from '../fields.js'
import { exponentialHistogramRow, gaugeRow, histogramRow, metricWithoutDataReason, sumRow, summaryRow } from '../rowBuilders.js'
import { type Decoded, emptyMetricRows, type MetricRows } from '../rows.js'
import { readAttribute } from './common.js'
import { readExportRequest } from './exportRequest.js'
import type { WireReader } from './wireReader.js'

/*
 * ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1, metrics/v1/metrics.proto)
 * → one row per data point, in the table of its metric's type.
 *
 * As the envelope (exportRequest.ts), a metric notes where its data starts and reads it once
 * everything a row needs is known: the metric's name, and a Sum's or Histogram's temporality,
 * which serializers write after the data points.
 */

type MetricOutput = Decoded<MetricRows>

/** Metric's `data` oneof: the field number of each kind. */
const GAUGE = 5
const SUM = 7
const HISTOGRAM = 9
const EXPONENTIAL_HISTOGRAM = 10
const SUMMARY = 11

const DATA_MESSAGE_NAMES: Record<number, string> = {
  [GAUGE]: 'Gauge',
  [SUM]: 'Sum',
  [HISTOGRAM]: 'Histogram',
  [EXPONENTIAL_HISTOGRAM]: 'ExponentialHistogram',
  [SUMMARY]: 'Summary',
}

/** What every row of one metric shares. */
interface MetricContext {
  resource: ResourceFields
  scope: ScopeFields
  metric: MetricFields
  out: MetricOutput
}

const ENVELOPE = { request: 'ExportMetricsServiceRequest', resourceLevel: 'ResourceMetrics', scopeLevel: 'ScopeMetrics' }

export function decodeMetricsProto(buf: Uint8Array): Decoded<MetricRows> {
  const out: MetricOutput = { rows: emptyMetricRows(), accepted: 0, rejected: 0 }
  readExportRequest(buf, ENVELOPE, (r, resource, scope) => readMetric(r, resource, scope, out))
  return out
}

function readMetric(r: WireReader, resource: ResourceFields, scope: ScopeFields, out: MetricOutput): void {
  const outerEnd = r.enterMessage()
  const metric: MetricFields = { name: '', description: '', unit: '' }
  let dataKind = 0
  let dataMark = 0
  while (r.pos < r.end) {
    const field = r.readTag('Metric')
    switch (field) {
      case 1:
        metric.name = r.readString()
        break
      case 2:
        metric.description = r.readString()
        break
      case 3:
        metric.unit = r.readString()
        break
      case GAUGE:
      case SUM:
      case HISTOGRAM:
      case EXPONENTIAL_HISTOGRAM:
      case SUMMARY:
        // A oneof: the last one wins.
        dataKind = field
        dataMark = r.markMessage()
        break
      default:
        // metadata (12) and anything newer are not stored.
        r.skipField()
    }
  }
  const end = r.pos
  if (dataKind === 0) {
    out.rejected++
    out.rejectReason ??= metricWithoutDataReason(metric)
  } else {
    r.rewindTo(dataMark)
    readData(r, dataKind, { resource, scope, metric, out })
  }
  r.pos = end
  r.leaveMessage(outerEnd)
}

/** Gauge, Sum, Histogram, ExponentialHistogram or Summary: data_points (1), and the temporality (2) and monotonicity (3) of those that have them. */
function readData(r: WireReader, kind: number, ctx: MetricContext): void {
  const outerEnd = r.enterMessage()
  const message = DATA_MESSAGE_NAMES[kind]
  const pointMarks: number[] = []
  let temporality = 0
  let isMonotonic = false
  while (r.pos < r.end) {
    switch (r.readTag(message)) {
      case 1:
        pointMarks.push(r.markMessage())
        break
      case 2:
        if (kind === GAUGE || kind === SUMMARY) r.skipField()
        else temporality = r.readInt32()
        break
      case 3:
        if (kind === SUM) isMonotonic = r.readBool()
        else r.skipField()
        break
      default:
        r.skipField()
    }
  }
  const end = r.pos
  const { resource, scope, metric, out } = ctx
  const rows = out.rows
  for (let i = 0; i < pointMarks.length; i++) {
    r.rewindTo(pointMarks[i])
    switch (kind) {
      case GAUGE:
        rows.gauge.push(gaugeRow(resource, scope, metric, readNumberPoint(r)))
        break
      case SUM:
        rows.sum.push(sumRow(resource, scope, metric, readNumberPoint(r), temporality, isMonotonic))
        break
      case HISTOGRAM:
        rows.histogram.push(histogramRow(resource, scope, metric, readHistogramPoint(r), temporality))
        break
      case EXPONENTIAL_HISTOGRAM:
        rows.exponentialHistogram.push(exponentialHistogramRow(resource, scope, metric, readExponentialHistogramPoint(r), temporality))
        break
      default:
        rows.summary.push(summaryRow(resource, scope, metric, readSummaryPoint(r)))
    }
    out.accepted++
  }
  r.pos = end
  r.leaveMessage(outerEnd)
}

function readNumberPoint(r: WireReader): NumberPointFields {
  const outerEnd = r.enterMessage()
  const point: NumberPointFields = { attributes: {}, startTimeUnixNano: 0n, timeUnixNano: 0n, flags: 0, value: 0, exemplars: [] }
  while (r.pos < r.end) {
    switch (r.readTag('NumberDataPoint')) {
      case 2:
        point.startTimeUnixNano = r.readFixed64()
        break
      case 3:
        point.timeUnixNano = r.readFixed64()
        break
      case 4:
        point.value = r.readDouble()
        break
      case 5:
        point.exemplars.push(readExemplar(r))
        break
      case 6:
        point.value = r.readSfixed64AsNumber()
        break
      case 7:
        readAttribute(r, point.attributes)
        break
      case 8:
        point.flags = r.readUint32()
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return point
}

function readHistogramPoint(r: WireReader): HistogramPointFields {
  const outerEnd = r.enterMessage()
  const point: HistogramPointFields = {
    attributes: {},
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    flags: 0,
    count: 0n,
    sum: 0,
    bucketCounts: [],
    explicitBounds: [],
    exemplars: [],
    min: 0,
    max: 0,
  }
  while (r.pos < r.end) {
    switch (r.readTag('HistogramDataPoint')) {
      case 2:
        point.startTimeUnixNano = r.readFixed64()
        break
      case 3:
        point.timeUnixNano = r.readFixed64()
        break
      case 4:
        point.count = r.readFixed64()
        break
      case 5:
        point.sum = r.readDouble()
        break
      case 6:
        r.readRepeatedFixed64(point.bucketCounts)
        break
      case 7:
        r.readRepeatedDouble(point.explicitBounds)
        break
      case 8:
        point.exemplars.push(readExemplar(r))
        break
      case 9:
        readAttribute(r, point.attributes)
        break
      case 10:
        point.flags = r.readUint32()
        break
      case 11:
        point.min = r.readDouble()
        break
      case 12:
        point.max = r.readDouble()
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return point
}

function readExponentialHistogramPoint(r: WireReader): ExponentialHistogramPointFields {
  const outerEnd = r.enterMessage()
  const point: ExponentialHistogramPointFields = {
    attributes: {},
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    flags: 0,
    count: 0n,
    sum: 0,
    scale: 0,
    zeroCount: 0n,
    positive: { offset: 0, bucketCounts: [] },
    negative: { offset: 0, bucketCounts: [] },
    exemplars: [],
    min: 0,
    max: 0,
  }
  while (r.pos < r.end) {
    switch (r.readTag('ExponentialHistogramDataPoint')) {
      case 1:
        readAttribute(r, point.attributes)
        break
      case 2:
        point.startTimeUnixNano = r.readFixed64()
        break
      case 3:
        point.timeUnixNano = r.readFixed64()
        break
      case 4:
        point.count = r.readFixed64()
        break
      case 5:
        point.sum = r.readDouble()
        break
      case 6:
        point.scale = r.readSint32()
        break
      case 7:
        point.zeroCount = r.readFixed64()
        break
      case 8:
        readBuckets(r, point.positive)
        break
      case 9:
        readBuckets(r, point.negative)
        break
      case 10:
        point.flags = r.readUint32()
        break
      case 11:
        point.exemplars.push(readExemplar(r))
        break
      case 12:
        point.min = r.readDouble()
        break
      case 13:
        point.max = r.readDouble()
        break
      default:
        // zero_threshold (14) has no column.
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return point
}

function readBuckets(r: WireReader, buckets: ExponentialHistogramPointFields['positive']): void {
  const outerEnd = r.enterMessage()
  while (r.pos < r.end) {
    switch (r.readTag('ExponentialHistogramDataPoint.Buckets')) {
      case 1:
        buckets.offset = r.readSint32()
        break
      case 2:
        r.readRepeatedUint64(buckets.bucketCounts)
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
}

function readSummaryPoint(r: WireReader): SummaryPointFields {
  const outerEnd = r.enterMessage()
  const point: SummaryPointFields = { attributes: {}, startTimeUnixNano: 0n, timeUnixNano: 0n, flags: 0, count: 0n, sum: 0, quantileValues: [] }
  while (r.pos < r.end) {
    switch (r.readTag('SummaryDataPoint')) {
      case 2:
        point.startTimeUnixNano = r.readFixed64()
        break
      case 3:
        point.timeUnixNano = r.readFixed64()
        break
      case 4:
        point.count = r.readFixed64()
        break
      case 5:
        point.sum = r.readDouble()
        break
      case 6:
        point.quantileValues.push(readValueAtQuantile(r))
        break
      case 7:
        readAttribute(r, point.attributes)
        break
      case 8:
        point.flags = r.readUint32()
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return point
}

function readValueAtQuantile(r: WireReader): SummaryPointFields['quantileValues'][number] {
  const outerEnd = r.enterMessage()
  let quantile = 0
  let value = 0
  while (r.pos < r.end) {
    switch (r.readTag('SummaryDataPoint.ValueAtQuantile')) {
      case 1:
        quantile = r.readDouble()
        break
      case 2:
        value = r.readDouble()
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return { quantile, value }
}

function readExemplar(r: WireReader): ExemplarFields {
  const outerEnd = r.enterMessage()
  const exemplar: ExemplarFields = { filteredAttributes: {}, timeUnixNano: 0n, value: 0, spanId: '', traceId: '' }
  while (r.pos < r.end) {
    switch (r.readTag('Exemplar')) {
      case 2:
        exemplar.timeUnixNano = r.readFixed64()
        break
      case 3:
        exemplar.value = r.readDouble()
        break
      case 4:
        exemplar.spanId = r.readHexId()
        break
      case 5:
        exemplar.traceId = r.readHexId()
        break
      case 6:
        exemplar.value = r.readSfixed64AsNumber()
        break
      case 7:
        readAttribute(r, exemplar.filteredAttributes)
        break
      default:
        r.skipField()
    }
  }
  r.leaveMessage(outerEnd)
  return exemplar
}
