import type { SpendLine, TeamLine } from '@meridian/core/api'
import { useI18n } from '../../i18n/I18n'
import { useMoney } from '../../i18n/useMoney'
import { groupLabel } from './costLabels'

interface SpendTableProps {
  lines: readonly (SpendLine | TeamLine)[]
  /** The column of the keys: Provider, Service, Team. */
  keyHeader: string
  currency: string | null
  /** Lines beyond the list, summed. */
  other?: { count: number; amount: number; previous: number }
  testId?: string
}

/** Spend per provider, service or team: the month, the month before, the change, and the monthly budget of the same scope. */
export function SpendTable({ lines, keyHeader, currency, other, testId }: SpendTableProps) {
  const { t, f } = useI18n()
  const m = useMoney()
  const money = (v: number) => m.money(v, currency)
  const signed = (v: number) => (v > 0 ? `+${money(v)}` : money(v))
  const percent = (v: number | null) => (v === null ? t('report.new') : f.signedPercent(v / 100))
  return (
    <div className="table-wrap">
      <table className="table report-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{keyHeader}</th>
            <th scope="col" className="num">
              {t('report.amount')}
            </th>
            <th scope="col" className="num">
              {t('report.previous')}
            </th>
            <th scope="col" className="num">
              {t('report.change')}
            </th>
            <th scope="col">{t('report.budget')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={`${line.key}|${'unallocated' in line && line.unallocated}`} data-key={line.key}>
              <td>
                {'unallocated' in line && line.unallocated ? <span className="muted">{t('report.unallocated')}</span> : groupLabel(line.key, t)}
              </td>
              <td className="num cell-value">{money(line.amount)}</td>
              <td className="num">{money(line.previous)}</td>
              <td className={line.change > 0 ? 'num change-up' : line.change < 0 ? 'num change-down' : 'num'}>
                {signed(line.change)} <span className="small">({line.previous === 0 && line.amount === 0 ? '–' : percent(line.changePercent)})</span>
              </td>
              <td className="small">
                {line.budget
                  ? t('report.budgetLine', {
                      name: line.budget.name,
                      percent: line.budget.percent === null ? '–' : f.percent(line.budget.percent / 100),
                      amount: m.money(line.budget.amount, line.budget.currency),
                    })
                  : '–'}
              </td>
            </tr>
          ))}
          {other && other.count > 0 && (
            <tr className="muted">
              <td>{t('cost.moreGroups', { count: f.integer(other.count) })}</td>
              <td className="num">{money(other.amount)}</td>
              <td className="num">{money(other.previous)}</td>
              <td className="num">{signed(other.amount - other.previous)}</td>
              <td />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}
