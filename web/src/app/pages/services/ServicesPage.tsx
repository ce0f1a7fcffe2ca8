import { useEffect } from 'react'
import { useServices } from '../../api/queries'
import { Card } from '../../components/Card'
import { GettingStarted } from '../../feedback/GettingStarted'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useTimeRange } from '../../state/TimeRangeContext'
import { useUrlParams } from '../../state/urlState'
import { ServicesTable } from './ServicesTable'

/** Services: every service's RED figures; an empty store shows how to send data. */
export function ServicesPage() {
  const { t } = useI18n()
  const services = useServices()
  const [params, update] = useUrlParams()
  const q = params.get('q') ?? ''
  const { refreshNow } = useTimeRange()
  // while nothing has arrived, look again every few seconds so the first data shows by itself
  const empty = services.data?.services.length === 0
  useEffect(() => {
    if (!empty) return
    const timer = setInterval(refreshNow, 5000)
    return () => clearInterval(timer)
  }, [empty, refreshNow])
  return (
    <>
      <PageHeader title={t('services.title')} subtitle={t('services.subtitle')} />
      <QueryView query={services} height={300}>
        {(data) =>
          data.services.length === 0 ? (
            <GettingStarted />
          ) : (
            <Card
              title={t('services.count', { count: data.services.length })}
              actions={
                <input
                  className="input search"
                  type="search"
                  value={q}
                  placeholder={t('services.filter')}
                  aria-label={t('services.filter')}
                  onChange={(e) => update({ q: e.target.value }, { replace: true })}
                />
              }
            >
              <ServicesTable services={data.services.filter((s) => s.service.toLowerCase().includes(q.toLowerCase()))} />
            </Card>
          )
        }
      </QueryView>
    </>
  )
}
