import { billingImports } from '../schema/billingTables.js'
import type { BillingSource } from '../schema/billingTables.js'
import type { Store } from '../store.js'
import type { ReplacedPeriod } from './replaceBillingPeriods.js'

/** One import (a file, an upload, a Cost Explorer sync run), as meridian_billing_imports keeps it. */
export interface BillingImportRecord {
  importId: string
  source: BillingSource
  startedAt: Date
  finishedAt: Date
  status: 'imported' | 'refused' | 'failed'
  /** File name, or the account a sync read. */
  origin: string
  /** '1.0', '1.1', '1.2'; '' for Cost Explorer. */
  focusVersion: string
  rowsRead: number
  rowsImported: number
  rowsSetAside: number
  /** The first problems found (JSON-serialisable), with line, column and reason. */
  problems: unknown[]
  periods: ReplacedPeriod[]
  /** Cost Explorer requests made (each costs the user $0.01); 0 for files. */
  apiRequests: number
}

const dateTime64 = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '')

/** Appends one row to meridian_billing_imports. */
export async function recordBillingImport(store: Store, record: BillingImportRecord): Promise<void> {
  await store.client.insert({
    table: `${store.database}.${billingImports.name}`,
    format: 'JSONEachRow',
    values: [
      {
        ImportId: record.importId,
        Source: record.source,
        StartedAt: dateTime64(record.startedAt),
        FinishedAt: dateTime64(record.finishedAt),
        Status: record.status,
        Origin: record.origin,
        FocusVersion: record.focusVersion,
        RowsRead: record.rowsRead,
        RowsImported: record.rowsImported,
        RowsSetAside: record.rowsSetAside,
        Problems: JSON.stringify(record.problems),
        Periods: record.periods.map((p) => ({ provider: p.provider, periodStart: p.periodStart })),
        ApiRequests: record.apiRequests,
      },
    ],
  })
}
