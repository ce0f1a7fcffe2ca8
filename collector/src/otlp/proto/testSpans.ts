import { type Attributes, createTraceState, type HrTime, SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources'
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base'

/* Test fixtures: SDK spans with every field and attribute type, as the JS SDK serializes them. */

export const TRACE_ID = '5b8efff798038103d269b633813fc60c'
export const SPAN_ID = 'eee19b7ec3c1b174'
export const PARENT_SPAN_ID = 'aaaa9b7ec3c1b100'
export const LINK_TRACE_ID = '0af7651916cd43dd8448eb211c80319c'
export const LINK_SPAN_ID = 'b7ad6b7169203331'

// Sub-millisecond nanos, so any trip through milliseconds would show.
export const START: HrTime = [1700000000, 123456789]
export const END: HrTime = [1700000001, 987654321]
export const EVENT_TIME: HrTime = [1700000000, 500000001]

/** One attribute of every AnyValue type (bytes and kvlist are not in the API's Attributes type, but the serializer writes them). */
export const EVERY_TYPE = {
  str: 'v',
  yes: true,
  int: 42,
  negative: -7,
  big: 2 ** 60,
  dbl: 3.5,
  raw: new Uint8Array([1, 2, 3, 255]),
  list: ['a', 1, true],
  map: { n: 2, k: 'v' },
} as unknown as Attributes

export const EVERY_TYPE_AS_STRINGS = {
  str: 'v',
  yes: 'true',
  int: '42',
  negative: '-7',
  big: '1152921504606846976',
  dbl: '3.5',
  raw: 'AQID/w==',
  list: '["a",1,true]',
  map: '{"k":"v","n":2}',
}

export function readableSpan(overrides: Partial<ReadableSpan> & { traceId?: string; spanId?: string } = {}): ReadableSpan {
  const { traceId = TRACE_ID, spanId = SPAN_ID, ...rest } = overrides
  return {
    name: 'GET /cart',
    kind: SpanKind.SERVER,
    spanContext: () => ({ traceId, spanId, traceFlags: 1, traceState: createTraceState('vendor=abc,other=1') }),
    parentSpanContext: { traceId, spanId: PARENT_SPAN_ID, traceFlags: 1, isRemote: true },
    startTime: START,
    endTime: END,
    status: { code: SpanStatusCode.ERROR, message: 'boom' },
    attributes: EVERY_TYPE,
    links: [
      {
        context: { traceId: LINK_TRACE_ID, spanId: LINK_SPAN_ID, traceFlags: 1, traceState: createTraceState('l=1') },
        attributes: { 'link.kind': 'follows', 'link.n': 3 },
      },
    ],
    events: [
      { time: EVENT_TIME, name: 'exception', attributes: { 'exception.type': 'Error', 'exception.escaped': false } },
      { time: END, name: 'done' },
    ] satisfies TimedEvent[],
    duration: [1, 864197532],
    ended: true,
    resource: RESOURCE,
    instrumentationScope: { name: '@meridian/http', version: '1.2.3' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...rest,
  }
}

export const RESOURCE: Resource = resourceFromAttributes({ 'service.name': 'checkout', 'host.name': 'web-1', 'process.pid': 4242 })

export function serialize(spans: ReadableSpan[]): Uint8Array {
  const bytes = ProtobufTraceSerializer.serializeRequest(spans)
  if (!bytes) throw new Error('serializer returned nothing')
  return bytes
}
