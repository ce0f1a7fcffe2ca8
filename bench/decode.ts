/*
 * OTLP/protobuf decoding: our hand-written decoders (decodeTracesProto, decodeLogsProto,
 * decodeMetricsProto) against protobufjs, on the same bytes. Run with `pnpm bench` (or
 * `npx tsx bench/decode.ts`); the last line is the figures as JSON.
 *
 * The payloads (bench/payloads.ts): for each signal, 20 export requests of 1,000 items each, like
 * an instrumented HTTP service sends: spans with ≈20 attributes and 2-3 events, log records with
 * ≈10 attributes, metric data points of every kind. What is measured and how: see
 * bench/decoderComparison.ts, which bench/ingest.ts runs too.
 */
import { compareDecoders, decoderFigures } from './decoderComparison.js'

console.log(`node ${process.version}`)
console.log(JSON.stringify(decoderFigures(compareDecoders())))
