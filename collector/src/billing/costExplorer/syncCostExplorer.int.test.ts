import { awsSyncStatus } from '@meridian/core'
import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type CountingCostExplorer, createCostExplorerClient } from './costExplorerClient.js'
import { type SyncDeps, type SyncSettings, syncCostExplorer } from './syncCostExplorer.js'
import { decimalUnits, formatUnits } from './testing/decimalUnits.js'
import { EXPIRED_TOKEN, type FakeCost, type FakeCostExplorer, startFakeCostExplorer, THROTTLED } from './testing/fakeCostExplorer.js'
import { fakeCosts } from './testing/fakeCosts.js'

/*
 * The sync end to end: the real SDK client against a local server speaking AWS JSON 1.1
 * (testing/fakeCostExplorer.ts), rows written through replaceBillingPeriods on the real engine,
 * and the stored figures checked with SQL against the fake's data.
 */

const KEY = { accessKeyId: 'AKIDMERIDIANTEST', secretAccessKey: 'secret' }
const SETTINGS: SyncSettings = { backfillMonths: 1, billingAccountId: '999999999999' }

let store: TestStore
let fake: FakeCostExplorer
let ce: CountingCostExplorer
let sleeps: number[]

beforeEach(async () => {
  store = await openTestStore()
  fake = await startFakeCostExplorer({ accessKeyId: KEY.accessKeyId, pageSize: 50 })
  ce = await createCostExplorerClient({ region: 'us-east-1', endpoint: fake.url, credentials: KEY })
  sleeps = []
})
afterEach(async () => {
  ce.client.destroy()
  await fake.close()
  await store.dispose()
})

/** Deps with a fixed clock, and a sleep that only records (no wall time passes). */
const deps = (now: string, more: Partial<SyncDeps> = {}): SyncDeps => ({
  ce,
  now: () => new Date(now),
  sleep: async (ms) => {
    sleeps.push(ms)
  },
  random: () => 0.5,
  ...more,
})

/** Sums of the fake's costs per key, as exact decimals (12 places, like the store). */
function expectedSums(costs: FakeCost[], key: (c: FakeCost) => string) {
  const sums = new Map<string, { billed: bigint; effective: bigint; usage: bigint }>()
  for (const c of costs) {
    const s = sums.get(key(c)) ?? { billed: 0n, effective: 0n, usage: 0n }
    s.billed += decimalUnits(c.unblended)
    s.effective += decimalUnits(c.amortized)
    s.usage += decimalUnits(c.usage)
    sums.set(key(c), s)
  }
  return Object.fromEntries([...sums].sort().map(([k, s]) => [k, [formatUnits(s.billed), formatUnits(s.effective), formatUnits(s.usage)]]))
}

async function storedSums(groupBy: string) {
  const rows = await queryRows<{ k: string; billed: string; effective: string; usage: string }>(
    store,
    `SELECT toString(${groupBy}) AS k, toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective, toString(sum(ConsumedQuantity)) AS usage
       FROM ${store.database}.meridian_billing WHERE x_Source = 'aws-cost-explorer' GROUP BY k ORDER BY k`,
  )
  // formatUnits(decimalUnits(…)) writes both sides the same way (no trailing zeros)
  return Object.fromEntries(rows.map((r) => [r.k, [r.billed, r.effective, r.usage].map((v) => formatUnits(decimalUnits(v)))]))
}

const inWindow = (costs: FakeCost[], start: string, end: string) => costs.filter((c) => c.day >= start && c.day < end)

describe('AWS Cost Explorer sync (real SDK, local AWS JSON 1.1 endpoint, real engine)', () => {
  it('pages through NextPageToken and stores every group in FOCUS columns', async () => {
    // February and March 2024 plus days outside the window the first run must not ask for.
    fake.costs = fakeCosts('2024-01-25', '2024-03-05')
    const run = await syncCostExplorer(store, SETTINGS, deps('2024-03-02T06:00:00Z'))

    const window = inWindow(fake.costs, '2024-02-01', '2024-03-02')
    expect(window).toHaveLength(30 * 3 * 2)
    expect(run).toMatchObject({ status: 'imported', window: { start: '2024-02-01', end: '2024-03-02' }, rowsRead: 180, rowsImported: 180 })
    expect(run.error).toBeUndefined()

    // 180 groups at 50 a page: four requests, each after the first carrying the previous token
    expect(fake.requests).toHaveLength(4)
    expect(run.requests).toBe(4)
    for (const r of fake.requests) {
      expect(r.target).toBe('AWSInsightsIndexService.GetCostAndUsage')
      expect(r.contentType).toBe('application/x-amz-json-1.1')
      expect(r.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDMERIDIANTEST\/\d{8}\/us-east-1\/ce\/aws4_request/)
      expect(r.body).toMatchObject({
        TimePeriod: { Start: '2024-02-01', End: '2024-03-02' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost', 'AmortizedCost', 'UsageQuantity'],
        GroupBy: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        ],
      })
    }
    expect(fake.requests.map((r) => r.body.NextPageToken === undefined)).toEqual([true, false, false, false])

    expect(await storedSums('(ServiceName, SubAccountId, SubAccountName)')).toEqual(expectedSums(window, (c) => `('${c.service}','${c.account}','${c.accountName}')`))
    expect(await storedSums('toString(toDate(ChargePeriodStart))')).toEqual(expectedSums(window, (c) => c.day))
    const [shape] = await queryRows(
      store,
      `SELECT count() AS rows, uniqExact(ChargePeriodStart, ServiceName, SubAccountId) AS cells, groupUniqArray(toString(BillingPeriodStart)) AS periods,
              any(ProviderName) AS provider, any(BillingCurrency) AS currency, any(ChargeCategory) AS category, any(BillingAccountId) AS billingAccount,
              countIf(ChargePeriodEnd != ChargePeriodStart + INTERVAL 1 DAY) AS badEnds, countIf(ListCost != BilledCost) AS listDiffers,
              countIf(BillingPeriodEnd != addMonths(BillingPeriodStart, 1)) AS badPeriods
         FROM ${store.database}.meridian_billing`,
    )
    expect(shape).toEqual({
      rows: '180',
      cells: '180',
      periods: expect.arrayContaining(['2024-02-01 00:00:00', '2024-03-01 00:00:00']),
      provider: 'AWS',
      currency: 'USD',
      category: 'Usage',
      billingAccount: '999999999999',
      badEnds: '0',
      listDiffers: '0',
      badPeriods: '0',
    })
    expect(run.periods).toEqual([
      { provider: 'AWS', periodStart: '2024-02-01 00:00:00' },
      { provider: 'AWS', periodStart: '2024-03-01 00:00:00' },
    ])
    const [record] = await queryRows(store, `SELECT Status, ApiRequests, RowsRead, RowsImported, Origin, Problems FROM ${store.database}.meridian_billing_imports`)
    expect(record).toEqual({
      Status: 'imported',
      ApiRequests: 4,
      RowsRead: '180',
      RowsImported: '180',
      Origin: 'AWS Cost Explorer, days 2024-02-01 to 2024-03-02 (end exclusive), SERVICE × LINKED_ACCOUNT',
      Problems: '[]',
    })
  })

  it('re-fetches only the last three days onward, across a month end: revised days replace, older days stay', async () => {
    fake.costs = fakeCosts('2024-02-01', '2024-03-02')
    await syncCostExplorer(store, SETTINGS, deps('2024-03-02T06:00:00Z'))
    const firstRequests = fake.requests.length
    const stored = fake.costs

    // AWS revises the recent days (a group even disappears), adds new ones; an old day changes
    // too, which the sync must not ask for (it would cost requests), so the store keeps it.
    const revisedRecent = fakeCosts('2024-02-28', '2024-03-04', 2).filter((c) => !(c.day === '2024-02-29' && c.service === 'AWS Lambda' && c.account === '222222222222'))
    const revisedOld = fakeCosts('2024-02-10', '2024-02-11', 3)
    fake.costs = [...stored.filter((c) => c.day < '2024-02-28' && c.day !== '2024-02-10'), ...revisedOld, ...revisedRecent]

    const second = await syncCostExplorer(store, SETTINGS, deps('2024-03-04T06:00:00Z'))
    expect(second).toMatchObject({ status: 'imported', window: { start: '2024-02-28', end: '2024-03-04' } })
    const asked = fake.requests.slice(firstRequests)
    expect(asked.length).toBe(second.requests)
    for (const r of asked) expect(r.body.TimePeriod).toEqual({ Start: '2024-02-28', End: '2024-03-04' })
    // 5 days × 6 groups − the vanished one
    expect(second.rowsImported).toBe(29)
    expect(second.periods.map((p) => p.periodStart)).toEqual(['2024-02-01 00:00:00', '2024-03-01 00:00:00'])

    const expected = [...stored.filter((c) => c.day < '2024-02-28'), ...revisedRecent]
    expect(await storedSums('toString(toDate(ChargePeriodStart))')).toEqual(expectedSums(expected, (c) => c.day))
    expect(await storedSums('(ServiceName, SubAccountId)')).toEqual(expectedSums(expected, (c) => `('${c.service}','${c.account}')`))
    expect(await storedSums("toStartOfMonth(ChargePeriodStart)")).toEqual(expectedSums(expected, (c) => `${c.day.slice(0, 8)}01`))
    const [dupes] = await queryRows(store, `SELECT count() AS rows, uniqExact(ChargePeriodStart, ServiceName, SubAccountId) AS cells FROM ${store.database}.meridian_billing`)
    expect(dupes).toEqual({ rows: String(expected.length), cells: String(expected.length) })
  })

  it('backs off on LimitExceededException and goes on; every request is counted, by us and by the server', async () => {
    fake.costs = fakeCosts('2024-02-01', '2024-03-02')
    fake.failNext(THROTTLED, 3)
    const retries: { attempt: number; delayMs: number; error: string }[] = []
    const run = await syncCostExplorer(store, SETTINGS, deps('2024-03-02T06:00:00Z', { onRetry: (r) => retries.push(r) }))

    expect(run.status).toBe('imported')
    expect(run.rowsImported).toBe(180)
    // base 1 s doubling, jitter at 0.5: three quarters of each step
    expect(sleeps).toEqual([750, 1500, 3000])
    expect(retries.map((r) => [r.attempt, r.error])).toEqual([
      [1, 'LimitExceededException'],
      [2, 'LimitExceededException'],
      [3, 'LimitExceededException'],
    ])
    expect(fake.requests.map((r) => r.answer)).toEqual(['LimitExceededException', 'LimitExceededException', 'LimitExceededException', '200', '200', '200', '200'])
    expect(run.requests).toBe(7)
    expect(ce.requests()).toBe(fake.requests.length)
    const status = await awsSyncStatus(store)
    expect(status).toMatchObject({ runs: 1, requestsTotal: 7, requestsCostUsd: 0.07, lastError: null, syncedThrough: '2024-03-01' })
  })

  it('gives up after the last attempt when throttling goes on, records why, and stores nothing', async () => {
    fake.costs = fakeCosts('2024-02-01', '2024-03-02')
    fake.failNext(THROTTLED, 10)
    const run = await syncCostExplorer(store, SETTINGS, deps('2024-03-02T06:00:00Z', { backoff: { maxAttempts: 4, baseMs: 1000, capMs: 1500 } }))

    expect(run.status).toBe('failed')
    expect(run.error?.code).toBe('aws_throttled')
    expect(run.error?.message).toMatch(/^Cost Explorer kept throttling \(LimitExceededException: Rate exceeded\) after 4 attempts and 3 s of backoff/)
    expect(sleeps).toEqual([750, 1125, 1125])
    expect(fake.requests).toHaveLength(4)
    expect(run.requests).toBe(4)
    const [count] = await queryRows(store, `SELECT count() AS n FROM ${store.database}.meridian_billing`)
    expect(count.n).toBe('0')
    const status = await awsSyncStatus(store)
    expect(status).toMatchObject({ requestsTotal: 4, lastSuccessAt: null, syncedThrough: null, lastRun: { status: 'failed', requests: 4 } })
    expect(status.lastError?.message).toBe(run.error?.message)
  })

  it('stores nothing of a run that fails after some pages: what was stored stays as it was', async () => {
    fake.costs = fakeCosts('2024-02-01', '2024-03-02')
    await syncCostExplorer(store, SETTINGS, deps('2024-03-02T06:00:00Z'))
    const before = await storedSums('toString(toDate(ChargePeriodStart))')

    // the next run's window (Feb 28 on) has revised figures on more pages than one; its second page fails
    fake.costs = [...fake.costs.filter((c) => c.day < '2024-02-28'), ...fakeCosts('2024-02-28', '2024-03-04', 2)]
    fake.pageSize = 10
    fake.failNext({ type: 'DataUnavailableException', status: 400, message: 'Data is not available.' }, 1, 1)
    const run = await syncCostExplorer(store, SETTINGS, deps('2024-03-04T06:00:00Z'))
    expect(run).toMatchObject({ status: 'failed', requests: 2, rowsRead: 10, rowsImported: 0, periods: [] })
    expect(run.error).toEqual({ code: 'aws_error', message: 'Cost Explorer refused GetCostAndUsage (DataUnavailableException: Data is not available.)' })
    expect(await storedSums('toString(toDate(ChargePeriodStart))')).toEqual(before)
    const tables = await queryRows(store, `SELECT name FROM system.tables WHERE database = {db:String} AND name LIKE '%staging%'`, { db: store.database })
    expect(tables).toEqual([])
  })

  it('stops at once on expired credentials, with a clear recorded message and no retry', async () => {
    fake.costs = fakeCosts('2024-02-01', '2024-03-02')
    fake.failNext(EXPIRED_TOKEN, 1) // a retry would succeed: the run must not make one
    const run = await syncCostExplorer(store, SETTINGS, deps('2024-03-02T06:00:00Z'))

    expect(run.status).toBe('failed')
    expect(run.error).toEqual({
      code: 'aws_credentials',
      message: expect.stringMatching(/^AWS refused the credentials \(ExpiredTokenException: The security token included in the request is expired\); renew them in the standard AWS credential chain/),
    })
    expect(fake.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
    const [record] = await queryRows<{ Status: string; ApiRequests: number; Problems: string }>(
      store,
      `SELECT Status, ApiRequests, Problems FROM ${store.database}.meridian_billing_imports`,
    )
    expect(record.Status).toBe('failed')
    expect(record.ApiRequests).toBe(1)
    expect(JSON.parse(record.Problems)).toEqual([{ code: 'aws_credentials', reason: run.error?.message }])
    expect((await awsSyncStatus(store)).lastError).toEqual({ at: Date.parse('2024-03-02T06:00:00Z'), message: run.error?.message })

    // the next run (credentials renewed) is again a first run: nothing was synced
    const next = await syncCostExplorer(store, SETTINGS, deps('2024-03-02T07:00:00Z'))
    expect(next).toMatchObject({ status: 'imported', window: { start: '2024-02-01' }, rowsImported: 180 })
  })

  it('refuses credentials AWS does not know (UnrecognizedClientException, 403) the same way', async () => {
    const stranger = await createCostExplorerClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'x' } })
    try {
      const run = await syncCostExplorer(store, SETTINGS, { ...deps('2024-03-02T06:00:00Z'), ce: stranger })
      expect(run.status).toBe('failed')
      expect(run.error?.code).toBe('aws_credentials')
      expect(run.error?.message).toContain('UnrecognizedClientException: The security token included in the request is invalid.')
      expect(fake.requests.map((r) => r.answer)).toEqual(['UnrecognizedClientException'])
      expect(run.requests).toBe(1)
    } finally {
      stranger.client.destroy()
    }
  })

  it('finds credentials through the standard chain (environment)', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', KEY.accessKeyId)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', KEY.secretAccessKey)
    vi.stubEnv('AWS_SESSION_TOKEN', undefined)
    vi.stubEnv('AWS_PROFILE', undefined) // a named profile would take precedence over the environment keys
    const fromChain = await createCostExplorerClient({ region: 'us-east-1', endpoint: fake.url })
    try {
      fake.costs = fakeCosts('2024-02-01', '2024-02-03')
      const run = await syncCostExplorer(store, SETTINGS, { ...deps('2024-03-02T06:00:00Z'), ce: fromChain })
      expect(run).toMatchObject({ status: 'imported', rowsImported: 12, requests: 1 })
    } finally {
      fromChain.client.destroy()
      vi.unstubAllEnvs()
    }
  })

  it('groups by a tag instead of the linked account', async () => {
    fake.costs = fakeCosts('2024-02-01', '2024-03-02')
    const run = await syncCostExplorer(store, { ...SETTINGS, tagKey: 'team' }, deps('2024-03-02T06:00:00Z'))
    expect(run.status).toBe('imported')
    expect(fake.requests[0].body.GroupBy).toEqual([
      { Type: 'DIMENSION', Key: 'SERVICE' },
      { Type: 'TAG', Key: 'team' },
    ])
    const window = inWindow(fake.costs, '2024-02-01', '2024-03-02')
    expect(await storedSums("(ServiceName, Tags['team'], SubAccountId)")).toEqual(expectedSums(window, (c) => `('${c.service}','${c.tags?.team ?? ''}',NULL)`))
  })
})
