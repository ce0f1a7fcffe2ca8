import { stringifyJson, toJsonRowsText } from '@meridian/core'
import type { ResourceFields, ScopeFields } from '../fields.js'
import { metricWithoutDataReason } from '../rowBuilders.js'
import type { MetricRows } from '../rows.js'
import { IntList, KeyValueList } from './attributeWriter.js'
import { decodeMetricsProto } from './decodeMetrics.js'
import { AsciiConstant, JsonByteWriter } from './jsonByteWriter.js'
import { serviceNameJson, Transcoder, transcodeOrDecode } from './transcoder.js'
import { malformed, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './wireAt.js'

/*
 * ExportMetricsServiceRequest (protobuf) → the otel_metrics_* tables' rows as JSONEachRow text, one
 * text a table, in one pass and without the rows in between: byte for byte what
 * toJsonRowsText(decodeMetricsProto(buf).rows[kind]) makes of the same request for each kind
 * (see transcoder.ts for what every transcoder does alike):
 *
 * - each resource and scope becomes one ready-made JSON fragment (the row's start, up to the
 *   "MetricName" key), each metric another (its name, description and unit, up to "Attributes");
 * - as the decoder, a metric notes where its data is, and reads it once its name is known; a data
 *   message notes where its points are, and writes them once its temporality (which serializers
 *   write after the points) is known;
 * - a point is read in place, its fields' positions first, then its row is written from them
 *   into its kind's table, numbers as stringifyJson writes them (non-finite doubles as "nan",
 *   "inf", "-inf").
 */

const ENVELOPE = { request: 'ExportMetricsServiceRequest', resourceLevel: 'ResourceMetrics', scopeLevel: 'ScopeMetrics' }

/** Metric's `data` oneof: the field number of each kind. */
const GAUGE = 5
const SUM = 7
const HISTOGRAM = 9
const EXPONENTIAL_HISTOGRAM = 10
const SUMMARY = 11

/** The tables, in the order of MetricRows' keys. */
const KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const satisfies readonly (keyof MetricRows)[]
type MetricKind = (typeof KINDS)[number]
/** A data field's number → its table (an index into KINDS). */
const TABLE_OF: Record<number, number> = { [GAUGE]: 0, [SUM]: 1, [HISTOGRAM]: 2, [EXPONENTIAL_HISTOGRAM]: 3, [SUMMARY]: 4 }

/** One table's text (as TranscodedRows: `release` gives a pooled buffer back). */
export interface TranscodedText {
  /** JSONEachRow lines, '\n'-separated, no trailing newline. */
  text: Buffer
  rows: number
  release?: () => void
}

export interface TranscodedMetrics {
  /** Per kind, as MetricRows: the text of its table's rows. */
  tables: Record<MetricKind, TranscodedText>
  /** Data points stored. */
  accepted: number
  rejected: number
  rejectReason?: string
}

// ---- the rows' fixed parts, as bytes ----

const METRIC_DESCRIPTION = new AsciiConstant(',"MetricDescription":')
const METRIC_UNIT = new AsciiConstant(',"MetricUnit":')
const ATTRIBUTES = new AsciiConstant(',"Attributes":')
const START_TIME = new AsciiConstant(',"StartTimeUnix":')
const TIME = new AsciiConstant(',"TimeUnix":')
const FLAGS = new AsciiConstant(',"Flags":')
const VALUE = new AsciiConstant(',"Value":')
const EXEMPLARS_ATTRIBUTES = new AsciiConstant(',"Exemplars.FilteredAttributes":[')
const EXEMPLARS_TIME = new AsciiConstant('],"Exemplars.TimeUnix":[')
const EXEMPLARS_VALUE = new AsciiConstant('],"Exemplars.Value":[')
const EXEMPLARS_SPAN_ID = new AsciiConstant('],"Exemplars.SpanId":[')
const EXEMPLARS_TRACE_ID = new AsciiConstant('],"Exemplars.TraceId":[')
const NO_EXEMPLARS = new AsciiConstant(
  ',"Exemplars.FilteredAttributes":[],"Exemplars.TimeUnix":[],"Exemplars.Value":[],"Exemplars.SpanId":[],"Exemplars.TraceId":[]',
)
const TEMPORALITY = new AsciiConstant(',"AggregationTemporality":')
const MONOTONIC = new AsciiConstant(',"IsMonotonic":true}')
const NOT_MONOTONIC = new AsciiConstant(',"IsMonotonic":false}')
const COUNT = new AsciiConstant(',"Count":')
const SUM_COLUMN = new AsciiConstant(',"Sum":')
const BUCKET_COUNTS = new AsciiConstant(',"BucketCounts":[')
const EXPLICIT_BOUNDS = new AsciiConstant('],"ExplicitBounds":[')
const MIN = new AsciiConstant(',"Min":')
const MAX = new AsciiConstant(',"Max":')
const SCALE = new AsciiConstant(',"Scale":')
const ZERO_COUNT = new AsciiConstant(',"ZeroCount":')
const POSITIVE_OFFSET = new AsciiConstant(',"PositiveOffset":')
const POSITIVE_COUNTS = new AsciiConstant(',"PositiveBucketCounts":[')
const NEGATIVE_OFFSET = new AsciiConstant('],"NegativeOffset":')
const NEGATIVE_COUNTS = new AsciiConstant(',"NegativeBucketCounts":[')
const QUANTILES = new AsciiConstant(',"ValueAtQuantiles.Quantile":[')
const QUANTILE_VALUES = new AsciiConstant('],"ValueAtQuantiles.Value":[')
const ARRAY_END = new AsciiConstant(']')
const ROW_END_AFTER_ARRAY = new AsciiConstant(']}')

const COMMA = 0x2c
const QUOTE = 0x22
const NEWLINE = 0x0a
const MINUS = 0x2d
const CLOSE_BRACE = 0x7d

const EMPTY_BUFFER = Buffer.alloc(0)

const TWO_POW_32 = 4294967296
const TWO_POW_53 = 9007199254740992

/** A number as stringifyJson writes it. */
function writeNumber(out: JsonByteWriter, value: number): void {
  if (value >= 0 && value < TWO_POW_53 && Math.floor(value) === value) {
    out.uint(value) // an integer (or -0, written "0" as String(-0) is)
  } else {
    out.ascii(numberText(value))
  }
}

/** A non-integer or non-finite number's text, as stringifyJson writes it. */
function numberText(value: number): string {
  if (Number.isFinite(value)) return String(value)
  return Number.isNaN(value) ? '"nan"' : value > 0 ? '"inf"' : '"-inf"'
}

/*
 * Doubles recently written, by their bits: metrics repeat theirs (a histogram's bounds in every
 * point, quantiles, often min and max), and String(double) is the dearest part of writing one.
 * Direct-mapped; a slot's text is '' until used.
 */
const DOUBLE_CACHE_BITS = 10
const cachedLo = new Int32Array(1 << DOUBLE_CACHE_BITS)
const cachedHi = new Int32Array(1 << DOUBLE_CACHE_BITS)
const cachedText: string[] = new Array(1 << DOUBLE_CACHE_BITS).fill('')

/** The double at `at` in `view`, as stringifyJson writes it. */
function writeDoubleAt(out: JsonByteWriter, view: DataView, at: number): void {
  const lo = view.getInt32(at, true)
  const hi = view.getInt32(at + 4, true)
  const slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> (32 - DOUBLE_CACHE_BITS)
  if (cachedLo[slot] === lo && cachedHi[slot] === hi) {
    const text = cachedText[slot]
    if (text !== '') {
      out.ascii(text)
      return
    }
  }
  const value = view.getFloat64(at, true)
  if (value >= 0 && value < TWO_POW_53 && Math.floor(value) === value) {
    out.uint(value) // an integer (or -0, written "0" as String(-0) is): cheaper than the cache
    return
  }
  const text = numberText(value)
  cachedLo[slot] = lo
  cachedHi[slot] = hi
  cachedText[slot] = text
  out.ascii(text)
}

/** The double at `at` (-1: none, 0). */
function writeDoubleOrZero(out: JsonByteWriter, view: DataView, at: number): void {
  if (at < 0) out.byte(0x30)
  else writeDoubleAt(out, view, at)
}

/** An int32 (e.g. a temporality or a scale) as its decimal digits. */
function writeInt32(out: JsonByteWriter, value: number): void {
  if (value >= 0) {
    out.uint(value)
  } else {
    out.byte(MINUS)
    out.uint(-value)
  }
}

/** What a number field holds: nothing (0), a double, or an sfixed64 (kept as the nearest double). */
const NUMBER_NONE = 0
const NUMBER_DOUBLE = 1
const NUMBER_INT = 2

class MetricsTranscoder extends Transcoder {
  /** One output a table (KINDS' order); a buffer is taken for a table when its first row comes. */
  private readonly outs = KINDS.map(() => new JsonByteWriter(0))
  private readonly tableRows = new Int32Array(KINDS.length)
  private pooled = false
  private estimate = 0

  // The resource and scope of the metrics being read, and their ready-made JSON.
  private fragmentResource: ResourceFields | undefined
  private fragmentScope: ScopeFields | undefined
  /** {"ResourceAttributes":… to ,"MetricName": */
  private fragment: Uint8Array = new Uint8Array(0)
  /** The metric's name, description, unit, up to ,"Attributes": (written here once a metric). */
  private readonly metricFragment = new JsonByteWriter(1024)
  /** What metricFragment holds. */
  private metricFragmentBytes: Uint8Array = EMPTY_BUFFER

  // The data message being read (Gauge, Sum, …).
  private temporality = 0
  private isMonotonic = false
  private readonly pointStarts = new IntList()
  private readonly pointEnds = new IntList()

  // A point's fields: positions in src, numbers, words of 64-bit integers.
  private readonly attributes = new KeyValueList()
  private startLo = 0
  private startHi = 0
  private timeLo = 0
  private timeHi = 0
  private flags = 0
  private valueKind = NUMBER_NONE
  private valueAt = 0
  private countLo = 0
  private countHi = 0
  /** Where the sum, min and max doubles are (-1: none, 0). */
  private sumAt = -1
  private minAt = -1
  private maxAt = -1
  private scale = 0
  private zeroCountLo = 0
  private zeroCountHi = 0
  /** Repeated fixed64 and double fields (packed or not): [start, end) of their 8-byte values. */
  private readonly bucketStarts = new IntList()
  private readonly bucketEnds = new IntList()
  private readonly boundStarts = new IntList()
  private readonly boundEnds = new IntList()
  /** Exponential buckets: their offsets, and [start, end) of their varint counts. */
  private positiveOffset = 0
  private negativeOffset = 0
  private readonly positiveStarts = new IntList()
  private readonly positiveEnds = new IntList()
  private readonly negativeStarts = new IntList()
  private readonly negativeEnds = new IntList()
  /** Summary quantiles: the positions of each one's quantile and value (-1: none). */
  private readonly quantileAt = new IntList()
  private readonly quantileValueAt = new IntList()
  private readonly exemplarStarts = new IntList()
  private readonly exemplarEnds = new IntList()

  // The exemplars' fields, read once for the five exemplar columns.
  private readonly exemplarTimeLo = new IntList()
  private readonly exemplarTimeHi = new IntList()
  private readonly exemplarValueKind = new IntList()
  private readonly exemplarValueAt = new IntList()
  private readonly exemplarSpanIdStart = new IntList()
  private readonly exemplarSpanIdEnd = new IntList()
  private readonly exemplarTraceIdStart = new IntList()
  private readonly exemplarTraceIdEnd = new IntList()
  private readonly exemplarAttributesFrom = new IntList()
  private readonly exemplarAttributes = new KeyValueList()

  constructor() {
    // The benchmark's points: 250 protobuf bytes, 1,350 JSON bytes (resource attributes repeat in every row).
    super(ENVELOPE, { pooledBuffers: 10, outputPerRequestByte: 6 })
    for (const out of this.outs) out.use(EMPTY_BUFFER)
  }

  /**
   * `pooled`: each table's text is a view of a buffer from the pool, and its result says how to
   * give it back. Unpooled, the tables are written into pooled buffers all the same, and copied
   * out (five buffers sized for the whole request each, every request, would cost more).
   */
  transcode(buf: Uint8Array, pooled: boolean): TranscodedMetrics {
    this.pooled = pooled
    // Each table's buffer has room for the whole request's rows: most requests are one or two kinds.
    this.estimate = this.outputEstimate(buf.length)
    this.tableRows.fill(0)
    try {
      this.walk(buf)
      const tables = {} as Record<MetricKind, TranscodedText>
      for (let k = 0; k < KINDS.length; k++) tables[KINDS[k]] = this.tableResult(k)
      const result: TranscodedMetrics = { tables, accepted: this.accepted, rejected: this.rejected }
      if (this.rejectReason !== undefined) result.rejectReason = this.rejectReason
      return result
    } catch (err) {
      for (const out of this.outs) if (out.buf.length > 0) this.pool.release(out.buf)
      throw err
    } finally {
      for (const out of this.outs) out.use(EMPTY_BUFFER)
    }
  }

  private tableResult(k: number): TranscodedText {
    const out = this.outs[k]
    const rows = this.tableRows[k]
    if (out.buf.length === 0) return { text: EMPTY_BUFFER, rows }
    const output = out.buf
    const pool = this.pool
    if (!this.pooled) {
      const text = Buffer.from(out.written())
      pool.release(output)
      return { text, rows }
    }
    return { text: out.written(), rows, release: () => pool.release(output) }
  }

  protected forget(): void {
    this.fragmentResource = undefined
    this.fragmentScope = undefined
    // Keeps its buffer, lets go of the request it copied from.
    this.metricFragment.use(this.metricFragment.buf)
    this.metricFragmentBytes = EMPTY_BUFFER
  }

  // ---- a metric ----

  /** The metric whose length prefix is at `mark` (already checked by the envelope walk). */
  protected item(mark: number, resource: ResourceFields, scope: ScopeFields): void {
    const wire = this.wire
    const src = wire.src
    const start = wire.lengthAt(mark, src.length)
    const end = start + wire.length
    let nameStart = 0
    let nameEnd = 0
    let descriptionStart = 0
    let descriptionEnd = 0
    let unitStart = 0
    let unitEnd = 0
    let dataField = 0
    let dataStart = 0
    let dataEnd = 0
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (1 << 3) | WIRE_LEN:
          nameStart = p = wire.lengthAt(p, end)
          nameEnd = p += wire.length
          break
        case (2 << 3) | WIRE_LEN:
          descriptionStart = p = wire.lengthAt(p, end)
          descriptionEnd = p += wire.length
          break
        case (3 << 3) | WIRE_LEN:
          unitStart = p = wire.lengthAt(p, end)
          unitEnd = p += wire.length
          break
        case (GAUGE << 3) | WIRE_LEN:
        case (SUM << 3) | WIRE_LEN:
        case (HISTOGRAM << 3) | WIRE_LEN:
        case (EXPONENTIAL_HISTOGRAM << 3) | WIRE_LEN:
        case (SUMMARY << 3) | WIRE_LEN:
          // A oneof: the last one wins.
          dataField = tag >>> 3
          dataStart = p = wire.lengthAt(p, end)
          dataEnd = p += wire.length
          break
        default: {
          // A known field (1-3, the data kinds) with another wire type is malformed; metadata (12) and the others are skipped.
          const field = tag >>> 3
          if (field <= 3 || TABLE_OF[field] !== undefined) malformed()
          p = wire.skipAt(tag, p, end)
        }
      }
    }
    if (dataField === 0) {
      this.rejected++
      this.rejectReason ??= metricWithoutDataReason({ name: src.toString('utf8', nameStart, nameEnd), description: '', unit: '' })
      return
    }
    if (resource !== this.fragmentResource || scope !== this.fragmentScope) this.makeFragment(resource, scope)
    const fragment = this.metricFragment
    fragment.pos = 0
    fragment.jsonString(src, nameStart, nameEnd)
    fragment.constant(METRIC_DESCRIPTION)
    fragment.jsonString(src, descriptionStart, descriptionEnd)
    fragment.constant(METRIC_UNIT)
    fragment.jsonString(src, unitStart, unitEnd)
    fragment.constant(ATTRIBUTES)
    this.metricFragmentBytes = fragment.written()
    this.data(dataField, dataStart, dataEnd)
  }

  /** Gauge, Sum, Histogram, ExponentialHistogram or Summary: data_points (1), and the temporality (2) and monotonicity (3) of those that have them. */
  private data(kind: number, start: number, end: number): void {
    const wire = this.wire
    const starts = this.pointStarts
    const ends = this.pointEnds
    starts.length = ends.length = 0
    let temporality = 0
    let isMonotonic = 0
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      if (tag === ((1 << 3) | WIRE_LEN)) {
        const at = wire.lengthAt(p, end)
        starts.push(at)
        p = at + wire.length
        ends.push(p)
      } else if (tag === ((2 << 3) | WIRE_VARINT) && kind !== GAUGE && kind !== SUMMARY) {
        temporality = wire.varint32At(p, end)
        p = wire.p
      } else if (tag === ((3 << 3) | WIRE_VARINT) && kind === SUM) {
        isMonotonic = wire.boolAt(p, end)
        p = wire.p
      } else {
        const field = tag >>> 3
        if (field === 1 || (field === 2 && kind !== GAUGE && kind !== SUMMARY) || (field === 3 && kind === SUM)) malformed()
        p = wire.skipAt(tag, p, end)
      }
    }
    this.temporality = temporality
    this.isMonotonic = isMonotonic !== 0

    const table = TABLE_OF[kind]
    const out = this.outs[table]
    this.values.out = out
    for (let i = 0; i < starts.length; i++) {
      if (out.buf.length === 0) out.use(this.pool.acquire(this.estimate))
      else out.byte(NEWLINE)
      switch (kind) {
        case GAUGE:
        case SUM:
          this.numberPoint(out, kind, starts.items[i], ends.items[i])
          break
        case HISTOGRAM:
          this.histogramPoint(out, starts.items[i], ends.items[i])
          break
        case EXPONENTIAL_HISTOGRAM:
          this.exponentialHistogramPoint(out, starts.items[i], ends.items[i])
          break
        default:
          this.summaryPoint(out, starts.items[i], ends.items[i])
      }
      this.tableRows[table]++
      this.accepted++
    }
  }

  // ---- the columns every table shares ----

  private resetPoint(): void {
    this.attributes.clear()
    this.startLo = this.startHi = 0
    this.timeLo = this.timeHi = 0
    this.flags = 0
    this.exemplarStarts.length = this.exemplarEnds.length = 0
  }

  /** The row up to its kind's columns: the fragments, the point's attributes, times and flags. */
  private writeRowStart(out: JsonByteWriter): void {
    out.bulk(this.fragment)
    out.bulk(this.metricFragmentBytes)
    const attributes = this.attributes
    this.values.writeAttributes(attributes, 0, attributes.length)
    out.constant(START_TIME)
    out.uint64(this.startLo, this.startHi)
    out.constant(TIME)
    out.uint64(this.timeLo, this.timeHi)
    out.constant(FLAGS)
    out.uint(this.flags)
  }

  /** The flags (uint32) at p; returns the position after them. */
  private flagsAt(p: number, end: number): number {
    const src = this.wire.src
    if (p < end && src[p] < 0x80) {
      this.flags = src[p]
      return p + 1
    }
    this.flags = this.wire.varint32At(p, end) >>> 0
    return this.wire.p
  }

  /** An sfixed64 at `at`, as the nearest double (as the decoder reads it). */
  private sfixed64At(at: number): number {
    const view = this.wire.view
    return view.getInt32(at + 4, true) * TWO_POW_32 + view.getUint32(at, true)
  }

  private writeNumberAt(out: JsonByteWriter, kind: number, at: number): void {
    if (kind === NUMBER_NONE) out.byte(0x30)
    else if (kind === NUMBER_DOUBLE) writeDoubleAt(out, this.wire.view, at)
    else writeNumber(out, this.sfixed64At(at))
  }

  // ---- the kinds ----

  private numberPoint(out: JsonByteWriter, kind: number, start: number, end: number): void {
    const wire = this.wire
    const view = wire.view
    this.resetPoint()
    this.valueKind = NUMBER_NONE
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (2 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.startLo = view.getUint32(p, true)
          this.startHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (3 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.timeLo = view.getUint32(p, true)
          this.timeHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (4 << 3) | WIRE_FIXED64:
        case (6 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.valueKind = tag === ((4 << 3) | WIRE_FIXED64) ? NUMBER_DOUBLE : NUMBER_INT
          this.valueAt = p
          p += 8
          break
        case (5 << 3) | WIRE_LEN:
          p = this.exemplarAt(p, end)
          break
        case (7 << 3) | WIRE_LEN:
          p = this.attributeAt(p, end)
          break
        case (8 << 3) | WIRE_VARINT:
          p = this.flagsAt(p, end)
          break
        default: {
          const field = tag >>> 3
          if (field >= 2 && field <= 8) malformed()
          p = wire.skipAt(tag, p, end)
        }
      }
    }
    this.writeRowStart(out)
    out.constant(VALUE)
    this.writeNumberAt(out, this.valueKind, this.valueAt)
    this.writeExemplars(out)
    if (kind === GAUGE) {
      out.byte(CLOSE_BRACE)
    } else {
      out.constant(TEMPORALITY)
      writeInt32(out, this.temporality)
      out.constant(this.isMonotonic ? MONOTONIC : NOT_MONOTONIC)
    }
  }

  private histogramPoint(out: JsonByteWriter, start: number, end: number): void {
    const wire = this.wire
    const view = wire.view
    this.resetPoint()
    this.countLo = this.countHi = 0
    this.sumAt = this.minAt = this.maxAt = -1
    this.bucketStarts.length = this.bucketEnds.length = 0
    this.boundStarts.length = this.boundEnds.length = 0
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (2 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.startLo = view.getUint32(p, true)
          this.startHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (3 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.timeLo = view.getUint32(p, true)
          this.timeHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (4 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.countLo = view.getUint32(p, true)
          this.countHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (5 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.sumAt = p
          p += 8
          break
        case (6 << 3) | WIRE_FIXED64:
        case (6 << 3) | WIRE_LEN:
          p = this.repeated64At(tag, p, end, this.bucketStarts, this.bucketEnds)
          break
        case (7 << 3) | WIRE_FIXED64:
        case (7 << 3) | WIRE_LEN:
          p = this.repeated64At(tag, p, end, this.boundStarts, this.boundEnds)
          break
        case (8 << 3) | WIRE_LEN:
          p = this.exemplarAt(p, end)
          break
        case (9 << 3) | WIRE_LEN:
          p = this.attributeAt(p, end)
          break
        case (10 << 3) | WIRE_VARINT:
          p = this.flagsAt(p, end)
          break
        case (11 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.minAt = p
          p += 8
          break
        case (12 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.maxAt = p
          p += 8
          break
        default: {
          const field = tag >>> 3
          if (field >= 2 && field <= 12) malformed()
          p = wire.skipAt(tag, p, end)
        }
      }
    }
    this.writeRowStart(out)
    out.constant(COUNT)
    out.uint64(this.countLo, this.countHi)
    out.constant(SUM_COLUMN)
    writeDoubleOrZero(out, this.wire.view, this.sumAt)
    out.constant(BUCKET_COUNTS)
    this.writeFixed64s(out, this.bucketStarts, this.bucketEnds)
    out.constant(EXPLICIT_BOUNDS)
    this.writeDoubles(out, this.boundStarts, this.boundEnds)
    out.constant(ARRAY_END)
    this.writeExemplars(out)
    this.writeMinMaxTemporality(out)
  }

  private exponentialHistogramPoint(out: JsonByteWriter, start: number, end: number): void {
    const wire = this.wire
    const view = wire.view
    this.resetPoint()
    this.countLo = this.countHi = 0
    this.sumAt = this.minAt = this.maxAt = -1
    this.scale = 0
    this.zeroCountLo = this.zeroCountHi = 0
    this.positiveOffset = this.negativeOffset = 0
    this.positiveStarts.length = this.positiveEnds.length = 0
    this.negativeStarts.length = this.negativeEnds.length = 0
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (1 << 3) | WIRE_LEN:
          p = this.attributeAt(p, end)
          break
        case (2 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.startLo = view.getUint32(p, true)
          this.startHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (3 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.timeLo = view.getUint32(p, true)
          this.timeHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (4 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.countLo = view.getUint32(p, true)
          this.countHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (5 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.sumAt = p
          p += 8
          break
        case (6 << 3) | WIRE_VARINT:
          this.scale = zigzag(wire.varint32At(p, end))
          p = wire.p
          break
        case (7 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.zeroCountLo = view.getUint32(p, true)
          this.zeroCountHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (8 << 3) | WIRE_LEN:
        case (9 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          p = at + wire.length
          this.bucketsAt(tag === ((8 << 3) | WIRE_LEN), at, p)
          break
        }
        case (10 << 3) | WIRE_VARINT:
          p = this.flagsAt(p, end)
          break
        case (11 << 3) | WIRE_LEN:
          p = this.exemplarAt(p, end)
          break
        case (12 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.minAt = p
          p += 8
          break
        case (13 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.maxAt = p
          p += 8
          break
        default: {
          // zero_threshold (14) has no column.
          const field = tag >>> 3
          if (field >= 1 && field <= 13) malformed()
          p = wire.skipAt(tag, p, end)
        }
      }
    }
    this.writeRowStart(out)
    out.constant(COUNT)
    out.uint64(this.countLo, this.countHi)
    out.constant(SUM_COLUMN)
    writeDoubleOrZero(out, this.wire.view, this.sumAt)
    out.constant(SCALE)
    writeInt32(out, this.scale)
    out.constant(ZERO_COUNT)
    out.uint64(this.zeroCountLo, this.zeroCountHi)
    out.constant(POSITIVE_OFFSET)
    writeInt32(out, this.positiveOffset)
    out.constant(POSITIVE_COUNTS)
    this.writeVarints(out, this.positiveStarts, this.positiveEnds)
    out.constant(NEGATIVE_OFFSET)
    writeInt32(out, this.negativeOffset)
    out.constant(NEGATIVE_COUNTS)
    this.writeVarints(out, this.negativeStarts, this.negativeEnds)
    out.constant(ARRAY_END)
    this.writeExemplars(out)
    this.writeMinMaxTemporality(out)
  }

  /** ExponentialHistogramDataPoint.Buckets in [start, end): a repeated one merges (its offset replaces, its counts add on). */
  private bucketsAt(positive: boolean, start: number, end: number): void {
    const wire = this.wire
    const starts = positive ? this.positiveStarts : this.negativeStarts
    const ends = positive ? this.positiveEnds : this.negativeEnds
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      if (tag === ((1 << 3) | WIRE_VARINT)) {
        const offset = zigzag(wire.varint32At(p, end))
        p = wire.p
        if (positive) this.positiveOffset = offset
        else this.negativeOffset = offset
      } else if (tag === ((2 << 3) | WIRE_VARINT)) {
        starts.push(p)
        p = wire.varint64At(p, end)
        ends.push(p)
      } else if (tag === ((2 << 3) | WIRE_LEN)) {
        // Packed (its varints are checked to end inside as they are written).
        const at = wire.lengthAt(p, end)
        p = at + wire.length
        starts.push(at)
        ends.push(p)
      } else {
        const field = tag >>> 3
        if (field === 1 || field === 2) malformed()
        p = wire.skipAt(tag, p, end)
      }
    }
  }

  private summaryPoint(out: JsonByteWriter, start: number, end: number): void {
    const wire = this.wire
    const view = wire.view
    this.resetPoint()
    this.countLo = this.countHi = 0
    this.sumAt = -1
    const quantileAt = this.quantileAt
    const valueAt = this.quantileValueAt
    quantileAt.length = valueAt.length = 0
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (2 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.startLo = view.getUint32(p, true)
          this.startHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (3 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.timeLo = view.getUint32(p, true)
          this.timeHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (4 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.countLo = view.getUint32(p, true)
          this.countHi = view.getUint32(p + 4, true)
          p += 8
          break
        case (5 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          this.sumAt = p
          p += 8
          break
        case (6 << 3) | WIRE_LEN: {
          // ValueAtQuantile: quantile (1), value (2); of repeated ones the last counts.
          const at = wire.lengthAt(p, end)
          const to = at + wire.length
          let quantile = -1
          let value = -1
          let q = at
          while (q < to) {
            const inner = wire.tagAt(q, to)
            q = wire.p
            if (inner === ((1 << 3) | WIRE_FIXED64) || inner === ((2 << 3) | WIRE_FIXED64)) {
              if (to - q < 8) malformed()
              if (inner === ((1 << 3) | WIRE_FIXED64)) quantile = q
              else value = q
              q += 8
            } else {
              if (inner >>> 3 === 1 || inner >>> 3 === 2) malformed()
              q = wire.skipAt(inner, q, to)
            }
          }
          quantileAt.push(quantile)
          valueAt.push(value)
          p = to
          break
        }
        case (7 << 3) | WIRE_LEN:
          p = this.attributeAt(p, end)
          break
        case (8 << 3) | WIRE_VARINT:
          p = this.flagsAt(p, end)
          break
        default: {
          const field = tag >>> 3
          if (field >= 2 && field <= 8) malformed()
          p = wire.skipAt(tag, p, end)
        }
      }
    }
    this.writeRowStart(out)
    out.constant(COUNT)
    out.uint64(this.countLo, this.countHi)
    out.constant(SUM_COLUMN)
    writeDoubleOrZero(out, this.wire.view, this.sumAt)
    out.constant(QUANTILES)
    this.writeDoublesAt(out, quantileAt)
    out.constant(QUANTILE_VALUES)
    this.writeDoublesAt(out, valueAt)
    out.constant(ROW_END_AFTER_ARRAY)
  }

  private writeMinMaxTemporality(out: JsonByteWriter): void {
    out.constant(MIN)
    writeDoubleOrZero(out, this.wire.view, this.minAt)
    out.constant(MAX)
    writeDoubleOrZero(out, this.wire.view, this.maxAt)
    out.constant(TEMPORALITY)
    writeInt32(out, this.temporality)
    out.byte(CLOSE_BRACE)
  }

  // ---- repeated numbers ----

  /** One occurrence of a repeated fixed64 or double, packed (length-delimited) or not: its 8-byte values' [start, end) into the lists. */
  private repeated64At(tag: number, p: number, end: number, starts: IntList, ends: IntList): number {
    const wire = this.wire
    if ((tag & 7) === WIRE_FIXED64) {
      if (end - p < 8) malformed()
      starts.push(p)
      ends.push(p + 8)
      return p + 8
    }
    const at = wire.lengthAt(p, end)
    const length = wire.length
    if (length % 8 !== 0) malformed()
    starts.push(at)
    ends.push(at + length)
    return at + length
  }

  private writeFixed64s(out: JsonByteWriter, starts: IntList, ends: IntList): void {
    const view = this.wire.view
    let first = true
    for (let i = 0; i < starts.length; i++) {
      const to = ends.items[i]
      for (let at = starts.items[i]; at < to; at += 8) {
        if (!first) out.byte(COMMA)
        first = false
        out.uint64(view.getUint32(at, true), view.getUint32(at + 4, true))
      }
    }
  }

  private writeDoubles(out: JsonByteWriter, starts: IntList, ends: IntList): void {
    const view = this.wire.view
    let first = true
    for (let i = 0; i < starts.length; i++) {
      const to = ends.items[i]
      for (let at = starts.items[i]; at < to; at += 8) {
        if (!first) out.byte(COMMA)
        first = false
        writeDoubleAt(out, view, at)
      }
    }
  }

  /** The doubles at these positions (-1: none, 0). */
  private writeDoublesAt(out: JsonByteWriter, positions: IntList): void {
    const view = this.wire.view
    for (let i = 0; i < positions.length; i++) {
      if (i > 0) out.byte(COMMA)
      writeDoubleOrZero(out, view, positions.items[i])
    }
  }

  /** Unsigned varints in the ranges (a packed one's last running past its end is malformed). */
  private writeVarints(out: JsonByteWriter, starts: IntList, ends: IntList): void {
    const wire = this.wire
    let first = true
    for (let i = 0; i < starts.length; i++) {
      const to = ends.items[i]
      for (let at = starts.items[i]; at < to; ) {
        at = wire.varint64At(at, to)
        if (!first) out.byte(COMMA)
        first = false
        out.uint64(wire.lo, wire.hi)
      }
    }
  }

  // ---- attributes and exemplars ----

  /** A KeyValue of the point's attributes whose length prefix is at p; returns the position after it. */
  private attributeAt(p: number, end: number): number {
    const wire = this.wire
    const at = wire.lengthAt(p, end)
    const to = at + wire.length
    this.attributes.push(p, at, to)
    return to
  }

  /** An Exemplar whose length prefix is at p (read once the point's are all known); returns the position after it. */
  private exemplarAt(p: number, end: number): number {
    const wire = this.wire
    const at = wire.lengthAt(p, end)
    const to = at + wire.length
    this.exemplarStarts.push(at)
    this.exemplarEnds.push(to)
    return to
  }

  private writeExemplars(out: JsonByteWriter): void {
    const count = this.exemplarStarts.length
    if (count === 0) {
      out.constant(NO_EXEMPLARS)
      return
    }
    const src = this.wire.src
    const timeLo = this.exemplarTimeLo
    const timeHi = this.exemplarTimeHi
    const valueKind = this.exemplarValueKind
    const valueAt = this.exemplarValueAt
    const spanIdStart = this.exemplarSpanIdStart
    const spanIdEnd = this.exemplarSpanIdEnd
    const traceIdStart = this.exemplarTraceIdStart
    const traceIdEnd = this.exemplarTraceIdEnd
    const from = this.exemplarAttributesFrom
    timeLo.length = timeHi.length = valueKind.length = valueAt.length = 0
    spanIdStart.length = spanIdEnd.length = traceIdStart.length = traceIdEnd.length = from.length = 0
    this.exemplarAttributes.clear()
    for (let i = 0; i < count; i++) this.readExemplar(this.exemplarStarts.items[i], this.exemplarEnds.items[i])
    from.push(this.exemplarAttributes.length)

    out.constant(EXEMPLARS_ATTRIBUTES)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      this.values.writeAttributes(this.exemplarAttributes, from.items[i], from.items[i + 1])
    }
    out.constant(EXEMPLARS_TIME)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      out.uint64(timeLo.items[i] >>> 0, timeHi.items[i] >>> 0)
    }
    out.constant(EXEMPLARS_VALUE)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      this.writeNumberAt(out, valueKind.items[i], valueAt.items[i])
    }
    out.constant(EXEMPLARS_SPAN_ID)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      out.byte(QUOTE)
      out.hex(src, spanIdStart.items[i], spanIdEnd.items[i])
      out.byte(QUOTE)
    }
    out.constant(EXEMPLARS_TRACE_ID)
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA)
      out.byte(QUOTE)
      out.hex(src, traceIdStart.items[i], traceIdEnd.items[i])
      out.byte(QUOTE)
    }
    out.constant(ARRAY_END)
  }

  private readExemplar(start: number, end: number): void {
    const wire = this.wire
    const view = wire.view
    let lo = 0
    let hi = 0
    let kind = NUMBER_NONE
    let valueAt = 0
    let spanIdStart = 0
    let spanIdEnd = 0
    let traceIdStart = 0
    let traceIdEnd = 0
    this.exemplarAttributesFrom.push(this.exemplarAttributes.length)
    let p = start
    while (p < end) {
      const tag = wire.tagAt(p, end)
      p = wire.p
      switch (tag) {
        case (2 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          lo = view.getUint32(p, true)
          hi = view.getUint32(p + 4, true)
          p += 8
          break
        case (3 << 3) | WIRE_FIXED64:
        case (6 << 3) | WIRE_FIXED64:
          if (end - p < 8) malformed()
          kind = tag === ((3 << 3) | WIRE_FIXED64) ? NUMBER_DOUBLE : NUMBER_INT
          valueAt = p
          p += 8
          break
        case (4 << 3) | WIRE_LEN:
          spanIdStart = p = wire.lengthAt(p, end)
          spanIdEnd = p += wire.length
          break
        case (5 << 3) | WIRE_LEN:
          traceIdStart = p = wire.lengthAt(p, end)
          traceIdEnd = p += wire.length
          break
        case (7 << 3) | WIRE_LEN: {
          const at = wire.lengthAt(p, end)
          const to = at + wire.length
          this.exemplarAttributes.push(p, at, to)
          p = to
          break
        }
        default: {
          const field = tag >>> 3
          if (field >= 2 && field <= 7) malformed()
          p = wire.skipAt(tag, p, end)
        }
      }
    }
    // As int32s (Smis), so the IntLists' arrays stay Smi arrays (see IntList).
    this.exemplarTimeLo.push(lo | 0)
    this.exemplarTimeHi.push(hi | 0)
    this.exemplarValueKind.push(kind)
    this.exemplarValueAt.push(valueAt)
    this.exemplarSpanIdStart.push(spanIdStart)
    this.exemplarSpanIdEnd.push(spanIdEnd)
    this.exemplarTraceIdStart.push(traceIdStart)
    this.exemplarTraceIdEnd.push(traceIdEnd)
  }

  // ---- resource and scope ----

  /** The row's columns up to the "MetricName" key, for the metrics of this resource and scope. */
  private makeFragment(resource: ResourceFields, scope: ScopeFields): void {
    this.fragment = Buffer.from(
      `{"ResourceAttributes":${stringifyJson(resource.attributes)},"ResourceSchemaUrl":${stringifyJson(resource.schemaUrl)}` +
        `,"ScopeName":${stringifyJson(scope.name)},"ScopeVersion":${stringifyJson(scope.version)}` +
        `,"ScopeAttributes":${stringifyJson(scope.attributes)},"ScopeDroppedAttrCount":${stringifyJson(scope.droppedAttributesCount)}` +
        `,"ScopeSchemaUrl":${stringifyJson(scope.schemaUrl)},"ServiceName":${serviceNameJson(resource)},"MetricName":`,
      'utf8',
    )
    this.fragmentResource = resource
    this.fragmentScope = scope
  }
}

/** A sint32's value from its varint's low 32 bits (as WireReader.readSint32). */
function zigzag(n: number): number {
  return (n >>> 1) ^ -(n & 1)
}


const transcoder = new MetricsTranscoder()

/** The decoder's rows as the transcoder's result (its fallback). */
function decodedTables(buf: Uint8Array): TranscodedMetrics {
  const decoded = decodeMetricsProto(buf)
  const tables = {} as Record<MetricKind, TranscodedText>
  for (const kind of KINDS) {
    const rows: readonly object[] = decoded.rows[kind]
    tables[kind] = { text: Buffer.from(toJsonRowsText(rows), 'utf8'), rows: rows.length }
  }
  const result: TranscodedMetrics = { tables, accepted: decoded.accepted, rejected: decoded.rejected }
  if (decoded.rejectReason !== undefined) result.rejectReason = decoded.rejectReason
  return result
}

/**
 * ExportMetricsServiceRequest bytes → the otel_metrics_* tables' JSONEachRow texts: for each kind
 * exactly toJsonRowsText(decodeMetricsProto(buf).rows[kind]), and the same counts and reject
 * reason; throws MalformedPayloadError where decodeMetricsProto throws, with its message.
 *
 * With `{ pooled: true }` (the collector's hot path) a table's text may be a view of a reused
 * buffer: the caller copies it out, then calls its `release` (when present) and lets go of it.
 */
export function transcodeMetricsProto(buf: Uint8Array, options: { pooled?: boolean } = {}): TranscodedMetrics {
  return transcodeOrDecode(
    () => transcoder.transcode(buf, options.pooled === true),
    () => decodedTables(buf),
  )
}
