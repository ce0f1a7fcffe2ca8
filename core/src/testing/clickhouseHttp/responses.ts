import type { ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { compress, type ResponseEncoding } from './contentEncoding.js'
import type { EngineOutcome } from './engine.js'
import { ErrorCode, exceptionText, httpStatusOf, toFailure } from './errors.js'

// Responses in ClickHouse's shape: its X-ClickHouse-* headers, exception bodies and content types.

/** What every response says about the server. */
export interface ServerIdentity {
  version: string
  timezone: string
  displayName: string
}

/** What a query's response says about the query; filled in as the request is read. */
export interface ReplyHead {
  queryId: string
  format: string
  encoding?: ResponseEncoding
}

export function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, { ...headers, 'Content-Length': String(body.length) })
  res.end(body)
}

function clickHouseHeaders(identity: ServerIdentity, head: ReplyHead): Record<string, string> {
  return {
    'X-ClickHouse-Query-Id': head.queryId,
    'X-ClickHouse-Format': head.format,
    'X-ClickHouse-Timezone': identity.timezone,
    'X-ClickHouse-Server-Display-Name': identity.displayName,
  }
}

export async function sendResult(res: ServerResponse, identity: ServerIdentity, head: ReplyHead, outcome: EngineOutcome, elapsedNs: bigint): Promise<void> {
  let payload: Buffer = Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength)
  const summary = {
    read_rows: String(outcome.readRows),
    read_bytes: String(outcome.readBytes),
    written_rows: String(outcome.writtenRows),
    written_bytes: String(outcome.writtenBytes),
    total_rows_to_read: String(outcome.readRows),
    result_rows: String(outcome.resultRows),
    result_bytes: String(payload.length),
    elapsed_ns: elapsedNs.toString(),
    memory_usage: '0',
  }
  const headers: Record<string, string> = {
    ...clickHouseHeaders(identity, head),
    'Content-Type': contentTypeOf(head.format),
    'X-ClickHouse-Summary': JSON.stringify(summary),
  }
  if (head.encoding) {
    payload = await compress(payload, head.encoding)
    headers['Content-Encoding'] = head.encoding.name
  }
  send(res, 200, headers, payload)
}

export async function sendError(res: ServerResponse, identity: ServerIdentity, head: ReplyHead, err: unknown): Promise<void> {
  const failure = toFailure(err)
  let body: Buffer = Buffer.from(`${exceptionText(failure, identity.version)}\n`)
  const headers: Record<string, string> = {
    ...clickHouseHeaders(identity, head),
    'Content-Type': 'text/plain; charset=UTF-8',
    'X-ClickHouse-Exception-Code': String(failure.code),
  }
  if (head.encoding) {
    body = await compress(body, head.encoding)
    headers['Content-Encoding'] = head.encoding.name
  }
  if (failure.status === 413) headers.Connection = 'close'
  send(res, httpStatusOf(failure), headers, body)
}

/** Answers a request Node's parser rejected (malformed, or headers over the limit): it never reaches the handler. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, version: string): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
  const body = `Code: ${ErrorCode.BAD_ARGUMENTS}. DB::Exception: Cannot parse the HTTP request: ${err.code ?? err.message}. (BAD_ARGUMENTS) (version ${version})\n`
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nConnection: close\r\nContent-Type: text/plain; charset=UTF-8\r\n` +
      `X-ClickHouse-Exception-Code: ${ErrorCode.BAD_ARGUMENTS}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

function contentTypeOf(format: string): string {
  const f = format.toLowerCase()
  if (f.startsWith('tabseparated') || f.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8'
  if (f.startsWith('csv')) return `text/csv; charset=UTF-8; header=${f.includes('withnames') ? 'present' : 'absent'}`
  if (f.startsWith('json') && f.includes('eachrow')) return 'application/x-ndjson; charset=UTF-8'
  if (f.startsWith('json')) return 'application/json; charset=UTF-8'
  if (f === 'xml') return 'application/xml; charset=UTF-8'
  if (/^(rowbinary|native|parquet|arrow|arrowstream|orc|avro|msgpack|protobuf|capnproto|bsoneachrow|npy|rawblob)/.test(f)) return 'application/octet-stream'
  return 'text/plain; charset=UTF-8'
}
