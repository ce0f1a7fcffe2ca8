import { awsSyncSchedule, awsSyncStatus } from '@meridian/core'
import { openTestStore, queryRows, type TestStore } from '@meridian/core/testing'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type CostExplorerConfig, parseCostExplorerConfig } from './costExplorerConfig.js'
import { type CostExplorerSync, startCostExplorerSync } from './costExplorerSync.js'
import { EXPIRED_TOKEN, type FakeCostExplorer, startFakeCostExplorer, THROTTLED } from './testing/fakeCostExplorer.js'
import { fakeCosts } from './testing/fakeCosts.js'

/* The sync on its node-cron schedule: runs at start when never synced, announces its next run, survives failures, stops cleanly. */

const KEY = { accessKeyId: 'AKIDMERIDIANTEST', secretAccessKey: 'secret' }

let store: TestStore
let fake: FakeCostExplorer
let sync: CostExplorerSync | undefined
let config: CostExplorerConfig

beforeEach(async () => {
  store = await openTestStore()
  fake = await startFakeCostExplorer({ accessKeyId: KEY.accessKeyId, pageSize: 20 })
  config = parseCostExplorerConfig({ MERIDIAN_AWS_CE_SYNC: 'true', MERIDIAN_AWS_CE_ENDPOINT: fake.url, MERIDIAN_AWS_CE_BACKFILL_MONTHS: '1' })
})
afterEach(async () => {
  await sync?.stop()
  sync = undefined
  await fake.close()
  await store.dispose()
})

describe('startCostExplorerSync', () => {
  it('runs at once when nothing was ever synced, then waits for its daily schedule (UTC)', async () => {
    const now = new Date()
    const day = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)).toISOString().slice(0, 10)
    fake.costs = fakeCosts(day(-3), day(0))
    sync = startCostExplorerSync(store, config, { credentials: KEY })

    // waits for the first run's record (polling what the store says, no timing assumed)
    await vi.waitFor(async () => expect((await awsSyncStatus(store)).lastRun?.status).toBe('imported'), { timeout: 30_000, interval: 100 })
    const status = await awsSyncStatus(store)
    expect(status).toMatchObject({ scheduled: true, schedule: '0 6 * * *', runs: 1, requestsTotal: fake.requests.length, syncedThrough: day(-1) })
    expect(fake.requests[0].body.TimePeriod?.End).toBe(day(0))

    const next = sync.nextRunAt()!
    expect(next.getUTCHours()).toBe(6)
    expect(next.getUTCMinutes()).toBe(0)
    expect(next.getTime()).toBeGreaterThan(Date.now())
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000)
    expect(status.nextRunAt).toBe(next.getTime())

    // started again with a successful run behind it: no run at start; an explicit one is incremental
    await sync.stop()
    const before = fake.requests.length
    sync = startCostExplorerSync(store, config, { credentials: KEY })
    const again = await sync.runOnce()
    await sync.stop()
    expect(again.window.start).toBe(day(-3))
    expect(fake.requests.length - before).toBe(again.requests)
    expect((await awsSyncStatus(store)).runs).toBe(2)
  })

  it('records a failed run (expired credentials) without crashing the process, and runs again later', async () => {
    fake.failNext(EXPIRED_TOKEN, 1)
    const unhandled: unknown[] = []
    const onUnhandled = (err: unknown) => unhandled.push(err)
    process.on('unhandledRejection', onUnhandled)
    try {
      sync = startCostExplorerSync(store, config, { credentials: KEY })
      await vi.waitFor(async () => expect((await awsSyncStatus(store)).lastRun?.status).toBe('failed'), { timeout: 30_000, interval: 100 })
      const status = await awsSyncStatus(store)
      expect(status.lastError?.message).toMatch(/^AWS refused the credentials \(ExpiredTokenException/)
      expect(fake.requests).toHaveLength(1)

      const retried = await sync.runOnce()
      expect(retried.status).toBe('imported')
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('announces its schedule on the store for the status route, and withdraws it when stopped', async () => {
    sync = startCostExplorerSync(store, config, { credentials: KEY, runAtStartWhenNeverSynced: false })
    expect(awsSyncSchedule(store)?.schedule).toBe('0 6 * * *')
    expect(awsSyncSchedule(store)?.nextRunAt()?.getTime()).toBe(sync.nextRunAt()?.getTime())
    await sync.stop()
    expect(awsSyncSchedule(store)).toBeUndefined()
    expect(fake.requests).toHaveLength(0)
  })

  it('stops during a backoff wait: the run ends as stopped and is recorded, nothing is stored', async () => {
    fake.failNext(THROTTLED, 100)
    // a real wait of 30-60 s that only the stop ends
    sync = startCostExplorerSync(store, config, { credentials: KEY, runAtStartWhenNeverSynced: false, backoff: { baseMs: 60_000, capMs: 60_000 } })
    const run = sync.runOnce()
    await vi.waitFor(() => expect(fake.requests.length).toBe(1), { timeout: 30_000, interval: 50 })
    expect(sync.running()).toBe(true)
    await sync.stop()
    sync = undefined
    const ended = await run
    expect(ended).toMatchObject({ status: 'failed', requests: 1, error: { code: 'sync_stopped' } })
    expect((await awsSyncStatus(store)).lastRun).toMatchObject({ status: 'failed', requests: 1 })
    expect(fake.requests).toHaveLength(1)
    const [stored] = await queryRows(store, `SELECT count() AS n FROM ${store.database}.meridian_billing`)
    expect(stored.n).toBe('0')
  })
})
