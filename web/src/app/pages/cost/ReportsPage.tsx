import './cost.css'
import { reportMonth } from '@meridian/core/api'
import { Navigate, useParams } from 'react-router'
import { reportDownloadUrl, useFinanceReport } from '../../api/costQueries'
import { ApiError } from '../../api/client'
import { QueryView } from '../../feedback/QueryView'
import { RichText } from '../../feedback/RichText'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useHref, useUrlParams } from '../../state/urlState'
import { FinanceReportView } from './FinanceReportView'
import { lastMonth, shiftMonth } from './reportMonths'

/** The report's own refusals (a month not begun, a server without the report module) in words that say what to do. */
function reportProblem(error: unknown): { code: string; message: string } | undefined {
  if (!(error instanceof ApiError) || error.failure.kind !== 'http') return undefined
  const { code, message } = error.failure
  return code === 'report_not_started' || code === 'reports_unavailable' ? { code, message } : undefined
}

/** `/reports/2025-01`, the link of the Slack summary and the e-mail: the report page of that month. */
export function ReportLink() {
  const { month = '' } = useParams()
  const href = useHref()
  return <Navigate to={href('/costs/reports', { month: reportMonth.safeParse(month).success ? month : undefined })} replace />
}

/** The monthly finance report: a month picker, the report as a document that prints well, and its CSV and XLSX. */
export function ReportsPage() {
  const { t } = useI18n()
  const [params, update] = useUrlParams()
  const raw = params.get('month') ?? ''
  const month = reportMonth.safeParse(raw).success ? raw : lastMonth(Date.now())
  const report = useFinanceReport(month)
  const problem = reportProblem(report.error)
  const setMonth = (m: string) => update({ month: m }, { replace: true })
  // the downloads are of the report shown: none while it loads or when the month has none
  const shown = report.data?.month === month && !report.isError
  return (
    <>
      <PageHeader
        title={t('report.title')}
        subtitle={t('report.subtitle')}
        actions={
          <div className="report-controls">
            <button type="button" className="button icon" aria-label={t('report.previousMonthButton')} onClick={() => setMonth(shiftMonth(month, -1))}>
              ‹
            </button>
            <input type="month" className="input" name="month" aria-label={t('report.month')} value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
            <button type="button" className="button icon" aria-label={t('report.nextMonthButton')} onClick={() => setMonth(shiftMonth(month, 1))}>
              ›
            </button>
            {shown && (
              <>
                <a className="button" href={reportDownloadUrl(month, 'csv')} download data-testid="download-csv">
                  {t('report.csv')}
                </a>
                <a className="button" href={reportDownloadUrl(month, 'xlsx')} download data-testid="download-xlsx">
                  {t('report.xlsx')}
                </a>
                <button type="button" className="button primary" onClick={() => window.print()}>
                  {t('report.print')}
                </button>
              </>
            )}
          </div>
        }
      />
      {problem ? (
        <div className="error-state" role="alert" data-testid="report-problem">
          <div className="error-title">{t(problem.code === 'report_not_started' ? 'report.notStarted' : 'report.unavailable')}</div>
          <code className="error-detail">{problem.message}</code>
          <div className="error-hint">
            <RichText text={t(problem.code === 'report_not_started' ? 'report.notStartedHint' : 'report.unavailableHint')} />
          </div>
          {problem.code === 'report_not_started' && (
            <button type="button" className="button" onClick={() => setMonth(lastMonth(Date.now()))}>
              {t('report.showLastMonth')}
            </button>
          )}
        </div>
      ) : (
        <QueryView query={report} height={400}>
          {(data) => <FinanceReportView report={data} />}
        </QueryView>
      )}
    </>
  )
}
