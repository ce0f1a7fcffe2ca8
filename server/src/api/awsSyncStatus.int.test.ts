import { announceAwsSyncSchedule, recordBillingImport } from '@meridian/core'
import type { AwsSyncStatusResponse } from '@meridian/core/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../testing/testApi.js'

/*
 * GET /api/v1/billing/aws/status over HTTP. The runs are written as the collector's sync records
 * them (its own tests drive real runs against a local Cost Explorer); the server cannot import
 * the collector, so the schedule is announced here the way the sync announces it.
 */
describe('GET /api/v1/billing/aws/status', () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startTestApi()
  })
  afterAll(() => api?.dispose())

  it('says nothing ran and nothing is scheduled on a new store', async () => {
    const { status, body } = await api.get<AwsSyncStatusResponse>('/api/v1/billing/aws/status')
    expect(status).toBe(200)
    expect(body).toEqual({
      scheduled: false,
      schedule: null,
      nextRunAt: null,
      running: false,
      runs: 0,
      requestsTotal: 0,
      requestsCostUsd: 0,
      lastRun: null,
      lastSuccessAt: null,
      syncedThrough: null,
      lastError: null,
    })
  })

  it('tells requests made, the last run, the last error and the next run', async () => {
    const base = {
      source: 'aws-cost-explorer' as const,
      focusVersion: '',
      rowsRead: 0,
      rowsSetAside: 0,
      rowsImported: 0,
      problems: [] as unknown[],
      periods: [] as { provider: string; periodStart: string }[],
    }
    await recordBillingImport(api.store, {
      ...base,
      importId: 'run-1',
      startedAt: new Date('2024-03-02T06:00:00Z'),
      finishedAt: new Date('2024-03-02T06:00:05Z'),
      status: 'imported',
      origin: 'AWS Cost Explorer, days 2024-02-01 to 2024-03-02 (end exclusive), SERVICE × LINKED_ACCOUNT',
      rowsRead: 180,
      rowsImported: 180,
      periods: [
        { provider: 'AWS', periodStart: '2024-02-01 00:00:00' },
        { provider: 'AWS', periodStart: '2024-03-01 00:00:00' },
      ],
      apiRequests: 7,
    })
    await recordBillingImport(api.store, {
      ...base,
      importId: 'run-2',
      startedAt: new Date('2024-03-03T06:00:00Z'),
      finishedAt: new Date('2024-03-03T06:00:01Z'),
      status: 'failed',
      origin: 'AWS Cost Explorer, days 2024-02-28 to 2024-03-03 (end exclusive), SERVICE × LINKED_ACCOUNT',
      problems: [{ code: 'aws_credentials', reason: 'AWS refused the credentials (ExpiredTokenException: expired)' }],
      apiRequests: 1,
    })
    // a file import is not a sync run
    await recordBillingImport(api.store, { ...base, source: 'focus-file', importId: 'file', startedAt: new Date(), finishedAt: new Date(), status: 'imported', origin: 'x.csv', apiRequests: 0 })

    const next = new Date('2030-01-01T06:00:00Z')
    const withdraw = announceAwsSyncSchedule(api.store, { schedule: '0 6 * * *', nextRunAt: () => next, running: () => false })
    try {
      const { status, body } = await api.get<AwsSyncStatusResponse>('/api/v1/billing/aws/status')
      expect(status).toBe(200)
      expect(body).toEqual({
        scheduled: true,
        schedule: '0 6 * * *',
        nextRunAt: next.getTime(),
        running: false,
        runs: 2,
        requestsTotal: 8,
        requestsCostUsd: 0.08,
        lastRun: {
          importId: 'run-2',
          startedAt: Date.parse('2024-03-03T06:00:00Z'),
          finishedAt: Date.parse('2024-03-03T06:00:01Z'),
          status: 'failed',
          requests: 1,
          rowsImported: 0,
          origin: 'AWS Cost Explorer, days 2024-02-28 to 2024-03-03 (end exclusive), SERVICE × LINKED_ACCOUNT',
          periods: [],
          error: 'AWS refused the credentials (ExpiredTokenException: expired)',
        },
        lastSuccessAt: Date.parse('2024-03-02T06:00:00Z'),
        syncedThrough: '2024-03-01',
        lastError: { at: Date.parse('2024-03-03T06:00:00Z'), message: 'AWS refused the credentials (ExpiredTokenException: expired)' },
      })
    } finally {
      withdraw()
    }
    const after = await api.get<AwsSyncStatusResponse>('/api/v1/billing/aws/status')
    expect(after.body).toMatchObject({ scheduled: false, nextRunAt: null, runs: 2 })
  })
})
