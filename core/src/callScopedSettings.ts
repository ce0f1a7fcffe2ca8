import type { ClickHouseClient } from '@clickhouse/client'

/*
 * chDB's adapter for @clickhouse/client applies a call's `clickhouse_settings` as `SET k = v;`
 * before its SQL, and a SET outlives the call in the embedded session: after one Parquet import
 * (`max_threads: 1`, `session_timezone: 'UTC'`) every later query of the process ran
 * single-threaded in UTC. A server scopes such settings to the call; this does the same for the
 * embedded store. It remembers which settings earlier calls SET, and a call that does not set one
 * of them first sets it back to its default (`SET k = DEFAULT`, put before the call's SQL, so it
 * costs no round trip). For that the calls run one at a time, in order, as chDB runs them anyway.
 */

type Settings = Record<string, unknown> | undefined

/** Runs calls one at a time, in the order they were made. */
class CallQueue {
  private last: Promise<unknown> = Promise.resolve()

  run<T>(call: () => Promise<T>): Promise<T> {
    const result = this.last.then(call)
    this.last = result.catch(() => undefined)
    return result
  }
}

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Settings the adapter does not SET (HTTP-only ones, the output format): unknown to the engine, never to be reset. */
const NOT_SET_BY_ADAPTER = /^(http_|send_progress_in_http_headers$|wait_end_of_query$|enable_http_compression$|default_format$)/

type Method = 'query' | 'command' | 'exec' | 'insert'
const METHODS: Method[] = ['query', 'command', 'exec', 'insert']

interface Params {
  query?: string
  clickhouse_settings?: Settings
}

/** Keeps each call's `clickhouse_settings` to that call on an embedded (chDB) client; see above. */
export function scopeSettingsToCalls(client: ClickHouseClient): ClickHouseClient {
  const queue = new CallQueue()
  const command = client.command.bind(client)
  /** Settings SET in the session by earlier calls. */
  const setInSession = new Set<string>()
  for (const method of METHODS) {
    const call = (client[method] as (params: Params) => Promise<unknown>).bind(client)
    Object.defineProperty(client, method, {
      configurable: true,
      writable: true,
      value: (params: Params) => {
        const own = new Set(
          Object.entries(params.clickhouse_settings ?? {})
            .filter(([name, value]) => value !== undefined && SETTING_NAME.test(name) && !NOT_SET_BY_ADAPTER.test(name))
            .map(([name]) => name),
        )
        return queue.run(async () => {
          const stale = [...setInSession].filter((name) => !own.has(name))
          let scoped = params
          if (stale.length > 0) {
            const resets = stale.map((name) => `SET ${name} = DEFAULT`).join('; ')
            // an insert's SQL is built by the client from its table: reset in a call of its own
            if (method === 'insert' || params.query === undefined) await command({ query: resets })
            else scoped = { ...params, query: `${resets}; ${params.query}` }
            for (const name of stale) setInSession.delete(name)
          }
          for (const name of own) setInSession.add(name)
          return call(scoped)
        })
      },
    })
  }
  return client
}
