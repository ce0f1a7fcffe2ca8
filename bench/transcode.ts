/*
 * OTLP/protobuf → JSONEachRow text, two ways, on the same bytes, for one signal:
 *
 * - decode + stringify: the decoder (one row object an item) then toJsonRowsText, a text a table;
 * - transcode: the transcoder (protobuf bytes straight into JSON bytes), what the collector runs;
 * and the decoder alone, for reference.
 *
 * Run with `npx tsx bench/transcode.ts [traces|logs|metrics] [requests] [rounds]` (traces, 100
 * requests and 9 rounds by default; `npx tsx bench/transcode.ts 100 9` is traces too). The
 * payloads are bench/payloads.ts requests of 1,000 items (spans with ≈20 attributes and 2-3
 * events; log records with ≈10 attributes; metric data points of every kind). Each round times
 * every request through each path (they alternate, so a noisy neighbour hurts all alike); the
 * figures are the medians over the rounds. The output of both is checked to be the same bytes
 * first. The last line is the figures as JSON.
 */
import { toJsonRowsText } from '@meridian/core'
import { decodeLogsProto } from '../collector/src/otlp/proto/decodeLogs.js'
import { decodeMetricsProto } from '../collector/src/otlp/proto/decodeMetrics.js'
import { decodeTracesProto } from '../collector/src/otlp/proto/decodeTraces.js'
import { transcodeLogsProto } from '../collector/src/otlp/proto/transcodeLogs.js'
import { transcodeMetricsProto } from '../collector/src/otlp/proto/transcodeMetrics.js'
import { transcodeTracesProto } from '../collector/src/otlp/proto/transcodeTraces.js'
import { ITEMS_PER_REQUEST, logsRequest, metricsRequest, Rng, traceRequest } from './payloads.js'

const METRIC_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const

interface SignalPaths {
  /** What an item is: span, record, point. */
  unit: string
  build: (rng: Rng) => Buffer
  /** Each returns a count, to keep the work from being optimized away. */
  decode: (buf: Buffer) => number
  /** The insert texts, one a table. */
  decodeStringify: (buf: Buffer) => string[]
  transcode: (buf: Buffer) => Buffer[]
}

const SIGNALS: Record<string, SignalPaths> = {
  traces: {
    unit: 'span',
    build: (rng) => traceRequest(rng),
    decode: (buf) => decodeTracesProto(buf).rows.length,
    decodeStringify: (buf) => [toJsonRowsText(decodeTracesProto(buf).rows)],
    transcode: (buf) => [transcodeTracesProto(buf).text],
  },
  logs: {
    unit: 'record',
    build: (rng) => logsRequest(rng),
    decode: (buf) => decodeLogsProto(buf).rows.length,
    decodeStringify: (buf) => [toJsonRowsText(decodeLogsProto(buf).rows)],
    transcode: (buf) => [transcodeLogsProto(buf).text],
  },
  metrics: {
    unit: 'point',
    build: (rng) => metricsRequest(rng),
    decode: (buf) => decodeMetricsProto(buf).accepted,
    decodeStringify: (buf) => {
      const { rows } = decodeMetricsProto(buf)
      return METRIC_KINDS.map((kind) => toJsonRowsText(rows[kind]))
    },
    transcode: (buf) => {
      const { tables } = transcodeMetricsProto(buf)
      return METRIC_KINDS.map((kind) => tables[kind].text)
    },
  },
}

const args = process.argv.slice(2)
const signal = args[0] !== undefined && Number.isNaN(Number(args[0])) ? args.shift()! : 'traces'
const paths = SIGNALS[signal]
if (!paths) throw new Error(`unknown signal ${signal}: traces, logs or metrics`)
const REQUESTS = Number(args[0] ?? 100)
const ROUNDS = Number(args[1] ?? 9)
const { unit } = paths

const requests = Array.from({ length: REQUESTS }, (_, i) => paths.build(new Rng(1000 + i)))
const items = REQUESTS * ITEMS_PER_REQUEST
const protobufBytes = requests.reduce((sum, buf) => sum + buf.length, 0)

// Same bytes out (and warms every path up).
let jsonBytes = 0
for (const buf of requests) {
  const expected = paths.decodeStringify(buf).map((text) => Buffer.from(text, 'utf8'))
  const got = paths.transcode(buf)
  if (got.length !== expected.length || got.some((text, i) => !text.equals(expected[i]))) throw new Error(`the ${signal} transcoder and decoder + toJsonRowsText differ`)
  jsonBytes += got.reduce((sum, text) => sum + text.length, 0)
}

/** Keeps results alive so nothing is optimized away. */
let sink = 0

function time(run: (buf: Buffer) => number): number {
  const start = process.hrtime.bigint()
  for (const buf of requests) sink += run(buf)
  return Number(process.hrtime.bigint() - start)
}

const decodeOnly = (buf: Buffer) => paths.decode(buf)
const decodeStringify = (buf: Buffer) => paths.decodeStringify(buf).reduce((sum, text) => sum + text.length, 0)
const transcode = (buf: Buffer) => paths.transcode(buf).reduce((sum, text) => sum + text.length, 0)

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const decodeOnlyNs: number[] = []
const decodeNs: number[] = []
const transcodeNs: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  decodeOnlyNs.push(time(decodeOnly))
  decodeNs.push(time(decodeStringify))
  transcodeNs.push(time(transcode))
}
if (sink <= 0) throw new Error('nothing was measured')

const usPerItem = (ns: number) => ns / 1000 / items
const figures = {
  node: process.version,
  signal,
  unit,
  requests: REQUESTS,
  items,
  rounds: ROUNDS,
  protobufBytesPerItem: Math.round(protobufBytes / items),
  jsonBytesPerItem: Math.round(jsonBytes / items),
  decodeOnly: {
    usPerItem: +usPerItem(median(decodeOnlyNs)).toFixed(3),
    itemsPerSecond: Math.round(items / (median(decodeOnlyNs) / 1e9)),
  },
  decodeStringify: {
    usPerItem: +usPerItem(median(decodeNs)).toFixed(3),
    itemsPerSecond: Math.round(items / (median(decodeNs) / 1e9)),
    roundsUsPerItem: decodeNs.map((ns) => +usPerItem(ns).toFixed(3)),
  },
  transcode: {
    usPerItem: +usPerItem(median(transcodeNs)).toFixed(3),
    itemsPerSecond: Math.round(items / (median(transcodeNs) / 1e9)),
    roundsUsPerItem: transcodeNs.map((ns) => +usPerItem(ns).toFixed(3)),
  },
  speedup: +(median(decodeNs) / median(transcodeNs)).toFixed(2),
}

console.log(`node ${process.version}, ${signal}: ${REQUESTS} requests × ${ITEMS_PER_REQUEST} ${unit}s, ${ROUNDS} rounds (medians)`)
for (const [name, f] of [
  ['(decode alone)', figures.decodeOnly],
  ['decode + stringify', figures.decodeStringify],
  ['transcode', figures.transcode],
] as const) {
  console.log(`${name.padEnd(20)} ${f.usPerItem.toFixed(2).padStart(7)} µs/${unit} ${f.itemsPerSecond.toLocaleString('en-US').padStart(10)} ${unit}s/s`)
}
console.log(`transcode is ${figures.speedup}× as fast as decode + stringify`)
console.log(JSON.stringify(figures))
