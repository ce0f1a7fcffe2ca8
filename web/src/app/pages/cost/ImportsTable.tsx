import { type BillingImportListItem, type FocusProblem, focusProblem } from '@meridian/core/api'
import { Fragment, useState } from 'react'
import { useI18n } from '../../i18n/I18n'
import { ProblemsTable } from './ImportReport'

const STATUS_CLASS = { imported: 'badge status-ok', refused: 'badge status-error', failed: 'badge status-error' } as const

/** The problems an import kept, those that read as problems (the list is stored as JSON). */
const problemsOf = (item: BillingImportListItem): FocusProblem[] => item.problems.flatMap((p) => {
  const parsed = focusProblem.safeParse(p)
  return parsed.success ? [parsed.data] : []
})

/** Past imports, newest first: files, uploads and Cost Explorer syncs; a row with problems opens them. */
export function ImportsTable({ imports }: { imports: readonly BillingImportListItem[] }) {
  const { t, f } = useI18n()
  const [open, setOpen] = useState<string | null>(null)
  return (
    <div className="table-wrap">
      <table className="table" data-testid="imports-table">
        <thead>
          <tr>
            <th scope="col">{t('billing.when')}</th>
            <th scope="col">{t('billing.source')}</th>
            <th scope="col">{t('billing.origin')}</th>
            <th scope="col">{t('billing.status')}</th>
            <th scope="col" className="num">
              {t('billing.rowsImported')}
            </th>
            <th scope="col" className="num">
              {t('billing.rowsSetAside')}
            </th>
            <th scope="col">{t('billing.periods')}</th>
            <th scope="col">{t('billing.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((item) => {
            const problems = problemsOf(item)
            const expanded = open === item.importId
            return (
              <Fragment key={item.importId}>
                <tr data-import={item.importId}>
                  <td className="nowrap">{f.dateTime(item.startedAt)}</td>
                  <td className="nowrap">{t(item.source === 'aws-cost-explorer' ? 'billing.sourceAws' : 'billing.sourceFile')}</td>
                  <td className="mono import-origin">{item.origin}</td>
                  <td>
                    <span className={STATUS_CLASS[item.status]}>{t(`billing.status.${item.status}`)}</span>
                  </td>
                  <td className="num">{f.integer(item.rowsImported)}</td>
                  <td className="num">{f.integer(item.rowsSetAside)}</td>
                  <td className="small">{[...new Set(item.periods.map((p) => `${p.provider} · ${p.periodStart.slice(0, 7)}`))].join(', ') || '–'}</td>
                  <td>
                    {problems.length > 0 ? (
                      <button type="button" className="button ghost small" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : item.importId)}>
                        {t(expanded ? 'billing.hideProblems' : 'billing.showProblems', { count: f.integer(problems.length) })}
                      </button>
                    ) : (
                      <span className="muted">–</span>
                    )}
                  </td>
                </tr>
                {expanded && (
                  <tr className="detail-row">
                    <td colSpan={8}>
                      <ProblemsTable problems={problems} />
                    </td>
                  </tr>
                )}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
