import { Link, useParams } from 'react-router'
import { useTrace } from '../../api/queries'
import { Card } from '../../components/Card'
import { FigureCard } from '../../components/FigureCard'
import { QueryView } from '../../feedback/QueryView'
import { useI18n } from '../../i18n/I18n'
import { PageHeader } from '../../layout/PageHeader'
import { useHref, useUrlParams } from '../../state/urlState'
import { LogTable } from '../logs/LogTable'
import { SpanDetail } from './SpanDetail'
import { buildSpanTree, nsToMs } from './spanTree'
import { Waterfall } from './Waterfall'

/** One trace: summary, waterfall with the selected span's detail beside it, and the trace's logs. */
export function TracePage() {
  const { traceId = '' } = useParams()
  const { t, f } = useI18n()
  const href = useHref()
  const [params, update] = useUrlParams()
  const query = useTrace(traceId)
  const selectedId = params.get('span') ?? undefined
  return (
    <>
      <PageHeader crumbs={<Link to={href('/traces')}>{t('traces.title')}</Link>} title={<span className="mono">{traceId}</span>} />
      <QueryView query={query} height={400}>
        {(trace) => {
          if (!trace.spans.length) return <p className="muted empty-note">{t('trace.notFound')}</p>
          const tree = buildSpanTree(trace.spans)
          const root = tree.rows[0]?.span
          const selected = trace.spans.find((s) => s.spanId === selectedId)
          const select = (spanId: string | undefined) => update({ span: spanId }, { replace: true })
          return (
            <>
              <div className="figures">
                <FigureCard text label={t('trace.root')} value={root ? `${root.service} · ${root.operation}` : '–'} />
                <FigureCard label={t('traces.duration')} value={f.duration(nsToMs(tree.durationNs))} />
                <FigureCard testId="trace-span-count" label={t('trace.spans')} value={f.integer(trace.spans.length)} />
                <FigureCard label={t('trace.services')} value={f.integer(tree.services.length)} />
                <FigureCard label={t('trace.errors')} value={f.integer(tree.errorCount)} />
                <FigureCard text label={t('trace.start')} value={f.preciseTime(Number(tree.startNs / 1_000_000n))} />
              </div>
              <div className={selected ? 'trace-layout with-detail' : 'trace-layout'}>
                <Card title={t('trace.waterfall')} className="waterfall-card">
                  <Waterfall tree={tree} selected={selected?.spanId} onSelect={(id) => select(id === selected?.spanId ? undefined : id)} />
                </Card>
                {selected && <SpanDetail span={selected} onClose={() => select(undefined)} />}
              </div>
              <Card
                title={t('trace.logs', { count: trace.logs.length })}
                actions={
                  trace.logs.length > 0 && (
                    <Link className="button small" to={href('/logs', { traceId })}>
                      {t('trace.openInLogs')}
                    </Link>
                  )
                }
              >
                {trace.logs.length ? <LogTable logs={trace.logs} highlightSpan={selected?.spanId} showTraceLink={false} testId="trace-logs" /> : <p className="muted empty-note">{t('trace.noLogs')}</p>}
              </Card>
            </>
          )
        }}
      </QueryView>
    </>
  )
}
