import { afterEach, describe, expect, it } from 'vitest'
import { openTestStore, type TestStore } from './testing/testStore.js'

async function setting(store: TestStore, name: string): Promise<string> {
  const result = await store.client.query({ query: `SELECT toString(getSetting({name:String})) AS v`, query_params: { name }, format: 'JSONEachRow' })
  return (await result.json<{ v: string }>())[0].v
}

describe('a call’s clickhouse_settings (embedded and remote)', () => {
  let store: TestStore
  afterEach(() => store?.dispose())

  it('apply to that call only, not to the calls after it or beside it', async () => {
    store = await openTestStore()
    const before = { threads: await setting(store, 'max_threads'), zone: await setting(store, 'session_timezone') }
    const own = await store.client.query({
      query: `SELECT toString(getSetting('max_threads')) AS threads, toString(getSetting('session_timezone')) AS zone`,
      format: 'JSONEachRow',
      clickhouse_settings: { max_threads: 1, session_timezone: 'Asia/Shanghai' },
    })
    expect(await own.json()).toEqual([{ threads: '1', zone: 'Asia/Shanghai' }])
    expect({ threads: await setting(store, 'max_threads'), zone: await setting(store, 'session_timezone') }).toEqual(before)

    // calls started together: the one with settings does not lend them to the others
    const [a, withSettings, b] = await Promise.all([
      setting(store, 'session_timezone'),
      store.client.query({ query: `SELECT toString(getSetting('session_timezone')) AS v`, format: 'JSONEachRow', clickhouse_settings: { session_timezone: 'Asia/Tokyo' } }).then((r) => r.json<{ v: string }>()),
      setting(store, 'session_timezone'),
    ])
    expect([a, withSettings[0].v, b]).toEqual([before.zone, 'Asia/Tokyo', before.zone])
    await store.client.command({ query: 'SELECT 1', clickhouse_settings: { max_threads: 1 } })
    expect(await setting(store, 'max_threads')).toBe(before.threads)
  })
})
