import type { ServiceResponse } from '@meridian/core/api'
import { Link } from 'react-router'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'

/** The service's most frequent errors, each with a sample trace. */
export function TopErrors({ errors }: { errors: ServiceResponse['topErrors'] }) {
  const { t, f } = useI18n()
  const href = useHref()
  if (!errors.length) return <p className="muted empty-note">{t('service.noErrors')}</p>
  return (
    <div className="table-wrap">
      <table className="table" data-testid="top-errors">
        <thead>
          <tr>
            <th scope="col">{t('service.errorType')}</th>
            <th scope="col">{t('service.operation')}</th>
            <th scope="col" className="num">
              {t('service.count')}
            </th>
            <th scope="col">{t('service.lastSeen')}</th>
            <th scope="col">{t('service.sample')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e) => (
            <tr key={`${e.type}|${e.message}|${e.operation}`}>
              <td className="error-cell">
                <div className="error-type">{e.type || t('service.unknownError')}</div>
                {e.message && <div className="muted small clamp">{e.message}</div>}
              </td>
              <td>{e.operation}</td>
              <td className="num">{f.integer(e.count)}</td>
              <td title={f.dateTime(e.lastSeen)}>{f.relative(e.lastSeen)}</td>
              <td>
                <Link className="button small" to={href(`/traces/${e.sampleTraceId}`)}>
                  {t('service.viewTrace')}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
