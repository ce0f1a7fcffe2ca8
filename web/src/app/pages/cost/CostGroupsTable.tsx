import type { CostResponse } from '@meridian/core/api'
import { useI18n } from '../../i18n/I18n'
import { useMoney } from '../../i18n/useMoney'
import { groupLabel, keyLabel } from './costLabels'
import { filterText } from './explorerParams'

interface CostGroupsTableProps {
  data: CostResponse
  /** Series colour of each group with a series of its own. */
  colors: ReadonlyMap<string, string>
  onFilter: (filter: string) => void
}

/** Each group's total and share of the whole, largest first, with the groups beyond the list summed; a group can become a filter. */
export function CostGroupsTable({ data, colors, onFilter }: CostGroupsTableProps) {
  const { t, f } = useI18n()
  const m = useMoney()
  const money = (v: number) => m.money(v, data.currency)
  const share = (v: number) => (data.total !== 0 ? v / data.total : 0)
  const key = data.groupBy ?? ''
  return (
    <div className="table-wrap">
      <table className="table" data-testid="cost-groups">
        <thead>
          <tr>
            <th scope="col">{data.groupBy ? keyLabel(data.groupBy, t) : t('cost.group')}</th>
            <th scope="col" className="num">
              {t('cost.total')}
            </th>
            <th scope="col">{t('cost.share')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('cost.filterActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.groups.map((g) => (
            <tr key={g.key} data-group={g.key}>
              <td>
                <span className="group-name">
                  <span className="legend-dot" style={{ background: colors.get(g.key) ?? 'var(--border-strong)' }} aria-hidden="true" />
                  {groupLabel(g.key, t)}
                </span>
              </td>
              <td className="num cell-value" title={m.unit(g.total, data.currency)}>
                {money(g.total)}
              </td>
              <td>
                <div className="share-cell">
                  <span className="share-bar" style={{ width: `${Math.max(0, Math.min(1, share(g.total))) * 100}%` }} />
                  <span>{f.percent(share(g.total))}</span>
                </div>
              </td>
              <td className="num">
                {data.groupBy && (
                  <span className="row-actions">
                    <button type="button" className="button ghost small" title={t('cost.onlyThisHint')} onClick={() => onFilter(filterText(key, g.key))}>
                      {t('cost.onlyThis')}
                    </button>
                    <button type="button" className="button ghost small" title={t('cost.excludeHint')} onClick={() => onFilter(filterText(key, g.key, true))}>
                      {t('cost.exclude')}
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
          {data.otherGroups.count > 0 && (
            <tr className="muted">
              <td>{t('cost.moreGroups', { count: f.integer(data.otherGroups.count) })}</td>
              <td className="num">{money(data.otherGroups.total)}</td>
              <td>{f.percent(share(data.otherGroups.total))}</td>
              <td />
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('cost.total')}</th>
            <td className="num cell-value" data-testid="cost-groups-total">
              {money(data.total)}
            </td>
            <td />
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
