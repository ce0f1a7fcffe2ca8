import type { BillingImportListItem } from '../api/billing.js'
import { billingImports } from '../schema/billingTables.js'
import type { Store } from '../store.js'
import { type QueryOptions, selectRows } from '../telemetry/queries/storeQuery.js'

interface ImportRow {
  ImportId: string
  Source: string
  StartedAt: number
  FinishedAt: number
  Status: BillingImportListItem['status']
  Origin: string
  FocusVersion: string
  RowsRead: number
  RowsImported: number
  RowsSetAside: number
  Problems: string
  Periods: { provider: string; periodStart: string }[]
  ApiRequests: number
}

/** Past imports (files, uploads, Cost Explorer syncs), newest first. */
export async function listBillingImports(
  store: Store,
  query: { limit: number; source?: string },
  options: QueryOptions = {},
): Promise<{ imports: BillingImportListItem[] }> {
  const rows = await selectRows<ImportRow>(
    store,
    `SELECT ImportId, Source, toUnixTimestamp64Milli(StartedAt) AS StartedAt, toUnixTimestamp64Milli(FinishedAt) AS FinishedAt, Status, Origin,
            FocusVersion, RowsRead, RowsImported, RowsSetAside, Problems, Periods, ApiRequests
       FROM ${store.database}.${billingImports.name}
      WHERE {source:String} = '' OR Source = {source:String}
      ORDER BY StartedAt DESC LIMIT {limit:UInt32}`,
    { source: query.source ?? '', limit: query.limit },
    options,
  )
  return {
    imports: rows.map((r) => ({
      importId: r.ImportId,
      source: r.Source,
      startedAt: Number(r.StartedAt),
      finishedAt: Number(r.FinishedAt),
      status: r.Status,
      origin: r.Origin,
      focusVersion: r.FocusVersion,
      rowsRead: Number(r.RowsRead),
      rowsImported: Number(r.RowsImported),
      rowsSetAside: Number(r.RowsSetAside),
      problems: parseProblems(r.Problems),
      periods: r.Periods.map((p) => ({ provider: p.provider, periodStart: p.periodStart })),
      apiRequests: Number(r.ApiRequests),
    })),
  }
}

function parseProblems(text: string): unknown[] {
  try {
    const parsed = JSON.parse(text) as unknown
    return Array.isArray(parsed) ? parsed : []
  } catch {
    return []
  }
}
