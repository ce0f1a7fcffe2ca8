import { randomUUID } from 'node:crypto'
import { awsSyncStatus, type Logger, MeridianError, type ReplacedPeriod, recordBillingImport, replaceBillingPeriods, type Store } from '@meridian/core'
import { type BackoffSettings, DEFAULT_BACKOFF, sleep as realSleep } from './backoff.js'
import type { CountingCostExplorer } from './costExplorerClient.js'
import { accountAttributes, CE_METRICS, costExplorerRows, groupDefinitions } from './costExplorerRows.js'
import { fetchCostAndUsage } from './fetchCostAndUsage.js'
import { syncWindow } from './syncWindow.js'

/** What a sync run fetches and how it labels the rows. */
export interface SyncSettings {
  backfillMonths: number
  tagKey?: string
  billingAccountId: string
}

export interface SyncDeps {
  ce: CountingCostExplorer
  logger?: Logger
  /** Aborts the run (shutdown): the request in flight and any backoff wait. */
  signal?: AbortSignal
  now?: () => Date
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  backoff?: Partial<BackoffSettings>
  onRetry?: (retry: { attempt: number; delayMs: number; error: string }) => void
}

/** One sync run, as recorded in meridian_billing_imports. */
export interface SyncRun {
  importId: string
  status: 'imported' | 'failed'
  startedAt: Date
  finishedAt: Date
  /** Days asked for: start inclusive, end exclusive (YYYY-MM-DD). */
  window: { start: string; end: string }
  /** Requests this run made (each costs $0.01). */
  requests: number
  /** Daily groups received (one row each). */
  rowsRead: number
  rowsImported: number
  periods: ReplacedPeriod[]
  error?: { code: string; message: string }
}

/**
 * One run of the AWS Cost Explorer sync: asks for the days the last successful run leaves open
 * (syncWindow), writes them through replaceBillingPeriods (the fetched days replace what is
 * stored for them, older days of the same months are kept) and records the run, its request
 * count and, when it fails, why. A failure (AWS, an unreadable answer, a stop) does not throw:
 * the run ends as `failed` with nothing of it stored. It throws only when the store cannot be
 * read or the run cannot be recorded.
 */
export async function syncCostExplorer(store: Store, settings: SyncSettings, deps: SyncDeps): Promise<SyncRun> {
  const now = deps.now ?? (() => new Date())
  const startedAt = now()
  const requestsBefore = deps.ce.requests()
  const importId = randomUUID()
  const { syncedThrough } = await awsSyncStatus(store)
  const window = syncWindow(startedAt, syncedThrough ?? undefined, settings.backfillMonths)
  const grouping = settings.tagKey === undefined ? 'SERVICE × LINKED_ACCOUNT' : `SERVICE × tag ${settings.tagKey}`
  const origin = `AWS Cost Explorer, days ${window.start} to ${window.end} (end exclusive), ${grouping}`
  const run: SyncRun = { importId, status: 'imported', startedAt, finishedAt: startedAt, window, requests: 0, rowsRead: 0, rowsImported: 0, periods: [] }

  try {
    if (window.start < window.end) {
      const accounts = new Map<string, Record<string, string>>()
      // Pages go to the staging table as they arrive; a failure on any page drops the staging
      // table with everything of this run, and nothing stored is replaced.
      const replaced = await replaceBillingPeriods(store, {
        source: 'aws-cost-explorer',
        keepBefore: window.keepBefore,
        fill: async (staging) => {
          await fetchCostAndUsage(
            deps.ce,
            { TimePeriod: { Start: window.start, End: window.end }, Granularity: 'DAILY', Metrics: [...CE_METRICS], GroupBy: groupDefinitions(settings.tagKey) },
            async (page) => {
              for (const [account, attributes] of accountAttributes([page])) accounts.set(account, attributes)
              const rows = costExplorerRows(page.ResultsByTime ?? [], { tagKey: settings.tagKey, billingAccountId: settings.billingAccountId, importId, accounts })
              run.rowsRead += rows.length
              if (rows.length > 0) await store.client.insert({ table: staging, values: rows, format: 'JSONEachRow' })
            },
            {
              backoff: { ...DEFAULT_BACKOFF, ...deps.backoff },
              sleep: deps.sleep ?? realSleep,
              random: deps.random ?? Math.random,
              signal: deps.signal,
              logger: deps.logger,
              onRetry: deps.onRetry,
            },
          )
          if (deps.signal?.aborted) throw new MeridianError(503, 'sync_stopped', 'the Cost Explorer sync was stopped (Meridian shut down) before it stored anything')
        },
      })
      run.rowsImported = replaced.rows
      run.periods = replaced.periods
    }
  } catch (err) {
    run.status = 'failed'
    const error = err instanceof MeridianError ? err : new MeridianError(500, 'sync_failed', `the Cost Explorer sync failed: ${(err as Error).message}`)
    run.error = { code: error.code, message: error.message }
    deps.logger?.error({ err: error, window, code: error.code }, 'AWS Cost Explorer sync failed')
  }
  run.requests = deps.ce.requests() - requestsBefore
  run.finishedAt = now()
  await recordBillingImport(store, {
    importId,
    source: 'aws-cost-explorer',
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    status: run.status,
    origin,
    focusVersion: '',
    rowsRead: run.rowsRead,
    rowsImported: run.rowsImported,
    rowsSetAside: 0,
    problems: run.error ? [{ code: run.error.code, reason: run.error.message }] : [],
    periods: run.periods,
    apiRequests: run.requests,
  })
  if (run.status === 'imported') {
    deps.logger?.info({ window, requests: run.requests, rows: run.rowsImported, periods: run.periods.length }, 'AWS Cost Explorer sync done')
  }
  return run
}
