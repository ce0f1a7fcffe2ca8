import type { Logger, Store } from '@meridian/core'
import { monthOf } from '@meridian/core/api'
import { type ScheduledTask, schedule } from 'node-cron'
import type { DeliveryClock } from '../delivery/deliveryClock.js'
import type { DeliveryListener, DeliveryResult } from '../delivery/deliveryResult.js'
import type { RetryPolicy } from '../delivery/retryPolicy.js'
import { buildFinanceReport } from './buildFinanceReport.js'
import { deliverFinanceReport } from './deliverFinanceReport.js'
import { previousMonth, startOfDay } from './reportPeriod.js'
import type { ReportSettings } from './reportSettings.js'

export type ReportKind = 'monthly' | 'month_to_date'

/** What one scheduled run did. */
export interface ReportRun {
  kind: ReportKind
  month: string
  at: number
  /** One per destination; empty when the report could not be built or there was nothing to report. */
  deliveries: DeliveryResult[]
  /** Why no report went out (the report failed to build, or the month has no complete day yet). */
  error: string | null
}

export interface RunningReportSchedule {
  /** The report of the month before `now` (what the monthly schedule runs). */
  runMonthly(now?: number): Promise<ReportRun>
  /** The month of `now` to date (what the weekly schedule runs); skipped on the 1st, which has no complete day. */
  runMonthToDate(now?: number): Promise<ReportRun>
  nextRuns(): { monthly: Date | null; weekly: Date | null }
  stop(): Promise<void>
}

export interface ReportScheduleOptions {
  logger?: Logger
  /** Every delivery's result (issue 6 shows failed ones). */
  onResult?: DeliveryListener
  clock?: DeliveryClock
  policy?: RetryPolicy
}

/**
 * Builds and sends the finance reports on their node-cron schedules (UTC): monthly for the month
 * before, and optionally month to date. A run never throws: a report that cannot be built is
 * logged and returned with its error, and each destination's result is logged and returned.
 * Runs of one schedule do not overlap; stop() waits for a run in progress.
 */
export function startReportSchedule(store: Store, settings: ReportSettings, options: ReportScheduleOptions = {}): RunningReportSchedule {
  const { logger } = options
  const shutdown = new AbortController()
  const running = new Set<Promise<ReportRun>>()

  const run = async (kind: ReportKind, month: string, now: number): Promise<ReportRun> => {
    if (kind === 'month_to_date' && startOfDay(now) === Date.parse(`${month}-01T00:00:00Z`)) {
      logger?.info({ month }, 'finance report: month to date skipped, the month has no complete day yet')
      return { kind, month, at: now, deliveries: [], error: `${month} has no complete day yet` }
    }
    try {
      const report = await buildFinanceReport(store, month, { ...settings, now, signal: shutdown.signal })
      const deliveries = await deliverFinanceReport(report, settings.destinations, { ...options, signal: shutdown.signal })
      for (const d of deliveries) {
        if (d.ok) logger?.info({ kind, month, channel: d.channel, target: d.target, attempts: d.attempts }, 'finance report delivered')
        else logger?.error({ kind, month, channel: d.channel, target: d.target, attempts: d.attempts, status: d.lastStatus, error: d.error }, 'finance report not delivered')
      }
      return { kind, month, at: now, deliveries, error: null }
    } catch (err) {
      logger?.error({ err, kind, month }, 'finance report could not be built')
      return { kind, month, at: now, deliveries: [], error: (err as Error).message }
    }
  }
  const tracked = (p: Promise<ReportRun>) => {
    running.add(p)
    void p.finally(() => running.delete(p))
    return p
  }
  const runMonthly = (now = Date.now()) => tracked(run('monthly', previousMonth(monthOf(now)), now))
  const runMonthToDate = (now = Date.now()) => tracked(run('month_to_date', monthOf(now), now))

  const tasks: { monthly?: ScheduledTask; weekly?: ScheduledTask } = {}
  const cron = (expression: string, name: string, job: () => Promise<ReportRun>) =>
    schedule(
      expression,
      async () => {
        await job()
      },
      { timezone: 'UTC', name, noOverlap: true },
    )
  if (settings.monthlySchedule) tasks.monthly = cron(settings.monthlySchedule, 'finance-report-monthly', () => runMonthly())
  if (settings.weeklySchedule) tasks.weekly = cron(settings.weeklySchedule, 'finance-report-to-date', () => runMonthToDate())
  logger?.info(
    {
      monthly: settings.monthlySchedule,
      weekly: settings.weeklySchedule,
      slack: Boolean(settings.destinations.slackWebhookUrl),
      email: settings.destinations.email?.to.length ?? 0,
    },
    'finance report schedule started',
  )

  return {
    runMonthly,
    runMonthToDate,
    nextRuns: () => ({ monthly: tasks.monthly?.getNextRun() ?? null, weekly: tasks.weekly?.getNextRun() ?? null }),
    async stop() {
      await tasks.monthly?.stop()
      await tasks.weekly?.stop()
      // a run in progress ends its store reads and retry waits, then finishes
      shutdown.abort(new Error('shutting down'))
      await Promise.allSettled([...running])
    },
  }
}
