import type { Store } from '@meridian/core'
import type { FinanceReport } from '@meridian/core/api'
import { buildFinanceReport, type FinanceReportDeps } from './buildFinanceReport.js'
import { reportCsv } from './reportCsv.js'
import { reportXlsx } from './reportXlsx.js'

/** What the server's report route takes (server/src/api/reportRoutes.ts's FinanceReportSource): the builder over given cost settings, and the writers. */
export interface FinanceReportSource {
  build(store: Store, month: string, signal: AbortSignal): Promise<FinanceReport>
  csv(report: FinanceReport): string
  xlsx(report: FinanceReport): Promise<Buffer>
}

/** The report builder and writers for the server, over the server's own cost settings (currency, allocation rules, LLM prices). */
export function financeReportSource(deps: Omit<FinanceReportDeps, 'now' | 'signal'>): FinanceReportSource {
  return {
    build: (store, month, signal) => buildFinanceReport(store, month, { ...deps, signal }),
    csv: reportCsv,
    xlsx: reportXlsx,
  }
}
