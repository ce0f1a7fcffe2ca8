import type { ClickHouseClient } from '@clickhouse/client'

/*
 * chDB's adapter for @clickhouse/client applies a call's `clickhouse_settings` as `SET k = v;`
 * before its SQL, and a SET outlives the call in the embedded session: after one Parquet import
 * (`max_threads: 1`, `session_timezone: 'UTC'`) every later query of the process ran
 * single-threaded in UTC. A server scopes such settings to the call; this does the same for the
 * embedded store: a call with settings runs alone (no other call of the client overlaps it) and
 * sets them back to their defaults before the next call starts. Calls without settings still
 * run side by side.
 */

type Settings = Record<string, unknown> | undefined

/** A readers-writer lock: shared calls overlap, an exclusive one runs alone. */
class CallLock {
  private shared = 0
  private exclusive = false
  private readonly waiting: { exclusive: boolean; start: () => void }[] = []

  async run<T>(exclusive: boolean, call: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.waiting.push({ exclusive, start })
      this.next()
    })
    try {
      return await call()
    } finally {
      if (exclusive) this.exclusive = false
      else this.shared--
      this.next()
    }
  }

  /** Starts waiting calls in order: shared ones while no exclusive one runs, an exclusive one when nothing runs. */
  private next(): void {
    while (this.waiting.length > 0 && !this.exclusive) {
      const first = this.waiting[0]
      if (first.exclusive && this.shared > 0) return
      this.waiting.shift()
      if (first.exclusive) this.exclusive = true
      else this.shared++
      first.start()
      if (first.exclusive) return
    }
  }
}

const SCOPED_METHODS = ['query', 'command', 'exec', 'insert'] as const
const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Keeps each call's `clickhouse_settings` to that call on an embedded (chDB) client; see above. */
export function scopeSettingsToCalls(client: ClickHouseClient): ClickHouseClient {
  const lock = new CallLock()
  const command = client.command.bind(client)
  for (const method of SCOPED_METHODS) {
    const call = (client[method] as (params: { clickhouse_settings?: Settings }) => Promise<unknown>).bind(client)
    Object.defineProperty(client, method, {
      configurable: true,
      writable: true,
      value: (params: { clickhouse_settings?: Settings }) => {
        const names = Object.entries(params.clickhouse_settings ?? {})
          .filter(([name, value]) => value !== undefined && SETTING_NAME.test(name))
          .map(([name]) => name)
        if (names.length === 0) return lock.run(false, () => call(params))
        return lock.run(true, async () => {
          try {
            return await call(params)
          } finally {
            for (const name of names) {
              // settings the adapter does not SET (HTTP-only ones) are unknown to the engine: nothing to reset
              await command({ query: `SET ${name} = DEFAULT` }).catch(() => undefined)
            }
          }
        })
      },
    })
  }
  return client
}
