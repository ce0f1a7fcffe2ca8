import type { ExportOutcome } from './ingest.js'
import type { PayloadFormat, Signal } from './signals.js'

/*
 * OTLP responses in the request's encoding: Export*ServiceResponse with an optional
 * partial_success (field 1: rejected count = 1, error_message = 2), and google.rpc.Status
 * (code = 1, message = 2) for errors.
 */

export interface EncodedResponse {
  contentType: string
  body: Buffer
}

function varint(value: number): number[] {
  const bytes: number[] = []
  let v = value
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80)
    v = Math.floor(v / 128)
  }
  bytes.push(v)
  return bytes
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(payload.length)]), payload])
}

function varintField(field: number, value: number): Buffer {
  return value === 0 ? Buffer.alloc(0) : Buffer.from([field << 3, ...varint(value)])
}

export function exportResponse(signal: Signal, format: PayloadFormat, outcome: ExportOutcome): EncodedResponse {
  const partial = outcome.rejected > 0 || Boolean(outcome.message)
  if (format === 'json') {
    const body = partial ? { partialSuccess: { [signal.rejectedJsonField]: String(outcome.rejected), errorMessage: outcome.message ?? '' } } : {}
    return { contentType: 'application/json', body: Buffer.from(JSON.stringify(body)) }
  }
  if (!partial) return { contentType: 'application/x-protobuf', body: Buffer.alloc(0) }
  const partialSuccess = Buffer.concat([varintField(1, outcome.rejected), lengthDelimited(2, Buffer.from(outcome.message ?? ''))])
  return { contentType: 'application/x-protobuf', body: lengthDelimited(1, partialSuccess) }
}

/** gRPC status codes used in OTLP error bodies. */
export const RpcCode = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, UNIMPLEMENTED: 12 } as const

export function statusResponse(format: PayloadFormat, code: number, message: string): EncodedResponse {
  if (format === 'json') return { contentType: 'application/json', body: Buffer.from(JSON.stringify({ code, message })) }
  return { contentType: 'application/x-protobuf', body: Buffer.concat([varintField(1, code), lengthDelimited(2, Buffer.from(message))]) }
}

/**
 * google.rpc.Status with a google.rpc.RetryInfo detail (retry_delay = 1: Duration { seconds = 1 }),
 * the grpc-status-details-bin that tells OTLP/gRPC senders a refusal is worth retrying, and when.
 */
export function retryableStatusDetails(code: number, message: string, retryAfterSeconds: number): Buffer {
  const retryInfo = lengthDelimited(1, varintField(1, retryAfterSeconds))
  const any = Buffer.concat([lengthDelimited(1, Buffer.from('type.googleapis.com/google.rpc.RetryInfo')), lengthDelimited(2, retryInfo)])
  return Buffer.concat([varintField(1, code), lengthDelimited(2, Buffer.from(message)), lengthDelimited(3, any)])
}

/** The protobuf bytes of an Export*ServiceResponse, for gRPC. */
export function exportResponseProto(signal: Signal, outcome: ExportOutcome): Buffer {
  return exportResponse(signal, 'protobuf', outcome).body
}
