import type { Store } from '@meridian/core'

/**
 * Reads rows back as plain JSON: 64-bit integers as strings, and every DateTime64(9) value as
 * nanoseconds since the epoch (a string), so a test compares exact values.
 */
export async function rowsFromStore(store: Store, table: string, where: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const res = await store.client.query({
    query: `SELECT * FROM ${store.database}.${table} WHERE ${where}`,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1, date_time_output_format: 'unix_timestamp' },
  })
  const rows = await res.json<Record<string, unknown>>()
  for (const row of rows) {
    for (const column of TIME_COLUMNS) {
      const value = row[column]
      if (typeof value === 'string') row[column] = unixToNs(value)
      else if (Array.isArray(value)) row[column] = value.map(unixToNs)
    }
  }
  return rows
}

const TIME_COLUMNS = ['Timestamp', 'StartTimeUnix', 'TimeUnix', 'Events.Timestamp', 'Exemplars.TimeUnix']

/** "1700000000.123456789" (DateTime64(9) as unix_timestamp) → "1700000000123456789". */
function unixToNs(value: string): string {
  return BigInt(value.replace('.', '')).toString()
}
