import type { ServicesResponse } from '@meridian/core/api'
import { Link } from 'react-router'
import { paletteFor } from '../../charts/echarts'
import { Sparkline } from '../../charts/Sparkline'
import { ChangeBadge } from '../../components/ChangeBadge'
import { SortHeader, sortRows, useUrlSort } from '../../components/SortHeader'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'
import { useTheme } from '../../theme/Theme'

type Service = ServicesResponse['services'][number]
const KEYS = ['service', 'rps', 'errors', 'p50', 'p95', 'p99'] as const
type Key = (typeof KEYS)[number]

const VALUE: Record<Key, (s: Service) => number | string | null> = {
  service: (s) => s.service.toLowerCase(),
  rps: (s) => s.current.requestsPerSecond,
  errors: (s) => s.current.errorRate,
  p50: (s) => s.current.p50Ms,
  p95: (s) => s.current.p95Ms,
  p99: (s) => s.current.p99Ms,
}

/** Every service with its RED figures, change and sparklines, sortable by any column; a name opens the service. */
export function ServicesTable({ services }: { services: readonly Service[] }) {
  const { t, f } = useI18n()
  const href = useHref()
  const palette = paletteFor(useTheme().theme)
  const sort = useUrlSort(KEYS, 'rps')
  const rows = sortRows(services, VALUE[sort.key], sort.dir)
  const header = (key: Key, label: string, align?: 'right') => (
    <SortHeader label={label} active={sort.key === key} dir={sort.dir} onClick={() => sort.toggle(key)} align={align} />
  )
  const ms = (v: number | null) => (v == null ? '–' : f.duration(v))
  return (
    <div className="table-wrap">
      <table className="table" data-testid="services-table">
        <thead>
          <tr>
            {header('service', t('services.service'))}
            {header('rps', t('services.requestsPerSecond'), 'right')}
            {header('errors', t('services.errors'), 'right')}
            {header('p50', t('latency.p50'), 'right')}
            {header('p95', t('latency.p95'), 'right')}
            {header('p99', t('latency.p99'), 'right')}
            <th scope="col">{t('services.requestsTrend')}</th>
            <th scope="col">{t('services.p95Trend')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.service} data-service={s.service}>
              <td>
                <Link className="service-link" to={href(`/services/${encodeURIComponent(s.service)}`)}>
                  {s.service}
                </Link>
              </td>
              <td className="num">
                <div className="cell-value" title={t('services.requestCount', { count: f.integer(s.current.requests) })}>
                  {f.compact(s.current.requestsPerSecond)}
                </div>
                <ChangeBadge current={s.current.requestsPerSecond} previous={s.previous?.requestsPerSecond} better="neutral" compact />
              </td>
              <td className="num">
                <div className={s.current.errorRate > 0.05 ? 'cell-value bad' : 'cell-value'}>{f.percent(s.current.errorRate)}</div>
                <ChangeBadge current={s.current.errorRate} previous={s.previous?.errorRate} better="down" mode="points" compact />
              </td>
              <td className="num">{ms(s.current.p50Ms)}</td>
              <td className="num">
                <div className="cell-value">{ms(s.current.p95Ms)}</div>
                <ChangeBadge current={s.current.p95Ms} previous={s.previous?.p95Ms} better="down" compact />
              </td>
              <td className="num">{ms(s.current.p99Ms)}</td>
              <td>
                <Sparkline values={s.series.requestsPerSecond} color={palette[0]} label={t('services.requestsTrendOf', { service: s.service })} />
              </td>
              <td>
                <Sparkline values={s.series.p95Ms} color={palette[3]} label={t('services.p95TrendOf', { service: s.service })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
