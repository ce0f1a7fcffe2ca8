import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SloFiles } from '@meridian/core'
import type { SloDetail, SloListResponse, SloValidation } from '@meridian/core/api'
import { queryRows } from '@meridian/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'

type Problem = { error: { code: string; message: string } }

/*
 * Two days of `shop` spans (3 and 4 June 2024), 10 `GET /items` Server spans a minute: one fails
 * every 7th minute, and on 4 June from 12:00 to 13:00 half of them fail. The SLOs: a file SLO
 * (99 % over 7 days), a broken file beside it, and SLOs made through the API.
 */
const START = Date.UTC(2024, 5, 3)
const AT = Date.UTC(2024, 5, 4, 13, 30, 10)
const END = Date.UTC(2024, 5, 4, 13, 30)
const FILL = `INSERT INTO {db:Identifier}.otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, SpanKind, Duration, StatusCode)
SELECT fromUnixTimestamp64Milli(toInt64({start:Int64} + m * 60000 + i * 5000)), lower(hex(number)), lower(hex(number)), 'shop', 'GET /items', 'Server',
  toUInt64((5 + (i * 13 + m) % 100) * 1000000),
  if(if(m >= 2160 AND m < 2220, i % 2 = 0, m % 7 = 0 AND i = 0), 'Error', 'Ok')
FROM (SELECT number, intDiv(number, 10) AS m, number % 10 AS i FROM numbers(28800))`

const slo = (name: string, target: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name, displayName: `SLO ${name}` },
  spec: {
    service: 'shop',
    indicator: { spec: { ratioMetric: { good: { metricSource: { type: 'meridian.spans', spec: {} } }, total: { metricSource: { type: 'meridian.spans', spec: {} } } } } },
    timeWindow: [{ duration: '7d', isRolling: true }],
    budgetingMethod: 'Occurrences',
    objectives: [{ target }],
    ...extra,
  },
})

describe('SLO routes (HTTP)', () => {
  let api: TestApi
  let dir: string
  let files: SloFiles
  /** Bad and total spans of shop in [from, to), from raw spans. */
  const raw = async (from: number, to: number) => {
    const [row] = await queryRows<{ bad: string; total: string }>(
      api.store,
      `SELECT countIf(StatusCode = 'Error') AS bad, count() AS total FROM ${api.store.database}.otel_traces
        WHERE Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp < fromUnixTimestamp64Milli({to:Int64})`,
      { from, to },
    )
    return { bad: Number(row.bad), total: Number(row.total) }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'meridian-slo-'))
    writeFileSync(join(dir, 'shop.yaml'), JSON.stringify(slo('shop-availability', 0.99)))
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: broken\nspec:\n  service: shop\n')
    files = SloFiles.open(dir, { watch: false })
    api = await startTestApi({ api: { slos: files } })
    await api.store.client.command({ query: FILL, query_params: { db: api.store.database, start: START } })
  })
  afterAll(async () => {
    files?.close()
    rmSync(dir, { recursive: true, force: true })
    await api?.dispose()
  })

  it('lists SLOs with their status, least budget left first, and the problems of the files', async () => {
    const strict = await api.send<SloDetail>('POST', '/api/v1/slos', slo('shop-strict', 0.999))
    expect(strict.status).toBe(201)
    const { status, body } = await api.get<SloListResponse>('/api/v1/slos', { at: new Date(AT).toISOString() })
    expect(status).toBe(200)
    expect(body.directory).toBe(dir)
    expect(body.slos.map((s) => [s.name, s.origin])).toEqual([
      ['shop-strict', 'api'],
      ['shop-availability', 'file'],
    ])
    const counts = await raw(END - 7 * 86_400_000, END)
    const [strictStatus, file] = body.slos
    expect(file).toMatchObject({ file: join(dir, 'shop.yaml'), target: 0.99, window: { kind: 'rolling', duration: '7d', to: END } })
    expect(file.events).toEqual({ good: counts.total - counts.bad, bad: counts.bad, total: counts.total })
    expect(file.budget.remainingPercent).toBeCloseTo((1 - counts.bad / (0.01 * counts.total)) * 100, 9)
    expect(strictStatus.budget.remainingPercent).toBeLessThan(file.budget.remainingPercent)
    expect(file.burnRates.map((b) => b.window)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d'])
    const hour = await raw(END - 3_600_000, END)
    expect(file.burnRates[2].burnRate).toBeCloseTo(hour.bad / hour.total / 0.01, 9)
    expect(file.alerts.map((a) => a.factor)).toEqual([3.36, 1.4, 0.7, 0.233333333])
    expect(body.problems).toContainEqual({ file: join(dir, 'broken.yaml'), line: 6, column: 3, path: 'spec.indicator', message: 'is required' })
    for (const p of body.problems) expect(p.file).toBe(join(dir, 'broken.yaml'))
    await api.send('DELETE', '/api/v1/slos/shop-strict')
  })

  it('gives one SLO with its burn-down and definition', async () => {
    const { status, body } = await api.get<SloDetail>('/api/v1/slos/shop-availability', { at: AT })
    expect(status).toBe(200)
    expect(body.historyStepMs).toBe(3_600_000)
    expect(body.history).toHaveLength(7 * 24 + 1) // the window starts at 13:30, mid-hour
    expect(body.history[0].t).toBe(END - 7 * 86_400_000)
    const spike = body.history.find((p) => p.t === Date.UTC(2024, 5, 4, 12))!
    expect(spike).toMatchObject({ total: 600, good: 300, sli: 0.5 })
    expect(body.history.at(-1)!.budgetRemainingPercent).toBeCloseTo(body.budget.remainingPercent, 9)
    expect(body.definition).toEqual(slo('shop-availability', 0.99))
    const missing = await api.get<Problem>('/api/v1/slos/nothing')
    expect(missing).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'name: no SLO nothing' } } })
  })

  it('makes, replaces and deletes SLOs, and leaves file SLOs to their file', async () => {
    const latency = slo('shop-latency', 0.9, { indicator: { spec: { thresholdMetric: { metricSource: { type: 'meridian.spans', spec: { operations: ['GET /items'] } } } } }, objectives: [{ op: 'lte', value: 50, target: 0.9 }] })
    const created = await api.send<SloDetail>('POST', '/api/v1/slos', latency)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'shop-latency', origin: 'api', indicator: { kind: 'threshold', source: 'red', thresholdMs: 50 } })
    expect((await api.send<Problem>('POST', '/api/v1/slos', latency)).status).toBe(409)
    const taken = await api.send<Problem>('POST', '/api/v1/slos', slo('shop-availability', 0.5))
    expect(taken.status).toBe(409)
    expect(taken.body.error.message).toContain('is defined in')

    const replaced = await api.send<SloDetail>('PUT', '/api/v1/slos/shop-latency', { ...latency, spec: { ...latency.spec, objectives: [{ op: 'lte', value: 50, target: 0.8 }] } })
    expect(replaced.status).toBe(200)
    expect(replaced.body.target).toBe(0.8)
    const renamed = await api.send<Problem>('PUT', '/api/v1/slos/shop-latency', { ...latency, metadata: { name: 'other' } })
    expect(renamed.status).toBe(400)
    expect(renamed.body.error.message).toContain('metadata.name: must be shop-latency')
    expect((await api.send<Problem>('PUT', '/api/v1/slos/shop-availability', slo('shop-availability', 0.5))).status).toBe(409)
    expect((await api.send<Problem>('DELETE', '/api/v1/slos/shop-availability')).status).toBe(409)

    expect(await api.send('DELETE', '/api/v1/slos/shop-latency')).toEqual({ status: 200, body: { name: 'shop-latency', deleted: true } })
    expect((await api.send<Problem>('DELETE', '/api/v1/slos/shop-latency')).status).toBe(404)
    expect((await api.get<SloListResponse>('/api/v1/slos')).body.slos.map((s) => s.name)).toEqual(['shop-availability'])
  })

  it('refuses an invalid document with 400 naming the fields', async () => {
    const bad = slo('bad', 1.5, { budgetingMethod: 'Timeslices' })
    const { status, body } = await api.send<Problem>('POST', '/api/v1/slos', bad)
    expect(status).toBe(400)
    expect(body.error.code).toBe('bad_request')
    expect(body.error.message).toContain('spec.objectives.0.target: must be below 1')
    expect(body.error.message).toContain('spec.objectives.0.timeSliceTarget: is required with budgetingMethod Timeslices')
    expect((await api.send<Problem>('POST', '/api/v1/slos', 'kind: SLO', 'application/yaml')).status).toBe(415)
  })

  it('checks SLO YAML sent as the body, with the line of each problem', async () => {
    const yaml = 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: Shop\nspec:\n  service: shop\n'
    const refused = await api.send<SloValidation>('POST', '/api/v1/slos/validate', yaml, 'application/yaml')
    expect(refused.status).toBe(200)
    expect(refused.body.valid).toBe(false)
    expect(refused.body.slos).toEqual([])
    expect(refused.body.problems).toContainEqual({ line: 4, column: 9, path: 'metadata.name', message: expect.stringContaining('RFC 1123') })
    expect(refused.body.problems).toContainEqual({ line: 6, column: 3, path: 'spec.indicator', message: 'is required' })

    const fine = await api.send<SloValidation>('POST', '/api/v1/slos/validate', JSON.stringify(slo('fine', 0.9)), 'text/yaml')
    expect(fine.body).toEqual({ valid: true, slos: ['fine'], problems: [] })
    expect((await api.get<SloListResponse>('/api/v1/slos')).body.slos.map((s) => s.name)).not.toContain('fine')
  })
})
