import type { BudgetStatus } from '@meridian/core/api'
import { useState } from 'react'
import { useDeleteBudget } from '../../api/costQueries'
import { ProgressBar } from '../../components/ProgressBar'
import { ErrorState } from '../../feedback/ErrorState'
import { type Translate, useI18n } from '../../i18n/I18n'
import { parseIsoDay } from '../../i18n/dayFormat'
import { useDays } from '../../i18n/useDays'
import { useMoney } from '../../i18n/useMoney'
import { scopeText, thresholdText } from './budgetText'

/** The period a status is for: "September 2024", "Q3 2024", "2024". */
export function periodLabel(status: BudgetStatus, t: Translate, month: (ms: number) => string): string {
  const start = parseIsoDay(status.period.start)
  const date = new Date(start)
  if (status.budget.period === 'month') return month(start)
  if (status.budget.period === 'quarter') return t('budgets.quarterOf', { quarter: Math.floor(date.getUTCMonth() / 3) + 1, year: date.getUTCFullYear() })
  return String(date.getUTCFullYear())
}

function DeleteButton({ status }: { status: BudgetStatus }) {
  const { t } = useI18n()
  const [confirming, setConfirming] = useState(false)
  const remove = useDeleteBudget()
  if (remove.error) return <ErrorState error={remove.error} compact onRetry={() => remove.mutate(status.budget.id)} />
  if (!confirming)
    return (
      <button type="button" className="button ghost small" onClick={() => setConfirming(true)}>
        {t('budgets.delete')}
      </button>
    )
  return (
    <span className="confirm">
      <button type="button" className="button small danger" disabled={remove.isPending} onClick={() => remove.mutate(status.budget.id)}>
        {t('budgets.confirmDelete', { name: status.budget.name })}
      </button>
      <button type="button" className="button ghost small" onClick={() => setConfirming(false)}>
        {t('budgets.keep')}
      </button>
    </span>
  )
}

interface BudgetsTableProps {
  statuses: readonly BudgetStatus[]
  selected: string | undefined
  onSelect: (id: string) => void
  onEdit: (status: BudgetStatus) => void
}

/** Every budget: actual against the amount with its thresholds, the forecast and its interval, the run-out day. */
export function BudgetsTable({ statuses, selected, onSelect, onEdit }: BudgetsTableProps) {
  const { t, f } = useI18n()
  const days = useDays()
  const m = useMoney()
  return (
    <div className="table-wrap">
      <table className="table budgets" data-testid="budgets-table">
        <thead>
          <tr>
            <th scope="col">{t('budgets.budget')}</th>
            <th scope="col">{t('budgets.actualVsBudget')}</th>
            <th scope="col">{t('budgets.forecast')}</th>
            <th scope="col">{t('budgets.runOut')}</th>
            <th scope="col">{t('budgets.thresholds')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('budgets.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {statuses.map((s) => {
            const b = s.budget
            const money = (v: number) => m.money(v, s.currency ?? b.currency)
            const fraction = s.actual === null ? 0 : s.actual / b.amount
            const crossed = s.thresholds.some((th) => th.holds)
            const tone = fraction >= 1 ? 'bad' : crossed ? 'warn' : 'ok'
            return (
              <tr key={b.id} data-budget={b.name} className={b.id === selected ? 'selected' : undefined}>
                <td>
                  <button type="button" className="link-button budget-name" aria-pressed={b.id === selected} onClick={() => onSelect(b.id)}>
                    {b.name}
                  </button>
                  <div className="muted small">
                    {scopeText(b.scope, t)} · {periodLabel(s, t, days.month)}
                  </div>
                </td>
                {s.error ? (
                  <td colSpan={4}>
                    <div className="budget-error" data-testid="budget-error">
                      <span className="badge status-error">{t('budgets.cannotEvaluate')}</span> <span className="small">{s.error.message}</span>
                    </div>
                  </td>
                ) : (
                  <>
                    <td className="budget-progress">
                      <ProgressBar
                        value={fraction}
                        tone={tone}
                        label={t('budgets.progressOf', { name: b.name })}
                        markers={b.thresholds
                          .map((th, i) => ({ th, state: s.thresholds[i] }))
                          .filter(({ th }) => th.basis === 'actual')
                          .map(({ th, state }) => ({ at: th.percent / 100, label: thresholdText(th, t, f.percent), crossed: state?.holds }))}
                      />
                      <div className="small" data-testid="budget-actual">
                        {t('budgets.actualOf', { actual: money(s.actual ?? 0), amount: money(b.amount), percent: f.percent((s.percent ?? 0) / 100) })}
                      </div>
                    </td>
                    <td data-testid="budget-forecast">
                      {s.forecast ? (
                        <>
                          <div className={s.forecast.point > b.amount ? 'cell-value bad' : 'cell-value'}>
                            {money(s.forecast.point)} · {f.percent(s.forecast.percent / 100)}
                          </div>
                          <div className="muted small">{t('budgets.interval', { low: money(s.forecast.low), high: money(s.forecast.high) })}</div>
                        </>
                      ) : (
                        <span className="muted small">{t('budgets.noForecast')}</span>
                      )}
                    </td>
                    <td data-testid="budget-run-out">
                      {s.runOut ? (
                        <span className={s.runOut.projected ? 'warn-text' : 'bad'}>
                          {t(s.runOut.projected ? 'budgets.runOutProjected' : 'budgets.runOutReached', { day: days.day(parseIsoDay(s.runOut.date)) })}
                        </span>
                      ) : (
                        <span className="muted small">{t('budgets.notRunningOut')}</span>
                      )}
                    </td>
                    <td>
                      <div className="chips">
                        {s.thresholds.map((th) => (
                          <span
                            key={`${th.basis}-${th.percent}`}
                            className={th.holds ? 'badge status-error' : 'badge neutral'}
                            data-crossed={th.holds}
                            title={th.value === null ? t('budgets.noForecast') : t('budgets.thresholdValue', { value: money(th.value), limit: money(th.limit) })}
                          >
                            {th.holds ? '● ' : ''}
                            {thresholdText(th, t, f.percent)}
                          </span>
                        ))}
                      </div>
                    </td>
                  </>
                )}
                <td className="num">
                  <span className="row-actions visible">
                    <button type="button" className="button ghost small" onClick={() => onEdit(s)}>
                      {t('budgets.edit')}
                    </button>
                    <DeleteButton status={s} />
                  </span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
