/*
 * What the JS SDK never emits, from hand-built payloads, over all three transports: a summary
 * point, a gauge point with exemplars, a metric without data (a partial success). Plus the
 * error answers of OTLP/gRPC.
 */
import * as grpc from '@grpc/grpc-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytes, concat, double, fixed64, hex, keyValue, message, string, varint } from './otlp/proto/testEncoder.js'
import { rowsFromStore } from './testing/rowsFromStore.js'
import { startTestCollector, type TestCollector } from './testing/testCollector.js'

const METRICS_PATH = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export'
const TRACES_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export'
const TRACE_ID = '5b8efff798038103d269b633813fc60c'
const SPAN_ID = 'eee19b7ec3c1b174'
const START = 1700000000111111111n
const TIME = 1700000060222222222n
const EXEMPLAR_TIME = 1700000030333333333n

/** One request, written out in protobuf… */
function protobufRequest(service: string): Uint8Array {
  const summaryPoint = message(
    1,
    keyValue(7, 'rpc.method', 'Charge'),
    fixed64(2, START),
    fixed64(3, TIME),
    fixed64(4, 1234n),
    double(5, 5678.5),
    message(6, double(1, 0.5), double(2, 4.25)),
    message(6, double(1, 0.99), double(2, 19.75)),
    varint(8, 1),
  )
  const gaugePoint = message(
    1,
    keyValue(7, 'host', 'a'),
    fixed64(2, START),
    fixed64(3, TIME),
    double(4, 0.75),
    message(5, keyValue(7, 'user', 'u1'), fixed64(2, EXEMPLAR_TIME), double(3, 0.9), bytes(4, hex(SPAN_ID)), bytes(5, hex(TRACE_ID))),
  )
  const metrics = concat(
    message(2, string(1, 'rpc.latency'), string(2, 'latency summary'), string(3, 'ms'), message(11, summaryPoint)),
    message(2, string(1, 'cpu.utilization'), string(3, '1'), message(5, gaugePoint)),
    message(2, string(1, 'no.data')),
  )
  return message(1, message(1, keyValue(1, 'service.name', service)), message(2, message(1, string(1, 'hand'), string(2, '9')), metrics))
}

/** …and in OTLP/JSON. */
function jsonRequest(service: string): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeMetrics: [
          {
            scope: { name: 'hand', version: '9' },
            metrics: [
              {
                name: 'rpc.latency',
                description: 'latency summary',
                unit: 'ms',
                summary: {
                  dataPoints: [
                    {
                      attributes: [{ key: 'rpc.method', value: { stringValue: 'Charge' } }],
                      startTimeUnixNano: String(START),
                      timeUnixNano: String(TIME),
                      count: '1234',
                      sum: 5678.5,
                      quantileValues: [
                        { quantile: 0.5, value: 4.25 },
                        { quantile: 0.99, value: 19.75 },
                      ],
                      flags: 1,
                    },
                  ],
                },
              },
              {
                name: 'cpu.utilization',
                unit: '1',
                gauge: {
                  dataPoints: [
                    {
                      attributes: [{ key: 'host', value: { stringValue: 'a' } }],
                      startTimeUnixNano: String(START),
                      timeUnixNano: String(TIME),
                      asDouble: 0.75,
                      exemplars: [
                        {
                          filteredAttributes: [{ key: 'user', value: { stringValue: 'u1' } }],
                          timeUnixNano: String(EXEMPLAR_TIME),
                          asDouble: 0.9,
                          spanId: SPAN_ID,
                          traceId: TRACE_ID,
                        },
                      ],
                    },
                  ],
                },
              },
              { name: 'no.data' },
            ],
          },
        ],
      },
    ],
  })
}

function grpcCall(client: grpc.Client, path: string, body: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from(body),
      (err, res) => (err ? reject(err) : resolve(res!)),
    ),
  )
}

const transports = ['http/protobuf', 'http/json', 'grpc'] as const

describe('hand-built metrics', () => {
  let tc: TestCollector
  let client: grpc.Client
  beforeAll(async () => {
    // no spool (size 0): when the store refuses, nothing can be kept
    tc = await startTestCollector({ MERIDIAN_OTLP_MAX_BODY_BYTES: String(64 * 1024), MERIDIAN_SPOOL_MAX_BYTES: '0' })
    client = new grpc.Client(`127.0.0.1:${tc.collector.grpcPort}`, grpc.credentials.createInsecure())
  })
  afterAll(async () => {
    client.close()
    await tc.dispose()
  })

  async function send(transport: (typeof transports)[number], service: string): Promise<{ rejected: number; message: string }> {
    if (transport === 'http/json') {
      const res = await fetch(`${tc.httpUrl}/v1/metrics`, { method: 'POST', body: jsonRequest(service), headers: { 'Content-Type': 'application/json' } })
      expect(res.status).toBe(200)
      const body = (await res.json()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } }
      return { rejected: Number(body.partialSuccess.rejectedDataPoints), message: body.partialSuccess.errorMessage }
    }
    const raw =
      transport === 'grpc'
        ? await grpcCall(client, METRICS_PATH, protobufRequest(service))
        : await (async () => {
            const res = await fetch(`${tc.httpUrl}/v1/metrics`, { method: 'POST', body: protobufRequest(service), headers: { 'Content-Type': 'application/x-protobuf' } })
            expect(res.status).toBe(200)
            expect(res.headers.get('content-type')).toBe('application/x-protobuf')
            return Buffer.from(await res.arrayBuffer())
          })()
    // ExportMetricsServiceResponse { partial_success (1) { rejected_data_points (1), error_message (2) } }
    expect(raw[0]).toBe(0x0a)
    expect(raw[2]).toBe(0x08)
    return { rejected: raw[3], message: raw.subarray(6).toString('utf8') }
  }

  it.each(transports)('stores a summary and exemplars, and reports a metric without data, over %s', async (transport) => {
    const service = `hand-built-${transport.replace('/', '-')}`
    expect(await send(transport, service)).toEqual({ rejected: 1, message: 'metric "no.data" has no data (gauge, sum, histogram, exponential histogram or summary)' })

    const [summary] = await rowsFromStore(tc.store, 'otel_metrics_summary', 'ServiceName = {s:String}', { s: service })
    expect(summary).toMatchObject({
      MetricName: 'rpc.latency',
      MetricDescription: 'latency summary',
      MetricUnit: 'ms',
      ScopeName: 'hand',
      ScopeVersion: '9',
      Attributes: { 'rpc.method': 'Charge' },
      StartTimeUnix: String(START),
      TimeUnix: String(TIME),
      Count: '1234',
      Sum: 5678.5,
      'ValueAtQuantiles.Quantile': [0.5, 0.99],
      'ValueAtQuantiles.Value': [4.25, 19.75],
      Flags: 1,
    })
    const [gauge] = await rowsFromStore(tc.store, 'otel_metrics_gauge', 'ServiceName = {s:String}', { s: service })
    expect(gauge).toMatchObject({
      MetricName: 'cpu.utilization',
      Value: 0.75,
      'Exemplars.FilteredAttributes': [{ user: 'u1' }],
      'Exemplars.TimeUnix': [String(EXEMPLAR_TIME)],
      'Exemplars.Value': [0.9],
      'Exemplars.SpanId': [SPAN_ID],
      'Exemplars.TraceId': [TRACE_ID],
    })
  })

  it('answers malformed gRPC payloads with INVALID_ARGUMENT and a reason', async () => {
    await expect(grpcCall(client, TRACES_PATH, Buffer.from([0x0a, 0x40, 0x01]))).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/truncated/),
    })
  })

  it('answers an oversized gRPC message with RESOURCE_EXHAUSTED', async () => {
    const big = message(1, message(1, keyValue(1, 'service.name', 'x'.repeat(70 * 1024))))
    await expect(grpcCall(client, TRACES_PATH, big)).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED })
  })

  it('answers UNAVAILABLE (gRPC) and 503 with Retry-After (HTTP) when the store refuses the insert and the spool is full', async () => {
    await tc.store.client.command({ query: `DROP TABLE ${tc.store.database}.otel_metrics_summary` })
    await expect(grpcCall(client, METRICS_PATH, protobufRequest('store-down'))).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE })
    const res = await fetch(`${tc.httpUrl}/v1/metrics`, { method: 'POST', body: jsonRequest('store-down'), headers: { 'Content-Type': 'application/json' } })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(((await res.json()) as { message: string }).message).toMatch(/the store did not accept the data/)
  })
})
