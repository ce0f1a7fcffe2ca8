/*
 * OTLP/protobuf trace decoding: our hand-written decodeTracesProto against protobufjs, on the same
 * bytes. Run with `pnpm bench` (or `npx tsx bench/decode.ts`); the last line is the figures as JSON.
 *
 * The payloads: 100 export requests of 1,000 spans each, like an instrumented HTTP service sends
 * (≈20 attributes and 2-3 events a span), encoded with the tests' protobuf encoder.
 *
 * Three figures:
 * - decodeTracesProto: bytes → the stored rows (hex ids, attribute strings, nanosecond bigints);
 * - protobufjs decode alone: bytes → its message objects (Long timestamps, id Buffers, AnyValue
 *   objects), which still need converting to rows: a lower bound, not a like-for-like figure;
 * - protobufjs decode + conversion to the same rows through the same row builders: what using
 *   protobufjs as our decoder would cost.
 *
 * protobufjs is no dependency of ours; it is reached through @grpc/grpc-js → @grpc/proto-loader,
 * and the comparison is skipped when it is not there.
 */
import { createRequire } from 'node:module'
import { stringifyJson } from '../core/src/json/stringifyJson.js'
import { anyValueToString, type RawMap, type RawValue } from '../collector/src/otlp/anyValue.js'
import type { ResourceFields, ScopeFields, SpanFields } from '../collector/src/otlp/fields.js'
import { invalidSpanReason, traceRow } from '../collector/src/otlp/rowBuilders.js'
import type { Attributes, TraceRow } from '../collector/src/otlp/rows.js'
import { decodeTracesProto } from '../collector/src/otlp/proto/decodeTraces.js'
import {
  attributes,
  bytes,
  fixed32,
  fixed64,
  message,
  string,
  type TestValue,
  varint,
} from '../collector/src/otlp/proto/testEncoder.js'

const REQUESTS = 100
const SPANS_PER_REQUEST = 1000
const WARMUP_ROUNDS = 3
const ROUNDS = 7

// ---- payloads ----

/** A seeded generator, so every run decodes the same bytes. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
}

const rand = random(42)
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256))

const ROUTES = ['/api/cart', '/api/cart/{id}', '/api/checkout', '/api/users/{id}', '/healthz', '/api/search']
const METHODS = ['GET', 'POST', 'PUT', 'DELETE']
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const STATEMENTS = [
  'SELECT id, name, price FROM products WHERE id = $1',
  'UPDATE carts SET updated_at = now() WHERE user_id = $1',
  'INSERT INTO orders (user_id, total) VALUES ($1, $2) RETURNING id',
]

const RESOURCE = message(
  1,
  attributes(1, {
    'service.name': 'checkout',
    'service.version': '3.14.1',
    'service.namespace': 'shop',
    'service.instance.id': '9c6f3f6e-9d1c-4e0e-8f4e-3a0b8f1f2c11',
    'deployment.environment': 'production',
    'host.name': 'ip-10-0-12-34.eu-west-1.compute.internal',
    'host.arch': 'amd64',
    'os.type': 'linux',
    'process.pid': 4242n,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': '20.19.0',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': '2.12.0',
    'k8s.pod.name': 'checkout-7d9f8b6c5d-x2x9q',
    'k8s.namespace.name': 'shop',
    'cloud.region': 'eu-west-1',
  }),
)

function spanAttributes(): Record<string, TestValue> {
  const route = pick(ROUTES)
  const id = Math.floor(rand() * 1e6)
  return {
    'http.request.method': pick(METHODS),
    'http.route': route,
    'url.path': route.replace('{id}', String(id)),
    'url.full': `https://shop.example.com${route.replace('{id}', String(id))}?page=${id % 7}`,
    'url.scheme': 'https',
    'server.address': 'shop.example.com',
    'server.port': 443n,
    'network.protocol.version': '1.1',
    'client.address': `10.0.${id % 256}.${(id >> 8) % 256}`,
    'client.port': BigInt(30000 + (id % 20000)),
    'user_agent.original': USER_AGENT,
    'http.response.status_code': BigInt(pick([200, 200, 200, 201, 204, 404, 500])),
    'http.request.body.size': BigInt(id % 4096),
    'http.response.body.size': BigInt((id * 7) % 65536),
    'db.system': 'postgresql',
    'db.statement': pick(STATEMENTS),
    'enduser.id': `user-${id % 5000}`,
    'thread.name': `worker-${id % 8}`,
    'app.cache.hit': rand() < 0.8,
    'app.sampling.ratio': 0.25,
  }
}

function spanEvents(start: bigint): Uint8Array[] {
  const events = [
    message(11, fixed64(1, start + 1_000_123n), string(2, 'cache.lookup'), attributes(3, { 'cache.key': `cart:${Math.floor(rand() * 1e6)}`, 'cache.hit': true })),
    message(11, fixed64(1, start + 2_000_456n), string(2, 'db.query'), attributes(3, { 'db.rows': BigInt(Math.floor(rand() * 100)), 'db.duration_ms': rand() * 20 })),
  ]
  if (rand() < 0.5) {
    events.push(
      message(
        11,
        fixed64(1, start + 3_000_789n),
        string(2, 'exception'),
        attributes(3, {
          'exception.type': 'TimeoutError',
          'exception.message': 'upstream timed out after 2000ms',
          'exception.stacktrace': 'TimeoutError: upstream timed out\n    at fetchCart (/app/cart.js:42:11)\n    at async handler (/app/server.js:120:5)',
        }),
      ),
    )
  }
  return events
}

function encodeSpan(traceId: Uint8Array): Uint8Array {
  const start = 1_700_000_000_000_000_000n + BigInt(Math.floor(rand() * 1e12))
  return message(
    2,
    bytes(1, traceId),
    bytes(2, randomBytes(8)),
    bytes(4, randomBytes(8)),
    fixed32(16, 0x301),
    string(5, `${pick(METHODS)} ${pick(ROUTES)}`),
    varint(6, 2),
    fixed64(7, start),
    fixed64(8, start + BigInt(Math.floor(rand() * 5e8))),
    attributes(9, spanAttributes()),
    ...spanEvents(start),
    message(15, varint(3, rand() < 0.05 ? 2 : 0)),
  )
}

function encodeRequest(): Uint8Array {
  const spans: Uint8Array[] = []
  let traceId = randomBytes(16)
  for (let i = 0; i < SPANS_PER_REQUEST; i++) {
    if (i % 8 === 0) traceId = randomBytes(16)
    spans.push(encodeSpan(traceId))
  }
  const scope = message(1, string(1, '@opentelemetry/instrumentation-http'), string(2, '0.57.0'))
  return message(1, RESOURCE, message(2, scope, ...spans), string(3, 'https://opentelemetry.io/schemas/1.26.0'))
}

// ---- protobufjs ----

interface ProtobufjsType {
  decode(buf: Uint8Array): unknown
}
interface Protobufjs {
  parse(source: string): { root: { lookupType(name: string): ProtobufjsType } }
}

/** The OTLP trace messages, written from opentelemetry-proto's field numbers. */
const TRACE_SCHEMA = `
syntax = "proto3";
package bench;
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10;
  repeated Event events = 11; uint32 dropped_events_count = 12;
  repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
}
message Status { string message = 2; int32 code = 3; }
`

function loadProtobufjs(): Protobufjs | undefined {
  try {
    const fromCollector = createRequire(new URL('../collector/package.json', import.meta.url))
    const fromGrpc = createRequire(fromCollector.resolve('@grpc/grpc-js'))
    const fromProtoLoader = createRequire(fromGrpc.resolve('@grpc/proto-loader'))
    return fromProtoLoader('protobufjs') as Protobufjs
  } catch {
    return undefined
  }
}

/** What protobufjs decodes (the fields this conversion reads). */
interface PbLong {
  low: number
  high: number
}
interface PbAnyValue {
  value?: string
  stringValue: string
  boolValue: boolean
  intValue: PbLong
  doubleValue: number
  bytesValue: Uint8Array
  arrayValue: { values: PbAnyValue[] }
  kvlistValue: { values: PbKeyValue[] }
}
interface PbKeyValue {
  key: string
  value?: PbAnyValue
}
interface PbSpan {
  traceId: Buffer
  spanId: Buffer
  parentSpanId: Buffer
  traceState: string
  name: string
  kind: number
  startTimeUnixNano: PbLong
  endTimeUnixNano: PbLong
  attributes: PbKeyValue[]
  events: { timeUnixNano: PbLong; name: string; attributes: PbKeyValue[] }[]
  links: { traceId: Buffer; spanId: Buffer; traceState: string; attributes: PbKeyValue[] }[]
  status?: { code: number; message: string }
}
interface PbRequest {
  resourceSpans: {
    resource?: { attributes: PbKeyValue[] }
    schemaUrl: string
    scopeSpans: { scope?: { name: string; version: string; attributes: PbKeyValue[] }; schemaUrl: string; spans: PbSpan[] }[]
  }[]
}

const unsignedLong = (long: PbLong) => (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0)
const signedLong = (long: PbLong) => (BigInt(long.high | 0) << 32n) + BigInt(long.low >>> 0)

function rawValue(value: PbAnyValue | undefined): RawValue {
  switch (value?.value) {
    case 'stringValue':
      return value.stringValue
    case 'boolValue':
      return value.boolValue
    case 'intValue':
      return signedLong(value.intValue)
    case 'doubleValue':
      return value.doubleValue
    case 'bytesValue':
      return value.bytesValue
    case 'arrayValue':
      return value.arrayValue.values.map(rawValue)
    case 'kvlistValue': {
      const map: RawMap = {}
      for (const kv of value.kvlistValue.values) map[kv.key] = rawValue(kv.value)
      return map
    }
    default:
      return null
  }
}

function attributesOf(keyValues: PbKeyValue[]): Attributes {
  const out: Attributes = {}
  for (const kv of keyValues) out[kv.key] = anyValueToString(rawValue(kv.value))
  return out
}

/** protobufjs's message objects → the rows decodeTracesProto makes, through the same row builders. */
function protobufjsToRows(request: PbRequest): TraceRow[] {
  const rows: TraceRow[] = []
  for (const resourceSpans of request.resourceSpans) {
    const resource: ResourceFields = { attributes: attributesOf(resourceSpans.resource?.attributes ?? []), schemaUrl: resourceSpans.schemaUrl }
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const scope: ScopeFields = {
        name: scopeSpans.scope?.name ?? '',
        version: scopeSpans.scope?.version ?? '',
        attributes: attributesOf(scopeSpans.scope?.attributes ?? []),
        droppedAttributesCount: 0,
        schemaUrl: scopeSpans.schemaUrl,
      }
      for (const span of scopeSpans.spans) {
        const fields: SpanFields = {
          traceId: span.traceId.toString('hex'),
          spanId: span.spanId.toString('hex'),
          parentSpanId: span.parentSpanId.toString('hex'),
          traceState: span.traceState,
          name: span.name,
          kind: span.kind,
          startTimeUnixNano: unsignedLong(span.startTimeUnixNano),
          endTimeUnixNano: unsignedLong(span.endTimeUnixNano),
          attributes: attributesOf(span.attributes),
          events: span.events.map((e) => ({ timeUnixNano: unsignedLong(e.timeUnixNano), name: e.name, attributes: attributesOf(e.attributes) })),
          links: span.links.map((l) => ({
            traceId: l.traceId.toString('hex'),
            spanId: l.spanId.toString('hex'),
            traceState: l.traceState,
            attributes: attributesOf(l.attributes),
          })),
          statusCode: span.status?.code ?? 0,
          statusMessage: span.status?.message ?? '',
        }
        if (invalidSpanReason(fields) === undefined) rows.push(traceRow(resource, scope, fields))
      }
    }
  }
  return rows
}

// ---- timing ----

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Spans per second decoding every payload once a round, the median of ROUNDS rounds after WARMUP_ROUNDS. */
function measure(name: string, payloads: Uint8Array[], decodeOne: (buf: Uint8Array) => number): number {
  const totalSpans = payloads.length * SPANS_PER_REQUEST
  const rates: number[] = []
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    let decoded = 0
    const start = process.hrtime.bigint()
    for (const payload of payloads) decoded += decodeOne(payload)
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    if (decoded !== totalSpans) throw new Error(`${name} decoded ${decoded} spans, want ${totalSpans}`)
    if (round >= WARMUP_ROUNDS) rates.push(totalSpans / seconds)
  }
  const rate = median(rates)
  console.log(
    `${name.padEnd(30)} ${formatRate(rate)} spans/s  (median of ${ROUNDS}; range ${formatRate(Math.min(...rates))} – ${formatRate(Math.max(...rates))})`,
  )
  return rate
}

const formatRate = (rate: number) => `${(rate / 1000).toFixed(0).padStart(5)}k`

function expectSameRows(ours: TraceRow[], theirs: TraceRow[]): void {
  const text = (rows: TraceRow[]) => stringifyJson(rows)
  if (text(ours) !== text(theirs)) throw new Error('decodeTracesProto and protobufjs disagree on the rows: the benchmark is broken')
}

function main(): void {
  const built = process.hrtime.bigint()
  // As Buffers, which is what an HTTP server hands over (and what lets protobufjs use Buffer#utf8Slice).
  const payloads = Array.from({ length: REQUESTS }, () => {
    const encoded = encodeRequest()
    return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength)
  })
  const megabytes = payloads.reduce((sum, p) => sum + p.length, 0) / 1e6
  const buildSeconds = Number(process.hrtime.bigint() - built) / 1e9
  console.log(
    `${REQUESTS} requests × ${SPANS_PER_REQUEST} spans, ${megabytes.toFixed(1)} MB (${((megabytes * 1e6) / (REQUESTS * SPANS_PER_REQUEST)).toFixed(0)} bytes a span), built in ${buildSeconds.toFixed(1)} s; node ${process.version}`,
  )

  const ours = measure('decodeTracesProto (to rows)', payloads, (buf) => decodeTracesProto(buf).accepted)

  const protobufjs = loadProtobufjs()
  if (!protobufjs) {
    console.log('protobufjs is not installed here (via @grpc/grpc-js → @grpc/proto-loader): comparison skipped')
    console.log(JSON.stringify({ decode_spans_per_s: Math.round(ours) }))
    return
  }
  const request = protobufjs.parse(TRACE_SCHEMA).root.lookupType('bench.ExportTraceServiceRequest')


  const decodeOnly = measure('protobufjs decode alone', payloads, (buf) => {
    const decoded = request.decode(buf) as PbRequest
    let spans = 0
    for (const resourceSpans of decoded.resourceSpans) for (const scopeSpans of resourceSpans.scopeSpans) spans += scopeSpans.spans.length
    return spans
  })
  const toRows = measure('protobufjs decode + to rows', payloads, (buf) => protobufjsToRows(request.decode(buf) as PbRequest).length)
  // Same rows both ways, or the comparison means nothing.
  expectSameRows(decodeTracesProto(payloads[0]).rows, protobufjsToRows(request.decode(payloads[0]) as PbRequest))
  console.log(`ratio, like for like (to rows): decodeTracesProto is ${(ours / toRows).toFixed(2)}× protobufjs`)
  console.log(`ratio against protobufjs decode alone (it does less): ${(ours / decodeOnly).toFixed(2)}×`)
  console.log(
    JSON.stringify({
      decode_spans_per_s: Math.round(ours),
      protobufjs_to_rows_spans_per_s: Math.round(toRows),
      protobufjs_decode_only_spans_per_s: Math.round(decodeOnly),
      decoder_ratio: Number((ours / toRows).toFixed(2)),
    }),
  )
}

main()
