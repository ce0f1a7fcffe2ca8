// The test-only ClickHouse HTTP server on chDB; its modules are in ./clickhouseHttp/. This path
// stays the entry point that tests and @meridian/core/testing/clickhouseHttpServer import.
export {
  type ClickHouseHttpServer,
  type ClickHouseHttpServerOptions,
  defaultTestDataDir,
  startClickHouseHttpServer,
} from './clickhouseHttp/server.js'
