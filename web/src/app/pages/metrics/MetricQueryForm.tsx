import type { MetricNamesResponse } from '@meridian/core/api'
import { useMetricNames, useServices } from '../../api/queries'
import { AttributeFilters } from '../../components/AttributeFilters'
import { Card } from '../../components/Card'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { useUrlParams } from '../../state/urlState'
import { AGGREGATIONS, type Aggregation } from './aggregations'
import { MetricList } from './MetricList'
import { readMetricParams } from './metricParams'

type Metric = MetricNamesResponse['metrics'][number]

/** The explorer's query, all in the URL: service, metric, aggregation (valid for its type), filters, group-by. */
export function MetricQueryForm({ metric, aggregation }: { metric: Metric | undefined; aggregation: Aggregation }) {
  const { t } = useI18n()
  const [params, update] = useUrlParams()
  const { service, name, filter, groupBy } = readMetricParams(params)
  const services = useServices().data?.services.map((s) => s.service) ?? []
  const names = useMetricNames(service || undefined)
  return (
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
      <QueryView query={names} height={120}>
        {(data) => <MetricList metrics={data.metrics} selected={name} onSelect={(m) => update({ metric: m, agg: undefined })} />}
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
  )
}
