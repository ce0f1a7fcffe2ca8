import { useTraceSearch } from '../../api/queries'
import { DurationScatter } from '../../charts/DurationScatter'
import { Card } from '../../components/Card'
import { Pagination } from '../../components/Pagination'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useTimeRange } from '../../state/TimeRangeContext'
import { useGo, useUrlParams } from '../../state/urlState'
import { PAGE_SIZE, readTraceFilters, traceSearchParams } from './traceFilters'
import { TraceResults } from './TraceResults'
import { TraceSearchForm } from './TraceSearchForm'

const SCATTER_LIMIT = 500

/** Traces: search spans by service, operation, duration, status and attributes; a scatter of durations and the list of hits. */
export function TracesPage() {
  const { t } = useI18n()
  const go = useGo()
  const { from, to } = useTimeRange()
  const [params, update] = useUrlParams()
  const filters = readTraceFilters(params)
  const page = Math.max(0, Number(params.get('page')) || 0)
  const sort = params.get('sort') === 'duration' ? 'duration' : 'timestamp'
  const search = traceSearchParams(filters)
  const results = useTraceSearch({ ...search, sort, order: 'desc', limit: PAGE_SIZE, offset: page * PAGE_SIZE })
  const scatter = useTraceSearch({ ...search, sort: 'timestamp', order: 'desc', limit: SCATTER_LIMIT })

  return (
    <>
      <PageHeader title={t('traces.title')} subtitle={t('traces.subtitle')} />
      <Card>
        <TraceSearchForm
          value={filters}
          onSearch={(next) =>
            update({
              service: next.service,
              operation: next.operation,
              minMs: next.minMs,
              maxMs: next.maxMs,
              status: next.status,
              spanAttr: next.spanAttr,
              resourceAttr: next.resourceAttr,
              page: undefined,
            })
          }
        />
      </Card>
      <Card title={t('traces.scatter')} actions={<span className="muted small">{t('traces.scatterHint')}</span>}>
        <QueryView query={scatter} height={220}>
          {(data) =>
            data.hits.length ? (
              <DurationScatter
                from={from}
                to={to}
                label={t('traces.scatter')}
                onPointClick={(traceId) => go(`/traces/${traceId}`)}
                points={data.hits.map((h) => ({ traceId: h.traceId, timestamp: h.timestamp, durationMs: h.durationMs, error: h.statusCode === 'Error', title: `${h.service} · ${h.operation}` }))}
              />
            ) : (
              <p className="muted empty-note">{t('traces.noHits')}</p>
            )
          }
        </QueryView>
      </Card>
      <Card
        title={t('traces.results')}
        actions={
          <label className="inline-field">
            <span>{t('traces.sortBy')}</span>
            <select className="select" value={sort} onChange={(e) => update({ sort: e.target.value === 'duration' ? 'duration' : undefined, page: undefined })}>
              <option value="timestamp">{t('traces.newest')}</option>
              <option value="duration">{t('traces.slowest')}</option>
            </select>
          </label>
        }
      >
        <QueryView query={results} height={300}>
          {(data) =>
            data.hits.length ? (
              <>
                <TraceResults hits={data.hits} />
                <Pagination page={page} more={data.more} onPage={(p) => update({ page: p ? String(p) : undefined })} />
              </>
            ) : (
              <p className="muted empty-note">{t('traces.noHits')}</p>
            )
          }
        </QueryView>
      </Card>
    </>
  )
}
