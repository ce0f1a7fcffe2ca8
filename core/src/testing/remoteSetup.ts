import { type ClickHouseHttpServer, startClickHouseHttpServer } from './clickhouseHttpServer.js'

/**
 * Remote mode for the integration tests: with MERIDIAN_TEST_REMOTE=1, the stores tests open go
 * through @clickhouse/client's HTTP connection instead of the embedded one, to a ClickHouse-speaking
 * server running in the test process itself (clickhouseHttpServer.ts, on chDB).
 *
 *   MERIDIAN_TEST_REMOTE=1 npx vitest run core
 *
 * Wiring: openTestStore() calls ensureRemoteTestServer() first, so suites that open their stores
 * with it need nothing else. A suite that builds clients some other way awaits
 * ensureRemoteTestServer() in a beforeAll and reads MERIDIAN_TEST_CLICKHOUSE_URL. When
 * MERIDIAN_TEST_CLICKHOUSE_URL is already set (a real server), nothing is started.
 *
 * One server per test process (vitest's forks pool runs each file in its own process), started on
 * first use and left to die with the process: it does not keep the process alive.
 */
let starting: Promise<ClickHouseHttpServer | undefined> | undefined
const ENV_NAMES = ['MERIDIAN_TEST_CLICKHOUSE_URL', 'MERIDIAN_TEST_CLICKHOUSE_USER', 'MERIDIAN_TEST_CLICKHOUSE_PASSWORD'] as const
let savedEnv: Partial<Record<(typeof ENV_NAMES)[number], string>> = {}

export function remoteTestsEnabled(): boolean {
  return process.env.MERIDIAN_TEST_REMOTE === '1'
}

export function ensureRemoteTestServer(): Promise<ClickHouseHttpServer | undefined> {
  starting ??= start()
  return starting
}

async function start(): Promise<ClickHouseHttpServer | undefined> {
  if (!remoteTestsEnabled() || process.env.MERIDIAN_TEST_CLICKHOUSE_URL) return undefined
  const username = process.env.MERIDIAN_TEST_CLICKHOUSE_USER || 'default'
  const password = process.env.MERIDIAN_TEST_CLICKHOUSE_PASSWORD ?? 'meridian-test'
  const server = await startClickHouseHttpServer({ username, password, unref: true })
  savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]))
  process.env.MERIDIAN_TEST_CLICKHOUSE_URL = server.url
  process.env.MERIDIAN_TEST_CLICKHOUSE_USER = username
  process.env.MERIDIAN_TEST_CLICKHOUSE_PASSWORD = password
  return server
}

/** Closes the server ensureRemoteTestServer() started, if any (e.g. from an afterAll). */
export async function stopRemoteTestServer(): Promise<void> {
  const server = await starting
  starting = undefined
  if (!server) return
  await server.close()
  for (const name of ENV_NAMES) {
    const value = savedEnv[name]
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
}
