import type { FocusImportReport, FocusProblem } from '@meridian/core/api'
import { FigureCard } from '../../components/FigureCard'
import { fileSize } from '../../i18n/fileSize'
import { useI18n } from '../../i18n/I18n'

/** The problems found in a file: line, column, reason and value, as the import reported them. */
export function ProblemsTable({ problems, testId }: { problems: readonly FocusProblem[]; testId?: string }) {
  const { t, f } = useI18n()
  return (
    <div className="table-wrap">
      <table className="table problems" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('billing.line')}
            </th>
            <th scope="col">{t('billing.column')}</th>
            <th scope="col">{t('billing.reason')}</th>
            <th scope="col">{t('billing.value')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a line may have several problems in one column; the list is fixed
            <tr key={i}>
              <td className="num mono">{f.integer(p.line)}</td>
              <td className="mono">{p.column || '–'}</td>
              <td>{p.reason}</td>
              <td className="mono problem-value">{p.value ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** What one import did: imported or refused, rows, billing periods replaced, warnings, and every problem with its line and column. */
export function ImportReport({ report, message }: { report: FocusImportReport; message?: string }) {
  const { t, f } = useI18n()
  const imported = report.status === 'imported'
  return (
    <section className={imported ? 'import-report' : 'import-report refused'} data-testid="import-report" data-status={report.status} aria-live="polite">
      <div className="import-report-head">
        <span className={imported ? 'badge status-ok' : 'badge status-error'}>{t(imported ? 'billing.imported' : 'billing.refused')}</span>
        <strong className="mono">{report.filename}</strong>
        <span className="muted small">
          {t('billing.fileFacts', { format: report.format, version: report.focusVersion, size: fileSize(report.bytesRead, f.locale) })}
        </span>
      </div>
      {message && <p className="import-message">{message}</p>}
      {!imported && <p className="muted small">{t('billing.refusedNothingStored')}</p>}
      <div className="figures">
        <FigureCard testId="rows-read" label={t('billing.rowsRead')} value={f.integer(report.rowsRead)} />
        <FigureCard testId="rows-imported" label={t('billing.rowsImported')} value={f.integer(report.rowsImported)} />
        <FigureCard testId="rows-set-aside" label={t('billing.rowsSetAside')} value={f.integer(report.rowsSetAside)} />
        <FigureCard testId="problem-count" label={t('billing.problems')} value={f.integer(report.problemCount)} />
      </div>
      {report.periods.length > 0 && (
        <div>
          <h3 className="section-title">{t('billing.periodsReplaced')}</h3>
          <div className="chips">
            {report.periods.map((p) => (
              <span className="chip filter" key={`${p.provider}|${p.periodStart}`}>
                {p.provider} · {p.periodStart.slice(0, 7)}
              </span>
            ))}
          </div>
        </div>
      )}
      {report.problems.length > 0 && (
        <div>
          <h3 className="section-title">
            {report.problems.length < report.problemCount
              ? t('billing.firstProblems', { shown: f.integer(report.problems.length), count: f.integer(report.problemCount), rows: f.integer(report.badRowCount) })
              : t('billing.allProblems', { count: f.integer(report.problemCount), rows: f.integer(report.badRowCount) })}
          </h3>
          <ProblemsTable problems={report.problems} testId="import-problems" />
        </div>
      )}
      {report.warnings.length > 0 && (
        <div>
          <h3 className="section-title">{t('billing.warnings')}</h3>
          <ul className="warnings">
            {report.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
