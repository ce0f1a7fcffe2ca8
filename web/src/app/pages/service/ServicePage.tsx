import { Link, useParams } from 'react-router'
import { useService } from '../../api/queries'
import { LatencyHeatmap } from '../../charts/LatencyHeatmap'
import { Card } from '../../components/Card'
import { Tabs, useUrlTab } from '../../components/Tabs'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { ServiceCostCard } from '../cost/ServiceCostCard'
import { useHref } from '../../state/urlState'
import { OperationsTable } from './OperationsTable'
import { PeerServices } from './PeerServices'
import { RedCharts } from './RedCharts'
import { ServiceFigures } from './ServiceFigures'
import { TopErrors } from './TopErrors'

const TABS = ['operations', 'errors', 'dependencies'] as const

/** One service: figures with change, RED charts, its latency heatmap, and tabs for operations, errors and dependencies. */
export function ServicePage() {
  const { service = '' } = useParams()
  const { t } = useI18n()
  const href = useHref()
  const query = useService(service)
  const [tab, setTab] = useUrlTab(TABS, 'operations')
  return (
    <>
      <PageHeader
        crumbs={<Link to={href('/services')}>{t('services.title')}</Link>}
        title={service}
        actions={
          <>
            <Link className="button" to={href('/traces', { service })}>
              {t('nav.traces')}
            </Link>
            <Link className="button" to={href('/logs', { service })}>
              {t('nav.logs')}
            </Link>
            <Link className="button" to={href('/metrics', { service })}>
              {t('nav.metrics')}
            </Link>
          </>
        }
      />
      <QueryView query={query} height={400}>
        {(data) => (
          <>
            <ServiceFigures current={data.current} previous={data.previous} />
            <RedCharts series={data.series} />
            <ServiceCostCard service={service} />
            <Card title={t('service.latency')}>
              {data.latency.cells.length ? (
                <LatencyHeatmap t={data.latency.t} bucketsMs={data.latency.bucketsMs} cells={data.latency.cells} label={t('service.latency')} height={280} />
              ) : (
                <p className="muted empty-note">{t('service.noLatency')}</p>
              )}
            </Card>
            <Card>
              <Tabs
                label={t('service.sections')}
                active={tab}
                onChange={setTab}
                tabs={[
                  { id: 'operations', label: t('service.operations'), count: data.operations.length },
                  { id: 'errors', label: t('service.topErrors'), count: data.topErrors.length },
                  { id: 'dependencies', label: t('service.dependencies'), count: data.upstream.length + data.downstream.length },
                ]}
              />
              <div className="tab-panel" role="tabpanel">
                {tab === 'operations' && <OperationsTable service={service} operations={data.operations} />}
                {tab === 'errors' && <TopErrors errors={data.topErrors} />}
                {tab === 'dependencies' && (
                  <div className="two-columns">
                    <div>
                      <h3 className="section-title">{t('service.upstream')}</h3>
                      <PeerServices peers={data.upstream} empty={t('service.noUpstream')} testId="upstream" />
                    </div>
                    <div>
                      <h3 className="section-title">{t('service.downstream')}</h3>
                      <PeerServices peers={data.downstream} empty={t('service.noDownstream')} testId="downstream" />
                    </div>
                  </div>
                )}
              </div>
            </Card>
          </>
        )}
      </QueryView>
    </>
  )
}
