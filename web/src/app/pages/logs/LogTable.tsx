import type { LogRecord } from '@meridian/core/api'
import { useState } from 'react'
import { useI18n } from '../../i18n/I18n'
import { LogRow } from './LogRow'

/** Stable row keys (rows arrive at the top while tailing): what the record is, numbered when repeated. */
function rowKeys(logs: readonly LogRecord[]): string[] {
  const seen = new Map<string, number>()
  return logs.map((l) => {
    const base = `${l.timeNs}|${l.service}|${l.spanId}|${l.body.slice(0, 64)}`
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    return n ? `${base}#${n}` : base
  })
}

/** Log records with expandable rows. */
export function LogTable({ logs, highlightSpan, showTraceLink, testId }: { logs: readonly LogRecord[]; highlightSpan?: string; showTraceLink?: boolean; testId?: string }) {
  const { t } = useI18n()
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const toggle = (key: string) => {
    const next = new Set(open)
    if (next.has(key)) next.delete(key)
    else next.add(key)
    setOpen(next)
  }
  const keys = rowKeys(logs)
  return (
    <div className="table-wrap">
      <table className="table logs" data-testid={testId ?? 'log-table'}>
        <thead>
          <tr>
            <th scope="col" aria-label={t('logs.expand')} />
            <th scope="col">{t('traces.time')}</th>
            <th scope="col">{t('logs.severity')}</th>
            <th scope="col">{t('traces.service')}</th>
            <th scope="col">{t('logs.body')}</th>
            <th scope="col" aria-label={t('logs.viewTrace')} />
          </tr>
        </thead>
        <tbody>
          {logs.map((log, i) => {
            const key = keys[i]
            return (
              <LogRow key={key} log={log} expanded={open.has(key)} onToggle={() => toggle(key)} highlight={!!highlightSpan && log.spanId === highlightSpan} showTraceLink={showTraceLink} />
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
