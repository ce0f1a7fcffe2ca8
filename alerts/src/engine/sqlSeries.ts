import { MeridianError, storeError } from '@meridian/core'
import type { SeriesSource } from './series.js'

export interface SqlSeriesQuery {
  /**
   * A ClickHouse SELECT whose `value` column is the figure and whose other columns are labels
   * (as text). `{now:DateTime64(3)}` is the evaluation's time; other values go in `params`.
   */
  sql: string
  params?: Record<string, unknown>
}

/**
 * Series from a SQL query on the store, for threshold and absence rules over spans, logs and
 * metrics: `SELECT ServiceName AS service, countIf(StatusCode = 'Error') / count() AS value FROM
 * {db}.otel_traces WHERE Timestamp > {now:DateTime64(3)} - INTERVAL 5 MINUTE GROUP BY service`.
 * `{db}` is replaced by the store's database (a name, not a value); values only go through
 * query parameters. The query runs with the evaluation's signal, so a timeout stops it.
 */
export function sqlSeries(query: SqlSeriesQuery): SeriesSource {
  return async (ctx) => {
    let rows: Record<string, unknown>[]
    try {
      const result = await ctx.store.client.query({
        query: query.sql.replaceAll('{db}', ctx.store.database),
        query_params: { ...query.params, now: new Date(ctx.now).toISOString().replace('T', ' ').replace('Z', '') },
        format: 'JSONEachRow',
        abort_signal: ctx.signal,
        clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
      })
      rows = await result.json<Record<string, unknown>>()
    } catch (err) {
      throw storeError(err, ctx.signal)
    }
    return rows.map((row, i) => {
      if (!('value' in row)) throw new MeridianError(400, 'invalid_rule', `the query of rule ${ctx.rule.id} returned a row without a value column (row ${i + 1})`)
      const { value, ...labels } = row
      const number = value === null ? null : Number(value)
      return {
        labels: Object.fromEntries(Object.entries(labels).map(([name, v]) => [name, v === null ? '' : String(v)])),
        value: number === null || Number.isNaN(number) ? null : number,
      }
    })
  }
}
