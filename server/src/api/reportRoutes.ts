import { MeridianError, type Store } from '@meridian/core'
import * as api from '@meridian/core/api'
import type { DownloadRoute } from './downloadRoute.js'

/**
 * What the report route needs to make a report: the alerts module's report builder and its CSV
 * and XLSX writers (alerts/src/reports). The server does not depend on the alerts module (entry
 * points depend on core only), so whoever starts the server hands them in (ApiOptions.reports;
 * scripts/start.ts does). Without them the route answers 503 reports_unavailable.
 */
export interface FinanceReportSource {
  build(store: Store, month: string, signal: AbortSignal): Promise<api.FinanceReport>
  csv(report: api.FinanceReport): string
  xlsx(report: api.FinanceReport): Promise<Buffer>
}

export interface ReportContext {
  reports?: FinanceReportSource
}

const fileName = (month: string, format: string) => `meridian-finance-${month}.${format}`

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The finance report (issue 5; docs/reports.md). */
export const reportRoutes: DownloadRoute<typeof api.financeReportQuery, ReportContext>[] = [
  {
    kind: 'download',
    path: '/reports/finance',
    operationId: 'getFinanceReport',
    summary: 'The monthly finance report, as JSON or a CSV or XLSX download',
    description:
      'Spend of the month by provider, service and team against the month before and against monthly budgets, the biggest movers, every budget’s status, the forecast of the running month, cost per request, LLM spend and the exchange rates used. The current month is reported to date (its complete days, against as many days of the month before). `format=csv` (the spend lines, docs/reports.md) or `format=xlsx` (everything, a sheet per part) answer a file.',
    query: api.financeReportQuery,
    response: api.financeReport,
    files: { 'text/csv': 'format=csv', [XLSX_TYPE]: 'format=xlsx' },
    errors: {
      422: 'the month has no complete day yet, or the costs are in several currencies without a reporting currency or a rate (the message says which)',
      503: 'the store could not answer, or this server was started without the report module (reports_unavailable)',
    },
    async handle({ query }, ctx) {
      if (!ctx.reports) {
        throw new MeridianError(503, 'reports_unavailable', 'finance reports are made by the alerts module, and this server was started without it (pnpm start runs both)')
      }
      const report = await ctx.reports.build(ctx.store, query.month, ctx.signal)
      if (query.format === 'csv') return { file: { body: ctx.reports.csv(report), contentType: 'text/csv; charset=utf-8', filename: fileName(query.month, 'csv') } }
      if (query.format === 'xlsx') return { file: { body: await ctx.reports.xlsx(report), contentType: XLSX_TYPE, filename: fileName(query.month, 'xlsx') } }
      return { json: report }
    },
  },
]
