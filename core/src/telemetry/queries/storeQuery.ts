import { MeridianError } from '../../errors.js'
import type { Store } from '../../store.js'

/** Longest an API query may run before the store gives up on it (the API then answers 503). */
export const MAX_QUERY_SECONDS = 30

export interface QueryOptions {
  /** Aborts the query, e.g. when the HTTP client goes away. */
  signal?: AbortSignal
}

/** Parameters of a query, bound by the engine (`{name:Type}` in the SQL); never spliced into it. */
export type QueryParams = Record<string, unknown>

/**
 * Rows of a read as plain objects. 64-bit integers arrive as JSON numbers (counts and epoch
 * milliseconds fit in a double); a query that needs nanoseconds selects them with toString().
 * Any failure of the store becomes a 503 that says so.
 */
export async function selectRows<T>(store: Store, query: string, params: QueryParams = {}, options: QueryOptions = {}): Promise<T[]> {
  try {
    const result = await store.client.query({
      query,
      query_params: params,
      format: 'JSONEachRow',
      abort_signal: options.signal,
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0, max_execution_time: MAX_QUERY_SECONDS },
    })
    return await result.json<T>()
  } catch (err) {
    throw storeError(err, options.signal)
  }
}

/** The error an API caller sees when the store fails: 503, with what the store said. */
export function storeError(err: unknown, signal?: AbortSignal): MeridianError {
  if (err instanceof MeridianError) return err
  if (signal?.aborted) return new MeridianError(499, 'client_closed', 'the client closed the request')
  const message = err instanceof Error ? err.message : String(err)
  return new MeridianError(503, 'store_unavailable', `the store could not answer: ${message}`)
}
