import type { SloStatus } from '@meridian/core/api'
import { Link } from 'react-router'
import { ProgressBar } from '../../components/ProgressBar'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'
import { SloHealthBadge } from './SloHealthBadge'
import { budgetBar, fastestBurn } from './sloHealth'
import { objectiveText, windowText } from './sloText'
import { useSloFormat } from './useSloFormat'

/** Every SLO in the API's order (least budget left first): objective, SLI now, budget left, fastest burn, status. */
export function SloTable({ slos }: { slos: readonly SloStatus[] }) {
  const { t, f } = useI18n()
  const sf = useSloFormat()
  const href = useHref()
  return (
    <div className="table-wrap">
      <table className="table slos" data-testid="slo-table">
        <thead>
          <tr>
            <th scope="col">{t('slo.col.name')}</th>
            <th scope="col">{t('slo.col.service')}</th>
            <th scope="col">{t('slo.col.objective')}</th>
            <th scope="col" className="num">
              {t('slo.col.sli')}
            </th>
            <th scope="col">{t('slo.col.budget')}</th>
            <th scope="col" className="num">
              {t('slo.col.burn')}
            </th>
            <th scope="col">{t('slo.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {slos.map((s) => {
            const bar = budgetBar(s)
            const fastest = fastestBurn(s.burnRates)
            return (
              <tr key={s.name} data-slo={s.name}>
                <td>
                  <Link className="slo-name" to={href(`/slos/${encodeURIComponent(s.name)}`)}>
                    {s.displayName ?? s.name}
                  </Link>
                  {s.displayName && <div className="muted small mono">{s.name}</div>}
                </td>
                <td>
                  <Link className="service-link" to={href(`/services/${encodeURIComponent(s.service)}`)}>
                    {s.service}
                  </Link>
                </td>
                <td>
                  <div>{objectiveText(s, t, sf, f.duration)}</div>
                  <div className="muted small">{windowText(s.window, t)}</div>
                </td>
                <td className="num mono" data-testid="slo-sli">
                  {s.sli === null ? '–' : sf.ratio(s.sli)}
                </td>
                <td className="slo-budget-cell">
                  <div className="slo-budget">
                    <ProgressBar value={bar.value} tone={bar.tone} label={t('slo.budgetOf', { name: s.name })} />
                    <span className="mono" data-testid="slo-budget">
                      {sf.budgetPercent(s.budget.remainingPercent)}
                    </span>
                  </div>
                </td>
                <td className="num mono" data-testid="slo-burn">
                  {fastest ? (
                    <>
                      {sf.burnRate(fastest.burnRate)} <span className="muted small">{fastest.window}</span>
                    </>
                  ) : (
                    '–'
                  )}
                </td>
                <td>
                  <SloHealthBadge status={s} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
