import { createHash, randomUUID, timingSafeEqual } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { ChdbResult, Session } from 'chdb'

/**
 * A test-only server speaking ClickHouse's HTTP interface (the subset @clickhouse/client uses) and
 * executing every query in-process on the embedded chDB engine. Lets the remote code path
 * (`createClient({ url })`) run against the real engine without a ClickHouse server.
 *
 * Not covered: ClickHouse's native block compression (`compress=1` / `decompress=1`), external
 * tables (multipart file parts), binary request bodies (RowBinary, Native, Parquet... inserts:
 * the body must be UTF-8 text), `INSERT ... SELECT ... FROM input()` with inline data (chDB
 * ignores the data), streaming of results (each is buffered) and progress headers, cancelling a
 * running query, response codecs other than gzip/deflate/br (and zstd where Node has it), JWT,
 * users/roles/quotas. X-ClickHouse-Summary counts are approximate: result rows for reads,
 * body lines for line-per-row insert formats.
 */
export interface ClickHouseHttpServer {
  /** Base URL, e.g. http://127.0.0.1:38123 (no credentials in it). */
  url: string
  /** HTTP requests received so far (pings included). */
  readonly requests: number
  close(): Promise<void>
}

export interface ClickHouseHttpServerOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** Where chDB keeps its data. Defaults to the test store's directory, so both can run in one process. */
  dataDir?: string
  /**
   * When username or password is set, requests must authenticate as that user (ClickHouse's
   * `default` user and an empty password stand in for the one not given); otherwise any
   * credentials are accepted.
   */
  username?: string
  password?: string
  /** Let the process exit while the server is still open (for a server started lazily by tests). */
  unref?: boolean
  /** Largest request body accepted, before and after decompression. Default 256 MiB. */
  maxBodyBytes?: number
}

/** The data directory the test store uses (see testStore.ts); chDB binds one directory per process. */
export function defaultTestDataDir(): string {
  return join(tmpdir(), `meridian-test-${process.pid}`)
}

// ClickHouse error codes this server raises itself (the engine's errors carry their own).
const ErrorCode = {
  BAD_ARGUMENTS: 36,
  NOT_IMPLEMENTED: 48,
  SYNTAX_ERROR: 62,
  UNKNOWN_COMPRESSION_METHOD: 89,
  UNKNOWN_SETTING: 115,
  QUERY_IS_TOO_LARGE: 229,
  NETWORK_ERROR: 210,
  ZLIB_INFLATE_FAILED: 354,
  SESSION_NOT_FOUND: 372,
  INVALID_SESSION_TIMEOUT: 374,
  BAD_QUERY_PARAMETER: 457,
  AUTHENTICATION_FAILED: 516,
  STD_EXCEPTION: 1001,
} as const
const errorName = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]))

// HTTP status per exception code, as ClickHouse's exceptionCodeToHTTPStatus maps them; 500 otherwise.
const STATUS_BY_CODE = new Map<number, number>([
  ...[194].map((c) => [c, 401] as const), // REQUIRED_PASSWORD
  // UNKNOWN_USER, WRONG_PASSWORD, ACCESS_DENIED, SET_NON_GRANTED_ROLE, AUTHENTICATION_FAILED
  ...[192, 193, 497, 512, 516].map((c) => [c, 403] as const),
  // BAD_ARGUMENTS, CANNOT_PARSE_* (text, escape sequence, quoted string, date, datetime, number,
  // domain value, IPv4, IPv6, input assertion, UUID), CANNOT_COMPILE_REGEXP, DUPLICATE_COLUMN,
  // ILLEGAL_COLUMN, THERE_IS_NO_COLUMN, UNKNOWN_ELEMENT_IN_AST, UNKNOWN_TYPE_OF_AST_NODE,
  // TOO_DEEP_AST, TOO_BIG_AST, UNEXPECTED_AST_STRUCTURE, SYNTAX_ERROR, INCORRECT_DATA,
  // TYPE_MISMATCH, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  ...[36, 6, 25, 26, 38, 41, 72, 441, 675, 676, 27, 376, 427, 15, 44, 8, 37, 123, 167, 168, 223, 62, 117, 53, 321].map((c) => [c, 400] as const),
  // UNKNOWN_TABLE, UNKNOWN_FUNCTION, UNKNOWN_IDENTIFIER, UNKNOWN_TYPE, UNKNOWN_STORAGE,
  // UNKNOWN_DATABASE, UNKNOWN_SETTING, UNKNOWN_DIRECTION_OF_SORTING, UNKNOWN_AGGREGATE_FUNCTION,
  // UNKNOWN_FORMAT, UNKNOWN_DATABASE_ENGINE, UNKNOWN_TYPE_OF_QUERY, UNKNOWN_ROLE
  ...[60, 46, 47, 50, 56, 81, 115, 152, 63, 73, 336, 78, 511].map((c) => [c, 404] as const),
  [229, 413], // QUERY_IS_TOO_LARGE
  [48, 501], // NOT_IMPLEMENTED
  [209, 503], // SOCKET_TIMEOUT
  [76, 503], // CANNOT_OPEN_FILE
  [439, 503], // CANNOT_SCHEDULE_TASK
  [381, 411], // HTTP_LENGTH_REQUIRED
  [159, 408], // TIMEOUT_EXCEEDED
  [779, 415], // UNSUPPORTED_MEDIA_TYPE
])

/** An error answered in ClickHouse's shape: `Code: N. DB::Exception: message. (NAME) (version v)`. */
class ClickHouseFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Overrides the status ClickHouse would give the code. */
    readonly status?: number,
  ) {
    super(message)
  }
}

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
const DEFAULT_MAX_BODY = 256 * 1024 * 1024
const MAX_URL_BYTES = 1024 * 1024
const DEFAULT_SESSION_TIMEOUT_S = 60
const MAX_SESSION_TIMEOUT_S = 3600

type ChdbModule = typeof import('chdb')

export async function startClickHouseHttpServer(options: ClickHouseHttpServerOptions = {}): Promise<ClickHouseHttpServer> {
  const dataDir = options.dataDir ?? defaultTestDataDir()
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY
  const auth = options.username !== undefined || options.password !== undefined ? credentialDigest(options.username ?? 'default', options.password ?? '') : undefined
  mkdirSync(dataDir, { recursive: true })
  // Loaded lazily, like store.ts does: importing this module must not load the engine.
  const chdb: ChdbModule = await import('chdb')

  // Connections at the same path share the engine (and coexist with the test store's own
  // chdb/connection there). This one stays open for the server's lifetime so the engine is not torn
  // down and re-opened between requests; every request gets a fresh connection of its own, so
  // settings, USE, query parameters and temporary tables never leak from one request to the next,
  // as with ClickHouse's sessionless HTTP queries.
  const anchor = new chdb.Session(dataDir)
  let version: string
  let timezone: string
  try {
    ;[version, timezone] = (await anchor.queryAsync('SELECT version(), timezone()', { format: 'TSV' })).text().trim().split('\t')
  } catch (err) {
    anchor.close()
    throw err
  }
  const displayName = hostname()

  // chDB runs one query per connection and the engine is shared: execute one request at a time.
  let tail: Promise<unknown> = Promise.resolve()
  const serialize = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task)
    tail = run.catch(() => undefined)
    return run
  }

  interface HttpSession {
    session: Session
    timeoutMs: number
    timer?: NodeJS.Timeout
  }
  const sessions = new Map<string, HttpSession>()
  const dropSession = (id: string) => {
    const entry = sessions.get(id)
    if (!entry) return
    sessions.delete(id)
    clearTimeout(entry.timer)
    entry.session.close()
  }
  const touchSession = (id: string, entry: HttpSession) => {
    clearTimeout(entry.timer)
    entry.timer = setTimeout(() => void serialize(async () => sessions.get(id) === entry && dropSession(id)), entry.timeoutMs)
    entry.timer.unref()
  }

  let requests = 0
  let closed = false

  const baseHeaders = (queryId: string, format: string): Record<string, string> => ({
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Format': format,
    'X-ClickHouse-Timezone': timezone,
    'X-ClickHouse-Server-Display-Name': displayName,
  })

  const sendError = async (res: ServerResponse, err: unknown, queryId: string, format: string, encoding?: ResponseEncoding) => {
    const failure = toFailure(err)
    const code = failure.code
    let text = failure.message
    if (!/^Code: \d+\. /.test(text)) {
      text = `Code: ${code}. DB::Exception: ${text.replace(/\.?\s*$/, '')}. (${errorName.get(code) ?? 'UNKNOWN_EXCEPTION'})`
    }
    if (!/\(version [^()]*(\([^()]*\))?\)\s*$/.test(text)) text = `${text.trimEnd()} (version ${version})`
    let body: Buffer = Buffer.from(`${text}\n`)
    const headers: Record<string, string> = {
      ...baseHeaders(queryId, format),
      'Content-Type': 'text/plain; charset=UTF-8',
      'X-ClickHouse-Exception-Code': String(code),
    }
    if (encoding) {
      body = await compress(body, encoding)
      headers['Content-Encoding'] = encoding.name
    }
    if (failure.status === 413) headers.Connection = 'close'
    send(res, failure.status ?? STATUS_BY_CODE.get(code) ?? 500, headers, body)
  }

  const handleQuery = async (req: IncomingMessage, res: ServerResponse, search: URLSearchParams, queryId: string) => {
    let format = 'TabSeparated'
    let encoding: ResponseEncoding | undefined
    try {
      const rawBody = await readBody(req, maxBody)
      const body = await decodeRequestBody(rawBody, req.headers['content-encoding'], maxBody)
      const params = new Map<string, string>()
      for (const [key, value] of search) params.set(key, value)
      const multipart = multipartBoundary(req.headers['content-type'])
      if (multipart) {
        // @clickhouse/client sends long query parameters (and the query) as form fields.
        for (const field of parseMultipart(body, multipart)) {
          if (field.filename !== undefined) {
            throw new ClickHouseFailure(ErrorCode.NOT_IMPLEMENTED, `External tables (multipart file "${field.name}") are not supported by this test server`)
          }
          params.set(field.name, utf8(field.value))
        }
      }
      queryId = params.get('query_id') || queryId
      format = params.get('default_format') || format
      authenticate(req.headers, params, auth)

      const settings = new Map<string, string>()
      const queryParams = new Map<string, string>()
      for (const [key, value] of params) {
        if (key.startsWith('param_')) queryParams.set(key.slice('param_'.length), value)
        else if (!RESERVED_PARAMS.has(key)) {
          if (!SETTING_NAME.test(key)) throw new ClickHouseFailure(ErrorCode.UNKNOWN_SETTING, `Unknown setting '${key}'`)
          settings.set(key, value)
        }
      }
      encoding = responseEncoding(settings, req.headers['accept-encoding'])
      if (params.get('compress') === '1' || params.get('decompress') === '1') {
        throw new ClickHouseFailure(ErrorCode.NOT_IMPLEMENTED, "ClickHouse's native compression (compress=1 / decompress=1) is not supported by this test server")
      }

      // The query is the `query` parameter followed by the body, as ClickHouse joins them.
      const urlQuery = params.get('query') ?? ''
      const bodyText = multipart ? '' : utf8(body, 'Request bodies must be UTF-8 text: binary formats are not supported by this test server')
      const text = urlQuery && bodyText ? `${urlQuery}\n${bodyText}` : urlQuery || bodyText
      const shape = analyzeSql(text)
      if (shape.empty) throw new ClickHouseFailure(ErrorCode.SYNTAX_ERROR, 'Empty query')
      if (shape.multiStatement !== undefined) {
        throw new ClickHouseFailure(ErrorCode.SYNTAX_ERROR, `Syntax error (Multi-statements are not allowed): failed at position ${shape.multiStatement + 1}`)
      }
      if (!shape.insertData && shape.outputFormat) format = shape.outputFormat

      const sessionId = params.get('session_id') || undefined
      const sessionTimeoutMs = parseSessionTimeout(params.get('session_timeout'))
      const request: EngineRequest = {
        text,
        shape,
        settings,
        queryParams,
        database: params.get('database') || undefined,
        defaultFormat: params.get('default_format') || 'TabSeparated',
        readonly: req.method === 'GET',
      }
      const started = process.hrtime.bigint()
      const outcome = await serialize(async () => {
        if (closed) throw new ClickHouseFailure(ErrorCode.NETWORK_ERROR, 'The server is shutting down')
        if (!sessionId) {
          const session = new chdb.Session(dataDir)
          try {
            return await execute(session, request, false)
          } finally {
            session.close()
          }
        }
        let entry = sessions.get(sessionId)
        if (!entry) {
          if (params.get('session_check') === '1') throw new ClickHouseFailure(ErrorCode.SESSION_NOT_FOUND, `Session ${sessionId} not found`)
          entry = { session: new chdb.Session(dataDir), timeoutMs: sessionTimeoutMs }
          sessions.set(sessionId, entry)
        }
        entry.timeoutMs = sessionTimeoutMs
        try {
          return await execute(entry.session, request, true)
        } finally {
          if (params.get('close_session') === '1') dropSession(sessionId)
          else touchSession(sessionId, entry)
        }
      })
      const elapsedNs = process.hrtime.bigint() - started
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
        ...baseHeaders(queryId, format),
        'Content-Type': contentTypeOf(format),
        'X-ClickHouse-Summary': JSON.stringify(summary),
      }
      if (encoding) {
        payload = await compress(payload, encoding)
        headers['Content-Encoding'] = encoding.name
      }
      send(res, 200, headers, payload)
    } catch (err) {
      await sendError(res, err, queryId, format, encoding)
    }
  }

  // ClickHouse takes URLs up to http_max_uri_size (1 MiB): query parameters can be long.
  const server = createServer({ maxHeaderSize: MAX_URL_BYTES }, (req, res) => {
    requests++
    const queryId = randomUUID()
    const respond = async () => {
      const target = req.url ?? ''
      if (!target.startsWith('/') || /%(?![0-9A-Fa-f]{2})/.test(target)) {
        await readBody(req, maxBody).catch(() => undefined)
        throw new ClickHouseFailure(ErrorCode.BAD_ARGUMENTS, `Cannot parse the request URL ${JSON.stringify(target.slice(0, 200))}`, 400)
      }
      const q = target.indexOf('?')
      const path = q < 0 ? target : target.slice(0, q)
      const search = new URLSearchParams(q < 0 ? '' : target.slice(q + 1))
      const method = req.method ?? 'GET'
      if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') {
        await readBody(req, maxBody).catch(() => undefined)
        send(res, 405, { Allow: 'GET, POST, HEAD', 'Content-Type': 'text/plain; charset=UTF-8' }, Buffer.from(`Method ${method} is not allowed\n`))
        return
      }
      if (path === '/ping' || path === '/replicas_status' || (path === '/' && method !== 'POST' && !search.has('query'))) {
        await readBody(req, maxBody).catch(() => undefined)
        send(res, 200, { 'Content-Type': 'text/html; charset=UTF-8' }, method === 'HEAD' ? Buffer.alloc(0) : Buffer.from('Ok.\n'))
        return
      }
      if (path !== '/') {
        await readBody(req, maxBody).catch(() => undefined)
        send(res, 404, { 'Content-Type': 'text/plain; charset=UTF-8' }, Buffer.from(`There is no handle ${path}\n\nUse / or /ping for health checks.\n`))
        return
      }
      await handleQuery(req, res, search, queryId)
    }
    respond().catch((err) => sendError(res, err, queryId, 'TabSeparated').catch(() => res.destroy()))
  })
  server.keepAliveTimeout = 10_000
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // Requests Node's parser rejects (malformed, or headers over the limit) never reach the handler.
    if (!socket.writable) return socket.destroy()
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
    const body = `Code: ${ErrorCode.BAD_ARGUMENTS}. DB::Exception: Cannot parse the HTTP request: ${err.code ?? err.message}. (BAD_ARGUMENTS) (version ${version})\n`
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nConnection: close\r\nContent-Type: text/plain; charset=UTF-8\r\n` +
        `X-ClickHouse-Exception-Code: ${ErrorCode.BAD_ARGUMENTS}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
  })
  if (options.unref) server.on('connection', (socket) => socket.unref())

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (err) {
    anchor.close()
    throw err
  }
  if (options.unref) server.unref()
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests
    },
    async close() {
      if (closed) return
      closed = true
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await stopped
      await tail
      for (const id of [...sessions.keys()]) dropSession(id)
      anchor.close()
      await chdb.drainPending()
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Execution on chDB

interface EngineRequest {
  text: string
  shape: SqlShape
  settings: Map<string, string>
  queryParams: Map<string, string>
  database?: string
  defaultFormat: string
  /** GET requests are read-only (readonly=2) as in ClickHouse; not enforced inside a session_id session. */
  readonly: boolean
}

interface EngineOutcome {
  bytes: Uint8Array
  readRows: number
  readBytes: number
  resultRows: number
  writtenRows: number
  writtenBytes: number
}

async function execute(session: Session, request: EngineRequest, persistent: boolean): Promise<EngineOutcome> {
  const { shape, settings } = request
  const restore: string[] = []
  try {
    if (persistent && (request.database || settings.size > 0)) {
      // In a session, URL settings and `database` apply to this query only: put them back afterwards.
      const names = [...settings.keys()]
      const probe = ['currentDatabase()', ...names.map((n) => `toString(getSetting(${sqlString(n)}))`)].join(', ')
      const [db, ...values] = JSON.parse((await session.queryAsync(`SELECT [${probe}]`, { format: 'JSONCompactEachRow' })).text())[0] as string[]
      if (request.database) restore.push(`USE ${sqlIdentifier(db)}`)
      if (names.length > 0) restore.push(`SET ${names.map((n, i) => `${n} = ${sqlString(values[i])}`).join(', ')}`)
    }
    if (request.database) await session.queryAsync(`USE ${sqlIdentifier(request.database)}`)
    if (request.readonly && !persistent) await session.queryAsync('SET readonly = 2')
    if (settings.size > 0) {
      // Setting values arrive as text; quoted, the engine parses them per the setting's type.
      await session.queryAsync(`SET ${[...settings].map(([k, v]) => `${k} = ${sqlString(v)}`).join(', ')}`)
    }

    const data = shape.insertData ? request.text.slice(shape.insertData.offset) : undefined
    if (data !== undefined && data.trim() === '') {
      // ClickHouse accepts an INSERT whose body is empty and writes nothing; the engine would say "No data to insert".
      return { bytes: new Uint8Array(0), readRows: 0, readBytes: 0, resultRows: 0, writtenRows: 0, writtenBytes: 0 }
    }
    const options = { format: request.defaultFormat }
    let result: ChdbResult
    if (request.queryParams.size > 0) {
      // Query parameters go to chDB's own server-side binding (queryBindAsync: values are bound by the
      // engine, never spliced into the SQL). chDB TSV-escapes the string it is given, while HTTP
      // delivers values already in ClickHouse's escaped text form, so bindableValue() undoes that
      // escaping first: chDB's re-escaping then hands the engine an equivalent text.
      const bound: Record<string, string | null> = {}
      for (const [name, raw] of request.queryParams) bound[name] = bindableValue(raw, shape.paramTypes.get(name))
      result = await session.queryBindAsync(request.text, bound, options)
    } else {
      result = await session.queryAsync(request.text, options)
    }
    if (shape.insertData && data !== undefined) {
      return {
        bytes: result.bytes(),
        readRows: 0,
        readBytes: 0,
        resultRows: 0,
        writtenRows: estimateRows(data, shape.insertData.format),
        writtenBytes: Buffer.byteLength(data),
      }
    }
    return {
      bytes: result.bytes(),
      readRows: result.rowsRead,
      readBytes: result.bytesRead,
      resultRows: result.rowsRead,
      writtenRows: 0,
      writtenBytes: 0,
    }
  } finally {
    for (const sql of restore) await session.queryAsync(sql).catch(() => undefined)
  }
}

/** Rows in an insert body, counted for the summary header: exact for line-per-row formats, else 0. */
function estimateRows(data: string, format: string): number {
  const f = format.toLowerCase()
  if (!/^(jsoneachrow|jsonstringseachrow|jsoncompact(strings)?eachrow|tsv|tabseparated|tsvraw|tabseparatedraw|csv)(withnames(andtypes)?)?$/.test(f)) return 0
  let lines = 0
  for (const line of data.split('\n')) if (line.trim() !== '') lines++
  const header = f.endsWith('withnamesandtypes') ? 2 : f.endsWith('withnames') ? 1 : 0
  return Math.max(0, lines - header)
}

// ---------------------------------------------------------------------------------------------
// Query parameters

const TSV_SIMPLE_ESCAPES: Record<string, number> = { b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, '0': 0x00, a: 0x07, v: 0x0b, e: 0x1b }

/** Whether chDB's TSV escaping (backslash and the C0 controls \0 \b \f \n \r \t) would change `s`. */
function needsTsvEscaping(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x5c || c === 0x00 || c === 0x08 || c === 0x0c || c === 0x0a || c === 0x0d || c === 0x09) return true
  }
  return false
}

function isCompositeType(type: string): boolean {
  let t = type.trim()
  for (;;) {
    const m = /^(Nullable|LowCardinality)\s*\((.*)\)$/is.exec(t)
    if (!m) break
    t = m[2].trim()
  }
  return /^(Array|Map|Tuple|Nested|Object|JSON|Variant|Dynamic)\b/i.test(t)
}

/**
 * The value to hand chDB's binder for an HTTP `param_<name>` value. ClickHouse parses that value
 * with its escaped (TSV) text rules for the placeholder's type; chDB TSV-escapes whatever string it
 * is given. So a value chDB's escaping leaves alone goes through verbatim, `\N` becomes null, a
 * scalar is unescaped (chDB re-escapes it to an equivalent text), and a composite (Array, Map,
 * Tuple), whose text holds quoted literals rather than TSV escapes, has the escapes inside its
 * quoted strings resolved, a quote becoming '' so that chDB's re-escaping keeps it intact.
 */
function bindableValue(raw: string, declaredType: string | undefined): string | null {
  if (!needsTsvEscaping(raw)) return raw
  if (raw === '\\N') return null
  const bytes = Buffer.from(raw, 'utf8')
  const out: number[] = []
  const composite = declaredType !== undefined && isCompositeType(declaredType)
  let inQuotes = false
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (composite && !inQuotes) {
      if (b === 0x27) inQuotes = true
      // Whitespace between elements: a raw tab or newline would come out of chDB's escaping as \t or \n.
      out.push(b === 0x09 || b === 0x0a || b === 0x0d ? 0x20 : b)
      continue
    }
    if (composite && b === 0x27) {
      if (bytes[i + 1] === 0x27) {
        out.push(0x27, 0x27)
        i++
      } else {
        out.push(0x27)
        inQuotes = false
      }
      continue
    }
    if (b !== 0x5c || i + 1 >= bytes.length) {
      out.push(b)
      continue
    }
    const next = String.fromCharCode(bytes[i + 1])
    i++
    if (next === 'x' && /^[0-9A-Fa-f]{2}$/.test(bytes.subarray(i + 1, i + 3).toString('latin1'))) {
      out.push(Number.parseInt(bytes.subarray(i + 1, i + 3).toString('latin1'), 16))
      i += 2
    } else if (next in TSV_SIMPLE_ESCAPES) {
      out.push(TSV_SIMPLE_ESCAPES[next])
    } else if (composite && next === "'") {
      out.push(0x27, 0x27)
    } else {
      out.push(bytes[i])
    }
  }
  return Buffer.from(out).toString('utf8')
}

// ---------------------------------------------------------------------------------------------
// A small SQL lexer: enough to find parameter placeholders, the FORMAT clause, where an INSERT's
// inline data starts, and statements after a `;` (ClickHouse's HTTP interface runs one statement).

interface SqlShape {
  empty: boolean
  /** Position of a second statement, when there is one. */
  multiStatement?: number
  /** INSERT ... FORMAT f / INSERT ... VALUES: where the data begins in the text. */
  insertData?: { offset: number; format: string }
  /** The output format a trailing FORMAT clause names. */
  outputFormat?: string
  /** Declared type per `{name:Type}` placeholder. */
  paramTypes: Map<string, string>
}

interface Token {
  kind: 'word' | 'number' | 'string' | 'quoted' | 'param' | 'punct'
  text: string
  start: number
  end: number
  depth: number
  param?: { name: string; type: string }
}

const PARAM_START = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:/y
const HEREDOC_START = /\$([A-Za-z0-9_]*)\$/y

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80
}
function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

class SqlLexer {
  private pos = 0
  private depth = 0
  private peeked: Token | undefined

  constructor(private readonly s: string) {}

  peek(): Token | undefined {
    this.peeked ??= this.read()
    return this.peeked
  }

  next(): Token | undefined {
    const t = this.peek()
    this.peeked = undefined
    return t
  }

  private read(): Token | undefined {
    const s = this.s
    const n = s.length
    let i = this.pos
    for (;;) {
      if (i >= n) {
        this.pos = n
        return undefined
      }
      const c = s.charCodeAt(i)
      if (c === 32 || (c >= 9 && c <= 13)) i++
      else if ((c === 45 && s[i + 1] === '-') || (c === 35 && (s[i + 1] === ' ' || s[i + 1] === '!'))) {
        const eol = s.indexOf('\n', i)
        i = eol < 0 ? n : eol + 1
      } else if (c === 47 && s[i + 1] === '*') {
        // Block comments nest in ClickHouse.
        let level = 1
        i += 2
        while (i < n && level > 0) {
          if (s[i] === '/' && s[i + 1] === '*') {
            level++
            i += 2
          } else if (s[i] === '*' && s[i + 1] === '/') {
            level--
            i += 2
          } else i++
        }
      } else break
    }
    const start = i
    const c = s.charCodeAt(i)
    const ch = s[i]
    let kind: Token['kind'] = 'punct'
    let param: Token['param']
    const depth = this.depth
    if (ch === "'" || ch === '"' || ch === '`') {
      i = quotedEnd(s, i, ch)
      kind = ch === "'" ? 'string' : 'quoted'
    } else if (ch === '$' && execAt(HEREDOC_START, s, i)) {
      const tag = s.slice(i, HEREDOC_START.lastIndex)
      const close = s.indexOf(tag, HEREDOC_START.lastIndex)
      i = close < 0 ? n : close + tag.length
      kind = 'string'
    } else if (ch === '{') {
      const m = execAt(PARAM_START, s, i)
      let j = m ? i + m[0].length : n
      while (j < n && s[j] !== '}') j = s[j] === "'" || s[j] === '"' || s[j] === '`' ? quotedEnd(s, j, s[j]) : j + 1
      if (m && j < n) {
        param = { name: m[1], type: s.slice(i + m[0].length, j).trim() }
        kind = 'param'
        i = j + 1
      } else {
        // A map literal or a lone brace.
        i++
        this.depth++
      }
    } else if (isWordStart(c)) {
      i++
      while (i < n && isWordPart(s.charCodeAt(i))) i++
      kind = 'word'
    } else if (isDigit(c) || (ch === '.' && isDigit(s.charCodeAt(i + 1)))) {
      i++
      while (i < n) {
        const d = s[i]
        if (/[0-9A-Za-z_.]/.test(d)) i++
        else if ((d === '+' || d === '-') && /[eEpP]/.test(s[i - 1])) i++
        else break
      }
      kind = 'number'
    } else {
      i++
      if (ch === '(' || ch === '[' || ch === '{') this.depth++
      else if (ch === ')' || ch === ']' || ch === '}') this.depth = Math.max(0, this.depth - 1)
    }
    this.pos = i
    return { kind, text: s.slice(start, i), start, end: i, depth: kind === 'punct' ? Math.min(depth, this.depth) : depth, param }
  }
}

/** `re` (sticky) matched at `at`; afterwards re.lastIndex is the end of the match. */
function execAt(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at
  return re.exec(s)
}

/** End (exclusive) of a quoted literal opening at `i`; backslash escapes and doubled quotes stay inside. */
function quotedEnd(s: string, i: number, quote: string): number {
  let j = i + 1
  while (j < s.length) {
    if (s[j] === '\\') j += 2
    else if (s[j] === quote) {
      if (s[j + 1] === quote) j += 2
      else return j + 1
    } else j++
  }
  return s.length
}

function analyzeSql(text: string): SqlShape {
  const shape: SqlShape = { empty: true, paramTypes: new Map() }
  const lexer = new SqlLexer(text)
  const first = lexer.peek()
  if (!first) return shape
  shape.empty = false
  const isInsert = first.kind === 'word' && first.text.toUpperCase() === 'INSERT'
  let sawSelect = false
  let statementEnded = false
  let format: { name: string; confirmed: boolean } | undefined
  for (let tok = lexer.next(); tok; tok = lexer.next()) {
    if (statementEnded) {
      if (tok.text === ';') continue
      shape.multiStatement = tok.start
      break
    }
    if (tok.param) shape.paramTypes.set(tok.param.name, tok.param.type)
    if (tok.depth !== 0) continue
    const word = tok.kind === 'word' ? tok.text.toUpperCase() : undefined
    if (format && !format.confirmed) {
      // FORMAT <name> names the output only at the end of the statement (or before its SETTINGS).
      if (tok.text === ';' || word === 'SETTINGS') format.confirmed = true
      else format = undefined
    }
    if (tok.text === ';') {
      statementEnded = true
      continue
    }
    if (!word) continue
    if (isInsert) {
      if (word === 'SELECT' || word === 'WITH') sawSelect = true
      else if (word === 'VALUES' && !sawSelect) {
        shape.insertData = { offset: tok.end, format: 'Values' }
        return shape
      } else if (word === 'FORMAT' && lexer.peek()?.kind === 'word') {
        const name = lexer.next()!
        shape.insertData = { offset: name.end, format: name.text }
        return shape
      }
    } else if (word === 'FORMAT' && lexer.peek()?.kind === 'word') {
      format = { name: lexer.next()!.text, confirmed: false }
    }
  }
  if (format) shape.outputFormat = format.name
  return shape
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  if (res.headersSent || res.destroyed) return
  res.writeHead(status, { ...headers, 'Content-Length': String(body.length) })
  res.end(body)
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
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

type Codec = 'gzip' | 'deflate' | 'br' | 'zstd'
interface ResponseEncoding {
  name: Codec
  level: number
}

type ZlibWithZstd = typeof zlib & {
  zstdCompress?: (buf: Buffer, cb: (err: Error | null, out: Buffer) => void) => void
  zstdDecompress?: (buf: Buffer, opts: zlib.ZlibOptions, cb: (err: Error | null, out: Buffer) => void) => void
}
const zstd = zlib as ZlibWithZstd
const gunzip = promisify(zlib.gunzip)
const inflate = promisify(zlib.inflate)
const brotliDecompress = promisify(zlib.brotliDecompress)
const gzip = promisify(zlib.gzip)
const deflate = promisify(zlib.deflate)
const brotliCompress = promisify(zlib.brotliCompress)

async function decodeRequestBody(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase()
  if (encoding === '' || encoding === 'identity' || encoding === 'none' || body.length === 0) return body
  const options = { maxOutputLength: limit }
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return await gunzip(body, options)
    if (encoding === 'deflate') return await inflate(body, options)
    if (encoding === 'br') return await brotliDecompress(body, options)
    if (encoding === 'zstd' && zstd.zstdDecompress) return await promisify(zstd.zstdDecompress)(body, options)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw new ClickHouseFailure(ErrorCode.QUERY_IS_TOO_LARGE, `Decompressed request body is larger than ${limit} bytes`, 413)
    throw new ClickHouseFailure(ErrorCode.ZLIB_INFLATE_FAILED, `Cannot decompress the request body (Content-Encoding: ${encoding}): ${e.message}`, 400)
  }
  throw new ClickHouseFailure(ErrorCode.UNKNOWN_COMPRESSION_METHOD, `Unknown Content-Encoding of the request body: ${encoding}`, 400)
}

function responseEncoding(settings: Map<string, string>, acceptEncoding: string | undefined): ResponseEncoding | undefined {
  const enabled = settings.get('enable_http_compression')
  if (!enabled || !/^(1|true)$/i.test(enabled) || !acceptEncoding) return undefined
  const level = Number(settings.get('http_zlib_compression_level') ?? 3)
  for (const part of acceptEncoding.split(',')) {
    const name = part.split(';')[0].trim().toLowerCase()
    if (name === 'gzip' || name === 'deflate' || name === 'br' || (name === 'zstd' && zstd.zstdCompress)) {
      return { name, level: Number.isInteger(level) && level >= 1 && level <= 9 ? level : 3 }
    }
  }
  return undefined
}

async function compress(body: Buffer, encoding: ResponseEncoding): Promise<Buffer> {
  switch (encoding.name) {
    case 'gzip':
      return gzip(body, { level: encoding.level })
    case 'deflate':
      return deflate(body, { level: encoding.level })
    case 'br':
      return brotliCompress(body)
    case 'zstd':
      return promisify(zstd.zstdCompress!)(body)
  }
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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
function utf8(bytes: Buffer, error = 'Invalid UTF-8 in the request'): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    throw new ClickHouseFailure(ErrorCode.NOT_IMPLEMENTED, error)
  }
}

function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  if (!m) throw new ClickHouseFailure(ErrorCode.BAD_ARGUMENTS, 'multipart/form-data request without a boundary', 400)
  return m[1] ?? m[2]
}

interface FormField {
  name: string
  filename?: string
  value: Buffer
}

function parseMultipart(body: Buffer, boundary: string): FormField[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const fields: FormField[] = []
  let at = body.indexOf(delimiter)
  if (at < 0) throw new ClickHouseFailure(ErrorCode.BAD_ARGUMENTS, 'Malformed multipart/form-data body', 400)
  for (;;) {
    at += delimiter.length
    if (body.subarray(at, at + 2).toString('latin1') === '--') return fields
    const headersEnd = body.indexOf('\r\n\r\n', at)
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), at)
    if (headersEnd < 0 || next < 0 || headersEnd > next) throw new ClickHouseFailure(ErrorCode.BAD_ARGUMENTS, 'Malformed multipart/form-data body', 400)
    const head = body.subarray(at, headersEnd).toString('utf8')
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(head)?.[1] ?? ''
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1]
    if (name === undefined) throw new ClickHouseFailure(ErrorCode.BAD_ARGUMENTS, 'multipart/form-data part without a name', 400)
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1]
    fields.push({ name, filename, value: body.subarray(headersEnd + 4, next) })
    at = next + 2
  }
}

function credentialDigest(user: string, password: string): Buffer {
  return createHash('sha256').update(`${user.length}:${user}:${password}`).digest()
}

/** Credentials as ClickHouse reads them: Basic auth, X-ClickHouse-User/-Key headers, or user/password parameters. */
function authenticate(headers: IncomingHttpHeaders, params: Map<string, string>, expected: Buffer | undefined): void {
  const header = (name: string) => {
    const v = headers[name]
    return Array.isArray(v) ? v[0] : v
  }
  const authorization = header('authorization')
  const headerUser = header('x-clickhouse-user')
  const headerKey = header('x-clickhouse-key')
  const used = [authorization !== undefined, headerUser !== undefined || headerKey !== undefined, params.has('user') || params.has('password')]
  if (used.filter(Boolean).length > 1) {
    throw new ClickHouseFailure(ErrorCode.AUTHENTICATION_FAILED, 'Invalid authentication: it is not allowed to use more than one authentication method (Authorization header, X-ClickHouse- headers, user/password parameters) at once')
  }
  let user = 'default'
  let password = ''
  if (authorization !== undefined) {
    const m = /^Basic\s+(\S+)$/i.exec(authorization.trim())
    if (!m) throw new ClickHouseFailure(ErrorCode.AUTHENTICATION_FAILED, 'Only Basic authorization is supported by this test server')
    const decoded = Buffer.from(m[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    user = colon < 0 ? decoded : decoded.slice(0, colon)
    password = colon < 0 ? '' : decoded.slice(colon + 1)
  } else if (used[1]) {
    user = headerUser ?? 'default'
    password = headerKey ?? ''
  } else if (used[2]) {
    user = params.get('user') ?? 'default'
    password = params.get('password') ?? ''
  }
  if (expected && !timingSafeEqual(credentialDigest(user || 'default', password), expected)) {
    throw new ClickHouseFailure(ErrorCode.AUTHENTICATION_FAILED, `${user || 'default'}: Authentication failed: password is incorrect, or there is no user with such name`)
  }
}

function parseSessionTimeout(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SESSION_TIMEOUT_S * 1000
  const seconds = Number(value)
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_SESSION_TIMEOUT_S) {
    throw new ClickHouseFailure(ErrorCode.INVALID_SESSION_TIMEOUT, `Invalid session timeout: '${value}'`)
  }
  return seconds * 1000
}

function toFailure(err: unknown): ClickHouseFailure {
  if (err instanceof ClickHouseFailure) return err
  const e = err as { message?: unknown; code?: unknown; clickhouseCode?: unknown } | undefined
  const message = e && typeof e.message === 'string' ? e.message : String(err)
  const fromText = /^Code: (\d+)\. /.exec(message)
  const code = fromText ? Number(fromText[1]) : typeof e?.clickhouseCode === 'number' ? e.clickhouseCode : e?.code === 'CHDB_BIND' ? ErrorCode.BAD_QUERY_PARAMETER : ErrorCode.STD_EXCEPTION
  return new ClickHouseFailure(code, message)
}

function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

function sqlIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``
}
