/*
 * OTLP/protobuf traces → JSONEachRow text, two ways, on the same bytes:
 *
 * - decode + stringify: decodeTracesProto (one row object a span) then toJsonRowsText;
 * - transcode: transcodeTracesProto (protobuf bytes straight into JSON bytes);
 * and decodeTracesProto alone, for reference.
 *
 * Run with `npx tsx bench/transcode.ts [requests] [rounds]`. The payloads are bench/payloads.ts trace requests
 * (1,000 spans each, ≈20 attributes and 2-3 events a span). Each round times every request
 * through each path (the two alternate, so a noisy neighbour hurts both alike); the figures are
 * the medians over the rounds. The output of both is checked to be the same bytes first. The last
 * line is the figures as JSON.
 */
import { toJsonRowsText } from '@meridian/core'
import { decodeTracesProto } from '../collector/src/otlp/proto/decodeTraces.js'
import { transcodeTracesProto } from '../collector/src/otlp/proto/transcodeTraces.js'
import { ITEMS_PER_REQUEST, Rng, traceRequest } from './payloads.js'

const REQUESTS = Number(process.argv[2] ?? 100)
const ROUNDS = Number(process.argv[3] ?? 9)

const requests = Array.from({ length: REQUESTS }, (_, i) => traceRequest(new Rng(1000 + i)))
const spans = REQUESTS * ITEMS_PER_REQUEST
const protobufBytes = requests.reduce((sum, buf) => sum + buf.length, 0)

// Same bytes out (and warms both paths up).
let jsonBytes = 0
for (const buf of requests) {
  const expected = Buffer.from(toJsonRowsText(decodeTracesProto(buf).rows), 'utf8')
  const got = transcodeTracesProto(buf).text
  if (!got.equals(expected)) throw new Error('transcodeTracesProto and decodeTracesProto + toJsonRowsText differ')
  jsonBytes += got.length
}

/** Keeps results alive so nothing is optimized away. */
let sink = 0

function timeDecode(): number {
  const start = process.hrtime.bigint()
  for (const buf of requests) sink += decodeTracesProto(buf).rows.length
  return Number(process.hrtime.bigint() - start)
}

function timeDecodeStringify(): number {
  const start = process.hrtime.bigint()
  for (const buf of requests) sink += toJsonRowsText(decodeTracesProto(buf).rows).length
  return Number(process.hrtime.bigint() - start)
}

function timeTranscode(): number {
  const start = process.hrtime.bigint()
  for (const buf of requests) sink += transcodeTracesProto(buf).text.length
  return Number(process.hrtime.bigint() - start)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const decodeOnlyNs: number[] = []
const decodeNs: number[] = []
const transcodeNs: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  decodeOnlyNs.push(timeDecode())
  decodeNs.push(timeDecodeStringify())
  transcodeNs.push(timeTranscode())
}
if (sink <= 0) throw new Error('nothing was measured')

const usPerSpan = (ns: number) => ns / 1000 / spans
const figures = {
  node: process.version,
  requests: REQUESTS,
  spans,
  rounds: ROUNDS,
  protobufBytesPerSpan: Math.round(protobufBytes / spans),
  jsonBytesPerSpan: Math.round(jsonBytes / spans),
  decodeOnly: {
    usPerSpan: +usPerSpan(median(decodeOnlyNs)).toFixed(3),
    spansPerSecond: Math.round(spans / (median(decodeOnlyNs) / 1e9)),
  },
  decodeStringify: {
    usPerSpan: +usPerSpan(median(decodeNs)).toFixed(3),
    spansPerSecond: Math.round(spans / (median(decodeNs) / 1e9)),
    roundsUsPerSpan: decodeNs.map((ns) => +usPerSpan(ns).toFixed(3)),
  },
  transcode: {
    usPerSpan: +usPerSpan(median(transcodeNs)).toFixed(3),
    spansPerSecond: Math.round(spans / (median(transcodeNs) / 1e9)),
    roundsUsPerSpan: transcodeNs.map((ns) => +usPerSpan(ns).toFixed(3)),
  },
  speedup: +(median(decodeNs) / median(transcodeNs)).toFixed(2),
}

console.log(`node ${process.version}: ${REQUESTS} requests × ${ITEMS_PER_REQUEST} spans, ${ROUNDS} rounds (medians)`)
for (const [name, f] of [
  ['(decode alone)', figures.decodeOnly],
  ['decode + stringify', figures.decodeStringify],
  ['transcode', figures.transcode],
] as const) {
  console.log(`${name.padEnd(20)} ${f.usPerSpan.toFixed(2).padStart(7)} µs/span ${f.spansPerSecond.toLocaleString('en-US').padStart(10)} spans/s`)
}
console.log(`transcode is ${figures.speedup}× as fast as decode + stringify`)
console.log(JSON.stringify(figures))
