import type { ServiceResponse } from '@meridian/core/api'
import { Link } from 'react-router'
import { ChangeBadge } from '../../components/ChangeBadge'
import { SortHeader, sortRows, useUrlSort } from '../../components/SortHeader'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'

type Operation = ServiceResponse['operations'][number]
const KEYS = ['operation', 'rps', 'errors', 'p50', 'p95', 'p99'] as const
type Key = (typeof KEYS)[number]
const VALUE: Record<Key, (o: Operation) => number | string | null> = {
  operation: (o) => o.operation.toLowerCase(),
  rps: (o) => o.current.requestsPerSecond,
  errors: (o) => o.current.errorRate,
  p50: (o) => o.current.p50Ms,
  p95: (o) => o.current.p95Ms,
  p99: (o) => o.current.p99Ms,
}

/** The service's operations with their RED figures; an operation opens its traces. */
export function OperationsTable({ service, operations }: { service: string; operations: readonly Operation[] }) {
  const { t, f } = useI18n()
  const href = useHref()
  const sort = useUrlSort(KEYS, 'rps')
  const ms = (v: number | null) => (v == null ? '–' : f.duration(v))
  if (!operations.length) return <p className="muted empty-note">{t('service.noOperations')}</p>
  const header = (key: Key, label: string, align?: 'right') => <SortHeader label={label} active={sort.key === key} dir={sort.dir} onClick={() => sort.toggle(key)} align={align} />
  return (
    <div className="table-wrap">
      <table className="table" data-testid="operations-table">
        <thead>
          <tr>
            {header('operation', t('service.operation'))}
            <th scope="col">{t('service.kind')}</th>
            {header('rps', t('services.requestsPerSecond'), 'right')}
            {header('errors', t('services.errors'), 'right')}
            {header('p50', t('latency.p50'), 'right')}
            {header('p95', t('latency.p95'), 'right')}
            {header('p99', t('latency.p99'), 'right')}
          </tr>
        </thead>
        <tbody>
          {sortRows(operations, VALUE[sort.key], sort.dir).map((o) => (
            <tr key={`${o.operation}|${o.spanKind}`}>
              <td>
                <Link to={href('/traces', { service, operation: o.operation })}>{o.operation}</Link>
              </td>
              <td>
                <span className="badge neutral">{o.spanKind.replace(/^SPAN_KIND_/, '')}</span>
              </td>
              <td className="num">
                <div className="cell-value" title={t('services.requestCount', { count: f.integer(o.current.requests) })}>
                  {f.compact(o.current.requestsPerSecond)}
                </div>
                <ChangeBadge current={o.current.requestsPerSecond} previous={o.previous?.requestsPerSecond} better="neutral" compact />
              </td>
              <td className="num">
                <div className={o.current.errorRate > 0.05 ? 'cell-value bad' : 'cell-value'}>{f.percent(o.current.errorRate)}</div>
                <ChangeBadge current={o.current.errorRate} previous={o.previous?.errorRate} better="down" mode="points" compact />
              </td>
              <td className="num">{ms(o.current.p50Ms)}</td>
              <td className="num">
                <div className="cell-value">{ms(o.current.p95Ms)}</div>
                <ChangeBadge current={o.current.p95Ms} previous={o.previous?.p95Ms} better="down" compact />
              </td>
              <td className="num">{ms(o.current.p99Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
