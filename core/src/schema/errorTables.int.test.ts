import { afterEach, describe, expect, it } from 'vitest'
import { openTestStore, queryRows, type TestStore } from '../testing/testStore.js'
import { errorsBackfillSql, errorsMinute } from './errorTables.js'

const MINUTE = Date.UTC(2026, 0, 5, 10, 0)
const span = (i: number, extra: Record<string, unknown>) => ({
  Timestamp: `${BigInt(MINUTE + i * 1000) * 1_000_000n}`,
  TraceId: `trace${i}`,
  SpanId: `span${i}`,
  ServiceName: 'shop',
  SpanName: 'GET /cart',
  Duration: 1_000_000,
  ...extra,
})
const spans = [
  span(1, { StatusCode: 'Error', 'Events.Timestamp': [`${BigInt(MINUTE) * 1_000_000n}`], 'Events.Name': ['exception'], 'Events.Attributes': [{ 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out' }] }),
  span(2, { StatusCode: 'Error', 'Events.Timestamp': [`${BigInt(MINUTE) * 1_000_000n}`], 'Events.Name': ['exception'], 'Events.Attributes': [{ 'exception.type': 'TimeoutError', 'exception.message': 'upstream timed out' }] }),
  span(3, { StatusCode: 'Error', StatusMessage: 'bad gateway' }),
  span(4, { StatusCode: 'Error' }),
  span(5, { StatusCode: 'Ok' }),
]

async function errorRows(store: TestStore) {
  return queryRows(
    store,
    `SELECT Type, Message, toUInt32(sum(Count)) AS n, argMaxMerge(SampleTraceId) AS sample FROM ${store.database}.${errorsMinute.name}
GROUP BY Type, Message ORDER BY Type`,
  )
}

describe('meridian_errors_1m', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  it('counts failed spans by exception type and message (else status message), and the migration fills it once from stored spans', async () => {
    store = await openTestStore()
    await store.client.insert({ table: `${store.database}.otel_traces`, values: spans, format: 'JSONEachRow' })
    const expected = [
      { Type: 'Error', Message: '', n: 1, sample: 'trace4' },
      { Type: 'TimeoutError', Message: 'upstream timed out', n: 2, sample: 'trace2' },
      { Type: 'bad gateway', Message: 'bad gateway', n: 1, sample: 'trace3' },
    ]
    expect(await errorRows(store)).toEqual(expected)

    // spans stored before the view existed: the backfill computes the same rows
    await store.client.command({ query: `TRUNCATE TABLE ${store.database}.${errorsMinute.name}` })
    await store.client.command({ query: errorsBackfillSql(store.database, 'otel_traces', errorsMinute.name) })
    expect(await errorRows(store)).toEqual(expected)
    // and a second run (a migration rerun) adds nothing
    await store.client.command({ query: errorsBackfillSql(store.database, 'otel_traces', errorsMinute.name) })
    expect(await errorRows(store)).toEqual(expected)
  })
})
