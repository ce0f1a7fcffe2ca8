import type { SloStatus } from '@meridian/core/api'
import { useI18n } from '../../i18n/I18n'
import { useSloFormat } from './useSloFormat'

/**
 * The multiwindow burn-rate conditions (the SRE Workbook's page and ticket pairs, factors derived
 * from the SLO's period): each pair's long and short window with its burn rate against the
 * factor, and whether both pass it (firing). Then the burn rate over every window.
 */
export function BurnRateTable({ status }: { status: SloStatus }) {
  const { t, f } = useI18n()
  const sf = useSloFormat()
  const rate = (v: number | null, factor: number) =>
    v === null ? <span className="muted">–</span> : <span className={v > factor ? 'burn-over' : undefined}>{sf.burnRate(v)}</span>
  return (
    <>
      <div className="table-wrap">
        <table className="table burn-rates" data-testid="burn-rate-table">
          <thead>
            <tr>
              <th scope="col">{t('slo.burn.severity')}</th>
              <th scope="col">{t('slo.burn.long')}</th>
              <th scope="col">{t('slo.burn.short')}</th>
              <th scope="col" className="num">
                {t('slo.burn.factor')}
              </th>
              <th scope="col" className="num">
                {t('slo.burn.share')}
              </th>
              <th scope="col">{t('slo.burn.state')}</th>
            </tr>
          </thead>
          <tbody>
            {status.alerts.map((a) => (
              <tr key={`${a.severity}-${a.longWindow}-${a.shortWindow}`} data-pair={`${a.longWindow}/${a.shortWindow}`} data-firing={a.firing}>
                <td>
                  <span className={`badge severity-${a.severity}`}>{t(a.severity === 'page' ? 'slo.burn.page' : 'slo.burn.ticket')}</span>
                </td>
                <td className="mono">
                  {a.longWindow} · {rate(a.longBurnRate, a.factor)}
                </td>
                <td className="mono">
                  {a.shortWindow} · {rate(a.shortBurnRate, a.factor)}
                </td>
                <td className="num mono">{sf.burnRate(a.factor)}</td>
                <td className="num mono">{f.percent(a.budgetShare)}</td>
                <td>
                  {a.firing ? (
                    <span className="badge slo-health bad">
                      <span className="slo-dot" aria-hidden="true" />
                      {t('slo.burn.firing')}
                    </span>
                  ) : (
                    <span className="muted">{t('slo.burn.quiet')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t('slo.burn.note')}</p>
      <div className="burn-windows" data-testid="burn-windows">
        {status.burnRates.map((b) => (
          <div key={b.window} className="burn-window" data-window={b.window}>
            <span className="muted small">{b.window}</span>
            <span className={b.burnRate !== null && b.burnRate > 1 ? 'mono burn-over' : 'mono'}>{b.burnRate === null ? '–' : sf.burnRate(b.burnRate)}</span>
          </div>
        ))}
      </div>
    </>
  )
}
