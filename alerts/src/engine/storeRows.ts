import { type Store, storeError } from '@meridian/core'

/** Rows of a read (64-bit integers as JSON numbers: epoch ms and counts fit); a failure is a 503 MeridianError. */
export async function selectRows<T>(store: Store, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  try {
    const result = await store.client.query({ query, query_params: params, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } })
    return await result.json<T>()
  } catch (err) {
    throw storeError(err)
  }
}

export async function insertRows(store: Store, table: string, values: Record<string, unknown>[]): Promise<void> {
  if (values.length === 0) return
  try {
    await store.client.insert({ table: `${store.database}.${table}`, format: 'JSONEachRow', values })
  } catch (err) {
    throw storeError(err)
  }
}

/** A DateTime64(3) value as ClickHouse reads it from JSON. */
export const dateTime64 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
export const nullableDateTime64 = (ms: number | null) => (ms === null ? null : dateTime64(ms))

/** Versions of replaced rows: microseconds of the given time, always above the last one handed out. */
export class VersionClock {
  private last = 0n

  /** Never below `at` (a version read back from the store). */
  observe(at: bigint | number | string): void {
    const v = BigInt(at)
    if (v > this.last) this.last = v
  }

  next(nowMs: number): bigint {
    const now = BigInt(Math.floor(nowMs)) * 1000n
    this.last = now > this.last ? now : this.last + 1n
    return this.last
  }
}
