import { useLogHistogram, useLogSearch } from '../../api/queries'
import { SeverityHistogram } from '../../charts/SeverityHistogram'
import { Card } from '../../components/Card'
import { Icon } from '../../components/Icon'
import { Pagination } from '../../components/Pagination'
import { QueryView } from '../../feedback/QueryView'
import type { MessageKey } from '../../i18n/messages.en'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useUrlParams } from '../../state/urlState'
import { LogQueryBar } from './LogQueryBar'
import { LogTable } from './LogTable'
import { logQueryParams, readLogFilters } from './logFilters'
import { type TailStatus, useLiveTail } from './useLiveTail'

const PAGE_SIZE = 100
const TAIL_STATUS: Record<TailStatus, MessageKey> = { off: 'logs.tailOff', connecting: 'logs.tailConnecting', live: 'logs.tailLive', retrying: 'logs.tailRetrying' }

/** Logs: query, severity histogram, expandable records, and a live tail. */
export function LogsPage() {
  const { t, f } = useI18n()
  const [params, update] = useUrlParams()
  const filters = readLogFilters(params)
  const live = params.get('live') === '1'
  const page = Math.max(0, Number(params.get('page')) || 0)
  const query = logQueryParams(filters)
  const histogram = useLogHistogram(query)
  const results = useLogSearch({ ...query, limit: PAGE_SIZE, offset: page * PAGE_SIZE, order: 'desc' })
  const tail = useLiveTail(live, query)

  return (
    <>
      <PageHeader
        title={t('logs.title')}
        subtitle={t('logs.subtitle')}
        actions={
          <button type="button" className={live ? 'button live active' : 'button live'} aria-pressed={live} onClick={() => update({ live: live ? undefined : '1' })} data-testid="live-tail">
            <Icon name="live" size={16} />
            {live ? t('logs.stopTail') : t('logs.startTail')}
          </button>
        }
      />
      <Card>
        <LogQueryBar
          value={filters}
          onSearch={(next) => update({ q: next.q, service: next.service, severity: next.severity, attr: next.attr, traceId: next.traceId.trim().toLowerCase(), page: undefined })}
        />
      </Card>
      {live ? (
        <Card
          title={t('logs.tailTitle')}
          actions={
            <span className={`tail-status ${tail.status}`} role="status">
              <span className="pulse" aria-hidden="true" />
              {t(TAIL_STATUS[tail.status])} · {t('logs.tailCount', { count: f.integer(tail.logs.length) })}
            </span>
          }
        >
          {tail.logs.length ? <LogTable logs={tail.logs} testId="tail-table" /> : <p className="muted empty-note">{t('logs.tailWaiting')}</p>}
        </Card>
      ) : (
        <>
          <Card title={t('logs.histogram')}>
            <QueryView query={histogram} height={150}>
              {(h) => <SeverityHistogram t={h.t} stepMs={h.stepMs} counts={h.counts} label={t('logs.histogram')} />}
            </QueryView>
          </Card>
          <Card title={t('logs.records')}>
            <QueryView query={results} height={300}>
              {(data) =>
                data.logs.length ? (
                  <>
                    <LogTable logs={data.logs} />
                    <Pagination page={page} more={data.more} onPage={(p) => update({ page: p ? String(p) : undefined })} />
                  </>
                ) : (
                  <p className="muted empty-note">{t('logs.none')}</p>
                )
              }
            </QueryView>
          </Card>
        </>
      )}
    </>
  )
}
