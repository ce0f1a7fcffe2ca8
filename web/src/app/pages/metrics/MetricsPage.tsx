import { useMemo } from 'react'
import { useMetricNames, useMetricQuery } from '../../api/queries'
import { TimeSeriesChart } from '../../charts/TimeSeriesChart'
import { Card } from '../../components/Card'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useTimeRange } from '../../state/TimeRangeContext'
import { useUrlParams } from '../../state/urlState'
import { validAggregation } from './aggregations'
import { MetricQueryForm } from './MetricQueryForm'
import { MetricSummary } from './MetricSummary'
import { readMetricParams } from './metricParams'
import { metricFormatter } from './unitFormat'

/** Metrics explorer: pick a metric (by service), an aggregation valid for its type, filters and group-by; a line per group. */
export function MetricsPage() {
  const { t, f } = useI18n()
  const { from, to } = useTimeRange()
  const [params] = useUrlParams()
  const { service, name, agg, filter, groupBy } = readMetricParams(params)
  const names = useMetricNames(service || undefined)
  const metric = names.data?.metrics.find((m) => m.name === name)
  const aggregation = metric ? validAggregation(metric.type, agg) : 'avg'
  const result = useMetricQuery({ name, aggregation, service, filter, groupBy }, !!metric)
  const format = useMemo(() => metricFormatter(metric?.unit ?? '', aggregation, f, t), [metric?.unit, aggregation, f, t])
  const groupLabel = (group: Record<string, string>) =>
    Object.keys(group).length
      ? Object.entries(group)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')
      : t('metrics.all')

  return (
    <>
      <PageHeader title={t('metrics.title')} subtitle={t('metrics.subtitle')} />
      <div className="metrics-layout">
        <MetricQueryForm metric={metric} aggregation={aggregation} />
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
