import type { IncomingMessage } from 'node:http'
import { decodeRequestBody } from './contentEncoding.js'
import { ClickHouseFailure, ErrorCode } from './errors.js'
import { multipartBoundary, parseMultipart } from './multipart.js'

// What a query request carries: URL parameters and form fields, settings, query parameters, and
// the query text itself.

// URL parameters that are not settings (ClickHouse's HTTPHandler reserves the same names).
const RESERVED_PARAMS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'session_id',
  'session_timeout',
  'session_check',
  'close_session',
  'user',
  'password',
  'quota_key',
  'role',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'stacktrace',
  'client_protocol_version',
])

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export interface RequestInput {
  /** URL parameters, then the form fields of a multipart body (which win). */
  params: Map<string, string>
  /** The decoded body, unless it held form fields: then the query is all in `params`. */
  body?: Buffer
}

/** Reads and decodes the body; @clickhouse/client sends long query parameters (and the query) as form fields. */
export async function readRequestInput(req: IncomingMessage, search: URLSearchParams, maxBody: number): Promise<RequestInput> {
  const rawBody = await readBody(req, maxBody)
  const body = await decodeRequestBody(rawBody, req.headers['content-encoding'], maxBody)
  const params = new Map<string, string>()
  for (const [key, value] of search) params.set(key, value)
  const multipart = multipartBoundary(req.headers['content-type'])
  if (!multipart) return { params, body }
  for (const field of parseMultipart(body, multipart)) {
    if (field.filename !== undefined) {
      throw new ClickHouseFailure(ErrorCode.NOT_IMPLEMENTED, `External tables (multipart file "${field.name}") are not supported by this test server`)
    }
    params.set(field.name, utf8(field.value))
  }
  return { params }
}

/** `param_<name>` parameters are query parameters; any other unreserved one is a setting. */
export function splitParams(params: Map<string, string>): { settings: Map<string, string>; queryParams: Map<string, string> } {
  const settings = new Map<string, string>()
  const queryParams = new Map<string, string>()
  for (const [key, value] of params) {
    if (key.startsWith('param_')) queryParams.set(key.slice('param_'.length), value)
    else if (!RESERVED_PARAMS.has(key)) {
      if (!SETTING_NAME.test(key)) throw new ClickHouseFailure(ErrorCode.UNKNOWN_SETTING, `Unknown setting '${key}'`)
      settings.set(key, value)
    }
  }
  return { settings, queryParams }
}

/** The query is the `query` parameter followed by the body, as ClickHouse joins them. */
export function queryText(input: RequestInput): string {
  const urlQuery = input.params.get('query') ?? ''
  const bodyText = input.body ? utf8(input.body, 'Request bodies must be UTF-8 text: binary formats are not supported by this test server') : ''
  return urlQuery && bodyText ? `${urlQuery}\n${bodyText}` : urlQuery || bodyText
}

/** The whole body, refused past `limit` bytes (after draining, so the 413 reaches the client). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      req.resume()
      throw new ClickHouseFailure(ErrorCode.QUERY_IS_TOO_LARGE, `Request body is larger than ${limit} bytes`, 413)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
function utf8(bytes: Buffer, error = 'Invalid UTF-8 in the request'): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    throw new ClickHouseFailure(ErrorCode.NOT_IMPLEMENTED, error)
  }
}
