import { useMemo, useState } from 'react'
import { useMetricNames, useMetricQuery, useServices } from '../../api/queries'
import { TimeSeriesChart } from '../../charts/TimeSeriesChart'
import { AttributeFilters } from '../../components/AttributeFilters'
import { Card } from '../../components/Card'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useTimeRange } from '../../state/TimeRangeContext'
import { useUrlParams } from '../../state/urlState'
import { AGGREGATIONS, validAggregation } from './aggregations'
import { MetricSummary } from './MetricSummary'
import { metricFormatter } from './unitFormat'

/** Metrics explorer: pick a metric (by service), an aggregation valid for its type, filters and group-by; a line per group. */
export function MetricsPage() {
  const { t, f } = useI18n()
  const { from, to } = useTimeRange()
  const [params, update] = useUrlParams()
  const service = params.get('service') ?? ''
  const name = params.get('metric') ?? ''
  const filter = params.getAll('filter')
  const groupBy = params.getAll('groupBy')
  const [search, setSearch] = useState('')
  const services = useServices().data?.services.map((s) => s.service) ?? []
  const names = useMetricNames(service || undefined)
  const metric = names.data?.metrics.find((m) => m.name === name)
  const aggregation = metric ? validAggregation(metric.type, params.get('agg')) : 'avg'
  const result = useMetricQuery({ name, aggregation, service, filter, groupBy }, !!metric)
  const format = useMemo(() => metricFormatter(metric?.unit ?? '', aggregation, f, t), [metric?.unit, aggregation, f, t])
  const groupLabel = (group: Record<string, string>) =>
    Object.keys(group).length
      ? Object.entries(group)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')
      : t('metrics.all')
  const shown = (names.data?.metrics ?? []).filter((m) => m.name.toLowerCase().includes(search.toLowerCase()))

  return (
    <>
      <PageHeader title={t('metrics.title')} subtitle={t('metrics.subtitle')} />
      <div className="metrics-layout">
        <Card title={t('metrics.query')} className="metric-picker">
          <label className="field">
            <span>{t('traces.service')}</span>
            <select className="select" value={service} onChange={(e) => update({ service: e.target.value })} name="service">
              <option value="">{t('filters.any')}</option>
              {[...new Set([...services, service].filter(Boolean))].sort().map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('metrics.metric')}</span>
            <input className="input" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('metrics.searchPlaceholder')} />
          </label>
          <QueryView query={names} height={120}>
            {() =>
              shown.length ? (
                <ul className="metric-list" aria-label={t('metrics.metric')}>
                  {shown.map((m) => (
                    <li key={m.name}>
                      <button type="button" className={m.name === name ? 'metric-item active' : 'metric-item'} aria-pressed={m.name === name} onClick={() => update({ metric: m.name, agg: undefined })} title={m.description}>
                        <span className="metric-name">
                          {m.name.split('.').map((part, i) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one name
                            <span key={i}>
                              {i > 0 && '.'}
                              {i > 0 && <wbr />}
                              {part}
                            </span>
                          ))}
                        </span>
                        <span className="badge neutral">{m.type}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted small">{t('metrics.noMetrics')}</p>
              )
            }
          </QueryView>
          {metric && (
            <>
              <fieldset className="field">
                <legend>{t('metrics.aggregation')}</legend>
                <div className="chips">
                  {AGGREGATIONS[metric.type].map((a) => (
                    <button type="button" key={a} className={a === aggregation ? 'chip active' : 'chip'} aria-pressed={a === aggregation} onClick={() => update({ agg: a })}>
                      {a}
                    </button>
                  ))}
                </div>
              </fieldset>
              <AttributeFilters label={t('metrics.filters')} values={filter} onChange={(v) => update({ filter: v })} placeholder="http.route=/api/orders" />
              <AttributeFilters
                label={t('metrics.groupBy')}
                values={groupBy}
                onChange={(v) => update({ groupBy: v })}
                placeholder="http.route"
                pattern={/^[^=!\s]+$/}
                invalidText={t('metrics.groupByInvalid')}
              />
            </>
          )}
        </Card>
        <div className="metric-result">
          {!metric ? (
            <Card>
              <p className="muted empty-note">{name && names.data ? t('metrics.unknown', { name }) : t('metrics.pick')}</p>
            </Card>
          ) : (
            <>
              <Card title={`${metric.name} · ${aggregation}`} actions={metric.unit && <span className="badge neutral">{metric.unit}</span>}>
                {metric.description && <p className="muted small description">{metric.description}</p>}
                <QueryView query={result} height={320}>
                  {(r) =>
                    r.series.length ? (
                      <TimeSeriesChart
                        t={r.t}
                        from={from}
                        to={to}
                        height={320}
                        legend={r.series.length > 1}
                        label={metric.name}
                        format={format}
                        series={r.series.map((s) => ({ name: groupLabel(s.group), values: s.values }))}
                      />
                    ) : (
                      <p className="muted empty-note">{t('metrics.noData')}</p>
                    )
                  }
                </QueryView>
              </Card>
              {result.data && result.data.series.length > 0 && (
                <Card title={t('metrics.summary')}>
                  <MetricSummary result={result.data} format={format} groupLabel={groupLabel} />
                </Card>
              )}
            </>
          )}
        </div>
      </div>
    </>
  )
}
