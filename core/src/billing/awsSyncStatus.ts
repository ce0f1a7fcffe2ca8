import type { AwsSyncRun, AwsSyncStatusResponse } from '../api/awsSyncStatus.js'
import { billingImports } from '../schema/billingTables.js'
import type { Store } from '../store.js'
import { type QueryOptions, selectRows } from '../telemetry/queries/storeQuery.js'
import { awsSyncSchedule } from './awsSyncSchedule.js'

/** Dollars a GetCostAndUsage request costs (AWS's price). */
export const CE_REQUEST_USD = 0.01

interface RunRow {
  importId: string
  startedAt: number
  finishedAt: number
  status: string
  requests: number
  rowsImported: number
  origin: string
  periods: { provider: string; periodStart: string }[]
  problems: string
}

/** The AWS Cost Explorer sync: runs and requests from meridian_billing_imports, the schedule from this process. */
export async function awsSyncStatus(store: Store, options: QueryOptions = {}): Promise<AwsSyncStatusResponse> {
  const table = `${store.database}.${billingImports.name}`
  const run = `ImportId AS importId, toUnixTimestamp64Milli(StartedAt) AS startedAt, toUnixTimestamp64Milli(FinishedAt) AS finishedAt,
    Status AS status, ApiRequests AS requests, RowsImported AS rowsImported, Origin AS origin,
    arrayMap(p -> tuple(p.provider, toString(p.periodStart)), Periods) AS periods, Problems AS problems`
  const params = { source: 'aws-cost-explorer' }
  const [totals, last, lastSuccess, lastFailure] = await Promise.all([
    selectRows<{ runs: number; requests: number }>(store, `SELECT count() AS runs, sum(ApiRequests) AS requests FROM ${table} WHERE Source = {source:String}`, params, options),
    selectRows<RunRow>(store, `SELECT ${run} FROM ${table} WHERE Source = {source:String} ORDER BY StartedAt DESC LIMIT 1`, params, options),
    selectRows<RunRow>(store, `SELECT ${run} FROM ${table} WHERE Source = {source:String} AND Status = 'imported' ORDER BY StartedAt DESC LIMIT 1`, params, options),
    selectRows<RunRow>(store, `SELECT ${run} FROM ${table} WHERE Source = {source:String} AND Status = 'failed' ORDER BY StartedAt DESC LIMIT 1`, params, options),
  ])
  const schedule = awsSyncSchedule(store)
  const requestsTotal = Number(totals[0]?.requests ?? 0)
  const success = lastSuccess[0]
  const failure = lastFailure[0]
  return {
    scheduled: schedule !== undefined,
    schedule: schedule?.schedule ?? null,
    nextRunAt: schedule?.nextRunAt()?.getTime() ?? null,
    running: schedule?.running() ?? false,
    runs: Number(totals[0]?.runs ?? 0),
    requestsTotal,
    requestsCostUsd: Math.round(requestsTotal * CE_REQUEST_USD * 100) / 100,
    lastRun: last[0] ? toRun(last[0]) : null,
    lastSuccessAt: success ? Number(success.startedAt) : null,
    // A run fetches up to the day before it started (docs/billing-aws.md).
    syncedThrough: success ? new Date(Number(success.startedAt) - 86_400_000).toISOString().slice(0, 10) : null,
    lastError: failure ? { at: Number(failure.startedAt), message: problemMessage(failure.problems) } : null,
  }
}

function toRun(row: RunRow): AwsSyncRun {
  return {
    importId: row.importId,
    startedAt: Number(row.startedAt),
    finishedAt: Number(row.finishedAt),
    status: row.status === 'imported' ? 'imported' : 'failed',
    requests: Number(row.requests),
    rowsImported: Number(row.rowsImported),
    origin: row.origin,
    periods: row.periods.map((p) => (Array.isArray(p) ? { provider: String(p[0]), periodStart: String(p[1]) } : p)),
    error: row.status === 'imported' ? null : problemMessage(row.problems),
  }
}

/** A failed sync run records its error as the first problem: `[{code, reason}]`. */
function problemMessage(problems: string): string {
  try {
    const [first] = JSON.parse(problems) as { reason?: unknown }[]
    if (typeof first?.reason === 'string') return first.reason
  } catch {
    // not JSON: shown as it is
  }
  return problems
}
