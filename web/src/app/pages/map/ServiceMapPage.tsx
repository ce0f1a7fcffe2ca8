import { useServiceMap } from '../../api/queries'
import { ServiceGraph } from '../../charts/ServiceGraph'
import { Card } from '../../components/Card'
import { GettingStarted } from '../../feedback/GettingStarted'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useGo } from '../../state/urlState'
import { EdgesTable } from './EdgesTable'

/** Service map: who calls whom, with call rate, error % and latency; a click on a service opens it. */
export function ServiceMapPage() {
  const { t } = useI18n()
  const go = useGo()
  const query = useServiceMap()
  return (
    <>
      <PageHeader title={t('map.title')} subtitle={t('map.subtitle')} />
      <QueryView query={query} height={480}>
        {(map) =>
          map.nodes.length === 0 ? (
            <GettingStarted />
          ) : (
            <>
              <Card title={t('map.graph')} actions={<span className="muted small">{t('map.hint')}</span>}>
                <ServiceGraph map={map} label={t('map.graph')} onServiceClick={(s) => go(`/services/${encodeURIComponent(s)}`)} height={Math.max(360, 140 * Math.ceil(map.nodes.length / 3) + 120)} />
              </Card>
              <Card title={t('map.edges', { count: map.edges.length })}>{map.edges.length ? <EdgesTable edges={map.edges} /> : <p className="muted empty-note">{t('map.noEdges')}</p>}</Card>
            </>
          )
        }
      </QueryView>
    </>
  )
}
