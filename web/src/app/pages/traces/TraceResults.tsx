import type { TraceSearchResponse } from '@meridian/core/api'
import { Link } from 'react-router'
import { StatusBadge } from '../../components/StatusBadge'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'

type Hit = TraceSearchResponse['hits'][number]

/** Matching spans, one row each with a link to its trace; duration drawn against the page's slowest. */
export function TraceResults({ hits }: { hits: readonly Hit[] }) {
  const { t, f } = useI18n()
  const href = useHref()
  const slowest = Math.max(0.001, ...hits.map((h) => h.durationMs))
  return (
    <div className="table-wrap">
      <table className="table" data-testid="trace-results">
        <thead>
          <tr>
            <th scope="col">{t('traces.time')}</th>
            <th scope="col">{t('traces.service')}</th>
            <th scope="col">{t('traces.operation')}</th>
            <th scope="col">{t('traces.duration')}</th>
            <th scope="col">{t('traces.status')}</th>
            <th scope="col">{t('traces.traceId')}</th>
          </tr>
        </thead>
        <tbody>
          {hits.map((h) => (
            <tr key={`${h.traceId}-${h.spanId}`} data-trace-id={h.traceId}>
              <td className="nowrap">{f.preciseTime(h.timestamp)}</td>
              <td>{h.service}</td>
              <td>
                <Link to={href(`/traces/${h.traceId}`, { span: h.spanId })}>{h.operation}</Link>
                {!h.parentSpanId && <span className="badge neutral root">{t('traces.root')}</span>}
              </td>
              <td>
                <div className="duration-cell">
                  <span className="duration-bar" style={{ width: `${Math.max(2, (h.durationMs / slowest) * 100)}%` }} />
                  <span>{f.duration(h.durationMs)}</span>
                </div>
              </td>
              <td>
                <StatusBadge status={h.statusCode} />
              </td>
              <td>
                <Link className="mono" to={href(`/traces/${h.traceId}`)}>
                  {h.traceId.slice(0, 16)}…
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
