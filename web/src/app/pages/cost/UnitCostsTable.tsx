import type { UnitCostsResponse } from '@meridian/core/api'
import { Link } from 'react-router'
import { useI18n } from '../../i18n/I18n'
import { useMoney } from '../../i18n/useMoney'
import { useHref } from '../../state/urlState'

type ServiceUnitCosts = UnitCostsResponse['services'][number]

/** Each service's allocated cost, requests, and cost per request and per 1,000 requests; a service opens its endpoints. */
export function UnitCostsTable({ services, selected, onSelect }: { services: readonly ServiceUnitCosts[]; selected: string | null; onSelect: (service: string) => void }) {
  const { t, f } = useI18n()
  const m = useMoney()
  const href = useHref()
  return (
    <div className="table-wrap">
      <table className="table" data-testid="unit-costs-table">
        <thead>
          <tr>
            <th scope="col">{t('unit.service')}</th>
            <th scope="col">{t('unit.team')}</th>
            <th scope="col" className="num">
              {t('unit.cost')}
            </th>
            <th scope="col" className="num">
              {t('unit.requests')}
            </th>
            <th scope="col" className="num">
              {t('unit.perRequest')}
            </th>
            <th scope="col" className="num">
              {t('unit.per1000')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('unit.endpoints')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.service} data-service={s.service} className={s.service === selected ? 'selected' : undefined}>
              <td>
                <Link className="service-link" to={href(`/services/${encodeURIComponent(s.service)}`)}>
                  {s.service}
                </Link>
              </td>
              <td>{s.team ?? <span className="muted">–</span>}</td>
              <td className="num">{m.money(s.cost, s.currency)}</td>
              <td className="num">{f.integer(s.requests)}</td>
              <td className="num">{s.costPerRequest === null ? '–' : m.unit(s.costPerRequest, s.currency)}</td>
              <td className="num cell-value" data-testid="per-1000">
                {s.costPer1000Requests === null ? '–' : m.unit(s.costPer1000Requests, s.currency)}
              </td>
              <td className="num">
                <button type="button" className="button ghost small" aria-pressed={s.service === selected} onClick={() => onSelect(s.service)}>
                  {t('unit.showEndpoints', { count: f.integer(s.endpoints.length) })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A service's endpoints: their share of its cost, requests and unit costs. */
export function EndpointCostsTable({ service }: { service: ServiceUnitCosts }) {
  const { t, f } = useI18n()
  const m = useMoney()
  if (service.endpoints.length === 0) return <p className="muted empty-note">{t('unit.noEndpoints')}</p>
  return (
    <div className="table-wrap">
      <table className="table" data-testid="endpoint-costs">
        <thead>
          <tr>
            <th scope="col">{t('unit.endpoint')}</th>
            <th scope="col">{t('service.kind')}</th>
            <th scope="col">{t('cost.share')}</th>
            <th scope="col" className="num">
              {t('unit.cost')}
            </th>
            <th scope="col" className="num">
              {t('unit.requests')}
            </th>
            <th scope="col" className="num">
              {t('unit.perRequest')}
            </th>
            <th scope="col" className="num">
              {t('unit.per1000')}
            </th>
          </tr>
        </thead>
        <tbody>
          {service.endpoints.map((e) => (
            <tr key={`${e.operation}|${e.spanKind}`} data-endpoint={e.operation}>
              <td className="mono">{e.operation}</td>
              <td>
                <span className="badge neutral">{e.spanKind}</span>
              </td>
              <td>
                <div className="share-cell">
                  <span className="share-bar" style={{ width: `${Math.max(0, Math.min(1, e.share)) * 100}%` }} />
                  <span>{f.percent(e.share)}</span>
                </div>
              </td>
              <td className="num">{m.money(e.cost, service.currency)}</td>
              <td className="num">{f.integer(e.requests)}</td>
              <td className="num">{e.costPerRequest === null ? '–' : m.unit(e.costPerRequest, service.currency)}</td>
              <td className="num cell-value">{e.costPer1000Requests === null ? '–' : m.unit(e.costPer1000Requests, service.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
