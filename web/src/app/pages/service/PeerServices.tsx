import type { ServiceResponse } from '@meridian/core/api'
import { Link } from 'react-router'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'

/** Services on one side of this one (its callers, or those it calls), each a link. */
export function PeerServices({ peers, empty, testId }: { peers: ServiceResponse['upstream']; empty: string; testId: string }) {
  const { t, f } = useI18n()
  const href = useHref()
  if (!peers.length) return <p className="muted empty-note">{empty}</p>
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('services.service')}</th>
          <th scope="col" className="num">
            {t('map.calls')}
          </th>
          <th scope="col" className="num">
            {t('services.errors')}
          </th>
          <th scope="col" className="num">
            {t('latency.p95')}
          </th>
        </tr>
      </thead>
      <tbody>
        {peers.map((p) => (
          <tr key={p.service}>
            <td>
              <Link className="service-link" to={href(`/services/${encodeURIComponent(p.service)}`)}>
                {p.service}
              </Link>
            </td>
            <td className="num">{t('format.perSecond', { value: f.compact(p.callsPerSecond) })}</td>
            <td className={p.errorRate > 0.05 ? 'num bad' : 'num'}>{f.percent(p.errorRate)}</td>
            <td className="num">{p.p95Ms == null ? '–' : f.duration(p.p95Ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
