import { announceAwsSyncSchedule, awsSyncStatus, type Store } from '@meridian/core'
import { schedule } from 'node-cron'
import type { CostExplorerConfig } from './costExplorerConfig.js'
import { type CostExplorerClientOptions, type CountingCostExplorer, createCostExplorerClient } from './costExplorerClient.js'
import { type SyncDeps, type SyncRun, syncCostExplorer } from './syncCostExplorer.js'

export interface CostExplorerSync {
  /** Runs the sync now; while a run is going on, waits for that one instead of starting another. */
  runOnce(): Promise<SyncRun>
  nextRunAt(): Date | null
  running(): boolean
  /** Stops the schedule and the run in flight (recorded as failed: stopped), then returns. */
  stop(): Promise<void>
}

export interface CostExplorerSyncOptions extends Omit<SyncDeps, 'ce' | 'signal'> {
  /** The SDK's credentials setting; absent, the standard AWS credential chain. */
  credentials?: CostExplorerClientOptions['credentials']
  /** Run once at start when no run has succeeded yet (default true), instead of waiting for the schedule. */
  runAtStartWhenNeverSynced?: boolean
}

/**
 * The AWS Cost Explorer sync on its node-cron schedule (UTC), one run at a time. A run's failure
 * is recorded and logged, never thrown into the process; the next scheduled run tries again.
 * The schedule is announced on the store for GET /api/v1/billing/aws/status.
 */
export function startCostExplorerSync(store: Store, config: CostExplorerConfig, options: CostExplorerSyncOptions = {}): CostExplorerSync {
  const { logger } = options
  let ce: Promise<CountingCostExplorer> | undefined
  const shutdown = new AbortController()
  let current: Promise<SyncRun> | undefined

  const runOnce = (): Promise<SyncRun> => {
    if (current) return current
    ce ??= createCostExplorerClient({ region: config.region, endpoint: config.endpoint, credentials: options.credentials })
    const run = ce.then((client) => syncCostExplorer(store, config, { ...options, ce: client, signal: shutdown.signal }))
    current = run.finally(() => {
      current = undefined
    })
    return current
  }
  const runLogged = async () => {
    try {
      await runOnce()
    } catch (err) {
      logger?.error({ err }, 'AWS Cost Explorer sync could not record its run')
    }
  }

  const task = schedule(config.schedule, runLogged, { name: 'aws-cost-explorer-sync', timezone: 'Etc/UTC', noOverlap: true })
  const withdraw = announceAwsSyncSchedule(store, { schedule: config.schedule, nextRunAt: () => task.getNextRun(), running: () => current !== undefined })
  logger?.info({ schedule: config.schedule, tagKey: config.tagKey, backfillMonths: config.backfillMonths }, 'AWS Cost Explorer sync scheduled')

  // A new install has no billing data until the first run: do it now rather than at the next tick.
  let first: Promise<void> = Promise.resolve()
  if (options.runAtStartWhenNeverSynced !== false) {
    first = awsSyncStatus(store)
      .then((status) => (status.lastSuccessAt === null && !shutdown.signal.aborted ? runLogged() : undefined))
      .catch((err) => logger?.error({ err }, 'AWS Cost Explorer sync could not read its state'))
  }

  return {
    runOnce,
    nextRunAt: () => task.getNextRun(),
    running: () => current !== undefined,
    async stop() {
      shutdown.abort(new Error('shutdown'))
      await task.destroy()
      withdraw()
      await first
      await current?.catch(() => undefined)
      const made = await ce?.catch(() => undefined)
      made?.client.destroy()
    },
  }
}
