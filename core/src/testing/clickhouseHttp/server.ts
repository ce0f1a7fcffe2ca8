import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { authenticate, credentialDigest } from './auth.js'
import { rejectNativeCompression, responseEncoding } from './contentEncoding.js'
import { type EngineRequest, execute } from './engine.js'
import { ClickHouseFailure, ErrorCode } from './errors.js'
import { queryText, readBody, readRequestInput, splitParams } from './requestParsing.js'
import { answerClientError, type ReplyHead, type ServerIdentity, send, sendError, sendResult } from './responses.js'
import { SerialQueue } from './serialQueue.js'
import { HttpSessions, parseSessionTimeout } from './sessions.js'
import { analyzeSql } from './sqlShape.js'

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

const DEFAULT_MAX_BODY = 256 * 1024 * 1024
const MAX_URL_BYTES = 1024 * 1024

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
  let identity: ServerIdentity
  try {
    const [version, timezone] = (await anchor.queryAsync('SELECT version(), timezone()', { format: 'TSV' })).text().trim().split('\t')
    identity = { version, timezone, displayName: hostname() }
  } catch (err) {
    anchor.close()
    throw err
  }

  const queue = new SerialQueue()
  const sessions = new HttpSessions(() => new chdb.Session(dataDir), queue)
  let requests = 0
  let closed = false

  const handleQuery = async (req: IncomingMessage, res: ServerResponse, search: URLSearchParams, queryId: string) => {
    // Errors are answered with what is known of the query by then.
    const head: ReplyHead = { queryId, format: 'TabSeparated' }
    try {
      const input = await readRequestInput(req, search, maxBody)
      const { params } = input
      head.queryId = params.get('query_id') || head.queryId
      head.format = params.get('default_format') || head.format
      authenticate(req.headers, params, auth)
      const { settings, queryParams } = splitParams(params)
      head.encoding = responseEncoding(settings, req.headers['accept-encoding'])
      rejectNativeCompression(params)

      const text = queryText(input)
      const shape = analyzeSql(text)
      if (shape.empty) throw new ClickHouseFailure(ErrorCode.SYNTAX_ERROR, 'Empty query')
      if (shape.multiStatement !== undefined) {
        throw new ClickHouseFailure(ErrorCode.SYNTAX_ERROR, `Syntax error (Multi-statements are not allowed): failed at position ${shape.multiStatement + 1}`)
      }
      if (!shape.insertData && shape.outputFormat) head.format = shape.outputFormat

      const sessionId = params.get('session_id') || undefined
      const sessionUse = {
        timeoutMs: parseSessionTimeout(params.get('session_timeout')),
        mustExist: params.get('session_check') === '1',
        closeAfter: params.get('close_session') === '1',
      }
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
      const outcome = await queue.run(async () => {
        if (closed) throw new ClickHouseFailure(ErrorCode.NETWORK_ERROR, 'The server is shutting down')
        if (sessionId) return sessions.run(sessionId, sessionUse, (session) => execute(session, request, true))
        const session = new chdb.Session(dataDir)
        try {
          return await execute(session, request, false)
        } finally {
          session.close()
        }
      })
      await sendResult(res, identity, head, outcome, process.hrtime.bigint() - started)
    } catch (err) {
      await sendError(res, identity, head, err)
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
    respond().catch((err) => sendError(res, identity, { queryId, format: 'TabSeparated' }, err).catch(() => res.destroy()))
  })
  server.keepAliveTimeout = 10_000
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => answerClientError(err, socket, identity.version))
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
      await queue.idle()
      sessions.closeAll()
      anchor.close()
      await chdb.drainPending()
    },
  }
}
