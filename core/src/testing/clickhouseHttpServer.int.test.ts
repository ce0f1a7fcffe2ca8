import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { type ClickHouseClient, ClickHouseError, type ClickHouseSettings, ClickHouseLogLevel, createClient } from '@clickhouse/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ClickHouseHttpServer, startClickHouseHttpServer } from './clickhouseHttpServer.js'
import { remoteTestsEnabled } from './remoteSetup.js'
import { openTestStore, queryRows } from './testStore.js'

const USER = 'meridian'
const PASSWORD = 'p@ss:word'
const quiet = { level: ClickHouseLogLevel.OFF }
const settings: ClickHouseSettings = { date_time_input_format: 'best_effort' }

describe('ClickHouse HTTP server on chDB', () => {
  let server: ClickHouseHttpServer
  let client: ClickHouseClient
  const db = `http_${randomBytes(4).toString('hex')}`
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`

  const caught = async (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (err: unknown) => err)
  const rows = async <T>(c: ClickHouseClient, query: string, query_params: Record<string, unknown> = {}) =>
    (await c.query({ query, query_params, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 1 } })).json<T>()

  beforeAll(async () => {
    server = await startClickHouseHttpServer({ username: USER, password: PASSWORD })
    client = createClient({ url: server.url, username: USER, password: PASSWORD, clickhouse_settings: settings, log: quiet })
    await client.command({ query: `CREATE DATABASE ${db}` })
    await client.command({
      query: `CREATE TABLE ${db}.spans (
        Timestamp DateTime64(9),
        Name LowCardinality(String),
        Attributes Map(LowCardinality(String), String),
        Events Nested (Name String, Attributes Map(LowCardinality(String), String)),
        Count UInt64
      ) ENGINE = MergeTree ORDER BY (Name, Timestamp)`,
    })
  })

  afterAll(async () => {
    await client?.command({ query: `DROP DATABASE IF EXISTS ${db}` })
    await client?.close()
    await server?.close()
  })

  it('answers pings, over /ping and with a SELECT', async () => {
    expect(await client.ping()).toEqual({ success: true })
    expect(await client.ping({ select: true })).toEqual({ success: true })
    const res = await fetch(`${server.url}/ping`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('Ok.\n')
  })

  it('inserts JSONEachRow rows with Map, Nested and nanosecond DateTime64(9) columns', async () => {
    const inserted = await client.insert({
      table: `${db}.spans`,
      format: 'JSONEachRow',
      values: [
        {
          Timestamp: '1700000000123456789',
          Name: 'GET /a',
          Attributes: { 'http.method': 'GET', 'http.route': '/a' },
          'Events.Name': ['start', 'end'],
          'Events.Attributes': [{ k: 'v' }, {}],
          Count: '18446744073709551615',
        },
        { Timestamp: '1700000001000000001', Name: "it's \\ \t tricky", Attributes: {}, 'Events.Name': [], 'Events.Attributes': [], Count: 1 },
      ],
    })
    expect(inserted.executed).toBe(true)
    expect(inserted.summary?.written_rows).toBe('2')

    const got = await rows<Record<string, unknown>>(
      client,
      `SELECT toString(Timestamp) AS ts, toUnixTimestamp64Nano(Timestamp) AS ns, Name, Attributes, Events.Name AS en, Events.Attributes AS ea, Count
       FROM ${db}.spans ORDER BY Timestamp`,
    )
    expect(got).toEqual([
      {
        ts: '2023-11-14 22:13:20.123456789',
        ns: '1700000000123456789',
        Name: 'GET /a',
        Attributes: { 'http.method': 'GET', 'http.route': '/a' },
        en: ['start', 'end'],
        ea: [{ k: 'v' }, {}],
        Count: '18446744073709551615',
      },
      { ts: '2023-11-14 22:13:21.000000001', ns: '1700000001000000001', Name: "it's \\ \t tricky", Attributes: {}, en: [], ea: [], Count: '1' },
    ])
  })

  it('binds query parameters of several types, escapes and all', async () => {
    const tricky = "it's \\ \t tricky"
    const got = await rows<Record<string, unknown>>(
      client,
      `SELECT {s:String} AS s, {n:UInt64} AS n, {a:Array(String)} AS a, {m:Map(String, UInt8)} AS m, {nul:Nullable(String)} AS nul,
         (SELECT count() FROM ${db}.spans WHERE Name = {s:String}) AS c,
         (SELECT count() FROM ${db}.spans WHERE Name IN {a:Array(String)}) AS c2`,
      { s: tricky, n: 18446744073709551615n, a: ["o'k", 'back\\slash', 'new\nline', 'GET /a', tricky, 'ünï'], m: { "k'1": 1 }, nul: null },
    )
    expect(got).toEqual([
      { s: tricky, n: '18446744073709551615', a: ["o'k", 'back\\slash', 'new\nline', 'GET /a', tricky, 'ünï'], m: { "k'1": 1 }, nul: null, c: '1', c2: '2' },
    ])
    // Long parameters travel in a multipart/form-data body instead of the URL.
    const many = Array.from({ length: 2000 }, (_, i) => `name ${i}`)
    const [viaForm] = await rows<{ n: string }>(client, 'SELECT length({a:Array(String)}) AS n', { a: many })
    expect(viaForm.n).toBe('2000')
    const form = await client.query({ query: 'SELECT {x:String} AS x', query_params: { x: 'a\tb' }, format: 'JSONEachRow', use_multipart_params: true })
    expect(await form.json()).toEqual([{ x: 'a\tb' }])
    const fields = new FormData()
    fields.set('query', 'SELECT {x:String} AS x, {a:Array(UInt8)} AS a FORMAT JSONEachRow')
    fields.set('param_x', "o\\'k")
    fields.set('param_a', '[1, 2]')
    const raw = await fetch(server.url, { method: 'POST', body: fields, headers: { Authorization: basic } })
    expect(await raw.json()).toEqual({ x: "o'k", a: [1, 2] })
  })

  it('returns the response headers @clickhouse/client relies on', async () => {
    const res = await client.query({ query: 'SELECT 1 AS one', format: 'JSONEachRow', query_id: 'my-query-id' })
    expect(await res.json()).toEqual([{ one: 1 }])
    expect(res.query_id).toBe('my-query-id')
    const h = res.response_headers
    expect(h['x-clickhouse-query-id']).toBe('my-query-id')
    expect(h['x-clickhouse-format']).toBe('JSONEachRow')
    expect(h['x-clickhouse-timezone']).toBeTruthy()
    expect(h['x-clickhouse-server-display-name']).toBeTruthy()
    expect(JSON.parse(String(h['x-clickhouse-summary']))).toMatchObject({ result_rows: '1' })
  })

  it('surfaces engine errors as ClickHouseError with code and type, and ClickHouse status codes', async () => {
    const syntax = await caught(client.query({ query: 'SELEC 1' }))
    expect(syntax).toBeInstanceOf(ClickHouseError)
    expect(syntax).toMatchObject({ code: '62', type: 'SYNTAX_ERROR' })
    const unknownTable = await caught(client.query({ query: `SELECT * FROM ${db}.nope` }))
    expect(unknownTable).toBeInstanceOf(ClickHouseError)
    expect(unknownTable).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' })
    const commandError = await caught(client.command({ query: `CREATE TABLE ${db}.spans (x UInt8) ENGINE = Memory` }))
    expect(commandError).toMatchObject({ code: '57', type: 'TABLE_ALREADY_EXISTS' })
    const insertError = await caught(client.insert({ table: `${db}.spans`, format: 'JSONEachRow', values: [{ Count: 'not a number' }] }))
    expect(insertError).toBeInstanceOf(ClickHouseError)

    const res = await fetch(`${server.url}/?query=${encodeURIComponent(`SELECT * FROM ${db}.nope`)}`, { headers: { Authorization: basic } })
    expect(res.status).toBe(404)
    expect(res.headers.get('x-clickhouse-exception-code')).toBe('60')
    expect(await res.text()).toMatch(/^Code: 60\. DB::Exception: .*\(UNKNOWN_TABLE\) \(version [^)]+\)\n$/s)
    const multi = await fetch(`${server.url}/?query=${encodeURIComponent('SELECT 1; SELECT 2')}`, { headers: { Authorization: basic } })
    expect(multi.status).toBe(400)
    expect(await multi.text()).toContain('Multi-statements are not allowed')
  })

  it('rejects wrong credentials with AUTHENTICATION_FAILED', async () => {
    const intruder = createClient({ url: server.url, username: USER, password: 'wrong', log: quiet })
    try {
      const err = await caught(intruder.query({ query: 'SELECT 1' }))
      expect(err).toBeInstanceOf(ClickHouseError)
      expect(err).toMatchObject({ code: '516', type: 'AUTHENTICATION_FAILED' })
      expect((await intruder.ping({ select: true })).success).toBe(false)
    } finally {
      await intruder.close()
    }
    const anonymous = await fetch(`${server.url}/?query=SELECT%201`)
    expect(anonymous.status).toBe(403)
    const headers = await fetch(`${server.url}/?query=SELECT%201`, { headers: { 'X-ClickHouse-User': USER, 'X-ClickHouse-Key': PASSWORD } })
    expect(await headers.text()).toBe('1\n')
    const params = await fetch(`${server.url}/?query=SELECT%202&user=${USER}&password=${encodeURIComponent(PASSWORD)}`)
    expect(await params.text()).toBe('2\n')
  })

  it('compresses requests and responses with gzip, and takes inserts of several MB', async () => {
    const zipped = createClient({ url: server.url, username: USER, password: PASSWORD, compression: { request: true, response: true }, log: quiet })
    try {
      await zipped.command({ query: `CREATE TABLE ${db}.big (Id UInt32, Body String, Tags Map(String, String)) ENGINE = MergeTree ORDER BY Id` })
      const values = Array.from({ length: 40_000 }, (_, i) => ({ Id: i, Body: `${'x'.repeat(100)} ${i} "quoted" \\ ü`, Tags: { i: String(i) } }))
      const summary = await zipped.insert({ table: `${db}.big`, values, format: 'JSONEachRow' })
      expect(summary.summary?.written_rows).toBe('40000')
      // Uncompressed too, in the client's default insert format (JSONCompactEachRow).
      await client.insert({ table: `${db}.big`, values: values.map((v) => [v.Id + 40_000, v.Body, v.Tags]) })

      const res = await zipped.query({ query: `SELECT count() AS n, sum(length(Body)) AS len FROM ${db}.big`, format: 'JSONEachRow' })
      expect(res.response_headers['content-encoding']).toBe('gzip')
      const [agg] = await res.json<{ n: string; len: string }>()
      expect(Number(agg.n)).toBe(80_000)
      expect(Number(agg.len)).toBe(2 * values.reduce((sum, v) => sum + Buffer.byteLength(v.Body), 0))
      const [one] = await rows<{ Body: string; Tags: Record<string, string> }>(zipped, `SELECT Body, Tags FROM ${db}.big WHERE Id = 40007`)
      expect(one).toEqual({ Body: values[7].Body, Tags: { i: '7' } })
    } finally {
      await zipped.close()
    }
  })

  it('applies the database, settings and session parameters', async () => {
    const scoped = createClient({ url: server.url, username: USER, password: PASSWORD, database: db, log: quiet })
    try {
      expect(await rows<{ d: string; n: string }>(scoped, 'SELECT currentDatabase() AS d, count() AS n FROM spans')).toEqual([{ d: db, n: '2' }])
      const [s] = await rows<{ t: string }>(scoped, "SELECT getSetting('max_threads') AS t")
      const [set] = await (await scoped.query({ query: "SELECT getSetting('max_threads') AS t", format: 'JSONEachRow', clickhouse_settings: { max_threads: 3 } })).json<{ t: string }>()
      expect(set.t).toBe(3)
      // A setting given for one request does not stick to the next one.
      expect((await rows<{ t: string }>(scoped, "SELECT getSetting('max_threads') AS t"))[0].t).toEqual(s.t)

      const session_id = `s-${randomBytes(4).toString('hex')}`
      await scoped.command({ query: 'CREATE TEMPORARY TABLE tmp (x UInt8)', session_id })
      await scoped.command({ query: 'INSERT INTO tmp VALUES (1), (2)', session_id })
      const inSession = await scoped.query({ query: 'SELECT sum(x) AS s FROM tmp', format: 'JSONEachRow', session_id })
      expect(await inSession.json()).toEqual([{ s: 3 }])
      const outside = await caught(scoped.query({ query: 'SELECT sum(x) FROM tmp' }))
      expect(outside).toMatchObject({ code: '60' })
    } finally {
      await scoped.close()
    }
  })

  it('survives malformed requests', async () => {
    const badGzip = await fetch(`${server.url}/`, { method: 'POST', body: 'not gzip', headers: { Authorization: basic, 'Content-Encoding': 'gzip' } })
    expect(badGzip.status).toBe(400)
    expect(await badGzip.text()).toContain('ZLIB_INFLATE_FAILED')
    const gzipped = await fetch(`${server.url}/`, { method: 'POST', body: gzipSync('SELECT 42'), headers: { Authorization: basic, 'Content-Encoding': 'gzip' } })
    expect(await gzipped.text()).toBe('42\n')
    const badUrl = await fetch(`${server.url}/?query=SELECT%2`, { headers: { Authorization: basic } })
    expect(badUrl.status).toBe(400)
    const empty = await fetch(`${server.url}/`, { method: 'POST', headers: { Authorization: basic } })
    expect(empty.status).toBe(400)
    const binary = await fetch(`${server.url}/`, { method: 'POST', body: Buffer.from([0xff, 0xfe, 0x00]), headers: { Authorization: basic } })
    expect(binary.status).toBe(501)
    const unknown = await fetch(`${server.url}/nowhere`)
    expect(unknown.status).toBe(404)
    const readonly = await fetch(`${server.url}/?query=${encodeURIComponent(`DROP DATABASE ${db}`)}`, { headers: { Authorization: basic } })
    expect(readonly.headers.get('x-clickhouse-exception-code')).toBe('164')
    expect(await client.ping({ select: true })).toEqual({ success: true })
    expect(server.requests).toBeGreaterThan(20)
  })

  it('shares the data directory with the embedded test store in the same process', async () => {
    const embedded = await openTestStore({ url: undefined }, { migrate: false })
    try {
      expect(embedded.kind).toBe('embedded')
      expect(await queryRows<{ n: string }>(embedded, `SELECT count() AS n FROM ${db}.spans`)).toEqual([{ n: '2' }])
      expect(await rows<{ n: string }>(client, `SELECT count() AS n FROM ${db}.spans`)).toEqual([{ n: '2' }])
    } finally {
      await embedded.dispose()
    }
  })

  it.runIf(remoteTestsEnabled())('serves the test stores when MERIDIAN_TEST_REMOTE=1', async () => {
    const store = await openTestStore()
    try {
      expect(store.kind).toBe('remote')
      expect(await queryRows<{ n: string }>(store, 'SELECT count() AS n FROM system.tables WHERE database = {db:String}', { db: store.database })).not.toEqual([{ n: '0' }])
    } finally {
      await store.dispose()
    }
  })
})
