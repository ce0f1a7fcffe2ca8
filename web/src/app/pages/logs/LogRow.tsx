import type { LogRecord } from '@meridian/core/api'
import { Fragment } from 'react'
import { Link } from 'react-router'
import { AttributeTable } from '../../components/AttributeTable'
import { SeverityBadge } from '../../components/StatusBadge'
import { useI18n } from '../../i18n/I18n'
import { useHref } from '../../state/urlState'

/** One log record as a table row; expanded, its attributes, resource and trace context below it. */
export function LogRow({ log, expanded, onToggle, highlight, showTraceLink = true }: { log: LogRecord; expanded: boolean; onToggle: () => void; highlight?: boolean; showTraceLink?: boolean }) {
  const { t, f } = useI18n()
  const href = useHref()
  return (
    <Fragment>
      <tr className={`log-row${expanded ? ' expanded' : ''}${highlight ? ' highlight' : ''}`} data-testid="log-row">
        <td className="twisty-cell">
          <button type="button" className="twisty" aria-expanded={expanded} aria-label={expanded ? t('logs.collapse') : t('logs.expand')} onClick={onToggle}>
            {expanded ? '▾' : '▸'}
          </button>
        </td>
        <td className="nowrap mono small">{f.preciseTime(log.timestamp)}</td>
        <td>
          <SeverityBadge severity={log.severityText || severityName(log.severityNumber)} />
        </td>
        <td className="nowrap">{log.service}</td>
        <td className="log-body">{log.body}</td>
        <td className="nowrap">
          {showTraceLink && log.traceId && (
            <Link className="button small" to={href(`/traces/${log.traceId}`, { span: log.spanId || undefined })}>
              {t('logs.viewTrace')}
            </Link>
          )}
        </td>
      </tr>
      {expanded && (
        <tr className="log-detail">
          <td />
          <td colSpan={5}>
            <div className="log-detail-grid">
              <div>
                <h4>{t('logs.body')}</h4>
                <pre className="log-body-full">{log.body}</pre>
                {log.traceId && (
                  <p className="small">
                    <span className="muted">{t('traces.traceId')}</span> <code>{log.traceId}</code>
                    {log.spanId && (
                      <>
                        {' '}
                        <span className="muted">{t('trace.spanId')}</span> <code>{log.spanId}</code>
                      </>
                    )}
                  </p>
                )}
              </div>
              <div>
                <h4>{t('trace.attributes')}</h4>
                <AttributeTable attributes={log.attributes} />
              </div>
              <div>
                <h4>{t('trace.resource')}</h4>
                <AttributeTable attributes={log.resourceAttributes} />
              </div>
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  )
}

const NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']
/** The severity range of a SeverityNumber (1-4 TRACE … 21-24 FATAL) when the record has no text. */
export function severityName(n: number): string {
  return n >= 1 && n <= 24 ? NAMES[Math.floor((n - 1) / 4)] : ''
}
