import { Link } from 'react-router'
import { AttributeTable } from '../../components/AttributeTable'
import { StatusBadge } from '../../components/StatusBadge'
import { Tabs, useUrlTab } from '../../components/Tabs'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'
import type { TraceSpan } from './spanTree'
import { nsToMs } from './spanTree'

const TABS = ['attributes', 'resource', 'events', 'links'] as const

/** One span: what it is and took, then its attributes, resource, events and links in tabs. */
export function SpanDetail({ span, onClose }: { span: TraceSpan; onClose: () => void }) {
  const { t, f } = useI18n()
  const href = useHref()
  const [tab, setTab] = useUrlTab(TABS, 'attributes')
  const startNs = BigInt(span.startNs)
  const startMs = Number(startNs / 1_000_000n)
  return (
    <aside className="span-detail card" aria-label={t('trace.spanDetail')} data-testid="span-detail">
      <div className="card-head">
        <h2 className="span-title">
          <span className="muted">{span.service}</span> {span.operation}
        </h2>
        <button type="button" className="button icon ghost" aria-label={t('action.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <dl className="span-facts">
        <dt>{t('traces.duration')}</dt>
        <dd>{f.duration(nsToMs(BigInt(span.durationNs)))}</dd>
        <dt>{t('trace.start')}</dt>
        <dd>{f.preciseTime(startMs)}</dd>
        <dt>{t('traces.status')}</dt>
        <dd>
          <StatusBadge status={span.statusCode} />
          {span.statusMessage && <span className="status-message">{span.statusMessage}</span>}
        </dd>
        <dt>{t('service.kind')}</dt>
        <dd>{span.spanKind}</dd>
        <dt>{t('trace.spanId')}</dt>
        <dd className="mono">{span.spanId}</dd>
        {span.parentSpanId && (
          <>
            <dt>{t('trace.parentId')}</dt>
            <dd className="mono">{span.parentSpanId}</dd>
          </>
        )}
        {span.scopeName && (
          <>
            <dt>{t('trace.scope')}</dt>
            <dd>
              {span.scopeName} {span.scopeVersion}
            </dd>
          </>
        )}
      </dl>
      <Tabs
        label={t('trace.spanDetail')}
        active={tab}
        onChange={setTab}
        tabs={[
          { id: 'attributes', label: t('trace.attributes'), count: Object.keys(span.attributes).length },
          { id: 'resource', label: t('trace.resource'), count: Object.keys(span.resourceAttributes).length },
          { id: 'events', label: t('trace.events'), count: span.events.length },
          { id: 'links', label: t('trace.links'), count: span.links.length },
        ]}
      />
      <div className="tab-panel" role="tabpanel">
        {tab === 'attributes' && <AttributeTable attributes={span.attributes} testId="span-attributes" />}
        {tab === 'resource' && <AttributeTable attributes={span.resourceAttributes} testId="span-resource" />}
        {tab === 'events' &&
          (span.events.length ? (
            <ol className="event-list">
              {span.events.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: events have no id and never reorder
                <li key={i} className={e.name === 'exception' ? 'event exception' : 'event'}>
                  <div className="event-head">
                    <span className="event-name">{e.name}</span>
                    <span className="muted small">+{f.duration(nsToMs(BigInt(e.timeNs) - startNs))}</span>
                  </div>
                  <AttributeTable attributes={e.attributes} />
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted small">{t('trace.noEvents')}</p>
          ))}
        {tab === 'links' &&
          (span.links.length ? (
            <ul className="event-list">
              {span.links.map((l) => (
                <li key={`${l.traceId}-${l.spanId}`} className="event">
                  <div className="event-head">
                    <Link className="mono" to={href(`/traces/${l.traceId}`, { span: l.spanId })}>
                      {l.traceId.slice(0, 16)}… / {l.spanId}
                    </Link>
                  </div>
                  <AttributeTable attributes={l.attributes} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{t('trace.noLinks')}</p>
          ))}
      </div>
    </aside>
  )
}
