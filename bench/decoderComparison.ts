/*
 * Our hand-written OTLP/protobuf decoders against protobufjs, on the same bytes, for each signal
 * (traces, logs, metrics). Shared by bench/decode.ts and bench/ingest.ts.
 *
 * Three figures a signal:
 * - ours: bytes → the stored rows (hex ids, attribute strings, nanosecond bigints);
 * - protobufjs decode alone: bytes → its message objects (Long timestamps, id Buffers, AnyValue
 *   objects), which still need converting to rows: a lower bound, not a like-for-like figure;
 * - protobufjs decode + conversion to the same rows through the same row builders: what using
 *   protobufjs as our decoder would cost. Both must give the same rows, or the run stops.
 *
 * The collector transcodes OTLP/protobuf straight to the bytes it inserts, so two more a signal:
 * our transcoder (bytes → JSONEachRow bytes, one text a table) against protobufjs decode + rows +
 * JSON, the same job (checked to give the same bytes).
 *
 * The contenders take turns round by round, and a ratio is the median of the rounds' ratios, so that
 * other work on the machine (a shared 2-core box) weighs on both sides of a ratio alike.
 */
import { stringifyJson, toJsonRowsText } from '../core/src/json/stringifyJson.js'
import { decodeLogsProto } from '../collector/src/otlp/proto/decodeLogs.js'
import { decodeMetricsProto } from '../collector/src/otlp/proto/decodeMetrics.js'
import { decodeTracesProto } from '../collector/src/otlp/proto/decodeTraces.js'
import { transcodeLogsProto } from '../collector/src/otlp/proto/transcodeLogs.js'
import { transcodeMetricsProto } from '../collector/src/otlp/proto/transcodeMetrics.js'
import { transcodeTracesProto } from '../collector/src/otlp/proto/transcodeTraces.js'
import { ITEMS_PER_REQUEST, logsRequest, metricsRequest, Rng, traceRequest } from './payloads.js'
import { clockTicksPerSecond, machineBusyTicks } from './procStats.js'
import {
  loadProtobufjs,
  logRows,
  metricPoints,
  metricRows,
  type PbLogsRequest,
  type PbMetricsRequest,
  type PbTraceRequest,
  traceRows,
} from './protobufjsOtlp.js'

export interface ComparisonOptions {
  /** Distinct export requests of 1,000 items each, a signal. */
  requests?: number
  warmupRounds?: number
  rounds?: number
  /** A round decodes the payloads as many times as it takes to last this long (timer noise and GC pauses even out). */
  minRoundSeconds?: number
}

export const DEFAULT_OPTIONS: Required<ComparisonOptions> = { requests: 20, warmupRounds: 3, rounds: 7, minRoundSeconds: 0.25 }

export interface SignalComparison {
  signal: 'traces' | 'logs' | 'metrics'
  /** What is counted: spans, records, points. */
  unit: string
  /** Items a second, the median of the rounds. */
  ours: number
  protobufjsDecodeOnly?: number
  protobufjsToRows?: number
  /** Ours against protobufjs, the median of the round-by-round ratios. */
  ratioToRows?: number
  ratioDecodeOnly?: number
  /** Our transcoder (to insert bytes), and against protobufjs doing the same job, and decoding alone. */
  transcode?: number
  transcodeRatio?: number
  transcodeRatioDecodeOnly?: number
}

type Decode = (buf: Uint8Array) => number

/** The metrics tables' kinds (MetricRows' keys), one insert text each. */
const METRIC_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const

interface SignalCase {
  signal: SignalComparison['signal']
  unit: string
  ourName: string
  build: (rng: Rng) => Buffer
  ours: Decode
  /** protobufjs: items in its decoded objects, and their conversion to our rows (as stringifyJson text, to compare). */
  protobufjsItems: (decoded: unknown) => number
  protobufjsRows: (decoded: unknown) => { items: number; text: () => string }
  ourRowsText: (buf: Uint8Array) => string
  /** Where the collector has a fast path: bytes → the insert's bytes, ours and protobufjs's (and their texts, to compare). */
  toInsert?: { name: string; ours: Decode; protobufjs: (decoded: unknown) => number; ourText: (buf: Uint8Array) => string; protobufjsText: (decoded: unknown) => string }
}

const SIGNALS: SignalCase[] = [
  {
    signal: 'traces',
    unit: 'spans',
    ourName: 'decodeTracesProto',
    build: (rng) => traceRequest(rng),
    ours: (buf) => decodeTracesProto(buf).accepted,
    protobufjsItems: (decoded) => {
      let spans = 0
      for (const rs of (decoded as PbTraceRequest).resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length
      return spans
    },
    protobufjsRows: (decoded) => {
      const rows = traceRows(decoded as PbTraceRequest)
      return { items: rows.length, text: () => stringifyJson(rows) }
    },
    ourRowsText: (buf) => stringifyJson(decodeTracesProto(buf).rows),
    toInsert: {
      name: 'transcodeTracesProto',
      ours: (buf) => transcodeTracesProto(buf).accepted,
      protobufjs: (decoded) => {
        const rows = traceRows(decoded as PbTraceRequest)
        Buffer.from(toJsonRowsText(rows))
        return rows.length
      },
      ourText: (buf) => transcodeTracesProto(buf).text.toString('utf8'),
      protobufjsText: (decoded) => toJsonRowsText(traceRows(decoded as PbTraceRequest)),
    },
  },
  {
    signal: 'logs',
    unit: 'records',
    ourName: 'decodeLogsProto',
    build: (rng) => logsRequest(rng),
    ours: (buf) => decodeLogsProto(buf).accepted,
    protobufjsItems: (decoded) => {
      let records = 0
      for (const rl of (decoded as PbLogsRequest).resourceLogs) for (const sl of rl.scopeLogs) records += sl.logRecords.length
      return records
    },
    protobufjsRows: (decoded) => {
      const rows = logRows(decoded as PbLogsRequest)
      return { items: rows.length, text: () => stringifyJson(rows) }
    },
    ourRowsText: (buf) => stringifyJson(decodeLogsProto(buf).rows),
    toInsert: {
      name: 'transcodeLogsProto',
      ours: (buf) => transcodeLogsProto(buf).accepted,
      protobufjs: (decoded) => {
        const rows = logRows(decoded as PbLogsRequest)
        Buffer.from(toJsonRowsText(rows))
        return rows.length
      },
      ourText: (buf) => transcodeLogsProto(buf).text.toString('utf8'),
      protobufjsText: (decoded) => toJsonRowsText(logRows(decoded as PbLogsRequest)),
    },
  },
  {
    signal: 'metrics',
    unit: 'points',
    ourName: 'decodeMetricsProto',
    build: (rng) => metricsRequest(rng),
    ours: (buf) => decodeMetricsProto(buf).accepted,
    protobufjsItems: (decoded) => {
      let points = 0
      for (const rm of (decoded as PbMetricsRequest).resourceMetrics) {
        for (const sm of rm.scopeMetrics) for (const m of sm.metrics) points += m.data ? m[m.data].dataPoints.length : 0
      }
      return points
    },
    protobufjsRows: (decoded) => {
      const rows = metricRows(decoded as PbMetricsRequest)
      return { items: metricPoints(rows), text: () => stringifyJson(rows) }
    },
    ourRowsText: (buf) => stringifyJson(decodeMetricsProto(buf).rows),
    toInsert: {
      name: 'transcodeMetricsProto',
      ours: (buf) => transcodeMetricsProto(buf).accepted,
      protobufjs: (decoded) => {
        const rows = metricRows(decoded as PbMetricsRequest)
        for (const kind of METRIC_KINDS) Buffer.from(toJsonRowsText(rows[kind]))
        return metricPoints(rows)
      },
      ourText: (buf) => {
        const { tables } = transcodeMetricsProto(buf)
        return METRIC_KINDS.map((kind) => tables[kind].text.toString('utf8')).join('\n--\n')
      },
      protobufjsText: (decoded) => {
        const rows = metricRows(decoded as PbMetricsRequest)
        return METRIC_KINDS.map((kind) => toJsonRowsText(rows[kind])).join('\n--\n')
      },
    },
  },
]

interface BusySample {
  at: number
  machineTicks: number
  ownCpu: NodeJS.CpuUsage
}

/** The machine's busy time now, where /proc/stat tells it (Linux). */
function machineBusy(): BusySample | undefined {
  try {
    return { at: performance.now(), machineTicks: machineBusyTicks(), ownCpu: process.cpuUsage() }
  } catch {
    return undefined
  }
}

/** Cores other processes kept busy since `since` (the machine's busy time less this process's). */
function otherProcessesCores(since: BusySample | undefined): number | undefined {
  const now = machineBusy()
  if (!since || !now) return undefined
  const own = process.cpuUsage(since.ownCpu)
  const others = (now.machineTicks - since.machineTicks) / clockTicksPerSecond() - (own.user + own.system) / 1e6
  return Math.max(0, others / ((now.at - since.at) / 1000))
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

export const formatRate = (rate: number) => `${(rate / 1000).toFixed(0).padStart(5)}k`

interface Contender {
  name: string
  decode: Decode
}

/**
 * Items a second of each contender in every measured round. A round runs each contender once, in
 * turn, so a machine that gets busier or quieter meanwhile weighs on all of them alike, and decodes
 * the payloads `passes` times, set in the warmup rounds so that it lasts options.minRoundSeconds.
 */
function measureInterleaved(contenders: Contender[], unit: string, payloads: Buffer[], options: Required<ComparisonOptions>): number[][] {
  const perPass = payloads.length * ITEMS_PER_REQUEST
  const passes = contenders.map(() => 1)
  const rates = contenders.map((): number[] => [])
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    contenders.forEach((contender, k) => {
      let decoded = 0
      const start = process.hrtime.bigint()
      for (let pass = 0; pass < passes[k]; pass++) for (const payload of payloads) decoded += contender.decode(payload)
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      if (decoded !== perPass * passes[k]) throw new Error(`${contender.name} decoded ${decoded} ${unit}, want ${perPass * passes[k]}: the benchmark is broken`)
      if (round >= options.warmupRounds) rates[k].push(decoded / seconds)
      else passes[k] = Math.max(1, Math.ceil((options.minRoundSeconds * passes[k]) / seconds))
    })
  }
  contenders.forEach((contender, k) => {
    const r = rates[k]
    console.log(
      `  ${contender.name.padEnd(30)} ${formatRate(median(r))} ${unit}/s  (median of ${options.rounds}; range ${formatRate(Math.min(...r))} – ${formatRate(Math.max(...r))})`,
    )
  })
  return rates
}

/** The median of the round-by-round ratios a[i] / b[i]: each pair ran back to back. */
const pairedRatio = (a: number[], b: number[]) => median(a.map((rate, i) => rate / b[i]))

/** Runs the comparison for every signal, printing as it goes. */
export function compareDecoders(options: ComparisonOptions = {}): SignalComparison[] {
  const settings = { ...DEFAULT_OPTIONS, ...options }
  const protobufjs = loadProtobufjs()
  if (!protobufjs) console.log('protobufjs is not installed here (via @grpc/grpc-js → @grpc/proto-loader): only our decoders are measured')
  const results: SignalComparison[] = []
  SIGNALS.forEach((c, i) => {
    const built = process.hrtime.bigint()
    const rng = new Rng(42 + i)
    const payloads = Array.from({ length: settings.requests }, () => c.build(rng))
    const bytes = payloads.reduce((sum, p) => sum + p.length, 0)
    const items = settings.requests * ITEMS_PER_REQUEST
    console.log(
      `${c.signal}: ${settings.requests} requests × ${ITEMS_PER_REQUEST} ${c.unit}, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / items).toFixed(0)} bytes a ${c.unit.slice(0, -1)}), built in ${(Number(process.hrtime.bigint() - built) / 1e9).toFixed(1)} s`,
    )
    const contenders: Contender[] = [{ name: `${c.ourName} (to rows)`, decode: c.ours }]
    if (protobufjs) {
      const type = protobufjs[c.signal]
      // Same rows both ways, or the comparison means nothing.
      for (const payload of [payloads[0], payloads[payloads.length - 1]]) {
        if (c.ourRowsText(payload) !== c.protobufjsRows(type.decode(payload)).text()) {
          throw new Error(`${c.ourName} and protobufjs disagree on the rows: the benchmark is broken`)
        }
      }
      contenders.push(
        { name: 'protobufjs decode alone', decode: (buf) => c.protobufjsItems(type.decode(buf)) },
        { name: 'protobufjs decode + to rows', decode: (buf) => c.protobufjsRows(type.decode(buf)).items },
      )
      if (c.toInsert) {
        const toInsert = c.toInsert
        // The same insert bytes both ways, or it is not the same job.
        for (const payload of [payloads[0], payloads[payloads.length - 1]]) {
          if (toInsert.ourText(payload) !== toInsert.protobufjsText(type.decode(payload))) throw new Error(`${toInsert.name} and protobufjs disagree on the insert bytes`)
        }
        contenders.push(
          { name: `${toInsert.name} (to insert)`, decode: toInsert.ours },
          { name: 'protobufjs decode + rows + JSON', decode: (buf) => toInsert.protobufjs(type.decode(buf)) },
        )
      }
    }
    const busyBefore = machineBusy()
    const [ours, decodeOnly, toRows, transcoded, protobufjsToInsert] = measureInterleaved(contenders, c.unit, payloads, settings)
    const result: SignalComparison = { signal: c.signal, unit: c.unit, ours: median(ours) }
    results.push(result)
    if (decodeOnly && toRows) {
      result.protobufjsDecodeOnly = median(decodeOnly)
      result.protobufjsToRows = median(toRows)
      result.ratioToRows = pairedRatio(ours, toRows)
      result.ratioDecodeOnly = pairedRatio(ours, decodeOnly)
      console.log(
        `  ${c.ourName} is ${result.ratioToRows.toFixed(2)}× protobufjs like for like (to rows), ${result.ratioDecodeOnly.toFixed(2)}× protobufjs decode alone (which does less); medians of the ratios round by round`,
      )
    }
    if (decodeOnly && transcoded && protobufjsToInsert) {
      result.transcode = median(transcoded)
      result.transcodeRatio = pairedRatio(transcoded, protobufjsToInsert)
      result.transcodeRatioDecodeOnly = pairedRatio(transcoded, decodeOnly)
      console.log(
        `  ${c.toInsert?.name} (what the collector runs) is ${result.transcodeRatio.toFixed(2)}× protobufjs doing the same job (decode + rows + JSON), ${result.transcodeRatioDecodeOnly.toFixed(2)}× protobufjs decode alone`,
      )
    }
    const others = otherProcessesCores(busyBefore)
    if (others !== undefined && others >= 0.1) console.log(`  (other processes kept ${others.toFixed(2)} cores busy meanwhile: the figures are noisier)`)
  })
  return results
}

const ratio = (value: number | undefined) => (value === undefined ? null : Number(value.toFixed(2)))
const rounded = (rate: number | undefined) => (rate === undefined ? null : Math.round(rate))

/** The comparison as flat JSON fields (decoder_ratio: traces, ours against protobufjs decode + rows). */
export function decoderFigures(results: SignalComparison[]): Record<string, number | null> {
  const of = (signal: SignalComparison['signal']) => results.find((r) => r.signal === signal)!
  const traces = of('traces')
  const logs = of('logs')
  const metrics = of('metrics')
  return {
    decode_spans_per_s: rounded(traces.ours),
    protobufjs_to_rows_spans_per_s: rounded(traces.protobufjsToRows),
    protobufjs_decode_only_spans_per_s: rounded(traces.protobufjsDecodeOnly),
    decoder_ratio: ratio(traces.ratioToRows),
    decoder_ratio_decode_only: ratio(traces.ratioDecodeOnly),
    transcode_spans_per_s: rounded(traces.transcode),
    transcoder_ratio: ratio(traces.transcodeRatio),
    transcoder_ratio_decode_only: ratio(traces.transcodeRatioDecodeOnly),
    decode_log_records_per_s: rounded(logs.ours),
    logs_decoder_ratio: ratio(logs.ratioToRows),
    logs_decoder_ratio_decode_only: ratio(logs.ratioDecodeOnly),
    transcode_log_records_per_s: rounded(logs.transcode),
    logs_transcoder_ratio: ratio(logs.transcodeRatio),
    logs_transcoder_ratio_decode_only: ratio(logs.transcodeRatioDecodeOnly),
    decode_metric_points_per_s: rounded(metrics.ours),
    metrics_decoder_ratio: ratio(metrics.ratioToRows),
    metrics_decoder_ratio_decode_only: ratio(metrics.ratioDecodeOnly),
    transcode_metric_points_per_s: rounded(metrics.transcode),
    metrics_transcoder_ratio: ratio(metrics.transcodeRatio),
    metrics_transcoder_ratio_decode_only: ratio(metrics.transcodeRatioDecodeOnly),
  }
}
