import type { ServiceMapResponse } from '@meridian/core/api'
import { Link } from 'react-router'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'

/** The map's calls as a table: caller → called, call rate, error %, latency. */
export function EdgesTable({ edges }: { edges: ServiceMapResponse['edges'] }) {
  const { t, f } = useI18n()
  const href = useHref()
  const service = (name: string) => (
    <Link className="service-link" to={href(`/services/${encodeURIComponent(name)}`)}>
      {name}
    </Link>
  )
  const ms = (v: number | null) => (v == null ? '–' : f.duration(v))
  return (
    <div className="table-wrap">
      <table className="table" data-testid="edges-table">
        <thead>
          <tr>
            <th scope="col">{t('map.caller')}</th>
            <th scope="col">{t('map.called')}</th>
            <th scope="col" className="num">
              {t('map.calls')}
            </th>
            <th scope="col" className="num">
              {t('services.errors')}
            </th>
            <th scope="col" className="num">
              {t('latency.p50')}
            </th>
            <th scope="col" className="num">
              {t('latency.p95')}
            </th>
          </tr>
        </thead>
        <tbody>
          {[...edges]
            .sort((a, b) => b.callsPerSecond - a.callsPerSecond)
            .map((e) => (
              <tr key={`${e.source}→${e.target}`}>
                <td>{service(e.source)}</td>
                <td>{service(e.target)}</td>
                <td className="num">{t('format.perSecond', { value: f.compact(e.callsPerSecond) })}</td>
                <td className={e.errorRate > 0.05 ? 'num bad' : 'num'}>{f.percent(e.errorRate)}</td>
                <td className="num">{ms(e.p50Ms)}</td>
                <td className="num">{ms(e.p95Ms)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  )
}
