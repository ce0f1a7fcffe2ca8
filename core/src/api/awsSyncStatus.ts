import { z } from 'zod'

/*
 * GET /api/v1/billing/aws/status: the AWS Cost Explorer sync (docs/billing-aws.md). Runs and
 * their request counts come from meridian_billing_imports, so any server over the same store
 * sees them; the schedule is known only to the process that runs it. Times are epoch ms.
 */

export const awsSyncStatusQuery = z.object({})

export const awsSyncRun = z.object({
  importId: z.string(),
  startedAt: z.number(),
  finishedAt: z.number(),
  status: z.enum(['imported', 'failed']),
  requests: z.number().int().describe('GetCostAndUsage requests the run made (each costs $0.01), throttled ones included'),
  rowsImported: z.number().int(),
  origin: z.string().describe('the days fetched and the grouping'),
  periods: z.array(z.object({ provider: z.string(), periodStart: z.string() })).describe('billing periods the run replaced (from the first day fetched on)'),
  error: z.string().nullable(),
})
export type AwsSyncRun = z.infer<typeof awsSyncRun>

export const awsSyncStatusResponse = z.object({
  scheduled: z.boolean().describe('whether this server’s process runs the sync (MERIDIAN_AWS_CE_SYNC); a sync in another process shows only in the runs'),
  schedule: z.string().nullable().describe('cron expression, UTC'),
  nextRunAt: z.number().nullable(),
  running: z.boolean(),
  runs: z.number().int(),
  requestsTotal: z.number().int().describe('GetCostAndUsage requests of every recorded run'),
  requestsCostUsd: z.number().describe('what they cost at $0.01 a request'),
  lastRun: awsSyncRun.nullable(),
  lastSuccessAt: z.number().nullable(),
  syncedThrough: z.string().nullable().describe('last day (YYYY-MM-DD, UTC) the last successful run fetched'),
  lastError: z.object({ at: z.number(), message: z.string() }).nullable().describe('the most recent failed run, whether or not a later one succeeded'),
})
export type AwsSyncStatusResponse = z.infer<typeof awsSyncStatusResponse>
